#!/usr/bin/env node
'use strict';
/**
 * The long run of the model-based reliability test (test/reliability/model/): thousands of
 * generated cases — fulfillments, settings, faults, crashes — each run through the template
 * workflow against both emulators, the promise checked for every fulfillment. Prints the figures
 * docs/RELIABILITY.md quotes; on a failure, the shrunk minimal case and the seed/path to replay it.
 *
 *   npm run soak                          2,000 cases, seed 1
 *   SOAK_CASES=5000 SOAK_SEED=42 npm run soak
 *   SOAK_SEED=42 SOAK_PATH="17:3:0" npm run soak   replay the case a failure printed
 *   MODEL_ENABLE=statusList npm run soak  also generate a case whose fix is pending (cases.js)
 *   SOAK_VERBOSE=1                        one line per case
 *
 * Needs a built package (npm run build). Exit code 1 when the promise broke.
 */
const { install } = require('../test/reliability/helpers/timewarp');

const clock = install({ scale: Number(process.env.RELIABILITY_TIME_SCALE) || 300 });

const { runModel } = require('../test/reliability/model/property');

const cases = Number(process.env.SOAK_CASES) || 2000;
const seed = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : 1;
const path = process.env.SOAK_PATH || undefined;
const verbose = !!process.env.SOAK_VERBOSE;

async function main() {
	const started = clock.realNow();
	let done = 0;
	const result = await runModel({
		cases,
		seed,
		path,
		clock,
		log: (line) => {
			done++;
			if (verbose) console.log(line);
			else if (done % 100 === 0)
				console.log(`  ${done} cases run, ${Math.round((clock.realNow() - started) / 1000)} s`);
		},
	});
	const seconds = Math.round((clock.realNow() - started) / 1000);
	const t = result.totals;
	console.log(
		[
			`Model-based soak: seed ${seed}, ${cases} cases asked${path ? ` (path ${path})` : ''}`,
			`  cases run            ${t.cases} (including shrinking runs)`,
			`  fulfillments         ${t.fulfillments}`,
			`  confirmed            ${t.confirmed}`,
			`  not confirmed, told  ${t.told}`,
			`  still in flight      ${t.inFlight}`,
			`  packages on Amazon   ${t.packages} (re-confirmations of the same package: ${t.reconfirmations})`,
			`  scheduled polls      ${t.polls}`,
			`  cases with a crash   ${t.crashes}`,
			`  answers rewritten    ${t.tampered}`,
			`  cases not quiet      ${t.notQuiet}`,
			`  pending case switches ${result.pending.join(', ') || 'none'}`,
			`  real time            ${seconds} s`,
			`  result               ${result.failed ? 'PROMISE BROKEN' : 'no violation'}`,
		].join('\n'),
	);
	if (result.failed) {
		console.log(result.report);
		console.log(String(result.details.errorInstance?.message ?? result.details.error ?? ''));
		console.log(`Minimal case:\n${JSON.stringify(result.counterexample, null, 1)}`);
	}
	clock.uninstall();
	process.exit(result.failed ? 1 : 0);
}

main().catch((err) => {
	console.error(err);
	process.exit(2);
});
