'use strict';

/**
 * The webhook template in real n8n (pinned 2.41.1) in queue mode, as sellers at scale run it: a main
 * (`n8n start`, production webhooks switched off there), a separate webhook process (`n8n webhook`)
 * that receives NetSuite's notices, and a worker that runs the executions, sharing Redis and
 * Postgres. The NetSuite emulator runs the shipped User Event script
 * (suitescript/amz_fulfillment_notice_ue.js) when a fulfillment is saved Shipped; its notice goes
 * to the webhook process's production URL.
 *
 *   1. a packed fulfillment is shipped in NetSuite → the script's notice → an execution on the
 *      worker → Amazon holds the confirmation; the time from the save is measured (target ≤ 60 s);
 *   2. bad notices (unsigned, wrongly signed, stale) are refused by the webhook process and start
 *      no execution; a correctly signed notice for the fulfillment now sent starts nothing either.
 *
 * Run alone: node e2e/install-n8n.js && npx jest -c e2e/jest.config.js e2e/webhook
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startEmulators } = require('../../emulators');
const { startQueueStack, waitFor, sleep } = require('../queue-stack');
const {
	N8nClient,
	importCredentials,
	importWorkflow,
	loadWorkflowFile,
	emulatorCredentialRecords,
	publishWorkflow,
	runDataOf,
} = require('../n8n-api');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TEMPLATE = path.join(REPO_ROOT, 'workflows', 'netsuite-fulfillments-to-amazon-webhook.json');
const WORKFLOW_ID = 'webhookFulfilFlow';
const CREDENTIALS = {
	netSuiteApi: { id: 'hookNetSuiteCred', name: 'NetSuite (emulator)' },
	amazonSpApi: { id: 'hookAmazonCred01', name: 'Amazon SP-API (emulator)' },
	netSuiteNoticeSigningApi: { id: 'hookNoticeCred01', name: 'Notice secret (emulator)' },
};
const HOOK = 'NetSuite Fulfillment Webhook Trigger';
const UPDATE = 'NetSuite Update Order';
// Test value for the emulator only, never a real secret.
const SECRET = 'e2e-notice-secret-0123456789abcdef0123456789abcdef';
const SECRET_ID = 'custsecret_amz_notice';
// Packed (status B) in the seed; its Amazon order.
const FULFILLMENT = '1211';
const ORDER = '114-1000510-2000510';

const say = (message) => process.stderr.write(`[webhook] ${message}\n`);

/** A notice as the script sends it, signed with `secret` at `timestamp` (unix seconds). */
function notice(body, { secret = SECRET, timestamp = Math.floor(Date.now() / 1000) } = {}) {
	const raw = JSON.stringify(body);
	const signature = crypto.createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex');
	return {
		raw,
		headers: {
			'Content-Type': 'application/json',
			'X-NetSuite-Notice-Timestamp': String(timestamp),
			'X-NetSuite-Notice-Signature': `v1=${signature}`,
		},
	};
}

let stack;
let emulators;
let main;
let hookProcess;
let worker;
let client;
let noticeUrl;
const timings = {};
const story = {};

async function executions() {
	return (await client.listExecutions({ workflowId: WORKFLOW_ID })).sort(
		(a, b) => Number(a.id) - Number(b.id),
	);
}

beforeAll(async () => {
	let t = Date.now();
	stack = await startQueueStack({ say, runName: 'webhook' });
	timings.services = Date.now() - t;

	emulators = await startEmulators({
		netsuite: { userEvent: { secretId: SECRET_ID, secrets: { [SECRET_ID]: SECRET } } },
	});
	say(`emulators: NetSuite ${emulators.netsuite.url}, Amazon ${emulators.amazon.url}`);

	t = Date.now();
	// The main serves the editor and the API only: production webhooks go to the webhook process.
	main = await stack.createMain({ env: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } });
	say(`run folder ${path.relative(REPO_ROOT, stack.runDir)} (n8n.log, webhook.log, worker.log)`);
	await importCredentials(main, [
		...emulatorCredentialRecords(CREDENTIALS, emulators),
		{
			...CREDENTIALS.netSuiteNoticeSigningApi,
			type: 'netSuiteNoticeSigningApi',
			data: { secret: SECRET },
		},
	]);
	const workflow = loadWorkflowFile(TEMPLATE, { id: WORKFLOW_ID, credentials: CREDENTIALS });
	await importWorkflow(main, workflow);
	await publishWorkflow(main, WORKFLOW_ID);
	timings.imports = Date.now() - t;

	t = Date.now();
	[[worker]] = await Promise.all([
		stack.startWorkers(['worker'], { concurrency: 4 }),
		main.start(),
	]);
	// The webhook process serves what the leader main registered on activation.
	hookProcess = await stack.startWebhookProcess();
	timings.processesReady = Date.now() - t;
	client = new N8nClient(main.baseUrl);
	await client.login(main.owner.email, main.owner.password);
	await client.createApiKey('webhook');

	const hook = workflow.nodes.find((n) => n.name === HOOK);
	noticeUrl = `${hookProcess.baseUrl}/webhook/${hook.webhookId}/fulfillment-notice`;
	emulators.netsuite.userEvents.configure({ url: noticeUrl, enabled: true });
	say(`notice URL ${noticeUrl}`);
	// Wait until the webhook process answers for the workflow (activation on the main is async).
	await waitFor(
		'the production webhook on the webhook process',
		async () => {
			const res = await fetch(noticeUrl, {
				method: 'POST',
				body: '{}',
				headers: { 'Content-Type': 'application/json' },
			});
			return res.status !== 404;
		},
		{ timeoutMs: 120000, pollMs: 1000 },
	);
}, 900000);

