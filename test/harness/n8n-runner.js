'use strict';
/**
 * In-process n8n runner: runs workflow JSON with n8n-core's own WorkflowExecute, PollContext and
 * PollTriggerExecutor, with persisted waits serialised and resumed like n8n's WaitTracker does.
 * See test/harness/README.md for the API and what is (not) mirrored.
 */
const { prepareN8nEnvironment } = require('./n8n-env');

prepareN8nEnvironment();

const path = require('node:path');
const { WorkflowExecute, ExecutionLifecycleHooks, PollContext } = require('n8n-core');
const { Workflow, createRunExecutionData } = require('n8n-workflow');
const { NodeTypes } = require('./node-types');
const { HarnessCredentialsHelper } = require('./credentials-helper');

// n8n-core's own DI container (see n8n-env.js: one @n8n/di copy).
const { Container } = require(
	require.resolve('@n8n/di', { paths: [path.dirname(require.resolve('n8n-core/package.json'))] }),
);

let flatted;
try {
	flatted = require('flatted');
} catch {
	flatted = undefined;
}

const DEFAULT_BASE = 'http://localhost:5678';

/** Thrown by the runner when an abort point was reached (the "crash" of a test). */
class ExecutionAborted extends Error {
	constructor(message, details) {
		super(message);
		this.name = 'ExecutionAborted';
		Object.assign(this, details);
	}
}

