'use strict';

const {
	groupRows,
	rowFromSavedSearch,
	rowFromFlat,
	savedSearchColumns,
	suiteqlColumns,
	splitTrackingNumbers,
	FulfillmentAssembler,
	DEFAULT_FIELDS,
} = require('../../core/trigger');
const { ssRow } = require('./helpers');

const options = (source = 'savedSearch') => ({
	source,
	search: 'customsearch_amz_if_to_send',
	fields: DEFAULT_FIELDS,
	dates: { order: 'MDY', timeZone: 'UTC' },
	polledAt: '2026-11-20T12:00:00.000Z',
});

const groupSaved = (rows) =>
	groupRows(rows.map(rowFromSavedSearch), savedSearchColumns(DEFAULT_FIELDS), options());

describe('saved-search rows → fulfillments', () => {
	test('Include Raw Columns keeps the source columns of the header row and each line', () => {
		const rows = [
			ssRow({ id: 1201, line: '1', item: ['101', 'WIDGET-1'] }),
			ssRow({ id: 1201, line: '2', item: ['102', 'GADGET-2'] }),
		];
		const [withRaw] = groupRows(rows.map(rowFromSavedSearch), savedSearchColumns(DEFAULT_FIELDS), {
			...options(),
			includeRaw: true,
		});
		const f = withRaw.fulfillment;
		expect(f.raw.lines).toHaveLength(2);
		expect(f.raw.header.createdfrom).toEqual({ value: '501', text: 'Sales Order #SO501' });
		expect(f.raw.lines[1].item).toEqual({ value: '102', text: 'GADGET-2' });
		const [plain] = groupSaved(rows);
		// Without it an item is a fraction of the size, with the same fulfillment data.
		expect(JSON.stringify(plain.fulfillment).length).toBeLessThan(JSON.stringify(f).length / 2);
		expect({ ...f, raw: undefined }).toEqual({ ...plain.fulfillment, raw: undefined });
	});

	test('rows of one fulfillment become one item with every line and the header fields', () => {
		const out = groupSaved([
			ssRow({
				id: 1201,
				line: '1',
				item: ['101', 'WIDGET-1'],
				quantity: -2,
				orderItemId: '11111111111111',
			}),
			ssRow({
				id: 1201,
				line: '2',
				item: ['102', 'GADGET-2'],
				quantity: 1,
				orderItemId: '22222222222222',
			}),
			ssRow({ id: 1202, line: '1', so: ['502', 'SO502'], amazonOrderId: '114-2000002-2000002' }),
		]);
		expect(out).toHaveLength(2);
		const f = out[0].fulfillment;
		expect(f).toMatchObject({
			fulfillmentId: '1201',
			fulfillmentNumber: 'IF1201',
			salesOrderId: '501',
			salesOrderNumber: 'SO501',
			amazonOrderId: '114-1000001-1000001',
			shipDate: '2026-11-20',
			shipMethod: 'UPS Ground',
			lastModified: '2026-11-20T10:00:00.000Z',
			trackingNumbers: ['1Z999AA10123456784'],
		});
		expect(f.lines).toEqual([
			{
				line: '1',
				itemId: '101',
				sku: 'WIDGET-1',
				quantity: 2,
				amazonOrderItemId: '11111111111111',
			},
			{
				line: '2',
				itemId: '102',
				sku: 'GADGET-2',
				quantity: 1,
				amazonOrderItemId: '22222222222222',
			},
		]);
		// The source columns are left out unless asked for (Include Raw Columns).
		expect(f.raw).toBeUndefined();
		expect(f.source).toEqual({
			kind: 'savedSearch',
			search: 'customsearch_amz_if_to_send',
			polledAt: '2026-11-20T12:00:00.000Z',
		});
		expect(out[1].fulfillment.salesOrderNumber).toBe('SO502');
		expect(out[0]).toMatchObject({ firstRow: 0, lastRow: 1 });
	});

	test('packages with known contents: each box lists the lines packed in it', () => {
		const out = groupSaved([
			ssRow({
				id: 1203,
				line: '1',
				packageTracking: '1ZAAA',
				trackingnumbers: '1ZAAA<BR>1ZBBB',
				quantity: 2,
			}),
			ssRow({
				id: 1203,
				line: '2',
				item: ['102', 'GADGET-2'],
				packageTracking: '1ZBBB',
				trackingnumbers: '1ZAAA<BR>1ZBBB',
				quantity: 3,
			}),
		]);
		const f = out[0].fulfillment;
		expect(f.trackingNumbers).toEqual(['1ZAAA', '1ZBBB']);
		expect(f.packages).toEqual([
			{ packageId: '1', trackingNumber: '1ZAAA', lines: [{ line: '1', quantity: 2 }] },
			{ packageId: '2', trackingNumber: '1ZBBB', lines: [{ line: '2', quantity: 3 }] },
		]);
	});

	test('several tracking numbers with unknown contents: boxes without lines', () => {
		const out = groupSaved([
			ssRow({
				id: 1204,
				line: '1',
				trackingnumbers: '9400111899223197428490<BR>9400111899223197428506',
			}),
			ssRow({
				id: 1204,
				line: '2',
				trackingnumbers: '9400111899223197428490<BR>9400111899223197428506',
			}),
		]);
		const f = out[0].fulfillment;
		expect(f.packages).toEqual([
			{ packageId: '1', trackingNumber: '9400111899223197428490' },
			{ packageId: '2', trackingNumber: '9400111899223197428506' },
		]);
	});

	test('tracking text joined by <BR>, <br/>, commas or new lines is split and de-duplicated', () => {
		expect(splitTrackingNumbers('1ZA<BR>1ZB<br/>1ZC, 1ZD;1ZE\n1ZF')).toEqual([
			'1ZA',
			'1ZB',
			'1ZC',
			'1ZD',
			'1ZE',
			'1ZF',
		]);
		const out = groupSaved([
			ssRow({ id: 1, line: '1', trackingnumbers: '1zaaa, 1ZBBB', packageTracking: '1ZAAA' }),
			ssRow({ id: 1, line: '2', trackingnumbers: '1ZAAA<BR>1ZBBB', packageTracking: '1ZCCC' }),
		]);
		expect(out[0].fulfillment.trackingNumbers).toEqual(['1zaaa', '1ZBBB', '1ZCCC']);
	});

	test('a fulfillment without tracking has no packages', () => {
		const [a] = groupSaved([ssRow({ id: 5, trackingnumbers: '' })]);
		expect(a.fulfillment.trackingNumbers).toEqual([]);
		expect(a.fulfillment.packages).toEqual([]);
	});

	test('sent flag and status columns are read when the search has them', () => {
		const [a, b] = groupSaved([
			ssRow({
				id: 1,
				extra: {
					custbody_amz_ship_confirmed: { value: 'T', text: null },
					status: { value: 'shipped', text: 'Shipped' },
				},
			}),
			ssRow({ id: 2, extra: { status: { value: 'packed', text: 'Packed' } } }),
		]);
		expect(a).toMatchObject({ sent: true, shipped: true });
		expect(b.sent).toBeUndefined();
		expect(b.shipped).toBe(false);
	});

	test('rows of one fulfillment split over two pages are assembled once, when the next fulfillment starts', () => {
		const rows = [
			ssRow({ id: 10, line: '1' }),
			ssRow({ id: 11, line: '1' }),
			// page break here
			ssRow({ id: 11, line: '2' }),
			ssRow({ id: 12, line: '1' }),
		].map(rowFromSavedSearch);
		const assembler = new FulfillmentAssembler(savedSearchColumns(DEFAULT_FIELDS), options());
		const done = [];
		const push = (x) => x && done.push(x);
		push(assembler.add(rows[0], 0));
		push(assembler.add(rows[1], 1));
		expect(done.map((d) => d.fulfillment.fulfillmentId)).toEqual(['10']);
		expect(assembler.pending).toEqual({ id: '11', firstRow: 1 });
		push(assembler.add(rows[2], 2));
		push(assembler.add(rows[3], 3));
		push(assembler.flush());
		expect(done.map((d) => [d.fulfillment.fulfillmentId, d.fulfillment.lines.length])).toEqual([
			['10', 1],
			['11', 2],
			['12', 1],
		]);
	});

	test('a row without a fulfillment ID is an error that says how to fix the search', () => {
		const row = rowFromSavedSearch({ values: { item: { value: '1' } } });
		expect(() => groupRows([row], savedSearchColumns(DEFAULT_FIELDS), options())).toThrow(
			/Internal ID/,
		);
	});

	test('D/M/YYYY dates and a NetSuite time zone are honoured', () => {
		const [a] = groupRows(
			[
				rowFromSavedSearch(
					ssRow({ id: 1, trandate: '3/11/2026', lastmodifieddate: '3/11/2026 1:30 pm' }),
				),
			],
			savedSearchColumns(DEFAULT_FIELDS),
			{ ...options(), dates: { order: 'DMY', timeZone: 'America/New_York' } },
		);
		expect(a.fulfillment.shipDate).toBe('2026-11-03');
		// 13:30 in New York in November (EST, UTC-5) is 18:30 UTC
		expect(a.fulfillment.lastModified).toBe('2026-11-03T18:30:00.000Z');
	});
});

