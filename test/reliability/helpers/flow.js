'use strict';
/**
 * The template workflow as a seller runs it, on a schedule, against both emulators: the demo's
 * code path (scripts/demo/template.js reads the template and fills in credentials) with a loop of
 * scheduled polls around it. Each poll is n8n's scheduled poll (activation 'none') with the static
 * data n8n saved last; an execution that goes to its persisted Wait is resumed when due. Between
 * polls the (warped) clock moves on by the schedule's interval.
 *
 * Require this module before anything else loads n8n-core (it loads the in-process runner).
 */
const { createRunner } = require('../../harness/n8n-runner');

const { startEmulators, emulatorCredentials } = require('../../../emulators');
const { DEFAULT_CREDENTIALS } = require('../../../emulators/credentials');
const {
	ROOT,
	loadTemplate,
	nodeOf,
	nodesOf,
	credentialRefs,
} = require('../../../scripts/demo/template');
const { checkBuilt } = require('../../../scripts/demo/run');
const { createTraffic } = require('./traffic');

const MINUTE = 60_000;
/** The built package n8n loads (RELIABILITY_PACKAGE_DIR: another build of it). */
const PACKAGE_DIR = process.env.RELIABILITY_PACKAGE_DIR || ROOT;
const clone = (x) => JSON.parse(JSON.stringify(x));

/** n8n credential data for credential values `creds` (DEFAULT_CREDENTIALS-shaped) at these URLs. */
const credentialData = (creds, netsuiteUrl, amazonUrl) =>
	emulatorCredentials(netsuiteUrl, amazonUrl, creds);

/**
 * @param {object} options
 * @param {object} options.seed                 emulator seed
 * @param {string} [options.template]           workflow file (default: the feed template)
 * @param {object} [options.clock]              timewarp.install() result (default: real time)
 * @param {object} [options.amazon]             createAmazonEmulator options
 * @param {object} [options.netsuite]           createNetSuiteEmulator options
 * @param {object} [options.emulatorCredentials] what the emulators accept (DEFAULT_CREDENTIALS shape)
 * @param {object} [options.nodeCredentials]    what the n8n credentials hold (default: the same)
 * @param {number} [options.resendAfterHours]   the trigger's re-send window (template: 24)
 * @param {(workflow) => void} [options.patch]  further changes to the workflow copy
 * @param {(data, emulators) => void} [options.credentialData] changes to the n8n credential data
 * @param {object} [options.hooks]              runner hooks for every execution
 * @param {boolean} [options.memory]            keep a poll's unsaved static-data changes for the next
 *                                              poll, as n8n does while the process runs (default: every
 *                                              poll starts from what n8n saved, as after a restart);
 *                                              `restart()` then drops them, like a restarted process
 * @param {boolean} [options.advanceWaits]      resume a persisted wait by moving the clock to its
 *                                              time instead of sleeping until then (faster; the
 *                                              emulators' own timers still run on the warped clock)
 */
