'use strict';
const path = require('node:path');
const { createRunner, deserialize } = require('../harness/n8n-runner');
const { startFixtureApi } = require('./fixture-api');

const PACKAGE_DIR = path.join(__dirname, '../fixtures/harness-package');
const WORKFLOW = require('../fixtures/harness-package/workflow.json');
const PKG = 'n8n-nodes-harness-fixture';
const API_KEY = 'key-123';

let api;

async function setup({ items, jobs, tokenData = {}, hooks } = {}) {
	api = await startFixtureApi({
		apiKey: API_KEY,
		items: items ?? [
			{ id: 1, job: 'j1' },
			{ id: 2, job: 'j2' },
		],
		jobs: jobs ?? { j1: {}, j2: { pendingPolls: 1 } },
	});
	return await createRunner({
		packageDir: PACKAGE_DIR,
		hooks,
		credentials: [
			{
				id: 'k1',
				name: 'Harness Key',
				type: 'harnessKeyApi',
				data: { baseUrl: api.baseUrl, apiKey: API_KEY },
			},
			{
				id: 't1',
				name: 'Harness Token',
				type: 'harnessTokenApi',
				data: { baseUrl: api.baseUrl, apiKey: API_KEY, ...tokenData },
			},
		],
	});
}

afterEach(async () => {
	await api?.close();
	api = undefined;
});

const jsonOf = (items) => items.map((i) => i.json);

describe('loading a community package', () => {
	test('registers nodes as <package>.<name>, credentials, base nodes, and pollTimes', async () => {
		const runner = await setup();
		const types = Object.keys(runner.nodeTypes.nodeTypes);
		expect(types).toEqual(
			expect.arrayContaining([
				`${PKG}.harnessPollTrigger`,
				`${PKG}.harnessStatus`,
				'n8n-nodes-base.wait',
				'n8n-nodes-base.stickyNote',
				'n8n-nodes-base.noOp',
				'n8n-nodes-base.manualTrigger',
			]),
		);
		expect(types).not.toContain('CUSTOM.harnessStatus');
		expect(runner.nodeTypes.hasCredentialType('harnessTokenApi')).toBe(true);
		const trigger = runner.nodeTypes.getByNameAndVersion(`${PKG}.harnessPollTrigger`, 1);
		// The loader prepends n8n's pollTimes parameter, like a real install.
		expect(trigger.description.properties[0].name).toBe('pollTimes');
	});

	test('an unknown node type fails the run with n8n-like wording', async () => {
		const runner = await setup();
		const wf = {
			...WORKFLOW,
			nodes: WORKFLOW.nodes.map((n) =>
				n.name === 'Job Status' ? { ...n, type: 'CUSTOM.harnessStatus' } : n,
			),
		};
		await expect(runner.runManual(wf)).rejects.toThrow(
			/Unrecognized node type: CUSTOM\.harnessStatus/,
		);
	});
});

