'use strict';
/**
 * The node against the NetSuite emulator (real HTTP on 127.0.0.1, real TBA signatures from the
 * credential): records really change, SuiteQL lookups run on the emulator's tables, and the
 * account-wide concurrency limit shared with "another integration" (occupy) is never exceeded.
 */
const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { NetSuiteUpdateOrder } = require('../../nodes/NetSuiteUpdateOrder/NetSuiteUpdateOrder.node');
const { fakeExecuteFunctions } = require('./fake-execute');
const { eightOrdersItems, eightOrdersSeed, fulfillmentItem } = require('./helpers');

let emulator;
let credentials;

beforeAll(async () => {
	emulator = createNetSuiteEmulator({
		seed: eightOrdersSeed(),
		concurrencyLimit: 3,
		latencyMs: { recordPatch: 25, suiteql: 10 },
	});
	const { url } = await emulator.listen();
	credentials = {
		authentication: 'tba',
		...DEFAULT_CREDENTIALS.netsuite,
		restBaseUrl: url,
		restletBaseUrl: url,
	};
});
afterAll(async () => emulator && (await emulator.close()));
beforeEach(() => emulator.reset());

test('records updated on the emulator; one PATCH per record; partial and error states', async () => {
	const { run } = fakeExecuteFunctions({
		nodeClass: NetSuiteUpdateOrder,
		items: eightOrdersItems(),
		credentials,
		parameters: { partialValue: 'Partially Fulfilled', errorValue: 'Error' },
	});
	const [out] = await run();
	const state = emulator.inspect();
	const stats = emulator.stats();

	expect(out).toHaveLength(16);
	expect(out.every((o, i) => o.pairedItem.item === i && !o.json.error)).toBe(true);
	// 16 fulfillments + 8 sales orders, each once; 1 list lookup + 1 order-status lookup + 1 read
	// of the orders' unsent fulfillments.
	expect(stats.calls.recordPatch).toBe(24);
	expect(stats.calls.suiteql).toBe(3);

	expect(state.salesOrders['501'].amazonOrderStatus).toBe('Partially Fulfilled');
	for (const id of ['502', '503', '504', '505', '506', '507'])
		expect(state.salesOrders[id].amazonOrderStatus).toBe('Fulfillment Processed');
	expect(state.salesOrders['508'].amazonOrderStatus).toBe('Error');

	expect(state.itemFulfillments['1201']).toMatchObject({
		sentToAmazon: true,
		feedId: '50000',
		confirmedAt: '2026-11-20T12:05:00Z',
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

test('concurrency never above the account limit shared with another integration', async () => {
	// Limit 3, one slot held by "another integration": this node (concurrency 2) fits in what is left.
	const release = emulator.occupy(1);
	try {
		const { run } = fakeExecuteFunctions({
			nodeClass: NetSuiteUpdateOrder,
			items: eightOrdersItems(),
			credentials,
			parameters: { options: { concurrency: 2 } },
		});
		const [out] = await run();
		expect(out.every((o) => !o.json.error)).toBe(true);
	} finally {
		release();
	}
	const stats = emulator.stats();
	expect(stats.peakConcurrency).toBe(3);
	expect(stats.concurrencyRejected).toBe(0);
	// Order 508 (one fulfillment rejected, no error value configured) is left as it is: 16 + 7.
	expect(stats.calls.recordPatch).toBe(23);
});

test('ignored custom fields on the emulator are reported as warnings', async () => {
	const { run } = fakeExecuteFunctions({
		nodeClass: NetSuiteUpdateOrder,
		items: eightOrdersItems().slice(0, 1),
		credentials,
		parameters: {
			fulfillmentFields: {
				field: [{ fieldId: 'custbody_not_on_this_form', type: 'text', value: 'x' }],
			},
		},
	});
	const [out] = await run();
	expect(out[0].json.netsuite.fulfillmentUpdated).toBe(true);
	expect(out[0].json.netsuite.warnings.join(' ')).toMatch(
		/itemFulfillment 1201: .*custbody_not_on_this_form/,
	);
	expect(emulator.inspect().itemFulfillments['1201'].sentToAmazon).toBe(true);
});

test.each(['rateHtml', 'rateTruncated', 'rateNoItems'])(
	'status lookups misanswered (%s): the partially shipped order is NOT set to Fulfillment Processed, its fulfillments stay unsent with the reason',
	async (fault) => {
		emulator.setFaults({ suiteql: { [fault]: 1 } });
		const { run } = fakeExecuteFunctions({
			nodeClass: NetSuiteUpdateOrder,
			items: eightOrdersItems().slice(0, 2),
			credentials,
			parameters: { partialValue: 'Partially Fulfilled', errorValue: 'Error' },
			continueOnFail: true,
		});
		const [out] = await run();
		emulator.setFaults({});
		const state = emulator.inspect();
		expect(state.salesOrders['501'].amazonOrderStatus).not.toBe('Fulfillment Processed');
		for (const id of ['1201', '1202']) {
			expect(state.itemFulfillments[id].sentToAmazon).toBe(false);
			expect(state.itemFulfillments[id].error).toMatch(
				/Amazon accepted this fulfillment, but .*salesOrder 501.*UNEXPECTED_RESPONSE.*left unsent/s,
			);
		}
		expect(out.map((o) => o.json.error?.message ?? o.json.error)).toEqual([
			expect.stringMatching(/salesOrder 501/),
			expect.stringMatching(/salesOrder 501/),
		]);
	},
);
