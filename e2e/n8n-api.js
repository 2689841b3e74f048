'use strict';

/**
 * Talks to a running n8n the way a user or an integration would: the CLI for imports, the
 * internal REST API (owner login, API key, manual runs) and the public API (executions with
 * data, activation). Node's global fetch only, no extra dependency.
 */
const fs = require('node:fs');
const path = require('node:path');

const BROWSER_ID = 'e2e-browser-0001';

class N8nApiError extends Error {
	constructor(message, { status, body } = {}) {
		super(message);
		this.name = 'N8nApiError';
		this.status = status;
		this.body = body;
	}
}

class N8nClient {
	/** @param {string} baseUrl e.g. http://127.0.0.1:5680 */
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookie = '';
		this.apiKey = '';
	}

	async request(method, url, { body, headers = {}, expect = [200, 201, 204] } = {}) {
		const res = await fetch(`${this.baseUrl}${url}`, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60000),
		});
		const text = await res.text();
		let parsed = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// keep text (HTML error pages, plain messages)
		}
		if (!expect.includes(res.status)) {
			throw new N8nApiError(`${method} ${url} → ${res.status}: ${String(text).slice(0, 500)}`, {
				status: res.status,
				body: parsed,
			});
		}
		return { status: res.status, body: parsed, headers: res.headers };
	}

	/** Internal REST API (/rest), authenticated by the login cookie bound to the browser id. */
	rest(method, url, body, options = {}) {
		return this.request(method, `/rest${url}`, {
			body,
			headers: { 'browser-id': BROWSER_ID, ...(this.cookie ? { cookie: this.cookie } : {}) },
			...options,
		}).then((r) => (r.body && r.body.data !== undefined ? r.body.data : r.body));
	}

	/** Public API (/api/v1), authenticated by X-N8N-API-KEY. */
	api(method, url, body, options = {}) {
		if (!this.apiKey) throw new Error('No API key: call createApiKey() after login()');
		return this.request(method, `/api/v1${url}`, {
			body,
			headers: { 'x-n8n-api-key': this.apiKey },
			...options,
		}).then((r) => r.body);
	}

	async login(email, password) {
		const res = await this.request('POST', '/rest/login', {
			body: { emailOrLdapLoginId: email, password },
			headers: { 'browser-id': BROWSER_ID },
		});
		const setCookie = res.headers.getSetCookie ? res.headers.getSetCookie() : [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (!auth) throw new N8nApiError('POST /rest/login set no n8n-auth cookie', res);
		this.cookie = auth;
		return res.body && res.body.data;
	}

	/** Creates an API key with every scope the instance offers, and uses it from now on. */
	async createApiKey(label = `e2e-${Date.now()}`) {
		let scopes;
		try {
			scopes = await this.rest('GET', '/api-keys/scopes');
		} catch {
			scopes = ['workflow:read', 'workflow:list', 'execution:read', 'execution:list'];
		}
		const data = await this.rest('POST', '/api-keys', { label, scopes, expiresAt: null });
		this.apiKey = data.rawApiKey || data.apiKey;
		if (!this.apiKey) throw new N8nApiError('POST /rest/api-keys returned no key', { body: data });
		return { apiKey: this.apiKey, scopes };
	}

	/**
	 * Runs a saved workflow like the editor's "Execute workflow" (mode `manual`); works with poll
	 * triggers, which `n8n execute` cannot start. Returns the execution id.
	 */
	async runWorkflow(workflowId, triggerName) {
		const workflowData = await this.rest('GET', `/workflows/${workflowId}`);
		const data = await this.rest('POST', `/workflows/${workflowId}/run`, {
			workflowData,
			...(triggerName ? { triggerToStartFrom: { name: triggerName } } : {}),
		});
		const id = data && (data.executionId || (data.data && data.data.executionId));
		if (!id) {
			throw new N8nApiError(`run of workflow ${workflowId} returned no execution id`, {
				body: data,
			});
		}
		return String(id);
	}

	getExecution(id, { includeData = true } = {}) {
		return this.api('GET', `/executions/${id}?includeData=${includeData}`);
	}

	/** All executions of a workflow (follows the cursor). */
	async listExecutions({ workflowId, status, includeData = false } = {}) {
		const out = [];
		let cursor = '';
		do {
			const q = new URLSearchParams({ limit: '100', includeData: String(includeData) });
			if (workflowId) q.set('workflowId', workflowId);
			if (status) q.set('status', status);
			if (cursor) q.set('cursor', cursor);
			const page = await this.api('GET', `/executions?${q}`);
			out.push(...page.data);
			cursor = page.nextCursor || '';
		} while (cursor);
		return out;
	}

	/**
	 * Polls an execution until it reaches one of `until` (default: a final status). `onStatus` is
	 * called whenever the status changes (progress output for long waits).
	 */
	async waitForExecution(
		id,
		{
			until = ['success', 'error', 'crashed', 'canceled'],
			timeoutMs = 300000,
			pollMs = 1000,
			onStatus,
		} = {},
	) {
		const started = Date.now();
		let last = '';
		for (;;) {
			const exec = await this.getExecution(id, { includeData: false });
			if (exec.status !== last) {
				last = exec.status;
				if (onStatus) onStatus(exec.status, Date.now() - started, exec);
			}
			if (until.includes(exec.status)) return this.getExecution(id, { includeData: true });
			if (Date.now() - started > timeoutMs) {
				throw new N8nApiError(
					`execution ${id} still "${exec.status}" after ${timeoutMs / 1000} s (waitTill ${exec.waitTill || '-'})`,
				);
			}
			await new Promise((r) => setTimeout(r, pollMs));
		}
	}

	activateWorkflow(id) {
		return this.api('POST', `/workflows/${id}/activate`);
	}

	deactivateWorkflow(id) {
		return this.api('POST', `/workflows/${id}/deactivate`);
	}

	getWorkflow(id) {
		return this.api('GET', `/workflows/${id}`);
	}

	/** Node types the running instance serves to the editor (needs the login cookie). */
	async nodeTypes() {
		return this.editorJson('/types/nodes.json');
	}

	/** Credential types the running instance serves to the editor. */
	async credentialTypes() {
		return this.editorJson('/types/credentials.json');
	}

	async editorJson(url) {
		const res = await this.request('GET', url, {
			headers: { 'browser-id': BROWSER_ID, ...(this.cookie ? { cookie: this.cookie } : {}) },
		});
		return res.body;
	}
}

