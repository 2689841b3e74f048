'use strict';
/**
 * A minimal IPollFunctions for running the trigger node class in-process without a built package
 * (package.json's n8n.nodes is wired by the lead): parameters come from the description's defaults
 * or the test; static data is n8n-workflow's own ObservableObject (so __dataChanged behaves like in
 * n8n); HTTP goes through fetch (nock or the emulator answers) after the real NetSuite credential's
 * `authenticate` signed it, and HTTP errors are thrown like axios does in n8n.
 */
const { sendWithFetch } = require('../support/fetch-http');
const { ObservableObject } = require('n8n-workflow');
const { authenticateNetSuite } = require('../../credentials/NetSuiteApi.credentials');
const {
	NetSuiteSavedSearchTrigger,
} = require('../../nodes/NetSuiteSavedSearchTrigger/NetSuiteSavedSearchTrigger.node');

function defaultsOf(description) {
	const out = {};
	for (const p of description.properties) if (p.type !== 'notice') out[p.name] = p.default;
	return out;
}

/**
 * @param {{ parameters?: object, credentials: object, mode?: 'trigger'|'manual', staticData?: object,
 *   pollBudgetMs?: number, timezone?: string }} options
 */
function fakePoll({
	parameters = {},
	credentials,
	mode = 'trigger',
	staticData,
	pollBudgetMs,
	timezone = 'UTC',
}) {
	const node = new NetSuiteSavedSearchTrigger();
	const defaults = defaultsOf(node.description);
	const workflowStaticData = ObservableObject.create({ node: staticData ?? {} });
	const requests = [];
	const get = (name) => {
		const [head, ...rest] = name.split('.');
		let value = Object.prototype.hasOwnProperty.call(parameters, head)
			? parameters[head]
			: defaults[head];
		for (const key of rest) value = value == null ? undefined : value[key];
		return value;
	};
	const context = {
		getMode: () => mode,
		getTimezone: () => timezone,
		getNode: () => ({
			id: 't1',
			name: 'NetSuite Saved Search Trigger',
			type: 'n8n-nodes-netsuite-amazon-fulfillment.netSuiteSavedSearchTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getWorkflowStaticData: (type) => {
			if (type !== 'node') throw new Error('the trigger must use node static data');
			return workflowStaticData.node;
		},
		getCredentials: async (type) => {
			if (type !== 'netSuiteApi') throw new Error(`unexpected credential ${type}`);
			return { ...credentials };
		},
		getNodeParameter(name, fallback, options) {
			let value = get(name);
			if (options?.extractValue && value && typeof value === 'object' && 'value' in value)
				value = value.value;
			return value === undefined ? fallback : value;
		},
		getCurrentNodeParameter: (name) => get(name),
		helpers: {
			async httpRequestWithAuthentication(type, options) {
				if (type !== 'netSuiteApi') throw new Error(`unexpected credential ${type}`);
				const signed = await authenticateNetSuite(credentials, options);
				requests.push({ method: signed.method, url: signed.url, body: signed.body });
				return await sendWithFetch(signed);
			},
		},
	};
	if (pollBudgetMs !== undefined) context.getPollBudgetMs = () => pollBudgetMs;
	return {
		node,
		context,
		requests,
		workflowStaticData,
		get staticData() {
			return workflowStaticData.node;
		},
		poll: () => node.poll.call(context),
		searchSavedSearches: (filter) =>
			node.methods.listSearch.searchSavedSearches.call(context, filter),
	};
}

module.exports = { fakePoll };
