'use strict';

/**
 * A new user's first hour, as the README tells it, in a real n8n 2.41.1 in headless Chromium:
 *
 *   1. `npm run emulators` (in-process: scripts/emulators.js runEmulators, the very lines it prints);
 *   2. Install in n8n, from this checkout: `npm run build && npm pack`, the tarball copied into
 *      <user folder>/.n8n/nodes and `npm install ./<tarball> --omit=peer` there (N8N_USER_FOLDER=X);
 *   3. the template imported through the menu: … → Import → From file;
 *   4. both credentials created through their forms, typing what the emulators printed, label by label;
 *      picked in the five nodes that need them;
 *   5. Start From set to "Everything Not Yet Sent"; Publish with a version name;
 *   6. the emulators' final state checked: every seed fulfillment ends as the README's demo table says,
 *      after the real 2-minute Wait.
 *
 * Screenshots of each step: e2e/artifacts/readme-path-<time>/ (CI keeps e2e/artifacts). The README's
 * canvas picture (docs/images/template-canvas.png) comes from step 01.
 *
 * Run alone: npx jest -c e2e/jest.config.js e2e/browser/readme-path   (~6 min; nice it)
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { runEmulators } = require('../../scripts/emulators');
const { createN8n, packPackage } = require('../n8n-process');
const { nodeBinary } = require('../install-n8n');
const { launchBrowser, ARTIFACTS, REPO_ROOT, say } = require('./stack');
const { shooter, signIn, dismissOverlays, canvasNode, openNode, closeNode } = require('./editor');

const TEMPLATE = path.join(REPO_ROOT, 'workflows', 'netsuite-fulfillments-to-amazon.json');
const RUN = `readme-path-${new Date().toISOString().replace(/[:.]/g, '-')}`;
const shot = shooter(path.join(ARTIFACTS, RUN));

// The README's demo table (seed fulfillments by internal ID).
const ACCEPTED = ['1201', '1202', '1203', '1204', '1205', '1207', '1213', '1214'];
const REJECTED = ['1208', '1209', '1212'];
const INVALID = ['1215'];
const UNTOUCHED = ['1206', '1211'];

let emulators;
let printed = [];
let n8n;
let context;
let page;
const timings = {};

/**
 * What `npm run emulators` printed for each credential form: { 'NetSuite API': { name, fields:
 * [{ label, value }] } }. Labels and values are separated by two or more spaces, as printed.
 */
function printedForms(lines) {
	const forms = {};
	let current = null;
	for (const line of lines) {
		const head = /^(.+): in n8n, Create credential > "(.+)"; n8n names it "(.+)"\.$/.exec(line);
		if (head) {
			current = { type: head[2], name: head[3], fields: [] };
			forms[head[2]] = current;
			continue;
		}
		if (!current) continue;
		if (!line.startsWith('  ') || line.startsWith('  Leave')) {
			current = null;
			continue;
		}
		const [label, value] = line.trim().split(/\s{2,}/);
		current.fields.push({ label, value });
	}
	return forms;
}

/** The README's route, from a checkout: pack, copy into the nodes folder, npm install there. */
function installFromCheckout(userFolder) {
	const tarball = packPackage(); // npm run build && npm pack
	const nodesDir = path.join(userFolder, '.n8n', 'nodes'); // N8N_USER_FOLDER=X → X/.n8n/nodes
	fs.mkdirSync(nodesDir, { recursive: true });
	const local = path.join(nodesDir, path.basename(tarball));
	fs.copyFileSync(tarball, local);
	const env = {
		...process.env,
		PATH: `${path.dirname(nodeBinary())}${path.delimiter}${process.env.PATH}`,
	};
	const r = spawnSync('npm', ['install', `./${path.basename(tarball)}`, '--omit=peer'], {
		cwd: nodesDir,
		env,
		encoding: 'utf8',
	});
	if (r.status !== 0)
		throw new Error(`npm install in ${nodesDir} failed:\n${r.stdout}\n${r.stderr}`);
	return { nodesDir, tarball: path.basename(tarball) };
}

beforeAll(async () => {
	let t = Date.now();
	emulators = await runEmulators({
		ports: { netsuite: 0, amazon: 0 },
		write: (line) => printed.push(line),
	});
	n8n = await createN8n({ installPackage: false });
	const installed = installFromCheckout(n8n.userFolder);
	say(`installed ${installed.tarball} into ${installed.nodesDir}`);
	timings.install = Date.now() - t;
	t = Date.now();
	await n8n.start();
	timings.n8nStart = Date.now() - t;
	say(`n8n ${n8n.baseUrl}, run folder ${n8n.runDir}, screenshots e2e/artifacts/${RUN}`);
	context = await launchBrowser({ profileDir: path.join(n8n.runDir, 'chromium-profile') });
	page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(20000);
	await signIn(page, n8n.baseUrl, n8n.owner);
}, 600000);

