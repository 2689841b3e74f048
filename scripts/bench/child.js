'use strict';
/**
 * One benchmark run (one method, one N) in its own process, so that peak memory is this run's
 * alone. Started by scripts/bench.js with `fork()`; sends one result object to the parent.
 *
 *   node scripts/bench/child.js --n 1000 --method feed [--time-scale 600]
 *
 * Generates the seed, starts both emulators in this process, runs the template flow with n8n's
 * execution engine (the in-process runner) in production mode: the activation poll, its execution
 * through the persisted waits, then scheduled polls until a poll finds nothing left to send.
 */
// The runner must be required before anything else loads n8n-core.
const { createRunner } = require('../../test/harness/n8n-runner');

const { performance } = require('node:perf_hooks');

const { startEmulators } = require('../../emulators');
const { generateSeed } = require('../../emulators/seed/generate');
const { benchWorkflow, benchSeed, BENCH_SETTINGS } = require('./workflow');
const { emulatorCredentialsFor } = require('../demo/template');
const { createCallLog } = require('./calls');

const mb = (bytes) => `${Math.round(bytes / 1048576)} MB`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function parseArgs(argv) {
	const args = { n: 1000, method: 'feed', timeScale: BENCH_SETTINGS.timeScale, writeMode: 'patch' };
	for (let k = 0; k < argv.length; k++) {
		const [flag, inline] = argv[k].split('=');
		const value = inline ?? argv[++k];
		if (flag === '--n') args.n = Number(value);
		else if (flag === '--method') args.method = value;
		else if (flag === '--time-scale') args.timeScale = Number(value);
		else if (flag === '--write-mode') args.writeMode = value;
		else throw new Error(`unknown option ${flag}`);
	}
	return args;
}

/** Max RSS seen by a 50 ms sampler; the kernel's high-water mark is reported next to it. */
function startRssSampler() {
	let peak = process.memoryUsage.rss();
	const timer = setInterval(() => {
		const rss = process.memoryUsage.rss();
		if (rss > peak) peak = rss;
	}, 50);
	timer.unref();
	return {
		sample() {
			const rss = process.memoryUsage.rss();
			if (rss > peak) peak = rss;
			return rss;
		},
		get peak() {
			return peak;
		},
		stop: () => clearInterval(timer),
	};
}

