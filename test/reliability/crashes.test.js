/**
 * The n8n process dies at every step boundary of the template flow (and once in the middle of
 * the NetSuite updates); the schedule then runs on. The flow must converge: every box on Amazon
 * once as a package (a re-send of the same package is an update), every fulfillment marked sent.
 * What each window costs is documented in docs/ARCHITECTURE.md "Failure windows".
 */
const { install } = require('./helpers/timewarp');

const clock = install({ scale: 300 });

const { startFlow, itemsOf } = require('./helpers/flow');
const { expectedFromSeed, checkConvergence } = require('./helpers/verify');
const { generateSeed } = require('../../emulators/seed/generate');

const seed = generateSeed({ count: 10 });
const expected = expectedFromSeed(seed);

let flow;
afterEach(async () => {
	await flow?.close();
	flow = undefined;
});
afterAll(() => clock.uninstall());

/** Crash once with `crash` options, then let the schedule run on until nothing is left. */
async function crashThenRunOn(crash) {
	flow = await startFlow({ seed, clock, resendAfterHours: 1 });
	const crashed = await flow.tick(crash);
	expect(crashed.status).toBe('canceled');
	expect(crashed.final.abortedBy).toBeTruthy();
	// The next polls within the re-send window start nothing: the cursor remembers the emission.
	const next = await flow.tick();
	expect(next.emitted).toBe(0);
	const { runs, quiet } = await flow.runUntilQuiet({ maxRuns: 10 });
	expect(quiet).toBe(true);
	const state = {
		amazon: flow.emulators.amazon.inspect(),
		netsuite: flow.emulators.netsuite.inspect(),
	};
	const result = checkConvergence(expected, state);
	expect(result.duplicates).toEqual([]);
	expect(result.lost).toEqual([]);
	expect(result.wrongState).toEqual([]);
	expect(result.confirmed).toBe(expected.size);
	const resent = runs.filter((r) => r.emitted);
	return { crashed, resent, result, state };
}

test('after the trigger emitted: nothing reached Amazon; re-sent after the window, once', async () => {
	const { resent, result, state } = await crashThenRunOn({
		abortAfter: 'NetSuite Saved Search Trigger',
	});
	expect(resent.flatMap((r) => r.reasons).every((r) => r === 'resend')).toBe(true);
	expect(resent.flatMap((r) => r.reasons)).toHaveLength(expected.size);
	expect(state.amazon.feeds).toHaveLength(1);
	expect(result.resends).toBe(0);
});

test('after the feed was created: Amazon applies it; the re-send is an update of the same packages, never a second package', async () => {
	const { crashed, resent, result, state } = await crashThenRunOn({
		abortAfter: 'Amazon Shipment Feed',
	});
	const feedId = itemsOf(crashed, 'Amazon Shipment Feed', 0)[0].amazon.submission.feedId;
	expect(state.amazon.feeds.find((f) => f.feedId === feedId).status).toBe('DONE');
	expect(resent.flatMap((r) => r.reasons).every((r) => r === 'resend')).toBe(true);
	// Detectable: each box was confirmed twice (Amazon's confirmations count), one package each.
	expect(result.resends).toBe(result.boxes);
	expect(state.amazon.feeds).toHaveLength(2);
});

test('after Amazon finished (Done), before NetSuite was written: same window, same outcome', async () => {
	const { resent, result } = await crashThenRunOn({
		hooks: {
			nodeExecuteAfter: (node, info) => {
				if (node === 'Amazon Feed Status' && info.itemCounts[0] > 0)
					info.cancel('crash after Done');
			},
		},
	});
	expect(resent.flatMap((r) => r.reasons)).toHaveLength(expected.size);
	expect(result.resends).toBe(result.boxes);
});

test('half-way through the NetSuite updates: the fulfillments already marked stay done, only the rest is re-sent', async () => {
	flow = await startFlow({ seed, clock, resendAfterHours: 1 });
	// Sales orders are written first (one each), then the fulfillments: stop the process after
	// the third fulfillment PATCH was answered, while the others are in flight or not started.
	const controller = new AbortController();
	let patches = 0;
	flow.traffic.on((entry, phase) => {
		if (phase === 'response' && entry.method === 'PATCH' && ++patches === expected.size + 3)
			controller.abort();
	});
	const crashed = await flow.tick({ signal: controller.signal });
	expect(crashed.status).toBe('canceled');
	const markedAtCrash = Object.values(flow.emulators.netsuite.inspect().itemFulfillments).filter(
		(f) => f.sentToAmazon,
	).length;
	expect(markedAtCrash).toBeGreaterThanOrEqual(3);
	expect(markedAtCrash).toBeLessThan(expected.size);

	const { runs, quiet } = await flow.runUntilQuiet({ maxRuns: 10 });
	expect(quiet).toBe(true);
	const reasons = runs.filter((r) => r.emitted).flatMap((r) => r.reasons);
	expect(reasons).toHaveLength(expected.size - markedAtCrash);
	expect(reasons.every((r) => r === 'resend')).toBe(true);
	const result = checkConvergence(expected, {
		amazon: flow.emulators.amazon.inspect(),
		netsuite: flow.emulators.netsuite.inspect(),
	});
	expect(result.duplicates).toEqual([]);
	expect(result.lost).toEqual([]);
	expect(result.wrongState).toEqual([]);
	expect(result.confirmed).toBe(expected.size);
	// Only the boxes of the fulfillments not yet marked went to Amazon a second time.
	expect(result.resends).toBeGreaterThan(0);
	expect(result.resends).toBeLessThan(result.boxes);
});
