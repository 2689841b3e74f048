'use strict';

/**
 * Runs the pinned n8n (installed by e2e/install-n8n.js) as a real server for the end-to-end,
 * queue-mode and browser tests: one fresh user folder per run under <E2E_HOME>/runs/ (e2e/paths.js), the packed
 * package installed where n8n installs community packages, owner set up from the environment,
 * logs in a file, and a clean stop that kills the whole process group.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { N8N_VERSION, INSTALL_DIR, N8N_BIN, REPO_ROOT, nodeBinary } = require('./install-n8n');

const PACKAGE_NAME = require('../package.json').name;
const { RUNS_DIR, PACK_DIR } = require('./paths');
const BROKER_DEFAULT_PORT = 5679;
const ENCRYPTION_KEY = 'e2e-fixed-encryption-key-not-a-secret-0001';
const OWNER = Object.freeze({
	email: 'owner@example.com',
	password: 'E2e-owner-Passw0rd',
	firstName: 'E2E',
	lastName: 'Owner',
});

/** Processes started here, killed on exit even if a test forgets to stop them. */
const running = new Set();
process.on('exit', () => {
	for (const pid of running) killGroup(pid, 'SIGKILL');
});
// n8n runs in its own process group, so Ctrl-C on the test does not reach it: pass it on.
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		for (const pid of running) killGroup(pid, 'SIGKILL');
		process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
	});
}

function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

/** A free TCP port on 127.0.0.1 (never the task-runner broker's default). */
async function freePort() {
	for (;;) {
		const port = await new Promise((resolve, reject) => {
			const server = net.createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const { port: p } = server.address();
				server.close(() => resolve(p));
			});
		});
		if (port !== BROKER_DEFAULT_PORT) return port;
	}
}

function assertInstalled() {
	if (!fs.existsSync(N8N_BIN)) {
		throw new Error(
			`n8n ${N8N_VERSION} is not installed in ${INSTALL_DIR}. Run \`node e2e/install-n8n.js\` first.`,
		);
	}
}

/** bcrypt hash with n8n's own bcryptjs (no extra dependency for the project). */
function bcryptHash(password) {
	const bcryptPath = require.resolve('bcryptjs', {
		paths: [path.join(INSTALL_DIR, 'node_modules', 'n8n'), INSTALL_DIR],
	});
	return require(bcryptPath).hashSync(password, 10);
}

/** Keeps the newest `keep` run folders (each holds a SQLite DB of ~50 MB and the logs). */
function pruneRuns(keep = Number(process.env.E2E_KEEP_RUNS || 5)) {
	let dirs;
	try {
		dirs = fs.readdirSync(RUNS_DIR).sort();
	} catch {
		return;
	}
	for (const dir of dirs.slice(0, Math.max(0, dirs.length - keep))) {
		fs.rmSync(path.join(RUNS_DIR, dir), { recursive: true, force: true });
	}
}

