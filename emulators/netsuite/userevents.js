'use strict';

const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const { Worker, MessageChannel } = require('node:worker_threads');

const { SUITESCRIPT_DIR } = require('./restlet');

/*
 * The User Event deployment on Item Fulfillment: suitescript/amz_fulfillment_notice_ue.js, run
 * after every committed save of an item fulfillment (REST PATCH, a RESTlet's submitFields, and
 * the ship helpers below), through the SuiteScript layer with N/https, N/crypto, N/encode.
 *
 * How "synchronous https.post" is honest here: the save commits and answers its caller first;
 * then the script runs in a worker thread (userevent-worker.js) that blocks in Atomics.wait while
 * this thread does the HTTP request with Node's async http and posts the answer back. So the
 * script sees a blocking call with NetSuite's timeouts (5 s to connect, 45 s to send,
 * SSS_REQUEST_TIME_EXCEEDED), the emulator keeps answering meanwhile, and nothing the script
 * does can fail or delay the save. In NetSuite afterSubmit runs before the caller gets its answer;
 * here it runs just after (documented in README.md).
 */

const UE_FILE = 'amz_fulfillment_notice_ue.js';
const UE_SCRIPT_ID = 'customscript_amz_fulfillment_notice';
const UE_DEPLOY_ID = 'customdeploy_amz_fulfillment_notice';
const DEFAULT_SECRET_ID = 'custsecret_amz_notice';
const MAX_RUNS = 20_000;
const MAX_RESPONSE = 10 * 1024 * 1024;

/** Node's error codes as N/https reports them (NetSuite's codes for these are not all documented). */
function httpsErrorOf(err) {
	const code = err && err.code;
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return { name: 'SSS_INVALID_URL', message: 'The host name could not be resolved.' };
	}
	if (typeof code === 'string' && /CERT|SSL|TLS|SELF_SIGNED/.test(code)) {
		return { name: 'SSS_INVALID_HOST_CERT', message: 'The host certificate is not trusted.' };
	}
	return {
		name: 'SSS_CONNECTION_CLOSED',
		message: `The connection was closed or refused (${code || 'error'}).`,
	};
}

/** One HTTP request with N/https's timeouts; resolves to { code, headers, body } or { error }. */
function doRequest(request, { connectMs, sendMs }, inFlight = new Set()) {
	return new Promise((resolve) => {
		const u = new URL(request.url);
		const lib = u.protocol === 'https:' ? https : http;
		let settled = false;
		let sendTimer;
		const headers = { ...request.headers };
		if (request.body !== undefined) headers['Content-Length'] = Buffer.byteLength(request.body);
		const req = lib.request(u, { method: request.method, headers, agent: false });
		const cancel = () => {
			finish({ error: { name: 'SSS_CONNECTION_CLOSED', message: 'The emulator was closed.' } });
			req.destroy();
		};
		inFlight.add(cancel);
		const finish = (answer) => {
			if (settled) return;
			settled = true;
			inFlight.delete(cancel);
			clearTimeout(connectTimer);
			clearTimeout(sendTimer);
			resolve(answer);
		};
		const exceeded = () => {
			finish({
				error: {
					name: 'SSS_REQUEST_TIME_EXCEEDED',
					message:
						'The host you are trying to connect to has exceeded the maximum allowed response time.',
				},
			});
			req.destroy();
		};
		const connectTimer = setTimeout(exceeded, connectMs);
		req.on('socket', (socket) => {
			const connected = () => {
				clearTimeout(connectTimer);
				sendTimer = setTimeout(exceeded, sendMs);
			};
			if (socket.connecting) socket.once('connect', connected);
			else connected();
		});
		req.on('response', (res) => {
			const chunks = [];
			let size = 0;
			res.on('data', (c) => {
				size += c.length;
				if (size <= MAX_RESPONSE) chunks.push(c);
			});
			res.on('end', () => {
				const out = {};
				for (const [k, v] of Object.entries(res.headers))
					out[k] = Array.isArray(v) ? v.join(', ') : v;
				finish({
					code: res.statusCode,
					headers: out,
					body: Buffer.concat(chunks).toString('utf8'),
				});
			});
			res.on('error', (e) => finish({ error: httpsErrorOf(e) }));
		});
		req.on('error', (e) => finish({ error: httpsErrorOf(e) }));
		req.end(request.body);
	});
}

/**
 * @param {object} args
 * @param {object} args.store         the emulator's store
 * @param {string} args.accountId
 * @param {object} [args.options]     options.userEvent of the emulator (see index.js)
 * @param {object} [args.parameters]  extra script parameters (options.scriptParameters[UE_SCRIPT_ID])
 */
