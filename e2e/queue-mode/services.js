'use strict';

/**
 * Throwaway Redis and Postgres for the queue-mode test, from Debian's packages: installed with
 * apt-get when missing (CI runs on a fresh machine as root), started on free loopback ports with
 * their data in a temp folder, and stopped (folder removed) afterwards. Nothing is persisted:
 * Redis runs with `--save '' --appendonly no`, Postgres with fsync off.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { freePort } = require('../n8n-process');

const say = (message) => process.stderr.write(`[queue-mode] ${message}\n`);

/** Processes started here, killed on exit even if a test forgets to stop them. */
const running = new Set();
process.on('exit', () => {
	for (const pid of running) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
});

function which(binary) {
	const r = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : '';
}

/**
 * apt-get install of `pkg` unless `found()` already returns a path. Needs root (CI); elsewhere it
 * says which package to install.
 */
function ensureDebianPackage(pkg, found) {
	const existing = found();
	if (existing) return existing;
	if (process.getuid && process.getuid() !== 0) {
		throw new Error(
			`${pkg} is not installed and this is not root: run \`sudo apt-get install -y ${pkg}\``,
		);
	}
	const t = Date.now();
	say(`installing ${pkg} from Debian's packages (apt-get) ...`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [
		['update', '-qq'],
		['install', '-y', '-qq', '--no-install-recommends', pkg],
	]) {
		const r = spawnSync('apt-get', args, { env, encoding: 'utf8' });
		if (r.status !== 0) {
			throw new Error(`apt-get ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
		}
	}
	const installed = found();
	if (!installed) throw new Error(`apt-get installed ${pkg} but its program is still not found`);
	say(`${pkg} installed in ${((Date.now() - t) / 1000).toFixed(0)} s`);
	return installed;
}

/** Starts a detached process (own group) logging to `logFile`; returns { child, exited }. */
function startDetached(command, args, { logFile, uid, gid, env = process.env, cwd } = {}) {
	const fd = fs.openSync(logFile, 'a');
	const child = spawn(command, args, {
		detached: true,
		stdio: ['ignore', fd, fd],
		env,
		cwd,
		...(uid === undefined ? {} : { uid, gid }),
	});
	fs.closeSync(fd);
	running.add(child.pid);
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			running.delete(child.pid);
			resolve({ code, signal });
		}),
	);
	return { child, exited };
}

async function stopDetached({ child, exited }, signal, graceMs = 10000) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		return;
	}
	const timedOut = await Promise.race([
		exited.then(() => false),
		new Promise((r) => setTimeout(() => r(true), graceMs)),
	]);
	if (timedOut) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// gone meanwhile
		}
		await exited;
	}
}

async function waitUntil(check, { timeoutMs, what, logFile, exited }) {
	const started = Date.now();
	let early = null;
	if (exited) exited.then((e) => (early = e));
	for (;;) {
		if (early) {
			throw new Error(
				`${what} exited (${early.code ?? early.signal}); log ${logFile}:\n${tailOf(logFile)}`,
			);
		}
		if (await check()) return Date.now() - started;
		if (Date.now() - started > timeoutMs) {
			throw new Error(
				`${what} not ready after ${timeoutMs / 1000} s; log ${logFile}:\n${tailOf(logFile)}`,
			);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

function tailOf(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/** Redis on a free loopback port, no persistence. Returns { host, port, stop() }. */
async function startRedis({ baseDir = os.tmpdir() } = {}) {
	const bin = ensureDebianPackage('redis-server', () => which('redis-server'));
	const dir = fs.mkdtempSync(path.join(baseDir, 'redis-'));
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const proc = startDetached(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{ logFile, cwd: dir },
	);
	const cli = which('redis-cli');
	await waitUntil(
		() =>
			cli
				? spawnSync(cli, ['-h', '127.0.0.1', '-p', String(port), 'ping'], {
						encoding: 'utf8',
					}).stdout.trim() === 'PONG'
				: fs.readFileSync(logFile, 'utf8').includes('Ready to accept connections'),
		{ timeoutMs: 20000, what: 'redis-server', logFile, exited: proc.exited },
	);
	const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
	return {
		host: '127.0.0.1',
		port,
		dir,
		logFile,
		version,
		async stop() {
			await stopDetached(proc, 'SIGTERM');
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Debian puts the server programs in /usr/lib/postgresql/<major>/bin (not on PATH). */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	let majors = [];
	try {
		majors = fs.readdirSync(root).filter((d) => /^\d+$/.test(d));
	} catch {
		// not installed
	}
	majors.sort((a, b) => Number(b) - Number(a));
	for (const major of majors) {
		const bin = path.join(root, major, 'bin');
		if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'postgres')))
			return bin;
	}
	const initdb = which('initdb');
	return initdb ? path.dirname(fs.realpathSync(initdb)) : '';
}

/** uid/gid Postgres runs as: initdb and postgres refuse to run as root. */
function postgresUser() {
	if (!process.getuid || process.getuid() !== 0) return {};
	const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (r.status !== 0) {
		throw new Error(
			"running as root but there is no `postgres` user (Debian's postgresql package creates it)",
		);
	}
	return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * A throwaway Postgres cluster: initdb in a temp folder, trust auth, listening on a free loopback
 * port only, database `n8n` owned by user `n8n`. Returns { host, port, database, user, password,
 * stop() }.
 */
async function startPostgres({ baseDir = os.tmpdir(), database = 'n8n', user = 'n8n' } = {}) {
	const bin = ensureDebianPackage('postgresql', postgresBinDir);
	const owner = postgresUser();
	const dir = fs.mkdtempSync(path.join(baseDir, 'postgres-'));
	const dataDir = path.join(dir, 'data');
	fs.mkdirSync(dataDir, { mode: 0o700 });
	if (owner.uid !== undefined) {
		fs.chownSync(dir, owner.uid, owner.gid);
		fs.chownSync(dataDir, owner.uid, owner.gid);
	}
	const env = { ...process.env, LC_ALL: 'C', LANG: 'C', HOME: dir, PGTZ: 'UTC' };
	const init = spawnSync(
		path.join(bin, 'initdb'),
		['-D', dataDir, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C'],
		{ encoding: 'utf8', env, cwd: dir, ...owner },
	);
	if (init.status !== 0) {
		throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
	}
	const port = await freePort();
	const logFile = path.join(dir, 'postgres.log');
	if (owner.uid !== undefined) {
		fs.writeFileSync(logFile, '');
		fs.chownSync(logFile, owner.uid, owner.gid);
	}
	const proc = startDetached(
		path.join(bin, 'postgres'),
		[
			'-D',
			dataDir,
			'-p',
			String(port),
			'-h',
			'127.0.0.1',
			'-k',
			dir,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=100',
		],
		{ logFile, env, cwd: dir, ...owner },
	);
	const psql = which('psql') || path.join(bin, 'psql');
	const sql = (db, statement) =>
		spawnSync(
			psql,
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				user,
				'-d',
				db,
				'-v',
				'ON_ERROR_STOP=1',
				'-Atc',
				statement,
			],
			{
				encoding: 'utf8',
				env,
			},
		);
	await waitUntil(() => sql('postgres', 'select 1').status === 0, {
		timeoutMs: 30000,
		what: 'postgres',
		logFile,
		exited: proc.exited,
	});
	const created = sql('postgres', `CREATE DATABASE ${database} OWNER ${user}`);
	if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
	const version = sql(database, 'show server_version').stdout.trim();
	return {
		host: '127.0.0.1',
		port,
		database,
		user,
		// Trust auth on loopback: any password is accepted; n8n wants one set.
		password: 'n8n',
		dir,
		logFile,
		version,
		/** One SQL statement against the n8n database; returns psql's unaligned output. */
		query(statement) {
			const r = sql(database, statement);
			if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
			return r.stdout.replace(/\n$/, '');
		},
		async stop() {
			// SIGINT = fast shutdown.
			await stopDetached(proc, 'SIGINT', 15000);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { startRedis, startPostgres, ensureDebianPackage, postgresBinDir };
