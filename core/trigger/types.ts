import type { Fulfillment } from '../fulfillment/types';
import type { DateSettings } from './dates';

export type SourceKind = 'savedSearch' | 'suiteql' | 'restSavedSearch';

/** One column of one row, as NetSuite returned it: saved searches give both a value and a display text. */
export interface Cell {
	value?: string;
	text?: string;
}

/** A result row from any source, with column keys lower-cased. */
export interface SourceRow {
	/** The fulfillment's internal ID when the source says it outside the columns (saved search `row.id`). */
	id?: string;
	cells: Record<string, Cell>;
	/** The row as NetSuite sent it (kept in the output's `raw` with Include Raw Columns). */
	raw: Record<string, unknown>;
}

/**
 * Which NetSuite field or saved-search column holds what. Field IDs (custbody_/custcol_) are used by
 * both the saved-search grouping and the default SuiteQL query; the `*Column` keys only by saved
 * searches (`name`, or `join.name` for joined columns, e.g. `createdFrom.tranid`).
 */
export interface FieldSettings {
	amazonOrderIdField: string;
	amazonOrderItemIdField: string;
	/** Line column with the tracking number of the box the line went in; empty when not kept. */
	packageTrackingField: string;
	/** Optional body field with the Amazon marketplace ID. */
	marketplaceIdField: string;
	/** Checkbox on the item fulfillment that the update node ticks once Amazon accepted it. */
	sentFlagField: string;
	/**
	 * Text field on the item fulfillment where the update node keeps a fingerprint of what was sent
	 * (core/fulfillment/fingerprint.ts); read only when corrections are re-sent. Empty = not read.
	 */
	sentFingerprintField?: string;
	/**
	 * Text field on the item fulfillment where the update node writes Amazon's error (and, for a
	 * refusal, a fingerprint of the refused content). A fulfillment refused with its current
	 * content is not emitted again. Empty = not read.
	 */
	errorTextField?: string;
	fulfillmentNumberColumn: string;
	trackingNumbersColumn: string;
	shipMethodColumn: string;
	shipDateColumn: string;
	lastModifiedColumn: string;
	statusColumn: string;
	salesOrderColumn: string;
	salesOrderNumberColumn: string;
	itemColumn: string;
	quantityColumn: string;
	lineColumn: string;
	orderLineColumn: string;
}

export const DEFAULT_FIELDS: FieldSettings = {
	amazonOrderIdField: 'custbody_celigo_etail_order_id',
	amazonOrderItemIdField: 'custcol_celigo_etail_order_line_id',
	packageTrackingField: 'custcol_amz_package_tracking',
	marketplaceIdField: '',
	sentFlagField: 'custbody_amz_ship_confirmed',
	errorTextField: 'custbody_amz_ship_error',
	fulfillmentNumberColumn: 'tranid',
	trackingNumbersColumn: 'trackingnumbers',
	shipMethodColumn: 'shipmethod',
	shipDateColumn: 'trandate',
	lastModifiedColumn: 'lastmodifieddate',
	statusColumn: 'status',
	salesOrderColumn: 'createdfrom',
	salesOrderNumberColumn: 'createdFrom.tranid',
	itemColumn: 'item',
	quantityColumn: 'quantity',
	lineColumn: 'line',
	orderLineColumn: 'orderline',
};

export interface FilterSettings {
	/** Skip fulfillments whose status column says picked/packed. */
	shippedOnly: boolean;
	/** Skip fulfillments with no tracking number at all. */
	requireTracking: boolean;
	/** Skip fulfillments whose sent flag is ticked. */
	skipSent: boolean;
	/**
	 * Emit sent fulfillments again (reason `correction`) when their tracking numbers, carrier or
	 * quantities no longer match the fingerprint written when they were sent. Default false.
	 */
	resendCorrections?: boolean;
}

export const DEFAULT_FILTERS: FilterSettings = {
	shippedOnly: true,
	requireTracking: true,
	skipSent: true,
};

export type StartFrom = 'activation' | 'lastDays' | 'all';

export interface GroupingOptions {
	source: SourceKind;
	/** Saved search ID or `suiteql`, for `source.search`. */
	search?: string;
	fields: FieldSettings;
	dates: DateSettings;
	/** The NetSuite user's IANA zone when known (set in the trigger): emitted as netsuiteTimeZone. */
	netsuiteTimeZone?: string;
	polledAt: string;
	/**
	 * Keep the source columns on each fulfillment (`raw`), for expressions reading a column the
	 * model has no field for. Off by default: they are most of an item's size, and n8n copies
	 * every item between nodes and keeps each node's output for the whole execution.
	 */
	includeRaw?: boolean;
}

/** A fulfillment with what the cursor and the filters need to know about it. */
export interface AssembledFulfillment {
	fulfillment: Fulfillment;
	/** Row index (over the whole result) of the first and last row it was built from. */
	firstRow: number;
	lastRow: number;
	/** Sent flag as found in the rows; undefined when the column is absent. */
	sent?: boolean;
	/** Fingerprint of what was sent, as NetSuite holds it; undefined when the column is absent. */
	sentFingerprint?: string;
	/** Fingerprint of the content Amazon refused, from the error text's marker; undefined when none. */
	refusedFingerprint?: string;
	/** Shipped per the status column; undefined when the column is absent. */
	shipped?: boolean;
	/** Latest of last-modified and ship date, epoch ms; undefined when neither could be read. */
	changedAt?: number;
}

/** A fulfillment with more rows than one poll reads for one fulfillment: stepped past, not sent. */
export interface OversizedFulfillment {
	fulfillmentId: string;
	fulfillmentNumber?: string;
	/** Rows read before giving up (more than the maximum). */
	rowsRead: number;
	maxRows: number;
}
