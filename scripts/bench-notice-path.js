#!/usr/bin/env node
'use strict';
/**
 * `npm run bench:notice` (issue 18, "Measured"): how long from a fulfillment's save in NetSuite to
 * Amazon holding its confirmation, on the event-driven path, next to the 15-minute poll path.
 *
 *   node scripts/bench-notice-path.js [--singles 20] [--single-gap-ms 1500] [--mass 1000]
 *       [--mass-time-scale 10] [--import-threads 1] [--concurrency 5] [--no-user-event]
 *       [--answer-first] [--import-rate 0] [--json out.json]
 *
 * The notice path is driven in-process with the package's own modules (dist/). Each save runs the
 * emulator's User Event (the shipped suitescript/amz_fulfillment_notice_ue.js), whose signed notice
 * goes to a loopback receiver standing in for the webhook trigger: it verifies the notice
 * (core/webhook), reads the fulfillment by ID (core/trigger/byId: the poll trigger's SuiteQL and
 * rules) and answers after that read, as the trigger does; then the "execution" confirms it
 * through core/confirm with an Amazon client of its own, all clients pacing through one process-wide
 * limiter registry (as in one n8n process). Singles are saved by separate users (each save runs its
 * own afterSubmit); the mass update is a CSV import, record after record, each record's afterSubmit
 * (its notice, until answered) before the next, on --import-threads (NetSuite: one unless the
 * import is multi-threaded). --answer-first answers the notice at once
 * and reads in the execution instead. --no-user-event injects the notices at the
 * save times instead (plus an assumed delivery time), and reads by ID inside the execution: the
 * pacing alone, with every notice arriving at once.
 *
 * Singles run in real time with the bench's documented NetSuite latencies (SuiteQL page 2 s,
 * scripts/bench/workflow.js) and an assumed Amazon answer time. The mass update (N notices from a
 * CSV import) runs on the emulators' time scale (Amazon's real 2 req/s, burst 10, and the
 * NetSuite latencies, both sped up; the clients' clock at the same scale), and its figures are
 * given in Amazon's (unscaled) seconds. --concurrency is n8n's executions at once
 * (N8N_CONCURRENCY_PRODUCTION_LIMIT, or a worker's --concurrency; 0 = unlimited): above 5, the
 * executions' NetSuite reads exceed the account's 5 concurrent requests and some fail after their
 * retries (see docs/PERFORMANCE.md). Prints figures only: a missed target is a finding.
 *
 * The poll path is computed, not run: a fulfillment saved at a uniformly random moment of the
 * 15-minute schedule waits for the next poll, then the feed template's processing (the bench's
 * feed delays, in queue 150 s + in progress 210 s), or Confirm Shipment at 2/s for the
 * Confirm Shipment template. See docs/PERFORMANCE.md, "Notice path".
 */
const os = require('node:os');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const { startEmulators } = require('../emulators');
const { generateSeed } = require('../emulators/seed/generate');
const { DEFAULT_CREDENTIALS } = require('../emulators/credentials');
const { BENCH_SETTINGS, TEMPLATES } = require('./bench/workflow');
const { loadTemplate, nodeOf } = require('./demo/template');

const dist = (p) => require(path.join(DIST, p));
const { AmazonClient } = dist('core/amazon/client.js');
const { RateLimiterRegistry, sellerKey } = dist('core/amazon/limiterRegistry.js');
const { RATE_LIMITS } = dist('core/amazon/rateLimits.js');
const { NetSuiteClient } = dist('core/netsuite/client.js');
const { netSuiteHosts } = dist('core/netsuite/hosts.js');
const { tbaAuthorizationHeader } = dist('core/netsuite/tba.js');
const { buildQueryString } = dist('core/http/transport.js');
const { runPoll } = dist('core/trigger/poll.js');
const { buildDefaultSuiteQl } = dist('core/trigger/defaultQuery.js');
const { suiteqlColumns } = dist('core/trigger/grouping.js');
const { suiteqlReader } = dist('core/trigger/sources.js');
const { DEFAULT_FIELDS, DEFAULT_FILTERS } = dist('core/trigger/types.js');
const { DEFAULT_CURSOR_SETTINGS } = dist('core/trigger/cursor.js');
const { DEFAULT_DATE_SETTINGS } = dist('core/trigger/dates.js');
const { runConfirmShipment } = dist('core/confirm/run.js');
const { CarrierMapper } = dist('core/feed/carrierMapping.js');
const http = require('node:http');

