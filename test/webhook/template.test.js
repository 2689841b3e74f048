'use strict';
/**
 * The webhook template (workflows/netsuite-fulfillments-to-amazon-webhook.json) against the built
 * package: NetSuite's notice and the hourly safety-net poll feed the same Confirm Shipment chain,
 * read NetSuite with the same field IDs, and every outcome is written back. Needs a build.
 */
const { nodeOf, nodesOf, validateTemplate } = require('../../scripts/demo/template');
const { loadBuiltTemplate, expectEveryOutcomeWrittenBack } = require('../support/template');

let runner;
let template;
let targets;
beforeAll(async () => {
	({ runner, template, targets } = await loadBuiltTemplate(
		'netsuite-fulfillments-to-amazon-webhook.json',
	));
});

test('imports cleanly, with nothing left blank, inactive until the user publishes it', () => {
	expect(validateTemplate(template, runner.nodeTypes)).toEqual([]);
	expect(template.active).toBe(false);
});

test('the notice and the hourly poll both start the one Confirm Shipment chain', () => {
	const hook = nodeOf(template, 'webhook');
	const poll = nodeOf(template, 'trigger');
	const feed = nodeOf(template, 'feed');
	expect(targets(hook.name, 0)).toEqual([feed.name]);
	expect(targets(poll.name, 0)).toEqual([feed.name]);
	// No order look-up: a mass update's notices would queue for getOrder (0.5/s) and run out of wait.
	expect(feed.parameters).toMatchObject({ method: 'confirmShipment', lookUpOrder: false });
	// No Wait: Confirm Shipment answers at once, so a notice becomes a confirmation in seconds.
	expect(template.nodes.some((n) => n.type === 'n8n-nodes-base.wait')).toBe(false);
	// A fixed webhook ID gives the Production URL the README and sticky note describe.
	expect(hook.webhookId).toMatch(/^[0-9a-f-]{36}$/);
	expect(poll.parameters.pollTimes.item).toEqual([{ mode: 'everyHour', minute: 5 }]);
});

test('both triggers read NetSuite the same way, so neither sends what the other already sent', () => {
	const hook = nodeOf(template, 'webhook').parameters;
	const poll = nodeOf(template, 'trigger').parameters;
	for (const key of [
		'shippedOnly',
		'requireTracking',
		'skipSent',
		'sentFlagField',
		'resendCorrections',
		'sentFingerprintField',
	])
		expect({ key, value: hook[key] }).toEqual({ key, value: poll[key] });
	for (const [key, value] of Object.entries(hook.fields))
		expect({ key, value }).toEqual({ key, value: poll.fields[key] });
	for (const update of nodesOf(template, 'update')) {
		expect(update.parameters.sentFieldId).toBe(hook.sentFlagField);
		expect(update.parameters.options.sentFingerprintFieldId).toBe(hook.sentFingerprintField);
	}
	expect(hook.options.resendAfterHours).toBe(poll.options.resendAfterHours);
});

test('every outcome reaches NetSuite: Done → Update Order; Rejected, Failed, Invalid → Record Error', () => {
	expectEveryOutcomeWrittenBack({ template, targets });
});
