import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { commitPoll } from '../../../core/trigger/poll';
import { byIdSkipMessage } from '../../../core/trigger/byId';
import { MAX_NOTICE_BYTES, verifyNotice } from '../../../core/webhook/notice';
import { text } from '../../../core/shared/text';
import { toNodeError } from '../../NetSuiteSavedSearchTrigger/helpers/errors';
import { readNotified } from '../helpers/netsuite';
import { readWebhookSettings, type WebhookSettings } from '../helpers/parameters';
import { noticeMemory } from '../helpers/replay';
import { answer } from '../helpers/respond';
import { NETSUITE_CREDENTIAL_NAME, netSuiteAccountSlots } from '../../shared/netsuiteClient';

export const SIGNING_CREDENTIAL_NAME = 'netSuiteNoticeSigningApi';

/** What the read of the notified fulfillment decided. A set-up error is thrown instead. */
type Decision =
	| { kind: 'emit'; workflowData: INodeExecutionData[][]; reason: string }
	| { kind: 'skipped'; reason: string; message: string }
	| { kind: 'deferred' };

/**
 * One notice: verify it (core/webhook), read the fulfillment from NetSuite by ID, and start the
 * workflow with the poll trigger's item, or not. With Answer "When the Notice Is Verified" (the
 * default) NetSuite's save is answered 200 before the read, so a CSV import is not held one read
 * per record; with "After Reading NetSuite" the answer says what the read decided. Every answer
 * that starts nothing is 2xx or 4xx, so NetSuite's script logs a refusal as a refusal, never as a
 * server fault.
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
		account: await netSuiteAccountOf(this),
	});
	if (!check.ok) {
		return answer(this, check.status, {
			status: 'refused',
			reason: check.reason,
			message: check.message,
		});
	}

	const { fulfillmentId } = check.notice;
	if (settings.answer === 'afterRead') {
		return answerAfterRead(this, await decideInTurn(this, fulfillmentId, settings), fulfillmentId);
	}

	// Answered now: from here on nothing reaches NetSuite, so what the read decides goes to the
	// execution list (started, or failed on a set-up error) or to n8n's log (skipped, deferred).
	answer(this, 200, { status: 'received', fulfillmentId });
	const decision = await decideInTurn(this, fulfillmentId, settings);
	if (decision.kind === 'emit')
		return { workflowData: decision.workflowData, noWebhookResponse: true };
	if (decision.kind === 'skipped') {
		this.logger?.info(
			`Fulfillment notice ${fulfillmentId}: nothing to send (${decision.reason}: ${decision.message})`,
		);
	}
	return { noWebhookResponse: true };
}

/** The answer NetSuite's script gets when the read comes first (Answer: After Reading NetSuite). */
function answerAfterRead(
	context: IWebhookFunctions,
	decision: Decision,
	fulfillmentId: string,
): IWebhookResponseData {
	if (decision.kind === 'deferred') {
		return answer(context, 202, {
			status: 'deferred',
			fulfillmentId,
			message: 'NetSuite could not be read in time; the poll trigger will pick this fulfillment up',
		});
	}
	if (decision.kind === 'skipped') {
		const { reason, message } = decision;
		return { webhookResponse: { status: 'skipped', fulfillmentId, reason, message } };
	}
	return {
		workflowData: decision.workflowData,
		webhookResponse: { status: 'accepted', fulfillmentId, reason: decision.reason },
	};
}

/** The NetSuite credential's account ID; undefined when there is none (the read reports that). */
async function netSuiteAccountOf(context: IWebhookFunctions): Promise<string | undefined> {
	try {
		return text((await context.getCredentials(NETSUITE_CREDENTIAL_NAME)).accountId) || undefined;
	} catch {
		return undefined;
	}
}

/**
 * decide() once one of the account's slots in this process is free. A CSV import sends notices as
 * fast as it saves: queued here, their reads stay within NetSuite's concurrency instead of being
 * refused 429 until their time bound, which starts only when the read has its slot.
 */
async function decideInTurn(
	context: IWebhookFunctions,
	fulfillmentId: string,
	settings: WebhookSettings,
): Promise<Decision> {
	const read = async () => await decide(context, fulfillmentId, settings, Date.now());
	let slots;
	try {
		slots = await netSuiteAccountSlots(context);
	} catch {
		return await read(); // the read reports the missing credential
	}
	return await slots.run(read);
}

/** Reads the notified fulfillment with the poll trigger's rules and decides what to start. */
async function decide(
	context: IWebhookFunctions,
	fulfillmentId: string,
	settings: WebhookSettings,
	now: number,
): Promise<Decision> {
	const result = await readNotified(context, fulfillmentId, settings, now);
	if (result.kind === 'unavailable') {
		// No execution, no failure in NetSuite's log: the poll trigger reads it on its next run.
		context.logger?.warn(
			`Fulfillment notice ${fulfillmentId}: NetSuite could not be read (${result.message}); left to the poll trigger`,
		);
		return { kind: 'deferred' };
	}
	// A set-up error (credential, field IDs): recorded as a failed execution, where it is seen.
	if (result.kind === 'failed') throw toNodeError(context.getNode(), result.error, 'suiteql');
	const read = result.outcome;
	if (!read.emit) {
		return { kind: 'skipped', reason: read.reason, message: byIdSkipMessage(read.reason) };
	}

	const state = context.getWorkflowStaticData('node') as Record<string, unknown>;
	if (context.getMode() !== 'manual') commitPoll(state as never, read.outcome, Date.now());
	const { fulfillment, reason } = read;
	// The poll trigger's item, reason included.
	if (fulfillment.source) (fulfillment.source as IDataObject).reason = reason;
	return {
		kind: 'emit',
		workflowData: [[{ json: fulfillment as unknown as IDataObject }]],
		reason,
	};
}