describe('credentials', () => {
	test('generic and function authenticate reach the server; preAuthentication runs once when the token is empty', async () => {
		const runner = await setup({ jobs: { j1: {}, j2: {} } });
		const result = await runner.runTriggered(WORKFLOW);
		expect(result.status).toBe('success');

		const [list] = api.requestsTo('/items');
		expect(list.headers['x-api-key']).toBe(API_KEY);
		// `=t-{{$credentials["baseUrl"] ? "x" : "y"}}` went through n8n's expression engine.
		expect(list.query.tenant).toBe('t-x');

		const jobCalls = api.requestsTo('/jobs');
		expect(jobCalls).toHaveLength(2);
		for (const call of jobCalls) expect(call.headers.authorization).toBe('Bearer tok-1');
		expect(api.requestsTo('/token')).toHaveLength(1);
		expect(runner.credentials.counters.preAuthentication).toBe(1);
		// Stored back like n8n persists it: the next run reuses it without a token call.
		expect(runner.credentials.getData('harnessTokenApi', 't1').accessToken).toBe('tok-1');

		await runner.runManual(WORKFLOW, { startNodeName: 'Job Status', items: [{ job: 'j1' }] });
		expect(api.requestsTo('/token')).toHaveLength(1);
		expect(runner.credentials.counters.preAuthentication).toBe(1);
	});

	test('a 401 re-runs preAuthentication once and retries with the new token', async () => {
		const runner = await setup({ jobs: { j1: {} } });
		await runner.runManual(WORKFLOW, { startNodeName: 'Job Status', items: [{ job: 'j1' }] });
		api.expireTokens();

		const result = await runner.runManual(WORKFLOW, {
			startNodeName: 'Job Status',
			items: [{ job: 'j1' }],
		});
		expect(result.status).toBe('success');
		expect(runner.credentials.counters.preAuthentication).toBe(2);
		const calls = api.requestsTo('/jobs');
		expect(calls.map((c) => c.headers.authorization)).toEqual([
			'Bearer tok-1',
			'Bearer tok-1',
			'Bearer tok-2',
		]);
		expect(runner.credentials.getData('harnessTokenApi', 't1').accessToken).toBe('tok-2');
		expect(jsonOf(result.runData['Job Status'][0][0])).toEqual([
			{ job: 'j1', status: 'DONE', attempt: 1 },
		]);
	});

	test('without 401 among the retry status codes the 401 surfaces as an error', async () => {
		const runner = await setup({ jobs: { j1: {} }, tokenData: { accessToken: 'stale' } });
		const wf = {
			...WORKFLOW,
			nodes: WORKFLOW.nodes.map((n) =>
				n.name === 'Job Status'
					? { ...n, parameters: { ...n.parameters, retryStatuses: '403' } }
					: n,
			),
		};
		const result = await runner.runManual(wf, {
			startNodeName: 'Job Status',
			items: [{ job: 'j1' }],
		});
		expect(result.status).toBe('error');
		expect(result.error.node).toBe('Job Status');
		expect(result.error.httpCode).toBe('401');
		// The raw error (with request options) is kept for debugging but never serialised.
		expect(result.error.cause).toBeDefined();
		expect(JSON.stringify(result.error)).not.toContain('stale');
		expect(runner.credentials.counters.preAuthentication).toBe(0);
		expect(api.requestsTo('/token')).toHaveLength(0);
	});
});

describe('poll trigger in production mode', () => {
	test('emits, saves static data at emit, then a null poll runs nothing and saves nothing', async () => {
		const runner = await setup({ jobs: { j1: {}, j2: {} } });
		const active = runner.activate(WORKFLOW);
		const first = await active.poll({ activation: 'activate' });
		expect(first.emitted).toBe(true);
		expect(first.mode).toBe('trigger');
		expect(first.status).toBe('success');
		expect(jsonOf(first.runData['Poll Jobs'][0][0]).map((j) => j.id)).toEqual([1, 2]);
		expect(first.staticData['node:Poll Jobs']).toEqual({ seen: ['1', '2'], pollCount: 1 });

		const executionsBefore = runner.history.length;
		const second = await active.poll();
		expect(second.emitted).toBe(false);
		expect(runner.history).toHaveLength(executionsBefore);
		// The null poll bumped pollCount in memory only; the database keeps the emit-time value.
		expect(second.memoryStaticData['node:Poll Jobs'].pollCount).toBe(2);
		expect(second.staticData['node:Poll Jobs'].pollCount).toBe(1);
		expect(active.persistedStaticData).toEqual(first.staticData);

		// Restart: a fresh activation from the saved static data does not re-emit.
		const restarted = await runner.runTriggered(WORKFLOW, {
			staticData: active.persistedStaticData,
		});
		expect(restarted.emitted).toBe(false);

		// A new item is emitted alone.
		api.state.items.push({ id: 3, job: 'j1' });
		const third = await runner.runTriggered(WORKFLOW, {
			staticData: active.persistedStaticData,
			activation: 'none',
		});
		expect(third.emitted).toBe(true);
		expect(jsonOf(third.emittedItems[0]).map((j) => j.id)).toEqual([3]);
		expect(third.staticData['node:Poll Jobs'].seen).toEqual(['1', '2', '3']);
	});

	test('durableCursors saves a null poll too', async () => {
		const runner = await setup({ jobs: { j1: {}, j2: {} } });
		const active = runner.activate(WORKFLOW, { durableCursors: true });
		await active.poll();
		const idle = await active.poll();
		expect(idle.emitted).toBe(false);
		expect(idle.staticData['node:Poll Jobs'].pollCount).toBe(2);
	});

	test('a throwing activation poll rejects; a scheduled one reports a poll error', async () => {
		const runner = await setup();
		api.state.apiKey = 'rotated';
		await expect(runner.runTriggered(WORKFLOW)).rejects.toThrow();
		const scheduled = await runner.runTriggered(WORKFLOW, { activation: 'none' });
		expect(scheduled).toMatchObject({ emitted: false, status: 'error', pollError: true });
		expect(runner.history).toHaveLength(0);
	});
});

