'use strict';
/**
 * The property, shared by the jest test (a few cases) and `npm run soak` (thousands): for every
 * generated case, the promise holds for every fulfillment. On a failure fast-check shrinks the
 * case to a minimal one; the report names the seed and path to replay exactly that case.
 *
 * Require after ../helpers/timewarp has been installed.
 */
const fc = require('fast-check');

const { scenarioArb, enabledFixes } = require('./cases');
const { runScenario } = require('./run');
const { checkPromise } = require('./promise');

/**
 * @param {object} o
 * @param {number} o.cases         how many generated cases
 * @param {number} o.seed          fast-check seed (same seed + cases = same cases)
 * @param {string} [o.path]        replay one case: the path a failure report printed
 * @param {object} o.clock         timewarp clock
 * @param {(line: string) => void} [o.log]
 */
async function runModel(o) {
	const { isOn, pending } = enabledFixes();
	const totals = {
		cases: 0,
		fulfillments: 0,
		confirmed: 0,
		told: 0,
		inFlight: 0,
		packages: 0,
		reconfirmations: 0,
		polls: 0,
		crashes: 0,
		tampered: 0,
		notQuiet: 0,
	};
	let last = null;
	const property = fc.asyncProperty(scenarioArb(isOn), async (scenario) => {
		const run = await runScenario(scenario, { clock: o.clock });
		const verdict = checkPromise(run.world.model, run.state);
		last = { scenario, run, verdict };
		totals.cases++;
		totals.fulfillments += run.world.model.fulfillments.size;
		for (const k of ['confirmed', 'told', 'inFlight', 'packages', 'reconfirmations'])
			totals[k] += verdict.figures[k];
		totals.polls += run.polls;
		if (run.crashed) totals.crashes++;
		totals.tampered += run.tampered.length;
		if (!run.quiet) totals.notQuiet++;
		o.log?.(
			`case ${totals.cases}: ${run.world.model.fulfillments.size} fulfillments, ${run.world.method}, ${run.polls} polls` +
				`${run.crashed ? `, crash ${run.crashed}` : ''}${run.tampered.length ? `, ${run.tampered.length} answers rewritten` : ''}` +
				` → ${JSON.stringify(verdict.outcomes)}${verdict.violations.length ? ' VIOLATED' : ''}`,
		);
		if (verdict.violations.length) {
			const e = new Error(`the promise broke:\n  ${verdict.violations.join('\n  ')}`);
			e.violations = verdict.violations;
			throw e;
		}
	});
	const details = await fc.check(property, {
		numRuns: o.cases,
		seed: o.seed,
		path: o.path,
		// No time limit: fast-check would measure it on the warped clock, which jumps by days.
	});
	return {
		details,
		failed: details.failed,
		report: details.failed ? fc.defaultReportMessage(details) : null,
		counterexample: details.counterexample?.[0] ?? null,
		totals,
		pending,
		last,
	};
}

module.exports = { runModel };
