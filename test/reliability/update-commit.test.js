'use strict';
/**
 * NetSuite Update Order writes the sales order first and ticks the fulfillment's sent flag (the
 * flow's commit mark) only when the order was written: a fulfillment whose order could not be
 * updated must come back on a later run, or the order's Amazon status would stay behind for good.
 * Found by the fault test (faults.test.js): an order left "Pending" after a failed PATCH.
 */
const { runUpdate } = require('../../core/update/run');
const { fulfillmentItem, input } = require('../update/helpers');

const STATUS_LIST = [
	{ id: '2', name: 'Fulfillment Processed' },
	{ id: '4', name: 'Error' },
];

/**
 * A NetSuite stand-in that records writes in order; `fail(type, id)` refuses one. In write mode
 * `restlet` the writes arrive through a fake of the batch RESTlet (per-record answers, in order),
 * recorded the same way, so every rule below is checked in both modes.
 */
function fakeNetSuite(fail = () => false, { statusLookupFails = false } = {}) {
	const patches = [];
	const REST_TYPE = { salesorder: 'salesOrder', itemfulfillment: 'itemFulfillment' };
	return {
		patches,
		restletCalls: 0,
		async restlet({ body }) {
			this.restletCalls++;
			return {
				results: body.updates.map((u) => {
					const type = REST_TYPE[u.type];
					patches.push({ record: `${type} ${u.id}`, body: u.values });
					return fail(type, String(u.id))
						? {
								type: u.type,
								id: u.id,
								status: 'error',
								error: { code: 'UNEXPECTED_ERROR', message: 'failed' },
							}
						: { type: u.type, id: u.id, status: 'updated' };
				}),
				remaining: [],
			};
		},
		async suiteql(query) {
			if (statusLookupFails && /FROM transaction/i.test(query)) {
				throw new Error('NetSuite SuiteQL query failed [HTTP 429 CONCURRENCY_LIMIT_EXCEEDED]');
			}
			return { rows: /customlist/.test(query) ? STATUS_LIST : [] };
		},
		async patchRecord(type, id, body) {
			patches.push({ record: `${type} ${id}`, body });
			if (fail(type, String(id))) {
				const error = new Error(
					`NetSuite record update (${type} ${id}) failed [HTTP 500 UNEXPECTED_ERROR]`,
				);
				throw error;
			}
			return { propertyValidation: [] };
		},
	};
}

const accepted = (i, f, so) =>
	input(i, fulfillmentItem({ fulfillmentId: f, salesOrderId: so, outcome: 'accepted' }));

const MODES = [
	['REST PATCH', {}],
	[
		'RESTlet batch',
		{
			writeMode: 'restlet',
			batch: {
				scriptId: 'customscript_amz_batch_update',
				deployId: 'customdeploy_amz_batch_update',
				recordsPerCall: 200,
			},
		},
	],
];

describe.each(MODES)('write mode %s', (name, mode) => {
	test('the sales order is written before the fulfillment is marked sent', async () => {
		const ns = fakeNetSuite();
		const run = await runUpdate(ns, [accepted(0, '1201', '501'), accepted(1, '1202', '502')], {
			now: Date.parse('2026-11-20T12:10:00Z'),
			concurrency: 2,
			...mode,
		});
		expect(run.items.every((i) => !i.error)).toBe(true);
		const order = ns.patches.map((p) => p.record);
		for (const [f, so] of [
			['1201', '501'],
			['1202', '502'],
		])
			expect(order.indexOf(`salesOrder ${so}`)).toBeLessThan(order.indexOf(`itemFulfillment ${f}`));
		expect(
			ns.patches.find((p) => p.record === 'itemFulfillment 1201').body.custbody_amz_ship_confirmed,
		).toBe(true);
	});

	test('order update failed: the fulfillment is NOT marked sent, says why, and the others go through', async () => {
		const ns = fakeNetSuite((type, id) => type === 'salesOrder' && id === '501');
		const run = await runUpdate(ns, [accepted(0, '1201', '501'), accepted(1, '1202', '502')], {
			now: Date.parse('2026-11-20T12:10:00Z'),
			concurrency: 2,
			...mode,
		});
		const held = ns.patches.find((p) => p.record === 'itemFulfillment 1201').body;
		expect(held).not.toHaveProperty('custbody_amz_ship_confirmed');
		expect(held.custbody_amz_ship_error).toMatch(
			/salesOrder 501 could not be updated.*left unsent/,
		);
		expect(run.items[0].error.message).toContain('salesOrder 501');
		expect(run.items[0].error.description).toMatch(/itemFulfillment 1201 was left unsent/);
		const other = ns.patches.find((p) => p.record === 'itemFulfillment 1202').body;
		expect(other.custbody_amz_ship_confirmed).toBe(true);
		expect(run.items[1].error).toBeUndefined();
	});

	test('order status could not be read (Processed or Partially Fulfilled?): same rule, the fulfillment is NOT marked sent and says why', async () => {
		const ns = fakeNetSuite(() => false, { statusLookupFails: true });
		const partial = { salesOrder: { partialValue: 'Partially Fulfilled' } };
		const item = input(
			0,
			fulfillmentItem({ fulfillmentId: '1201', salesOrderId: '501', outcome: 'accepted' }),
			partial,
		);
		const run = await runUpdate(ns, [item], {
			now: Date.parse('2026-11-20T12:10:00Z'),
			concurrency: 2,
			...mode,
		});
		expect(ns.patches.map((p) => p.record)).toEqual(['itemFulfillment 1201']);
		const held = ns.patches[0].body;
		expect(held).not.toHaveProperty('custbody_amz_ship_confirmed');
		expect(held.custbody_amz_ship_error).toMatch(
			/order status of salesOrder 501 could not be set.*CONCURRENCY_LIMIT_EXCEEDED.*left unsent/s,
		);
		expect(run.items[0].error.message).toContain('salesOrder 501');
		expect(run.items[0].error.description).toMatch(/itemFulfillment 1201 was left unsent/);
	});
});