describe('persisted waits', () => {
	test('Pending → Wait (2 min) → Status completes through a JSON round-trip resume', async () => {
		const runner = await setup();
		const start = Date.now();
		const waiting = await runner.runTriggered(WORKFLOW);
		expect(waiting.status).toBe('waiting');
		expect(waiting.waitTill.getTime()).toBeGreaterThanOrEqual(start + 2 * 60 * 1000 - 1000);
		expect(jsonOf(waiting.runData['Job Status'][0][0])).toEqual([
			{ id: 1, job: 'j1', status: 'DONE', attempt: 1 },
		]);
		expect(jsonOf(waiting.runData['Job Status'][0][1])).toEqual([
			{ id: 2, job: 'j2', status: 'PENDING', attempt: 1 },
		]);

		// What n8n stores is plain text; the resume only gets that text (like a queue-mode worker).
		expect(typeof waiting.persisted).toBe('string');
		const stored = deserialize(waiting.persisted);
		expect(stored).toMatchObject({
			status: 'waiting',
			mode: 'trigger',
			executionId: waiting.executionId,
		});
		expect(stored.data.executionData.nodeExecutionStack[0].node.name).toBe('Wait');

		await expect(runner.resume(waiting.persisted, { now: start })).rejects.toThrow(/not due/);

		const done = await runner.resume(waiting.persisted, { now: waiting.waitTill });
		expect(done.status).toBe('success');
		expect(done.executionId).toBe(waiting.executionId);
		expect(done.resumedFrom).toBe(waiting.executionId);
		expect(done.nodeOrder).toEqual(['Wait', 'Job Status']);
		const statusRuns = done.runData['Job Status'];
		expect(statusRuns).toHaveLength(2);
		expect(jsonOf(statusRuns[1][0])).toEqual([{ id: 2, job: 'j2', status: 'DONE', attempt: 2 }]);
		expect(statusRuns[1][1]).toEqual([]);
		// The Wait node is not executed again on resume: one run, input passed on output 0.
		expect(done.runData.Wait).toHaveLength(1);
		expect(jsonOf(done.runData.Wait[0][0])).toEqual([
			{ id: 2, job: 'j2', status: 'PENDING', attempt: 1 },
		]);
		expect(api.requestsTo('/jobs/j2')).toHaveLength(2);
		expect(api.requestsTo('/token')).toHaveLength(1);
	});

	test('runToCompletion resumes repeatedly on a virtual clock, bounded by maxResumes', async () => {
		const runner = await setup({ jobs: { j1: { pendingPolls: 3 }, j2: {} } });
		const final = await runner.runToCompletion(runner.runTriggered(WORKFLOW));
		expect(final.status).toBe('success');
		expect(final.resumes).toBe(3);
		expect(final.executions.map((e) => e.status)).toEqual([
			'waiting',
			'waiting',
			'waiting',
			'success',
		]);
		expect(final.items('Job Status', 0)).toEqual([
			{ id: 1, job: 'j1', status: 'DONE', attempt: 4 },
		]);
		expect(final.items('Job Status', 1, 0)).toEqual([
			{ id: 1, job: 'j1', status: 'PENDING', attempt: 1 },
		]);

		await api.close();
		const runner2 = await setup({ jobs: { j1: { pendingPolls: 10 }, j2: {} } });
		await expect(
			runner2.runToCompletion(runner2.runTriggered(WORKFLOW), { maxResumes: 2 }),
		).rejects.toThrow(/still waiting after 2 resumes/);
	});
});

