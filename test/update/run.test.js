'use strict';
/** core/update/run over HTTP (nock): what NetSuite receives, retries, warnings, failures, the cap. */
const nock = require('nock');
const { NetSuiteClient } = require('../../core/netsuite/client');
const { netSuiteHosts } = require('../../core/netsuite/hosts');
const { runUpdate } = require('../../core/update/run');
const { fetchTransport, fakeClock } = require('../netsuite/helpers');
const { fulfillmentItem, input } = require('./helpers');

const REST = 'https://1234567-sb1.suitetalk.api.netsuite.com';
const RECORD = '/services/rest/record/v1';
const SUITEQL = '/services/rest/query/v1/suiteql';
const NOW = Date.parse('2026-11-20T12:10:00Z');

const STATUS_LIST = [
	{ id: '1', name: 'Pending' },
	{ id: '2', name: 'Fulfillment Processed' },
	{ id: '3', name: 'Partially Fulfilled' },
	{ id: '4', name: 'Error' },
];

function client(concurrency = 2) {
	return new NetSuiteClient({
		transport: fetchTransport(),
		clock: fakeClock(NOW),
		hosts: netSuiteHosts('1234567_SB1'),
		concurrency,
	});
}

function suiteqlReply(items) {
	return {
		links: [],
		count: items.length,
		hasMore: false,
		offset: 0,
		totalResults: items.length,
		items: items.map((i) => ({ links: [], ...i })),
	};
}

/** Records every SuiteQL query and answers the status list and the order statuses given. */
/** `unsent`: sales order → its fulfillments NetSuite shows not sent. */
function suiteqlServer({ statuses = {}, queries = [], unsent = {} } = {}) {
	return nock(REST)
		.post(SUITEQL)
		.query(true)
		.times(10)
		.reply((_uri, body) => {
			queries.push(body.q);
			if (/customlist_amz_order_status/i.test(body.q)) return [200, suiteqlReply(STATUS_LIST)];
			// NetSuite reads the IDs as numbers and answers with them so: 0501 comes back as 501.
			const ids = (/IN \(([^)]*)\)/.exec(body.q)?.[1] ?? '')
				.split(',')
				.map((s) => s.trim().replace(/^0+(?=\d)/, ''));
			if (/ItemShip/.test(body.q)) {
				const rows = ids.flatMap((so) =>
					(unsent[so] ?? []).map((f) => ({ sales_order_id: so, fulfillment_id: f })),
				);
				return [200, suiteqlReply(rows)];
			}
			return [
				200,
				suiteqlReply(ids.filter((id) => statuses[id]).map((id) => ({ id, status: statuses[id] }))),
			];
		});
}

/** Records PATCH bodies per record; `answer(type, id, n)` may return a custom [status, body, headers]. */
function patchServer(patches, answer = () => undefined) {
	const counts = {};
	return nock(REST)
		.patch(/\/services\/rest\/record\/v1\/(salesOrder|itemFulfillment)\/\d+/)
		.times(100)
		.reply((uri, body) => {
			const [, type, id] = /record\/v1\/(\w+)\/(\d+)/.exec(uri);
			const key = `${type} ${id}`;
			counts[key] = (counts[key] ?? 0) + 1;
			const custom = answer(type, id, counts[key]);
			if (custom) return custom;
			patches.push({ record: key, body });
			return [204, '', { Location: `${REST}${RECORD}/${type}/${id}` }];
		});
}

const accepted = (i, f, so, settings) =>
	input(i, fulfillmentItem({ fulfillmentId: f, salesOrderId: so, outcome: 'accepted' }), settings);

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

