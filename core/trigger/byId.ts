import type { NetSuiteClient } from '../netsuite/client';
import type { CursorSettings, CursorState, EmitReason, SkipReason } from './cursor';
import { buildDefaultSuiteQl } from './defaultQuery';
import { suiteqlColumns } from './grouping';
import { runPoll, type PollOutcome } from './poll';
import { suiteqlReader } from './sources';
import type { Fulfillment } from '../fulfillment/types';
import type { FieldSettings, FilterSettings, GroupingOptions } from './types';

/**
 * One fulfillment read by its internal ID (the webhook trigger's notices), through the poll's own
 * reader and rules: the default SuiteQL query restricted to that ID, assembled, filtered and
 * decided by runPoll, so the item is the poll trigger's item and a skip has the poll's reason.
 */

/** Why a notified fulfillment starts nothing: the poll's reasons, plus two only a notice can have. */
export type ByIdSkipReason = SkipReason | 'notFound' | 'notAmazon';

export type ByIdOutcome =
	| {
			emit: true;
			fulfillment: Fulfillment;
			reason: EmitReason | 'sample';
			/** For commitPoll, once the items are handed to n8n. */
			outcome: PollOutcome;
	  }
	| { emit: false; reason: ByIdSkipReason };

export interface ByIdOptions {
	client: NetSuiteClient;
	fulfillmentId: string;
	fields: FieldSettings;
	filters: FilterSettings;
	grouping: Omit<GroupingOptions, 'source' | 'search' | 'fields'>;
	cursor: CursorSettings;
	/** The webhook trigger's own cursor ("unchanged" = emitted with this content within the re-send window). */
	state?: CursorState;
	/** The NetSuite zone was not set: read dates like the poll does in that case. */
	zoneFromSource?: boolean;
	maxRowsPerFulfillment?: number;
	now: () => number;
}

/** The search name the poll trigger gives the default query; the items carry it in `source.search`. */
export const DEFAULT_SUITEQL_SEARCH = 'suiteql:default';

export async function readFulfillmentById(options: ByIdOptions): Promise<ByIdOutcome> {
	const { fields, filters } = options;
	// The filters stay out of the SQL: a fulfillment filtered there would come back as "not found",
	// while runPoll tells "sent" from "not shipped". The fingerprint column is read for corrections.
	const query = buildDefaultSuiteQl({
		fields,
		filters: {
			shippedOnly: false,
			requireTracking: false,
			skipSent: false,
			resendCorrections: filters.resendCorrections,
		},
		fulfillmentId: options.fulfillmentId,
	});
	const outcome = await runPoll({
		reader: suiteqlReader(options.client, query, 1000),
		columns: suiteqlColumns(),
		grouping: {
			...options.grouping,
			source: 'suiteql',
			search: DEFAULT_SUITEQL_SEARCH,
			fields,
		},
		filters,
		cursor: options.cursor,
		state: options.state,
		sourceKey: `suiteql:byId`,
		now: options.now,
		deadline: Number.POSITIVE_INFINITY,
		maxFulfillments: 1,
		maxRowsPerFulfillment: options.maxRowsPerFulfillment,
		zoneFromSource: options.zoneFromSource,
	});
	const first = outcome.emitted[0];
	if (!first) {
		const skipped = Object.keys(outcome.stats.skipped) as SkipReason[];
		return { emit: false, reason: skipped[0] ?? 'notFound' };
	}
	// No Amazon order ID on the sales order: not an Amazon sale (the poll's feed would refuse it).
	if (!first.fulfillment.amazonOrderId) return { emit: false, reason: 'notAmazon' };
	return { emit: true, fulfillment: first.fulfillment, reason: first.reason, outcome };
}

/** What the notice's sender reads in the 200 answer when nothing was started. */
export function byIdSkipMessage(reason: ByIdSkipReason): string {
	switch (reason) {
		case 'notFound':
			return 'No item fulfillment with this internal ID';
		case 'notAmazon':
			return 'Not an Amazon order (no Amazon order ID on the sales order)';
		case 'sent':
			return 'Already sent to Amazon';
		case 'notShipped':
			return 'Not shipped yet';
		case 'noTracking':
			return 'No tracking number yet';
		case 'refused':
			return 'Amazon refused this content before; waiting for a correction';
		case 'remembered':
			return 'Unchanged since this trigger last emitted it';
		case 'oversized':
			return 'Too many lines to send in one confirmation';
		default:
			return `Skipped (${reason})`;
	}
}
