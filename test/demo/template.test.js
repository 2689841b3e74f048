'use strict';
/**
 * The template workflow (workflows/netsuite-fulfillments-to-amazon.json) against the BUILT package,
 * loaded the way n8n loads an installed community package: node types, parameters, connections,
 * credentials and the set-up notes a user reads after importing it.
 *
 * Needs `npm run build` (dist/). DEMO_TEST_PACKAGE_DIR points at another package folder.
 */
const { createRunner } = require('../harness/n8n-runner');

const {
	ROOT,
	PACKAGE_NAME,
	USER_FILLS_IN,
	loadTemplate,
	nodeOf,
	nodesOf,
	outputNames,
	validateTemplate,
} = require('../../scripts/demo/template');
const { checkBuilt } = require('../../scripts/demo/run');
const { AMAZON_CARRIER_CODES } = require('../../core/feed/carrierCodes');

const PACKAGE_DIR = process.env.DEMO_TEST_PACKAGE_DIR || ROOT;
const clone = (x) => JSON.parse(JSON.stringify(x));

let runner;
let template;

beforeAll(async () => {
	checkBuilt(PACKAGE_DIR);
	runner = await createRunner({ packageDir: PACKAGE_DIR });
	template = loadTemplate();
});

const describeOf = (node) =>
	runner.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;

/** Target node names of one output of a node, by the output's label. */
function targets(workflow, nodeName, label) {
	const node = workflow.nodes.find((n) => n.name === nodeName);
	const index = outputNames(describeOf(node)).indexOf(label);
	expect(index).toBeGreaterThanOrEqual(0);
	return (workflow.connections[nodeName]?.main?.[index] ?? []).map((t) => t.node);
}

