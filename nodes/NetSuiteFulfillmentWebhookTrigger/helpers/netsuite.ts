import { sleep, type IWebhookFunctions } from 'n8n-workflow';

import { NetSuiteApiError } from '../../../core/netsuite/errors';
import { loadCursor } from '../../../core/trigger/cursor';
import { readFulfillmentById, type ByIdOutcome } from '../../../core/trigger/byId';
import { buildNetSuiteClient } from '../../shared/netsuiteClient';
import type { WebhookSettings } from './parameters';

export type NotifiedRead =
	| { kind: 'read'; outcome: ByIdOutcome }
	/** NetSuite could not be read in time, or not for now: the poll trigger will read it. */
	| { kind: 'unavailable'; message: string }
	/** A set-up error (credential, field IDs): it must be seen, not waited out. */
	| { kind: 'failed'; error: unknown };

/** Timeouts, no answer, 429 and 5xx pass; anything else is a set-up error. */
function isTransient(error: unknown): boolean {
	if (error instanceof NetSuiteApiError) {
		const status = error.statusCode;
		return status === undefined || status === 429 || status >= 500;
	}
	return false;
}

/**
 * Reads the notified fulfillment through the poll trigger's reader and rules, within the time
 * bound: one SuiteQL call, retried on 429 (the account's concurrency limit, hit when many
 * fulfillments ship at once) and 5xx until the bound, which alone ends the wait: a notice given
 * up on early waits for the safety-net poll, maybe an hour. NetSuite's https.post gives up after
 * 45 s, and a notice answered late is logged by the script as failed though the item went out.
 */
export async function readNotified(
	context: IWebhookFunctions,
	fulfillmentId: string,
	settings: WebhookSettings,
	now: number,
): Promise<NotifiedRead> {
	const { trigger } = settings;
	const controller = new AbortController();
	const timedOut = Symbol('timedOut');
	try {
		const client = await buildNetSuiteClient(context, {
			concurrency: 1,
			timeoutMs: settings.netsuiteTimeoutMs,
			retry: { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 2000 },
			signal: controller.signal,
			accountSlots: false, // receive.ts holds one for the whole read
		});
		const read = readFulfillmentById({
			client,
			fulfillmentId,
			fields: trigger.fields,
			filters: trigger.filters,
			grouping: {
				dates: trigger.dates,
				netsuiteTimeZone: trigger.zoneSet || undefined,
				polledAt: new Date(now).toISOString(),
				includeRaw: trigger.includeRaw,
			},
			cursor: trigger.cursor,
			state: loadCursor(context.getWorkflowStaticData('node') as Record<string, unknown>, now),
			zoneFromSource: trigger.zoneSet === '',
			maxRowsPerFulfillment: trigger.maxRowsPerFulfillment,
			now: () => Date.now(),
		});
		// The timer ends with the read (abort below), so it never keeps the process waiting.
		const timer = sleep(settings.netsuiteTimeoutMs, controller.signal).then(
			() => timedOut,
			() => timedOut,
		);
		const result = await Promise.race([read, timer]);
		if (result === timedOut) {
			read.catch(() => undefined); // ends unobserved; its answer is no longer wanted
			return { kind: 'unavailable', message: 'NetSuite did not answer in time' };
		}
		return { kind: 'read', outcome: result as ByIdOutcome };
	} catch (error) {
		return isTransient(error)
			? { kind: 'unavailable', message: (error as Error).message }
			: { kind: 'failed', error };
	} finally {
		controller.abort();
	}
}
