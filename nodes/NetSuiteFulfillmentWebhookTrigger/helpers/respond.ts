import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * Answers the notice itself (a refusal, a deferral, or "received" before the read), so n8n sends
 * nothing more; the caller's result says whether an execution starts. The body says why in words
 * the NetSuite script's log can show; it never echoes the request.
 */
export function answer(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	const res = context.getResponseObject();
	res.status(status).json(body);
	return { noWebhookResponse: true };
}
