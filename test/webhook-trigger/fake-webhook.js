'use strict';
/**
 * A minimal IWebhookFunctions for running the webhook trigger node class in-process, as
 * test/trigger/fake-poll.js does for the poll trigger: parameters from the description's defaults or
 * the test; the request carries the raw bytes as sent (or none yet, so the node must read them); the
 * response object records what the node answered itself, and when (before or after its NetSuite read),
 * and refuses a second answer as express does; NetSuite HTTP goes through fetch after the
 * real NetSuite credential's `authenticate` signed it. `receive()` says what n8n would do with the
 * node's result: start an execution (workflowData) or not, and with which HTTP answer.
 */
const { createHmac } = require('node:crypto');
const { ObservableObject } = require('n8n-workflow');
const { sendWithFetch } = require('../support/fetch-http');
const { authenticateNetSuite } = require('../../credentials/NetSuiteApi.credentials');
const {
	NetSuiteFulfillmentWebhookTrigger,
} = require('../../nodes/NetSuiteFulfillmentWebhookTrigger/NetSuiteFulfillmentWebhookTrigger.node');

const SIGNING_CREDENTIAL = 'netSuiteNoticeSigningApi';
const SECRET = 'c0ffee-notice-secret-4d2a9f7e1b3c5a6d8e0f2b4c6d8e0a1b3c5d7e9f';

function defaultsOf(description) {
	const out = {};
	for (const p of description.properties) if (p.type !== 'notice') out[p.name] = p.default;
	return out;
}

/** A notice as the User Event script sends it (ISSUE18 contract), signed with `secret`. */
function notice(fulfillmentId, options = {}) {
	const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
	const body =
		options.rawBody ??
		JSON.stringify({
			type: 'itemfulfillment.shipped',
			fulfillmentId,
			event: options.event ?? 'ship',
			lastModified: '2026-11-19T15:00:00.000Z',
			sentAt: new Date(timestamp * 1000).toISOString(),
			account: '1234567_SB1',
		});
	const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	const hex = createHmac('sha256', Buffer.from(options.secret ?? SECRET, 'utf8'))
		.update(`${timestamp}.`)
		.update(rawBody)
		.digest('hex');
	const headers = {
		'content-type': 'application/json',
		'content-length': String(rawBody.length),
		'x-netsuite-notice-timestamp': String(timestamp),
		'x-netsuite-notice-signature': `v1=${hex}`,
	};
	return { rawBody, headers };
}

/**
 * @param {{ parameters?: object, credentials: object, secret?: string, mode?: 'webhook'|'manual',
 *   staticData?: object, timezone?: string, httpDelayMs?: number }} options
 */
