'use strict';

/**
 * The editor experience in a real browser: the pinned n8n with the packed package, the template
 * and two credentials pointing at the emulators, opened in headless Chromium (Debian's, driven
 * by playwright-core) after signing in through the form. Screenshots of each step land in
 * e2e/artifacts/browser-<time>/ (gitignored), also when a check fails.
 *
 * Run alone: npx jest -c e2e/jest.config.js e2e/browser   (see e2e/README.md, "Browser test")
 */
const fs = require('node:fs');
const path = require('node:path');
const {
	startStack,
	launchBrowser,
	ARTIFACTS,
	CREDENTIALS,
	WRONG_AMAZON,
	WRONG_CLIENT_SECRET,
	WORKFLOW_ID,
	say,
} = require('./stack');
const {
	shooter,
	signIn,
	openWorkflow,
	canvasNode,
	openNode,
	closeNode,
	paramInput,
	shownValue,
	shotInPanel,
	visibleOptions,
} = require('./editor');

const PKG = require('../../package.json');
const SEED = require('../../emulators/seed/default-seed.json');
const RUN = `browser-${new Date().toISOString().replace(/[:.]/g, '-')}`;
const shot = shooter(path.join(ARTIFACTS, RUN));

let stack;
let context;
let page;
let nodeTypes; // name → description, as the running n8n serves them
const timings = {};

const packageNodes = (wf) => wf.nodes.filter((n) => n.type.startsWith(`${PKG.name}.`));
const nodeNamed = (name) => stack.workflow.nodes.find((n) => n.name === name);
const byType = (suffix) =>
	packageNodes(stack.workflow).filter((n) => n.type.endsWith(`.${suffix}`));

beforeAll(async () => {
	let t = Date.now();
	stack = await startStack();
	timings.stack = Date.now() - t;
	say(`n8n ${stack.n8n.baseUrl}, run folder ${stack.n8n.runDir}, screenshots e2e/artifacts/${RUN}`);
	nodeTypes = Object.fromEntries((await stack.client.nodeTypes()).map((d) => [d.name, d]));

	t = Date.now();
	context = await launchBrowser({ profileDir: path.join(stack.n8n.runDir, 'chromium-profile') });
	page = context.pages()[0] || (await context.newPage());
	page.setDefaultTimeout(20000);
	await signIn(page, stack.n8n.baseUrl, stack.n8n.owner);
	await openWorkflow(page, stack.n8n.baseUrl, WORKFLOW_ID);
	timings.browser = Date.now() - t;
}, 600000);

afterAll(async () => {
	if (page) await shot(page, 'last').catch(() => {});
	// Leaving the workflow page releases n8n's write lock before the server goes down.
	if (context) await context.close().catch(() => {});
	if (stack) await stack.stop();
	say(`timings (ms): ${JSON.stringify(timings)}`);
});

/** A failing check still leaves a picture of the page. */
afterEach(async () => {
	const state = expect.getState();
	if (page && state.currentTestName) {
		const name = state.currentTestName.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
		await shot(page, `end-${name}`).catch(() => {});
	}
});

test('every node of the package renders on the canvas with its icon and name, none unknown', async () => {
	// Every node the package declares is in one of the shipped templates, so none ships unseen.
	const declared = PKG.n8n.nodes.length;
	const inTemplates = new Set(
		fs
			.readdirSync(path.join(__dirname, '../../workflows'))
			.filter((f) => f.endsWith('.json'))
			.flatMap((f) => packageNodes(require(`../../workflows/${f}`)).map((n) => n.type)),
	);
	expect(inTemplates.size).toBe(declared);
	// The main template holds the whole flow: every node but the audit and the webhook trigger,
	// which have templates of their own.
	const ownTemplate = ['.amazonOrderAudit', '.netSuiteFulfillmentWebhookTrigger'];
	const used = [...new Set(packageNodes(stack.workflow).map((n) => n.type))];
	expect(used.sort()).toEqual(
		[...inTemplates].filter((t) => !ownTemplate.some((s) => t.endsWith(s))).sort(),
	);

	await shot(page, 'canvas-template');
	for (const node of packageNodes(stack.workflow)) {
		const el = canvasNode(page, node.name);
		await expect(el.isVisible()).resolves.toBe(true);
		const seen = await el.evaluate((e) => ({
			type: e.getAttribute('data-node-type'),
			text: e.innerText,
			icons: [...e.querySelectorAll('img')].map((i) => ({
				src: i.getAttribute('src'),
				loaded: i.complete && i.naturalWidth > 0,
			})),
		}));
		expect({ node: node.name, type: seen.type }).toEqual({ node: node.name, type: node.type });
		expect(seen.text).toContain(node.name);
		// The package's own SVG, served from the installed package and actually drawn.
		expect(seen.icons).toEqual([
			{ src: expect.stringContaining(`/icons/${PKG.name}/dist/nodes/`), loaded: true },
		]);
	}
	const body = await page.locator('body').innerText();
	expect(body).not.toMatch(/install this node|unrecognized node|node is not currently installed/i);
	expect(await page.locator('[data-test-id=canvas-node-status-warning]').count()).toBe(0);
});

