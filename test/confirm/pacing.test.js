'use strict';
/**
 * Issue 18: a mass update (1,000 fulfillments ticked shipped at once) starts one execution per
 * fulfillment. Each execution builds its own Amazon client, as the node does; the clients pace
 * together through the process-wide registry, against the Amazon emulator with its real
 * confirmShipment limit (2/s, burst 10). Time runs SCALE times faster for both (the emulator's
 * timeScale, the clients' clock), so 1,000 confirmations take seconds; everything else is real:
 * HTTP, concurrency, the emulator's token bucket and its 429s.
 */
const { createAmazonEmulator } = require('../../emulators/amazon');
const { RATE_LIMITS: EMULATED } = require('../../emulators/amazon/rateLimits');
const { createTestClient } = require('../../emulators/amazon/testkit');
const { AmazonClient } = require('../../core/amazon/client');
const { RateLimiterRegistry, sellerKey } = require('../../core/amazon/limiterRegistry');
const { runConfirmShipment } = require('../../core/confirm/run');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { fetchTransport } = require('../amazon/helpers');
const { MARKETPLACE, order, mapper, fulfillment } = require('./helpers');

jest.setTimeout(120_000);

/** Amazon time: SCALE times the wall clock, from the moment it is made. */
function scaledClock(scale) {
	const origin = Date.now();
	return {
		now: () => origin + (Date.now() - origin) * scale,
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / scale)),
		random: () => Math.random(),
	};
}

const orderId = (i) => `114-${String(7000000 + i)}-${String(7000000 + i)}`;
const itemId = (i, k) => `7${String(i).padStart(7, '0')}${String(k).padStart(6, '0')}`;

/** `executions` orders, each shipped by one fulfillment with `packages` packages of one unit. */
function seed(executions, packages) {
	const orders = [];
	const fulfillments = [];
	for (let i = 1; i <= executions; i++) {
		const items = Array.from({ length: packages }, (_, k) => [itemId(i, k + 1), `SKU-${k + 1}`, 1]);
		orders.push(order(orderId(i), items, { latestShipDate: '2099-12-31T23:59:59Z' }));
		fulfillments.push(
			fulfillment(
				9000 + i,
				orderId(i),
				items.map(([id], k) => [k + 1, id, 1]),
				items.map((_, k) => [`1Z999AA1${String(i * 100 + k).padStart(10, '0')}`, [[k + 1, 1]]]),
			),
		);
	}
	return { orders, fulfillments };
}

/**
 * Runs one execution per fulfillment, all started at once, each with its own client (shared
 * pacing when `registry` is given). Returns wall time, per-execution results and 429 counts.
 */
async function massUpdate({ executions, packages, scale, shared = true, workers = 1 }) {
	const { orders, fulfillments } = seed(executions, packages);
	const statuses = [];
	const emu = createAmazonEmulator({
		seed: { marketplaceId: MARKETPLACE, amazonOrders: orders },
		timeScale: scale,
		logger: (entry) => statuses.push(entry),
	});
	const { url } = await emu.listen();
	try {
		const token = (await createTestClient(url).token()).body.access_token;
		const clock = scaledClock(scale);
		// One registry per process: queue mode's workers each have their own.
		const registries = Array.from(
			{ length: workers },
			() => new RateLimiterRegistry({ now: clock.now }),
		);
		const { clientId, refreshToken } = DEFAULT_CREDENTIALS.amazon;
		const seller = sellerKey(clientId, refreshToken);
		const started = Date.now();
		const runs = await Promise.all(
			fulfillments.map(async (f, i) => {
				const registry = registries[i % workers];
				const client = new AmazonClient({
					transport: fetchTransport({ extraHeaders: { 'x-amz-access-token': token } }),
					presignedTransport: fetchTransport(),
					clock,
					baseUrl: url,
					...(shared
						? { sharedRateLimits: { seller, registry, operations: ['confirmShipment'] } }
						: {}),
				});
				const run = await runConfirmShipment(client, [f], mapper(), { clock, now: clock.now() });
				return { run, stats: client.stats.confirmShipment ?? {} };
			}),
		);
		const wallMs = Date.now() - started;
		const confirmLog = statuses.filter((s) => s.operation === 'confirmShipment');
		return {
			emu,
			runs,
			wallMs,
			orders,
			fulfillments,
			throttledByAmazon: confirmLog.filter((s) => s.status === 429).length,
			accepted: confirmLog.filter((s) => s.status === 204).length,
			throttledSeen: runs.reduce((n, r) => n + (r.stats.throttled ?? 0), 0),
		};
	} finally {
		await emu.close();
	}
}

