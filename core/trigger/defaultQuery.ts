import { suiteqlIdentifier, suiteqlString } from '../netsuite/suiteql';
import type { FieldSettings, FilterSettings } from './types';

/**
 * The SuiteQL used when the user keeps the default: one row per fulfillment line and tracking
 * number, with the aliases listed in SUITEQL_COLUMNS. SuiteQL has no parameter binding, so field
 * IDs go through suiteqlIdentifier and the date through a format check and suiteqlString.
 */

export interface DefaultQueryOptions {
	fields: Pick<
		FieldSettings,
		| 'amazonOrderIdField'
		| 'amazonOrderItemIdField'
		| 'packageTrackingField'
		| 'marketplaceIdField'
		| 'sentFlagField'
		| 'sentFingerprintField'
		| 'errorTextField'
	>;
	filters: FilterSettings;
	/**
	 * Only fulfillments changed at or after this NetSuite wall-clock time (`YYYY-MM-DD HH:MM:SS`,
	 * in the NetSuite user's time zone): the start window, so old history is not read every poll.
	 */
	changedSince?: string;
	/**
	 * With `filters.resendCorrections`: sent fulfillments are read only when changed at or after this
	 * NetSuite wall-clock time (`YYYY-MM-DD HH:MM:SS`), so the query does not grow with history.
	 */
	correctionsSince?: string;
	/**
	 * Keyset resume point: only fulfillments with a greater internal ID (the query is sorted by
	 * it), so a poll continues after the last fulfillment handled whatever left the result since.
	 */
	afterId?: string;
	/** Writes `f.id > :afterId` (the custom-query placeholder) instead of a value: the editor's starter query. */
	afterIdPlaceholder?: boolean;
	/**
	 * This one fulfillment only (the webhook trigger reads a notified fulfillment by ID). Pass the
	 * filters off with it: the trigger then applies them itself and can say why it skipped one.
	 */
	fulfillmentId?: string;
}

/** A fulfillment internal ID for a query: digits only, so nothing else can reach the SQL. */
export function keysetId(afterId: string | undefined): string {
	if (afterId === undefined) return '0';
	if (!/^\d{1,18}$/.test(afterId)) {
		throw new Error(
			`Cannot resume after fulfillment "${afterId.slice(0, 40)}": an internal ID is a whole number.`,
		);
	}
	return afterId;
}

function checkWallClock(value: string, what: string): void {
	if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) {
		throw new Error(
			`${what} "${value}" is not a YYYY-MM-DD HH:MM:SS time; this is a bug in the trigger.`,
		);
	}
}