function fakeWebhook({
	parameters = {},
	credentials,
	secret = SECRET,
	mode = 'webhook',
	staticData,
	timezone = 'UTC',
	httpDelayMs = 0,
}) {
	const node = new NetSuiteFulfillmentWebhookTrigger();
	const defaults = defaultsOf(node.description);
	const workflowStaticData = ObservableObject.create({ node: staticData ?? {} });
	const requests = [];
	const logs = [];
	const get = (name) => {
		const [head, ...rest] = name.split('.');
		let value = Object.prototype.hasOwnProperty.call(parameters, head)
			? parameters[head]
			: defaults[head];
		for (const key of rest) value = value == null ? undefined : value[key];
		return value;
	};

	async function receive({ rawBody, headers, preRead = true }) {
		const res = { statusCode: undefined, body: undefined, ended: false };
		// When the node answered: how many NetSuite requests it had made by then, and at what time.
		const answered = { requests: undefined, atMs: undefined };
		const finish = (body) => {
			// Express refuses a second answer (ERR_HTTP_HEADERS_SENT); so does this fake.
			if (res.ended) throw new Error('Cannot set headers after they are sent to the client');
			res.body = body;
			res.ended = true;
			answered.requests = requests.length;
			answered.atMs = Date.now();
			return response;
		};
		const response = {
			status(code) {
				res.statusCode = code;
				return response;
			},
			json: (body) => finish(body),
			send: (body) => finish(body),
			end: () => finish(undefined),
			setHeader() {
				if (res.ended) throw new Error('Cannot set headers after they are sent to the client');
			},
			get headersSent() {
				return res.ended;
			},
		};
		// n8n fills rawBody before webhook() for a JSON request; the node must cope when it has not.
		const request = {
			method: 'POST',
			headers: { ...headers },
			rawBody: preRead ? rawBody : undefined,
			async readRawBody() {
				request.rawBody = rawBody;
			},
			body: (() => {
				try {
					return JSON.parse(rawBody.toString('utf8'));
				} catch {
					return {};
				}
			})(),
		};
		const context = {
			getMode: () => mode,
			getTimezone: () => timezone,
			getNode: () => ({
				id: 'w1',
				name: 'NetSuite Fulfillment Webhook Trigger',
				type: 'n8n-nodes-netsuite-amazon-fulfillment.netSuiteFulfillmentWebhookTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
				webhookId: '6f0c1a52-9a1e-4d37-9a55-0d0c2b1f3e11',
			}),
			getWebhookName: () => 'default',
			getRequestObject: () => request,
			getResponseObject: () => response,
			getHeaderData: () => request.headers,
			getBodyData: () => request.body,
			getQueryData: () => ({}),
			getParamsData: () => ({}),
			getWorkflowStaticData: (type) => {
				if (type !== 'node') throw new Error('the trigger must use node static data');
				return workflowStaticData.node;
			},
			getCredentials: async (type) => {
				if (type === 'netSuiteApi') return { ...credentials };
				if (type === SIGNING_CREDENTIAL) return { secret };
				throw new Error(`unexpected credential ${type}`);
			},
			getNodeParameter(name, fallback, options) {
				let value = get(name);
				if (options?.extractValue && value && typeof value === 'object' && 'value' in value)
					value = value.value;
				return value === undefined ? fallback : value;
			},
			logger: {
				debug: (m) => logs.push(['debug', m]),
				info: (m) => logs.push(['info', m]),
				warn: (m) => logs.push(['warn', m]),
				error: (m) => logs.push(['error', m]),
			},
			helpers: {
				returnJsonArray: (items) =>
					(Array.isArray(items) ? items : [items]).map((json) => ({ json })),
				async httpRequestWithAuthentication(type, options) {
					if (type !== 'netSuiteApi') throw new Error(`unexpected credential ${type}`);
					const signed = await authenticateNetSuite(credentials, options);
					requests.push({ method: signed.method, url: signed.url, body: signed.body });
					if (httpDelayMs) await new Promise((r) => setTimeout(r, httpDelayMs));
					return await sendWithFetch(signed);
				},
			},
		};
		const startedAtMs = Date.now();
		const timing = () => ({
			answeredAfterMs: answered.atMs === undefined ? undefined : answered.atMs - startedAtMs,
			requestsBeforeAnswer: answered.requests,
			tookMs: Date.now() - startedAtMs,
		});
		let result;
		try {
			result = await node.webhook.call(context);
		} catch (error) {
			// n8n records a failed execution, and answers with an error unless the node already had.
			return {
				thrown: error,
				started: false,
				items: undefined,
				status: res.ended ? res.statusCode : 500,
				body: res.ended ? res.body : undefined,
				...timing(),
			};
		}
		const items = result.workflowData ? result.workflowData[0] : undefined;
		if (result.noWebhookResponse) {
			if (!res.ended) throw new Error('noWebhookResponse, but the node never answered');
			const { statusCode: status, body } = res;
			return { result, started: Boolean(items), items, status, body, ...timing() };
		}
		if (res.ended) throw new Error('the node answered itself without noWebhookResponse');
		// onReceived: the node's webhookResponse, else n8n's own message, with status 200.
		const body =
			result.webhookResponse ??
			(items ? { message: 'Workflow was started' } : { message: 'Webhook call received' });
		return { result, started: Boolean(items), items, status: 200, body, ...timing() };
	}

	return {
		node,
		requests,
		logs,
		workflowStaticData,
		get staticData() {
			return workflowStaticData.node;
		},
		receive,
	};
}

module.exports = { fakeWebhook, notice, SECRET, SIGNING_CREDENTIAL };