function timestamp() {
	return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * `npm run build` + `npm pack` of the repository. Returns the tarball path. Set
 * E2E_SKIP_BUILD=1 to pack the dist/ that is already there (CI builds just before).
 */
function packPackage({ build = process.env.E2E_SKIP_BUILD !== '1' } = {}) {
	const env = {
		...process.env,
		PATH: `${path.dirname(nodeBinary())}${path.delimiter}${process.env.PATH}`,
	};
	const sh = (args) => {
		const r = spawnSync('npm', args, { cwd: REPO_ROOT, env, encoding: 'utf8' });
		if (r.status !== 0) {
			throw new Error(`npm ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
		}
		return r.stdout;
	};
	if (build) sh(['run', 'build']);
	fs.mkdirSync(PACK_DIR, { recursive: true });
	const out = sh(['pack', '--json', '--pack-destination', PACK_DIR]);
	const info = JSON.parse(out.slice(out.indexOf('[')))[0];
	return path.join(PACK_DIR, info.filename);
}

/**
 * Installs a packed tarball into <userFolder>/.n8n/nodes/node_modules/<name> the way n8n's
 * community-package installer does: untar, then drop dev/peer/optional dependencies (the
 * package has no runtime dependencies, so no npm install is needed after that).
 */
function installPackedPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (tar.status !== 0) throw new Error(`untar ${tarball} failed: ${tar.stderr}`);
	const pkgFile = path.join(target, 'package.json');
	const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	delete pkg.devDependencies;
	delete pkg.peerDependencies;
	delete pkg.optionalDependencies;
	fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
	if (pkg.dependencies && Object.keys(pkg.dependencies).length) {
		throw new Error(
			`${PACKAGE_NAME} declares runtime dependencies (${Object.keys(pkg.dependencies)}); ` +
				'community packages must not, and this installer does not fetch them.',
		);
	}
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: pkg.version } }, null, 2)}\n`,
	);
	return { dir: target, version: pkg.version, manifest: pkg };
}

/**
 * Environment for every n8n process of one instance (server and CLI commands share it).
 * @param {object} o
 * @param {string} o.userFolder
 * @param {number} o.port
 * @param {number} o.brokerPort
 * @param {object} [o.extraEnv]
 */
function n8nEnv({ userFolder, port, brokerPort, extraEnv = {} }) {
	const base = { ...process.env };
	// Settings of an outer n8n (or of the developer's shell) must not leak in.
	for (const key of Object.keys(base)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE)/.test(key)) delete base[key];
	}
	return {
		...base,
		PATH: `${path.dirname(nodeBinary())}${path.delimiter}${process.env.PATH}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		DB_TYPE: 'sqlite',
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_DISABLED_MODULES: 'mcp-registry,insights',
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(OWNER.password),
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...extraEnv,
	};
}

/**
 * Prepares one n8n instance: run folder, user folder, packed package, ports. Nothing runs yet;
 * call `cli()` for import commands and `start()` for the server.
 *
 * @param {object} [options]
 * @param {string} [options.tarball]   packed package (default: build + pack the repository)
 * @param {boolean} [options.installPackage=true]
 * @param {string} [options.runDir]    default <E2E_HOME>/runs/<timestamp>
 * @param {number} [options.port]      default: a free port
 * @param {object} [options.env]       extra environment (e.g. queue-mode settings)
 */
async function createN8n(options = {}) {
	assertInstalled();
	if (!options.runDir) pruneRuns();
	const runDir = options.runDir || path.join(RUNS_DIR, `${timestamp()}-${process.pid}`);
	const userFolder = path.join(runDir, 'home');
	fs.mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	const port = options.port || (await freePort());
	const brokerPort = await freePort();
	let installed = null;
	if (options.installPackage !== false) {
		const tarball = options.tarball || packPackage();
		installed = installPackedPackage(userFolder, tarball);
	}
	const env = n8nEnv({ userFolder, port, brokerPort, extraEnv: options.env });
	const baseUrl = `http://127.0.0.1:${port}`;
	const serverLog = path.join(runDir, 'n8n.log');
	let child = null;
	let exited = null;
	let cliCount = 0;

	/** Runs an n8n CLI command against this instance's database; resolves with its output. */
	async function cli(args, { timeoutMs = 180000, allowFailure = false } = {}) {
		cliCount += 1;
		// A CLI command may start its own task-runner broker: never on the server's port.
		const cliBrokerPort = await freePort();
		const logFile = path.join(
			runDir,
			`cli-${String(cliCount).padStart(2, '0')}-${args[0].replace(/[^a-z:-]/gi, '')}.log`,
		);
		return new Promise((resolve, reject) => {
			const proc = spawn(nodeBinary(), [N8N_BIN, ...args], {
				cwd: runDir,
				env: { ...env, N8N_RUNNERS_BROKER_PORT: String(cliBrokerPort) },
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			running.add(proc.pid);
			let stdout = '';
			let stderr = '';
			proc.stdout.on('data', (d) => (stdout += d));
			proc.stderr.on('data', (d) => (stderr += d));
			const timer = setTimeout(() => killGroup(proc.pid, 'SIGKILL'), timeoutMs);
			proc.on('close', (code, signal) => {
				clearTimeout(timer);
				running.delete(proc.pid);
				fs.writeFileSync(
					logFile,
					`$ n8n ${args.join(' ')}\n--- stdout\n${stdout}\n--- stderr\n${stderr}\nexit ${code} ${signal || ''}\n`,
				);
				const result = { code, signal, stdout, stderr, logFile };
				if (code !== 0 && !allowFailure) {
					reject(
						new Error(
							`n8n ${args.join(' ')} exited with ${code ?? signal} (log: ${logFile}):\n${tail(stdout + stderr, 40)}`,
						),
					);
				} else resolve(result);
			});
		});
	}

	/**
	 * Starts `n8n start` (or `args`, e.g. ['worker']) and waits until `readyUrl` answers 200
	 * (default /healthz/readiness of this instance; a worker's health server needs
	 * QUEUE_HEALTH_CHECK_ACTIVE and its own port; null = do not wait).
	 */
	async function start({
		timeoutMs = 180000,
		args = ['start'],
		logFile = serverLog,
		readyUrl = `${baseUrl}/healthz/readiness`,
	} = {}) {
		if (child) throw new Error('n8n is already running');
		const fd = fs.openSync(logFile, 'a');
		const started = Date.now();
		child = spawn(nodeBinary(), [N8N_BIN, ...args], {
			cwd: runDir,
			env,
			detached: true, // own process group: stop() also ends the task runner it spawns
			stdio: ['ignore', fd, fd],
		});
		fs.closeSync(fd);
		exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		running.add(child.pid);
		const pid = child.pid;
		exited.then(() => running.delete(pid));
		let early = null;
		exited.then((e) => (early = e));
		for (;;) {
			if (early) {
				child = null;
				throw new Error(
					`n8n exited before it was ready (${early.code ?? early.signal}); log ${logFile}:\n${tail(readLog(logFile), 40)}`,
				);
			}
			if (Date.now() - started > timeoutMs) {
				await stop();
				throw new Error(
					`n8n not ready after ${timeoutMs / 1000} s; log ${logFile}:\n${tail(readLog(logFile), 40)}`,
				);
			}
			if (!readyUrl) break;
			try {
				const res = await fetch(readyUrl, {
					signal: AbortSignal.timeout(2000),
				});
				if (res.ok) break;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		return { startupMs: Date.now() - started };
	}

	/** SIGTERM to the process group, SIGKILL after graceMs. Safe to call twice. */
	async function stop({ graceMs = 20000 } = {}) {
		if (!child) return;
		const pid = child.pid;
		const done = exited;
		child = null;
		killGroup(pid, 'SIGTERM');
		const timedOut = await Promise.race([
			done.then(() => false),
			new Promise((r) => setTimeout(() => r(true), graceMs)),
		]);
		// The task runner may outlive the main process for a moment: take the group down.
		killGroup(pid, 'SIGKILL');
		if (timedOut) await done;
		running.delete(pid);
	}

	return {
		baseUrl,
		port,
		brokerPort,
		runDir,
		userFolder,
		logFile: serverLog,
		env,
		owner: OWNER,
		packageName: PACKAGE_NAME,
		installedPackage: installed,
		cli,
		start,
		stop,
		isRunning: () => Boolean(child),
		readLog: () => readLog(serverLog),
	};
}

function readLog(file) {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

function tail(text, lines) {
	return String(text).split('\n').slice(-lines).join('\n');
}

module.exports = {
	createN8n,
	packPackage,
	installPackedPackage,
	freePort,
	n8nEnv,
	pruneRuns,
	OWNER,
	ENCRYPTION_KEY,
	PACKAGE_NAME,
	RUNS_DIR,
};
