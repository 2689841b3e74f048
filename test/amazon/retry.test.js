const nock = require('nock');
const { NA, S3, makeClient, expectNoSecrets } = require('./helpers');
const {
	refillIntervalMs,
	TokenBucket,
	waitAfterThrottleMs,
} = require('../../core/amazon/rateLimits');

const QUOTA = {
	errors: [
		{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' },
	],
};
const SPEC = {
	feedType: 'POST_ORDER_FULFILLMENT_DATA',
	marketplaceIds: ['ATVPDKIKX0DER'],
	inputFeedDocumentId: 'doc1',
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('429 QuotaExceeded', () => {
	test('createFeed waits at least its refill interval (~120 s) after a 429, then succeeds', async () => {
		const { client, clock } = makeClient();
		nock(NA)
			.post('/feeds/2021-06-30/feeds')
			.reply(429, QUOTA)
			.post('/feeds/2021-06-30/feeds')
			.reply(202, { feedId: '7' });
		await expect(client.createFeed(SPEC)).resolves.toBe('7');
		expect(refillIntervalMs('createFeed')).toBeGreaterThanOrEqual(120_000);
		expect(clock.slept).toBeGreaterThanOrEqual(refillIntervalMs('createFeed'));
		expect(client.stats.createFeed).toMatchObject({ requests: 2, throttled: 1, retries: 1 });
	});

	test('x-amzn-RateLimit-Limit sets the wait (1 / limit seconds) when Amazon sends it', async () => {
		const { client, clock } = makeClient({
			retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 },
		});
		nock(NA)
			.post('/orders/v0/orders/123-1234567-1234567/shipmentConfirmation')
			.reply(429, QUOTA, { 'x-amzn-RateLimit-Limit': '0.2' })
			.post('/orders/v0/orders/123-1234567-1234567/shipmentConfirmation')
			.reply(204);
		await client.confirmShipment('123-1234567-1234567', {
			marketplaceId: 'ATVPDKIKX0DER',
			packageDetail: {
				packageReferenceId: '1',
				carrierCode: 'UPS',
				trackingNumber: '1Z1',
				shipDate: '2026-11-27T10:00:00Z',
				orderItems: [{ orderItemId: '12345678901234', quantity: 1 }],
			},
		});
		expect(clock.sleeps[0]).toBe(5000);
		expect(waitAfterThrottleMs('confirmShipment', 100)).toBe(500);
		expect(waitAfterThrottleMs('confirmShipment', 3000)).toBe(3000);
	});

	test('a Retry-After on a 429 (a proxy in front of Amazon) is waited when longer than the refill', async () => {
		const { client, clock } = makeClient({
			retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 },
		});
		nock(NA)
			.post('/orders/v0/orders/123-1234567-1234567/shipmentConfirmation')
			.reply(429, QUOTA, { 'Retry-After': '7' })
			.post('/orders/v0/orders/123-1234567-1234567/shipmentConfirmation')
			.reply(204);
		await client.confirmShipment('123-1234567-1234567', {
			marketplaceId: 'ATVPDKIKX0DER',
			packageDetail: {
				packageReferenceId: '1',
				carrierCode: 'UPS',
				trackingNumber: '1Z1',
				shipDate: '2026-11-27T10:00:00Z',
				orderItems: [{ orderItemId: '12345678901234', quantity: 1 }],
			},
		});
		expect(clock.sleeps[0]).toBe(7000);
		expect(client.stats.confirmShipment).toMatchObject({ requests: 2, throttled: 1, retries: 1 });
	});

	test('the total wait is bounded: past maxRateLimitWaitMs it throws a clear QuotaExceeded error', async () => {
		const { client, clock } = makeClient({ maxRateLimitWaitMs: { createFeed: 5 * 60 * 1000 } });
		nock(NA)
			.post('/feeds/2021-06-30/feeds')
			.times(10)
			.reply(429, QUOTA, { 'x-amzn-RequestId': 'req-429' });
		const error = await client.createFeed(SPEC).catch((e) => e);
		expect(error.name).toBe('AmazonApiError');
		expect(error.code).toBe('QuotaExceeded');
		expect(error.httpStatus).toBe(429);
		expect(error.requestId).toBe('req-429');
		expect(error.retryAfterMs).toBeGreaterThanOrEqual(120_000);
		expect(error.message).toMatch(/Try again after 2026-11-27T10:\d\d:\d\d/);
		expect(error.message).toContain('limit 300 s per call');
		expect(clock.slept).toBeLessThanOrEqual(5 * 60 * 1000);
		// Two waits of ~120 s fit in 5 minutes, a third would not.
		expect(client.stats.createFeed.requests).toBe(3);
	});

	test('own pacing: the 16th createFeed of a run would wait ~120 s, so it waits (within budget) or refuses (beyond)', async () => {
		const { client, clock } = makeClient();
		nock(NA).post('/feeds/2021-06-30/feeds').times(16).reply(202, { feedId: '1' });
		for (let i = 0; i < 15; i++) await client.createFeed(SPEC);
		expect(clock.slept).toBe(0);
		await client.createFeed(SPEC);
		expect(clock.slept).toBeGreaterThanOrEqual(120_000);

		const tight = makeClient({ maxRateLimitWaitMs: 60_000 });
		nock(NA).post('/feeds/2021-06-30/feeds').times(15).reply(202, { feedId: '1' });
		for (let i = 0; i < 15; i++) await tight.client.createFeed(SPEC);
		const error = await tight.client.createFeed(SPEC).catch((e) => e);
		expect(error.code).toBe('QuotaExceeded');
		expect(error.message).toMatch(/burst of 15, then one request every 120 s/);
		expect(tight.client.stats.createFeed.requests).toBe(15);
	});

	test('TokenBucket refills at its rate and serves queued callers in turn', async () => {
		const { fakeClock } = require('./helpers');
		const clock = fakeClock();
		const bucket = new TokenBucket(2, 2, clock);
		const waits = await Promise.all([bucket.take(), bucket.take(), bucket.take(), bucket.take()]);
		// Each resolves with its whole wait, its turn in the queue included: the 4th asked at 0 and went at 1 s.
		expect(waits).toEqual([0, 0, 500, 1000]);
		bucket.drain();
		expect(bucket.waitTimeMs()).toBe(500);
	});
});