describe('manual mode', () => {
	test('polls in manual mode (one sample item), runs downstream, never saves static data', async () => {
		const runner = await setup({ jobs: { j1: {}, j2: {} } });
		const result = await runner.runManual(WORKFLOW, {
			staticData: { 'node:Poll Jobs': { seen: ['9'] } },
		});
		expect(result.mode).toBe('manual');
		expect(result.status).toBe('success');
		expect(jsonOf(result.runData['Poll Jobs'][0][0])).toEqual([{ id: 1, job: 'j1' }]);
		expect(jsonOf(result.runData['Job Status'][0][0])).toEqual([
			{ id: 1, job: 'j1', status: 'DONE', attempt: 1 },
		]);
		expect(result.staticData).toEqual({ 'node:Poll Jobs': { seen: ['9'] } });
	});
});

describe('manual mode with a persisted wait', () => {
	test('a manual run that waits resumes in manual mode and still saves no static data', async () => {
		const runner = await setup({
			items: [{ id: 7, job: 'j7' }],
			jobs: { j7: { pendingPolls: 1 } },
		});
		const final = await runner.runToCompletion(runner.runManual(WORKFLOW));
		expect(final.executions.map((e) => [e.mode, e.status])).toEqual([
			['manual', 'waiting'],
			['manual', 'success'],
		]);
		expect(final.items('Job Status')).toEqual([{ id: 7, job: 'j7', status: 'DONE', attempt: 2 }]);
		expect(final.staticData).toEqual({});
	});
});

describe('hooks and aborts', () => {
	test('per-node hooks see every node in order with item counts', async () => {
		const seen = [];
		const runner = await setup({
			jobs: { j1: {}, j2: {} },
			hooks: {
				nodeExecuteAfter: (name, info) =>
					seen.push(`${name}#${info.runIndex}:${info.itemCounts.join('/')}`),
			},
		});
		await runner.runTriggered(WORKFLOW);
		expect(seen).toEqual(['Poll Jobs#0:2', 'Job Status#0:2/0']);
	});

	test('abortAfter stops at the step boundary like a crash: nothing after it runs, static data only from the emit', async () => {
		const runner = await setup();
		const crashed = await runner.runTriggered(WORKFLOW, { abortAfter: 'Poll Jobs' });
		expect(crashed.status).toBe('canceled');
		expect(crashed.abortedBy).toMatch(/Poll Jobs/);
		expect(Object.keys(crashed.runData)).toEqual(['Poll Jobs']);
		expect(api.requestsTo('/jobs')).toHaveLength(0);
		expect(crashed.staticData['node:Poll Jobs'].seen).toEqual(['1', '2']);

		// Abort on the second run of a node (after the resume) via a hook's cancel().
		const waiting = await runner.runTriggered(WORKFLOW, { staticData: {} });
		const resumed = await runner.resume(waiting, {
			now: waiting.waitTill,
			hooks: {
				nodeExecuteAfter: (name, info) => name === 'Wait' && info.cancel('crash after wait'),
			},
		});
		expect(resumed.status).toBe('canceled');
		expect(resumed.abortedBy).toBe('crash after wait');
		expect(resumed.runData['Job Status']).toHaveLength(1);
	});

	test('an AbortSignal cancels a running execution', async () => {
		const runner = await setup({ jobs: { j1: {}, j2: {} } });
		const controller = new AbortController();
		const result = await runner.runTriggered(WORKFLOW, {
			signal: controller.signal,
			hooks: {
				nodeExecuteBefore: (name) => name === 'Job Status' && controller.abort(new Error('stop')),
			},
		});
		expect(result.status).toBe('canceled');
		expect(result.abortedBy).toBe('stop');
		expect(api.requestsTo('/jobs')).toHaveLength(0);
	});
});
