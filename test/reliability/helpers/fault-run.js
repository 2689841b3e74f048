'use strict';
/**
 * The fault run shared by faults.test.js (REST PATCH write-back) and faults-batch.test.js (RESTlet
 * batch): generated fulfillments through the template workflow while both emulators inject faults
 * on every endpoint, on a schedule, until nothing is left to send; then the promise is checked and
 * the figures printed. Load timewarp before this module (it loads the runner before n8n-core).
 */
const { startFlow } = require('./flow');
const { expectedFromSeed, checkConvergence } = require('./verify');
const { generateSeed } = require('../../../emulators/seed/generate');

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

/**
 * Runs `count` fulfillments under FAULTS and checks: quiet at the end, ≥ 20 % of calls faulted, every
 * fault kind hit both services, no duplicate, nothing lost, every record in its final state, every
 * fulfillment confirmed. `patch(workflow)` adjusts the template after the common settings;
 * `holder.flow` is set as soon as the flow starts, for the caller's afterAll to close.
 * Returns the NetSuite emulator's stats for the caller's own checks.
 */
async function runUnderFaults({ clock, count, title, patch, holder }) {
	const seed = generateSeed({ count });
	const expected = expectedFromSeed(seed);
	const started = clock.realNow();
	const flow = await startFlow({
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
			patch?.(wf);
		},
	});
	holder.flow = flow;

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
		fulfillments: count,
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
			title,
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
	return { ns };
}

module.exports = { FAULTS, runUnderFaults };
