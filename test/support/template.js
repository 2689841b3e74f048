'use strict';
/**
 * One of the workflows/ templates against the BUILT package, as the template tests read it: the
 * package's node types loaded the way n8n loads an installed community package, the template,
 * and where each node's outputs lead.
 */
const { createRunner } = require('../harness/n8n-runner'); // before anything loads n8n-core
const path = require('node:path');
const { ROOT, loadTemplate, nodeOf } = require('../../scripts/demo/template');
const { checkBuilt } = require('../../scripts/demo/run');

/**
 * Checks the build, loads the package and workflows/<fileName>. `targets(from, output)`: the names
 * of the nodes output number `output` of node `from` connects to.
 */
async function loadBuiltTemplate(fileName) {
	checkBuilt(ROOT);
	const runner = await createRunner({ packageDir: ROOT });
	const template = loadTemplate(path.join(ROOT, 'workflows', fileName));
	const targets = (from, output) =>
		(template.connections[from]?.main?.[output] ?? []).map((t) => t.node);
	return { runner, template, targets };
}

/**
 * The Confirm Shipment templates write every outcome back to NetSuite: the feed's Submitted output
 * goes to Feed Status, its Invalid to Record Error; Done → Update Order; Rejected and Failed →
 * Record Error.
 */
function expectEveryOutcomeWrittenBack({ template, targets }) {
	const feed = nodeOf(template, 'feed').name;
	const route = nodeOf(template, 'status').name;
	expect(targets(feed, 0)).toEqual([route]);
	expect(targets(feed, 1)).toEqual(['NetSuite Record Error']);
	expect(targets(route, 0)).toEqual(['NetSuite Update Order']);
	expect(targets(route, 1)).toEqual(['NetSuite Record Error']);
	expect(targets(route, 3)).toEqual(['NetSuite Record Error']);
	return { feed, route };
}

module.exports = { loadBuiltTemplate, expectEveryOutcomeWrittenBack };
