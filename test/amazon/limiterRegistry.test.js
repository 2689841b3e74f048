'use strict';
/**
 * The process-wide rate-limit registry (issue 18): executions of one seller share one bucket per
 * operation, other sellers do not; callers are served in the order they asked, none waits longer
 * than it may, a cancelled waiter gives its turn back, and idle buckets are dropped.
 */
const nock = require('nock');
const { RateLimiterRegistry, sellerKey } = require('../../core/amazon/limiterRegistry');
const { NA, makeClient, fakeClock, SECRETS } = require('./helpers');

const CONFIRM = { rate: 2, burst: 10 };
const ORDER = '902-1106328-1059050';
const PATH = `/orders/v0/orders/${ORDER}/shipmentConfirmation`;
const request = (ref) => ({
	marketplaceId: 'ATVPDKIKX0DER',
	packageDetail: {
		packageReferenceId: String(ref),
		carrierCode: 'UPS',
		trackingNumber: `1Z${ref}`,
		shipDate: '2026-11-20T12:00:00Z',
		orderItems: [{ orderItemId: '79039765272157', quantity: 1 }],
	},
});

/** Time moves only when the test says so; sleeps are timers that fire in order of their end. */
function timerClock(start = 0) {
	const timers = [];
	const clock = {
		t: start,
		now: () => clock.t,
		random: () => 0.5,
		sleep: (ms) =>
			new Promise((resolve, reject) => {
				const timer = { at: clock.t + ms, resolve, reject };
				timers.push(timer);
				timer.cancel = (error) => {
					timers.splice(timers.indexOf(timer), 1);
					reject(error);
				};
			}),
		timers,
		async advance(ms) {
			const end = clock.t + ms;
			for (;;) {
				timers.sort((a, b) => a.at - b.at);
				const next = timers[0];
				if (!next || next.at > end) break;
				timers.shift();
				clock.t = next.at;
				next.resolve();
				for (let i = 0; i < 5; i++) await Promise.resolve();
			}
			clock.t = end;
		},
	};
	return clock;
}

const A = sellerKey('amzn1.application-oa2-client.app', 'Atzr|seller-A');
const B = sellerKey('amzn1.application-oa2-client.app', 'Atzr|seller-B');

describe('sellerKey', () => {
	test('same app and refresh token → same key; it never contains either value', () => {
		expect(sellerKey('amzn1.application-oa2-client.app', 'Atzr|seller-A')).toBe(A);
		expect(A).not.toBe(B);
		expect(A).toMatch(/^[0-9a-f]{32}$/);
		expect(A).not.toContain('seller-A');
		expect(sellerKey('other-app', 'Atzr|seller-A')).not.toBe(A);
		expect(sellerKey('', 'Atzr|seller-A')).toBeUndefined();
		expect(sellerKey('app', undefined)).toBeUndefined();
	});
});

