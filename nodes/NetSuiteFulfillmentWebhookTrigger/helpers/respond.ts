import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * Answers the notice with a status other than the onReceived default and starts no execution.
 * The body says why in words the NetSuite script's log can show; it never echoes the request.
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
