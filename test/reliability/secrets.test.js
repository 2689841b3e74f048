/**
 * Distinctive secret values in both credentials (TBA and OAuth 2.0 M2M for NetSuite, LWA for
 * Amazon), the emulators set to the same values, the whole template flow run — successfully, with
 * tokens expiring mid-run, and with wrong secrets (failed authentication). None of the secrets,
 * nor any access token the emulators issued, may appear in any node output, error message or
 * description, or log line. The flows run in a child process (helpers/secrets-scenario.js) so
 * that everything n8n's logger (debug level) and the nodes print is captured whole.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { leaksIn } = require('../security/helpers/forms');

let output = '';
let result;
beforeAll(async () => {
	const file = path.join(os.tmpdir(), `reliability-secrets-${process.pid}-${Date.now()}.json`);
	const script = path.join(__dirname, 'helpers', 'secrets-scenario.js');
	const child = spawn(process.execPath, [script], {
		env: { ...process.env, N8N_LOG_LEVEL: 'debug', N8N_HARNESS_USER_FOLDER: '', RESULT_FILE: file },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const code = await new Promise((resolve) => child.on('close', resolve));
	if (code !== 0 || !fs.existsSync(file))
		throw new Error(`secrets scenario failed (exit ${code}):\n${output.slice(-3000)}`);
	result = JSON.parse(fs.readFileSync(file, 'utf8'));
	fs.rmSync(file, { force: true });
}, 60_000);

test('the runs with the right secrets succeed, also across expired tokens', () => {
	for (const name of ['tba', 'm2m'])
		expect(result.results.find((r) => r.name === name).status).toBe('success');
});

test('the runs with wrong secrets fail with a login error the user can act on', () => {
	const failed = Object.fromEntries(
		result.results.filter((r) => r.expectFailure).map((r) => [r.name, r]),
	);
	expect(Object.keys(failed)).toHaveLength(4);
	for (const r of Object.values(failed)) expect(['pollError', 'error']).toContain(r.status);
	expect(failed['wrong token secret'].error).toMatch(/login|401|INVALID_LOGIN/i);
	expect(failed['wrong private key'].error).toMatch(/token|login|401|invalid/i);
	expect(failed['wrong client secret'].error).toMatch(/LWA|login|invalid_client/i);
	expect(failed['wrong refresh token'].error).toMatch(/LWA|login|invalid_grant|refresh/i);
});

test("n8n's own log lines were captured (debug level)", () => {
	expect(output).toContain('Start executing node');
	expect(result.texts).toHaveLength(6);
});

test('no secret and no issued access token appears in any output, error or log line', () => {
	const tokens = Object.keys(result.secrets).filter((k) => k.startsWith('access token'));
	expect(tokens.length).toBeGreaterThanOrEqual(2);
	const sources = [
		...result.texts,
		{ name: 'stdout/stderr (console and n8n logger)', text: output },
	];
	// Every form a server or log could carry a secret in (test/security/helpers/forms.js).
	const leaks = sources.flatMap(({ name, text }) => leaksIn(text, result.secrets, name));
	expect(leaks).toEqual([]);
});
