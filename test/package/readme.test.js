'use strict';
/**
 * What the README tells a new user, checked against the code it describes: the install route from
 * this checkout and the nodes folder, the commands, the names n8n shows (credentials, menus,
 * Publish), the five nodes that need credentials, the update node's panel text, the manual-run
 * warning, the Feed Status Wait step, the emulators' lifetimes and the Node 20 warning.
 * Needs `npm run build` (reads the built node and credential types, as n8n does).
 */
const fs = require('node:fs');
const path = require('node:path');

const { createRunner } = require('../harness/n8n-runner');
const { loadTemplate, nodeOf, nodesOf, outputNames } = require('../../scripts/demo/template');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { createTestClient } = require('../../emulators/amazon/testkit');

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PACKAGE = require('../../package.json');
const TARBALL = `${PACKAGE.name}-${PACKAGE.version}.tgz`;
const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'];

/** The README section under a heading, up to the next heading of the same or a higher level. */
function section(heading) {
	const start = README.indexOf(`\n${heading}\n`);
	expect([heading, start]).toEqual([heading, expect.any(Number)]);
	expect(start).toBeGreaterThanOrEqual(0);
	const level = heading.match(/^#+/)[0];
	const rest = README.slice(start + heading.length + 2);
	const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
	return end < 0 ? rest : rest.slice(0, end);
}

const codeBlocks = (text) => [...text.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1]);
const commands = (block) =>
	block
		.split('\n')
		.map((l) => l.replace(/#.*$/, '').trim())
		.filter(Boolean);

let runner;
let template;
beforeAll(async () => {
	runner = await createRunner({ packageDir: ROOT });
	template = loadTemplate();
});
const description = (type) => runner.nodeTypes.getByNameAndVersion(type).description;

test('"Try it in N commands" lists N commands', () => {
	const heading = README.match(/\n(## Try it in (\w+) commands?)\n/);
	const block = codeBlocks(section(heading[1]))[0];
	expect(commands(block)).toHaveLength(NUMBERS.indexOf(heading[2]));
});

test('install from the checkout: npm pack, then the tarball into <user folder>/.n8n/nodes, with the exact path', () => {
	const install = section('## Install in n8n');
	expect(install).toMatch(/not on the npm registry yet/);
	const steps = commands(codeBlocks(install)[0]).join('\n');
	expect(steps).toMatch(/npm run build && npm pack/);
	expect(steps).toContain(`cp ${TARBALL} ~/.n8n/nodes/`);
	expect(steps).toContain(`cd ~/.n8n/nodes && npm install ./${TARBALL} --omit=peer`);
	// One wording for the folder everywhere: <user folder>/.n8n/nodes; N8N_USER_FOLDER=X → X/.n8n/nodes.
	expect(install).toContain('`<user folder>/.n8n/nodes`');
	expect(install).toMatch(/`X\/\.n8n\/nodes` when n8n runs with `N8N_USER_FOLDER=X`/);
	expect(README).not.toMatch(/user folder\s*\(`~\/\.n8n`\)/);
	for (const m of README.matchAll(/`([^`]*\/nodes)`/g)) expect(m[1]).toMatch(/\.n8n\/nodes$/);
	expect(install).toMatch(/\*\*Once it is published\*\*/);
	// The demo's hint gives the same route.
	const demo = fs.readFileSync(path.join(ROOT, 'scripts/demo.js'), 'utf8');
	expect(demo).toMatch(/`npm pack`/);
	expect(demo).toContain('npm install ./${TARBALL} --omit=peer');
	expect(demo).toContain('~/.n8n/nodes');
	expect(demo).toContain('(X/.n8n/nodes with N8N_USER_FOLDER=X)');
	expect(demo).not.toMatch(/Community Nodes|npm install in ~\/\.n8n\/nodes\b/);
});

test('names credentials as n8n shows them, and counts the nodes that need them', () => {
	for (const type of ['netSuiteApi', 'amazonSpApi']) {
		const shown = runner.nodeTypes.getCredentialType(type).displayName;
		const named = `${shown.replace(/ API$/, '')} account`;
		expect(README).toContain(`**${shown}**`);
		expect(README).toContain(`*${named}*`);
		for (const node of template.nodes.filter((n) => n.credentials?.[type]))
			expect(node.credentials[type].name).toBe(named);
	}
	expect(README).not.toMatch(/Amazon SP-API\*? credential|\*Amazon SP-API\*/);
	const needing = template.nodes.filter((n) => n.credentials).length;
	expect(README).toContain(`Select them in the ${NUMBERS[needing]} nodes that`);
	expect(README).not.toMatch(/the four nodes as unknown/);
});

test('uses n8n 2.x wording: Import → From file, Publish with a version name', () => {
	expect(README).toContain('*Import* → *From file*');
	expect(README).not.toMatch(/Import from File/);
	expect(README).toMatch(/\*\*Publish\*\* \(n8n 2\.x asks for a version name/);
	expect(README).not.toMatch(/\bthen activate\b|, save, activate|and activate the workflow/);
	const demo = fs.readFileSync(path.join(ROOT, 'scripts/demo.js'), 'utf8');
	expect(demo).toMatch(/Import > From/);
	expect(demo).toMatch(/then Publish/);
});

test("NetSuite Update Order's panel names the outputs the template wires into each copy", () => {
	const notice = description(nodesOf(template, 'update')[0].type).properties.find(
		(p) => p.name === 'wiringNotice',
	).displayName;
	for (const update of nodesOf(template, 'update')) {
		const labels = [];
		for (const [source, { main }] of Object.entries(template.connections)) {
			const node = template.nodes.find((n) => n.name === source);
			const names = outputNames(description(node.type));
			main.forEach((targets, i) => {
				if ((targets ?? []).some((t) => t.node === update.name)) labels.push(names[i]);
			});
		}
		const unique = [...new Set(labels)];
		const order = ['Done', 'Invalid', 'Rejected', 'Failed'];
		unique.sort((a, b) => order.indexOf(a) - order.indexOf(b));
		const list =
			unique.length > 1 ? `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}` : unique[0];
		expect(notice).toContain(`${update.name} on ${list}`);
	}
});

test('a manual run sends for real: the README, the trigger panel and the template say so and point to Preview Only', () => {
	expect(README).toMatch(/Without Preview Only, \*Execute workflow\* sends for real\*\*/);
	const trigger = nodeOf(template, 'trigger');
	const notice = description(trigger.type).properties.find((p) => p.name === 'manualRunNotice');
	expect(notice.type).toBe('notice');
	expect(notice.displayOptions).toBeUndefined();
	expect(notice.displayName).toMatch(/Execute workflow sends for real/);
	expect(notice.displayName).toMatch(/Amazon Shipment Feed > Options > Preview Only/);
});

test('Feed Status Wait: the README says what it is and why, and the node panel finds it', () => {
	expect(README).toMatch(
		/Here it is \*\*Amazon Feed Status\*\* plus\s+n8n's \*\*Wait\*\* node in a loop, because a node cannot run itself again after a stored wait/,
	);
	const alias = description(nodeOf(template, 'status').type).codex.alias;
	expect(alias).toEqual(expect.arrayContaining(['Feed Status Wait', 'Wait']));
});

test("the emulators' lifetimes the README states are what they report under npm run emulators", async () => {
	const script = fs.readFileSync(path.join(ROOT, 'scripts/emulators.js'), 'utf8');
	const scale = Number(script.match(/EMULATOR_TIME_SCALE \|\| (\d+)/)[1]);
	expect(README).toContain(`clock runs ${scale} times faster`);
	const emu = createAmazonEmulator({ timeScale: scale, rateLimits: false });
	const { url } = await emu.listen();
	try {
		const client = createTestClient(url);
		const token = await client.token();
		expect(README).toContain(`\`expires_in: ${token.body.expires_in}\``);
		const doc = await client.sp('POST', '/feeds/2021-06-30/documents', {
			contentType: 'text/xml; charset=UTF-8',
		});
		const expires = new URL(doc.body.url).searchParams.get('X-Amz-Expires');
		expect(README).toContain(`\`X-Amz-Expires=${expires}\``);
	} finally {
		await emu.close();
	}
});

test('the Node 20 EBADENGINE warning is explained with the range npm prints', () => {
	const lock = require('../../package-lock.json');
	const semver = require('semver');
	// What npm warns about on Node 20: engine ranges Node 20 does not satisfy.
	const ranges = new Set(
		Object.values(lock.packages)
			.map((p) => p.engines?.node)
			.filter((r) => typeof r === 'string' && !semver.satisfies('20.19.0', r)),
	);
	expect(ranges.size).toBeGreaterThan(0);
	for (const range of ranges) expect(README).toContain(`required: { node: '${range}' }`);
	expect(README).toMatch(/EBADENGINE[\s\S]{0,200}expected and harmless/);
});