/** The webhook trigger's by-ID reader, once it is on main; until then the same query, inline. */
let readFulfillmentById;
try {
	({ readFulfillmentById } = dist('core/trigger/byId.js'));
} catch {
	readFulfillmentById = undefined;
}

/** Assumed, not measured: Amazon's answer to confirmShipment (the emulator answers at once). */
const AMAZON_CONFIRM_LATENCY_MS = 300;
/**
 * Assumed: the User Event's afterSubmit signs and POSTs the notice, n8n verifies it, answers and
 * starts the execution. Added to each measured time (the bench starts at the execution).
 */
const NOTICE_DELIVERY_MS = 500;
const POLL_INTERVAL_MS = 15 * 60_000;
/** The poll trigger's read: one RESTlet page of the saved search (the bench's NetSuite latency). */
const POLL_READ_MS = BENCH_SETTINGS.netsuiteLatencyMs.restlet;
/** The templates' Max Fulfillments per Poll: the rest of a mass update waits for later polls. */
const PER_POLL = {
	feed: Number(nodeOf(loadTemplate(TEMPLATES.feed), 'trigger').parameters.maxFulfillments ?? 100),
	confirm: Number(
		nodeOf(loadTemplate(TEMPLATES.confirmShipment), 'trigger').parameters.maxFulfillments ?? 100,
	),
};
const FEED_PROCESSING_MS =
	BENCH_SETTINGS.feedDelays.inQueueMs + BENCH_SETTINGS.feedDelays.inProgressMs;

/** A number ≥ 0 from `text`, for `flag`. */
function count(flag, text) {
	const n = Number(text);
	if (!(n >= 0)) throw new Error(`${flag} takes a number ≥ 0`);
	return n;
}

/** --flag → [the option it sets, its value from the argument] (no parse: a switch, no argument). */
const OPTIONS = {
	'--singles': ['singles', count],
	'--single-gap-ms': ['singleGapMs', count],
	'--mass': ['mass', count],
	'--mass-time-scale': ['massTimeScale', (flag, text) => count(flag, text) || 1],
	'--import-rate': ['importRate', count],
	'--concurrency': ['concurrency', count],
	'--import-threads': ['importThreads', (flag, text) => Math.max(1, Math.floor(count(flag, text)))],
	'--answer-first': ['answerFirst', null, true],
	'--no-user-event': ['userEvent', null, false],
	'--json': ['json', (flag, text) => text],
};

function parseArgs(argv) {
	const args = {
		singles: 20,
		singleGapMs: 1500,
		mass: 1000,
		massTimeScale: 10,
		importRate: 0,
		concurrency: 5,
		importThreads: 1,
		answerFirst: false,
		// The emulator's User Event (a real save → the shipped script's signed notice) when it has one.
		userEvent: fs.existsSync(path.join(ROOT, 'emulators', 'netsuite', 'userevents.js')),
	};
	for (let k = 0; k < argv.length; k++) {
		const [flag, inline] = argv[k].split('=');
		if (!Object.hasOwn(OPTIONS, flag)) throw new Error(`unknown option ${flag}`);
		const [key, parse, switchValue] = OPTIONS[flag];
		args[key] = parse ? parse(flag, inline ?? argv[++k]) : switchValue;
	}
	return args;
}

/** Amazon's (and NetSuite's latencies') time at `scale`: what the emulators' buckets see. */
function scaledClock(scale) {
	const start = Date.now();
	return {
		now: () => start + (Date.now() - start) * scale,
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / scale)),
		random: () => Math.random(),
	};
}

