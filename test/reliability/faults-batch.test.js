/**
 * The fault test of faults.test.js with both NetSuite update nodes in Write Mode "RESTlet batch":
 * the writes go through the shipped suitescript/amz_batch_update_restlet.js (run by the emulator),
 * whose calls get the same faults (including answers lost after the script wrote: the client repeats
 * the call, and the script finds the records already written).
 *
 * Original description: 1,000 generated fulfillments through the template workflow while both emulators inject faults
 * on every endpoint (429, 500, 503, held-then-closed connections, dropped connections, and
 * connections dropped AFTER the change was applied), on a schedule, until nothing is left to send.
 * Then: every box confirmed on Amazon once (re-sends of the same package are counted, a second
 * package for a box is a duplicate), every NetSuite record in its final state.
 */
const { install } = require('./helpers/timewarp');

const clock = install({ scale: Number(process.env.RELIABILITY_TIME_SCALE) || 300 });

const { startFlow } = require('./helpers/flow'); // loads the runner before n8n-core
const { expectedFromSeed, checkConvergence } = require('./helpers/verify');
const { generateSeed } = require('../../emulators/seed/generate');

const COUNT = Number(process.env.RELIABILITY_COUNT) || 400;
// Every operation of both services: 24 % of calls get a fault.
const FAULTS = {
	'*': {
		rate429: 0.06,
		rate500: 0.05,
		rate503: 0.05,
		rateTimeout: 0.02,
		rateDrop: 0.03,
		rateDropAfter: 0.03,
	},
};

/** Why executions failed, grouped: node and the start of the message. */
function failureKinds(runs) {
	const kinds = new Map();
	for (const r of runs.filter((x) => x.status !== 'success')) {
		const e = r.final.error;
		const key = `${r.status} ${e?.node ?? ''}: ${String(e?.message ?? '')
			.replace(/\d{3,}/g, 'N')
			.slice(0, 110)}`;
		kinds.set(key, (kinds.get(key) ?? 0) + 1);
	}
	return [...kinds];
}

let flow;
afterAll(async () => {
	await flow?.close();
	clock.uninstall();
});

test(`RESTlet batch write-back: ${COUNT} fulfillments under injected faults, every box confirmed once, nothing lost`, async () => {
	const seed = generateSeed({ count: COUNT });
	const expected = expectedFromSeed(seed);
	const started = clock.realNow();
	flow = await startFlow({
		seed,
		clock,
		resendAfterHours: 1,
		amazon: { faults: FAULTS, faultSeed: 11 },
		netsuite: { faults: FAULTS, faultSeed: 7 },
		// Many small executions (the template sends up to 1,000 per poll, one feed each): enough
		// Amazon calls for every fault kind to hit them, and failures spread over many runs.
		patch: (wf) => {
			wf.nodes.find((n) =>
				n.type.endsWith('.netSuiteSavedSearchTrigger'),
			).parameters.maxFulfillments = 100;
			for (const node of wf.nodes.filter((n) => n.type.endsWith('.netSuiteUpdateOrder'))) {
				node.parameters.writeMode = 'restlet';
				// Small calls, so faults land on many of them.
				node.parameters.batchSize = 40;
			}
		},
	});

	const { runs, quiet } = await flow.runUntilQuiet({ maxRuns: 80 });
	const state = {
		amazon: flow.emulators.amazon.inspect(),
		netsuite: flow.emulators.netsuite.inspect(),
	};
	const result = checkConvergence(expected, state);
	const traffic = flow.traffic.figures();
	const ns = flow.emulators.netsuite.stats();
	const amz = flow.emulators.amazon.stats();
	const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
	const calls = sum(ns.calls) + sum(amz.calls);
	const faults = sum(ns.faultsInjected) + sum(amz.faultsInjected);
	const executions = runs.filter((r) => r.emitted);
	const figures = {
		fulfillments: COUNT,
		toSend: expected.size,
		scheduledPolls: runs.length,
		executions: executions.length,
		executionsFailed: executions.filter((r) => r.status !== 'success').length,
		pollErrors: runs.filter((r) => r.pollError).length,
		resentByTrigger: executions.flatMap((r) => r.reasons).filter((x) => x === 'resend').length,
		callsMade: calls,
		faultsInjected: faults,
		faultShare: `${((100 * faults) / calls).toFixed(1)} %`,
		retries: traffic.netsuite.retries + traffic.amazon.retries,
		feeds: state.amazon.feeds.length,
		fulfillmentsConfirmed: result.confirmed,
		packagesConfirmed: result.boxes,
		resends: result.resends,
		duplicates: result.duplicates.length,
		lost: result.lost.length,
		wrongState: result.wrongState.length,
		realSeconds: Math.round((clock.realNow() - started) / 1000),
	};
	console.log(
		[
			'Reliability under faults (RESTlet batch write-back):',
			...Object.entries(figures).map(([k, v]) => `  ${k.padEnd(22)} ${v}`),
			`  per service: ${JSON.stringify(traffic)}`,
			...failureKinds(executions).map(([k, n]) => `  failed execution ×${n}: ${k}`),
			...result.duplicates.slice(0, 10).map((p) => `  DUPLICATE ${p}`),
			...result.lost.slice(0, 10).map((p) => `  LOST ${p}`),
			...result.wrongState.slice(0, 10).map((p) => `  STATE ${p}`),
			...result.resent.slice(0, 5).map((p) => `  re-sent: ${p}`),
		].join('\n'),
	);

	expect(quiet).toBe(true);
	expect(faults / calls).toBeGreaterThanOrEqual(0.2);
	// Every fault kind hit both services.
	for (const service of ['netsuite', 'amazon']) {
		expect(traffic[service].noAnswer).toBeGreaterThan(0);
		expect(traffic[service].serverErrors).toBeGreaterThan(0);
		expect(traffic[service].retries).toBeGreaterThan(0);
	}
	expect(result.duplicates).toEqual([]);
	expect(result.lost).toEqual([]);
	expect(result.wrongState).toEqual([]);
	expect(result.confirmed).toBe(expected.size);
	// The write-back really went through the batch script, and no REST PATCH was made.
	expect(ns.calls.recordPatch ?? 0).toBe(0);
	expect(ns.suitescript.byScript.customscript_amz_batch_update.calls).toBeGreaterThan(0);
}, 170_000);
