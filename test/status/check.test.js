const nock = require('nock');
const { makeClient, fakeClock, NA } = require('../amazon/helpers');
const { checkFeedStatuses } = require('../../core/status/check');
const {
	FEEDS,
	reportFixture,
	feedItem,
	inputs,
	mockGetFeed,
	mockReport,
	manyResultsReport,
} = require('./helpers');

const HOUR = 60 * 60 * 1000;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** The real AmazonClient over nock, on a fake clock that starts 5 min after submission. */
function setup(clientOverrides = {}) {
	const clock = fakeClock(Date.parse('2026-11-27T10:00:00Z'));
	const { client, apiLog, s3Log } = makeClient({ clock, ...clientOverrides });
	const run = (items, options = {}) =>
		checkFeedStatuses(client, inputs(items), { clock, ...options });
	const calls = (re) => apiLog.filter((r) => re.test(`${r.method} ${r.url}`)).length;
	return { clock, client, apiLog, s3Log, run, calls };
}

const byRoute = (run) => run.items.map((i) => i.route);

describe('DONE feeds: the processing report mapped back to each fulfillment', () => {
	test('all success (GZIP report): every item Done/accepted, one getFeed and one report download for the feed', async () => {
		const { run, calls, s3Log } = setup();
		mockGetFeed('50001', ['DONE', 'doc-1']);
		const { api, s3 } = mockReport('doc-1', reportFixture('all-success.xml'));
		const items = [1, 2, 3, 4].map((n) => feedItem(n));
		const result = await run(items);
		expect(byRoute(result)).toEqual(['done', 'done', 'done', 'done']);
		const r = result.items[0].result;
		expect(r).toMatchObject({
			outcome: 'accepted',
			processingStatus: 'DONE',
			attempt: 1,
			feedId: '50001',
			resultFeedDocumentId: 'doc-1',
			errors: [],
			warnings: [],
			firstCheckedAt: '2026-11-27T10:00:00.000Z',
		});
		expect(r.message).toBe(
			'Amazon accepted fulfillment IF1201 (order 114-1000001-1000001): 1 package (1ZTRACK0001) confirmed.',
		);
		expect(calls(/GET .*\/feeds\/50001$/)).toBe(1);
		expect(calls(/\/documents\//)).toBe(1);
		expect(s3Log).toHaveLength(1);
		expect(api.isDone() && s3.isDone()).toBe(true);
	});

	test('a plain (uncompressed) report document is read as well', async () => {
		const { run } = setup();
		mockGetFeed('50001', ['DONE', 'doc-plain']);
		mockReport('doc-plain', reportFixture('single-result.xml'), { gzip: false });
		const result = await run([feedItem(1), feedItem(2, { orderId: '114-9999999-9999999' })]);
		expect(byRoute(result)).toEqual(['done', 'rejected']);
	});

	test('mixed errors and warnings: rejected with code, order, package and hint; warnings attached; partial acceptance said', async () => {
		const { run } = setup();
		mockGetFeed('50001', ['DONE', 'doc-mixed']);
		mockReport('doc-mixed', reportFixture('mixed.xml'));
		const items = [
			feedItem(1, {
				orderId: '114-1234567-1234567',
				packages: [
					[1, '1ZOK0000001'],
					[2, '1ZBAD000002'],
				],
			}),
			feedItem(2, { orderId: '114-2222222-2222222', packages: [[3, '1Z&00']] }),
			feedItem(3, { packages: [[4, '1ZOK0000004']] }),
			feedItem(4, { orderId: '114-3333333-3333333', packages: [[5, '1ZNF0000005']] }),
		];
		const result = await run(items);
		expect(byRoute(result)).toEqual(['rejected', 'done', 'done', 'rejected']);

		const carrier = result.items[0].result;
		expect(carrier.outcome).toBe('rejected');
		expect(carrier.errors).toEqual([
			expect.objectContaining({
				messageId: 2,
				resultCode: 'Error',
				code: '5004',
				trackingNumber: '1ZBAD000002',
				packageId: '2',
				amazonOrderId: '114-1234567-1234567',
				hint: expect.stringMatching(/carrier table/),
			}),
		]);
		expect(carrier.message).toMatch(
			/^Amazon rejected package 1ZBAD000002 of fulfillment IF1201 \(order 114-1234567-1234567\): 5004 The carrier-code field contains an invalid value: FEDEX\. <see list> — The carrier code is not on Amazon's list/,
		);
		expect(carrier.message).toMatch(/accepted its other package \(1ZOK0000001\)/);

		const warned = result.items[1].result;
		expect(warned.outcome).toBe('acceptedWithWarnings');
		expect(warned.warnings).toHaveLength(1);
		expect(warned.warnings[0]).toMatchObject({ code: '18306', resultCode: 'Warning' });
		expect(warned.message).toMatch(/with a warning: package 1Z&00: 18306 The tracking ID 1Z&00/);

		expect(result.items[2].result.outcome).toBe('accepted');

		const notFound = result.items[3].result;
		expect(notFound.errors[0]).toMatchObject({
			code: '18028',
			amazonOrderId: '114-3333333-3333333',
		});
		expect(notFound.message).toMatch(
			/^Amazon rejected package 1ZNF0000005 of fulfillment IF1204 \(order 114-3333333-3333333\): 18028 .*— Amazon cannot find this order/,
		);
		expect(notFound.message).toMatch(/next run sends it again/);
	});

	test('a report with a single Result element (not a list)', async () => {
		const { run } = setup();
		mockGetFeed('50001', ['DONE', 'doc-single']);
		mockReport('doc-single', reportFixture('single-result.xml'));
		const result = await run([feedItem(1), feedItem(2)]);
		expect(result.items.map((i) => i.result.outcome)).toEqual(['accepted', 'rejected']);
		expect(result.items[1].result.errors[0].messageId).toBe(2);
	});

	test('many results: 300 fulfillments of one feed, one getFeed, one download, each item its own outcome', async () => {
		const { run, calls } = setup();
		mockGetFeed('50001', ['DONE', 'doc-many']);
		mockReport('doc-many', manyResultsReport(300));
		const items = Array.from({ length: 300 }, (_, i) => feedItem(i + 1));
		const result = await run(items);
		const count = (o) => result.items.filter((i) => i.result.outcome === o).length;
		expect(count('rejected')).toBe(100);
		expect(count('acceptedWithWarnings')).toBe(40); // multiples of 5 that are not multiples of 3
		expect(count('accepted')).toBe(160);
		expect(result.items[2].result.errors[0].description).toBe(
			'Your order cannot be found (message 3).',
		);
		expect(result.items[0].result.outcome).toBe('accepted');
		expect(calls(/GET .*\/feeds\/50001$/)).toBe(1);
		expect(calls(/\/documents\//)).toBe(1);
	});

	test('flat-file report (variable preamble): record numbers map to message IDs', async () => {
		const { run } = setup();
		mockGetFeed('50001', ['DONE', 'doc-flat']);
		mockReport('doc-flat', reportFixture('flat-file-report.txt'));
		const items = [1, 2, 3, 4].map((n) => feedItem(n));
		const result = await run(items);
		expect(result.items.map((i) => i.result.outcome)).toEqual([
			'accepted',
			'rejected',
			'rejected',
			'acceptedWithWarnings',
		]);
		expect(result.items[1].result.errors[0]).toMatchObject({
			code: '18028',
			amazonOrderId: '114-1234567-1234567',
		});
		expect(result.items[2].result.message).toMatch(/5004 .*carrier table/);
	});

	test('a whole-document rejection rejects every fulfillment of the feed', async () => {
		const { run } = setup();
		mockGetFeed('50001', ['DONE', 'doc-rej']);
		mockReport('doc-rej', reportFixture('document-rejected.xml'));
		const result = await run([feedItem(1), feedItem(2)]);
		expect(byRoute(result)).toEqual(['rejected', 'rejected']);
		expect(result.items[0].result.message).toMatch(
			/^Amazon rejected fulfillment IF1201 \(order 114-1000001-1000001\): 5001 We are unable to process the XML feed because one or more items are invalid\. Please re-submit the feed — Amazon refused the document as a whole/,
		);
	});
});

describe('FATAL and CANCELLED', () => {
	test('FATAL: every item of the feed Failed, saying some, none or all may be applied and what to do, with the report reason', async () => {
		const { run } = setup();
		mockGetFeed('50001', ['FATAL', 'doc-fatal']);
		mockReport('doc-fatal', reportFixture('document-rejected.xml'));
		const result = await run([feedItem(1), feedItem(2)]);
		expect(byRoute(result)).toEqual(['failed', 'failed']);
		const r = result.items[0].result;
		expect(r).toMatchObject({ outcome: 'failed', processingStatus: 'FATAL' });
		expect(r.errors[0]).toMatchObject({ code: '5001' });
		expect(r.message).toMatch(
			/^Amazon aborted feed 50001 \(processingStatus FATAL\): 5001 We are unable/,
		);
		expect(r.message).toMatch(/some, none or all of its messages/);
		expect(r.message).toMatch(/Seller Central .*tracking 1ZTRACK0001/);
		expect(r.message).toMatch(/updates the shipment on Amazon rather than adding a second one/);
	});

	test('CANCELLED without a report: Failed, and no document is asked for', async () => {
		const { run, calls } = setup();
		mockGetFeed('50001', 'CANCELLED');
		const result = await run([feedItem(1)]);
		expect(result.items[0].route).toBe('failed');
		expect(result.items[0].result.message).toMatch(/^Feed 50001 was cancelled .*some, none or all/);
		expect(calls(/\/documents\//)).toBe(0);
	});
});

describe('feeds, attempts and the maximum wait', () => {
	test('items from two feeds in one run: exactly two getFeed calls, each item judged by its own feed', async () => {
		const { run, calls } = setup();
		mockGetFeed('50001', ['DONE', 'doc-a']);
		mockGetFeed('50002', 'IN_PROGRESS');
		mockReport('doc-a', reportFixture('all-success.xml'));
		const items = [
			feedItem(1, { feedId: '50001' }),
			feedItem(2, { feedId: '50002', packages: [[1, '1ZB1']] }),
			feedItem(3, { feedId: '50001' }),
			feedItem(4, { feedId: '50002', packages: [[2, '1ZB2']] }),
		];
		const result = await run(items);
		expect(byRoute(result)).toEqual(['done', 'pending', 'done', 'pending']);
		expect(calls(/GET .*\/feeds\/50001$/)).toBe(1);
		expect(calls(/GET .*\/feeds\/50002$/)).toBe(1);
		expect(result.feeds.map((f) => [f.feedId, f.items, f.getFeedCalls])).toEqual([
			['50001', 2, 1],
			['50002', 2, 1],
		]);
	});

	test('pending: attempt counts on from the item JSON, firstCheckedAt is kept', async () => {
		const { run } = setup();
		mockGetFeed('50001', 'IN_QUEUE', 'IN_QUEUE');
		const first = await run([feedItem(1)]);
		expect(first.items[0].route).toBe('pending');
		const r1 = first.items[0].result;
		expect(r1).toMatchObject({ outcome: 'pending', processingStatus: 'IN_QUEUE', attempt: 1 });
		expect(r1.message).toMatch(
			/has not started it yet \(IN_QUEUE.*check 1, waited 5 min of at most 8 h/,
		);

		const again = feedItem(1, { result: r1 });
		const second = await run([again]);
		expect(second.items[0].result).toMatchObject({
			attempt: 2,
			firstCheckedAt: r1.firstCheckedAt,
		});
	});

	test('a fulfillment sent again in a new feed starts counting from 1', async () => {
		const { run } = setup();
		mockGetFeed('50009', 'IN_PROGRESS');
		const old = {
			outcome: 'failed',
			feedId: '50001',
			attempt: 7,
			firstCheckedAt: '2026-11-20T00:00:00.000Z',
			checkedAt: '2026-11-20T08:00:00.000Z',
			message: 'x',
			warnings: [],
			errors: [],
		};
		const result = await run([feedItem(1, { feedId: '50009', result: old })]);
		expect(result.items[0].result).toMatchObject({
			attempt: 1,
			feedId: '50009',
			firstCheckedAt: '2026-11-27T10:00:00.000Z',
		});
		expect(result.items[0].route).toBe('pending');
	});

	test('maximum wait exceeded (measured from submission) → Failed; the feed is not cancelled unless asked', async () => {
		const { run, calls } = setup();
		mockGetFeed('50001', 'IN_QUEUE');
		const late = feedItem(1, {
			submittedAt: new Date(Date.parse('2026-11-27T10:00:00Z') - 8 * HOUR - 60000).toISOString(),
		});
		const result = await run([late]);
		expect(result.items[0].route).toBe('failed');
		expect(result.items[0].result.message).toMatch(
			/still IN_QUEUE after this node waited 8 h 1 min \(the maximum is 8 h\).*open a case .*feed ID 50001.*stays queued at Amazon/,
		);
		expect(calls(/DELETE/)).toBe(0);
	});

	test('maximum wait measured from the first check when that is all the item carries', async () => {
		const { run } = setup();
		mockGetFeed('50001', 'IN_PROGRESS');
		const item = feedItem(1, {
			result: {
				outcome: 'pending',
				feedId: '50001',
				attempt: 30,
				firstCheckedAt: '2026-11-27T08:00:00.000Z',
				checkedAt: '2026-11-27T09:58:00.000Z',
				message: '',
				warnings: [],
				errors: [],
			},
		});
		delete item.amazon.submission.submittedAt;
		const result = await run([item], { maxWaitMs: 2 * HOUR });
		expect(result.items[0].route).toBe('failed');
		expect(result.items[0].result.attempt).toBe(31);
		expect(result.items[0].result.message).toMatch(/waited 2 h .*cannot be cancelled/);
	});

	test('the attempt limit: the Nth check of an unfinished feed fails', async () => {
		const { run } = setup();
		mockGetFeed('50001', 'IN_PROGRESS', 'IN_PROGRESS');
		const r = {
			outcome: 'pending',
			feedId: '50001',
			attempt: 2,
			firstCheckedAt: '2026-11-27T09:59:00.000Z',
			checkedAt: '',
			message: '',
			warnings: [],
			errors: [],
		};
		const third = await run([feedItem(1, { result: r })], { maxChecks: 3 });
		expect(third.items[0].route).toBe('failed');
		expect(third.items[0].result.message).toMatch(/checked 3 times \(the maximum is 3\)/);
		const second = await run([feedItem(1, { result: { ...r, attempt: 1 } })], { maxChecks: 3 });
		expect(second.items[0].route).toBe('pending');
	});

	test('cancel option: a feed still IN_QUEUE past the maximum wait is cancelled once', async () => {
		const { run, calls } = setup();
		mockGetFeed('50001', 'IN_QUEUE');
		nock(NA).delete(`${FEEDS}/feeds/50001`).reply(200);
		const old = '2026-11-27T01:00:00.000Z';
		const result = await run(
			[feedItem(1, { submittedAt: old }), feedItem(2, { submittedAt: old })],
			{ cancelStuckInQueue: true },
		);
		expect(byRoute(result)).toEqual(['failed', 'failed']);
		expect(calls(/DELETE/)).toBe(1);
		expect(result.items[0].result.processingStatus).toBe('CANCELLED');
		expect(result.items[0].result.message).toMatch(
			/cancelled the feed.*none of it will be applied/,
		);
	});

	test('cancel option: when Amazon refuses the cancel, the message says the feed may still be applied', async () => {
		const { run } = setup();
		mockGetFeed('50001', 'IN_QUEUE');
		nock(NA)
			.delete(`${FEEDS}/feeds/50001`)
			.reply(400, {
				errors: [{ code: 'InvalidInput', message: 'Only feeds IN_QUEUE can be cancelled.' }],
			});
		const result = await run([feedItem(1, { submittedAt: '2026-11-27T01:00:00.000Z' })], {
			cancelStuckInQueue: true,
		});
		expect(result.items[0].result.processingStatus).toBe('IN_QUEUE');
		expect(result.items[0].result.message).toMatch(
			/Cancelling the feed failed \(.*Only feeds IN_QUEUE.*may still apply it later/,
		);
	});
});

describe('short waits and retries inside the node', () => {
	test('in-node wait: re-checks an unfinished feed until DONE within the bound', async () => {
		const { run, clock, calls } = setup();
		mockGetFeed('50001', 'IN_QUEUE', 'IN_PROGRESS', ['DONE', 'doc-1']);
		mockReport('doc-1', reportFixture('all-success.xml'));
		const result = await run([feedItem(1)], { inNodeWaitMs: 30000, pollIntervalMs: 5000 });
		expect(result.items[0].route).toBe('done');
		expect(calls(/GET .*\/feeds\/50001$/)).toBe(3);
		expect(clock.sleeps).toEqual([5000, 5000]);
	});

	test('in-node wait: never longer than asked, then Pending', async () => {
		const { run, clock } = setup();
		mockGetFeed('50001', ...Array(10).fill('IN_PROGRESS'));
		const result = await run([feedItem(1)], { inNodeWaitMs: 12000, pollIntervalMs: 5000 });
		expect(result.items[0].route).toBe('pending');
		expect(clock.slept).toBe(12000);
	});

	test('DONE before the result document is set: a few re-checks, then the report', async () => {
		const { run, calls } = setup();
		mockGetFeed('50001', 'DONE', 'DONE', ['DONE', 'doc-late']);
		mockReport('doc-late', reportFixture('all-success.xml'));
		const result = await run([feedItem(1)]);
		expect(result.items[0].route).toBe('done');
		expect(calls(/GET .*\/feeds\/50001$/)).toBe(3);
	});

	test('DONE and no result document after the bounded re-checks → Failed with a clear message', async () => {
		const { run, calls, clock } = setup();
		mockGetFeed('50001', 'DONE', 'DONE', 'DONE', 'DONE');
		const result = await run([feedItem(1)]);
		expect(result.items[0].route).toBe('failed');
		expect(result.items[0].result.message).toMatch(
			/^Amazon says feed 50001 is DONE but gave no processing report \(resultFeedDocumentId\) after 4 checks over 14 s/,
		);
		expect(calls(/GET .*\/feeds\/50001$/)).toBe(4);
		expect(clock.slept).toBe(14000);
	});

	test('status unreadable after the client retries (404) → Failed naming the feed', async () => {
		const { run } = setup();
		nock(NA)
			.get(`${FEEDS}/feeds/99999`)
			.reply(404, { errors: [{ code: 'NotFound', message: 'The requested feed was not found.' }] });
		const result = await run([feedItem(1, { feedId: '99999' })]);
		expect(result.items[0].route).toBe('failed');
		expect(result.items[0].result.message).toMatch(
			/^Could not read the status of Amazon feed 99999 \(fulfillment IF1201 .*HTTP 404 NotFound/,
		);
		expect(result.feeds[0].error).toMatch(/404/);
	});

	test("report download throttled by Amazon's quota → Pending, fetched on the next loop", async () => {
		const { run } = setup({ maxRateLimitWaitMs: { getFeedDocument: 1000 } });
		mockGetFeed('50001', ['DONE', 'doc-q']);
		nock(NA)
			.get(`${FEEDS}/documents/doc-q`)
			.reply(429, { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota.' }] });
		const result = await run([feedItem(1)]);
		expect(result.items[0].route).toBe('pending');
		expect(result.items[0].result.processingStatus).toBe('DONE');
		expect(result.items[0].result.message).toMatch(/rate limit for getFeedDocument/);
	});

	test('an item without message IDs cannot be matched to errors → Failed; with a clean report → accepted', async () => {
		const { run } = setup();
		mockGetFeed('50001', ['DONE', 'doc-s'], ['DONE', 'doc-ok']);
		mockReport('doc-s', reportFixture('single-result.xml'));
		mockReport('doc-ok', reportFixture('all-success.xml'));
		const bare = feedItem(3);
		bare.amazon.submission.packages = [];
		const withErrors = await run([feedItem(1), bare]);
		expect(withErrors.items[1].route).toBe('failed');
		expect(withErrors.items[1].result.message).toMatch(
			/amazon\.submission\.packages\[\]\.messageId/,
		);
		const clean = await run([bare]);
		expect(clean.items[0].route).toBe('done');
	});
});
