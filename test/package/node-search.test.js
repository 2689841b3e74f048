'use strict';
/**
 * Someone who knows the flow's steps by the commercial flow's names (NetSuite Saved Search
 * Trigger → Amazon Shipment Feed → Feed Status Wait → NetSuite Update Order) finds each step in
 * n8n's node panel. The search is n8n's own (@n8n/utils sublimeSearch over display name and codex
 * aliases, as the editor's node creator does), over the node types as n8n loads them from the
 * built package. Needs `npm run build`.
 */
const { createRunner } = require('../harness/n8n-runner');
const { sublimeSearch } = require('@n8n/utils/search/sublime-search');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
let candidates;

beforeAll(async () => {
	const runner = await createRunner({ packageDir: ROOT });
	const names = Object.keys(runner.nodeTypes.getKnownTypes());
	candidates = names.map((type) => {
		const description = runner.nodeTypes.getByNameAndVersion(type).description;
		return {
			key: type,
			properties: { displayName: description.displayName, codex: description.codex ?? {} },
		};
	});
});

const found = (query) => sublimeSearch(query, candidates).map((r) => r.item.key.split('.').pop());

test.each([
	['NetSuite Saved Search Trigger', 'netSuiteSavedSearchTrigger'],
	['Amazon Shipment Feed', 'amazonShipmentFeed'],
	['Feed Status Wait', 'amazonFeedStatus'],
	['NetSuite Update Order', 'netSuiteUpdateOrder'],
])('"%s" finds %s first', (query, node) => {
	expect(found(query)[0]).toBe(node);
});

test('"wait" finds n8n\'s Wait node and the feed status step', () => {
	const results = found('wait');
	expect(results).toContain('wait');
	expect(results).toContain('amazonFeedStatus');
});
