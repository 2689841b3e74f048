'use strict';

/**
 * A small compressed report can take gigabytes (issue 16): a 0.4 MB gzip expanding to 400 MiB
 * raised memory to 1.9 GB. What a report may expand to is capped (64 MiB, core/amazon/client.ts);
 * past it the feed fails clearly. Peak memory: scripts/bench/report-bomb.js.
 */
const zlib = require('node:zlib');
const nock = require('nock');
const { makeClient, fakeClock, NA } = require('../amazon/helpers');
const { checkFeedStatuses } = require('../../core/status/check');
const { MAX_DOCUMENT_BYTES } = require('../../core/amazon/client');
const {
	FEEDS,
	feedItem,
	inputs,
	mockGetFeed,
	mockReport,
	reportFixture,
} = require('../status/helpers');

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** A gzip of `mib` MiB of zeros (about 1 KB per MiB). */
const bomb = (mib) => zlib.gzipSync(Buffer.alloc(mib * 1024 * 1024), { level: 9 });

function setup() {
	const clock = fakeClock(Date.parse('2026-11-27T10:00:00Z'));
	const { client } = makeClient({ clock });
	return { client, run: (items) => checkFeedStatuses(client, inputs(items), { clock }) };
}

test('the cap is well above a real report and documented in the error', () => {
	expect(MAX_DOCUMENT_BYTES).toBe(64 * 1024 * 1024);
});

test('a report expanding past the cap is not read: the feed goes to Failed and says why', async () => {
	const { run } = setup();
	const gz = bomb(70);
	expect(gz.length).toBeLessThan(200 * 1024);
	mockGetFeed('50001', ['DONE', 'doc-1']);
	nock(NA).get(`${FEEDS}/documents/doc-1`).reply(200, {
		feedDocumentId: 'doc-1',
		url: 'https://s3.example/reports/doc-1',
		compressionAlgorithm: 'GZIP',
	});
	nock('https://s3.example').get('/reports/doc-1').reply(200, gz);
	const result = await run([feedItem(1), feedItem(2)]);
	expect(result.items.map((i) => i.route)).toEqual(['failed', 'failed']);
	const message = result.items[0].result.message;
	expect(message).toContain('processing report could not be read');
	expect(message).toContain('DocumentTooLarge');
	expect(message).toMatch(/more than 64 MiB/);
});

test('a report under the cap is read as before', async () => {
	const { run } = setup();
	mockGetFeed('50001', ['DONE', 'doc-1']);
	mockReport('doc-1', reportFixture('all-success.xml'));
	const result = await run([feedItem(1)]);
	expect(result.items.map((i) => i.route)).toEqual(['done']);
});

test('an uncompressed body past the cap is refused too', async () => {
	const { client } = setup();
	nock('https://s3.example')
		.get('/big')
		.reply(200, Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x41));
	const error = await client
		.downloadFeedDocument({ url: 'https://s3.example/big' })
		.catch((e) => e);
	expect(error.code).toBe('DocumentTooLarge');
});
