'use strict';
/**
 * Issue 15, "one wrong marketplace poisons the batch": every fulfillment's marketplace is checked
 * against the credential's region (and Amazon's list) before anything is sent; the wrong one goes
 * to Invalid with the fix and the others are sent and processed. A feed that fails after another
 * went out leaves its items as failed items instead of failing the run.
 */
const { feedRunner, runFeed, carrierTable } = require('./helpers');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { samples, carrierRules } = require('../fixtures/feed/fulfillments');

const US_ORDER = '114-1234567-1234567';
const CA_ORDER = '702-1234567-1234567';

let emu;
let runner;

const order = (amazonOrderId, marketplaceId) => ({
	amazonOrderId,
	marketplaceId,
	orderStatus: 'Unshipped',
	fulfillmentChannel: 'MFN',
	purchaseDate: '2026-01-02T10:00:00Z',
	items: [
		{ orderItemId: '12345678901234', sellerSku: 'MUG-RED', quantityOrdered: 2, quantityShipped: 0 },
		{
			orderItemId: '22345678901234',
			sellerSku: 'MUG-BLUE',
			quantityOrdered: 1,
			quantityShipped: 0,
		},
	],
});

beforeAll(async () => {
	// The seller sells in the US only (the emulator derives participations from the orders).
	emu = createAmazonEmulator({
		rateLimits: false,
		feedDelays: { inQueueMs: 1, inProgressMs: 1 },
		seed: { marketplaceId: 'ATVPDKIKX0DER', amazonOrders: [order(US_ORDER, 'ATVPDKIKX0DER')] },
	});
	const { url } = await emu.listen();
	runner = await feedRunner(url);
});

beforeEach(() => emu.reset());

afterAll(async () => {
	await emu?.close();
});

const table = { carrierMapping: carrierTable(carrierRules) };
const us = samples.complete;
const de = {
	...samples.complete,
	fulfillmentId: '4801',
	fulfillmentNumber: 'IF4801',
	marketplaceId: 'A1PA6795UKMFR9',
};
const typo = {
	...samples.complete,
	fulfillmentId: '4802',
	fulfillmentNumber: 'IF4802',
	marketplaceId: 'ATVPDKIKX0DEP',
};

test('a marketplace of another region and an unknown ID go to Invalid with the fix; the US fulfillment is sent and confirmed', async () => {
	const run = await runFeed(runner, [de, us, typo], table);
	expect(run.error).toBeNull();

	expect(run.invalid.map((i) => i.json.fulfillmentId)).toEqual(['4801', '4802']);
	const [deOut, typoOut] = run.invalid.map((i) => i.json.amazon);
	expect(deOut.result.outcome).toBe('invalid');
	expect(deOut.validation).toEqual([
		expect.objectContaining({
			field: 'marketplaceId',
			message: expect.stringMatching(
				/IF4801.*A1PA6795UKMFR9 \(Germany\) belongs to Amazon region EU.*credential is for region NA/,
			),
			fix: expect.stringMatching(/credential for region EU/),
		}),
	]);
	expect(typoOut.validation).toEqual([
		expect.objectContaining({
			field: 'marketplaceId',
			message: expect.stringMatching(/IF4802.*'ATVPDKIKX0DEP' is not an Amazon marketplace/),
			fix: expect.stringMatching(/Additional Marketplace IDs/),
		}),
	]);

	expect(run.submitted).toHaveLength(1);
	const submission = run.submitted[0].json.amazon.submission;
	expect(submission.marketplaceId).toBe('ATVPDKIKX0DER');
	// The feed's message count travels with the item, so Feed Status can account for every message.
	expect(submission.messageCount).toBe(1);
	// Exactly one feed reached Amazon, and it is processed: the US order holds the package.
	expect(emu.inspect().feeds.map((f) => f.marketplaceId)).toEqual(['ATVPDKIKX0DER']);
	await emu.waitForFeeds();
	expect(emu.inspect().feeds[0].status).toBe('DONE');
	expect(emu.report(submission.feedId)).toContain('<MessagesSuccessful>1</MessagesSuccessful>');
});

test('Additional Marketplace IDs lets an ID the package does not know through to Amazon', async () => {
	const run = await runFeed(runner, [typo], {
		...table,
		options: { additionalMarketplaceIds: 'ATVPDKIKX0DEP, A9OTHER' },
	});
	expect(run.invalid).toEqual([]);
	// Amazon (the emulator) refuses a marketplace the seller does not sell in; nothing else was sent.
	expect(run.error.message).toMatch(/ATVPDKIKX0DEP/);
});

test('a feed Amazon refuses after another went out: its items come out failed, the sent one is kept', async () => {
	// Canada is in the credential's region, but the seller does not sell there: createFeed answers 400.
	const ca = {
		...samples.complete,
		fulfillmentId: '4803',
		fulfillmentNumber: 'IF4803',
		amazonOrderId: CA_ORDER,
		marketplaceId: 'A2EUQ1WTGCTBG2',
	};
	const run = await runFeed(runner, [us, ca], table);
	expect(run.error).toBeNull();
	expect(run.invalid).toEqual([]);
	const byId = Object.fromEntries(run.submitted.map((i) => [i.json.fulfillmentId, i.json]));
	expect(byId['4711'].amazon.submission.feedId).toMatch(/^\d+$/);
	expect(byId['4803'].amazon.submission).toBeUndefined();
	expect(byId['4803'].amazon.result).toMatchObject({
		outcome: 'failed',
		message: expect.stringMatching(/A2EUQ1WTGCTBG2.*stays unsent/),
	});
	expect(byId['4803'].error).toMatchObject({ marketplaceId: 'A2EUQ1WTGCTBG2', httpCode: 400 });
	expect(emu.inspect().feeds.map((f) => f.marketplaceId)).toEqual(['ATVPDKIKX0DER']);
});