function plain(value) {
	return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function serialize(value) {
	return flatted ? flatted.stringify(value) : JSON.stringify(value);
}

function deserialize(text) {
	return flatted ? flatted.parse(text) : JSON.parse(text);
}

/** `{ nodes, connections, settings }` with the defaults n8n applies to a saved workflow. */
function normalizeWorkflowData(workflow) {
	if (!workflow || !Array.isArray(workflow.nodes))
		throw new Error('Workflow JSON needs a "nodes" array');
	return {
		id: workflow.id ?? 'harness-workflow',
		name: workflow.name ?? 'Harness workflow',
		nodes: plain(workflow.nodes),
		connections: plain(workflow.connections ?? {}),
		settings: { executionOrder: 'v1', ...(workflow.settings ?? {}) },
		pinData: plain(workflow.pinData),
	};
}

function summarizeError(error) {
	if (!error) return null;
	const summary = {
		name: error.name,
		message: error.message,
		description: error.description ?? undefined,
		node: typeof error.node === 'object' ? error.node?.name : error.node,
		httpCode: error.httpCode ?? undefined,
	};
	// The original error (may hold request options) stays out of JSON.stringify / console output.
	Object.defineProperty(summary, 'cause', { value: error, enumerable: false });
	return summary;
}

/**
 * JSON of the items a node sent on one output: `outputJson(result, 'Status', 1)` = Pending
 * items of the last run; `runIndex` counts from 0 (negative counts from the end).
 */
function outputJson(result, nodeName, outputIndex = 0, runIndex = -1) {
	const runs = result.runData[nodeName];
	if (!runs || runs.length === 0) return [];
	const run = runs.at(runIndex);
	return (run?.[outputIndex] ?? []).map((item) => item.json);
}

/** `runData[node][runIndex]` = items per output (INodeExecutionData arrays). */
function simplifyRunData(runData = {}) {
	const out = {};
	for (const [node, runs] of Object.entries(runData)) {
		out[node] = runs.map((task) => (task.data?.main ?? []).map((items) => items ?? []));
	}
	return out;
}

class N8nRunner {
	/**
	 * @param {object} options
	 * @param {NodeTypes} options.nodeTypes
	 * @param {Array<{id?: string, name?: string, type: string, data: object}>} [options.credentials]
	 * @param {object} [options.hooks] default { nodeExecuteBefore, nodeExecuteAfter } for every run
	 * @param {string} [options.baseUrl] used for n8n's webhook/form/rest URLs (never contacted)
	 */
	constructor({ nodeTypes, credentials = [], hooks = {}, baseUrl = DEFAULT_BASE } = {}) {
		if (!nodeTypes) throw new Error('N8nRunner needs nodeTypes (use createRunner())');
		this.nodeTypes = nodeTypes;
		this.credentialsHelper = new HarnessCredentialsHelper(nodeTypes, credentials);
		this.hooks = hooks;
		this.baseUrl = baseUrl;
		this.nextExecutionId = 1;
		/** Executions run so far: { executionId, mode, status, resumedFrom }. */
		this.history = [];
	}

	// ---------------------------------------------------------------- building blocks

	buildWorkflow(workflowData, { staticData = {}, active = false } = {}) {
		return new Workflow({
			id: workflowData.id,
			name: workflowData.name,
			nodes: plain(workflowData.nodes),
			connections: plain(workflowData.connections),
			active,
			nodeTypes: this.nodeTypes,
			staticData: plain(staticData) ?? {},
			settings: workflowData.settings,
			pinData: workflowData.pinData,
		});
	}

	buildAdditionalData({ executionId, hooks, restartExecutionId, workflowId }) {
		const base = this.baseUrl;
		return {
			credentialsHelper: this.credentialsHelper,
			hooks,
			executionId,
			restartExecutionId,
			workflowId,
			currentNodeExecutionIndex: 0,
			variables: {},
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: `${base}/`,
			formBaseUrl: `${base}/form`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			formTestBaseUrl: `${base}/form-test`,
			webhookBaseUrl: `${base}/webhook`,
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			mcpBaseUrl: `${base}/mcp`,
			mcpTestBaseUrl: `${base}/mcp-test`,
			logAiEvent: () => {},
			setExecutionStatus: () => {},
			sendDataToUI: () => {},
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			executeWorkflow: async () => {
				throw new Error('The harness does not run sub-workflows');
			},
			startRunnerTask: async () => {
				throw new Error('The harness does not run task-runner (Code node) tasks');
			},
		};
	}

	// ---------------------------------------------------------------- executions

	/**
	 * Runs one execution with WorkflowExecute.processRunExecutionData and returns a result.
	 * @private
	 */
	async execute({
		workflowData,
		mode,
		runExecutionData,
		staticData,
		options = {},
		resumedFrom,
		executionId,
	}) {
		executionId = executionId ?? String(this.nextExecutionId++);
		const workflow = this.buildWorkflow(workflowData, { staticData, active: mode !== 'manual' });
		const hooks = new ExecutionLifecycleHooks(mode, executionId, {
			...workflowData,
			active: false,
		});
		const nodeOrder = [];
		const callerHooks = [this.hooks, options.hooks ?? {}];
		const abortAfter = normalizeAbortAfter(options.abortAfter);
		let cancelable;
		let abortedBy;
		let newStaticData;
		const cancel = (reason = 'cancelled by the caller') => {
			if (abortedBy === undefined) abortedBy = reason;
			cancelable?.cancel();
		};
		const info = (nodeName, extra) => ({ executionId, mode, nodeName, cancel, ...extra });

		hooks.addHandler('nodeExecuteBefore', async (nodeName, data) => {
			for (const h of callerHooks)
				await h.nodeExecuteBefore?.(nodeName, info(nodeName, { startedAt: data?.startTime }));
		});
		hooks.addHandler('nodeExecuteAfter', async (nodeName, taskData, executionData) => {
			const runIndex = (executionData?.resultData?.runData?.[nodeName]?.length ?? 1) - 1;
			nodeOrder.push(nodeName);
			const outputs = (taskData?.data?.main ?? []).map((items) => items ?? []);
			const details = info(nodeName, {
				runIndex,
				outputs,
				itemCounts: outputs.map((o) => o.length),
				error: taskData?.error,
				waiting: Boolean(executionData?.waitTill),
			});
			for (const h of callerHooks) await h.nodeExecuteAfter?.(nodeName, details);
			if (abortAfter && abortAfter(nodeName, runIndex))
				cancel(`aborted after node "${nodeName}" (run ${runIndex})`);
		});
		hooks.addHandler('workflowExecuteAfter', async (_run, changed) => {
			if (changed) newStaticData = plain(changed);
		});

		const additionalData = this.buildAdditionalData({
			executionId,
			hooks,
			restartExecutionId: resumedFrom ? executionId : undefined,
			workflowId: workflowData.id,
		});
		const onSignalAbort = () => cancel(options.signal?.reason?.message ?? 'aborted by signal');
		if (options.signal) {
			if (options.signal.aborted) throw new ExecutionAborted('Signal was aborted before the run');
			options.signal.addEventListener('abort', onSignalAbort, { once: true });
		}
		let run;
		try {
			const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
			cancelable = workflowExecute.processRunExecutionData(workflow);
			try {
				run = await cancelable;
			} catch (error) {
				// A crash (abort) may surface as an in-flight request's error (connect ECANCELED under
				// load) instead of a canceled run; either way the process died there.
				if (abortedBy === undefined) throw error;
				run = { status: 'canceled', data: { resultData: { runData: {} } } };
			}
		} finally {
			options.signal?.removeEventListener('abort', onSignalAbort);
		}

		const status = abortedBy !== undefined ? 'canceled' : run.status;
		const result = {
			executionId,
			mode,
			status,
			finished: status === 'success',
			waitTill: run.waitTill ? new Date(run.waitTill) : null,
			error:
				abortedBy !== undefined
					? { name: 'ExecutionAborted', message: abortedBy }
					: summarizeError(run.data?.resultData?.error),
			abortedBy: abortedBy ?? null,
			runData: simplifyRunData(run.data?.resultData?.runData),
			lastNodeExecuted: run.data?.resultData?.lastNodeExecuted,
			nodeOrder,
			resumedFrom: resumedFrom ?? null,
			run,
			// A crash (abort) loses what the execution would have saved at its end.
			staticDataChanged: abortedBy === undefined && newStaticData !== undefined,
			staticData:
				abortedBy === undefined && newStaticData !== undefined && mode !== 'manual'
					? newStaticData
					: (plain(staticData) ?? {}),
			workflowData,
		};
		if (status === 'waiting') {
			// What n8n writes to the executions table; a worker / WaitTracker reloads exactly this.
			result.persisted = serialize({
				executionId,
				mode,
				status: 'waiting',
				waitTill: result.waitTill.toISOString(),
				workflowData,
				data: run.data,
			});
		}
		Object.defineProperty(result, 'items', {
			value: (node, output, run) => outputJson(result, node, output, run),
			enumerable: false,
		});
		this.history.push({ executionId, mode, status, resumedFrom: resumedFrom ?? null });
		return result;
	}

	/**
	 * Like the editor's manual run: mode 'manual'; a poll trigger's poll() runs in manual mode;
	 * static data is never saved.
	 */
	async runManual(workflow, { startNodeName, items, staticData = {}, ...options } = {}) {
		const workflowData = normalizeWorkflowData(workflow);
		const probe = this.buildWorkflow(workflowData, { staticData });
		const startNode = startNodeName ? probe.getNode(startNodeName) : probe.getStartNode();
		if (!startNode)
			throw new Error(`Start node ${startNodeName ? `"${startNodeName}" ` : ''}not found`);
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{
						node: startNode,
						data: { main: [items ? items.map(toItem) : [{ json: {} }]] },
						source: null,
					},
				],
			},
		});
		return await this.execute({
			workflowData,
			mode: 'manual',
			runExecutionData,
			staticData,
			options,
		});
	}

	/**
	 * One production poll of a fresh activation (see ActiveWorkflow for repeated polls in one
	 * process). Returns { emitted: false, ... } for a `null` poll, else the execution result.
	 */
	async runTriggered(
		workflow,
		{
			triggerNodeName,
			staticData = {},
			activation = 'activate',
			durableCursors = false,
			...options
		} = {},
	) {
		const active = this.activate(workflow, { triggerNodeName, staticData, durableCursors });
		return await active.poll({ activation, ...options });
	}

	/** An activated workflow held in memory like n8n's ActiveWorkflowManager does. */
	activate(workflow, { triggerNodeName, staticData = {}, durableCursors = false } = {}) {
		return new ActiveWorkflow(this, normalizeWorkflowData(workflow), {
			triggerNodeName,
			staticData,
			durableCursors,
		});
	}

	/**
	 * Resumes a waiting execution from its persisted JSON like n8n's WaitTracker (same execution
	 * id, same mode, previous IRun.data with waitTill still set).
	 * @param waiting a result with status 'waiting', or its `persisted` string
	 * @param {{ now?: Date|number, early?: boolean, staticData?: object, hooks?: object, abortAfter?: any, signal?: AbortSignal }} [options]
	 */
	async resume(waiting, { now = Date.now(), early = false, staticData, ...options } = {}) {
		const text = typeof waiting === 'string' ? waiting : waiting?.persisted;
		if (!text)
			throw new Error('resume() needs a waiting execution (status "waiting", with .persisted)');
		const stored = deserialize(text);
		const waitTill = new Date(stored.waitTill).getTime();
		const nowMs = now instanceof Date ? now.getTime() : now;
		if (!early && nowMs < waitTill) {
			throw new Error(
				`Execution ${stored.executionId} waits until ${stored.waitTill}; it is not due at ${new Date(nowMs).toISOString()} (pass early: true to force)`,
			);
		}
		return await this.execute({
			workflowData: stored.workflowData,
			mode: stored.mode,
			runExecutionData: stored.data,
			staticData: staticData ?? (typeof waiting === 'object' ? waiting.staticData : {}) ?? {},
			options,
			resumedFrom: stored.executionId,
			executionId: stored.executionId,
		});
	}

	/**
	 * Keeps resuming while the execution is waiting, on a virtual clock.
	 * @param start a result, or a promise of one (e.g. runner.runManual(...))
	 * @param {{ maxResumes?: number, realSleepMaxMs?: number, now?: number, onResume?: Function, hooks?: object }} [options]
	 *   realSleepMaxMs: waits up to this long are really slept (default 0: skip all waits).
	 * @returns the final result, with `resumes` (count), `executions` (all results) and `virtualNow`
	 */
	async runToCompletion(
		start,
		{ maxResumes = 20, realSleepMaxMs = 0, now = Date.now(), onResume, ...options } = {},
	) {
		let result = await start;
		const executions = [result];
		let virtualNow = now;
		let resumes = 0;
		while (result && result.status === 'waiting') {
			if (resumes >= maxResumes) {
				throw new Error(
					`Execution ${result.executionId} still waiting after ${maxResumes} resumes (waitTill ${result.waitTill.toISOString()})`,
				);
			}
			const waitMs = result.waitTill.getTime() - virtualNow;
			if (waitMs > 0 && waitMs <= realSleepMaxMs) await new Promise((r) => setTimeout(r, waitMs));
			virtualNow = Math.max(virtualNow, result.waitTill.getTime());
			await onResume?.(result, new Date(virtualNow));
			result = await this.resume(result, { now: virtualNow, ...options });
			executions.push(result);
			resumes++;
		}
		return Object.assign(result, { resumes, executions, virtualNow: new Date(virtualNow) });
	}

	/** Credential store access for tests (tokens written by preAuthentication, counters). */
	get credentials() {
		return this.credentialsHelper;
	}
}