describe('RateLimiterRegistry', () => {
	test('one bucket per seller, endpoint and operation', () => {
		const clock = timerClock();
		const reg = new RateLimiterRegistry({ now: clock.now });
		const a1 = reg.bucket({ seller: A, endpoint: NA }, 'confirmShipment', CONFIRM);
		expect(reg.bucket({ seller: A, endpoint: NA }, 'confirmShipment', CONFIRM)).toBe(a1);
		expect(reg.bucket({ seller: B, endpoint: NA }, 'confirmShipment', CONFIRM)).not.toBe(a1);
		expect(reg.bucket({ seller: A, endpoint: 'https://eu' }, 'confirmShipment', CONFIRM)).not.toBe(
			a1,
		);
		expect(reg.bucket({ seller: A, endpoint: NA }, 'getOrder', { rate: 0.5, burst: 30 })).not.toBe(
			a1,
		);
		expect(reg.size).toBe(4);
	});

	test('two clients of one seller share the confirmShipment quota; a client of another seller does not', async () => {
		nock.disableNetConnect();
		try {
			nock(NA).post(PATH).times(12).reply(204, '');
			const clock = fakeClock();
			const registry = new RateLimiterRegistry({ now: clock.now });
			const shared = (seller) => ({
				clock,
				sharedRateLimits: { seller, registry, operations: ['confirmShipment'] },
			});
			const first = makeClient(shared(A)).client;
			const second = makeClient(shared(A)).client;
			const other = makeClient(shared(B)).client;
			for (let i = 1; i <= 10; i++) await first.confirmShipment(ORDER, request(i));
			expect(clock.slept).toBe(0);
			// Same seller: the burst is spent, so the other execution waits its turn (1 / 2 s).
			await second.confirmShipment(ORDER, request(11));
			expect(clock.sleeps).toEqual([500]);
			expect(second.stats.confirmShipment.rateLimitWaitMs).toBe(500);
			// Another seller has its own quota.
			await other.confirmShipment(ORDER, request(12));
			expect(clock.sleeps).toEqual([500]);
			expect(nock.isDone()).toBe(true);
		} finally {
			nock.cleanAll();
			nock.enableNetConnect();
		}
	});

	test('only the listed operations are shared; without a registry each client paces alone, as before', () => {
		const { RateLimiter } = require('../../core/amazon/rateLimits');
		const clock = fakeClock();
		const registry = new RateLimiterRegistry({ now: clock.now });
		const scoped = registry.scoped({ seller: A, endpoint: NA }, ['confirmShipment']);
		const one = new RateLimiter(clock, undefined, scoped);
		const two = new RateLimiter(clock, undefined, scoped);
		expect(one.isShared('confirmShipment')).toBe(true);
		expect(one.bucket('confirmShipment')).toBe(two.bucket('confirmShipment'));
		expect(one.isShared('getFeed')).toBe(false);
		expect(one.bucket('getFeed')).not.toBe(two.bucket('getFeed'));
		expect(registry.size).toBe(1);
		const alone = new RateLimiter(clock);
		expect(alone.isShared('confirmShipment')).toBe(false);
		expect(new RateLimiter(clock).bucket('confirmShipment')).not.toBe(
			alone.bucket('confirmShipment'),
		);
	});

	test('callers from several executions are served first come, first served, at 2/s after the burst', async () => {
		const clock = timerClock(1000);
		const reg = new RateLimiterRegistry({ now: clock.now });
		const bucket = () => reg.bucket({ seller: A, endpoint: NA }, 'confirmShipment', CONFIRM);
		const sent = [];
		// Three executions asking in turns: e1, e2, e3, e1, e2, ...
		const calls = [];
		for (let i = 0; i < 24; i++) {
			const who = `e${(i % 3) + 1}#${i}`;
			calls.push(
				bucket()
					.take(clock.sleep)
					.then(() => sent.push({ who, at: clock.t })),
			);
		}
		await new Promise((resolve) => setImmediate(resolve));
		await clock.advance(60_000);
		await Promise.all(calls);
		expect(sent.map((s) => s.who)).toEqual(
			Array.from({ length: 24 }, (_, i) => `e${(i % 3) + 1}#${i}`),
		);
		// Ten at once (the burst), then one every 500 ms: call 11 at +500 ms, call 24 at +7 s.
		expect(sent.slice(0, 10).every((s) => s.at === 1000)).toBe(true);
		expect(sent.slice(10).map((s) => s.at - 1000)).toEqual(
			Array.from({ length: 14 }, (_, i) => (i + 1) * 500),
		);
	});

	test('bounded wait: a caller whose turn is further away than it may wait is refused at once, taking no turn', async () => {
		const nockScope = nock(NA).post(PATH).times(10).reply(204, '');
		nock.disableNetConnect();
		try {
			const clock = timerClock(Date.parse('2026-11-20T12:00:00Z'));
			const registry = new RateLimiterRegistry({ now: clock.now });
			const client = () =>
				makeClient({
					clock,
					maxRateLimitWaitMs: 2000,
					sharedRateLimits: { seller: A, registry, operations: ['confirmShipment'] },
				}).client;
			for (let i = 1; i <= 10; i++) await client().confirmShipment(ORDER, request(i));
			expect(nockScope.isDone()).toBe(true);
			const bucket = registry.bucket({ seller: A, endpoint: NA }, 'confirmShipment', CONFIRM);
			// Five other executions are queued: the next turn is 3 s away.
			const queued = Array.from({ length: 5 }, () => bucket.take(clock.sleep));
			expect(bucket.waitTimeMs()).toBe(3000);
			const late = client();
			const error = await late.confirmShipment(ORDER, request(11)).catch((e) => e);
			expect(error.code).toBe('QuotaExceeded');
			expect(error.message).toMatch(/other runs for the same seller/);
			expect(error.message).toMatch(/a burst of 10, then 2 requests per second/);
			expect(late.stats.confirmShipment.requests).toBe(0);
			// The refusal took no turn: the queue is as it was.
			expect(bucket.queued).toBe(5);
			expect(bucket.waitTimeMs()).toBe(3000);
			await clock.advance(2500);
			expect(await Promise.all(queued)).toEqual([500, 1000, 1500, 2000, 2500]);
		} finally {
			nock.cleanAll();
			nock.enableNetConnect();
		}
	});

	test('a cancelled waiter (its execution stopped) lets the next one go in its place', async () => {
		const clock = timerClock();
		const reg = new RateLimiterRegistry({ now: clock.now });
		const bucket = reg.bucket({ seller: A, endpoint: NA }, 'confirmShipment', CONFIRM);
		for (let i = 0; i < 10; i++) await bucket.take(clock.sleep);
		const cancelled = bucket.take(clock.sleep).catch((e) => e.message);
		const behind = bucket.take(clock.sleep);
		await Promise.resolve();
		expect(bucket.queued).toBe(2);
		// Only the head sleeps, for one token's refill.
		expect(clock.timers.map((t) => t.at)).toEqual([500]);
		clock.timers[0].cancel(new Error('execution cancelled'));
		expect(await cancelled).toBe('execution cancelled');
		await clock.advance(500);
		expect(await behind).toBe(500);
		expect(bucket.queued).toBe(0);
	});

	test('a 429 empties the bucket', async () => {
		const clock = timerClock();
		const bucket = new RateLimiterRegistry({ now: clock.now }).bucket(
			{ seller: A, endpoint: NA },
			'confirmShipment',
			CONFIRM,
		);
		await bucket.take(clock.sleep);
		expect(bucket.waitTimeMs()).toBe(0);
		bucket.drain();
		expect(bucket.waitTimeMs()).toBe(500);
	});

	test('eviction: an idle, full bucket is dropped after idleMs; a busy one is kept; the cap drops the least recently used', async () => {
		const clock = timerClock();
		const reg = new RateLimiterRegistry({ now: clock.now, idleMs: 60_000, maxBuckets: 3 });
		const idle = reg.bucket({ seller: A, endpoint: NA }, 'confirmShipment', CONFIRM);
		await idle.take(clock.sleep);
		const busy = reg.bucket({ seller: B, endpoint: NA }, 'searchOrders', {
			rate: 1 / 180,
			burst: 20,
		});
		for (let i = 0; i < 20; i++) await busy.take(clock.sleep);
		await clock.advance(61_000);
		reg.sweep();
		expect(reg.size).toBe(1);
		// Seller A comes back: a new, full bucket; B's spent searchOrders quota is remembered.
		const aAgain = reg.bucket({ seller: A, endpoint: NA }, 'confirmShipment', CONFIRM);
		expect(aAgain).not.toBe(idle);
		expect(aAgain.available()).toBe(10);
		expect(reg.bucket({ seller: B, endpoint: NA }, 'searchOrders', { rate: 1, burst: 20 })).toBe(
			busy,
		);
		reg.bucket({ seller: A, endpoint: NA }, 'getOrder', { rate: 0.5, burst: 30 });
		const cFirst = reg.bucket({ seller: 'c', endpoint: NA }, 'getOrder', CONFIRM);
		expect(reg.size).toBe(3);
		// A's confirmShipment was used longest ago: it goes; the newest stays.
		expect(reg.bucket({ seller: 'c', endpoint: NA }, 'getOrder', CONFIRM)).toBe(cFirst);
		expect(reg.bucket({ seller: B, endpoint: NA }, 'searchOrders', CONFIRM)).toBe(busy);
		expect(reg.size).toBe(3);
		expect(reg.bucket({ seller: A, endpoint: NA }, 'confirmShipment', CONFIRM)).not.toBe(aAgain);
	});

	test('the credential secret and refresh token are not in any key', () => {
		const key = sellerKey(SECRETS.clientId, SECRETS.refreshToken);
		expect(key).not.toContain(SECRETS.refreshToken);
		expect(key).not.toContain(SECRETS.clientId);
	});
});