/**
 * `n8n import:credentials`: `credentials` is [{ id, name, type, data }] with plain data; n8n
 * encrypts it with the instance key on import.
 */
async function importCredentials(n8n, credentials) {
	const file = path.join(n8n.runDir, 'import-credentials.json');
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
	return n8n.cli(['import:credentials', `--input=${file}`]);
}

/** `n8n import:workflow` of one workflow object (must carry an `id`). */
async function importWorkflow(n8n, workflow) {
	if (!workflow.id) throw new Error('importWorkflow: give the workflow an id so it can be found');
	const file = path.join(n8n.runDir, `import-workflow-${workflow.id}.json`);
	fs.writeFileSync(file, JSON.stringify(workflow, null, 2));
	return n8n.cli(['import:workflow', `--input=${file}`]);
}

/**
 * A workflow file as a user has it after importing it: `id` set, inactive, no pinned or static
 * data, every node's credential picked from `credentials` ({ [type]: { id, name } }).
 */
function loadWorkflowFile(file, { id, credentials }) {
	const wf = JSON.parse(fs.readFileSync(file, 'utf8'));
	delete wf.pinData;
	delete wf.staticData;
	wf.id = id;
	wf.active = false;
	for (const node of wf.nodes) {
		for (const type of Object.keys(node.credentials || {})) {
			if (!credentials[type]) throw new Error(`${file}: unknown credential type ${type}`);
			node.credentials[type] = { ...credentials[type] };
		}
	}
	return wf;
}

/**
 * The NetSuite and Amazon credentials a workflow names (`credentials`: { [type]: { id, name } })
 * with the emulators' data, for importCredentials.
 */
function emulatorCredentialRecords(credentials, emulators) {
	return ['netSuiteApi', 'amazonSpApi'].map((type) => ({
		...credentials[type],
		type,
		data: emulators.credentials[type],
	}));
}

/** `n8n export:nodes`: every node type the instance loads, as n8n's CLI sees it. */
async function exportNodes(n8n) {
	const file = path.join(n8n.runDir, 'nodes.json');
	await n8n.cli(['export:nodes', `--output=${file}`]);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** `n8n publish:workflow` (2.x draft/publish model): activates on the next start. */
function publishWorkflow(n8n, id) {
	return n8n.cli(['publish:workflow', `--id=${id}`]);
}

/**
 * Node run data of a finished execution, per node name: [{ status, items per output }].
 * Accepts what the public API returns with includeData=true.
 */
function runDataOf(execution) {
	const runData =
		execution && execution.data && execution.data.resultData
			? execution.data.resultData.runData || {}
			: {};
	const out = {};
	for (const [name, runs] of Object.entries(runData)) {
		out[name] = runs.map((run) => ({
			status: run.executionStatus,
			error: run.error,
			outputs: ((run.data && run.data.main) || []).map((items) => (items || []).map((i) => i.json)),
		}));
	}
	return out;
}

module.exports = {
	N8nClient,
	N8nApiError,
	importCredentials,
	importWorkflow,
	loadWorkflowFile,
	emulatorCredentialRecords,
	exportNodes,
	publishWorkflow,
	runDataOf,
	BROWSER_ID,
};