describe('5xx and network errors', () => {
	test('503 then success', async () => {
		const { client, clock } = makeClient();
		nock(NA)
			.get('/feeds/2021-06-30/feeds/9')
			.reply(503, { errors: [{ code: 'ServiceUnavailable', message: 'Try later' }] })
			.get('/feeds/2021-06-30/feeds/9')
			.reply(200, { feedId: '9', feedType: 'X', createdTime: 't', processingStatus: 'IN_QUEUE' });
		const feed = await client.getFeed('9');
		expect(feed.processingStatus).toBe('IN_QUEUE');
		expect(clock.sleeps).toHaveLength(1);
		expect(clock.sleeps[0]).toBeGreaterThan(0);
	});

	test('gives up after the retry budget with code, message, status and x-amzn-RequestId', async () => {
		const { client, clock } = makeClient();
		nock(NA)
			.get('/feeds/2021-06-30/feeds/9')
			.times(4)
			.reply(
				500,
				{ errors: [{ code: 'InternalFailure', message: 'We encountered an internal error.' }] },
				{ 'x-amzn-RequestId': 'req-500' },
			);
		const error = await client.getFeed('9').catch((e) => e);
		expect(error).toMatchObject({
			name: 'AmazonApiError',
			code: 'InternalFailure',
			amazonMessage: 'We encountered an internal error.',
			httpStatus: 500,
			requestId: 'req-500',
			operation: 'getFeed',
		});
		expect(error.message).toContain('after 4 attempts');
		expect(error.message).toContain('req-500');
		expect(client.stats.getFeed.requests).toBe(4);
		// Exponential: each wait longer than the one before.
		expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0]);
		expect(clock.sleeps[2]).toBeGreaterThan(clock.sleeps[1]);
	});

	test('4xx other than 429 is not retried', async () => {
		const { client, clock } = makeClient();
		nock(NA)
			.get('/feeds/2021-06-30/feeds/404404')
			.reply(400, { errors: [{ code: 'InvalidInput', message: 'Invalid feedId' }] });
		await expect(client.getFeed('404404')).rejects.toMatchObject({
			code: 'InvalidInput',
			httpStatus: 400,
		});
		expect(clock.sleeps).toHaveLength(0);
	});

	test('a reset connection is retried; the S3 upload retries a 503 SlowDown', async () => {
		const { client } = makeClient();
		nock(NA)
			.get('/feeds/2021-06-30/feeds/9')
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
			.get('/feeds/2021-06-30/feeds/9')
			.reply(200, { feedId: '9', feedType: 'X', createdTime: 't', processingStatus: 'DONE' });
		await expect(client.getFeed('9')).resolves.toMatchObject({ processingStatus: 'DONE' });
		nock(S3)
			.put('/up')
			.reply(
				503,
				'<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
			)
			.put('/up')
			.reply(200, '');
		await client.uploadFeedDocument(`${S3}/up`, 'text/xml; charset=UTF-8', '<x/>');
		expect(client.stats.uploadFeedDocument).toMatchObject({ requests: 2, retries: 1 });
		expect(client.stats.getFeed).toMatchObject({ requests: 2, retries: 1 });
	});

	test('errors never carry the secrets, even when Amazon echoes them', async () => {
		const { client } = makeClient();
		nock(NA)
			.get('/feeds/2021-06-30/feeds/9')
			.reply(403, {
				errors: [
					{
						code: 'Unauthorized',
						message: 'Access to requested resource is denied.',
						details: 'token Atza|ACCESS-qq7 refresh Atzr|REFRESH-qq7 secret LWA-SECRET-qq7',
					},
				],
			});
		const error = await client.getFeed('9').catch((e) => e);
		expect(error.code).toBe('Unauthorized');
		expect(error.message).toMatch(/Inventory and Order Tracking/);
		expectNoSecrets(error.message);
		expectNoSecrets(JSON.stringify(error));
		expectNoSecrets(error.details);
	});
});

