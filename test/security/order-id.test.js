'use strict';

/**
 * The emulator and the nodes follow the same published rule for AmazonOrderID (issue 16): the
 * XSD pattern \w{3}-\w{7}-\w{7}, where XML Schema's \w is Unicode. An order ID with odd characters
 * that the nodes let through (the schema allows it) is refused by Amazon as that one message, not
 * as a failed feed; the emulator used JavaScript's ASCII \w and failed the whole feed.
 */
const { createAmazonEmulator } = require('../../emulators/amazon');
const {
	createTestClient,
	parseProcessingReport,
	fulfillmentXml,
} = require('../../emulators/amazon/testkit');
const { AMAZON_ORDER_ID_RE } = require('../../core/feed/validate');

const GOOD = '114-1000001-1000001';
const SEED = {
	marketplaceId: 'ATVPDKIKX0DER',
	amazonOrders: [
		{
			amazonOrderId: GOOD,
			orderStatus: 'Unshipped',
			items: [{ orderItemId: '11111111111111', quantityOrdered: 1, quantityShipped: 0 }],
		},
	],
};

let emu;
afterEach(() => emu && emu.close());

test.each(['114-100000é-1000001', '114-1000001-100000$', '١١٤-1000001-1000001'])(
	'order ID %s: the nodes send it, Amazon refuses that message (18028), the rest of the feed is applied',
	async (odd) => {
		expect(AMAZON_ORDER_ID_RE.test(odd)).toBe(true); // the nodes' validation lets it through
		emu = createAmazonEmulator({
			seed: SEED,
			rateLimits: false,
			feedDelays: { inQueueMs: 0, inProgressMs: 0 },
		});
		const { url } = await emu.listen();
		const client = createTestClient(url);
		const xml = fulfillmentXml([
			{
				orderId: GOOD,
				carrierCode: 'UPS',
				tracking: '1Z999AA10123456784',
				items: [{ id: '11111111111111', qty: 1 }],
			},
			{
				orderId: odd,
				carrierCode: 'UPS',
				tracking: '1Z999AA10123456795',
				items: [{ id: '22222222222222', qty: 1 }],
			},
		]);
		const { feedId } = await client.submitFeed(xml);
		await emu.waitForFeeds();
		const { feed, text } = await client.downloadReport(feedId);
		expect(feed.processingStatus).toBe('DONE');
		const report = parseProcessingReport(text);
		expect(report.summary).toMatchObject({
			MessagesProcessed: 2,
			MessagesSuccessful: 1,
			MessagesWithError: 1,
		});
		expect(report.results).toEqual([
			expect.objectContaining({ messageId: 2, resultCode: 'Error', code: 18028 }),
		]);
	},
);

test('an order ID outside the schema still fails the feed, as Amazon does', async () => {
	const bad = '114-1000001-100000.';
	expect(AMAZON_ORDER_ID_RE.test(bad)).toBe(false); // and the nodes never send it
	emu = createAmazonEmulator({
		seed: SEED,
		rateLimits: false,
		feedDelays: { inQueueMs: 0, inProgressMs: 0 },
	});
	const { url } = await emu.listen();
	const client = createTestClient(url);
	const { feedId } = await client.submitFeed(
		fulfillmentXml([
			{
				orderId: bad,
				carrierCode: 'UPS',
				tracking: '1Z9',
				items: [{ id: '11111111111111', qty: 1 }],
			},
		]),
	);
	await emu.waitForFeeds();
	const { feed } = await client.downloadReport(feedId);
	expect(feed.processingStatus).toBe('FATAL');
});
