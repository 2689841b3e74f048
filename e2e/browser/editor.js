'use strict';

/**
 * Small page helpers for n8n 2.41's editor, on its data-test-id attributes. Everything waits on
 * something visible rather than sleeping, except where the editor animates.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Screenshots go to e2e/artifacts/<run>/NN-name.png (gitignored); returns the path. */
function shooter(dir) {
	fs.mkdirSync(dir, { recursive: true });
	let n = 0;
	return async (page, name, options = {}) => {
		n += 1;
		const file = path.join(dir, `${String(n).padStart(2, '0')}-${name}.png`);
		await page.screenshot({ path: file, ...options });
		return file;
	};
}

/** The sign-in form, as a user fills it in. */
async function signIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('#emailOrLdapLoginId').fill(email);
	await page.locator('#password').fill(password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !String(url).includes('/signin'), { timeout: 30000 });
}

/**
 * Closes whatever n8n 2.x may put over the canvas (what's-new, NPS survey, assistant, toasts).
 * Harmless when nothing is there.
 */
async function dismissOverlays(page) {
	for (const selector of [
		'[data-test-id=close-chat-button]:visible',
		'.el-dialog__headerbtn:visible',
		'.el-notification__closeBtn:visible',
		'[data-test-id=nps-survey-modal] .el-drawer__close-btn:visible',
		'[data-test-id=version-updates-panel] .el-drawer__close-btn:visible',
	]) {
		const items = page.locator(selector);
		const count = await items.count();
		for (let i = 0; i < count; i++)
			await items
				.nth(i)
				.click({ timeout: 2000 })
				.catch(() => {});
	}
}

async function openWorkflow(page, baseUrl, id) {
	await page.goto(`${baseUrl}/workflow/${id}`);
	await page.getByTestId('canvas-node').first().waitFor({ timeout: 60000 });
	await dismissOverlays(page);
	// Let the canvas fit the view before the first screenshot.
	await page.getByTestId('zoom-to-fit').click();
	await page.waitForTimeout(500);
}

const canvasNode = (page, name) =>
	page.locator(`[data-test-id=canvas-node][data-node-name="${name}"]`);

/** Opens a node's parameter panel (NDV) by double-clicking it on the canvas. */
async function openNode(page, name) {
	await canvasNode(page, name).dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.waitFor();
	await page.getByTestId('node-parameters').waitFor();
	return ndv;
}

async function closeNode(page) {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/** The input of a parameter, by its path as n8n writes it in the title ("carrierMapping.rule[0].match"). */
const paramInput = (page, pathInNode) =>
	page.locator(
		`input[title='Parameter: "${pathInNode}"'], textarea[title='Parameter: "${pathInNode}"']`,
	);

/**
 * What a parameter shows: the input's value, or the text of the expression editor / dropdown.
 * `name` is the parameter's name (data-test-id parameter-input-<name>); `nth` for repeats.
 */
async function shownValue(page, name, nth = 0) {
	const box = page.getByTestId(`parameter-input-${name}`).nth(nth);
	await box.waitFor();
	return box.evaluate((el) => {
		const input = el.querySelector('input, textarea');
		const editor = el.querySelector('.cm-content');
		if (editor) return editor.textContent;
		return input ? input.value : el.textContent;
	});
}

/** Scrolls the parameter panel so `locator` is in view, then screenshots the panel. */
async function shotInPanel(page, shot, name, locator) {
	if (locator) await locator.first().scrollIntoViewIfNeeded();
	await page.waitForTimeout(200);
	return shot(page, name);
}

/** Option names of the open parameter dropdown, once its options have loaded. */
async function visibleOptions(page) {
	const items = page.locator('[data-test-id=parameter-input-item]:visible');
	await items.first().waitFor();
	return (await items.locator('.option-headline').allTextContents()).map((t) => t.trim());
}

module.exports = {
	shooter,
	signIn,
	dismissOverlays,
	openWorkflow,
	canvasNode,
	openNode,
	closeNode,
	paramInput,
	shownValue,
	shotInPanel,
	visibleOptions,
};
