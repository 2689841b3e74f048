'use strict';
/**
 * The workflow the benchmark runs: a copy of the shipped template with the few changes a volume
 * run needs (listed in BENCH_CHANGES and printed by the bench), and the emulator settings.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, loadTemplate, nodeOf, nodesOf } = require('../demo/template');

const TEMPLATES = {
	feed: path.join(ROOT, 'workflows', 'netsuite-fulfillments-to-amazon.json'),
	confirmShipment: path.join(
		ROOT,
		'workflows',
		'netsuite-fulfillments-to-amazon-confirm-shipment.json',
	),
};

/** The trigger node allows at most this many fulfillments per poll (its parameter's maxValue). */
const MAX_PER_POLL = 5000;

const BENCH_SETTINGS = {
	packageDir: process.env.BENCH_PACKAGE_DIR || ROOT,
	/**
	 * Every emulator delay, token lifetime and rate-limit refill runs this many times faster, and
	 * so does the template's 2-minute Wait (the bench sleeps waitTill / timeScale). Rate limits
	 * keep Amazon's real rates and bursts, on the scaled clock.
	 */
	timeScale: 600,
	/** Amazon's order-feed processing, before scaling (as the demo: minutes, like real Amazon). */
	feedDelays: { inQueueMs: 150_000, inProgressMs: 210_000 },
	/** NetSuite response times before scaling (typical of a busy production account). */
	netsuiteLatencyMs: {
		restlet: 3000,
		suiteql: 2000,
		savedSearchRest: 2000,
		recordGet: 400,
		recordPatch: 800,
	},
	/** A standard NetSuite account: 5 concurrent requests shared by all integrations. */
	netsuiteConcurrencyLimit: 5,
	maxPerPoll: MAX_PER_POLL,
	/** Safety stop: polls needed for N plus room for re-reads. */
	maxPolls: (n) => Math.ceil(n / MAX_PER_POLL) * 3 + 5,
};

/** The shipped template's Max Fulfillments per Poll (for the real-rate estimates). */
const TEMPLATE_PER_POLL = Number(
	nodeOf(loadTemplate(TEMPLATES.feed), 'trigger').parameters.maxFulfillments ?? 100,
);

const BENCH_CHANGES = [
	`trigger "Max Fulfillments per Poll" = ${MAX_PER_POLL} (template: ${TEMPLATE_PER_POLL}; the node's maximum), so N fulfillments take ⌈N/${MAX_PER_POLL}⌉ polls`,
	'trigger "Start From" = Everything Not Yet Sent (template: activation; the seed shipped before it)',
	"Amazon Shipment Feed merchant identifier = the emulator's seller ID (left blank in the template)",
	...(process.env.BENCH_SEARCH_AS_SEEDED
		? []
		: [
				'saved search customsearch_amz_if_to_send with the criterion suitescript/README.md recommends next to Require Tracking: Tracking Numbers is not empty OR Package Tracking is not empty (BENCH_SEARCH_AS_SEEDED=1: without it)',
			]),
];

/** The seed's "to send" search as suitescript/README.md recommends it (unless told otherwise). */
function benchSeed(seed) {
	if (process.env.BENCH_SEARCH_AS_SEEDED) return seed;
	const search = (seed.netsuite?.savedSearches ?? []).find(
		(s) => s.scriptId === 'customsearch_amz_if_to_send',
	);
	if (!search) throw new Error('the seed has no customsearch_amz_if_to_send search to set up');
	search.criteria = { ...search.criteria, hasTracking: true };
	return seed;
}

/** Is the Confirm Shipment method there yet (second template, or a method option on the node)? */
function confirmShipmentAvailable() {
	if (fs.existsSync(TEMPLATES.confirmShipment)) return true;
	try {
		const src = fs.readFileSync(
			path.join(ROOT, 'dist', 'nodes', 'AmazonShipmentFeed', 'AmazonShipmentFeed.node.js'),
			'utf8',
		);
		return /confirmShipment/.test(src) && /method/.test(src);
	} catch {
		return false;
	}
}

/** A copy of the template for `method`, with BENCH_CHANGES applied. */
function benchWorkflow({ method = 'feed', writeMode = 'patch', sellerId }) {
	let template;
	if (method === 'confirmShipment' && fs.existsSync(TEMPLATES.confirmShipment))
		template = loadTemplate(TEMPLATES.confirmShipment);
	else {
		template = loadTemplate(TEMPLATES.feed);
		if (method === 'confirmShipment')
			nodeOf(template, 'feed').parameters.method = 'confirmShipment';
	}
	const workflow = JSON.parse(JSON.stringify(template));
	const trigger = nodeOf(workflow, 'trigger');
	trigger.parameters.maxFulfillments = MAX_PER_POLL;
	trigger.parameters.startFrom = 'all';
	// Both NetSuite update nodes in the write mode under test (the template: REST PATCH).
	if (writeMode !== 'patch')
		for (const node of nodesOf(workflow, 'update')) node.parameters.writeMode = writeMode;
	const feed = nodeOf(workflow, 'feed');
	if (!feed.parameters.merchantIdentifier) feed.parameters.merchantIdentifier = sellerId;
	const names = {
		trigger: trigger.name,
		feed: feed.name,
		status: nodesOf(workflow, 'status').map((n) => n.name),
		update: nodesOf(workflow, 'update').map((n) => n.name),
		wait: workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.wait').map((n) => n.name),
	};
	const updateConcurrency = nodesOf(workflow, 'update').map((n) =>
		Number(n.parameters?.options?.concurrency ?? 1),
	);
	names.updateConcurrency = updateConcurrency;
	return { workflow, names };
}

module.exports = {
	benchWorkflow,
	benchSeed,
	confirmShipmentAvailable,
	BENCH_SETTINGS,
	BENCH_CHANGES,
	TEMPLATES,
	TEMPLATE_PER_POLL,
};