afterAll(async () => {
	if (page) await shot(page, 'last').catch(() => {});
	if (context) await context.close().catch(() => {});
	if (n8n) await n8n.stop();
	if (emulators) await emulators.close();
	say(`timings (ms): ${JSON.stringify(timings)}`);
});

/** Each step needs the ones before: after a failure the rest fail at once instead of waiting. */
let failedStep = null;
const needEarlierSteps = () => {
	if (failedStep) throw new Error(`an earlier step failed: ${failedStep}`);
};

/** A test that first checks the earlier steps passed, and marks itself failed for the later ones. */
function step(name, fn, timeout) {
	test(
		name,
		async () => {
			needEarlierSteps();
			try {
				await fn();
			} catch (error) {
				failedStep = name;
				throw error;
			}
		},
		timeout,
	);
}

afterEach(async () => {
	const state = expect.getState();
	if (page && state.currentTestName) {
		const name = state.currentTestName.replace(/[^a-z0-9]+/gi, '-').slice(0, 50);
		await shot(page, `end-${name}`).catch(() => {});
	}
});

step('import through the menu: … → Import → From file', async () => {
	await page.goto(`${n8n.baseUrl}/workflow/new`);
	await page.getByTestId('workflow-menu').waitFor();
	await dismissOverlays(page);
	await page.getByTestId('workflow-menu').click();
	await page.getByTestId('workflow-menu-item-import').hover();
	const [chooser] = await Promise.all([
		page.waitForEvent('filechooser'),
		page.getByTestId('workflow-menu-item-import-from-file').click(),
	]);
	await chooser.setFiles(TEMPLATE);
	const template = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8'));
	for (const node of template.nodes.filter((n) => !n.type.endsWith('.stickyNote')))
		await canvasNode(page, node.name).waitFor();
	await page.getByTestId('zoom-to-fit').click();
	await page.waitForTimeout(600);
	await shot(page, 'imported-canvas');
	const body = await page.locator('body').innerText();
	expect(body).not.toMatch(/install this node|unrecognized node|node is not currently installed/i);
});

/** Fills one credential form with what the emulators printed, label by label, and saves it. */
async function fillCredential(form) {
	const modal = page.getByTestId('editCredential-modal');
	await modal.waitFor();
	const fields = modal.getByTestId('credential-connection-parameter');
	const byLabel = async (label) => {
		const count = await fields.count();
		for (let i = 0; i < count; i++) {
			const text = await fields
				.nth(i)
				.locator('label')
				.first()
				.innerText()
				.catch(() => '');
			if (
				text
					.split('\n')[0]
					.replace(/\s*\*\s*$/, '')
					.trim() === label
			)
				return fields.nth(i);
		}
		throw new Error(`no field labelled "${label}" on the ${form.type} form`);
	};
	for (const { label, value } of form.fields) {
		const field = await byLabel(label);
		const pick = /^(.+) \((pick it|already selected)\)$/.exec(value);
		const toggle = /^(on|off) \((leave it|switch it)\)$/.exec(value);
		if (pick) {
			await field.getByTestId('parameter-input').first().click();
			await page.getByTestId('parameter-input-item').filter({ hasText: pick[1] }).first().click();
		} else if (toggle) {
			const on = await field
				.locator('.el-switch')
				.evaluate((e) => e.classList.contains('is-checked'));
			if (on !== (toggle[1] === 'on')) await field.locator('.el-switch').click();
		} else {
			await field.locator('input, textarea').first().fill(value);
		}
	}
	await shot(page, `credential-${form.type.replace(/\W+/g, '-').toLowerCase()}`);
	const before = printed.length;
	await modal.getByTestId('credential-save-button').click();
	// Created from a node's panel, n8n closes the form once the save and its test passed; opened
	// elsewhere, it stays open and shows the test result.
	const success = modal.getByTestId('credentials-config-container-test-success');
	await Promise.race([
		modal.waitFor({ state: 'hidden', timeout: 30000 }),
		success.waitFor({ timeout: 30000 }),
	]);
	await shot(page, `credential-${form.type.replace(/\W+/g, '-').toLowerCase()}-saved`);
	if (await modal.isVisible()) {
		await page.keyboard.press('Escape');
		await modal.waitFor({ state: 'hidden' });
	}
	// The credential test reached the emulator and passed (the request log shows it).
	const tested = printed.slice(before).join('\n');
	expect(tested).toMatch(
		form.type === 'NetSuite API'
			? /NetSuite POST +\/services\/rest\/query\/v1\/suiteql 200/
			: /Amazon +GET +\/sellers\/v1\/marketplaceParticipations 200/,
	);
}

/** The credential a node's panel shows (its name), or '' when none is picked. */
async function pickedCredential() {
	const slot = page.getByTestId('node-credentials-slot').first();
	await slot.waitFor();
	if (await slot.getByTestId('node-credentials-empty-state').count()) return '';
	// The picked credential is the value of the slot's select input (innerText leaves inputs out).
	const input = slot.locator('input');
	if (await input.count()) return (await input.first().inputValue()).trim();
	return (await slot.innerText()).replace(/^Credential\s*/i, '').trim();
}

