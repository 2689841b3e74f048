'use strict';
/**
 * The Confirm Shipment variant of the template (workflows/netsuite-fulfillments-to-amazon-confirm-
 * shipment.json) against the built package: it imports cleanly and is wired so every outcome is
 * written back. Needs a build (npx tsc -p tsconfig.json).
 */
const { nodeOf, nodesOf, validateTemplate } = require('../../scripts/demo/template');
const { loadBuiltTemplate, expectEveryOutcomeWrittenBack } = require('../support/template');

let runner;
let template;
let targets;
beforeAll(async () => {
	({ runner, template, targets } = await loadBuiltTemplate(
		'netsuite-fulfillments-to-amazon-confirm-shipment.json',
	));
});

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
	const { route } = expectEveryOutcomeWrittenBack({ template, targets });
	expect(targets(route, 2)).toEqual([]); // Pending: never for Confirm Shipment
});
