'use strict';
/**
 * The fourth template (workflows/netsuite-amazon-order-audit.json): imports cleanly, runs hourly,
 * and its Summary output reaches the node where a person attaches Slack, email or Teams, with a
 * summary a person can read. Needs a build.
 */
const path = require('node:path');
const { createRunner } = require('../harness/n8n-runner');
const {
	ROOT,
	loadTemplate,
	validateTemplate,
	emulatorCredentialsFor,
} = require('../../scripts/demo/template');
const { checkBuilt } = require('../../scripts/demo/run');
const { startEmulators } = require('../../emulators');
const { auditSeed } = require('../../emulators/seed/audit-seed');

const FILE = path.join(ROOT, 'workflows', 'netsuite-amazon-order-audit.json');
const AUDIT = 'n8n-nodes-netsuite-amazon-fulfillment.amazonOrderAudit';

let template;
beforeAll(() => {
	checkBuilt(ROOT);
	template = loadTemplate(FILE);
});

test('imports cleanly: hourly schedule → audit → summary node, with a sticky note on where to notify', async () => {
	const runner = await createRunner({ packageDir: ROOT });
	expect(validateTemplate(template, runner.nodeTypes)).toEqual([]);
	expect(template.active).toBe(false);
	const schedule = template.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	expect(schedule.parameters.rule.interval).toEqual([{ field: 'hours', hoursInterval: 1 }]);
	const audit = template.nodes.find((n) => n.type === AUDIT);
	expect(template.connections[schedule.name].main[0].map((t) => t.node)).toEqual([audit.name]);
	const summaryTargets = template.connections[audit.name].main[3].map((t) => t.node);
	expect(summaryTargets).toHaveLength(1);
	const notes = template.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
	expect(
		notes.some(
			(n) =>
				/Slack/.test(n.parameters.content) &&
				/Teams/.test(n.parameters.content) &&
				/email/i.test(n.parameters.content),
		),
	).toBe(true);
	// Writes to NetSuite are the user's choice, off as shipped.
	expect(audit.parameters).toMatchObject({ sendAgain: false, markSent: false });
});

test('run against the emulators: the summary node receives one readable summary, worst first', async () => {
	const emulators = await startEmulators({ seed: auditSeed() });
	try {
		const workflow = JSON.parse(JSON.stringify(template));
		const audit = workflow.nodes.find((n) => n.type === AUDIT);
		audit.parameters.options = { timeZone: 'UTC' };
		const runner = await createRunner({
			packageDir: ROOT,
			credentials: emulatorCredentialsFor(workflow, emulators.credentials),
		});
		const run = await runner.runManual(workflow, { startNodeName: audit.name });
		expect(run.error).toBeNull();
		const target = workflow.connections[audit.name].main[3][0].node;
		const items = run.items(target);
		expect(items).toHaveLength(1);
		const summary = items[0];
		expect(summary.text).toMatch(
			/^Amazon order audit, .* UTC: 13 merchant-fulfilled orders checked\n5 shipped in NetSuite, not confirmed on Amazon\n2 not shipped yet, ship-by within 24 h\n2 confirmed on Amazon, not marked in NetSuite\n3 consistent, 1 in flight\nWorst first:\n- NOT CONFIRMED /,
		);
		expect(summary.worst[0].hoursToShipBy).toBeLessThan(0);
	} finally {
		await emulators.close();
	}
});
