import type { NetSuiteClient } from '../../../core/netsuite/client';
import {
	oversizedToReport,
	type CursorSettings,
	type CursorState,
} from '../../../core/trigger/cursor';
import {
	oversizedReason,
	type OversizedFulfillment,
	type PollOutcome,
} from '../../../core/trigger/poll';
import type { FieldSettings } from '../../../core/trigger/types';

export function oversizedLabel(o: OversizedFulfillment): string {
	return `Fulfillment ${o.fulfillmentNumber ? `${o.fulfillmentNumber} (${o.fulfillmentId})` : o.fulfillmentId}`;
}

/**
 * Writes why each fulfillment stepped past for its size was not sent into its error field, once
 * per re-send window. Records in the outcome which were told; returns the ones that could not be
 * (no error field, or the write failed), so the poll can say so.
 */
export async function reportOversized(
	client: NetSuiteClient,
	fields: FieldSettings,
	state: CursorState,
	outcome: PollOutcome,
	now: number,
	cursor: CursorSettings,
): Promise<string[]> {
	const untold: string[] = [];
	if (!outcome.oversized.length) return untold;
	const due = new Set(
		oversizedToReport(
			state,
			outcome.oversized.map((o) => o.fulfillmentId),
			now,
			cursor,
		),
	);
	const reported: string[] = [];
	for (const o of outcome.oversized.filter((x) => due.has(x.fulfillmentId))) {
		const reason = oversizedReason(o);
		if (!fields.errorTextField) {
			untold.push(`${oversizedLabel(o)}: ${reason}`);
			continue;
		}
		try {
			await client.patchRecord('itemFulfillment', o.fulfillmentId, {
				[fields.errorTextField]: reason,
			});
			reported.push(o.fulfillmentId);
		} catch (error) {
			untold.push(
				`${oversizedLabel(o)}: ${reason} Writing this to its ${fields.errorTextField} failed: ${(error as Error).message}`,
			);
		}
	}
	outcome.changes.reported = reported;
	return untold;
}
