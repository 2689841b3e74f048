'use strict';
/**
 * Write Mode "RESTlet batch" against the NetSuite emulator, which runs the shipped
 * suitescript/amz_batch_update_restlet.js: the same records end in the same state as with REST
 * PATCH, in a few calls; a repeated run writes nothing; a record NetSuite refuses keeps every rule
 * of the single-record mode; the script stops before its governance limit and the node sends the
 * rest in a follow-up call.
 */
const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { NetSuiteUpdateOrder } = require('../../nodes/NetSuiteUpdateOrder/NetSuiteUpdateOrder.node');
const { fakeExecuteFunctions } = require('./fake-execute');
const { eightOrdersItems, eightOrdersSeed, fulfillmentItem } = require('./helpers');
const { call, withQuery } = require('../emulators/netsuite-helpers');

const BATCH = { writeMode: 'restlet' };

let emulator;
let credentials;
let url;

async function start(options = {}) {
	if (emulator) await emulator.close();
	emulator = createNetSuiteEmulator({ seed: eightOrdersSeed(), concurrencyLimit: 3, ...options });
	({ url } = await emulator.listen());
	credentials = {
		authentication: 'tba',
		...DEFAULT_CREDENTIALS.netsuite,
		restBaseUrl: url,
		restletBaseUrl: url,
	};
}
beforeAll(() => start());
afterAll(async () => emulator && (await emulator.close()));
beforeEach(() => emulator.reset());

function runNode(items, parameters = {}, continueOnFail = false) {
	return fakeExecuteFunctions({
		nodeClass: NetSuiteUpdateOrder,
		items,
		credentials,
		continueOnFail,
		parameters: {
			partialValue: 'Partially Fulfilled',
			errorValue: 'Error',
			...BATCH,
			...parameters,
		},
	}).run();
}

test('same end state as REST PATCH, in 2 RESTlet calls instead of 24 PATCHes', async () => {
	const [out] = await runNode(eightOrdersItems());
	const state = emulator.inspect();
	const stats = emulator.stats();
	expect(out.every((o, i) => o.pairedItem.item === i && !o.json.error)).toBe(true);
	// Sales orders first (one call), then fulfillments (one call); no REST PATCH at all.
	expect(stats.calls.restlet).toBe(2);
	expect(stats.calls.recordPatch).toBeUndefined();
	// 24 records, each lookupFields 1 + submitFields 10 units.
	expect(stats.suitescript.byScript.customscript_amz_batch_update.units).toBe(24 * 11);
	expect(state.salesOrders['501'].amazonOrderStatus).toBe('Partially Fulfilled');
	for (const id of ['502', '503', '504', '505', '506', '507'])
		expect(state.salesOrders[id].amazonOrderStatus).toBe('Fulfillment Processed');
	expect(state.salesOrders['508'].amazonOrderStatus).toBe('Error');
	expect(state.itemFulfillments['1201']).toMatchObject({
		sentToAmazon: true,
		feedId: '50000',
		confirmedAt: '2026-11-20T12:05:00Z',
		error: null,
	});
	expect(state.itemFulfillments['1216'].sentToAmazon).toBe(false);
	expect(state.itemFulfillments['1216'].error).toContain(
		'[5004] The carrier-code field contains an invalid value.',
	);
	expect(out[15].json.netsuite).toMatchObject({
		fulfillmentUpdated: true,
		salesOrderUpdated: true,
	});
});

test('idempotent: the same items again write nothing (records unchanged, not even their modified time)', async () => {
	await runNode(eightOrdersItems());
	const before = emulator.inspect();
	const [out] = await runNode(eightOrdersItems());
	const after = emulator.inspect();
	expect(out.every((o) => !o.json.error && o.json.netsuite.fulfillmentUpdated)).toBe(true);
	for (const id of Object.keys(before.itemFulfillments)) {
		expect(after.itemFulfillments[id].lastModified).toBe(before.itemFulfillments[id].lastModified);
	}
	for (const id of Object.keys(before.salesOrders)) {
		expect(after.salesOrders[id].lastModified).toBe(before.salesOrders[id].lastModified);
	}
	// The second run cost 1 unit per record (lookupFields), no submitFields.
	const units = emulator.stats().suitescript.byScript.customscript_amz_batch_update.units;
	expect(units).toBe(24 * 11 + 24);
});

test('a sales order NetSuite refuses: its fulfillment is written without the sent flag, the error on it; the rest go through', async () => {
	const items = eightOrdersItems().slice(0, 4);
	// Order 502's write carries a value NetSuite refuses (a checkbox given "maybe"): the script
	// answers INVALID_FLD_VALUE for that record only.
	const [out] = await runNode(
		items,
		{
			salesOrderFields: (json) =>
				json.salesOrderId === '502'
					? { field: [{ fieldId: 'custbody_amz_ship_confirmed', type: 'text', value: 'maybe' }] }
					: {},
		},
		true,
	);
	const state = emulator.inspect();
	expect(state.salesOrders['502'].amazonOrderStatus).toBe('Pending');
	expect(state.itemFulfillments['1203'].sentToAmazon).toBe(false);
	expect(state.itemFulfillments['1203'].error).toMatch(
		/salesOrder 502 could not be updated.*INVALID_FLD_VALUE/s,
	);
	expect(out[2].json.error.message).toMatch(/salesOrder 502/);
	expect(out[2].json.error.code).toBe('INVALID_FLD_VALUE');
	expect(state.itemFulfillments['1201'].sentToAmazon).toBe(true);
	expect(out[0].json.error).toBeUndefined();
});

test('a script stopped by its governance limit hands the rest back; the node sends it in follow-up calls', async () => {
	// 150 units: (150 − 20 reserve) / 11 = 11 records per call at most.
	await start({ scriptLimits: { customscript_amz_batch_update: { units: 150, timeMs: 300000 } } });
	try {
		const [out] = await runNode(eightOrdersItems(), { batchSize: 400 });
		expect(out.every((o) => !o.json.error)).toBe(true);
		expect(
			Object.values(emulator.inspect().itemFulfillments).filter((f) => f.sentToAmazon),
		).toHaveLength(15);
		// 8 orders in one call; 16 fulfillments: 11, then the 5 handed back.
		expect(emulator.stats().calls.restlet).toBe(3);
		expect(emulator.stats().suitescript.byScript.customscript_amz_batch_update.errors).toEqual({});
		const target = withQuery(url, '/app/site/hosting/restlet.nl', {
			script: 'customscript_amz_batch_update',
			deploy: 'customdeploy_amz_batch_update',
		});
		const updates = Array.from({ length: 20 }, (_, i) => ({
			type: 'itemfulfillment',
			id: String(1201 + (i % 16)),
			values: { custbody_amz_feed_id: `f${i}` },
		}));
		const res = await call('POST', target, { body: { updates } });
		expect(res.status).toBe(200);
		expect(res.json.results).toHaveLength(11);
		expect(res.json.remaining).toEqual(updates.slice(11));
		expect(res.json.stoppedBy).toBe('governance');
		expect(res.json.usage.used).toBeLessThanOrEqual(150);
	} finally {
		await start();
	}
});