/** The fastest Amazon's confirmShipment limit allows for n calls, in wall-clock ms at `scale`. */
function rateLimitBoundMs(n, scale) {
	const { rate, burst } = EMULATED.confirmShipment;
	return (Math.max(0, n - burst) / rate / scale) * 1000;
}

function expectEachPackageOnceOnAmazon(result, packages) {
	const inspected = result.emu.inspect().orders;
	for (const [i, f] of result.fulfillments.entries()) {
		const onAmazon = inspected[f.amazonOrderId];
		expect(onAmazon.orderStatus).toBe('Shipped');
		expect(onAmazon.packages.map((p) => p.trackingNumber).sort()).toEqual(
			[...f.trackingNumbers].sort(),
		);
		expect(result.runs[i].run.confirmed[0].result.outcome).toBe('accepted');
		expect(
			result.runs[i].run.confirmed[0].submission.packages.every((p) => p.outcome === 'confirmed'),
		).toBe(true);
	}
	// Exactly once: Amazon applied one confirmation per package, no edits from re-sends.
	expect(result.accepted).toBe(result.fulfillments.length * packages);
}

test('1,000 single-fulfillment executions at once: all confirmed once, few 429s (all retried), within 1.5× of 2/s burst 10', async () => {
	// Time scale multiplies the event loop's jitter too (a 20 ms stall of this loaded process is
	// 0.5 s of Amazon time at 25×, a whole token), so a few 429s are expected here that real time
	// would not see; each is retried.
	const SCALE = 25;
	const N = 1000;
	const result = await massUpdate({ executions: N, packages: 1, scale: SCALE });
	expectEachPackageOnceOnAmazon(result, 1);
	// Every 429 was retried to a 204 (all accepted above); they are exceptions, not the pacing.
	expect(result.throttledSeen).toBe(result.throttledByAmazon);
	expect(result.throttledByAmazon).toBeLessThanOrEqual(N * 0.05);
	const bound = rateLimitBoundMs(N, SCALE);
	console.log(
		`1,000 executions × 1 package: ${result.wallMs} ms wall at ${SCALE}× (${((result.wallMs * SCALE) / 1000).toFixed(0)} s of Amazon time; the rate limit allows ${((bound * SCALE) / 1000).toFixed(0)} s); 429s: ${result.throttledByAmazon}`,
	);
	expect(result.wallMs).toBeLessThanOrEqual(bound * 1.5);
	// And not faster than Amazon allows: the pacing, not luck, kept the 429s away.
	expect(result.wallMs).toBeGreaterThanOrEqual(bound * 0.9);
});

test('50 executions × 4 packages at once: all 200 confirmed once, few 429s, within 1.5× of the bound', async () => {
	const SCALE = 20;
	const result = await massUpdate({ executions: 50, packages: 4, scale: SCALE });
	expectEachPackageOnceOnAmazon(result, 4);
	expect(result.throttledSeen).toBe(result.throttledByAmazon);
	expect(result.throttledByAmazon).toBeLessThanOrEqual(200 * 0.05);
	const bound = rateLimitBoundMs(200, SCALE);
	expect(result.wallMs).toBeLessThanOrEqual(bound * 1.5);
});

test('without the shared registry (one bucket per execution, as before) the same burst runs into Amazon’s 429s', async () => {
	const result = await massUpdate({ executions: 30, packages: 1, scale: 20, shared: false });
	// 30 clients each start with a full bucket of 10: Amazon refuses about 20 of the first 30.
	expect(result.throttledByAmazon).toBeGreaterThanOrEqual(15);
	// They are retried, so the end state is the same; only the shared pacing avoids the storm.
	expectEachPackageOnceOnAmazon(result, 1);
});

test('queue mode: 3 workers each pace on their own; the 429s that causes are retried and every package is confirmed once', async () => {
	const SCALE = 20;
	const N = 300;
	const result = await massUpdate({ executions: N, packages: 1, scale: SCALE, workers: 3 });
	expectEachPackageOnceOnAmazon(result, 1);
	expect(result.throttledSeen).toBe(result.throttledByAmazon);
	// Three buckets of 10 at the start: Amazon refuses some; more 429s than one worker, none lost.
	expect(result.throttledByAmazon).toBeGreaterThan(0);
	const bound = rateLimitBoundMs(N, SCALE);
	console.log(
		`queue mode, 3 workers, ${N} executions: ${((result.wallMs * SCALE) / 1000).toFixed(0)} s of Amazon time (bound ${((bound * SCALE) / 1000).toFixed(0)} s); 429s: ${result.throttledByAmazon}`,
	);
});