test('both records updated: list name resolved once per run, fulfillment and sales order PATCHed', async () => {
	const queries = [];
	const patches = [];
	suiteqlServer({ queries });
	patchServer(patches);
	const run = await runUpdate(client(), [accepted(0, '1201', '501'), accepted(1, '1301', '601')], {
		now: NOW,
		concurrency: 2,
	});

	expect(queries).toHaveLength(1);
	expect(queries[0]).toMatch(/FROM customlist_amz_order_status/);
	const byRecord = Object.fromEntries(patches.map((p) => [p.record, p.body]));
	expect(byRecord['itemFulfillment 1201']).toEqual({
		custbody_amz_ship_confirmed: true,
		custbody_amz_feed_id: '50001',
		custbody_amz_confirmed_at: '2026-11-20T12:05:00Z',
		custbody_amz_ship_error: null,
	});
	expect(byRecord['salesOrder 501']).toEqual({ custbody_amz_order_status: { id: '2' } });
	expect(Object.keys(byRecord).sort()).toEqual([
		'itemFulfillment 1201',
		'itemFulfillment 1301',
		'salesOrder 501',
		'salesOrder 601',
	]);
	for (const item of run.items) {
		expect(item.error).toBeUndefined();
		expect(item.netsuite).toMatchObject({
			salesOrderUpdated: true,
			fulfillmentUpdated: true,
			warnings: [],
			updatedAt: '2026-11-20T12:10:00Z',
		});
	}
});

test('list by internal ID and text need no lookup query', async () => {
	const patches = [];
	patchServer(patches);
	await runUpdate(
		client(),
		[
			accepted(0, '1', '11', { salesOrder: { valueType: 'listId', processedValue: '2' } }),
			accepted(1, '2', '12', {
				salesOrder: {
					valueType: 'text',
					statusFieldId: 'custbody_amz_status_text',
					processedValue: 'Shipped to Amazon',
				},
			}),
		],
		{ now: NOW, concurrency: 2 },
	);
	const byRecord = Object.fromEntries(patches.map((p) => [p.record, p.body]));
	expect(byRecord['salesOrder 11']).toEqual({ custbody_amz_order_status: { id: '2' } });
	expect(byRecord['salesOrder 12']).toEqual({ custbody_amz_status_text: 'Shipped to Amazon' });
	// nock would have thrown for an unexpected SuiteQL call (net connect disabled).
});

test('fields NetSuite ignored come back as warnings on the item', async () => {
	const patches = [];
	suiteqlServer();
	patchServer(patches, (type, id) =>
		type === 'itemFulfillment'
			? [
					204,
					'',
					{
						Location: `${REST}${RECORD}/${type}/${id}`,
						'X-NetSuite-PropertyValidation':
							'Property custbody_amz_feed_id is ignored; it does not exist on this record',
					},
				]
			: undefined,
	);
	const run = await runUpdate(client(), [accepted(0, '1201', '501')], { now: NOW, concurrency: 2 });
	expect(run.items[0].error).toBeUndefined();
	expect(run.items[0].netsuite.fulfillmentUpdated).toBe(true);
	expect(run.items[0].netsuite.warnings).toEqual([
		'itemFulfillment 1201: Property custbody_amz_feed_id is ignored; it does not exist on this record',
	]);
});