describe('SuiteQL rows → fulfillments', () => {
	const q = (o) => ({
		fulfillment_id: '1203',
		fulfillment_number: 'IF1203',
		ship_date: '2026-11-20',
		last_modified: '2026-11-20T10:00:00',
		status: 'C',
		ship_method: 'UPS Ground',
		sales_order_id: '503',
		sales_order_number: 'SO503',
		amazon_order_id: '114-3000003-3000003',
		sent_flag: 'F',
		item_id: '101',
		sku: 'WIDGET-1',
		quantity: '2',
		...o,
	});

	test('one row per line and tracking number: lines are not double counted, boxes get their lines', () => {
		const rows = [
			q({
				line: '1',
				amazon_order_item_id: '1',
				package_tracking: '1ZAAA',
				tracking_number: '1ZAAA',
			}),
			q({
				line: '1',
				amazon_order_item_id: '1',
				package_tracking: '1ZAAA',
				tracking_number: '1ZBBB',
			}),
			q({
				line: '2',
				quantity: '1',
				amazon_order_item_id: '2',
				package_tracking: '1ZBBB',
				tracking_number: '1ZAAA',
			}),
			q({
				line: '2',
				quantity: '1',
				amazon_order_item_id: '2',
				package_tracking: '1ZBBB',
				tracking_number: '1ZBBB',
			}),
		].map(rowFromFlat);
		const [a] = groupRows(rows, suiteqlColumns(), options('suiteql'));
		const f = a.fulfillment;
		expect(f.lines.map((l) => [l.line, l.quantity])).toEqual([
			['1', 2],
			['2', 1],
		]);
		expect(f.packages).toEqual([
			{ packageId: '1', trackingNumber: '1ZAAA', lines: [{ line: '1', quantity: 2 }] },
			{ packageId: '2', trackingNumber: '1ZBBB', lines: [{ line: '2', quantity: 1 }] },
		]);
		expect(a).toMatchObject({ sent: false, shipped: true });
		expect(f.status).toBe('C');
	});
});
