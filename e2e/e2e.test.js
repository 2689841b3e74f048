'use strict';

/**
 * End to end in real n8n (pinned 2.41.1, Node 24): the packed package installed where n8n
 * installs community packages, credentials pointing at the emulators, the template workflow
 * imported with n8n's CLI, run through the REST API, one persisted Wait resumed by n8n's
 * WaitTracker, and the result checked in the emulators and in the execution data read back
 * through n8n's public API. Takes a few minutes (the WaitTracker looks every 60 s).
 *
 * Run alone: npm run test:e2e   (see e2e/README.md)
 */
const fs = require('node:fs');
const path = require('node:path');
const { startEmulators } = require('../emulators');
const { createN8n } = require('./n8n-process');
const {
	N8nClient,
	importCredentials,
	importWorkflow,
	loadWorkflowFile,
	emulatorCredentialRecords,
	exportNodes,
	runDataOf,
} = require('./n8n-api');

const REPO_ROOT = path.resolve(__dirname, '..');
const PKG = require('../package.json');
const TEMPLATE = path.join(REPO_ROOT, 'workflows', 'netsuite-fulfillments-to-amazon.json');
const FIXTURE = path.join(__dirname, 'fixtures', 'trigger-wait-update.json');
const WORKFLOW_ID = 'e2eFulfillFlow01';
const CREDENTIALS = {
	netSuiteApi: { id: 'e2eNetSuiteCred1', name: 'NetSuite (emulator)' },
	amazonSpApi: { id: 'e2eAmazonCred001', name: 'Amazon SP-API (emulator)' },
};
// n8n persists a wait only if, when it checks, 65 s or more are left; it checks a moment after
// setting it, so exactly 65 s sometimes stays in memory. 70 s is always stored.
const WAIT_SECONDS = 70;

const say = (message) => process.stderr.write(`[e2e] ${message}\n`);

/**
 * Node and credential type names the package declares, read from the classes in the copy n8n
 * loaded (not dist/, which a parallel build may be rewriting). n8n-workflow comes from the
 * repository (modulePaths in e2e/jest.config.js), as n8n itself provides it to packages.
 */
function declaredTypes(packageDir) {
	const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const load = (rel) => {
		// n8n's rule: dist/nodes/Foo/Foo.node.js exports class Foo.
		const className = path.basename(rel).split('.')[0];
		const Cls = require(path.join(packageDir, rel))[className];
		if (typeof Cls !== 'function') throw new Error(`${rel} does not export class ${className}`);
		return new Cls();
	};
	return {
		nodes: manifest.n8n.nodes.map((rel) => `${manifest.name}.${load(rel).description.name}`),
		credentials: manifest.n8n.credentials.map((rel) => load(rel).name),
	};
}

/**
 * The workflow as a user would have it after import: credentials picked (the Merchant Identifier
 * comes from the credential's seller ID), waits short enough for a test but still persisted. The template by default.
 */
function loadWorkflow() {
	// E2E_WORKFLOW=fixture runs the small trigger → wait → update fixture (no Amazon nodes),
	// E2E_WORKFLOW=<path> any other workflow with the same node types.
	const choice = process.env.E2E_WORKFLOW;
	const source = !choice ? TEMPLATE : choice === 'fixture' ? FIXTURE : path.resolve(choice);
	const wf = loadWorkflowFile(source, { id: WORKFLOW_ID, credentials: CREDENTIALS });
	for (const node of wf.nodes) {
		if (node.type === 'n8n-nodes-base.wait') {
			node.parameters = {
				...node.parameters,
				resume: 'timeInterval',
				amount: WAIT_SECONDS,
				unit: 'seconds',
			};
		}
	}
	return { workflow: wf, source: path.relative(REPO_ROOT, source) };
}

const byType = (wf, suffix) => wf.nodes.filter((n) => n.type.endsWith(`.${suffix}`));
const sentIds = (ns) =>
	Object.entries(ns.itemFulfillments)
		.filter(([, f]) => f.sentToAmazon)
		.map(([id]) => id)
		.sort();