export function buildDefaultSuiteQl(options: DefaultQueryOptions): string {
	const { fields, filters } = options;
	const orderField = suiteqlIdentifier(fields.amazonOrderIdField, 'Amazon Order ID field');
	const lineField = suiteqlIdentifier(fields.amazonOrderItemIdField, 'Amazon Order Item ID field');
	const boxField = fields.packageTrackingField
		? suiteqlIdentifier(fields.packageTrackingField, 'Package Tracking field')
		: undefined;
	const marketField = fields.marketplaceIdField
		? suiteqlIdentifier(fields.marketplaceIdField, 'Marketplace ID field')
		: undefined;
	const sentField = fields.sentFlagField
		? suiteqlIdentifier(fields.sentFlagField, 'Sent flag field')
		: undefined;
	const fingerprintField =
		filters.resendCorrections && sentField && fields.sentFingerprintField
			? suiteqlIdentifier(fields.sentFingerprintField, 'Sent fingerprint field')
			: undefined;

	const errorField = fields.errorTextField
		? suiteqlIdentifier(fields.errorTextField, 'Error Text field')
		: undefined;

	const select = [
		'f.id AS fulfillment_id',
		'f.tranid AS fulfillment_number',
		"TO_CHAR(f.trandate, 'YYYY-MM-DD') AS ship_date",
		`TO_CHAR(f.lastmodifieddate, 'YYYY-MM-DD"T"HH24:MI:SS') AS last_modified`,
		'f.status AS status',
		'BUILTIN.DF(f.shipmethod) AS ship_method',
		'so.id AS sales_order_id',
		'so.tranid AS sales_order_number',
		`so.${orderField} AS amazon_order_id`,
		"TO_CHAR(so.trandate, 'YYYY-MM-DD') AS purchase_date",
		...(marketField ? [`so.${marketField} AS marketplace_id`] : []),
		...(sentField ? [`f.${sentField} AS sent_flag`] : []),
		...(fingerprintField ? [`f.${fingerprintField} AS sent_fingerprint`] : []),
		...(errorField ? [`f.${errorField} AS error_text`] : []),
		'tl.linesequencenumber AS line',
		'tl.item AS item_id',
		'BUILTIN.DF(tl.item) AS sku',
		'ABS(tl.quantity) AS quantity',
		`tl.${lineField} AS amazon_order_item_id`,
		'tl.orderline AS order_line',
		'it.itemtype AS item_type',
		...(boxField ? [`tl.${boxField} AS package_tracking`] : []),
		'tn.trackingnumber AS tracking_number',
	];
	const where = ["f.type = 'ItemShip'"];
	if (filters.shippedOnly) where.push("f.status = 'C'");
	if (filters.skipSent && sentField && fingerprintField) {
		// Sent ones too, but only those with a fingerprint (sent by this version) changed lately:
		// the poll compares the fingerprint and keeps the corrected ones.
		let recent = '';
		if (options.correctionsSince !== undefined) {
			checkWallClock(options.correctionsSince, 'Correction window');
			recent = ` AND f.lastmodifieddate >= TO_TIMESTAMP(${suiteqlString(options.correctionsSince)}, 'YYYY-MM-DD HH24:MI:SS')`;
		}
		where.push(`(NVL(f.${sentField}, 'F') = 'F' OR (f.${fingerprintField} IS NOT NULL${recent}))`);
	} else if (filters.skipSent && sentField) {
		where.push(`NVL(f.${sentField}, 'F') = 'F'`);
	}
	if (filters.requireTracking) {
		// Fulfillments without tracking would be skipped by the trigger anyway; left in the result
		// they are read again on every poll until a number is added.
		const tracked = ['EXISTS (SELECT 1 FROM trackingnumbermap x WHERE x.transaction = f.id)'];
		if (boxField) {
			tracked.push(
				`EXISTS (SELECT 1 FROM transactionline xl WHERE xl.transaction = f.id AND xl.${boxField} IS NOT NULL)`,
			);
		}
		where.push(tracked.length > 1 ? `(${tracked.join(' OR ')})` : tracked[0]);
	}
	if (options.fulfillmentId !== undefined) where.push(`f.id = ${keysetId(options.fulfillmentId)}`);
	if (options.afterIdPlaceholder) where.push('f.id > :afterId');
	else if (options.afterId !== undefined) where.push(`f.id > ${keysetId(options.afterId)}`);
	if (options.changedSince !== undefined) {
		checkWallClock(options.changedSince, 'Start window');
		where.push(
			`f.lastmodifieddate >= TO_TIMESTAMP(${suiteqlString(options.changedSince)}, 'YYYY-MM-DD HH24:MI:SS')`,
		);
	}

	return [
		'SELECT',
		'\t' + select.join(',\n\t'),
		'FROM transaction f',
		// Item lines only: not the header (mainline), tax lines, or the extra posting (asset) rows
		// NetSuite keeps for inventory lines, which would double every quantity.
		"JOIN transactionline tl ON tl.transaction = f.id AND tl.mainline = 'F' AND NVL(tl.taxline, 'F') = 'F'",
		"\tAND (tl.accountinglinetype IS NULL OR tl.accountinglinetype = 'COGS')",
		// transaction.createdfrom does not exist in SuiteQL: the link to the sales order is on the lines.
		'LEFT JOIN transaction so ON so.id = tl.createdfrom',
		// The item type tells a promo insert or service line (no Amazon order item) from goods.
		'LEFT JOIN item it ON it.id = tl.item',
		'LEFT JOIN trackingnumbermap tm ON tm.transaction = f.id',
		'LEFT JOIN trackingnumber tn ON tn.id = tm.trackingnumber',
		'WHERE ' + where.join('\n\tAND '),
		// Unique and stable, as paged SuiteQL requires: fulfillment, line, posting row, tracking number.
		'ORDER BY f.id, tl.linesequencenumber, tl.uniquekey, tn.id',
	].join('\n');
}