function fetchTransport({ headers: extra = {}, authorize } = {}) {
	return async (request) => {
		const url = request.url + buildQueryString(request.qs);
		const headers = { ...extra, ...(request.headers || {}) };
		if (authorize) headers.Authorization = authorize(request);
		let body = request.body;
		if (body !== undefined && body !== null && typeof body === 'object' && !Buffer.isBuffer(body))
			body = JSON.stringify(body);
		const res = await fetch(url, { method: request.method, headers, body });
		const text = await res.text();
		let parsed = text || undefined;
		if (text && /^\s*[[{]/.test(text)) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = text;
			}
		}
		const out = {};
		res.headers.forEach((v, key) => (out[key.toLowerCase()] = v));
		return { statusCode: res.status, headers: out, body: parsed };
	};
}

/** Every fulfillment with at least one tracked package: the User Event only notifies those. */
function noticeSeed(count, { packed = false } = {}) {
	const seed = generateSeed({ count });
	for (const f of seed.netsuite.itemFulfillments) {
		// Packed, so that the User Event's ship (→ Shipped) is a change it notifies.
		if (packed) f.status = 'B';
		if (!f.packages.length)
			f.packages.push({ trackingNumber: `1Z999AA1${f.id.padStart(10, '0')}` });
	}
	return seed;
}

const mapper = () =>
	new CarrierMapper([
		{ match: 'UPS Ground', carrierCode: 'UPS', shippingMethod: 'Ground' },
		{ match: 'UPS 2nd Day Air', carrierCode: 'UPS', shippingMethod: '2nd Day Air' },
		{ match: 'FedEx Home Delivery', carrierCode: 'FedEx', shippingMethod: 'Home Delivery' },
		{ match: 'FedEx Ground', carrierCode: 'FedEx', shippingMethod: 'Ground' },
		{ match: 'USPS Priority Mail', carrierCode: 'USPS', shippingMethod: 'Priority Mail' },
	]);

/** Min-heap-free limiter: at most `n` executions at once (n8n's concurrency; 0 = unlimited). */
function executionSlots(n) {
	let active = 0;
	const waiting = [];
	return async (fn) => {
		if (n > 0 && active >= n) await new Promise((resolve) => waiting.push(resolve));
		active++;
		try {
			return await fn();
		} finally {
			active--;
			waiting.shift()?.();
		}
	};
}

/**
 * One n8n process: its executions share the clock (at `timeScale`), the process-wide Amazon limiter
 * registry and n8n's execution slots; each execution builds its own clients, as the nodes do.
 */
function n8nProcess(env, { timeScale, concurrency }) {
	const clock = scaledClock(timeScale);
	const registry = new RateLimiterRegistry({ now: clock.now });
	const { amazon } = DEFAULT_CREDENTIALS;
	const seller = sellerKey(amazon.clientId, amazon.refreshToken);
	return {
		clock,
		slot: executionSlots(concurrency),
		netsuiteClient: () =>
			new NetSuiteClient({
				transport: fetchTransport({ authorize: (req) => tbaAuthorizationHeader(req, env.tba) }),
				clock,
				hosts: env.hosts,
			}),
		amazonClient: () =>
			new AmazonClient({
				transport: fetchTransport({ headers: { 'x-amz-access-token': env.accessToken } }),
				presignedTransport: fetchTransport(),
				clock,
				baseUrl: env.emulators.amazon.url,
				sharedRateLimits: { seller, registry },
			}),
		/** Confirm Shipment for one fulfillment; its result (outcome, packages sent). */
		confirm: async (client, fulfillment) =>
			(
				await runConfirmShipment(client, [fulfillment], mapper(), {
					clock,
					defaultMarketplaceId: env.seed.marketplaceId,
				})
			).confirmed[0],
	};
}

/** An execution that failed, counted under its error's text (the poll would pick it up). */
function countFailure(totals, error) {
	const key = String(error?.message ?? error).slice(0, 160);
	totals.failures[key] = (totals.failures[key] ?? 0) + 1;
}

/** Adds an execution's confirmShipment requests and 429s to the totals. */
function countAmazonCalls(totals, client) {
	const s = client.stats.confirmShipment ?? { throttled: 0, requests: 0 };
	totals.throttled += s.throttled;
	totals.requests += s.requests;
}

