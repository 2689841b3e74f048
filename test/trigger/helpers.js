'use strict';
/** Builders for trigger tests: saved-search rows in the RESTlet protocol, and SuiteQL rows. */

const v = (value, text) => ({ value: value == null ? '' : String(value), text: text ?? null });

/** One RESTlet row (one fulfillment line), in the shipped script's result form. */
function ssRow({
	id,
	tranid = `IF${id}`,
	trandate = '11/20/2026',
	lastmodifieddate = '11/20/2026 10:00 am',
	shipMethod = ['9001', 'UPS Ground'],
	so = ['501', 'SO501'],
	amazonOrderId = '114-1000001-1000001',
	item = ['101', 'WIDGET-1'],
	quantity = 1,
	line = '1',
	orderItemId = '12345678901234',
	packageTracking = '',
	trackingnumbers = '1Z999AA10123456784',
	extra = {},
}) {
	return {
		id: String(id),
		recordType: 'itemfulfillment',
		values: {
			internalid: v(id, String(id)),
			tranid: v(tranid),
			trandate: v(trandate),
			lastmodifieddate: v(lastmodifieddate),
			shipmethod: v(shipMethod[0], shipMethod[1]),
			createdfrom: v(so[0], `Sales Order #${so[1]}`),
			'createdFrom.tranid': v(so[1]),
			'createdFrom.custbody_celigo_etail_order_id': v(amazonOrderId),
			item: v(item[0], item[1]),
			quantity: v(quantity),
			line: v(line),
			custcol_celigo_etail_order_line_id: v(orderItemId),
			custcol_amz_package_tracking: v(packageTracking),
			trackingnumbers: v(trackingnumbers, trackingnumbers),
			...extra,
		},
	};
}

/** `n` single-line fulfillments with ids from `start`, each with a UPS tracking number. */
function manyFulfillments(n, start = 2000, overrides = {}) {
	const rows = [];
	for (let i = 0; i < n; i++) {
		const id = start + i;
		rows.push(
			ssRow({
				id,
				trackingnumbers: `1Z${String(id).padStart(16, '0')}`,
				orderItemId: String(10000000000000 + id),
				...overrides,
			}),
		);
	}
	return rows;
}

/**
 * The emulator's default seed: the fulfillments a poll emits, in order (shipped, not sent, with
 * tracking: 1206 has no tracking, 1210 is sent, 1211 only packed).
 */
const DEFAULT_SEED_TO_SEND = [
	'1201',
	'1202',
	'1203',
	'1204',
	'1205',
	'1207',
	'1208',
	'1209',
	'1212',
	'1213',
	'1214',
	'1215',
];

module.exports = { v, ssRow, manyFulfillments, DEFAULT_SEED_TO_SEND };