test('429 then 204: retried, then updated', async () => {
	const patches = [];
	suiteqlServer();
	const limit = {
		type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.30',
		title: 'Too Many Requests',
		status: 429,
		'o:errorDetails': [
			{ detail: 'Concurrency limit exceeded.', 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' },
		],
	};
	patchServer(patches, (type, _id, n) =>
		type === 'itemFulfillment' && n === 1 ? [429, limit] : undefined,
	);
	const c = client();
	const run = await runUpdate(c, [accepted(0, '1201', '501')], { now: NOW, concurrency: 2 });
	expect(run.items[0].error).toBeUndefined();
	expect(run.items[0].netsuite.fulfillmentUpdated).toBe(true);
	expect(patches.filter((p) => p.record === 'itemFulfillment 1201')).toHaveLength(1);
	expect(c.stats.patchRecord.retries).toBe(1);
});

test('one record failing among many: the others are still updated, the error names record, code and detail', async () => {
	const patches = [];
	suiteqlServer();
	const badRef = {
		type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1',
		title: 'Bad Request',
		status: 400,
		'o:errorDetails': [
			{
				detail: 'Invalid Field Value 9 for the following field: custbody_amz_ship_confirmed',
				'o:errorCode': 'INVALID_KEY_OR_REF',
				'o:errorPath': 'custbody_amz_ship_confirmed',
			},
		],
	};
	patchServer(patches, (type, id) =>
		type === 'itemFulfillment' && id === '1203' ? [400, badRef] : undefined,
	);
	const inputs = ['1201', '1202', '1203', '1204', '1205'].map((f, i) =>
		accepted(i, f, String(501 + i)),
	);
	const run = await runUpdate(client(), inputs, { now: NOW, concurrency: 2 });

	expect(
		patches
			.map((p) => p.record)
			.filter((r) => r.startsWith('itemFulfillment'))
			.sort(),
	).toEqual([
		'itemFulfillment 1201',
		'itemFulfillment 1202',
		'itemFulfillment 1204',
		'itemFulfillment 1205',
	]);
	const failed = run.items[2];
	expect(failed.netsuite.fulfillmentUpdated).toBe(false);
	expect(failed.netsuite.salesOrderUpdated).toBe(true);
	expect(failed.error.kind).toBe('api');
	expect(failed.error.record).toBe('itemFulfillment 1203');
	expect(failed.error.message).toContain('itemFulfillment 1203');
	expect(failed.error.message).toContain('INVALID_KEY_OR_REF');
	expect(failed.error.message).toContain('Invalid Field Value 9');
	expect(run.items.filter((i) => i.error)).toHaveLength(1);
});

test('several fulfillments of one sales order: one sales-order PATCH; partial order gets the partial value', async () => {
	const patches = [];
	const queries = [];
	suiteqlServer({ statuses: { 501: 'D', 502: 'F' }, queries });
	patchServer(patches);
	const settings = { salesOrder: { partialValue: 'Partially Fulfilled' } };
	const inputs = [
		accepted(0, '1201', '501', settings),
		accepted(1, '1202', '501', settings),
		accepted(2, '1203', '502', settings),
		accepted(3, '1204', '502', settings),
	];
	const run = await runUpdate(client(), inputs, { now: NOW, concurrency: 2 });

	// One status query for all orders, one for their unsent fulfillments, one list query.
	const orderQueries = queries.filter((q) => /FROM transaction/i.test(q));
	expect(orderQueries).toHaveLength(2);
	for (const q of orderQueries) expect(q).toMatch(/IN \(501, 502\)/);
	const salesOrderPatches = patches.filter((p) => p.record.startsWith('salesOrder'));
	expect(salesOrderPatches.map((p) => p.record).sort()).toEqual([
		'salesOrder 501',
		'salesOrder 502',
	]);
	expect(salesOrderPatches.find((p) => p.record === 'salesOrder 501').body).toEqual({
		custbody_amz_order_status: { id: '3' },
	});
	expect(salesOrderPatches.find((p) => p.record === 'salesOrder 502').body).toEqual({
		custbody_amz_order_status: { id: '2' },
	});
	expect(patches.filter((p) => p.record.startsWith('itemFulfillment'))).toHaveLength(4);
	expect(
		run.items.every((i) => i.netsuite.salesOrderUpdated && i.netsuite.fulfillmentUpdated),
	).toBe(true);
});

test('split order: the other fulfillment is not on Amazon (refused or not sent yet), so the order says partial though NetSuite calls it fully fulfilled', async () => {
	const patches = [];
	// 501: fully fulfilled in NetSuite (F), but its fulfillment 1209 was refused earlier and is unsent.
	// 502: fully fulfilled, its only other unsent fulfillment is the one accepted now.
	suiteqlServer({
		statuses: { 501: 'F', 502: 'F' },
		unsent: { 501: ['1201', '1209'], 502: ['1203'] },
	});
	patchServer(patches);
	const settings = { salesOrder: { partialValue: 'Partially Fulfilled' } };
	const run = await runUpdate(
		client(),
		[accepted(0, '1201', '501', settings), accepted(1, '1203', '502', settings)],
		{ now: NOW, concurrency: 2 },
	);
	const body = (record) => patches.find((p) => p.record === record).body;
	expect(body('salesOrder 501')).toEqual({ custbody_amz_order_status: { id: '3' } }); // partial
	expect(body('salesOrder 502')).toEqual({ custbody_amz_order_status: { id: '2' } }); // processed
	expect(run.items.every((i) => !i.error && i.netsuite.fulfillmentUpdated)).toBe(true);
});

test('IDs given with leading zeros (e.g. from a spreadsheet) still find the order status and unsent fulfillments NetSuite answers for them', async () => {
	const patches = [];
	suiteqlServer({ statuses: { 501: 'F' }, unsent: { 501: ['1201'] } });
	patchServer(patches);
	const settings = { salesOrder: { partialValue: 'Partially Fulfilled' } };
	const run = await runUpdate(client(), [accepted(0, '01201', '0501', settings)], {
		now: NOW,
		concurrency: 2,
	});
	expect(run.items[0].error).toBeUndefined();
	// Fully fulfilled, and the only unsent fulfillment is the one accepted now: processed.
	// Written as NetSuite names it.
	expect(patches.find((p) => p.record === 'salesOrder 501').body).toEqual({
		custbody_amz_order_status: { id: '2' },
	});
});

test('both parts of a split order accepted in one run: processed', async () => {
	const patches = [];
	suiteqlServer({ statuses: { 501: 'F' }, unsent: { 501: ['1201', '1202'] } });
	patchServer(patches);
	const settings = { salesOrder: { partialValue: 'Partially Fulfilled' } };
	await runUpdate(
		client(),
		[accepted(0, '1201', '501', settings), accepted(1, '1202', '501', settings)],
		{ now: NOW, concurrency: 2 },
	);
	expect(patches.find((p) => p.record === 'salesOrder 501').body).toEqual({
		custbody_amz_order_status: { id: '2' },
	});
});

test('reading the unsent fulfillments fails: the order is not set and its fulfillment is held unsent, as when the status read fails', async () => {
	const patches = [];
	nock(REST)
		.post(SUITEQL)
		.query(true)
		.times(10)
		.reply((_uri, body) => {
			if (/customlist/.test(body.q)) return [200, suiteqlReply(STATUS_LIST)];
			if (/ItemShip/.test(body.q))
				return [400, { 'o:errorDetails': [{ detail: 'Unknown field' }] }];
			return [200, suiteqlReply([{ id: '501', status: 'F' }])];
		});
	patchServer(patches);
	const settings = { salesOrder: { partialValue: 'Partially Fulfilled' } };
	const run = await runUpdate(client(), [accepted(0, '1201', '501', settings)], {
		now: NOW,
		concurrency: 2,
	});
	expect(patches.find((p) => p.record === 'salesOrder 501')).toBeUndefined();
	const f = patches.find((p) => p.record === 'itemFulfillment 1201');
	expect(f ? f.body.custbody_amz_ship_confirmed : undefined).not.toBe(true);
	expect(run.items[0].error.message).toContain("could not read the order's status");
});

test('failed status lookup: the order is not set, so its fulfillments are written WITHOUT the sent flag and say why (a later run repeats them); other orders go through', async () => {
	const patches = [];
	nock(REST)
		.post(SUITEQL)
		.query(true)
		.times(10)
		.reply((_uri, body) =>
			/customlist/.test(body.q)
				? [200, suiteqlReply(STATUS_LIST)]
				: [
						400,
						{
							title: 'Bad Request',
							status: 400,
							'o:errorDetails': [
								{ detail: 'Invalid search query.', 'o:errorCode': 'INVALID_PARAMETER' },
							],
						},
					],
		);
	patchServer(patches);
	const partial = { salesOrder: { partialValue: 'Partially Fulfilled' } };
	const run = await runUpdate(
		client(),
		[
			accepted(0, '1201', '501', partial),
			accepted(1, '1202', '501', partial),
			// Needs no status lookup (no partial value): written as usual.
			accepted(2, '1301', '601'),
		],
		{ now: NOW, concurrency: 2 },
	);
	expect(patches.map((p) => p.record).sort()).toEqual([
		'itemFulfillment 1201',
		'itemFulfillment 1202',
		'itemFulfillment 1301',
		'salesOrder 601',
	]);
	const byRecord = Object.fromEntries(patches.map((p) => [p.record, p.body]));
	for (const [index, f] of [
		[0, '1201'],
		[1, '1202'],
	]) {
		const body = byRecord[`itemFulfillment ${f}`];
		expect(body).not.toHaveProperty('custbody_amz_ship_confirmed');
		expect(body.custbody_amz_feed_id).toBe('50001');
		expect(body.custbody_amz_ship_error).toMatch(
			/order status of salesOrder 501 could not be set.*INVALID_PARAMETER.*left unsent/s,
		);
		const item = run.items[index];
		expect(item.netsuite).toMatchObject({ fulfillmentUpdated: true, salesOrderUpdated: false });
		expect(item.error.kind).toBe('api');
		expect(item.error.message).toContain("salesOrder 501: could not read the order's status");
		expect(item.error.description).toContain('INVALID_PARAMETER');
		expect(item.error.description).toContain(`itemFulfillment ${f} was left unsent`);
	}
	expect(byRecord['itemFulfillment 1301'].custbody_amz_ship_confirmed).toBe(true);
	expect(run.items[2].error).toBeUndefined();
});

test('concurrency never above the cap (server-side count with delayed answers)', async () => {
	let active = 0;
	let peak = 0;
	let count = 0;
	nock(REST)
		.persist()
		.patch(/\/services\/rest\/record\/v1\/\w+\/\d+/)
		.reply((uri, _body, callback) => {
			active++;
			count++;
			peak = Math.max(peak, active);
			setTimeout(() => {
				active--;
				callback(null, [204, '', { Location: `${REST}${uri}` }]);
			}, 15);
		});
	const inputs = Array.from({ length: 12 }, (_, i) =>
		accepted(i, String(2000 + i), String(700 + i), {
			salesOrder: { valueType: 'listId', processedValue: '2' },
		}),
	);
	const c = client(3);
	const run = await runUpdate(c, inputs, { now: NOW, concurrency: 3 });
	expect(count).toBe(24);
	expect(run.items.every((i) => !i.error)).toBe(true);
	expect(peak).toBeGreaterThan(1);
	expect(peak).toBeLessThanOrEqual(3);
	expect(c.peakConcurrency).toBeLessThanOrEqual(3);
});

describe('status list not readable or value not in it: the order is not set, so its accepted fulfillments are NOT marked sent and say why', () => {
	const listAnswers = {
		'500 error': () => [500, { title: 'Internal Server Error', status: 500 }],
		'400 error': () => [
			400,
			{
				title: 'Bad Request',
				status: 400,
				'o:errorDetails': [{ detail: 'Invalid search query.', 'o:errorCode': 'INVALID_PARAMETER' }],
			},
		],
		'an HTML page with 200': () => [
			200,
			'<!DOCTYPE html><html><body>NetSuite is undergoing maintenance</body></html>',
			{ 'Content-Type': 'text/html' },
		],
		'truncated JSON with 200': () => [
			200,
			JSON.stringify(suiteqlReply(STATUS_LIST)).slice(0, 60),
			{ 'Content-Type': 'application/json' },
		],
		'a list without the configured value': () => [
			200,
			suiteqlReply(STATUS_LIST.filter((v) => v.name !== 'Fulfillment Processed')),
		],
	};
	test.each(Object.keys(listAnswers))('%s', async (name) => {
		const patches = [];
		nock(REST)
			.post(SUITEQL)
			.query(true)
			.times(10)
			.reply((_uri, body) =>
				/customlist/.test(body.q) ? listAnswers[name]() : [200, suiteqlReply([])],
			);
		patchServer(patches);
		const run = await runUpdate(
			client(),
			[accepted(0, '1201', '501'), accepted(1, '1202', '501')],
			{ now: NOW, concurrency: 2 },
		);
		expect(patches.map((p) => p.record).sort()).toEqual([
			'itemFulfillment 1201',
			'itemFulfillment 1202',
		]);
		for (const [index, f] of [
			[0, '1201'],
			[1, '1202'],
		]) {
			const body = patches.find((p) => p.record === `itemFulfillment ${f}`).body;
			expect(body).not.toHaveProperty('custbody_amz_ship_confirmed');
			expect(body.custbody_amz_feed_id).toBe('50001');
			expect(body.custbody_amz_ship_error).toMatch(
				/Amazon accepted this fulfillment, but salesOrder 501 was not updated: .*customlist_amz_order_status.*left unsent/s,
			);
			const item = run.items[index];
			expect(item.netsuite).toMatchObject({ fulfillmentUpdated: true, salesOrderUpdated: false });
			expect(item.error.message).toMatch(/^salesOrder 501: .*customlist_amz_order_status/);
			expect(item.error.description).toContain(`itemFulfillment ${f} was left unsent`);
		}
		if (name.startsWith('a list without'))
			expect(run.items[0].error.description).toMatch(/The list holds: .*pending/i);
	});
});

test('status lookup answers without the order: a partially shipped order is not guessed complete, its fulfillment stays unsent', async () => {
	const patches = [];
	// Answers the status list, but the order-status query comes back empty.
	suiteqlServer({ statuses: {} });
	patchServer(patches);
	const run = await runUpdate(
		client(),
		[accepted(0, '1201', '501', { salesOrder: { partialValue: 'Partially Fulfilled' } })],
		{ now: NOW, concurrency: 2 },
	);
	expect(patches.map((p) => p.record)).toEqual(['itemFulfillment 1201']);
	expect(patches[0].body).not.toHaveProperty('custbody_amz_ship_confirmed');
	expect(patches[0].body.custbody_amz_ship_error).toMatch(
		/salesOrder 501 was not updated.*did not include sales order 501.*left unsent/s,
	);
	expect(run.items[0].error.message).toContain("salesOrder 501: could not read the order's status");
});

test('an accepted fulfillment with tracking numbers not sent (box contents unknown): marked sent, and the error field and the item name the numbers not sent', async () => {
	const patches = [];
	suiteqlServer();
	patchServer(patches);
	const item = fulfillmentItem({ fulfillmentId: '1205', salesOrderId: '505', outcome: 'accepted' });
	item.trackingNumbers = ['1Z999AA10123456803', '1Z999AA10123456814', '1Z999AA10123456825'];
	item.amazon.submission.trackingNotSent = ['1Z999AA10123456814', '1Z999AA10123456825'];
	const run = await runUpdate(client(), [input(0, item)], { now: NOW, concurrency: 2 });
	const body = patches.find((p) => p.record === 'itemFulfillment 1205').body;
	expect(body.custbody_amz_ship_confirmed).toBe(true);
	expect(body.custbody_amz_ship_error).toMatch(
		/^Not sent to Amazon: tracking numbers 1Z999AA10123456814, 1Z999AA10123456825 \(feed 50001\)\. .*package tracking column/,
	);
	expect(run.items[0].error).toBeUndefined();
	expect(run.items[0].netsuite.warnings.join(' ')).toContain(
		'itemFulfillment 1205: Not sent to Amazon: tracking numbers 1Z999AA10123456814, 1Z999AA10123456825',
	);
});
