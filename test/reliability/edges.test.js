/**
 * Four things that go wrong at Amazon or NetSuite, each run through the template flow on its
 * schedule, with the outcome a seller sees (documented in docs/ARCHITECTURE.md "Failure windows"):
 * a feed that ends FATAL, a feed stuck IN_QUEUE past the maximum wait, an Amazon token that
 * expires between two steps, and NetSuite's concurrency taken by another integration.
 */
const { install } = require('./helpers/timewarp');

const clock = install({ scale: 300 });

const { startFlow, itemsOf, MINUTE } = require('./helpers/flow');
const { expectedFromSeed, checkConvergence } = require('./helpers/verify');
const { generateSeed } = require('../../emulators/seed/generate');

const seed = generateSeed({ count: 8 });
const expected = expectedFromSeed(seed);

let flow;
afterEach(async () => {
	await flow?.close();
	flow = undefined;
});
afterAll(() => clock.uninstall());

const state = () => ({
	amazon: flow.emulators.amazon.inspect(),
	netsuite: flow.emulators.netsuite.inspect(),
});

function converged() {
	const result = checkConvergence(expected, state());
	expect(result.duplicates).toEqual([]);
	expect(result.lost).toEqual([]);
	expect(result.wrongState).toEqual([]);
	expect(result.confirmed).toBe(expected.size);
	return result;
}

test('feed ends FATAL: every item on Failed with the feed ID, error written, nothing marked sent; re-sent after the window and confirmed once', async () => {
	flow = await startFlow({
		seed,
		clock,
		resendAfterHours: 1,
		amazon: { forceFeedStatus: { 1: 'FATAL' } },
	});
	const run = await flow.tick();
	expect(run.status).toBe('success');
	const failed = itemsOf(run, flow.names.status, 3);
	expect(failed).toHaveLength(expected.size);
	const feedId = failed[0].amazon.submission.feedId;
	for (const item of failed) {
		expect(item.amazon.result.outcome).toBe('failed');
		expect(item.amazon.result.message).toContain(
			`Amazon aborted feed ${feedId} (processingStatus FATAL)`,
		);
	}
	const ns = state().netsuite;
	for (const id of expected.keys()) {
		expect(ns.itemFulfillments[id].sentToAmazon).toBe(false);
		expect(ns.itemFulfillments[id].error).toContain(`feed ${feedId}`);
	}
	// Amazon applied nothing of a FATAL feed.
	expect(Object.values(state().amazon.orders).flatMap((o) => o.packages)).toEqual([]);

	// Within the re-send window the trigger stays quiet; after it, the same fulfillments go again.
	const quiet = await flow.tick();
	expect(quiet.emitted).toBe(0);
	const { runs } = await flow.runUntilQuiet({ maxRuns: 8 });
	const again = runs.find((r) => r.emitted);
	expect(new Set(again.reasons)).toEqual(new Set(['resend']));
	converged();
});

test('feed stuck IN_QUEUE past the maximum wait: Failed with "may still be applied later"; the re-send is an update, never a second package', async () => {
	flow = await startFlow({
		seed,
		clock,
		resendAfterHours: 1,
		amazon: { forceFeedStatus: { 1: 'STUCK' } },
		// 15 minutes instead of the template's 8 hours: 8 checks through the Wait node, not 240.
		patch: (wf) => {
			wf.nodes.find((n) => n.name === 'Amazon Feed Status').parameters.maxWaitHours = 0.25;
		},
	});
	const run = await flow.tick();
	expect(run.status).toBe('success');
	expect(run.executions.length).toBeGreaterThan(5); // it really waited, through persisted waits
	const failed = itemsOf(run, flow.names.status, 3);
	expect(failed).toHaveLength(expected.size);
	const feedId = failed[0].amazon.submission.feedId;
	expect(failed[0].amazon.result.message).toContain(`still IN_QUEUE`);
	expect(failed[0].amazon.result.message).toContain('may still be applied later');
	expect(state().amazon.feeds.find((f) => f.feedId === feedId).status).toBe('IN_QUEUE');
	for (const id of expected.keys())
		expect(state().netsuite.itemFulfillments[id].sentToAmazon).toBe(false);

	const { quiet } = await flow.runUntilQuiet({ maxRuns: 8 });
	expect(quiet).toBe(true);
	converged();
});

test('Amazon token expires between two steps: the status check refreshes it and the run finishes', async () => {
	const hooks = {
		nodeExecuteAfter: (node) => {
			if (node === 'Amazon Shipment Feed') flow.emulators.amazon.expireTokens();
		},
	};
	flow = await startFlow({ seed, clock, hooks });
	const run = await flow.tick();
	expect(run.status).toBe('success');
	const tokenCalls = flow.traffic.entries.filter((e) => e.path === '/auth/o2/token');
	// The first login, then n8n's renewal after the 403; its retry carries the renewed token (the
	// credential always sets the stored one), so the client's own x-lwa-grant refresh is not needed.
	expect(tokenCalls).toHaveLength(2);
	const expired = flow.traffic.entries.filter((e) => e.service === 'amazon' && e.status === 403);
	expect(expired.length).toBeGreaterThanOrEqual(1);
	expect(itemsOf(run, flow.names.status, 0)).toHaveLength(expected.size);
	converged();
});

test("NetSuite's concurrency taken by another integration: the poll fails and sends nothing; during the updates, the run fails and the next ones converge", async () => {
	flow = await startFlow({ seed, clock, resendAfterHours: 1 });
	const { netsuite } = flow.emulators;

	// All 5 slots held: the trigger's search cannot run. Nothing is emitted, the cursor is untouched.
	let release = netsuite.occupy(5);
	const blocked = await flow.tick();
	release();
	expect(blocked.pollError).toBe(true);
	expect(blocked.error.message).toMatch(/concurren|limit/i);
	expect(flow.state.staticData).toEqual({});

	// Held again while NetSuite Update Order runs (after Amazon accepted everything).
	const hooks = {
		nodeExecuteBefore: (node) => {
			if (node === 'NetSuite Update Order') release = netsuite.occupy(5);
		},
		nodeExecuteAfter: (node) => {
			if (node === 'NetSuite Update Order') release();
		},
	};
	const run = await flow.tick({ hooks });
	// The template goes on past refused writes (On Error: Continue), so the other outcomes are still
	// written; each item Update Order could not write carries NetSuite's reason in its output.
	expect(run.status).toBe('success');
	const refused = itemsOf(run, flow.names.update).filter((i) => i.error);
	expect(refused.length).toBeGreaterThan(0);
	for (const item of refused)
		expect(JSON.stringify(item.error)).toMatch(
			/CONCURRENCY_LIMIT_EXCEEDED|could not read the order's status/,
		);
	expect(flow.unsent().length).toBe(expected.size);

	const { runs, quiet } = await flow.runUntilQuiet({ maxRuns: 8 });
	expect(quiet).toBe(true);
	expect(runs.find((r) => r.emitted).reasons.every((r) => r === 'resend')).toBe(true);
	const result = converged();
	// Amazon got each box a second time (an update of the same package), none twice as a package.
	expect(result.resends).toBe(result.boxes);
	expect(netsuite.stats().concurrencyRejected).toBeGreaterThan(0);
});