describe('expired access token on n8n 1.x (which renews only on 401)', () => {
	const nock = require('nock');
	const { makeClient } = require('./helpers');
	afterEach(() => nock.cleanAll());

	test('a 403 "expired" makes the client fetch a fresh token once and retry with it', async () => {
		const NA = 'https://sellingpartnerapi-na.amazon.com';
		const seen = [];
		nock(NA)
			.get('/feeds/2021-06-30/feeds/77')
			.reply(403, {
				errors: [
					{
						code: 'Unauthorized',
						message: 'Access to requested resource is denied.',
						details: 'The access token you provided has expired.',
					},
				],
			})
			.get('/feeds/2021-06-30/feeds/77')
			.reply(function () {
				seen.push(this.req.headers['x-amz-access-token']);
				return [
					200,
					{ feedId: '77', feedType: 'POST_ORDER_FULFILLMENT_DATA', processingStatus: 'DONE' },
				];
			});
		let refreshes = 0;
		const { client } = makeClient({
			refreshAccessToken: async () => {
				refreshes++;
				return 'Atza|FRESH-TOKEN';
			},
		});
		const feed = await client.getFeed('77');
		expect(feed.processingStatus).toBe('DONE');
		expect(refreshes).toBe(1);
		expect(seen).toEqual(['Atza|FRESH-TOKEN']);
	});

	test('a second 403 after the refresh is an error, not a loop', async () => {
		const NA = 'https://sellingpartnerapi-na.amazon.com';
		const body = {
			errors: [
				{
					code: 'Unauthorized',
					message: 'Access to requested resource is denied.',
					details: 'The access token you provided has expired.',
				},
			],
		};
		nock(NA).get('/feeds/2021-06-30/feeds/78').times(2).reply(403, body);
		let refreshes = 0;
		const { client } = makeClient({ refreshAccessToken: async () => (refreshes++, 'Atza|X') });
		await expect(client.getFeed('78')).rejects.toThrow(/Unauthorized|denied/);
		expect(refreshes).toBe(1);
	});
});

