/**
 * The trigger stops at Max Fulfillments per Poll and resumes at a row of the saved search on the
 * next poll. Meanwhile the fulfillments it emitted were marked sent and left the search, so the
 * rows shifted: the resume row can fall inside another fulfillment. Found by the fault test: a
 * fulfillment went to Amazon without its first line, was marked sent, and the line was lost.
 * Here every poll resumes into a shifted result; nothing may be sent in part.
 */
const { install } = require('./helpers/timewarp');

const clock = install({ scale: 300 });

const { startFlow } = require('./helpers/flow');
const { expectedFromSeed, checkConvergence } = require('./helpers/verify');
const { generateSeed } = require('../../emulators/seed/generate');

let flow;
afterAll(async () => {
	await flow?.close();
	clock.uninstall();
});

test('polls resuming into a result that shrank send every fulfillment whole', async () => {
	const seed = generateSeed({ count: 40 });
	const expected = expectedFromSeed(seed);
	// Several lines per fulfillment, so a shifted resume row lands inside one.
	expect(
		[...expected.values()].filter((e) => Object.keys(e.units).length > 1).length,
	).toBeGreaterThan(5);
	flow = await startFlow({
		seed,
		clock,
		patch: (wf) => {
			wf.nodes.find((n) => n.name === 'NetSuite Saved Search Trigger').parameters.maxFulfillments =
				4;
		},
	});
	const { quiet, runs } = await flow.runUntilQuiet({ maxRuns: 40 });
	expect(quiet).toBe(true);
	expect(runs.filter((r) => r.emitted).length).toBeGreaterThan(5);
	const result = checkConvergence(expected, {
		amazon: flow.emulators.amazon.inspect(),
		netsuite: flow.emulators.netsuite.inspect(),
	});
	expect(result.lost).toEqual([]);
	expect(result.duplicates).toEqual([]);
	expect(result.wrongState).toEqual([]);
	expect(result.confirmed).toBe(expected.size);
	expect(result.resends).toBe(0);
});