afterAll(async () => {
	if (stack) await stack.stop();
	if (emulators) await emulators.close();
	say(`timings (ms): ${JSON.stringify(timings)}`);
	say(`story: ${JSON.stringify(story)}`);
}, 120000);

test('a fulfillment shipped in NetSuite is confirmed on Amazon through the webhook process and a worker, within a minute', async () => {
	const before = (await executions()).length;
	const saved = emulators.netsuite.shipFulfillment(FULFILLMENT);
	const run = await saved.done;
	story.notice = run && run.notice && { status: run.notice.status, ms: run.notice.ms };
	expect(run && run.notice && run.notice.status).toBe(200);

	const confirmed = await waitFor(
		'the confirmation on Amazon',
		() => {
			const packages = (emulators.amazon.inspect().orders[ORDER] || {}).packages || [];
			return packages.length ? packages : null;
		},
		{ timeoutMs: 120000, pollMs: 250 },
	);
	story.saveToAmazonMs = Date.now() - saved.savedAtMs;
	say(`save → Amazon holds the confirmation: ${(story.saveToAmazonMs / 1000).toFixed(1)} s`);
	expect(confirmed).toHaveLength(1);
	expect(confirmed[0].confirmations).toBe(1);
	expect(story.saveToAmazonMs).toBeLessThan(60000);

	// One execution, received by the webhook process and run by the worker; NetSuite marked sent.
	const list = await waitFor(
		'the finished execution',
		async () => {
			const l = await executions();
			return l.length > before && l.every((e) => e.status === 'success') ? l : null;
		},
		{ timeoutMs: 120000, pollMs: 1000 },
	);
	expect(list).toHaveLength(before + 1);
	const execution = await client.getExecution(list[list.length - 1].id);
	expect(execution.mode).toBe('webhook');
	const emitted = (runDataOf(execution)[HOOK] || []).flatMap((r) => r.outputs[0] || []);
	expect(emitted.map((f) => String(f.fulfillmentId))).toEqual([FULFILLMENT]);
	expect((runDataOf(execution)[UPDATE] || []).length).toBe(1);
	await waitFor(
		'NetSuite shows it sent',
		() => emulators.netsuite.inspect().itemFulfillments[FULFILLMENT].sentToAmazon === true,
		{ timeoutMs: 30000, pollMs: 500 },
	);
	expect(fs.readFileSync(worker.logFile, 'utf8')).toContain(
		`Worker started execution ${execution.id} `,
	);
	expect(main.readLog()).not.toContain('Worker started execution');
	story.execution = execution.id;
});

test('unsigned, wrongly signed and stale notices are refused by the webhook process; a notice for a sent fulfillment starts nothing', async () => {
	const before = (await executions()).length;
	const body = {
		type: 'itemfulfillment.shipped',
		fulfillmentId: FULFILLMENT,
		event: 'edit',
		lastModified: new Date().toISOString(),
		sentAt: new Date().toISOString(),
		account: emulators.credentials.netSuiteApi.accountId,
	};
	const post = async ({ raw, headers }) => {
		const res = await fetch(noticeUrl, { method: 'POST', body: raw, headers });
		return { status: res.status, text: await res.text() };
	};
	const good = notice(body);
	const answers = {
		unsigned: (await post({ raw: good.raw, headers: { 'Content-Type': 'application/json' } }))
			.status,
		wrongSecret: (await post(notice(body, { secret: 'not-the-secret' }))).status,
		stale: (await post(notice(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }))).status,
	};
	story.refused = answers;
	expect(answers).toEqual({ unsigned: 401, wrongSecret: 401, stale: 408 });

	// Correctly signed, but the fulfillment is already sent: answered once verified (the default
	// Answer), before NetSuite is read; the read then starts nothing.
	const sent = await post(good);
	expect(sent.status).toBe(200);
	expect(JSON.parse(sent.text)).toEqual({ status: 'received', fulfillmentId: FULFILLMENT });
	expect(sent.text).not.toContain(SECRET);
	await sleep(3000);
	expect((await executions()).length).toBe(before);
	// Amazon still holds the one confirmation.
	expect(emulators.amazon.inspect().orders[ORDER].packages.map((p) => p.confirmations)).toEqual([
		1,
	]);
});