let emulators;
let n8n;
let client;
let workflow;
let workflowSource;
const timings = {};

beforeAll(async () => {
	let t = Date.now();
	// Feeds take ~30 s on the emulator: the first status check sees them pending, so the
	// workflow has to go through the persisted Wait once before they are done.
	emulators = await startEmulators({
		amazon: { feedDelays: { inQueueMs: 10000, inProgressMs: 20000 } },
	});
	({ workflow, source: workflowSource } = loadWorkflow());
	say(`emulators: NetSuite ${emulators.netsuite.url}, Amazon ${emulators.amazon.url}`);
	say(`workflow: ${workflowSource}`);

	n8n = await createN8n();
	timings.buildAndPack = Date.now() - t;
	say(`run folder ${path.relative(REPO_ROOT, n8n.runDir)} (n8n log: n8n.log), port ${n8n.port}`);

	t = Date.now();
	await importCredentials(n8n, emulatorCredentialRecords(CREDENTIALS, emulators));
	await importWorkflow(n8n, workflow);
	timings.imports = Date.now() - t;

	t = Date.now();
	const { startupMs } = await n8n.start();
	timings.startup = startupMs;
	say(`n8n ready in ${(startupMs / 1000).toFixed(1)} s at ${n8n.baseUrl}`);

	client = new N8nClient(n8n.baseUrl);
	await client.login(n8n.owner.email, n8n.owner.password);
	await client.createApiKey('e2e');
}, 600000);

afterAll(async () => {
	if (n8n) await n8n.stop();
	if (emulators) await emulators.close();
	say(`timings (ms): ${JSON.stringify(timings)}`);
});

test('n8n loads every node and credential of the installed package under its package name', async () => {
	const declared = declaredTypes(n8n.installedPackage.dir);
	expect(declared.nodes.length).toBeGreaterThan(0);

	// The running server (what the editor loads) ...
	const servedNames = (await client.nodeTypes()).map((d) => d.name);
	expect(servedNames).toEqual(expect.arrayContaining(declared.nodes));
	const servedCreds = await client.credentialTypes();
	expect(servedCreds.map((c) => c.name)).toEqual(expect.arrayContaining(declared.credentials));

	// ... and the CLI (a fresh process reading the same user folder).
	const exported = (await exportNodes(n8n)).map((d) => d.name);
	expect(exported).toEqual(expect.arrayContaining(declared.nodes));

	// Every package node the workflow uses is known: the import would show "Unrecognized node type".
	const used = workflow.nodes.map((n) => n.type).filter((t) => t.startsWith(`${PKG.name}.`));
	expect(servedNames).toEqual(expect.arrayContaining(used));

	const log = n8n.readLog();
	expect(log).not.toMatch(/Unrecognized node type/);
	expect(log).not.toMatch(/Class could not be found/);
	expect(log).not.toMatch(new RegExp(`Error loading package "?${PKG.name}`));
});

