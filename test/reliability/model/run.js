'use strict';
/**
 * Runs one generated case: the template workflow on its 15-minute schedule against both emulators
 * (with the case's transport faults, rewritten answers and crash), over the case's days in
 * emulator time, with new fulfillments shipped and sent ones corrected as the days go by; then
 * polls on until every fulfillment is settled (sent, or its error written) or the budget is spent.
 * Returns what promise.js needs: both emulators' final state, the trigger's static data, the time.
 *
 * Require after ../helpers/timewarp has been installed (the flow helper loads n8n-core).
 */
const { startFlow, MINUTE } = require('../helpers/flow');
const { buildWorld, DAY } = require('./world');
const { createTamper, planFor } = require('./tamper');

const RESEND_HOURS = 1;
/** Polls per day before the clock moves to the next day (3 hours: the 1-hour re-send window thrice). */
const POLLS_PER_DAY = 12;
/** Polls after the last day before the state is judged. */
const POLLS_AFTER = 16;

/** The crash of the case as runner hooks for the emission-th execution that emits. */
function crashHooks(crash, flow, counters) {
	if (!crash) return {};
	const names = flow.names;
	const target = () => counters.emissions === crash.emission && !counters.crashed;
	const fire = (info, why) => {
		counters.crashed = why;
		info.cancel(`model crash ${why}`);
	};
	return {
		nodeExecuteAfter: (node, info) => {
			if (node === names.trigger) counters.emissions++;
			if (!target()) return;
			if (crash.at === 'trigger' && node === names.trigger) fire(info, 'after the trigger');
			if (crash.at === 'feed' && node === names.feed) fire(info, 'after the feed node');
			if (crash.at === 'statusDone' && node === names.status && info.itemCounts?.[0] > 0)
				fire(info, 'after Amazon finished');
			if (crash.at === 'update' && node === names.update) fire(info, 'after Update Order');
		},
	};
}

/**
 * @param scenario  cases.scenarioArb value
 * @param {{ clock: object, log?: (line: string) => void }} env
 */
async function runScenario(scenario, env) {
	const { clock } = env;
	const startMs = Date.now();
	const world = buildWorld(scenario, startMs);
	const { faults } = scenario;
	// One sales order's PATCH refused for good (a NetSuite validation rule), the others fine.
	const firstOrder = [...world.model.salesOrders.keys()][0];
	const tamper = createTamper(
		planFor({ ...faults, patchRefused: faults.patchRefused ? firstOrder : null }),
	);
	const counters = { emissions: 0, crashed: null, patches: 0 };
	const rates = (r) => (r ? { '*': r } : undefined);
	tamper.install();
	let flow;
	try {
		flow = await startFlow({
			seed: world.seed,
			clock,
			template: world.template,
			resendAfterHours: RESEND_HOURS,
			amazon: {
				feedDelays: { inQueueMs: 5_000, inProgressMs: 5_000 },
				faults: rates(faults.amazon),
				faultSeed: faults.faultSeed,
				...(faults.feed && world.method === 'feed' ? { forceFeedStatus: { 1: faults.feed } } : {}),
			},
			netsuite: { faults: rates(faults.netsuite), faultSeed: faults.faultSeed + 1 },
			patch: world.patch,
			advanceWaits: true,
			memory: true,
		});
	} finally {
		tamper.uninstall();
	}
	const { netsuite } = flow.emulators;
	const hooks = crashHooks(faults.crash, flow, counters);
	// A crash inside Update Order: the process dies after its n-th PATCH was answered.
	let controller = new AbortController();
	if (faults.crash?.at === 'midUpdate')
		flow.traffic.on((entry, phase) => {
			if (phase !== 'response' || entry.method !== 'PATCH') return;
			if (counters.emissions !== faults.crash.emission || counters.crashed) return;
			if (++counters.patches === faults.crash.patch) {
				counters.crashed = `after PATCH ${counters.patches} of Update Order`;
				controller.abort();
			}
		});

	const settled = () => {
		const fs = netsuite.inspect().itemFulfillments;
		return [...world.model.fulfillments.values()].every((f) => {
			const ns = fs[f.id];
			// Refused ([fp:…]: waits for a correction) is final; a failure without it is re-sent
			// after the window, so the run goes on (within its budget) until that happened.
			return !ns || ns.sentToAmazon || /^\[fp:/.test(String(ns.error ?? '').trim());
		});
	};
	const runs = [];
	const tick = async () => {
		if (faults.restartEvery && (runs.length + 1) % faults.restartEvery === 0) flow.restart();
		const run = await flow.tick({ hooks, signal: controller.signal });
		if (controller.signal.aborted) controller = new AbortController();
		runs.push(run);
		return run;
	};
	const log = [];
	for (let day = 0; day < world.days; day++) {
		if (day > 0) {
			clock.advance(startMs + day * DAY - Date.now());
			for (const f of world.additions.get(day) ?? []) netsuite.addFulfillment(f);
			for (const c of world.corrections.get(day) ?? []) {
				// Only a fulfillment NetSuite shows sent is corrected (the seller edits what went out).
				if (!netsuite.inspect().itemFulfillments[c.id]?.sentToAmazon) continue;
				netsuite.updateFulfillment(c.id, c.make());
				log.push(`day ${day}: corrected ${c.id}`);
			}
		}
		for (let p = 0; p < POLLS_PER_DAY; p++) {
			const run = await tick();
			if (!run.emitted && !run.pollError && settled() && p > 0) break;
		}
	}
	let quiet = false;
	for (let p = 0; p < POLLS_AFTER; p++) {
		const run = await tick();
		if (!run.emitted && !run.pollError && settled()) {
			quiet = true;
			break;
		}
	}
	const state = {
		amazon: flow.emulators.amazon.inspect(),
		netsuite: netsuite.inspect(),
		staticData: flow.state.staticData,
		now: Date.now(),
		resendAfterMs: RESEND_HOURS * 3600_000,
		method: world.method,
	};
	await flow.close();
	return {
		world,
		state,
		runs,
		quiet,
		crashed: counters.crashed,
		tampered: tamper.applied,
		log,
		polls: runs.length,
		restarts: flow.state.restarts,
		MINUTE,
	};
}

module.exports = { runScenario, RESEND_HOURS };