async function environment({ count, timeScale, userEvent }) {
	const seed = noticeSeed(count, { packed: !!userEvent });
	const emulators = await startEmulators({
		seed,
		timeScale,
		netsuite: {
			concurrencyLimit: BENCH_SETTINGS.netsuiteConcurrencyLimit,
			latencyMs: BENCH_SETTINGS.netsuiteLatencyMs,
			...(userEvent ? { userEvent } : {}),
		},
		amazon: { faults: { confirmShipment: { latencyMs: AMAZON_CONFIRM_LATENCY_MS } } },
	});
	const creds = emulators.credentials;
	const ns = creds.netSuiteApi;
	const tba = {
		accountId: ns.accountId,
		consumerKey: ns.consumerKey,
		consumerSecret: ns.consumerSecret,
		tokenId: ns.tokenId,
		tokenSecret: ns.tokenSecret,
	};
	const hosts = netSuiteHosts(ns.accountId, {
		restBaseUrl: ns.restBaseUrl,
		restletBaseUrl: ns.restletBaseUrl,
	});
	const tokenRes = await fetch(`${emulators.amazon.url}/auth/o2/token`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'refresh_token',
			refresh_token: DEFAULT_CREDENTIALS.amazon.refreshToken,
			client_id: DEFAULT_CREDENTIALS.amazon.clientId,
			client_secret: DEFAULT_CREDENTIALS.amazon.clientSecret,
		}),
	});
	const accessToken = (await tokenRes.json()).access_token;
	return { seed, emulators, tba, hosts, accessToken };
}

/** The poll trigger's default SuiteQL for one fulfillment, through the poll's own rules. */
async function readById(netsuite, fulfillmentId, now) {
	if (readFulfillmentById) {
		const out = await readFulfillmentById({
			client: netsuite,
			fulfillmentId,
			fields: DEFAULT_FIELDS,
			filters: DEFAULT_FILTERS,
			grouping: { dates: DEFAULT_DATE_SETTINGS, polledAt: new Date(now()).toISOString() },
			cursor: DEFAULT_CURSOR_SETTINGS,
			now,
		});
		return out.emit ? out.fulfillment : undefined;
	}
	const query = buildDefaultSuiteQl({
		fields: DEFAULT_FIELDS,
		filters: DEFAULT_FILTERS,
		afterId: String(BigInt(fulfillmentId) - 1n),
	});
	const outcome = await runPoll({
		reader: suiteqlReader(netsuite, query, 50),
		columns: suiteqlColumns(),
		grouping: {
			source: 'suiteql',
			search: 'suiteql:default',
			fields: DEFAULT_FIELDS,
			dates: DEFAULT_DATE_SETTINGS,
			polledAt: new Date(now()).toISOString(),
		},
		filters: DEFAULT_FILTERS,
		cursor: DEFAULT_CURSOR_SETTINGS,
		sourceKey: 'suiteql:byId',
		now,
		deadline: Number.POSITIVE_INFINITY,
		maxFulfillments: 1,
	});
	const f = outcome.emitted[0]?.fulfillment;
	return f && String(f.fulfillmentId) === String(fulfillmentId) ? f : undefined;
}

/**
 * Runs one notice per fulfillment ID at the given save times (ms after start, Amazon's time) and
 * returns, per notice, save → confirmed (ms, Amazon's time, NOTICE_DELIVERY_MS included).
 */