async function startFlow(options) {
	checkBuilt(PACKAGE_DIR);
	const clock = options.clock ?? {
		now: () => Date.now(),
		advance: () => {},
		sleep: (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms))),
	};
	const workflow = clone(loadTemplate(options.template));
	const trigger = nodeOf(workflow, 'trigger');
	const feed = nodeOf(workflow, 'feed');
	const status = nodeOf(workflow, 'status');
	const [update, recordError] = nodesOf(workflow, 'update');
	// The seed's fulfillments shipped before the first poll: catch up on everything not yet sent.
	trigger.parameters.startFrom = 'all';
	if (options.resendAfterHours !== undefined)
		trigger.parameters.options.resendAfterHours = options.resendAfterHours;
	const emulatorCredentials = options.emulatorCredentials ?? DEFAULT_CREDENTIALS;
	feed.parameters.merchantIdentifier = emulatorCredentials.amazon.sellerId;
	options.patch?.(workflow);

	const traffic = createTraffic();
	traffic.install();
	let emulators;
	try {
		emulators = await startEmulators({
			seed: options.seed,
			timeScale: 1,
			amazon: {
				credentials: emulatorCredentials,
				// Minutes, as Amazon takes; the warped clock makes them short.
				feedDelays: { inQueueMs: 1 * MINUTE, inProgressMs: 1 * MINUTE },
				timeoutHoldMs: 20_000,
				...(options.amazon ?? {}),
			},
			netsuite: { credentials: emulatorCredentials, ...(options.netsuite ?? {}) },
		});
	} finally {
		traffic.uninstall();
	}
	const data = credentialData(
		options.nodeCredentials ?? emulatorCredentials,
		emulators.netsuite.url,
		emulators.amazon.url,
	);
	options.credentialData?.(data, emulators);
	const runner = await createRunner({
		packageDir: PACKAGE_DIR,
		credentials: credentialRefs(workflow).map((ref) => ({
			name: ref.name,
			type: ref.type,
			data: { ...data[ref.type] },
		})),
		hooks: options.hooks,
	});

	const names = {
		trigger: trigger.name,
		feed: feed.name,
		status: status.name,
		update: update.name,
		recordError: recordError.name,
		// The Confirm Shipment template has no Wait node (its results are final at once).
		wait: workflow.nodes.find((n) => n.type === 'n8n-nodes-base.wait')?.name,
	};
	// staticData: what the next poll starts from; saved: what n8n's database holds.
	const state = { staticData: {}, saved: {}, runs: [], polls: 0, restarts: 0 };

	/**
	 * One scheduled poll and the execution it starts, followed through its waits.
	 * @param {{ advanceMs?: number, abortAfter?: any, signal?: AbortSignal, hooks?: object, resumeAbortAfter?: any }} [o]
	 */
	async function tick(o = {}) {
		clock.advance(o.advanceMs ?? 15 * MINUTE);
		state.polls++;
		const first = await runner.runTriggered(workflow, {
			staticData: state.staticData,
			activation: 'none',
			abortAfter: o.abortAfter,
			signal: o.signal,
			hooks: o.hooks,
		});
		const run = { poll: state.polls, emitted: 0, status: first.status, first, final: first };
		if (first.pollError) {
			run.pollError = true;
			run.error = first.error;
			state.runs.push(run);
			return run;
		}
		if (!first.emitted) {
			state.saved = first.staticData;
			state.staticData = options.memory
				? (first.memoryStaticData ?? first.staticData)
				: first.staticData;
			state.runs.push(run);
			return run;
		}
		run.emitted = first.emittedItems.flat().length;
		run.reasons = first.emittedItems.flat().map((i) => i.json.source?.reason);
		let final = first;
		if (first.status === 'waiting') {
			final = await runner.runToCompletion(first, {
				maxResumes: 200,
				abortAfter: o.resumeAbortAfter,
				signal: o.signal,
				hooks: o.hooks,
				onResume: (waiting) => {
					const ms = waiting.waitTill.getTime() - Date.now();
					if (!options.advanceWaits) return clock.sleep(ms);
					clock.advance(Math.max(0, ms));
					// A breath of real time, so the emulators' timers due by then can fire.
					return clock.sleep(1000);
				},
			});
		}
		run.final = final;
		run.status = final.status;
		run.executions = final.executions ?? [first];
		state.staticData = final.staticData;
		state.saved = final.staticData;
		state.runs.push(run);
		return run;
	}

	/** Fulfillments NetSuite still has to send (shipped, with tracking, sent flag not ticked). */
	function unsent() {
		const fulfillments = emulators.netsuite.inspect().itemFulfillments;
		return Object.entries(fulfillments)
			.filter(([, f]) => f.status === 'C' && !f.sentToAmazon && f.trackingNumbers.length > 0)
			.map(([id]) => id);
	}

	/**
	 * Polls on until a poll finds nothing and NetSuite has nothing left that the flow can send
	 * (`done()`), or `maxRuns` polls. Returns the runs.
	 */
	async function runUntilQuiet({ maxRuns = 60, done, onRun } = {}) {
		const finished = done ?? (() => unsent().length === 0);
		const runs = [];
		for (let i = 0; i < maxRuns; i++) {
			const run = await tick();
			runs.push(run);
			await onRun?.(run);
			if (!run.emitted && !run.pollError && finished()) return { runs, quiet: true };
		}
		return { runs, quiet: false };
	}

	return {
		workflow,
		names,
		runner,
		emulators,
		traffic,
		clock,
		state,
		credentials: data,
		tick,
		/** The n8n process restarts: what only its memory held is gone. */
		restart() {
			state.staticData = state.saved;
			state.restarts++;
		},
		runUntilQuiet,
		unsent,
		async close() {
			await emulators.close();
		},
	};
}

/**
 * Every item a node put out on one output over all its runs in a scheduled run's execution (a
 * resumed execution carries the run data of the earlier parts, so the last one holds it all).
 */
function itemsOf(run, node, output = 0) {
	const ex = run.final ?? run.first;
	return (ex?.runData?.[node] ?? []).flatMap((nodeRun) =>
		(nodeRun?.[output] ?? []).map((item) => item.json),
	);
}

module.exports = { startFlow, credentialData, itemsOf, MINUTE };
