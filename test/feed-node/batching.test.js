'use strict';
/** Batching (one feed per marketplace, split past the size limit) and validation routing. */
const { feedRunner, runFeed, carrierTable } = require('./helpers');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { base, carrierRules } = require('../fixtures/feed/fulfillments');

let emu;
let runner;

beforeAll(async () => {
	emu = createAmazonEmulator({
		rateLimits: false,
		seed: require('../../emulators/seed/default-seed.json'),
	});
	const { url } = await emu.listen();
	runner = await feedRunner(url);
});

afterAll(async () => {
	await emu?.close();
});

beforeEach(() => emu.reset());

const table = { carrierMapping: carrierTable(carrierRules) };

/** n distinct valid fulfillments (ids 5000+i, order ids unique per i). */
function many(n, over = () => ({})) {
	return Array.from({ length: n }, (_, i) => {
		const seq = String(1000000 + i);
		return base({
			fulfillmentId: String(5000 + i),
			fulfillmentNumber: `IF${5000 + i}`,
			amazonOrderId: `114-${seq}-${seq}`,
			...over(i),
		});
	});
}

const feeds = () => emu.inspect().feeds;

describe('batching', () => {
	test('all items of a run go into one feed per marketplace', async () => {
		const items = many(6, (i) => ({
			marketplaceId: i % 2 ? 'A2EUQ1WTGCTBG2' : 'ATVPDKIKX0DER',
		}));
		const run = await runFeed(runner, items, table);
		expect(run.error).toBeNull();
		expect(run.invalid).toEqual([]);
		expect(
			feeds()
				.map((f) => f.marketplaceId)
				.sort(),
		).toEqual(['A2EUQ1WTGCTBG2', 'ATVPDKIKX0DER']);
		const subs = run.submitted.map((i) => i.json.amazon.submission);
		expect(run.submitted.map((i) => i.pairedItem.item)).toEqual([0, 1, 2, 3, 4, 5]);
		const byMarket = {};
		for (const s of subs) (byMarket[s.marketplaceId] ??= new Set()).add(s.feedId);
		expect(byMarket.ATVPDKIKX0DER.size).toBe(1);
		expect(byMarket.A2EUQ1WTGCTBG2.size).toBe(1);
		// Message IDs run 1..n within each feed.
		const us = subs.filter((s) => s.marketplaceId === 'ATVPDKIKX0DER');
		expect(us.map((s) => s.packages[0].messageId)).toEqual([1, 2, 3]);
		const doc = emu.feedDocument(us[0].feedId);
		expect(doc.match(/<MessageID>/g)).toHaveLength(3);
		for (const s of us) expect(doc).toContain(`<AmazonOrderID>${s.amazonOrderId}</AmazonOrderID>`);
	});

	test('the default marketplace applies to items without one; a country code works too', async () => {
		const [a, b] = many(2);
		delete a.marketplaceId;
		b.marketplaceId = 'CA';
		const run = await runFeed(runner, [a, b], { ...table, defaultMarketplaceId: 'ATVPDKIKX0DER' });
		expect(run.error).toBeNull();
		expect(run.submitted.map((i) => i.json.amazon.submission.marketplaceId)).toEqual([
			'ATVPDKIKX0DER',
			'A2EUQ1WTGCTBG2',
		]);
	});

	test('a document is split only when the next fulfillment would pass the size limit', async () => {
		const items = many(9);
		const limitBytes = 2600;
		const run = await runFeed(runner, items, {
			...table,
			options: { maxDocumentSizeMiB: limitBytes / 1024 / 1024 },
		});
		expect(run.error).toBeNull();
		const subs = run.submitted.map((i) => i.json.amazon.submission);
		const feedIds = [...new Set(subs.map((s) => s.feedId))];
		expect(feedIds.length).toBeGreaterThan(1);
		expect(feeds()).toHaveLength(feedIds.length);
		let total = 0;
		for (const id of feedIds) {
			const doc = emu.feedDocument(id);
			expect(Buffer.byteLength(doc, 'utf8')).toBeLessThanOrEqual(limitBytes);
			const count = doc.match(/<MessageID>/g).length;
			total += count;
			// Numbering restarts per document.
			expect(subs.filter((s) => s.feedId === id).map((s) => s.packages[0].messageId)).toEqual(
				Array.from({ length: count }, (_, i) => i + 1),
			);
		}
		// Every fulfillment exactly once, and no document smaller than needed: two adjacent
		// documents together would not fit.
		expect(total).toBe(9);
		const sizes = feedIds.map((id) => Buffer.byteLength(emu.feedDocument(id), 'utf8'));
		const header = emu.feedDocument(feedIds[0]).indexOf('<Message>');
		for (let i = 1; i < sizes.length; i++) {
			expect(sizes[i - 1] + sizes[i] - header).toBeGreaterThan(limitBytes);
		}
	});

	test('the default limit keeps a normal run in one document', async () => {
		const run = await runFeed(runner, many(40), table);
		expect(run.error).toBeNull();
		expect(new Set(run.submitted.map((i) => i.json.amazon.submission.feedId)).size).toBe(1);
		expect(feeds()).toHaveLength(1);
	});
});

