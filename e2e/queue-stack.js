'use strict';

/**
 * Real n8n in queue mode on throwaway Redis and Postgres (queue-mode/services.js), as the
 * queue-mode and webhook tests run it: one run folder under <E2E_HOME>/queue-runs whose user folder
 * (the packed package installed once) is shared by the main, its workers and a webhook process, all
 * with the same database, Redis and encryption key. The tests add their emulators, imports and
 * story; `stop()` ends every process and service started here.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createN8n, freePort, packPackage } = require('./n8n-process');
const { startRedis, startPostgres } = require('./queue-mode/services');
const { QUEUE_RUNS_DIR } = require('./paths');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns something truthy (returned), or throws after `timeoutMs`. */
async function waitFor(what, check, { timeoutMs, pollMs = 1000 }) {
	const started = Date.now();
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() - started > timeoutMs)
			throw new Error(`${what}: not after ${timeoutMs / 1000} s`);
		await sleep(pollMs);
	}
}

/** Keeps the newest `keep` run folders (the logs of a failed run are there to read). */
function pruneQueueRuns(keep) {
	let dirs = [];
	try {
		dirs = fs.readdirSync(QUEUE_RUNS_DIR).sort();
	} catch {
		return;
	}
	for (const dir of dirs.slice(0, Math.max(0, dirs.length - keep))) {
		fs.rmSync(path.join(QUEUE_RUNS_DIR, dir), { recursive: true, force: true });
	}
}

/** The DB_* settings every process of the stack shares: Postgres, or n8n's default SQLite file. */
function databaseEnv(postgres) {
	if (!postgres) return {};
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
	};
}

/**
 * Starts Redis and (unless `database` is 'sqlite') Postgres and makes the run folder. Nothing of
 * n8n runs yet: `createMain()` packs the package into the shared user folder (imports go through
 * its CLI before it starts), then `startWorkers()`, `main.start()`, `startWebhookProcess()`.
 *
 * @param {object} options
 * @param {(message: string) => void} options.say  progress lines (service versions)
 * @param {string} [options.runName]   prefix of the run folder's name
 * @param {number} [options.keepRuns]  prune <E2E_HOME>/queue-runs to the newest N first
 * @param {'postgres'|'sqlite'} [options.database='postgres']
 * @param {object} [options.env]       queue-mode settings every process gets, on top of the shared ones
 */
async function startQueueStack({ say, runName, keepRuns, database = 'postgres', env = {} }) {
	if (keepRuns !== undefined) pruneQueueRuns(keepRuns);
	const runDir = path.join(
		QUEUE_RUNS_DIR,
		`${runName ? `${runName}-` : ''}${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`,
	);
	fs.mkdirSync(runDir, { recursive: true });
	const redis = await startRedis();
	say(`redis ${(redis.version.match(/v=(\S+)/) || [])[1]} on 127.0.0.1:${redis.port}`);
	let postgres = null;
	if (database === 'postgres') {
		try {
			postgres = await startPostgres();
		} catch (error) {
			await redis.stop();
			throw error;
		}
		say(`postgres ${postgres.version} on 127.0.0.1:${postgres.port}`);
	}
	const queueEnv = {
		...databaseEnv(postgres),
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		...env,
	};
	const processes = [];

	return {
		runDir,
		redis,
		postgres,
		env: queueEnv,

		/** The main (`n8n start`), created with the freshly packed package; not started. */
		async createMain({ env: mainEnv = {} } = {}) {
			const main = await createN8n({
				runDir,
				tarball: packPackage(),
				env: { ...queueEnv, ...mainEnv },
			});
			processes.push(main);
			return main;
		},

		/**
		 * `n8n worker --concurrency=N`, one per name, started together; ready when their health
		 * server answers. Each logs to <name>.log in the run folder (`worker.logFile`).
		 */
		async startWorkers(names, { concurrency }) {
			const workers = [];
			for (const name of names) {
				const healthPort = await freePort();
				const worker = await createN8n({
					runDir,
					installPackage: false,
					env: {
						...queueEnv,
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(healthPort),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
					},
				});
				worker.name = name;
				worker.logFile = path.join(runDir, `${name}.log`);
				worker.healthUrl = `http://127.0.0.1:${healthPort}/healthz/readiness`;
				processes.push(worker);
				workers.push(worker);
			}
			await Promise.all(
				workers.map((w) =>
					w.start({
						args: ['worker', `--concurrency=${concurrency}`],
						logFile: w.logFile,
						readyUrl: w.healthUrl,
					}),
				),
			);
			return workers;
		},

		/** `n8n webhook`, logging to webhook.log: serves what the leader main registered. */
		async startWebhookProcess() {
			const hook = await createN8n({ runDir, installPackage: false, env: queueEnv });
			hook.logFile = path.join(runDir, 'webhook.log');
			processes.push(hook);
			await hook.start({
				args: ['webhook'],
				logFile: hook.logFile,
				readyUrl: `${hook.baseUrl}/healthz`,
			});
			return hook;
		},

		async stop() {
			await Promise.all(processes.map((p) => p.stop()));
			if (postgres) await postgres.stop();
			await redis.stop();
		},
	};
}

module.exports = { startQueueStack, waitFor, sleep };
