'use strict';
/**
 * Prepares the process for an in-process n8n-core: must be required before n8n-core,
 * n8n-workflow's DI users or n8n-nodes-base. Safe to require many times.
 *
 * - N8N_USER_FOLDER → a fresh temp folder (removed at exit; N8N_HARNESS_USER_FOLDER to keep
 *   one): InstanceSettings writes `<folder>/.n8n/config` on first use, never in the user's home.
 * - One @n8n/di copy: n8n-core, n8n-nodes-base and the hoisted packages each ship their own
 *   @n8n/di. Services registered through one copy are invisible to Container.get of another, so
 *   every `require('@n8n/di')` is redirected to n8n-core's copy.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

const STATE = Symbol.for('n8n-harness.env');

function prepareN8nEnvironment() {
	if (global[STATE]) return global[STATE];
	if (require.cache[safeResolve('n8n-core')]) {
		throw new Error(
			'test/harness/n8n-env.js must be required before n8n-core (N8N_USER_FOLDER is read at load time)',
		);
	}
	const given = process.env.N8N_HARNESS_USER_FOLDER;
	const userFolder = given || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-user-'));
	if (!given) {
		const remove = () => fs.rmSync(userFolder, { recursive: true, force: true });
		process.once('exit', remove);
		// jest workers do not always emit 'exit' to the test's process object: also clean up
		// after the test file when we were loaded while its tests were being collected.
		if (typeof afterAll === 'function') {
			try {
				afterAll(remove);
			} catch {
				// loaded from inside a running test: the exit handler has to do
			}
		}
	}
	process.env.N8N_USER_FOLDER = userFolder;
	// Quiet, offline defaults; callers may override before requiring this file.
	const defaults = {
		N8N_LOG_LEVEL: 'silent', // node errors are in the results; set N8N_LOG_LEVEL=debug to see n8n's logs
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_ENCRYPTION_KEY: 'n8n-harness-fixed-key',
		GENERIC_TIMEZONE: 'UTC',
	};
	for (const [k, v] of Object.entries(defaults))
		if (process.env[k] === undefined) process.env[k] = v;

	const coreDir = path.dirname(require.resolve('n8n-core/package.json'));
	const diEntry = require.resolve('@n8n/di', { paths: [coreDir] });
	const originalResolve = Module._resolveFilename;
	Module._resolveFilename = function resolveSingleDi(request, parent, ...rest) {
		if (request === '@n8n/di') return diEntry;
		return originalResolve.call(this, request, parent, ...rest);
	};
	global[STATE] = { userFolder, diEntry };
	return global[STATE];
}

function safeResolve(id) {
	try {
		return require.resolve(id);
	} catch {
		return undefined;
	}
}

module.exports = { prepareN8nEnvironment };
