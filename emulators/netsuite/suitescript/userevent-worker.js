'use strict';

const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');

const { createSuiteScriptHost, loadScript } = require('./index');
const { recordView } = require('./modules');

/*
 * One User Event "server thread": runs afterSubmit of a deployed script for one save at a time, in
 * node:vm like the RESTlets. SuiteScript's https.post is synchronous, so this thread blocks
 * (Atomics.wait) while the emulator's main thread does the request with Node's async http and
 * hands back the answer through a MessagePort; the main thread, and so the emulator's API and any
 * receiver in the same process, keep running. The script sees the record as committed by the save
 * (a snapshot sent with the job); it cannot write records here (User Events do not chain).
 */

const { signal, answers } = workerData;
const flag = new Int32Array(signal);
let seq = 0;
let currentJob = null;

function httpSync(request) {
	seq += 1;
	Atomics.store(flag, 0, 0);
	parentPort.postMessage({ type: 'http', seq, jobId: currentJob.jobId, request });
	const waitMs = currentJob.timeouts.connectMs + currentJob.timeouts.sendMs + 2000;
	const outcome = Atomics.wait(flag, 0, 0, waitMs);
	for (;;) {
		const m = receiveMessageOnPort(answers);
		if (!m) break;
		if (m.message.seq === seq) return m.message.answer;
	}
	// The main thread enforces the timeouts itself; this is only a guard against a lost answer.
	return {
		error: {
			name: 'SSS_REQUEST_TIME_EXCEEDED',
			message: `The host you are trying to connect to has exceeded the maximum allowed response time (${outcome}).`,
		},
	};
}

const env = {
	store: null,
	searches: null,
	recordNow: () => new Date(),
	accountId: workerData.accountId,
	secrets: {},
	httpSync,
};
const host = createSuiteScriptHost(env);
const scripts = new Map();

function storeFor(job) {
	const fulfillments = new Map([[String(job.record.id), job.record]]);
	return {
		itemFulfillments: fulfillments,
		salesOrders: new Map(),
		statusList: new Map(),
		updateTransaction() {
			throw new Error('A User Event cannot write records in the emulator.');
		},
		fulfillmentAsSeed: (f) => f,
	};
}

const USER_EVENT_TYPE = {
	CREATE: 'create',
	EDIT: 'edit',
	XEDIT: 'xedit',
	DELETE: 'delete',
	APPROVE: 'approve',
	CANCEL: 'cancel',
	REJECT: 'reject',
	PACK: 'pack',
	SHIP: 'ship',
	DROPSHIP: 'dropship',
	SPECIALORDER: 'specialorder',
	ORDERITEMS: 'orderitems',
	PAYBILLS: 'paybills',
	COPY: 'copy',
	VIEW: 'view',
};

function run(job) {
	let loaded = scripts.get(job.file);
	if (!loaded) {
		loaded = loadScript(job.file);
		scripts.set(job.file, loaded);
	}
	currentJob = job;
	env.store = storeFor(job);
	env.secrets = job.secrets || {};
	env.allowHttp = Boolean(job.allowHttp);
	const type = job.recordType;
	const context = {
		type: job.event,
		UserEventType: USER_EVENT_TYPE,
		newRecord: recordView(type, job.record, job.event === 'xedit' ? job.changed : null),
		oldRecord: job.before ? recordView(type, job.before) : null,
	};
	const out = host.execute(loaded, 'afterSubmit', context, {
		scriptId: job.scriptId,
		deploymentId: job.deploymentId,
		parameters: job.parameters,
		limits: job.limits,
		executionContext: job.context,
	});
	currentJob = null;
	env.secrets = {};
	const failure = out.failure
		? {
				name: String(out.failure.name || 'JS_EXCEPTION'),
				message: String(out.failure.message || ''),
			}
		: null;
	const logs = out.logs.map((l) => ({
		level: l.level,
		title: l.title,
		details: typeof l.details === 'string' ? l.details : safeText(l.details),
	}));
	return { usage: out.usage, failure, logs };
}

function safeText(v) {
	try {
		return JSON.stringify(v);
	} catch {
		return String(v);
	}
}

parentPort.on('message', (m) => {
	if (m.type !== 'run') return;
	let result;
	try {
		result = run(m.job);
	} catch (e) {
		currentJob = null;
		result = {
			usage: 0,
			failure: { name: 'EMULATOR_ERROR', message: String(e && e.message) },
			logs: [],
		};
	}
	parentPort.postMessage({ type: 'done', jobId: m.job.jobId, result });
});