describe('one call, three budgets: failures, throttles and the token refresh are counted apart', () => {
	const FEED = { feedId: '9', feedType: 'X', createdTime: 't', processingStatus: 'DONE' };
	const UNAVAILABLE = { errors: [{ code: 'ServiceUnavailable', message: 'Try later' }] };

	function reporting(overrides = {}) {
		const reports = [];
		const made = makeClient({
			onRetry: ({ operation, attempt, delayMs, reason }) =>
				reports.push(`${operation} #${attempt} ${delayMs} ms: ${reason}`),
			...overrides,
		});
		return { ...made, reports };
	}

	test('429s between 5xx and network failures do not use up the 4 attempts, and every retry is reported', async () => {
		const { client, clock, reports } = reporting();
		nock(NA)
			.get('/feeds/2021-06-30/feeds/9')
			.reply(503, UNAVAILABLE)
			.get('/feeds/2021-06-30/feeds/9')
			.reply(429, QUOTA)
			.get('/feeds/2021-06-30/feeds/9')
			.reply(429, QUOTA, { 'x-amzn-RateLimit-Limit': '0.1' })
			.get('/feeds/2021-06-30/feeds/9')
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
			.get('/feeds/2021-06-30/feeds/9')
			.reply(502, 'Bad gateway')
			.get('/feeds/2021-06-30/feeds/9')
			.reply(200, FEED);
		await expect(client.getFeed('9')).resolves.toMatchObject({ processingStatus: 'DONE' });
		// Failures back off from their own count (1, 2, 3 → 1 s, 2 s, 4 s), throttles from theirs;
		// the second 429 waits Amazon's stated refill (1 / 0.1 per s).
		expect(reports).toEqual([
			'getFeed #1 1000 ms: HTTP 503',
			'getFeed #1 1000 ms: HTTP 429 QuotaExceeded',
			'getFeed #2 10000 ms: HTTP 429 QuotaExceeded',
			'getFeed #2 2000 ms: network error: socket hang up',
			'getFeed #3 4000 ms: HTTP 502',
		]);
		expect(client.stats.getFeed).toEqual({
			requests: 6,
			throttled: 2,
			retries: 5,
			// The two 429 waits, and own pacing at the 0.1/s Amazon stated: its drained bucket refills
			// in 10 s, of which the failure backoffs already spent 2 s and then 4 s.
			rateLimitWaitMs: 1000 + 10000 + 8000 + 6000,
		});
		expect(clock.sleeps).toEqual([1000, 1000, 10000, 2000, 8000, 4000, 6000]);
	});

	test('no answer after the attempt budget: NetworkError counting every failure, 5xx included', async () => {
		const { client } = reporting();
		nock(NA)
			.get('/feeds/2021-06-30/feeds/9')
			.reply(503, UNAVAILABLE)
			.get('/feeds/2021-06-30/feeds/9')
			.times(3)
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
		const error = await client.getFeed('9').catch((e) => e);
		expect(error).toMatchObject({ name: 'AmazonApiError', code: 'NetworkError' });
		expect(error.message).toContain('socket hang up');
		expect(error.message).toContain('No answer after 4 attempt(s).');
		expect(client.stats.getFeed).toMatchObject({ requests: 4, retries: 3 });
	});

	test('a request that cannot work is not retried: RequestFailed at once', async () => {
		const { client, clock, reports } = reporting();
		nock(NA)
			.get('/feeds/2021-06-30/feeds/9')
			.replyWithError({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'certificate mismatch' });
		const error = await client.getFeed('9').catch((e) => e);
		expect(error).toMatchObject({ code: 'RequestFailed' });
		expect(error.message).toContain('certificate mismatch');
		expect(error.message).not.toContain('No answer after');
		expect(reports).toEqual([]);
		expect(clock.sleeps).toEqual([]);
	});

	test('the token refresh is a retry in the stats, but not waited for and not reported', async () => {
		const { client, clock, reports } = reporting({ refreshAccessToken: async () => 'Atza|NEW' });
		nock(NA)
			.get('/feeds/2021-06-30/feeds/9')
			.reply(503, UNAVAILABLE)
			.get('/feeds/2021-06-30/feeds/9')
			.reply(403, {
				errors: [{ code: 'Unauthorized', message: 'The access token you provided has expired.' }],
			})
			.get('/feeds/2021-06-30/feeds/9')
			.reply(200, FEED);
		await expect(client.getFeed('9')).resolves.toMatchObject({ processingStatus: 'DONE' });
		expect(reports).toEqual(['getFeed #1 1000 ms: HTTP 503']);
		expect(clock.sleeps).toEqual([1000]);
		expect(client.stats.getFeed).toMatchObject({ requests: 3, retries: 2, throttled: 0 });
	});
});
