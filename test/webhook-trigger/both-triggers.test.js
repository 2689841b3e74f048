'use strict';
/**
 * The webhook trigger and the poll trigger in one workflow can both emit a fulfillment before the
 * update node ticks its sent flag (a notice and a poll in the same minute, or two executions on
 * two queue-mode workers). Confirm Shipment must then send the same packageReferenceId from both,
 * so Amazon holds one package per box, edited by the second confirmation, never two.
 */
const { startEmulators } = require('../../emulators');
const { createTestClient } = require('../../emulators/amazon/testkit');
const { AmazonClient } = require('../../core/amazon/client');
const { runConfirmShipment } = require('../../core/confirm/run');
const { CarrierMapper } = require('../../core/feed/carrierMapping');
const { fetchTransport } = require('../amazon/helpers');
const { fakePoll } = require('../trigger/fake-poll');
const { fakeWebhook, notice } = require('./fake-webhook');

let env;
beforeAll(async () => {
	env = await startEmulators();
});
afterAll(async () => await env.close());

const realClock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
	random: () => Math.random(),
};

/** One execution's Amazon client, as each n8n execution (or worker) builds its own. */
async function amazonClient(calls) {
	const token = await createTestClient(env.amazon.url).token();
	return new AmazonClient({
		transport: fetchTransport({
			extraHeaders: { 'x-amz-access-token': token.body.access_token },
			log: calls,
		}),
		presignedTransport: fetchTransport(),
		clock: realClock,
		baseUrl: env.amazon.url,
		retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 },
	});
}

const mapper = () =>
	new CarrierMapper([{ match: 'UPS Ground', carrierCode: 'UPS', shippingMethod: 'Ground' }]);

async function confirm(item, calls) {
	return await runConfirmShipment(await amazonClient(calls), [item], mapper(), {
		clock: realClock,
		defaultMarketplaceId: 'ATVPDKIKX0DER',
	});
}

const sentReferences = (calls) =>
	calls
		.filter((c) => /shipmentConfirmation$/.test(c.url))
		.map((c) => JSON.parse(c.body).packageDetail.packageReferenceId);

test('both triggers emit 1204 at once: the same references, one package per box on Amazon', async () => {
	const netsuite = env.credentials.netSuiteApi;
	const [[polled], noticed] = await Promise.all([
		fakePoll({ parameters: { source: 'suiteql', startFrom: 'all' }, credentials: netsuite }).poll(),
		fakeWebhook({ credentials: netsuite }).receive(notice('1204')),
	]);
	const fromPoll = polled.find((i) => i.json.fulfillmentId === '1204').json;
	expect(noticed.started).toBe(true);
	const fromNotice = noticed.items[0].json;
	const orderId = fromNotice.amazonOrderId;
	expect(fromPoll.amazonOrderId).toBe(orderId);
	expect(fromNotice.packages).toHaveLength(2); // two boxes

	const pollCalls = [];
	const noticeCalls = [];
	const [a, b] = await Promise.all([
		confirm(fromPoll, pollCalls),
		confirm(fromNotice, noticeCalls),
	]);
	expect(a.invalid).toEqual([]);
	expect(b.invalid).toEqual([]);
	expect(sentReferences(pollCalls)).toEqual(['120401', '120402']);
	expect(sentReferences(noticeCalls)).toEqual(sentReferences(pollCalls));

	const order = env.amazon.inspect().orders[orderId];
	expect(order.packages.map((p) => p.packageReferenceId).sort()).toEqual(['120401', '120402']);
	// Each box confirmed twice, kept once; the order's quantities are not counted twice.
	expect(order.packages.map((p) => p.confirmations)).toEqual([2, 2]);
	for (const item of order.items)
		expect(item.quantityShipped).toBeLessThanOrEqual(item.quantityOrdered);
	expect(order.orderStatus).toBe('Shipped');
});

test('the notice first, the poll a moment later (sent flag not yet ticked): still one package', async () => {
	env.netsuite.reset();
	env.amazon.reset();
	const netsuite = env.credentials.netSuiteApi;
	const noticed = await fakeWebhook({ credentials: netsuite }).receive(notice('1201'));
	const first = noticed.items[0].json;
	const calls = [];
	await confirm(first, calls);
	const [polled] = await fakePoll({
		parameters: { source: 'suiteql', startFrom: 'all' },
		credentials: netsuite,
	}).poll();
	const again = polled.find((i) => i.json.fulfillmentId === '1201').json;
	await confirm(again, calls);
	expect(sentReferences(calls)).toEqual(['120101', '120101']);
	const order = env.amazon.inspect().orders[first.amazonOrderId];
	expect(order.packages).toHaveLength(1);
	expect(order.packages[0]).toMatchObject({ packageReferenceId: '120101', confirmations: 2 });
});
