'use strict';
/**
 * The node, run by n8n's engine against the Amazon emulator, uploads exactly the golden documents
 * that core/feed builds (test/fixtures/feed/*), and its output says what was sent under which IDs.
 */
const fs = require('node:fs');
const path = require('node:path');
const { feedRunner, runFeed, carrierTable } = require('./helpers');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { samples, carrierRules } = require('../fixtures/feed/fulfillments');

const golden = (name) => fs.readFileSync(path.join(__dirname, '../fixtures/feed', name), 'utf8');

let emu;
let runner;

beforeAll(async () => {
	// The seller sells in the US and Germany (the emulator derives participations from the orders).
	const order = (amazonOrderId, marketplaceId) => ({
		amazonOrderId,
		marketplaceId,
		orderStatus: 'Unshipped',
		fulfillmentChannel: 'MFN',
		purchaseDate: '2026-01-02T10:00:00Z',
		items: [
			{ orderItemId: '42345678901234', sellerSku: 'X', quantityOrdered: 4, quantityShipped: 0 },
		],
	});
	emu = createAmazonEmulator({
		rateLimits: false,
		seed: {
			marketplaceId: 'ATVPDKIKX0DER',
			amazonOrders: [order('302-7654321-7654321', 'A1PA6795UKMFR9')],
		},
	});
	const { url } = await emu.listen();
	runner = await feedRunner(url);
});

afterAll(async () => {
	await emu?.close();
});

const table = { carrierMapping: carrierTable(carrierRules) };
const json = (items) => items.map((i) => i.json);

async function sendOne(sample, params = {}) {
	const run = await runFeed(runner, [sample], { ...table, ...params });
	expect(run.error).toBeNull();
	expect(run.invalid).toEqual([]);
	expect(run.submitted).toHaveLength(1);
	const submission = run.submitted[0].json.amazon.submission;
	return { run, submission, uploaded: emu.feedDocument(submission.feedId) };
}

