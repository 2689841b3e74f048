'use strict';

/**
 * The secrets sweep (issue 16): the demo, the template flow under faults on both services and
 * their S3 links, with tokens expiring, with wrong secrets, and both credentials' token requests
 * refused — then everything those runs produced (node output, errors, n8n's debug log and the
 * console, the demo's output/ files, the emulators' NetSuite records) is searched for every secret
 * in every form a server or log could carry it: raw, URL-encoded (either hex case, form, twice),
 * JSON-escaped, base64 (any alignment, URL-safe), without the Atzr|/Atza| prefix, PEM lines.
 * Signed S3 links may appear without their query string only. Any hit fails the test.
 * Needs `npm run build` (dist/).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { leaksIn } = require('./helpers/forms');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { runDemo } = require('../../scripts/demo/run');
const { ROOT } = require('../../scripts/demo/template');

/** JSON of anything, cycles cut, errors with their message and stack. */
function safeJson(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, (k, v) => {
		if (v instanceof Error) return { ...v, message: v.message, stack: v.stack };
		if (v && typeof v === 'object') {
			if (seen.has(v)) return '[cycle]';
			seen.add(v);
		}
		return v;
	});
}

const SIGNED_LINK = /X-Amz-(?:Signature|Security-Token|Credential)(?:=|%3D)(?!\[redacted\])/i;

let output = '';
let result;
let demo;
beforeAll(async () => {
	const file = path.join(os.tmpdir(), `secrets-sweep-${process.pid}-${Date.now()}.json`);
	const child = spawn(process.execPath, [path.join(__dirname, 'helpers', 'sweep-scenario.js')], {
		env: { ...process.env, N8N_LOG_LEVEL: 'debug', N8N_HARNESS_USER_FOLDER: '', RESULT_FILE: file },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const code = await new Promise((resolve) => child.on('close', resolve));
	if (code !== 0 || !fs.existsSync(file))
		throw new Error(`sweep scenario failed (exit ${code}):\n${output.slice(-3000)}`);
	result = JSON.parse(fs.readFileSync(file, 'utf8'));
	fs.rmSync(file, { force: true });

	// The demo with the emulators' default credentials: its log, summary and output/ files.
	const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-demo-'));
	const lines = [];
	const run = await runDemo({ root: ROOT, outputDir, log: (line) => lines.push(line) });
	const files = fs
		.readdirSync(outputDir, { recursive: true })
		.map((f) => path.join(outputDir, f))
		.filter((f) => fs.statSync(f).isFile())
		.map((f) => ({
			name: `demo output/${path.relative(outputDir, f)}`,
			text: fs.readFileSync(f, 'utf8'),
		}));
	demo = [
		{ name: 'demo log', text: lines.join('\n') },
		{ name: 'demo executions', text: safeJson([run.first, run.final, run.second, run.summary]) },
		{ name: 'demo emulator state (NetSuite records)', text: safeJson(run.emulatorState) },
		...files,
	];
	fs.rmSync(outputDir, { recursive: true, force: true });
}, 240_000);

const sources = () => [
	...result.texts,
	{ name: 'stdout/stderr (console and n8n debug log)', text: output },
];

test('the runs did meet the faults: failed uploads and downloads, refused logins', () => {
	const all = result.texts.map((t) => t.text).join('\n');
	expect(all).toMatch(/uploadFeedDocument|downloadFeedDocument/);
	expect(all).toMatch(/login|INVALID_LOGIN|invalid_grant|invalid_client/i);
	expect(result.outcomes.filter((o) => o.status === 'credentialTest')).toHaveLength(2);
	expect(
		Object.keys(result.secrets).filter((k) => k.startsWith('access token')).length,
	).toBeGreaterThanOrEqual(2);
	// NetSuite holds error texts written by the flow.
	expect(result.texts.find((t) => t.name === 'S3 links down: NetSuite records').text).toMatch(
		/Amazon/,
	);
});

test('no secret in any form in any output, error, log line or NetSuite record', () => {
	const leaks = sources().flatMap(({ name, text }) => leaksIn(text, result.secrets, name));
	expect(leaks).toEqual([]);
});

test('signed S3 links appear without their signature, token or credential', () => {
	const hits = sources()
		.filter(({ text }) => SIGNED_LINK.test(text))
		.map(
			({ name, text }) =>
				`${name}: …${text.slice(Math.max(0, text.search(SIGNED_LINK) - 80), text.search(SIGNED_LINK) + 40)}…`,
		);
	expect(hits).toEqual([]);
});

test('the demo leaves no secret and no signed link in its log, output/ files, executions or records', () => {
	const { netsuite, amazon } = DEFAULT_CREDENTIALS;
	const secrets = {
		consumerKey: netsuite.consumerKey,
		consumerSecret: netsuite.consumerSecret,
		tokenId: netsuite.tokenId,
		tokenSecret: netsuite.tokenSecret,
		lwaClientSecret: amazon.clientSecret,
		refreshToken: amazon.refreshToken,
	};
	expect(demo.length).toBeGreaterThan(3);
	expect(demo.flatMap(({ name, text }) => leaksIn(text, secrets, name))).toEqual([]);
	expect(demo.filter(({ text }) => SIGNED_LINK.test(text)).map((d) => d.name)).toEqual([]);
});
