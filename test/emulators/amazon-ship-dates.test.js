'use strict';
/** The emulator's ship-date rules (README "Ship dates"): later than now or before the order → refused. */
const { createAmazonEmulator } = require('../../emulators/amazon');
const {
	createTestClient,
	parseProcessingReport,
	fulfillmentXml,
} = require('../../emulators/amazon/testkit');

const O1 = '114-1000001-1000001';
const NOW = Date.parse('2026-11-27T10:00:00Z');
const SEED = {
	marketplaceId: 'ATVPDKIKX0DER',
	amazonOrders: [
		{
			amazonOrderId: O1,
			purchaseDate: '2026-11-20T18:00:00Z',
			items: [{ orderItemId: '11111111111111', quantityOrdered: 50 }],
		},
	],
};
const message = (date) => ({
	orderId: O1,
	carrierCode: 'UPS',
	tracking: '1Z999AA10123456784',
	date,
	items: [{ id: '11111111111111', qty: 1 }],
});

async function start(options = {}) {
	const emu = createAmazonEmulator({
		seed: SEED,
		rateLimits: false,
		clock: { now: () => NOW },
		feedDelays: { inQueueMs: 0, inProgressMs: 0 },
		...options,
	});
	return { emu, client: createTestClient((await emu.listen()).url) };
}

let emu;
afterEach(() => emu && emu.close());

async function report(client, xml) {
	const sub = await client.submitFeed(xml);
	await emu.waitForFeeds();
	return parseProcessingReport((await client.downloadReport(sub.feedId)).text);
}

test('feed: in the future → 99012, before the purchase → 99013, in between → accepted', async () => {
	let client;
	({ emu, client } = await start());
	const r = await report(
		client,
		fulfillmentXml([
			message('2026-11-27T10:05:00Z'),
			message('2026-11-20T17:59:00Z'),
			message('2026-11-20T18:00:00Z'),
		]),
	);
	expect(r.results.map((x) => [x.messageId, x.code])).toEqual([
		[1, 99012],
		[2, 99013],
	]);
	expect(r.results[0].description).toMatch(/in the future/);
	expect(r.results[1].description).toMatch(/before the order date 2026-11-20T18:00:00Z/);
	expect(emu.inspect().orders[O1].packages).toHaveLength(1);
});

test('shipDateRules: false turns the checks off', async () => {
	let client;
	({ emu, client } = await start({ shipDateRules: false }));
	const r = await report(client, fulfillmentXml([message('2026-11-28T10:05:00Z')]));
	expect(r.results).toEqual([]);
});

test('confirmShipment: a future ship date is a 400 with the reason', async () => {
	let client;
	({ emu, client } = await start());
	const res = await client.sp('POST', `/orders/v0/orders/${O1}/shipmentConfirmation`, {
		marketplaceId: 'ATVPDKIKX0DER',
		packageDetail: {
			packageReferenceId: '1',
			carrierCode: 'UPS',
			trackingNumber: '1Z999AA10123456784',
			shipDate: '2026-11-28T00:00:00Z',
			orderItems: [{ orderItemId: '11111111111111', quantity: 1 }],
		},
	});
	expect(res.status).toBe(400);
	expect(res.body.errors[0].message).toMatch(/in the future/);
});
