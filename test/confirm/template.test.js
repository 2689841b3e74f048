'use strict';
/**
 * The Confirm Shipment variant of the template (workflows/netsuite-fulfillments-to-amazon-confirm-
 * shipment.json) against the built package: it imports cleanly and is wired so every outcome is
 * written back. Needs a build (npx tsc -p tsconfig.json).
 */
const path = require('node:path');
const { createRunner } = require('../harness/n8n-runner');
const {
	ROOT,
	loadTemplate,
	nodeOf,
	nodesOf,
	validateTemplate,
} = require('../../scripts/demo/template');
const { checkBuilt } = require('../../scripts/demo/run');

const FILE = path.join(ROOT, 'workflows', 'netsuite-fulfillments-to-amazon-confirm-shipment.json');

let runner;
let template;
beforeAll(async () => {
	checkBuilt(ROOT);
	runner = await createRunner({ packageDir: ROOT });
	template = loadTemplate(FILE);
});

const targets = (from, output) =>
	(template.connections[from]?.main?.[output] ?? []).map((t) => t.node);

test('imports cleanly, with nothing left blank', () => {
	expect(validateTemplate(template, runner.nodeTypes)).toEqual([]);
	expect(template.active).toBe(false);
});

test('Confirm Shipment with the order lookup, corrections on, fingerprint written back', () => {
	const feed = nodeOf(template, 'feed');
	expect(feed.parameters).toMatchObject({ method: 'confirmShipment', lookUpOrder: true });
	const trigger = nodeOf(template, 'trigger');
	expect(trigger.parameters).toMatchObject({
		resendCorrections: true,
		sentFingerprintField: 'custbody_amz_sent_fingerprint',
	});
	for (const update of nodesOf(template, 'update'))
		expect(update.parameters.options.sentFingerprintFieldId).toBe(
			trigger.parameters.sentFingerprintField,
		);
	expect(template.nodes.some((n) => n.type === 'n8n-nodes-base.wait')).toBe(false);
});

test('every outcome reaches NetSuite: Done → Update Order; Rejected, Failed, Invalid → Record Error', () => {
	const feed = nodeOf(template, 'feed').name;
	const route = nodeOf(template, 'status').name;
	expect(targets(feed, 0)).toEqual([route]);
	expect(targets(feed, 1)).toEqual(['NetSuite Record Error']);
	expect(targets(route, 0)).toEqual(['NetSuite Update Order']);
	expect(targets(route, 1)).toEqual(['NetSuite Record Error']);
	expect(targets(route, 2)).toEqual([]); // Pending: never for Confirm Shipment
	expect(targets(route, 3)).toEqual(['NetSuite Record Error']);
});
