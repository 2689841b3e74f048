'use strict';
/**
 * Runs the Amazon Order Audit node through the in-process n8n runner against the emulators.
 * Needs a built dist/ (`npm run build`).
 */
const path = require('node:path');
const { createRunner } = require('../harness/n8n-runner');

const PACKAGE_DIR = path.join(__dirname, '../..');
const PKG = require('../../package.json').name;
const NODE = 'Amazon Order Audit';
const OUTPUTS = ['shippedNotConfirmed', 'shipByClosing', 'confirmedNotMarked', 'summary'];

function auditWorkflow(parameters = {}) {
	return {
		name: 'Audit test',
		nodes: [
			{
				id: 'a0000000-0000-4000-8000-000000000001',
				name: NODE,
				type: `${PKG}.amazonOrderAudit`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { options: { timeZone: 'UTC' }, ...parameters },
				credentials: {
					amazonSpApi: { id: 'amz', name: 'Amazon' },
					netSuiteApi: { id: 'ns', name: 'NetSuite' },
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** A runner whose two credentials point at the running emulators (startEmulators' result). */
async function auditRunner(emulators) {
	return await createRunner({
		packageDir: PACKAGE_DIR,
		baseNodes: [],
		credentials: [
			{ id: 'amz', name: 'Amazon', type: 'amazonSpApi', data: emulators.credentials.amazonSpApi },
			{ id: 'ns', name: 'NetSuite', type: 'netSuiteApi', data: emulators.credentials.netSuiteApi },
		],
	});
}

/** Runs the audit once; returns { error, shippedNotConfirmed, shipByClosing, confirmedNotMarked, summary }. */
async function runAudit(runner, parameters) {
	const result = await runner.runManual(auditWorkflow(parameters), { startNodeName: NODE });
	const outputs = result.runData[NODE]?.[0] ?? [];
	const out = { error: result.error, result };
	OUTPUTS.forEach((name, i) => {
		out[name] = (outputs[i] ?? []).map((item) => item.json);
	});
	out.summary = out.summary[0];
	return out;
}

module.exports = { NODE, PKG, auditWorkflow, auditRunner, runAudit };