describe('validation routes items to Invalid and still sends the others', () => {
	test('each problem names the fulfillment, the field and the fix', async () => {
		const [good1, good2, good3] = many(3);
		const badOrder = { ...good2, amazonOrderId: '1141234567', fulfillmentNumber: 'IF-BAD1' };
		const badLine = {
			...good3,
			fulfillmentNumber: 'IF-BAD2',
			lines: [{ line: '1', quantity: 0, amazonOrderItemId: '1234' }],
		};
		const duplicate = { ...good1 };
		const noTracking = many(4)[3];
		noTracking.packages = [{ packageId: '1' }];
		noTracking.trackingNumbers = [];
		const run = await runFeed(runner, [good1, badOrder, badLine, duplicate, noTracking], table);
		expect(run.error).toBeNull();
		expect(run.submitted.map((i) => i.pairedItem.item)).toEqual([0]);
		expect(run.invalid.map((i) => i.pairedItem.item)).toEqual([1, 2, 3, 4]);
		expect(feeds()).toHaveLength(1);
		expect(emu.feedDocument(feeds()[0].feedId).match(/<MessageID>/g)).toHaveLength(1);

		const [order, line, dup, tracking] = run.invalid.map((i) => i.json.amazon);
		expect(order.validation).toEqual([
			expect.objectContaining({
				field: 'amazonOrderId',
				message: expect.stringMatching(/IF-BAD1.*'1141234567'.*3-7-7/),
				fix: expect.stringMatching(/Seller Central/),
			}),
		]);
		expect(line.validation.map((p) => p.field)).toEqual(
			expect.arrayContaining(['lines[0].amazonOrderItemId', 'lines[0].quantity']),
		);
		expect(dup.validation[0]).toMatchObject({ field: 'fulfillmentId' });
		expect(dup.validation[0].message).toMatch(/duplicate/);
		expect(tracking.validation[0].field).toMatch(/trackingNumber/);
		for (const a of [order, line, dup, tracking]) {
			expect(a.result).toMatchObject({ outcome: 'invalid', warnings: [], errors: [], attempt: 0 });
			expect(a.result.message).toMatch(/^Not sent to Amazon/);
			expect(a.submission).toBeUndefined();
		}
		// The input stays whole on the Invalid output too.
		expect(run.invalid[0].json.fulfillmentNumber).toBe('IF-BAD1');
		expect(run.invalid[0].json.lines).toEqual(badOrder.lines);
	});

	test('allowing fulfillments without tracking sends them', async () => {
		const [f] = many(1);
		f.packages = [{ packageId: '1' }];
		f.trackingNumbers = [];
		const run = await runFeed(runner, [f], { ...table, options: { allowMissingTracking: true } });
		expect(run.invalid).toEqual([]);
		expect(run.submitted[0].json.amazon.submission.packages[0].trackingNumber).toBeUndefined();
	});

	test('unmapped carriers can be refused instead of sent as Other', async () => {
		const [mapped, unmapped] = many(2, (i) => ({ shipMethod: i ? 'Acme Freight' : 'ups ground' }));
		const run = await runFeed(runner, [mapped, unmapped], {
			...table,
			carrierOptions: { unmapped: 'refuse' },
		});
		// Case-insensitive by default: 'ups ground' matches the 'UPS Ground' rule.
		expect(run.submitted[0].json.amazon.submission.packages[0].carrierCode).toBe('UPS');
		expect(run.invalid.map((i) => i.pairedItem.item)).toEqual([1]);
		expect(run.invalid[0].json.amazon.validation[0]).toMatchObject({ field: 'carrier' });
		expect(run.invalid[0].json.amazon.validation[0].fix).toMatch(/Add a rule for 'Acme Freight'/);
	});

	test('a near-miss carrier code in the table stops the run before anything is sent', async () => {
		const run = await runFeed(runner, many(1), {
			carrierMapping: {
				rule: [{ match: 'FedEx 2Day', carrierCode: '__custom__', customCarrierCode: 'FEDEX' }],
			},
		});
		expect(run.submitted).toEqual([]);
		expect(run.error.message).toMatch(
			/'FEDEX' is not an Amazon carrier code; did you mean 'FedEx'/,
		);
		expect(feeds()).toHaveLength(0);
	});

	test('a custom code added under extra carrier codes is accepted', async () => {
		const [f] = many(1, () => ({ shipMethod: 'Evri 48' }));
		const run = await runFeed(runner, [f], {
			carrierMapping: {
				rule: [{ match: 'Evri 48', carrierCode: '__custom__', customCarrierCode: 'Evri' }],
			},
			carrierOptions: { extraCarrierCodes: 'Evri, Hermes UK' },
		});
		expect(run.error).toBeNull();
		expect(run.submitted[0].json.amazon.submission.packages[0].carrierCode).toBe('Evri');
	});

	test('Other takes its carrier name from the chosen field', async () => {
		const [f] = many(1, () => ({ shipMethod: 'Acme Freight Economy', shipCarrier: 'Acme' }));
		const run = await runFeed(runner, [f], {
			...table,
			carrierOptions: { otherCarrierNameFrom: 'carrier' },
		});
		expect(run.submitted[0].json.amazon.submission.packages[0]).toMatchObject({
			carrierCode: 'Other',
			carrierName: 'Acme',
		});
	});
});
