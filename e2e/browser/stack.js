'use strict';

/**
 * What the browser test needs around the editor: Debian's Chromium (installed with apt when
 * missing: CI starts from a fresh machine as root), the emulators, a real n8n with the packed
 * package, the template and two credentials pointing at the emulators, and a headless browser.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startEmulators } = require('../../emulators');
const { createN8n } = require('../n8n-process');
const {
	N8nClient,
	importCredentials,
	importWorkflow,
	loadWorkflowFile,
	emulatorCredentialRecords,
} = require('../n8n-api');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const TEMPLATE = path.join(REPO_ROOT, 'workflows', 'netsuite-fulfillments-to-amazon.json');
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const ARTIFACTS = path.join(REPO_ROOT, 'e2e', 'artifacts');
const WORKFLOW_ID = 'e2eBrowserFlow01';
const CREDENTIALS = {
	netSuiteApi: { id: 'e2eBrowserNsCred', name: 'NetSuite account' },
	amazonSpApi: { id: 'e2eBrowserAmzCre', name: 'Amazon SP-API' },
};
/** Not used by the workflow: a wrong client secret and no cached token, for the failing test. */
const WRONG_AMAZON = { id: 'e2eBrowserAmzBad', name: 'Amazon SP-API (wrong secret)' };
const WRONG_CLIENT_SECRET = 'amzn1.oa2-cs.v1.not-the-client-secret';

const say = (message) => process.stderr.write(`[browser] ${message}\n`);

/** Debian's chromium (browser downloads are not reachable here); apt-get when it is missing. */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	if (process.env.E2E_CHROMIUM) throw new Error(`E2E_CHROMIUM=${CHROMIUM} does not exist`);
	say('chromium missing: apt-get install -y chromium (needs root, ~1 min)');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		const r = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: 'inherit' });
		if (r.status !== 0) {
			throw new Error(
				`apt-get ${args.join(' ')} failed (${r.status ?? r.error}). Install Debian's chromium ` +
					'(apt-get install chromium) or set E2E_CHROMIUM to a Chromium binary.',
			);
		}
	}
	if (!fs.existsSync(CHROMIUM)) throw new Error(`apt installed chromium but ${CHROMIUM} is absent`);
	return CHROMIUM;
}

/**
 * Headless Chromium with a fresh profile (playwright passes it as --user-data-dir); nothing
 * phones home. Returns a browser context; close() ends Chromium.
 */
async function launchBrowser({ profileDir, viewport = { width: 1600, height: 1000 } }) {
	const { chromium, selectors } = require('playwright-core');
	// n8n marks its elements with data-test-id (playwright's default is data-testid).
	selectors.setTestIdAttribute('data-test-id');
	fs.rmSync(profileDir, { recursive: true, force: true });
	fs.mkdirSync(profileDir, { recursive: true });
	return chromium.launchPersistentContext(profileDir, {
		executablePath: ensureChromium(),
		headless: true,
		viewport,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic',
		],
	});
}

/** The template as a user has it after import, with the two credentials picked. */
function templateWorkflow() {
	return loadWorkflowFile(TEMPLATE, { id: WORKFLOW_ID, credentials: CREDENTIALS });
}

/**
 * Emulators + n8n (packed package, template, credentials) + an API client logged in with a key.
 * `stop()` ends all of it.
 */
async function startStack() {
	const emulators = await startEmulators();
	let n8n;
	try {
		const workflow = templateWorkflow();
		n8n = await createN8n();
		await importCredentials(n8n, [
			...emulatorCredentialRecords(CREDENTIALS, emulators),
			{
				...WRONG_AMAZON,
				type: 'amazonSpApi',
				data: { ...emulators.credentials.amazonSpApi, clientSecret: WRONG_CLIENT_SECRET },
			},
		]);
		await importWorkflow(n8n, workflow);
		await n8n.start();
		const client = new N8nClient(n8n.baseUrl);
		await client.login(n8n.owner.email, n8n.owner.password);
		await client.createApiKey('browser-e2e');
		return {
			emulators,
			n8n,
			client,
			workflow,
			async stop() {
				await n8n.stop();
				await emulators.close();
			},
		};
	} catch (error) {
		if (n8n) await n8n.stop();
		await emulators.close();
		throw error;
	}
}

module.exports = {
	ensureChromium,
	launchBrowser,
	startStack,
	templateWorkflow,
	ARTIFACTS,
	CREDENTIALS,
	WRONG_AMAZON,
	WRONG_CLIENT_SECRET,
	WORKFLOW_ID,
	REPO_ROOT,
	say,
};
