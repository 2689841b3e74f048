'use strict';
/**
 * What goes over the wire: the upload's Content-Type, the 429 wait, preview sending nothing,
 * feed failures (thrown or on the item with Continue On Fail), and the expired-token 403 refresh.
 */
const path = require('node:path');
const nock = require('nock');
const { feedRunner, runFeed, carrierTable } = require('./helpers');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { samples, base, carrierRules } = require('../fixtures/feed/fulfillments');

const SP = 'https://sp.test';
const S3 = 'https://s3.test';
const TOKEN = 'Atza|nock-token';
const FEEDS = '/feeds/2021-06-30';
const table = { carrierMapping: carrierTable(carrierRules) };

afterEach(() => {
	nock.cleanAll();
	nock.enableNetConnect();
});

/** createFeedDocument + upload, recording what was declared and what the PUT carried. */
function documentsApi(seen, id = 'doc-1') {
	nock(SP)
		.post(`${FEEDS}/documents`, (body) => {
			seen.declared = body.contentType;
			return true;
		})
		.reply(function () {
			seen.spToken = this.req.headers['x-amz-access-token'];
			return [201, { feedDocumentId: id, url: `${S3}/upload/${id}?X-Amz-Signature=abc` }];
		});
	nock(S3)
		.put(`/upload/${id}`)
		.query(true)
		.reply(function (uri, body) {
			seen.uploadContentType = this.req.headers['content-type'];
			seen.uploadToken = this.req.headers['x-amz-access-token'];
			seen.uploaded = typeof body === 'string' ? body : JSON.stringify(body);
			return [200, ''];
		});
}

async function nockRunner() {
	return await feedRunner(SP, { accessToken: TOKEN });
}

describe('upload and createFeed', () => {
	test.each([
		['POST_ORDER_FULFILLMENT_DATA', 'text/xml; charset=UTF-8'],
		['POST_FLAT_FILE_FULFILLMENT_DATA', 'text/tab-separated-values; charset=UTF-8'],
	])(
		'%s: the PUT repeats the declared Content-Type exactly, without the token',
		async (feedType, ct) => {
			nock.disableNetConnect();
			const seen = {};
			documentsApi(seen);
			let spec;
			nock(SP)
				.post(`${FEEDS}/feeds`, (body) => {
					spec = body;
					return true;
				})
				.reply(202, { feedId: '50101' });
			const runner = await nockRunner();
			const run = await runFeed(runner, [samples.complete], { ...table, feedType });
			expect(run.error).toBeNull();
			expect(seen.declared).toBe(ct);
			expect(seen.uploadContentType).toBe(ct);
			expect(seen.spToken).toBe(TOKEN);
			expect(seen.uploadToken).toBeUndefined();
			expect(seen.uploaded).toContain('114-1234567-1234567');
			expect(spec).toEqual({
				feedType,
				marketplaceIds: ['ATVPDKIKX0DER'],
				inputFeedDocumentId: 'doc-1',
			});
			expect(run.submitted[0].json.amazon.submission).toMatchObject({
				feedId: '50101',
				feedDocumentId: 'doc-1',
				feedType,
			});
			expect(nock.isDone()).toBe(true);
		},
	);

	test('createFeed throttled (429) is waited out and the same document is used once', async () => {
		nock.disableNetConnect();
		const seen = {};
		documentsApi(seen);
		const createFeed = nock(SP)
			.post(`${FEEDS}/feeds`)
			.reply(
				429,
				{
					errors: [
						{
							code: 'QuotaExceeded',
							message: 'You exceeded your quota for the requested resource.',
						},
					],
				},
				// A fast refill keeps the test short; the wait is still at least the backoff.
				{ 'x-amzn-RateLimit-Limit': '20' },
			)
			.post(`${FEEDS}/feeds`, (body) => body.inputFeedDocumentId === 'doc-1')
			.reply(202, { feedId: '50102' });
		const runner = await nockRunner();
		const run = await runFeed(runner, [samples.complete], table);
		expect(run.error).toBeNull();
		expect(run.submitted[0].json.amazon.submission.feedId).toBe('50102');
		expect(createFeed.isDone()).toBe(true);
		// One createFeedDocument and one upload: nock would have failed a second one.
		expect(nock.isDone()).toBe(true);
	});
});

