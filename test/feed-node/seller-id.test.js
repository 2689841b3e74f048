'use strict';
/** The XML header's MerchantIdentifier: the node's value, else the credential's Seller ID. */
const { feedRunner, runFeed, carrierTable } = require('./helpers');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { base, carrierRules } = require('../fixtures/feed/fulfillments');

let emu;
let withSeller;
let withoutSeller;

beforeAll(async () => {
	emu = createAmazonEmulator({
		rateLimits: false,
		seed: require('../../emulators/seed/default-seed.json'),
	});
	const { url } = await emu.listen();
	withSeller = await feedRunner(url, { sellerId: 'A1CREDENTIALSELLER' });
	withoutSeller = await feedRunner(url, { sellerId: '' });
});

afterAll(async () => {
	await emu?.close();
});

beforeEach(() => emu.reset());

const table = { carrierMapping: carrierTable(carrierRules) };
const header = (feedId) =>
	/<MerchantIdentifier>([^<]*)<\/MerchantIdentifier>/.exec(String(emu.feedDocument(feedId)))?.[1];

test('an empty Merchant Identifier takes the Seller ID from the Amazon credential', async () => {
	const run = await runFeed(withSeller, [base()], { ...table, merchantIdentifier: '' });
	expect(run.error).toBeNull();
	expect(run.submitted).toHaveLength(1);
	expect(header(run.submitted[0].json.amazon.submission.feedId)).toBe('A1CREDENTIALSELLER');
});

test("the node's Merchant Identifier wins over the credential's Seller ID", async () => {
	const run = await runFeed(withSeller, [base()], { ...table, merchantIdentifier: 'A1NODESELLER' });
	expect(run.error).toBeNull();
	expect(header(run.submitted[0].json.amazon.submission.feedId)).toBe('A1NODESELLER');
});

test('neither set: a clear error naming both places, and nothing reaches Amazon', async () => {
	const run = await runFeed(withoutSeller, [base()], { ...table, merchantIdentifier: '' });
	expect(run.error).not.toBeNull();
	expect(run.error.message).toMatch(/seller ID/i);
	expect(run.error.description).toMatch(/credential \(Seller ID\)/);
	expect(run.error.description).toMatch(/this node \(Merchant Identifier\)/);
	expect(run.error.description).toMatch(/Merchant Token/);
	expect(emu.inspect().feeds).toEqual([]);
});

test('the flat-file format has no header and needs no seller ID', async () => {
	const run = await runFeed(withoutSeller, [base()], {
		...table,
		merchantIdentifier: '',
		feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA',
	});
	expect(run.error).toBeNull();
	expect(run.submitted).toHaveLength(1);
});