/**
 * An activated workflow: one in-memory Workflow whose static data survives between polls (as in
 * a running n8n), while `persistedStaticData` is what the database holds (survives a restart).
 */
class ActiveWorkflow {
	constructor(runner, workflowData, { triggerNodeName, staticData, durableCursors }) {
		this.runner = runner;
		this.workflowData = workflowData;
		this.durableCursors = durableCursors;
		this.persistedStaticData = plain(staticData) ?? {};
		this.workflow = runner.buildWorkflow(workflowData, { staticData, active: true });
		this.trigger = triggerNodeName
			? this.workflow.getNode(triggerNodeName)
			: findPollTrigger(this.workflow);
		if (!this.trigger)
			throw new Error(
				`Poll trigger ${triggerNodeName ? `"${triggerNodeName}" ` : ''}not found in the workflow`,
			);
		this.polls = 0;
	}

	/** Static data as the running process sees it (including unsaved changes of null polls). */
	get memoryStaticData() {
		return plain(this.workflow.staticData);
	}

	saveStaticData() {
		// WorkflowStaticDataService.saveStaticData: only when the observable says it changed.
		if (this.workflow.staticData.__dataChanged === true) {
			this.persistedStaticData = plain(this.workflow.staticData);
			this.workflow.staticData.__dataChanged = false;
		}
	}