describe('preview', () => {
	test('builds the documents and makes no HTTP call', async () => {
		nock.disableNetConnect();
		const attempts = [];
		const onNoMatch = (req) => attempts.push(`${req.method} ${req.href ?? req.path}`);
		nock.emitter.on('no match', onNoMatch);
		try {
			const runner = await nockRunner();
			const items = [
				samples.complete,
				{ ...samples.multiPackageKnown, marketplaceId: 'A2EUQ1WTGCTBG2' },
				{ ...samples.partial, amazonOrderId: 'nope' },
			];
			const run = await runFeed(runner, items, {
				...table,
				options: { preview: true, attachDocuments: true },
			});
			expect(run.error).toBeNull();
			expect(attempts).toEqual([]);
			expect(runner.credentials.counters.preAuthentication).toBe(0);
			expect(run.submitted.map((i) => i.pairedItem.item)).toEqual([0, 1]);
			expect(run.invalid.map((i) => i.pairedItem.item)).toEqual([2]);
			const [us, ca] = run.submitted.map((i) => i.json.amazon.submission);
			expect(us).toMatchObject({ method: 'preview', marketplaceId: 'ATVPDKIKX0DER' });
			expect(us.feedId).toBeUndefined();
			expect(us.document).toBe(
				require('node:fs').readFileSync(
					path.join(__dirname, '../fixtures/feed/complete.xml'),
					'utf8',
				),
			);
			expect(ca.marketplaceId).toBe('A2EUQ1WTGCTBG2');
			expect(ca.packages.map((p) => p.messageId)).toEqual([1, 2]);
			expect(ca.document).toContain('<ShipperTrackingNumber>794600000002</ShipperTrackingNumber>');
			// One file per document, on the first item of that document.
			const files = run.submitted.map((i) => i.binary?.feed);
			expect(files.map((f) => f?.fileName)).toEqual([
				'amazon-fulfillment-feed-ATVPDKIKX0DER-1.xml',
				'amazon-fulfillment-feed-A2EUQ1WTGCTBG2-2.xml',
			]);
			expect(files[0].mimeType).toBe('text/xml');
			expect(Buffer.from(files[0].data, 'base64').toString('utf8')).toBe(us.document);
		} finally {
			nock.emitter.removeListener('no match', onNoMatch);
		}
	});
});

describe('a feed Amazon refuses', () => {
	function twoMarketplaces() {
		return [
			samples.complete,
			base({
				fulfillmentId: '4799',
				amazonOrderId: '702-1111111-1111111',
				marketplaceId: 'A2EUQ1WTGCTBG2',
			}),
		];
	}

	function refuseSecond() {
		const seen = {};
		documentsApi(seen, 'doc-1');
		documentsApi({}, 'doc-2');
		nock(SP)
			.post(`${FEEDS}/feeds`, (b) => b.marketplaceIds[0] === 'ATVPDKIKX0DER')
			.reply(202, { feedId: '50101' })
			.post(`${FEEDS}/feeds`, (b) => b.marketplaceIds[0] === 'A2EUQ1WTGCTBG2')
			.reply(
				400,
				{ errors: [{ code: 'InvalidInput', message: 'Invalid marketplaceId: A2EUQ1WTGCTBG2' }] },
				{ 'x-amzn-RequestId': 'req-123' },
			);
	}

	test('after another feed went out, its items come out failed (not the run): nothing sent is thrown away', async () => {
		nock.disableNetConnect();
		refuseSecond();
		const runner = await nockRunner();
		const run = await runFeed(runner, twoMarketplaces(), table);
		expect(run.error).toBeNull();
		const [ok, failed] = run.submitted;
		expect(ok.json.amazon.submission.feedId).toBe('50101');
		expect(failed.json.amazon.result.outcome).toBe('failed');
		expect(failed.json.amazon.result.message).toMatch(
			/Amazon refused the XML feed for marketplace A2EUQ1WTGCTBG2 .*InvalidInput: Invalid marketplaceId.*req-123/,
		);
		// The user learns that the first feed did go out, and which document to reuse.
		expect(failed.json.error.description).toMatch(
			/Already submitted in this run.*feed 50101 \(ATVPDKIKX0DER\)/,
		);
		expect(failed.json.error.feedDocumentId).toBe('doc-2');
		expect(JSON.stringify(run.submitted)).not.toContain(TOKEN);
	});

	test('when no feed went out, the run stops with a NodeApiError naming the feed, Amazon code, message and request ID', async () => {
		nock.disableNetConnect();
		documentsApi({}, 'doc-2');
		nock(SP)
			.post(`${FEEDS}/feeds`)
			.reply(
				400,
				{ errors: [{ code: 'InvalidInput', message: 'Invalid marketplaceId: A2EUQ1WTGCTBG2' }] },
				{ 'x-amzn-RequestId': 'req-123' },
			);
		const runner = await nockRunner();
		const run = await runFeed(runner, [twoMarketplaces()[1]], table);
		expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '400' });
		expect(run.error.message).toMatch(
			/Amazon refused the XML feed for marketplace A2EUQ1WTGCTBG2 .*InvalidInput: Invalid marketplaceId.*req-123/,
		);
		expect(run.error.description).toMatch(/feedDocumentId doc-2/);
		expect(JSON.stringify(run.error)).not.toContain(TOKEN);
	});

	test('with Continue On Fail, only its own items carry the error, on the first output', async () => {
		nock.disableNetConnect();
		refuseSecond();
		const runner = await nockRunner();
		const run = await runFeed(runner, twoMarketplaces(), table, {
			onError: 'continueRegularOutput',
		});
		expect(run.error).toBeNull();
		expect(run.invalid).toEqual([]);
		const [ok, failed] = run.submitted;
		expect(ok.pairedItem).toEqual({ item: 0 });
		expect(ok.json.amazon.submission.feedId).toBe('50101');
		expect(ok.json.error).toBeUndefined();
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json.amazon.submission).toBeUndefined();
		expect(failed.json.amazon.result).toMatchObject({ outcome: 'failed' });
		expect(failed.json.error).toMatchObject({
			code: 'InvalidInput',
			httpCode: 400,
			requestId: 'req-123',
			marketplaceId: 'A2EUQ1WTGCTBG2',
			feedDocumentId: 'doc-2',
		});
		expect(failed.json.fulfillmentId).toBe('4799');
	});
});