/**
 * What the panel shows for each top-level parameter the template sets: text, number, option
 * label, expression or switch. Returns [{ name, expected, shown }] for the checks.
 */
async function panelAgainstTemplate(node) {
	const type = nodeTypes[node.type];
	const rows = [];
	for (const [name, value] of Object.entries(node.parameters)) {
		const prop = type.properties.find((p) => p.name === name && rowIsShown(p, node.parameters));
		if (
			!prop ||
			['collection', 'fixedCollection', 'resourceMapper', 'resourceLocator'].includes(prop.type)
		)
			continue;
		if (prop.type === 'boolean') {
			const on = await page
				.getByTestId(`parameter-input-${name}`)
				.locator('.el-switch')
				.evaluate((e) => e.classList.contains('is-checked'));
			rows.push({ name, expected: value, shown: on });
			continue;
		}
		const shown = (await shownValue(page, name)).trim();
		let expected = value;
		if (typeof value === 'string' && value.startsWith('=')) expected = value.slice(1).trim();
		else if (prop.type === 'options')
			expected = (prop.options.find((o) => o.value === value) || {}).name;
		else if (prop.type === 'number') {
			rows.push({ name, expected: Number(value), shown: Number(shown) });
			continue;
		}
		rows.push({ name, expected, shown });
	}
	return rows;
}

/** displayOptions.show/hide of one property against the node's values (what the editor does). */
function rowIsShown(prop, values) {
	const d = prop.displayOptions || {};
	const read = (key) => values[key] ?? nodeTypesDefault(prop, key);
	for (const [key, allowed] of Object.entries(d.show || {})) {
		if (!allowed.includes(read(key))) return false;
	}
	for (const [key, denied] of Object.entries(d.hide || {})) {
		if (denied.includes(read(key))) return false;
	}
	return true;
}
const nodeTypesDefault = () => undefined;

test('the trigger panel shows the template’s source, saved search and field mapping; the saved-search list loads from the emulator', async () => {
	const [trigger] = byType('netSuiteSavedSearchTrigger');
	await openNode(page, trigger.name);
	await shot(page, 'trigger-panel');

	for (const row of await panelAgainstTemplate(trigger)) expect(row.shown).toEqual(row.expected);
	const rlc = page.getByTestId('resource-locator-savedSearch');
	await expect(rlc.getByTestId('rlc-input').inputValue()).resolves.toBe(
		trigger.parameters.savedSearch.value,
	);
	for (const [field, value] of Object.entries(trigger.parameters.fields)) {
		await expect(shownValue(page, field)).resolves.toBe(value);
	}
	await shotInPanel(
		page,
		shot,
		'trigger-field-mapping',
		page.getByTestId('parameter-input-amazonOrderIdField'),
	);

	// From list: the picker asks NetSuite (the emulator's RESTlet) for the saved searches.
	await rlc.scrollIntoViewIfNeeded();
	await rlc.getByTestId('rlc-mode-selector').click();
	await page.locator('[data-test-id=mode-list]:visible').click();
	await rlc.getByTestId('rlc-input').click();
	const items = page.getByTestId('rlc-item');
	await items.first().waitFor();
	await shot(page, 'trigger-saved-search-list');
	const expected = SEED.netsuite.savedSearches
		.filter((s) => /fulfil/i.test(s.recordType))
		.map((s) => `${s.title} (${s.scriptId})`)
		.sort();
	expect((await items.allTextContents()).map((s) => s.trim()).sort()).toEqual(expected);
	await items.filter({ hasText: trigger.parameters.savedSearch.value }).click();
	await closeNode(page);
});

test('the feed panel shows the template’s field mappings and every carrier rule', async () => {
	const [feed] = byType('amazonShipmentFeed');
	await openNode(page, feed.name);
	await page.getByTestId('resource-mapper-container').waitFor();
	await shot(page, 'feed-panel');

	for (const row of await panelAgainstTemplate(feed)) expect(row.shown).toEqual(row.expected);
	for (const [field, value] of Object.entries(feed.parameters.fulfillmentFields.value)) {
		const shown = (await shownValue(page, field)).trim();
		expect({ field, shown }).toEqual({ field, shown: String(value).replace(/^=/, '').trim() });
	}
	const rules = feed.parameters.carrierMapping.rule;
	expect(rules.length).toBeGreaterThan(0);
	for (const [i, rule] of rules.entries()) {
		for (const key of ['match', 'shippingMethod', 'carrierName']) {
			await expect(paramInput(page, `carrierMapping.rule[${i}].${key}`).inputValue()).resolves.toBe(
				rule[key] ?? '',
			);
		}
		// The code dropdown shows the template's Amazon code (loaded from the node's list).
		await expect(shownValue(page, 'carrierCode', i)).resolves.toBe(rule.carrierCode);
	}
	await shotInPanel(
		page,
		shot,
		'feed-carrier-table',
		page.getByTestId('fixed-collection-carrierMapping'),
	);
	await closeNode(page);
});