	/**
	 * One poll as n8n's PollTriggerExecutor runs it. activation 'activate' = the poll at
	 * activation (a throw rejects); 'none' = a scheduled poll (a throw is returned as an error).
	 */
	async poll({ activation = 'none', ...options } = {}) {
		const { PollTriggerExecutor } = require('n8n-core');
		this.polls++;
		let emitted = null;
		let emitError = null;
		const additionalData = this.runner.buildAdditionalData({
			hooks: undefined,
			workflowId: this.workflowData.id,
		});
		const context = new PollContext(
			this.workflow,
			this.trigger,
			additionalData,
			'trigger',
			activation,
			(data) => {
				emitted = data;
				this.saveStaticData();
			},
			(error) => {
				emitError = error;
			},
		);
		const executor = Container.get(PollTriggerExecutor).create(
			this.workflow,
			this.trigger,
			context,
			() => true,
		);
		await executor(activation === 'activate');
		if (emitError) {
			return {
				emitted: false,
				status: 'error',
				pollError: true,
				error: summarizeError(emitError),
				staticData: this.persistedStaticData,
				memoryStaticData: this.memoryStaticData,
			};
		}
		if (emitted === null) {
			if (this.durableCursors) this.saveStaticData();
			return {
				emitted: false,
				status: null,
				runData: {},
				staticData: this.persistedStaticData,
				memoryStaticData: this.memoryStaticData,
			};
		}
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: plain(this.trigger), data: { main: emitted }, source: null }],
			},
		});
		const result = await this.runner.execute({
			workflowData: this.workflowData,
			mode: 'trigger',
			runExecutionData,
			staticData: this.persistedStaticData,
			options,
		});
		if (result.staticDataChanged) this.persistedStaticData = result.staticData;
		return Object.assign(result, {
			emitted: true,
			emittedItems: emitted,
			staticData: this.persistedStaticData,
			memoryStaticData: this.memoryStaticData,
		});
	}
}