describe('expired access token (emulator)', () => {
	let emu;
	const oauth = require(
		require.resolve('n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/oauth.js'),
	);
	const original = oauth.isTokenExpiredStatusCode;

	beforeEach(async () => {
		emu = createAmazonEmulator({ rateLimits: false });
		await emu.listen();
	});

	afterEach(async () => {
		oauth.isTokenExpiredStatusCode = original;
		await emu.close();
	});

	async function expireAfterFirstRun() {
		const runner = await feedRunner(emu.url);
		const first = await runFeed(runner, [samples.complete], table);
		expect(first.error).toBeNull();
		expect(runner.credentials.counters.preAuthentication).toBe(1);
		emu.expireTokens();
		return runner;
	}

	test('n8n 1.x (renews only on 401): the client refreshes once through the x-lwa-grant path', async () => {
		const runner = await expireAfterFirstRun();
		// Behave like n8n 1.x, which ignores preAuthenticationRetryStatusCode.
		oauth.isTokenExpiredStatusCode = (status) => status === 401;
		const before = emu.stats().calls;
		const run = await runFeed(runner, [samples.partial], table);
		expect(run.error).toBeNull();
		expect(run.submitted[0].json.amazon.submission.feedId).toBeTruthy();
		const after = emu.stats().calls;
		// n8n did not refresh; the client asked the credential for exactly one grant.
		expect(runner.credentials.counters.preAuthentication).toBe(1);
		expect(after.lwaToken - before.lwaToken).toBe(1);
		// The first createFeedDocument got the 403, the repeat succeeded.
		expect(after.createFeedDocument - before.createFeedDocument).toBe(2);
		expect(after.createFeed - before.createFeed).toBe(1);
	});

	test("n8n 2.x: the credential is renewed on 403 by n8n itself and n8n's retry carries the new token", async () => {
		const runner = await expireAfterFirstRun();
		const before = emu.stats().calls;
		const run = await runFeed(runner, [samples.partial], table);
		expect(run.error).toBeNull();
		expect(runner.credentials.counters.preAuthentication).toBe(2);
		const after = emu.stats().calls;
		// One token call (n8n's renewal): the retry did not re-send the expired token, so the client
		// never needed its own x-lwa-grant refresh. One 403, then the repeat succeeded.
		expect(after.lwaToken - before.lwaToken).toBe(1);
		expect(after.createFeedDocument - before.createFeedDocument).toBe(2);
		expect(after.createFeed - before.createFeed).toBe(1);
	});
});
