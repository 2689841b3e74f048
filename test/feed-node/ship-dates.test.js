'use strict';
/**
 * Issue 15, "ship dates on the wrong day", through the node against the emulator, which refuses a
 * ship date before the order's purchase date or in the future (emulators/amazon/README.md).
 */
const { feedRunner, runFeed, carrierTable } = require('./helpers');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { samples, carrierRules } = require('../fixtures/feed/fulfillments');

const ORDER = samples.complete.amazonOrderId;
// Bought at 10:04 in Los Angeles on the day NetSuite says it shipped.
const PURCHASED = '2026-01-05T18:04:00Z';

let emu;
let runner;

beforeAll(async () => {
	emu = createAmazonEmulator({
		rateLimits: false,
		feedDelays: { inQueueMs: 1, inProgressMs: 1 },
		seed: {
			marketplaceId: 'ATVPDKIKX0DER',
			amazonOrders: [
				{
					amazonOrderId: ORDER,
					orderStatus: 'Unshipped',
					fulfillmentChannel: 'MFN',
					purchaseDate: PURCHASED,
					items: [
						{ orderItemId: '12345678901234', quantityOrdered: 2, quantityShipped: 0 },
						{ orderItemId: '22345678901234', quantityOrdered: 1, quantityShipped: 0 },
					],
				},
			],
		},
	});
	await emu.listen();
	runner = await feedRunner(emu.url);
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu?.close();
});

const table = { carrierMapping: carrierTable(carrierRules) };

async function sendAndProcess(item, params = {}) {
	const run = await runFeed(runner, [item], { ...table, ...params });
	expect(run.error).toBeNull();
	expect(run.invalid).toEqual([]);
	const submission = run.submitted[0].json.amazon.submission;
	await emu.waitForFeeds();
	return {
		submission,
		document: emu.feedDocument(submission.feedId),
		report: emu.report(submission.feedId),
	};
}

test('a same-day order: sent at its purchase time in the account zone, and Amazon accepts it', async () => {
	const { submission, document, report } = await sendAndProcess({
		...samples.complete,
		netsuiteTimeZone: 'America/Los_Angeles',
		purchaseDate: PURCHASED,
	});
	expect(document).toContain('<FulfillmentDate>2026-01-05T10:04:00-08:00</FulfillmentDate>');
	expect(submission.packages[0].shipDate).toBe('2026-01-05T10:04:00-08:00');
	expect(submission.notes).toEqual([expect.stringMatching(/before the order was placed/)]);
	expect(report).toContain('<MessagesSuccessful>1</MessagesSuccessful>');
	expect(emu.inspect().orders[ORDER].packages).toHaveLength(1);
});

test('the NetSuite day is kept: midnight in the account zone, not midnight UTC', async () => {
	const run = await runFeed(
		runner,
		[{ ...samples.complete, shipDate: '2026-01-06', netsuiteTimeZone: 'America/Los_Angeles' }],
		table,
	);
	const submission = run.submitted[0].json.amazon.submission;
	expect(emu.feedDocument(submission.feedId)).toContain(
		'<FulfillmentDate>2026-01-06T00:00:00-08:00</FulfillmentDate>',
	);
});

test('Ship Time Zone set on the node wins over the item', async () => {
	const run = await runFeed(
		runner,
		[{ ...samples.complete, shipDate: '2026-01-06', netsuiteTimeZone: 'America/Los_Angeles' }],
		{ ...table, options: { shipTimeZone: 'America/New_York' } },
	);
	const submission = run.submitted[0].json.amazon.submission;
	expect(submission.packages[0].shipDate).toBe('2026-01-06T00:00:00-05:00');
});

test('the emulator refuses what Amazon refuses: a ship date before the order, or in the future', async () => {
	// Sent as it is (UTC midnight, no purchase date on the item): before the 10:04 order.
	const { report } = await sendAndProcess(samples.complete);
	expect(report).toMatch(/<ResultMessageCode>99013<\/ResultMessageCode>/);
	expect(report).toMatch(/is before the order date 2026-01-05T18:04:00Z/);
	expect(emu.inspect().orders[ORDER].packages).toEqual([]);
});

test.each([
	['netsuite-fulfillments-to-amazon.json'],
	['netsuite-fulfillments-to-amazon-confirm-shipment.json'],
])(
	'the template %s keeps the NetSuite day: its Ship Time Zone leaves the item zone in charge',
	async (file) => {
		const template = require(`../../workflows/${file}`);
		const feed = template.nodes.find((n) => n.type.endsWith('.amazonShipmentFeed'));
		// The template's own options (a pinned "Z" here sent Los Angeles dates as midnight UTC, the
		// evening before); the method is the feed's, so the document can be read back.
		const run = await runFeed(
			runner,
			[{ ...samples.complete, shipDate: '2026-01-06', netsuiteTimeZone: 'America/Los_Angeles' }],
			{ ...table, options: { ...feed.parameters.options, preview: false } },
		);
		expect(run.error).toBeNull();
		const submission = run.submitted[0].json.amazon.submission;
		expect(submission.packages[0].shipDate).toBe('2026-01-06T00:00:00-08:00');
	},
);
