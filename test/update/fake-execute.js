'use strict';
/**
 * A minimal IExecuteFunctions for running the NetSuite Update Order node class in-process without
 * a built package: parameters come from the node description's defaults (the `={{ $json.a?.b }}`
 * path expressions they use are evaluated per item) or from the test; HTTP goes through global
 * fetch (so nock or an emulator answers) after the real NetSuite credential's `authenticate` signed
 * it, and HTTP error statuses are thrown like axios does in n8n.
 */
const { sendWithFetch } = require('../support/fetch-http');
const { authenticateNetSuite } = require('../../credentials/NetSuiteApi.credentials');

function defaultsOf(description) {
	const out = {};
	for (const p of description.properties) if (p.type !== 'notice') out[p.name] = p.default;
	return out;
}

/** Evaluates the simple `={{ $json.a?.b?.c }}` defaults; anything else is returned as is. */
function resolve(value, json) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	const m = /^=\{\{\s*\$json((?:\??\.[A-Za-z_$][\w$]*)+)\s*\}\}$/.exec(value);
	if (!m) throw new Error(`fake-execute cannot evaluate ${value}`);
	let current = json;
	for (const key of m[1].split(/\??\./).filter(Boolean))
		current = current == null ? undefined : current[key];
	return current;
}

/**
 * @param {{ nodeClass: any, items: Array<{json: object}>, parameters?: object, continueOnFail?: boolean,
 *   credentials: object }} options parameters: name → value, or (json, index) => value
 */
function fakeExecuteFunctions({
	nodeClass,
	items,
	parameters = {},
	continueOnFail = false,
	credentials,
}) {
	const node = new nodeClass();
	const defaults = defaultsOf(node.description);
	const requests = [];
	const context = {
		getInputData: () => items,
		getNode: () => ({
			id: 'n1',
			name: 'NetSuite Update Order',
			type: 'n8n-nodes-netsuite-amazon-fulfillment.netSuiteUpdateOrder',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		continueOnFail: () => continueOnFail,
		getExecutionCancelSignal: () => undefined,
		getCredentials: async (type) => {
			if (type !== 'netSuiteApi') throw new Error(`unexpected credential ${type}`);
			return { ...credentials };
		},
		getNodeParameter(name, index, fallback) {
			const [head, ...rest] = name.split('.');
			let value = Object.prototype.hasOwnProperty.call(parameters, head)
				? parameters[head]
				: defaults[head];
			if (typeof value === 'function') value = value(items[index].json, index);
			value = resolve(value, items[index].json);
			for (const key of rest) value = value == null ? undefined : value[key];
			return value === undefined ? fallback : value;
		},
		helpers: {
			async httpRequestWithAuthentication(type, options) {
				if (type !== 'netSuiteApi') throw new Error(`unexpected credential ${type}`);
				const signed = await authenticateNetSuite(credentials, options);
				requests.push({
					method: signed.method,
					url: signed.url,
					body: signed.body,
					headers: signed.headers,
				});
				return await sendWithFetch(signed);
			},
		},
	};
	return { node, context, requests, run: () => node.execute.call(context) };
}

module.exports = { fakeExecuteFunctions };
