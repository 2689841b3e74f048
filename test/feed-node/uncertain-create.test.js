'use strict';
/**
 * Issue 15, "an ambiguous createFeed is simply retried": Amazon creates the feed, then the answer
 * is a 500 or is lost. Before trying again, the client looks at the feed list and reuses the feed
 * it finds, so the emulated Amazon holds exactly one feed and the items name it.
 */
const nock = require('nock');
const { feedRunner, runFeed, carrierTable } = require('./helpers');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { samples, carrierRules } = require('../fixtures/feed/fulfillments');
const { NA, makeClient } = require('../amazon/helpers');

const table = { carrierMapping: carrierTable(carrierRules) };

describe('through the node, against the emulator', () => {
	let emu;
	let runner;

	beforeAll(async () => {
		emu = createAmazonEmulator({
			rateLimits: false,
			feedDelays: { inQueueMs: 1, inProgressMs: 1 },
			// The timeout fault answers nothing and closes the connection after this long.
			timeoutHoldMs: 300,
		});
		await emu.listen();
		runner = await feedRunner(emu.url);
	});
	beforeEach(() => emu.reset());
	afterAll(async () => {
		await emu?.close();
	});

	test.each([
		['answers 500 after creating it', { rate500After: 1 }],
		['drops the connection after creating it', { rateDropAfter: 1 }],
		['never answers after creating it (timeout)', { rateTimeoutAfter: 1 }],
	])('createFeed %s: exactly one feed on Amazon, and the items carry it', async (_, fault) => {
		emu.setFaults({ createFeed: fault });
		const run = await runFeed(runner, [samples.complete, samples.partial], table);
		expect(run.error).toBeNull();
		const feeds = emu.inspect().feeds;
		expect(feeds).toHaveLength(1);
		expect(emu.stats().calls.createFeed).toBe(1);
		expect(emu.stats().calls.getFeeds).toBe(1);
		expect(run.submitted.map((i) => i.json.amazon.submission.feedId)).toEqual([
			feeds[0].feedId,
			feeds[0].feedId,
		]);
	});

	test('a 500 before anything was created: the list is empty, so createFeed is sent again', async () => {
		// Seed 8: the first createFeed draws a 500 (nothing created), the second goes through.
		emu.setFaults({ createFeed: { rate500: 0.5 } }, 8);
		const run = await runFeed(runner, [samples.complete], table);
		expect(run.error).toBeNull();
		expect(emu.stats().faultsInjected.createFeed).toBe(1);
		expect(emu.stats().calls).toMatchObject({ createFeed: 2, getFeeds: 1 });
		expect(emu.inspect().feeds).toHaveLength(1);
		expect(run.submitted[0].json.amazon.submission.feedId).toBe(emu.inspect().feeds[0].feedId);
	});
});

describe('the client (nock)', () => {
	const SPEC = {
		feedType: 'POST_ORDER_FULFILLMENT_DATA',
		marketplaceIds: ['ATVPDKIKX0DER'],
		inputFeedDocumentId: 'doc1',
	};
	const feed = (feedId, createdTime, extra = {}) => ({
		feedId,
		feedType: SPEC.feedType,
		marketplaceIds: ['ATVPDKIKX0DER'],
		createdTime,
		processingStatus: 'IN_QUEUE',
		...extra,
	});

	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	test('two feeds created since the attempt: it cannot tell which is its own, so it sends nothing more', async () => {
		const { client, clock } = makeClient();
		const at = new Date(clock.now()).toISOString();
		nock(NA)
			.post('/feeds/2021-06-30/feeds')
			.reply(500, {
				errors: [{ code: 'InternalFailure', message: 'We encountered an internal error.' }],
			})
			.get('/feeds/2021-06-30/feeds')
			.query(
				(q) =>
					q.feedTypes === SPEC.feedType && q.marketplaceIds === 'ATVPDKIKX0DER' && !!q.createdSince,
			)
			.reply(200, { feeds: [feed('71', at), feed('72', at)] });
		const error = await client.createFeed(SPEC).catch((e) => e);
		expect(error).toMatchObject({ code: 'CreateFeedUncertain' });
		expect(error.message).toMatch(/2 feeds .*\(71, 72\).*Not sent again/);
		expect(nock.isDone()).toBe(true);
		expect(client.stats.createFeed.requests).toBe(1);
	});

	test('the feed list cannot be read: not sent again either', async () => {
		const { client } = makeClient({ retry: { maxAttempts: 1 } });
		nock(NA)
			.post('/feeds/2021-06-30/feeds')
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
			.get('/feeds/2021-06-30/feeds')
			.query(true)
			.reply(503, { errors: [{ code: 'ServiceUnavailable', message: 'Try later' }] });
		const error = await client.createFeed(SPEC).catch((e) => e);
		expect(error).toMatchObject({ code: 'CreateFeedUncertain' });
		expect(error.message).toMatch(/could not be read/);
		expect(client.stats.createFeed.requests).toBe(1);
	});

	test('an older feed of the same type (before the attempt) is not taken for this one', async () => {
		const { client, clock } = makeClient();
		const old = new Date(clock.now() - 60_000).toISOString();
		nock(NA)
			.post('/feeds/2021-06-30/feeds')
			.reply(502, 'Bad Gateway')
			.get('/feeds/2021-06-30/feeds')
			.query(true)
			.reply(200, { feeds: [feed('70', old)] })
			.post('/feeds/2021-06-30/feeds')
			.reply(202, { feedId: '73' });
		await expect(client.createFeed(SPEC)).resolves.toBe('73');
	});
});