describe('template workflow', () => {
	test('imports cleanly: known node types, parameters, connections and credentials', () => {
		expect(validateTemplate(template, runner.nodeTypes, { allowBlank: USER_FILLS_IN })).toEqual([]);
		// No required parameter is left blank: the seller ID comes from the Amazon credential.
		expect(validateTemplate(template, runner.nodeTypes)).toEqual([]);
		const feed = template.nodes.find((n) => n.type.endsWith('.amazonShipmentFeed'));
		expect(feed.parameters.merchantIdentifier).toBe('');
	});

	test('uses the four nodes of this package under their installed names, plus Wait and notes', () => {
		const types = new Set(template.nodes.map((n) => n.type));
		for (const name of [
			'netSuiteSavedSearchTrigger',
			'amazonShipmentFeed',
			'amazonFeedStatus',
			'netSuiteUpdateOrder',
		])
			expect(types).toContain(`${PACKAGE_NAME}.${name}`);
		expect(types).toContain('n8n-nodes-base.wait');
		expect(types).toContain('n8n-nodes-base.stickyNote');
		for (const node of template.nodes) expect(() => describeOf(node)).not.toThrow();
	});

	test('has no pinned data, static data or instance id, and runs with execution order v1', () => {
		expect(template.pinData).toBeUndefined();
		expect(template.staticData).toBeUndefined();
		expect(template.meta?.instanceId).toBeUndefined();
		expect(template.settings.executionOrder).toBe('v1');
		expect(template.active).toBe(false);
	});

	test('wires the whole flow, with every outcome written back to NetSuite', () => {
		const trigger = nodeOf(template, 'trigger').name;
		const feed = nodeOf(template, 'feed').name;
		const status = nodeOf(template, 'status').name;
		const updates = nodesOf(template, 'update').map((n) => n.name);
		expect(updates).toHaveLength(2);
		const [update, recordError] = updates;
		const wait = template.nodes.find((n) => n.type === 'n8n-nodes-base.wait').name;

		expect(targets(template, trigger, 'Main')).toEqual([feed]);
		expect(targets(template, feed, 'Submitted')).toEqual([status]);
		expect(targets(template, feed, 'Invalid')).toEqual([recordError]);
		expect(targets(template, status, 'Done')).toEqual([update]);
		expect(targets(template, status, 'Rejected')).toEqual([recordError]);
		expect(targets(template, status, 'Pending')).toEqual([wait]);
		expect(targets(template, status, 'Failed')).toEqual([recordError]);
		expect(template.connections[wait].main[0].map((t) => t.node)).toEqual([status]);
	});

	test('the Wait node persists its wait (n8n keeps under 65 s in memory) so no worker is held', () => {
		const wait = template.nodes.find((n) => n.type === 'n8n-nodes-base.wait');
		const p = wait.parameters;
		expect(p.resume).toBe('timeInterval');
		const unitMs = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
		expect(p.amount * unitMs[p.unit]).toBeGreaterThanOrEqual(70_000);
		expect(p.amount * unitMs[p.unit]).toBe(120_000);
		expect(wait.webhookId).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('polls every 15 minutes by default', () => {
		const trigger = nodeOf(template, 'trigger');
		expect(trigger.parameters.pollTimes).toEqual({
			item: [{ mode: 'everyX', value: 15, unit: 'minutes' }],
		});
	});

	test('keeps up with peak season: thousands of fulfillments an hour in few feeds', () => {
		const trigger = nodeOf(template, 'trigger');
		const { value, unit } = trigger.parameters.pollTimes.item[0];
		const pollsPerHour = unit === 'minutes' ? 60 / value : unit === 'hours' ? 1 / value : 0;
		// One poll = one feed: 100 per poll would cap the flow at 400 an hour and spend a createFeed
		// (one per 2 minutes after a burst of 15) on every 100 fulfillments.
		expect(trigger.parameters.maxFulfillments * pollsPerHour).toBeGreaterThanOrEqual(4000);
		const description = describeOf(trigger).properties.find((p) => p.name === 'maxFulfillments');
		expect(trigger.parameters.maxFulfillments).toBeLessThanOrEqual(
			description.typeOptions.maxValue,
		);
	});

	test('references the credentials blank, by the names n8n gives them on screen', () => {
		// n8n names a new credential "<type's display name without ' API'> account".
		const onScreen = (type) =>
			`${runner.nodeTypes.getCredentialType(type).displayName.replace(/ API$/, '')} account`;
		expect(onScreen('amazonSpApi')).toBe('Amazon Selling Partner account');
		const expected = {
			netSuiteSavedSearchTrigger: { netSuiteApi: onScreen('netSuiteApi') },
			amazonShipmentFeed: { amazonSpApi: onScreen('amazonSpApi') },
			amazonFeedStatus: { amazonSpApi: onScreen('amazonSpApi') },
			netSuiteUpdateOrder: { netSuiteApi: onScreen('netSuiteApi') },
		};
		for (const node of template.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
			const want = expected[node.type.slice(PACKAGE_NAME.length + 1)];
			const required = describeOf(node)
				.credentials.filter((c) => c.required)
				.map((c) => c.name);
			expect(Object.keys(node.credentials).sort()).toEqual(required.sort());
			for (const [type, name] of Object.entries(want))
				expect(node.credentials[type]).toEqual({ id: '', name });
		}
	});

	test('shows every field mapping in the node parameters', () => {
		const trigger = nodeOf(template, 'trigger');
		const fieldOptions = describeOf(trigger)
			.properties.find((p) => p.name === 'fields')
			.options.map((o) => o.name);
		expect(Object.keys(trigger.parameters.fields).sort()).toEqual(fieldOptions.sort());

		const feed = nodeOf(template, 'feed');
		const mapping = feed.parameters.fulfillmentFields;
		expect(mapping.mappingMode).toBe('defineBelow');
		expect(Object.keys(mapping.value).sort()).toEqual(mapping.schema.map((f) => f.id).sort());
		for (const key of ['lines', 'packages', 'trackingNumbers', 'lineFields'])
			expect(feed.parameters[key]).toBeTruthy();

		// Every parameter the editor shows is written out, so the user sees the value in the JSON and
		// a changed node default cannot silently change the flow. Only the optional "additional
		// fields" lists stay empty.
		const { NodeHelpers } = require('n8n-workflow');
		for (const node of template.nodes.filter((n) => n.type.startsWith(`${PACKAGE_NAME}.`))) {
			const description = describeOf(node);
			const shown = description.properties.filter(
				(p) =>
					p.type !== 'notice' &&
					!(p.type === 'fixedCollection' && p.name.endsWith('Fields')) &&
					NodeHelpers.displayParameter(node.parameters, p, node, description),
			);
			for (const p of shown)
				expect([node.name, Object.keys(node.parameters)]).toEqual([
					node.name,
					expect.arrayContaining([p.name]),
				]);
		}
	});

	test("maps the usual ship methods to Amazon's carrier codes, in Amazon's exact spelling", () => {
		const rules = nodeOf(template, 'feed').parameters.carrierMapping.rule;
		const byMatch = Object.fromEntries(rules.map((r) => [r.match, r.carrierCode]));
		expect(byMatch['UPS Ground']).toBe('UPS');
		expect(byMatch['FedEx Home Delivery']).toBe('FedEx');
		expect(byMatch['USPS Priority Mail']).toBe('USPS');
		for (const r of rules) {
			expect(AMAZON_CARRIER_CODES).toContain(r.carrierCode);
			expect(r.shippingMethod).toBeTruthy();
		}
		expect(new Set(rules.map((r) => r.match.toLowerCase())).size).toBe(rules.length);
	});

	test('the error branch writes an error status, the success branch does not', () => {
		const [update, recordError] = nodesOf(template, 'update');
		expect(update.parameters.errorValue).toBe('');
		expect(recordError.parameters.errorValue).toBeTruthy();
		for (const key of ['sentFieldId', 'errorFieldId', 'statusFieldId', 'feedIdFieldId'])
			expect(recordError.parameters[key]).toBe(update.parameters[key]);
	});

	test('records every outcome in one execution: a refused NetSuite write does not stop the others', () => {
		// Proven against the emulators in test/reliability/template-outcomes.test.js.
		for (const update of nodesOf(template, 'update'))
			expect(update.onError).toBe('continueRegularOutput');
		// Execution order v1 runs the higher of two branches first: Record Error above the status row
		// writes invalid fulfillments before the workflow waits for Amazon.
		const recordError = nodesOf(template, 'update')[1];
		expect(recordError.position[1]).toBeLessThan(nodeOf(template, 'status').position[1]);
	});

	test('the start note says a manual run sends for real, names the five nodes that need credentials', () => {
		const start = template.nodes.find((n) => n.name === 'Sticky Note: Start here').parameters
			.content;
		expect(start).toMatch(/Execute workflow sends for real/);
		expect(start).toMatch(/Preview Only/);
		expect(start).toMatch(/\*Amazon Selling Partner account\*/);
		const needing = template.nodes.filter((n) => n.credentials).map((n) => n.name);
		expect(needing).toHaveLength(5);
		expect(start).toMatch(/the five nodes that need them/);
		for (const name of needing.filter((n) => n !== nodeOf(template, 'trigger').name))
			expect(start).toContain(name);
		expect(start).toMatch(/\*\*Publish\*\*/);
		expect(start).not.toMatch(/four NetSuite\/Amazon nodes|, activate\./);
	});

	test('sticky notes say what to set up and where', () => {
		const text = template.nodes
			.filter((n) => n.type === 'n8n-nodes-base.stickyNote')
			.map((n) => n.parameters.content)
			.join('\n');
		for (const phrase of [
			/credential/i,
			/suitescript\/amz_saved_search_restlet\.js/,
			/saved search/i,
			/carrier/i,
			/field ids?/i,
			/preview/i,
			/poll times/i,
			/every week/i,
			/custbody_amz_ship_confirmed/,
		])
			expect(text).toMatch(phrase);
	});

	test('lays the flow out left to right, on a readable grid', () => {
		const x = (role) => nodeOf(template, role).position[0];
		expect(x('trigger')).toBeLessThan(x('feed'));
		expect(x('feed')).toBeLessThan(x('status'));
		for (const update of nodesOf(template, 'update'))
			expect(x('status')).toBeLessThan(update.position[0]);
		for (const node of template.nodes) {
			expect(Math.abs(node.position[0] % 20)).toBe(0);
			expect(Math.abs(node.position[1] % 20)).toBe(0);
		}
		// Working nodes do not sit on top of each other.
		const working = template.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
		for (const a of working)
			for (const b of working)
				if (a !== b)
					expect(
						Math.abs(a.position[0] - b.position[0]) + Math.abs(a.position[1] - b.position[1]),
					).toBeGreaterThanOrEqual(200);
	});
});

describe('the template check itself', () => {
	const check = (mutate) => {
		const copy = clone(template);
		mutate(copy);
		return validateTemplate(copy, runner.nodeTypes, { allowBlank: USER_FILLS_IN });
	};

	test('finds unknown and hidden parameters', () => {
		expect(check((t) => (nodeOf(t, 'trigger').parameters.pollInterval = 5))).toEqual([
			expect.stringMatching(/pollInterval is unknown/),
		]);
		// `query` exists, but only for the SuiteQL source: n8n drops it on import.
		expect(check((t) => (nodeOf(t, 'trigger').parameters.query = 'SELECT 1'))).toEqual([
			expect.stringMatching(/query is unknown or hidden/),
		]);
		expect(check((t) => (nodeOf(t, 'trigger').parameters.fields.orderIdField = 'x'))).toEqual([
			expect.stringMatching(/fields\.orderIdField/),
		]);
	});

	test('finds broken connections, unknown node types and filled-in credentials', () => {
		expect(
			check((t) =>
				t.connections['Amazon Feed Status'].main[2].push({ node: 'Nope', type: 'main', index: 0 }),
			),
		).toEqual([expect.stringMatching(/unknown node "Nope"/)]);
		expect(
			check((t) =>
				t.connections['Amazon Shipment Feed'].main.push([
					{ node: 'Amazon Feed Status', type: 'main', index: 0 },
				]),
			),
		).toEqual([expect.stringMatching(/has 2 output\(s\) but connections for 3/)]);
		expect(check((t) => (nodeOf(t, 'status').type = 'CUSTOM.amazonFeedStatus'))).toEqual(
			expect.arrayContaining([expect.stringMatching(/Unrecognized node type/)]),
		);
		expect(check((t) => (nodeOf(t, 'feed').credentials.amazonSpApi.id = '12'))).toEqual([
			expect.stringMatching(/blank reference/),
		]);
		expect(check((t) => (t.pinData = { x: [] }))).toEqual(['template has pinData']);
	});
});