function findPollTrigger(workflow) {
	return Object.values(workflow.nodes).find((node) => {
		try {
			return Boolean(workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).poll);
		} catch {
			return false;
		}
	});
}

function toItem(item) {
	return item && typeof item === 'object' && 'json' in item ? item : { json: item ?? {} };
}

/** 'Node' | { node, runIndex? } | (nodeName, runIndex) => boolean */
function normalizeAbortAfter(spec) {
	if (!spec) return undefined;
	if (typeof spec === 'function') return spec;
	if (typeof spec === 'string') return (name) => name === spec;
	return (name, runIndex) =>
		name === spec.node && (spec.runIndex === undefined || spec.runIndex === runIndex);
}

/**
 * Loads packages and base nodes, and returns a runner.
 * @param {{ packageDirs?: string[], packageDir?: string, baseNodes?: string[], credentials?: any[], hooks?: object }} options
 */
async function createRunner({
	packageDir,
	packageDirs = [],
	baseNodes,
	credentials = [],
	hooks,
	baseUrl,
} = {}) {
	const nodeTypes = new NodeTypes();
	for (const dir of [...(packageDir ? [packageDir] : []), ...packageDirs])
		await nodeTypes.loadPackage(dir);
	nodeTypes.loadBaseNodes(baseNodes);
	return new N8nRunner({ nodeTypes, credentials, hooks, baseUrl });
}

module.exports = {
	createRunner,
	N8nRunner,
	ActiveWorkflow,
	NodeTypes,
	ExecutionAborted,
	outputJson,
	serialize,
	deserialize,
};
