import { MAX_IN_LIST, suiteqlIdentifier, suiteqlString } from '../netsuite/suiteql';
import type { AuditFields } from './types';

const ORDER_ID = /^[A-Za-z0-9]{3}-[A-Za-z0-9]{7}-[A-Za-z0-9]{7}$/;

/**
 * One SuiteQL read for a page of Amazon orders: every item fulfillment of the sales orders that
 * carry those Amazon order IDs, one row per fulfillment line and tracking number (the caller
 * groups them). Order IDs are checked against Amazon's format before they reach the SQL.
 */
export function buildAuditSuiteQl(amazonOrderIds: string[], fields: AuditFields): string {
	if (!amazonOrderIds.length) throw new Error('No Amazon order IDs to look up.');
	if (amazonOrderIds.length > MAX_IN_LIST)
		throw new Error(
			`At most ${MAX_IN_LIST} Amazon order IDs per read (got ${amazonOrderIds.length}).`,
		);
	for (const id of amazonOrderIds) {
		if (!ORDER_ID.test(id))
			throw new Error(
				`Amazon order ID "${String(id).slice(0, 40)}" is not in the form 123-1234567-1234567.`,
			);
	}
	const orderField = suiteqlIdentifier(fields.amazonOrderIdField, 'Amazon Order ID field');
	const sentField = suiteqlIdentifier(fields.sentFlagField, 'Sent flag field');
	const errorField = suiteqlIdentifier(fields.errorTextField, 'Error Text field');
	const feedField = fields.feedIdField
		? suiteqlIdentifier(fields.feedIdField, 'Feed ID field')
		: undefined;
	return [
		'SELECT',
		[
			`so.${orderField} AS amazon_order_id`,
			'so.id AS sales_order_id',
			'so.tranid AS sales_order_number',
			'f.id AS fulfillment_id',
			'f.tranid AS fulfillment_number',
			'f.status AS status',
			"TO_CHAR(f.trandate, 'YYYY-MM-DD') AS ship_date",
			"TO_CHAR(f.lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS last_modified",
			`f.${sentField} AS sent_flag`,
			`f.${errorField} AS error_text`,
			...(feedField ? [`f.${feedField} AS feed_id`] : []),
			'tn.trackingnumber AS tracking_number',
		]
			.map((c) => `\t${c}`)
			.join(',\n'),
		'FROM transaction so',
		// The link from a fulfillment to its sales order is on the fulfillment's lines.
		"JOIN transactionline tl ON tl.createdfrom = so.id AND tl.mainline = 'F'",
		"JOIN transaction f ON f.id = tl.transaction AND f.type = 'ItemShip'",
		'LEFT JOIN trackingnumbermap tm ON tm.transaction = f.id',
		'LEFT JOIN trackingnumber tn ON tn.id = tm.trackingnumber',
		`WHERE so.type = 'SalesOrd' AND so.${orderField} IN (${amazonOrderIds.map(suiteqlString).join(', ')})`,
		'ORDER BY f.id, tn.trackingnumber',
	].join('\n');
}