async function runNotices(env, ids, saveAtMs, { timeScale, concurrency }) {
	const n8n = n8nProcess(env, { timeScale, concurrency });
	const { clock } = n8n;
	const t0 = clock.now();
	const totals = {
		throttled: 0,
		requests: 0,
		netsuiteRequests: 0,
		notConfirmed: 0,
		/** Error text → executions that ended with it (the poll would pick those fulfillments up). */
		failures: {},
	};
	const latencies = [];
	/** confirmShipment calls per fulfillment (one per package Confirm Shipment sends). */
	const callsOf = new Map();
	await Promise.all(
		ids.map(async (id, k) => {
			const saved = t0 + saveAtMs[k];
			const delivered = saved + NOTICE_DELIVERY_MS;
			await clock.sleep(Math.max(0, delivered - clock.now()));
			await n8n.slot(async () => {
				const netsuite = n8n.netsuiteClient();
				const client = n8n.amazonClient();
				let ok = false;
				try {
					const f = await readById(netsuite, id, clock.now);
					if (f) {
						const done = await n8n.confirm(client, f);
						ok = /^accepted/.test(done?.result.outcome ?? '');
						callsOf.set(id, done?.submission.packages.length ?? 0);
					}
				} catch (error) {
					countFailure(totals, error);
				}
				countAmazonCalls(totals, client);
				totals.netsuiteRequests += Object.values(netsuite.stats ?? {}).reduce(
					(n, v) => n + (v.requests ?? 0),
					0,
				);
				if (ok) latencies.push(clock.now() - saved);
				else totals.notConfirmed++;
			});
		}),
	);
	return { latencies, totals, callsOf, elapsedMs: clock.now() - t0 };
}

/** The notice's signing key (the API Secret's value in NetSuite; the webhook credential in n8n). */
const NOTICE_SECRET = 'bench-notice-secret-0123456789abcdef0123456789';

/**
 * A stand-in for the webhook trigger, on loopback: verifies the notice (core/webhook), reads the
 * fulfillment by ID and answers after that read, as the trigger does; then the execution
 * (Confirm Shipment) runs on its own, at most `concurrency` at once.
 */