test('the workflow runs, waits once (persisted), resumes and confirms the sample on both sides', async () => {
	const nsBefore = emulators.netsuite.inspect();
	const sentBefore = sentIds(nsBefore);
	const [trigger] = byType(workflow, 'netSuiteSavedSearchTrigger');
	expect(trigger).toBeDefined();

	const t = Date.now();
	const executionId = await client.runWorkflow(WORKFLOW_ID, trigger.name);
	say(`execution ${executionId} started`);
	const statuses = [];
	const execution = await client.waitForExecution(executionId, {
		timeoutMs: (WAIT_SECONDS + 60 + 120) * 1000,
		pollMs: 1000,
		onStatus: (status, ms, e) => {
			statuses.push(status);
			say(
				`execution ${executionId}: ${status} after ${(ms / 1000).toFixed(0)} s` +
					(e.waitTill ? ` (waitTill ${e.waitTill})` : ''),
			);
		},
	});
	timings.execution = Date.now() - t;
	// Kept next to n8n.log for whoever debugs a failure.
	fs.writeFileSync(
		path.join(n8n.runDir, `execution-${executionId}.json`),
		JSON.stringify(execution, null, 2),
	);

	const runs = runDataOf(execution);
	const lastError = execution.data && execution.data.resultData && execution.data.resultData.error;
	expect({ status: execution.status, error: lastError && lastError.message }).toEqual({
		status: 'success',
		error: undefined,
	});
	// It was parked in the database and resumed by the WaitTracker, not held in memory.
	expect(statuses).toContain('waiting');
	const waitNodes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.wait');
	expect(waitNodes.some((n) => runs[n.name] && runs[n.name].length >= 1)).toBe(true);

	// Execution data read back through the public API: the trigger's sample ...
	const emitted = runs[trigger.name][0].outputs[0];
	expect(emitted.length).toBeGreaterThan(0);
	const fulfillmentIds = emitted.map((f) => String(f.fulfillmentId)).sort();

	// ... is exactly what NetSuite now shows as sent, nothing else changed.
	const nsAfter = emulators.netsuite.inspect();
	const newlySent = sentIds(nsAfter).filter((id) => !sentBefore.includes(id));
	expect(newlySent).toEqual(fulfillmentIds);

	const [update] = byType(workflow, 'netSuiteUpdateOrder');
	const updateRuns = runs[update.name];
	expect(updateRuns && updateRuns.length).toBeGreaterThan(0);
	const updated = updateRuns.flatMap((r) => r.outputs.flat());
	expect(updated.map((i) => String(i.fulfillmentId)).sort()).toEqual(
		expect.arrayContaining(fulfillmentIds),
	);

	const amazon = emulators.amazon.inspect();
	const feedNodes = byType(workflow, 'amazonShipmentFeed');
	if (feedNodes.length === 0) {
		// Fixture without the Amazon nodes (template not there yet): Amazon untouched.
		expect(
			amazon.feeds.length === undefined ? Object.keys(amazon.feeds) : amazon.feeds,
		).toHaveLength(0);
		return;
	}
	// Every feed finished, and each sampled fulfillment's packages are on its Amazon order,
	// confirmed once, by the feed NetSuite recorded.
	const feeds = Array.isArray(amazon.feeds) ? amazon.feeds : Object.values(amazon.feeds);
	expect(feeds.length).toBeGreaterThan(0);
	expect(feeds.map((f) => f.processingStatus || f.status)).toEqual(feeds.map(() => 'DONE'));
	for (const f of emitted) {
		const order = amazon.orders[f.amazonOrderId];
		expect(order).toBeDefined();
		const tracking = (f.packages || []).map((p) => p.trackingNumber);
		expect(tracking.length).toBeGreaterThan(0);
		for (const number of tracking) {
			const pkg = order.packages.find((p) => p.trackingNumber === number);
			expect({
				fulfillment: f.fulfillmentId,
				number,
				confirmations: pkg && pkg.confirmations,
			}).toEqual({
				fulfillment: f.fulfillmentId,
				number,
				confirmations: 1,
			});
			expect(nsAfter.itemFulfillments[f.fulfillmentId].feedId).toBe(String(pkg.feedId));
		}
	}
	// The status node looked at least twice: Pending before the wait, Done after it.
	const [status] = byType(workflow, 'amazonFeedStatus');
	const waitNames = waitNodes.map((n) => n.name);
	const pendingOutput = workflow.connections[status.name].main.findIndex((targets) =>
		(targets || []).some((c) => waitNames.includes(c.node)),
	);
	expect(pendingOutput).toBeGreaterThanOrEqual(0);
	const statusRuns = runs[status.name];
	expect(statusRuns.length).toBeGreaterThanOrEqual(2);
	expect(statusRuns[0].outputs[pendingOutput]).toHaveLength(emitted.length);
	expect(statusRuns[statusRuns.length - 1].outputs[0]).toHaveLength(emitted.length);
});