async function runBench({ n, method, timeScale, writeMode = 'patch', log = () => {} }) {
	const rss = startRssSampler();
	const setupStarted = performance.now();
	const seed = benchSeed(generateSeed({ count: n }));
	const calls = createCallLog();
	const emulators = await startEmulators({
		seed,
		timeScale,
		netsuite: {
			concurrencyLimit: BENCH_SETTINGS.netsuiteConcurrencyLimit,
			latencyMs: BENCH_SETTINGS.netsuiteLatencyMs,
			logger: calls.netsuite,
		},
		amazon: { feedDelays: BENCH_SETTINGS.feedDelays, logger: calls.amazon },
	});
	try {
		const { workflow, names } = benchWorkflow({
			method,
			writeMode,
			sellerId: emulators.amazon.sellerId,
		});
		const spans = {};
		const outputs = {};
		const itemBytes = {};
		let started = 0;
		const hooks = {
			nodeExecuteBefore: () => {
				started = performance.now();
			},
			nodeExecuteAfter: (node, info) => {
				const ms = performance.now() - started;
				const span = (spans[node] ??= { runs: 0, ms: 0 });
				span.runs++;
				span.ms += ms;
				const counts = (outputs[node] ??= []);
				info.itemCounts.forEach((c, i) => {
					counts[i] = (counts[i] ?? 0) + c;
				});
				measureItems(itemBytes, node, info.outputs);
				const now = rss.sample();
				if (process.env.BENCH_TRACE) {
					global.gc?.();
					const m = process.memoryUsage();
					log(
						`    ${node} run ${info.runIndex}: ${ms.toFixed(0)} ms, items ${info.itemCounts.join('/')}, rss ${mb(now)} heap ${mb(m.heapUsed)} external ${mb(m.external)} buffers ${mb(m.arrayBuffers)} handles ${process._getActiveHandles().length}`,
					);
				}
			},
		};
		const runner = await createRunner({
			packageDir: BENCH_SETTINGS.packageDir,
			credentials: emulatorCredentialsFor(workflow, emulators.credentials),
			hooks,
		});
		// Seed and emulators are in memory now: what the flow adds comes on top of this.
		global.gc?.();
		const rssBeforeFlow = rss.sample();
		const setupMs = performance.now() - setupStarted;

		const cpu0 = process.cpuUsage();
		const t0 = performance.now();
		const active = runner.activate(workflow, { staticData: {} });
		const executions = [];
		let waitedMs = 0;
		let polls = 0;
		let pollMs = 0;
		for (;;) {
			const pollStarted = performance.now();
			const result = await active.poll({ activation: polls === 0 ? 'activate' : 'none' });
			polls++;
			if (result.pollError)
				throw new Error(`poll ${polls} failed: ${result.error && result.error.message}`);
			if (!result.emitted) {
				pollMs += performance.now() - pollStarted;
				break;
			}
			const emitted = result.emittedItems.flat().length;
			const final = await runner.runToCompletion(result, {
				maxResumes: 500,
				onResume: async (waiting) => {
					// The Wait node's 2 minutes pass timeScale times faster, like Amazon's clock.
					const ms = (waiting.waitTill.getTime() - Date.now()) / timeScale;
					if (process.env.BENCH_TRACE && waiting.persisted)
						log(`    stored execution: ${mb(waiting.persisted.length)} of text`);
					waitedMs += Math.max(0, ms);
					await sleep(ms);
				},
			});
			executions.push({
				emitted,
				status: final.status,
				resumes: final.resumes,
				error: final.error ? `${final.error.node ?? ''}: ${final.error.message}` : undefined,
			});
			log(
				`  poll ${polls}: ${emitted} fulfillments → ${final.status} after ${final.resumes} waits (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
			);
			if (final.status !== 'success') break;
			if (polls > BENCH_SETTINGS.maxPolls(n))
				throw new Error(`still emitting after ${polls} polls`);
		}
		const wallMs = performance.now() - t0;
		if (process.env.BENCH_HEAPSNAPSHOT) {
			global.gc?.();
			require('node:v8').writeHeapSnapshot(process.env.BENCH_HEAPSNAPSHOT);
		}
		const cpu = process.cpuUsage(cpu0);
		rss.sample();
		rss.stop();

		const amazonState = emulators.amazon.inspect();
		const nsStats = emulators.netsuite.stats();
		const amzStats = emulators.amazon.stats();
		const sent = countSent(emulators.netsuite);
		return {
			n,
			method,
			writeMode,
			timeScale,
			// Units the shipped RESTlets used (the emulator runs them), per script.
			suitescript: nsStats.suitescript,
			settings: { ...BENCH_SETTINGS, packageDir: undefined, maxPolls: undefined },
			setupMs,
			wallMs,
			cpuMs: (cpu.user + cpu.system) / 1000,
			cpuUserMs: cpu.user / 1000,
			cpuSystemMs: cpu.system / 1000,
			rssBeforeFlow,
			peakRss: rss.peak,
			maxRssKernel: process.resourceUsage().maxRSS * 1024,
			waitedMs,
			pollMs,
			polls,
			executions,
			// Other processes on the machine slow a run down; the 1-minute load average says how busy it was.
			loadAverage: require('node:os').loadavg()[0],
			spans,
			outputs,
			itemBytes: summariseItemBytes(itemBytes),
			names,
			netsuite: {
				calls: nsStats.calls,
				peakConcurrency: nsStats.peakConcurrency,
				concurrencyRejected: nsStats.concurrencyRejected,
				concurrencyLimit: BENCH_SETTINGS.netsuiteConcurrencyLimit,
				...calls.netsuiteSummary(),
			},
			amazon: {
				calls: amzStats.calls,
				...calls.amazonSummary(),
				feeds: amazonState.feeds.map((f) => ({
					feedId: f.feedId,
					feedType: f.feedType,
					marketplaceId: f.marketplaceId,
					status: f.status,
					messages: f.messages,
					bytes: f.bytes,
				})),
			},
			sent,
		};
	} finally {
		await emulators.close();
	}
}

/**
 * What each item carries out of a node: n8n copies item JSON between nodes and keeps every node's
 * output in the run data (and in the stored execution at each Wait), so bytes per item are memory
 * per fulfillment per node. Sampled on the first items of each run (JSON text length).
 */
const ITEM_SAMPLE = 200;
function measureItems(acc, node, outputs) {
	const m = (acc[node] ??= { items: 0, bytes: 0, raw: 0 });
	for (const items of outputs ?? []) {
		for (const item of items.slice(0, ITEM_SAMPLE)) {
			const json = item?.json ?? {};
			m.items++;
			m.bytes += JSON.stringify(json).length;
			if (json.raw !== undefined) m.raw += JSON.stringify(json.raw).length;
		}
	}
}

function summariseItemBytes(acc) {
	const out = {};
	for (const [node, m] of Object.entries(acc)) {
		if (!m.items) continue;
		out[node] = {
			sampled: m.items,
			bytesPerItem: Math.round(m.bytes / m.items),
			rawBytesPerItem: Math.round(m.raw / m.items),
		};
	}
	return out;
}

/** Fulfillments NetSuite now holds as sent / with an error text (from the emulator's tables). */
function countSent(netsuite) {
	const row = netsuite.db
		.prepare(
			[
				"SELECT SUM(CASE WHEN custbody_amz_ship_confirmed = 'T' THEN 1 ELSE 0 END) AS sent,",
				"SUM(CASE WHEN COALESCE(custbody_amz_ship_error, '') <> '' THEN 1 ELSE 0 END) AS errors,",
				`COUNT(*) AS total FROM "transaction" WHERE type = 'ItemShip'`,
			].join(' '),
		)
		.get();
	return { sent: Number(row.sent ?? 0), errors: Number(row.errors ?? 0), total: Number(row.total) };
}

module.exports = { runBench };

if (require.main === module) {
	const args = parseArgs(process.argv.slice(2));
	const log = (line) => process.stderr.write(`${line}\n`);
	runBench({ ...args, log }).then(
		(result) => {
			if (process.send) process.send({ ok: true, result }, () => process.exit(0));
			else {
				process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
				process.exit(0);
			}
		},
		(error) => {
			const message = error && error.stack ? error.stack : String(error);
			if (process.send) process.send({ ok: false, error: message }, () => process.exit(1));
			else {
				process.stderr.write(`${message}\n`);
				process.exit(1);
			}
		},
	);
}
