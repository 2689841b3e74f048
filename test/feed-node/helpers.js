'use strict';
/**
 * Runs the Amazon Shipment Feed node through the in-process n8n runner (test/harness), as a
 * workflow starting at the node with the given items. Needs a built dist/ (`npx tsc -p tsconfig.json`).
 */
const path = require('node:path');
const { createRunner } = require('../harness/n8n-runner');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');

const PACKAGE_DIR = path.join(__dirname, '../..');
const PKG = require('../../package.json').name;
const NODE = 'Amazon Shipment Feed';
const SELLER = DEFAULT_CREDENTIALS.amazon.sellerId;

/** Same table as the golden-document fixtures (test/fixtures/feed/fulfillments.js `carrierRules`). */
function carrierTable(rules) {
	return {
		rule: rules.map((r) => ({
			match: r.match,
			carrierCode: r.carrierCode,
			...(r.carrierName ? { carrierName: r.carrierName } : {}),
			...(r.shippingMethod ? { shippingMethod: r.shippingMethod } : {}),
		})),
	};
}

function feedWorkflow(parameters = {}, nodeExtra = {}) {
	return {
		name: 'Feed node test',
		nodes: [
			{
				id: 'f0000000-0000-4000-8000-000000000001',
				name: NODE,
				type: `${PKG}.amazonShipmentFeed`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { merchantIdentifier: SELLER, ...parameters },
				credentials: { amazonSpApi: { id: 'amz', name: 'Amazon' } },
				...nodeExtra,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** Credential data pointing at `baseUrl` (the emulator or a nock host). */
function amazonCredential(baseUrl, extra = {}) {
	const c = DEFAULT_CREDENTIALS.amazon;
	return {
		id: 'amz',
		name: 'Amazon',
		type: 'amazonSpApi',
		data: {
			clientId: c.clientId,
			clientSecret: c.clientSecret,
			refreshToken: c.refreshToken,
			region: 'NA',
			sandbox: false,
			endpointOverride: baseUrl,
			tokenUrlOverride: `${baseUrl}/auth/o2/token`,
			...extra,
		},
	};
}

async function feedRunner(baseUrl, credentialExtra) {
	return await createRunner({
		packageDir: PACKAGE_DIR,
		baseNodes: [],
		credentials: [amazonCredential(baseUrl, credentialExtra)],
	});
}

/** Runs the node once; returns { result, submitted, invalid } with the output items (json, pairedItem, binary). */
async function runFeed(runner, items, parameters, nodeExtra) {
	const result = await runner.runManual(feedWorkflow(parameters, nodeExtra), {
		startNodeName: NODE,
		items: items.map((json) => ({ json })),
	});
	const outputs = result.runData[NODE]?.[0] ?? [[], []];
	return {
		result,
		error: result.error,
		submitted: outputs[0] ?? [],
		invalid: outputs[1] ?? [],
	};
}

module.exports = { NODE, PKG, SELLER, carrierTable, feedWorkflow, feedRunner, runFeed };
