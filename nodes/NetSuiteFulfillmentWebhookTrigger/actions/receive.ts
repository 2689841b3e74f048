import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { commitPoll } from '../../../core/trigger/poll';
import { byIdSkipMessage } from '../../../core/trigger/byId';
import { MAX_NOTICE_BYTES, verifyNotice } from '../../../core/webhook/notice';
import { toNodeError } from '../../NetSuiteSavedSearchTrigger/helpers/errors';
import { readNotified } from '../helpers/netsuite';
import { readWebhookSettings } from '../helpers/parameters';
import { noticeMemory } from '../helpers/replay';
import { answer } from '../helpers/respond';

export const SIGNING_CREDENTIAL_NAME = 'netSuiteNoticeSigningApi';

/**
 * One notice: verify it (core/webhook), read the fulfillment from NetSuite by ID, and start the
 * workflow with the poll trigger's item, or answer why not. Every answer that starts nothing is
 * 2xx or 4xx, so NetSuite's script logs a refusal as a refusal, never as a server fault.
 */
export async function receiveNotice(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	// Refused before the body is read when the sender says it is too big.
	if (Number(req.headers['content-length']) > MAX_NOTICE_BYTES) {
		return answer(this, 413, { status: 'refused', reason: 'tooLarge' });
	}
	// The signature covers the bytes as sent: never a re-serialised getBodyData().
	if (!req.rawBody) await req.readRawBody();
	const rawBody = req.rawBody ?? Buffer.alloc(0);

	const credential = await this.getCredentials(SIGNING_CREDENTIAL_NAME);
	const settings = readWebhookSettings(this);
	const now = Date.now();
	const check = verifyNotice({
		rawBody,
		headers: req.headers,
		secret: typeof credential.secret === 'string' ? credential.secret : '',
		now,
		toleranceSeconds: settings.toleranceSeconds,
		replay: noticeMemory,
	});
	if (!check.ok) {
		return answer(this, check.status, {
			status: 'refused',
			reason: check.reason,
			message: check.message,
		});
	}

	const { fulfillmentId } = check.notice;
	const result = await readNotified(this, fulfillmentId, settings, now);
	if (result.kind === 'unavailable') {
		// No execution, no failure in NetSuite's log: the poll trigger reads it on its next run.
		this.logger?.warn(
			`Fulfillment notice ${fulfillmentId}: NetSuite could not be read (${result.message}); left to the poll trigger`,
		);
		return answer(this, 202, {
			status: 'deferred',
			fulfillmentId,
			message: 'NetSuite could not be read in time; the poll trigger will pick this fulfillment up',
		});
	}
	// A set-up error (credential, field IDs): recorded as a failed execution, where it is seen.
	if (result.kind === 'failed') throw toNodeError(this.getNode(), result.error, 'suiteql');
	const read = result.outcome;

	if (!read.emit) {
		return {
			webhookResponse: {
				status: 'skipped',
				fulfillmentId,
				reason: read.reason,
				message: byIdSkipMessage(read.reason),
			},
		};
	}

	const state = this.getWorkflowStaticData('node') as Record<string, unknown>;
	if (this.getMode() !== 'manual') commitPoll(state as never, read.outcome, Date.now());
	const { fulfillment, reason } = read;
	// The poll trigger's item, reason included.
	if (fulfillment.source) (fulfillment.source as IDataObject).reason = reason;
	return {
		workflowData: [[{ json: fulfillment as unknown as IDataObject }]],
		webhookResponse: { status: 'accepted', fulfillmentId, reason },
	};
}