step(
	'both credentials through their forms, with the values npm run emulators printed; picked in the five nodes',
	async () => {
		const forms = printedForms(printed);
		expect(Object.keys(forms).sort()).toEqual(['Amazon Selling Partner API', 'NetSuite API']);
		const template = JSON.parse(fs.readFileSync(TEMPLATE, 'utf8'));
		const needing = template.nodes.filter((n) => n.credentials);
		expect(needing).toHaveLength(5);

		// Created from the first node that needs each one, as a user does.
		for (const [node, form] of [
			['NetSuite Saved Search Trigger', forms['NetSuite API']],
			['Amazon Shipment Feed', forms['Amazon Selling Partner API']],
		]) {
			await openNode(page, node);
			await page.getByTestId('node-credentials-empty-state').click();
			await fillCredential(form);
			expect(await pickedCredential()).toContain(form.name);
			await closeNode(page);
		}
		// The other nodes: picked from the list unless n8n already did.
		for (const node of needing) {
			await openNode(page, node.name);
			const [type] = Object.keys(node.credentials);
			const want =
				type === 'netSuiteApi'
					? forms['NetSuite API'].name
					: forms['Amazon Selling Partner API'].name;
			if (!(await pickedCredential()).includes(want)) {
				await page
					.getByTestId('node-credentials-slot')
					.getByTestId('node-credentials-select')
					.click();
				await page.getByText(want, { exact: true }).first().click();
			}
			expect(await pickedCredential()).toContain(want);
			await closeNode(page);
		}
		await shot(page, 'credentials-picked');
	},
);

step('Start From "Everything Not Yet Sent", then Publish with a version name', async () => {
	await openNode(page, 'NetSuite Saved Search Trigger');
	await page.getByTestId('parameter-input-startFrom').click();
	await page
		.getByTestId('parameter-input-item')
		.filter({ hasText: 'Everything Not Yet Sent' })
		.click();
	await shot(page, 'start-from');
	await closeNode(page);
	await page.keyboard.press('Control+s');
	await page.waitForTimeout(1000);

	await page.getByTestId('workflow-open-publish-modal-button').click();
	const dialog = page.locator('.el-dialog:visible, [role=dialog]:visible').last();
	await dialog.waitFor();
	const name = dialog.locator('input:visible').first();
	await name.fill('First run against the emulators');
	await shot(page, 'publish-dialog');
	await dialog.getByRole('button', { name: /^publish$/i }).click();
	// n8n 2.41 says what publishing means for a polling trigger, then marks the workflow Published.
	const notice = page.getByText('Workflow published', { exact: true });
	await notice.waitFor({ timeout: 60000 });
	await shot(page, 'published');
	await page.getByRole('button', { name: 'Got it' }).click();
	await notice.waitFor({ state: 'hidden' });
	await page.getByText('Published', { exact: true }).first().waitFor();
});

step(
	"the emulators end as the README's demo table says, after the real Wait",
	async () => {
		const t = Date.now();
		const settled = () => {
			const f = emulators.netsuite.inspect().itemFulfillments;
			return (
				ACCEPTED.every((id) => f[id].sentToAmazon) &&
				[...REJECTED, ...INVALID].every((id) => f[id].error)
			);
		};
		while (!settled()) {
			if (Date.now() - t > 8 * 60_000) break;
			await new Promise((r) => setTimeout(r, 5000));
		}
		timings.run = Date.now() - t;
		const f = emulators.netsuite.inspect().itemFulfillments;
		for (const id of ACCEPTED)
			expect([id, f[id].sentToAmazon, f[id].feedId]).toEqual([id, true, expect.any(String)]);
		for (const id of [...REJECTED, ...INVALID])
			expect([id, f[id].sentToAmazon, f[id].error]).toEqual([
				id,
				false,
				expect.stringMatching(/\S/),
			]);
		for (const id of UNTOUCHED) expect([id, f[id].error]).toEqual([id, null]);
		// Amazon holds each accepted fulfillment's packages once.
		const orders = emulators.amazon.inspect().orders;
		const packages = Object.values(orders).flatMap((o) => o.packages || []);
		const refs = packages.map((p) => `${p.carrierCode}|${p.trackingNumber}`);
		expect(new Set(refs).size).toBe(refs.length);
		expect(packages.length).toBeGreaterThanOrEqual(ACCEPTED.length);
		// The request log named what it did, as `npm run emulators` shows it.
		const log = printed.join('\n');
		expect(log).toMatch(
			/NetSuite PATCH +\/services\/rest\/record\/v1\/itemFulfillment\/1201 20\d +fulfillment IF1201/,
		);
		expect(log).toMatch(/Amazon +POST +\/feeds\/2021-06-30\/feeds 202 +feed \S+: .*IF1201/);

		await page.getByTestId('radio-button-executions').click();
		await page.waitForTimeout(2000);
		await shot(page, 'executions');
	},
	600000,
);