test('the status and update panels show what the template set', async () => {
	for (const node of [...byType('amazonFeedStatus'), ...byType('netSuiteUpdateOrder')]) {
		await openNode(page, node.name);
		await shot(page, `panel-${node.name.replace(/\W+/g, '-')}`);
		const rows = await panelAgainstTemplate(node);
		expect(rows.length).toBeGreaterThan(2);
		for (const row of rows)
			expect({ node: node.name, ...row, shown: row.shown }).toEqual({
				node: node.name,
				...row,
				shown: row.expected,
			});
		await closeNode(page);
	}
});

test('a carrier rule and a field mapping edited in the panel are in the saved workflow', async () => {
	const [feed] = byType('amazonShipmentFeed');
	const rules = feed.parameters.carrierMapping.rule;
	await openNode(page, feed.name);
	await page.getByTestId('resource-mapper-container').waitFor();

	// Change a rule's Amazon shipping service, and map the shipping method for every item.
	await paramInput(page, 'carrierMapping.rule[0].shippingMethod').fill('Ground Residential');
	const mapping = page.getByTestId('parameter-input-shippingMethod').first().locator('input');
	await mapping.fill('Standard');

	// Add a rule: NetSuite text, Amazon code picked from the list.
	await page
		.getByTestId('fixed-collection-carrierMapping')
		.locator('[data-test-id=fixed-collection-add]')
		.click();
	const added = rules.length;
	await paramInput(page, `carrierMapping.rule[${added}].match`).fill('Canada Post Expedited');
	await page.getByTestId('parameter-input-carrierCode').nth(added).click();
	const options = await visibleOptions(page);
	expect(options).toEqual(expect.arrayContaining(['Canada Post', 'FedEx', 'UPS', 'USPS']));
	await page
		.locator('[data-test-id=parameter-input-item]:visible')
		.filter({ has: page.locator('.option-headline', { hasText: /^Canada Post$/ }) })
		.click();
	await shotInPanel(
		page,
		shot,
		'feed-rule-added',
		paramInput(page, `carrierMapping.rule[${added}].match`),
	);
	await closeNode(page);

	// Ctrl+S like a user (the editor also saves by itself); wait for the request to finish.
	const saved = page.waitForResponse(
		(r) => r.url().includes(`/rest/workflows/${WORKFLOW_ID}`) && r.request().method() === 'PATCH',
	);
	await page.keyboard.press('Control+s');
	expect((await saved).status()).toBe(200);

	const stored = await stack.client.getWorkflow(WORKFLOW_ID);
	const storedFeed = stored.nodes.find((n) => n.name === feed.name).parameters;
	expect(storedFeed.carrierMapping.rule).toHaveLength(rules.length + 1);
	expect(storedFeed.carrierMapping.rule[0]).toEqual({
		...rules[0],
		shippingMethod: 'Ground Residential',
	});
	expect(storedFeed.carrierMapping.rule[added]).toEqual(
		expect.objectContaining({ match: 'Canada Post Expedited', carrierCode: 'Canada Post' }),
	);
	expect(storedFeed.fulfillmentFields.value.shippingMethod).toBe('Standard');
	// Everything else as imported.
	expect(storedFeed.carrierMapping.rule.slice(1, added)).toEqual(rules.slice(1));
	// The saved-search pick from the list (previous test) was stored too.
	const storedTrigger = stored.nodes.find(
		(n) => n.name === byType('netSuiteSavedSearchTrigger')[0].name,
	);
	expect(storedTrigger.parameters.savedSearch).toEqual(
		expect.objectContaining({ mode: 'list', value: 'customsearch_amz_if_to_send' }),
	);
});

/** The credential modal for one stored credential. */
async function openCredential(id) {
	await page.goto(`${stack.n8n.baseUrl}/home/credentials/${id}`);
	const modal = page.getByTestId('editCredential-modal');
	await modal.waitFor();
	return modal;
}

const labelsIn = async (modal) =>
	(
		await modal
			.locator('[data-test-id=credential-connection-parameter] label, .n8n-input-label')
			.allInnerTexts()
	)
		.map((t) =>
			t
				.split('\n')[0]
				.replace(/\s*\*\s*$/, '')
				.trim(),
		)
		.filter(Boolean);