async function noticeReceiver() {
	const state = { handle: undefined };
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			Promise.resolve(state.handle(Buffer.concat(chunks), req.headers))
				.then(({ status, body }) => {
					res.writeHead(status, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify(body));
				})
				.catch((error) => {
					res.writeHead(500);
					res.end(String(error?.message ?? error));
				});
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		state,
		url: `http://127.0.0.1:${server.address().port}/webhook/netsuite-fulfillment`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/**
 * The whole path with the emulator's User Event: each save runs the shipped afterSubmit script,
 * which signs and POSTs the notice to the receiver. Save → confirmed per fulfillment, in Amazon's
 * time (the wall clock × timeScale: the User Event's own CPU time is scaled up with it).
 */
async function runUserEvents(
	env,
	receiver,
	ids,
	{ timeScale, concurrency, mass, singleGapMs, answerFirst, threads },
) {
	const { verifyNotice, ReplayMemory } = dist('core/webhook/index.js');
	const n8n = n8nProcess(env, { timeScale, concurrency });
	const { clock, slot } = n8n;
	const replay = new ReplayMemory();
	const savedAt = new Map();
	let savedAtOf = (id) => savedAt.get(id);
	const executions = [];
	const latencies = [];
	const callsOf = new Map();
	const totals = {
		throttled: 0,
		requests: 0,
		notConfirmed: 0,
		failures: {},
		rejected: 0,
		readMs: [],
	};
	const fail = (error) => {
		countFailure(totals, error);
		totals.notConfirmed++;
	};
	receiver.state.handle = async (rawBody, headers) => {
		const check = verifyNotice({
			rawBody,
			headers,
			secret: NOTICE_SECRET,
			now: Date.now(),
			replay,
		});
		if (!check.ok) {
			totals.rejected++;
			return { status: check.status, body: { message: check.message } };
		}
		const id = check.notice.fulfillmentId;
		const read = async () => {
			const netsuite = n8n.netsuiteClient();
			const readStarted = Date.now();
			const f = await readById(netsuite, id, clock.now);
			totals.readMs.push((Date.now() - readStarted) * timeScale);
			return f;
		};
		const confirm = async (f) => {
			const client = n8n.amazonClient();
			try {
				const done = await n8n.confirm(client, f);
				if (!/^accepted/.test(done?.result.outcome ?? ''))
					throw new Error(done?.result.summary ?? 'not accepted');
				callsOf.set(id, done.submission.packages.length);
				latencies.push((Date.now() - savedAtOf(id)) * timeScale);
			} catch (error) {
				fail(error);
			}
			countAmazonCalls(totals, client);
		};
		if (answerFirst) {
			// Answer at once; the read moves into the execution.
			executions.push(
				slot(async () => {
					let f;
					try {
						f = await read();
					} catch (error) {
						return fail(error);
					}
					if (f) await confirm(f);
				}),
			);
			return { status: 200, body: { message: 'execution started' } };
		}
		let f;
		try {
			f = await read();
		} catch (error) {
			fail(error);
			return { status: 202, body: { message: 'read failed; the poll catches up' } };
		}
		if (!f) return { status: 200, body: { message: 'nothing to send' } };
		executions.push(slot(() => confirm(f)));
		return { status: 200, body: { message: 'execution started' } };
	};
	const ns = env.emulators.netsuite;
	const t0 = Date.now();
	if (mass) {
		// A CSV import: record after record, each saved and its afterSubmit (the notice, answered)
		// done before the next, on each of the import's threads.
		const lanes = Array.from({ length: threads }, (_, t) =>
			ids.filter((_, k) => k % threads === t),
		);
		const imports = lanes.map((lane) =>
			ns.shipFulfillments(lane, { context: 'CSVIMPORT', serial: true }),
		);
		savedAtOf = (id) => {
			for (const run of imports) for (const one of run.saved) savedAt.set(one.id, one.savedAtMs);
			return savedAt.get(id);
		};
		await Promise.all(imports.map((run) => run.done));
		savedAtOf('');
	} else {
		for (const id of ids) {
			const saved = ns.shipFulfillment(id);
			savedAt.set(saved.id, saved.savedAtMs);
			await new Promise((resolve) => setTimeout(resolve, singleGapMs));
		}
	}
	await ns.userEvents.idle();
	const saveAtMs = ids.map((id) => (savedAt.get(id) - t0) * timeScale);
	const noticesDoneMs = (Date.now() - t0) * timeScale;
	await Promise.all(executions);
	const ue = ns.stats().userEvents ?? {};
	return {
		latencies,
		totals,
		callsOf,
		saveAtMs,
		elapsedMs: (Date.now() - t0) * timeScale,
		noticesDoneMs,
		userEvents: { runs: ue.runs, notices: ue.notices, noticeErrors: ue.noticeErrors },
	};
}

function percentile(sorted, p) {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(ms) {
	const s = [...ms].sort((a, b) => a - b);
	return { p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] };
}

/**
 * The poll path for the same saves, computed: the 15-minute schedule is placed at `draws` phases
 * spread evenly over the interval (a save falls at a uniformly random point of the schedule); a fulfillment waits for the first poll after its save, the trigger's read (one RESTlet
 * page, 3 s), then the template's processing.
 * Feed template: all fulfillments of a poll go in one feed, done FEED_PROCESSING_MS later.
 * Confirm Shipment template: the poll's fulfillments go out at 2/s after a burst of 10, one call
 * per package (`calls[k]`), in fulfillment order. Each template takes at most its Max Fulfillments
 * per Poll (feed 1,000, Confirm Shipment 100); the rest wait for the following polls.
 */
function pollPath(saveAtMs, calls, draws = 400) {
	const feed = [];
	const confirm = [];
	const { rate, burst } = RATE_LIMITS.confirmShipment;
	for (let d = 0; d < draws; d++) {
		// Phases evenly over the interval: the exact average, the same every run.
		const phase = ((d + 0.5) / draws) * POLL_INTERVAL_MS;
		for (const [out, cap, wait] of [
			[feed, PER_POLL.feed, () => FEED_PROCESSING_MS],
			[
				confirm,
				PER_POLL.confirm,
				(sent) => (sent <= burst ? 0 : ((sent - burst) / rate) * 1000) + AMAZON_CONFIRM_LATENCY_MS,
			],
		]) {
			// Saves in time order; each poll takes at most `cap` fulfillments, the rest wait for the next.
			let poll = -Infinity;
			let taken = 0;
			let sent = 0;
			saveAtMs.forEach((t, k) => {
				const first = Math.ceil((t - phase) / POLL_INTERVAL_MS);
				if (first > poll) {
					poll = first;
					taken = 0;
					sent = 0;
				} else if (taken >= cap) {
					poll++;
					taken = 0;
					sent = 0;
				}
				taken++;
				sent += calls[k];
				out.push(phase + poll * POLL_INTERVAL_MS - t + POLL_READ_MS + wait(sent));
			});
		}
	}
	return { feed: summary(feed), confirm: summary(confirm) };
}

const sec = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–');

async function scenario(
	name,
	{ count, timeScale, saveAtMs, concurrency, userEvent, singleGapMs, threads, answerFirst },
) {
	const receiver = userEvent ? await noticeReceiver() : undefined;
	const env = await environment({
		count,
		timeScale,
		userEvent: receiver && {
			url: receiver.url,
			secrets: { custsecret_amz_notice: NOTICE_SECRET },
			// Users' saves each run their own afterSubmit; a CSV import runs them on its threads.
			workers: threads,
		},
	});
	try {
		const ids = env.seed.netsuite.itemFulfillments.map((f) => f.id);
		const started = Date.now();
		const out = receiver
			? await runUserEvents(env, receiver, ids, {
					timeScale,
					concurrency,
					mass: name.startsWith('mass'),
					singleGapMs,
					answerFirst,
					threads,
				})
			: await runNotices(env, ids, saveAtMs, { timeScale, concurrency });
		const realMs = Date.now() - started;
		const amazonCalls = env.emulators.amazon.stats().calls.confirmShipment ?? 0;
		// Calls Amazon accepted (its count includes the 429s): what the rate limit has to let through.
		const packages = amazonCalls - out.totals.throttled;
		const calls = ids.map((id) => out.callsOf.get(id) ?? 1);
		const { rate, burst } = RATE_LIMITS.confirmShipment;
		if (out.saveAtMs) saveAtMs = out.saveAtMs;
		const lastSave = Math.max(...saveAtMs);
		// Amazon's limit alone: the burst at once, then `rate` per second.
		const boundMs = (Math.max(0, packages - burst) / rate) * 1000;
		return {
			name,
			fulfillments: count,
			packages,
			timeScale,
			concurrency,
			confirmed: out.latencies.length,
			notConfirmed: out.totals.notConfirmed,
			failures: out.totals.failures,
			userEvent: !!receiver,
			...(receiver ? { userEventThreads: threads, answerFirst: !!answerFirst } : {}),
			...(receiver
				? {
						noticesDoneMs: out.noticesDoneMs,
						userEvents: out.userEvents,
						rejectedNotices: out.totals.rejected,
						webhookRead: summary(out.totals.readMs),
					}
				: {}),
			confirmShipmentCalls: amazonCalls,
			throttled: out.totals.throttled,
			elapsedMs: out.elapsedMs,
			realMs,
			boundMs,
			lastSaveMs: lastSave,
			notice: summary(out.latencies),
			poll: pollPath(saveAtMs, calls),
		};
	} finally {
		await env.emulators.close();
		await receiver?.close();
	}
}

function print(r) {
	console.log(
		`\n${r.name}: ${r.fulfillments} fulfillments, ${r.packages} packages sent (one confirmShipment call each)`,
	);
	console.log(
		`  time scale ${r.timeScale}${r.timeScale > 1 ? " (figures in Amazon's real seconds)" : ' (real time)'}, n8n executions at once: ${r.concurrency || 'unlimited'}; took ${sec(r.realMs)} of wall time`,
	);
	console.log(
		`  confirmed ${r.confirmed}/${r.fulfillments}, confirmShipment calls ${r.confirmShipmentCalls}, 429s ${r.throttled} (all retried)${r.notConfirmed ? `, NOT confirmed ${r.notConfirmed}` : ''}`,
	);
	if (r.userEvent) {
		console.log(
			`  User Event (${r.userEventThreads} thread${r.userEventThreads > 1 ? 's' : ''}; the receiver answers ${r.answerFirst ? 'at once, the execution reads' : 'after its read'}): ${r.userEvents.runs} runs, ${r.userEvents.notices} notices (${r.userEvents.noticeErrors} failed), ${r.rejectedNotices} refused by the receiver; the last notice answered after ${sec(r.noticesDoneMs)}; the webhook's read by ID p50 ${sec(r.webhookRead.p50)}, p95 ${sec(r.webhookRead.p95)}`,
		);
	}
	for (const [message, n] of Object.entries(r.failures))
		console.log(`  ${n} execution(s) failed: ${message}…`);
	console.log(
		`  notice path, save → confirmed: p50 ${sec(r.notice.p50)}, p95 ${sec(r.notice.p95)}, max ${sec(r.notice.max)}`,
	);
	console.log(
		`  poll every 15 min (≤ ${PER_POLL.feed} per poll) + feed (${sec(FEED_PROCESSING_MS)} processing): p50 ${sec(r.poll.feed.p50)}, p95 ${sec(r.poll.feed.p95)}`,
	);
	console.log(
		`  poll every 15 min (≤ ${PER_POLL.confirm} per poll) + Confirm Shipment (2/s): p50 ${sec(r.poll.confirm.p50)}, p95 ${sec(r.poll.confirm.p95)}`,
	);
	if (r.fulfillments > 1 && r.name.startsWith('mass')) {
		console.log(
			`  the last record saved after ${sec(r.lastSaveMs)}; all confirmed after ${sec(r.elapsedMs)}; Amazon's limit allows ${sec(r.boundMs)} (burst 10, then 2/s): ${(r.elapsedMs / r.boundMs).toFixed(2)}× (target ≤ 1.5×)`,
		);
	}
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	console.log(
		`bench-notice-path: node ${process.version}, ${os.cpus().length} CPUs, load average ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`,
	);
	console.log(
		`notices: ${args.userEvent ? "the emulator's User Event (suitescript/amz_fulfillment_notice_ue.js) on each save, signed, to a loopback receiver that verifies it (core/webhook), reads by ID, then answers" : `injected at each save time + ${NOTICE_DELIVERY_MS} ms assumed delivery`}`,
	);
	console.log(
		`reader: ${readFulfillmentById ? "core/trigger/byId (the webhook trigger's)" : "the poll trigger's default SuiteQL from the fulfillment's ID (inline; core/trigger/byId not built)"}`,
	);
	console.log(
		`assumed: ${args.userEvent ? '' : `notice delivery ${NOTICE_DELIVERY_MS} ms, `}Amazon confirmShipment answer ${AMAZON_CONFIRM_LATENCY_MS} ms; NetSuite latencies ${JSON.stringify(BENCH_SETTINGS.netsuiteLatencyMs)} ms, ${BENCH_SETTINGS.netsuiteConcurrencyLimit} concurrent requests`,
	);
	// Each mode: fulfillments, time scale, save times (ms after start), User Event threads.
	const modes = [
		{
			name: 'single shipments',
			count: args.singles,
			timeScale: 1,
			saveAtMs: (k) => k * args.singleGapMs,
			// Separate users' saves: each runs its own afterSubmit (no queue between them).
			threads: 5,
		},
		{
			name: 'mass update',
			count: args.mass,
			timeScale: args.massTimeScale,
			// --import-rate 0: every record saved at once (the worst case for pacing).
			saveAtMs: (k) => (args.importRate > 0 ? (k / args.importRate) * 1000 : 0),
			// NetSuite's CSV import runs records one after another unless multi-threading is on.
			threads: args.importThreads,
		},
	];
	const results = [];
	for (const mode of modes.filter((m) => m.count > 0)) {
		const r = await scenario(mode.name, {
			...mode,
			saveAtMs: Array.from({ length: mode.count }, (_, k) => mode.saveAtMs(k)),
			concurrency: args.concurrency,
			userEvent: args.userEvent,
			singleGapMs: args.singleGapMs,
			answerFirst: args.answerFirst,
		});
		print(r);
		results.push(r);
	}
	console.log(
		`\nload average after: ${os
			.loadavg()
			.map((l) => l.toFixed(2))
			.join(' ')}`,
	);
	if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