describe('golden documents through the node', () => {
	test.each([
		['complete', 'complete.xml'],
		['partial', 'partial.xml'],
		['multiPackageKnown', 'multi-package-known.xml'],
		['multiTrackingUnknown', 'multi-tracking-unknown.xml'],
		['otherCarrier', 'other-carrier.xml'],
	])('%s fulfillment uploads %s', async (name, file) => {
		const { submission, uploaded } = await sendOne(samples[name]);
		expect(uploaded).toBe(golden(file));
		expect(submission).toMatchObject({
			method: 'feed',
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceId: 'ATVPDKIKX0DER',
			amazonOrderId: samples[name].amazonOrderId,
		});
		const feed = emu.inspect().feeds.find((f) => f.feedId === submission.feedId);
		expect(feed).toMatchObject({
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceId: 'ATVPDKIKX0DER',
		});
		expect(emu.inspect().documents[submission.feedDocumentId]).toBeDefined();
	});

	test('multi-package: one message ID per package, each with its own tracking and items', async () => {
		const { submission } = await sendOne(samples.multiPackageKnown);
		expect(
			submission.packages.map((p) => [p.messageId, p.packageId, p.trackingNumber, p.items]),
		).toEqual([
			[1, 'P1', '794600000001', [{ amazonOrderItemId: '12345678901234', quantity: 2 }]],
			[
				2,
				'P2',
				'794600000002',
				[
					{ amazonOrderItemId: '12345678901234', quantity: 1 },
					{ amazonOrderItemId: '22345678901234', quantity: 1 },
				],
			],
		]);
		expect(submission.trackingNotSent).toEqual([]);
		expect(submission.packages[0].carrierCode).toBe('FedEx');
		expect(submission.packages[0].shipDate).toBe('2026-01-05T00:00:00Z');
	});

	test('several tracking numbers with unknown contents: the unsent ones are listed', async () => {
		const { submission } = await sendOne(samples.multiTrackingUnknown);
		expect(submission.packages).toHaveLength(1);
		expect(submission.packages[0].trackingNumber).toBe('1Z0000000000000001');
		expect(submission.trackingNotSent).toEqual(['1Z0000000000000002', '1Z0000000000000003']);
		expect(submission.notes.join(' ')).toMatch(/only the first tracking number/);
	});

	test('special characters and non-ASCII, shipping method from a mapped field', async () => {
		// The Amazon shipping method comes from a custom field through the resource mapper.
		const mapping = {
			mappingMode: 'defineBelow',
			value: {
				merchantFulfillmentId: '={{ $json.fulfillmentId }}',
				amazonOrderId: '={{ $json.amazonOrderId }}',
				shipDate: '={{ $json.shipDate }}',
				shipMethod: '={{ $json.shipMethod }}',
				carrier: '={{ $json.shipCarrier }}',
				shippingMethod: '={{ $json.amazonShippingMethod }}',
			},
			matchingColumns: [],
			schema: [],
		};
		const us = await runFeed(
			runner,
			[{ ...samples.specialOther, amazonShippingMethod: `Next Day & "Fast" <AM>` }],
			{ ...table, fulfillmentFields: mapping },
		);
		expect(us.error).toBeNull();
		const usSub = us.submitted[0].json.amazon.submission;
		expect(emu.feedDocument(usSub.feedId)).toBe(golden('special-characters-us.xml'));
		expect(usSub.packages[0]).toMatchObject({
			carrierCode: 'Other',
			carrierName: `Tom & Jerry's <"Express">`,
			shippingMethod: `Next Day & "Fast" <AM>`,
		});
		// The input is kept whole next to the new section.
		expect(us.submitted[0].json.amazonShippingMethod).toBe(`Next Day & "Fast" <AM>`);

		// Germany is served by the EU endpoint: a credential of that region.
		const euRunner = await feedRunner(emu.url, { region: 'EU' });
		const de = await runFeed(euRunner, [samples.specialChars], table);
		expect(de.error).toBeNull();
		const deSub = de.submitted[0].json.amazon.submission;
		expect(deSub.marketplaceId).toBe('A1PA6795UKMFR9');
		expect(emu.feedDocument(deSub.feedId)).toBe(golden('special-characters-de.xml'));
		expect(deSub.packages[0].trackingNumber).toBe(`A&B<C>"D'E 配送`);
		expect(de.submitted[0].json.lines).toEqual(samples.specialChars.lines);
	});

	test('a marketplace of another region than the credential goes to Invalid with the fix', async () => {
		const run = await runFeed(runner, [samples.specialChars], table);
		expect(run.error).toBeNull();
		expect(run.submitted).toEqual([]);
		expect(run.invalid[0].json.amazon.validation[0]).toMatchObject({
			field: 'marketplaceId',
			message: expect.stringMatching(/A1PA6795UKMFR9 .*region EU.*credential is for region NA/),
		});
	});

	test('flat file: the tab-separated golden document, row numbers as message IDs', async () => {
		const items = [
			samples.complete,
			samples.multiPackageKnown,
			samples.otherCarrier,
			samples.specialOther,
		];
		const run = await runFeed(runner, items, {
			...table,
			feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA',
		});
		expect(run.error).toBeNull();
		const subs = json(run.submitted).map((j) => j.amazon.submission);
		expect(new Set(subs.map((s) => s.feedId)).size).toBe(1);
		expect(subs[0].feedType).toBe('POST_FLAT_FILE_FULFILLMENT_DATA');
		expect(emu.feedDocument(subs[0].feedId)).toBe(golden('flat-file.tsv'));
		// Rows 1-2 complete, 3-5 multi-package (P1 one row, P2 two rows), 6-7 other, 8-9 special.
		expect(subs.map((s) => s.packages.map((p) => p.messageId))).toEqual([[1], [3, 4], [6], [8]]);
		const feed = emu.inspect().feeds.find((f) => f.feedId === subs[0].feedId);
		expect(feed.feedType).toBe('POST_FLAT_FILE_FULFILLMENT_DATA');
	});

	test('date-only ship dates use the configured time and zone', async () => {
		const { uploaded, submission } = await sendOne(samples.complete, {
			options: { shipTime: '15:30', shipTimeZone: '-08:00' },
		});
		expect(uploaded).toContain('<FulfillmentDate>2026-01-05T15:30:00-08:00</FulfillmentDate>');
		expect(submission.packages[0].shipDate).toBe('2026-01-05T15:30:00-08:00');
	});
});