const placeholderOf = (modal, name) =>
	modal
		.getByTestId(`parameter-input-${name}`)
		.locator('input, textarea')
		.first()
		.getAttribute('placeholder');

/**
 * Saves the form with one field changed and returns what the modal then says; the credential
 * test runs on save.
 */
async function saveWith(modal, name, value) {
	await modal.getByTestId(`parameter-input-${name}`).locator('input').fill(value);
	await modal.getByTestId('credential-save-button').click();
}

async function failureText(modal) {
	await modal
		.getByText(/couldn.t connect/i)
		.first()
		.waitFor({ timeout: 30000 });
	const more = modal.getByText(/more details/i);
	if (await more.count()) await more.first().click();
	await page.waitForTimeout(300);
	return modal.innerText();
}

test('the NetSuite credential form shows the README’s fields and hints; its test passes, and a wrong secret gets the audit-trail hint', async () => {
	const good = stack.emulators.credentials.netSuiteApi;
	const modal = await openCredential(CREDENTIALS.netSuiteApi.id);
	await modal.getByTestId('credentials-config-container-test-success').waitFor({ timeout: 30000 });
	await shot(page, 'credential-netsuite-tba');
	const tba = await labelsIn(modal);
	for (const label of [
		'Authentication',
		'Account ID',
		'Consumer Key',
		'Consumer Secret',
		'Token ID',
		'Token Secret',
		'REST Base URL Override',
		'RESTlet Base URL Override',
	]) {
		expect(tba).toContain(label);
	}
	await expect(placeholderOf(modal, 'accountId')).resolves.toContain('1234567_SB1');

	// Wrong token secret: the test fails with NetSuite's INVALID_LOGIN explained, secret not shown.
	await saveWith(modal, 'tokenSecret', 'not-the-token-secret');
	const text = await failureText(modal);
	await shot(page, 'credential-netsuite-wrong-secret');
	expect(text).toMatch(/INVALID_LOGIN/);
	expect(text).toMatch(/Login Audit Trail/);
	expect(text).not.toContain('not-the-token-secret');

	// The right one again: the test passes.
	await saveWith(modal, 'tokenSecret', good.tokenSecret);
	await modal.getByTestId('credentials-config-container-test-success').waitFor({ timeout: 30000 });

	// OAuth 2.0 M2M shows its own fields (not saved).
	await modal.getByTestId('parameter-input-authentication').click();
	await page
		.locator('[data-test-id=parameter-input-item]:visible', { hasText: 'Machine to Machine' })
		.click();
	await modal.getByTestId('parameter-input-certificateId').waitFor();
	await shot(page, 'credential-netsuite-m2m');
	const m2m = await labelsIn(modal);
	for (const label of ['Account ID', 'Client ID', 'Certificate ID', 'Private Key', 'Algorithm']) {
		expect(m2m).toContain(label);
	}
	expect(m2m).not.toContain('Token Secret');
	await page.goto(`${stack.n8n.baseUrl}/home/credentials`);
});

test('the Amazon credential form shows the README’s fields and hints; its test passes, and a wrong secret says so', async () => {
	const modal = await openCredential(CREDENTIALS.amazonSpApi.id);
	await modal.getByTestId('credentials-config-container-test-success').waitFor({ timeout: 30000 });
	await shot(page, 'credential-amazon');
	const labels = await labelsIn(modal);
	// The README's names (the form may prefix LWA).
	for (const label of [
		/^(LWA )?Client ID$/,
		/^(LWA )?Client Secret$/,
		/^Refresh Token$/,
		/^Region$/,
		/^Seller ID \(Merchant Token\)$/,
		/^Sandbox$/,
		/^Endpoint Override$/,
		/^LWA Token URL Override$/,
	]) {
		expect(labels).toEqual(expect.arrayContaining([expect.stringMatching(label)]));
	}
	await expect(placeholderOf(modal, 'refreshToken')).resolves.toContain('Atzr|');

	// n8n keeps the access token it fetched, so a secret changed here is only tried once that
	// token expires (an hour). A credential that never had a token shows the failure at once.
	await page.goto(`${stack.n8n.baseUrl}/home/credentials`);
	const wrong = await openCredential(WRONG_AMAZON.id);
	const text = await failureText(wrong);
	await shot(page, 'credential-amazon-wrong-secret');
	// Login with Amazon's verdict on the client secret.
	expect(text).toMatch(/invalid_client|Client Secret/);
	expect(text).not.toContain(WRONG_CLIENT_SECRET);
	await page.goto(`${stack.n8n.baseUrl}/home/credentials`);
});