function createUserEvents({ store, accountId, options = {}, parameters = {} }) {
	const initial = normalize(
		{
			enabled: options.enabled ?? Boolean(options.url),
			url: options.url ?? parameters.custscript_amz_notice_url ?? '',
			secretId: options.secretId ?? parameters.custscript_amz_notice_secret ?? DEFAULT_SECRET_ID,
			secrets: { ...(options.secrets || {}) },
			contexts: options.contexts ?? null,
			eventTypes: options.eventTypes ?? null,
			timeouts: { connectMs: 5000, sendMs: 45_000, ...(options.timeouts || {}) },
			workers: options.workers ?? 1,
			allowHttp: options.allowHttp ?? false,
			limits: options.limits,
		},
		null,
	);
	let config = initial;
	const file = path.join(SUITESCRIPT_DIR, UE_FILE);
	const pool = [];
	const queue = [];
	const running = new Map(); // jobId → run
	const inFlight = new Set(); // cancel() of each HTTP request under way
	let runs = [];
	const latest = new Map(); // fulfillment ID → its last run
	let logs = [];
	let idleWaiters = [];
	let nextJob = 1;
	let stats = { runs: 0, filtered: 0, notices: 0, noticeErrors: 0, scriptErrors: 0 };

	function normalize(next, prev) {
		const c = { ...(prev || {}), ...next };
		if (next.secrets && prev) c.secrets = { ...prev.secrets, ...next.secrets };
		if (next.timeouts && prev) c.timeouts = { ...prev.timeouts, ...next.timeouts };
		const list = (v) => (v === null || v === undefined ? null : [].concat(v).map((x) => String(x)));
		c.contexts = list(c.contexts) && list(c.contexts).map((x) => x.toUpperCase());
		c.eventTypes = list(c.eventTypes) && list(c.eventTypes).map((x) => x.toLowerCase());
		c.workers = Math.max(1, Math.floor(Number(c.workers) || 1));
		return c;
	}

	/** The deployment as an administrator sees it (secret IDs, never their values). */
	function deployment() {
		return {
			file: UE_FILE,
			scriptId: UE_SCRIPT_ID,
			deploymentId: UE_DEPLOY_ID,
			recordType: 'itemfulfillment',
			enabled: config.enabled,
			url: config.url,
			secretId: config.secretId,
			secretIds: Object.keys(config.secrets),
			contexts: config.contexts,
			eventTypes: config.eventTypes,
			timeouts: { ...config.timeouts },
			workers: config.workers,
			allowHttp: Boolean(config.allowHttp),
		};
	}

	function spawn() {
		const signal = new SharedArrayBuffer(4);
		const { port1, port2 } = new MessageChannel();
		const worker = new Worker(path.join(__dirname, 'suitescript', 'userevent-worker.js'), {
			workerData: { signal, answers: port2, accountId },
			transferList: [port2],
		});
		const slot = { worker, flag: new Int32Array(signal), port: port1, job: null };
		worker.unref();
		worker.on('message', (m) => onMessage(slot, m));
		worker.on('error', (e) => {
			// A crashed thread fails its run, not the emulator; the next job gets a fresh one.
			const job = slot.job;
			if (pool.includes(slot)) pool.splice(pool.indexOf(slot), 1);
			if (job)
				finishRun(job.jobId, {
					usage: 0,
					failure: { name: 'EMULATOR_ERROR', message: String(e && e.message) },
					logs: [],
				});
			pump();
		});
		pool.push(slot);
		return slot;
	}

	async function onMessage(slot, m) {
		if (m.type === 'http') {
			const run = running.get(m.jobId);
			const sentAtMs = Date.now();
			const started = performance.now();
			const answer = await doRequest(m.request, config.timeouts, inFlight);
			const ms = Math.round((performance.now() - started) * 10) / 10;
			if (run) {
				run.notices.push({
					method: m.request.method,
					url: m.request.url,
					sentAtMs,
					ms,
					status: answer.error ? null : answer.code,
					error: answer.error ? answer.error.name : null,
				});
			}
			stats.notices += 1;
			if (answer.error || answer.code >= 300) stats.noticeErrors += 1;
			slot.port.postMessage({ seq: m.seq, answer });
			Atomics.store(slot.flag, 0, 1);
			Atomics.notify(slot.flag, 0);
			return;
		}
		if (m.type === 'done') {
			slot.job = null;
			slot.worker.unref();
			finishRun(m.jobId, m.result);
			pump();
		}
	}

	function finishRun(jobId, result) {
		const run = running.get(jobId);
		if (!run) return;
		running.delete(jobId);
		run.finishedAtMs = Date.now();
		run.usage = result.usage;
		run.failure = result.failure;
		run.logs = result.logs;
		run.notice = run.notices.length ? run.notices[0] : null;
		run.state = 'done';
		if (result.failure) stats.scriptErrors += 1;
		for (const l of result.logs) {
			if (logs.length >= 1000) logs.shift();
			logs.push({
				scriptId: UE_SCRIPT_ID,
				deploymentId: UE_DEPLOY_ID,
				fulfillmentId: run.fulfillmentId,
				...l,
			});
		}
		run.resolve(publicRun(run));
		checkIdle();
	}

	function pump() {
		while (queue.length) {
			let slot = pool.find((s) => !s.job);
			if (!slot && pool.length < config.workers) slot = spawn();
			if (!slot) return;
			const job = queue.shift();
			slot.job = job;
			slot.worker.ref();
			running.get(job.jobId).startedAtMs = Date.now();
			running.get(job.jobId).state = 'running';
			slot.worker.postMessage({ type: 'run', job });
		}
		checkIdle();
	}

	function checkIdle() {
		if (queue.length || running.size) return;
		const waiters = idleWaiters;
		idleWaiters = [];
		for (const w of waiters) w();
	}

	const publicRun = (run) => {
		const { resolve, ...rest } = run;
		return JSON.parse(JSON.stringify(rest));
	};

	/**
	 * Called after an item fulfillment's save is committed. Runs the deployment's afterSubmit when
	 * it is on and its Execution Context / Event Type filters let this save through. Returns a
	 * promise of the run (null when the deployment does not run).
	 * @param {{ type: string, id: string, event: string, context: string, changed?: string[], before?: object, savedAtMs?: number }} save
	 */
	function afterSave(save) {
		if (String(save.type).toLowerCase() !== 'itemfulfillment') return null;
		const event = String(save.event).toLowerCase();
		const context = String(save.context).toUpperCase();
		if (
			!config.enabled ||
			(config.contexts && !config.contexts.includes(context)) ||
			(config.eventTypes && !config.eventTypes.includes(event))
		) {
			stats.filtered += 1;
			return null;
		}
		const rec = store.itemFulfillments.get(String(save.id));
		if (!rec) return null;
		const record = store.fulfillmentAsSeed(rec);
		const jobId = nextJob++;
		let resolve;
		const done = new Promise((r) => (resolve = r));
		const run = {
			runId: jobId,
			fulfillmentId: String(save.id),
			event,
			context,
			savedAt: record.lastModified,
			savedAtMs: save.savedAtMs ?? Date.now(),
			startedAtMs: null,
			finishedAtMs: null,
			state: 'queued',
			usage: null,
			failure: null,
			notices: [],
			notice: null,
			logs: [],
			resolve,
		};
		if (runs.length >= MAX_RUNS) runs.shift();
		runs.push(run);
		latest.set(run.fulfillmentId, run);
		running.set(jobId, run);
		stats.runs += 1;
		queue.push({
			jobId,
			file,
			scriptId: UE_SCRIPT_ID,
			deploymentId: UE_DEPLOY_ID,
			recordType: 'itemfulfillment',
			event,
			context,
			changed: save.changed || null,
			record,
			before: save.before || null,
			parameters: {
				...parameters,
				custscript_amz_notice_url: config.url,
				custscript_amz_notice_secret: config.secretId,
			},
			secrets: { ...config.secrets },
			timeouts: { ...config.timeouts },
			allowHttp: Boolean(config.allowHttp),
			limits: config.limits,
		});
		pump();
		return done;
	}

	return {
		afterSave,
		deployment,
		/** Changes the deployment (any of enabled, url, secretId, secrets, contexts, eventTypes, timeouts, workers, allowHttp). */
		configure(patch = {}) {
			config = normalize(patch, config);
			return deployment();
		},
		/** Every run so far, or those of one fulfillment: save time, the notice's status and ms. */
		runs(fulfillmentId) {
			const list =
				fulfillmentId === undefined
					? runs
					: runs.filter((r) => r.fulfillmentId === String(fulfillmentId));
			return list.map(publicRun);
		},
		latest(fulfillmentId) {
			const r = latest.get(String(fulfillmentId));
			return r ? publicRun(r) : null;
		},
		logs: () => logs.slice(),
		stats: () => ({ ...stats, queued: queue.length, running: running.size - queue.length }),
		/** Resolves once every queued and running execution has finished. */
		idle() {
			return new Promise((resolve) => {
				idleWaiters.push(resolve);
				checkIdle();
			});
		},
		reset() {
			config = initial;
			runs = [];
			latest.clear();
			logs = [];
			stats = { runs: 0, filtered: 0, notices: 0, noticeErrors: 0, scriptErrors: 0 };
		},
		async close() {
			queue.length = 0;
			for (const cancel of [...inFlight]) cancel();
			const slots = pool.splice(0);
			await Promise.all(slots.map((s) => s.worker.terminate()));
			for (const jobId of [...running.keys()]) {
				finishRun(jobId, {
					usage: 0,
					failure: { name: 'EMULATOR_CLOSED', message: 'The emulator was closed.' },
					logs: [],
				});
			}
		},
	};
}

module.exports = {
	createUserEvents,
	doRequest,
	UE_FILE,
	UE_SCRIPT_ID,
	UE_DEPLOY_ID,
	DEFAULT_SECRET_ID,
};
