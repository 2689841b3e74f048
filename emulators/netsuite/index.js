'use strict';

const http = require('node:http');

const { DEFAULT_CREDENTIALS } = require('../credentials');
const { createAuth } = require('./auth');
const { createConcurrency } = require('./concurrency');
const { createFaults } = require('../common/faults');
const { createStore } = require('./schema');
const { createSuiteQl } = require('./suiteql');
const { createSavedSearches } = require('./searches');
const { createRestlets, DEFAULT_SCRIPT, DEFAULT_DEPLOY } = require('./restlet');
const { createRecords } = require('./records');
const { createHandler } = require('./server');
const { createUserEvents, UE_SCRIPT_ID } = require('./userevents');

const DEFAULT_SEED_PATH = require.resolve('../seed/default-seed.json');

/**
 * A local NetSuite account: TBA + OAuth 2.0 M2M auth, SuiteQL, the saved-search RESTlet, the
 * REST saved-search API, and salesOrder/itemFulfillment record GET/PATCH. See README.md.
 *
 * @param {object} [options]
 * @param {object} [options.seed]             seed object (default: ../seed/default-seed.json)
 * @param {object} [options.credentials]      DEFAULT_CREDENTIALS-shaped
 * @param {number} [options.timeScale=1]      >1 shortens token lifetimes, latencies, fault timeouts
 * @param {object} [options.faults]           { '<op>'|'*': { rate429, rate500, rate503, rateTimeout, rateDrop, rateDropAfter, rateHtml, rateTruncated, rateNoItems, latencyMs } }
 * @param {number} [options.faultSeed=1]
 * @param {number} [options.concurrencyLimit=5]
 * @param {number|object} [options.latencyMs] extra latency per operation ({ suiteql: 50 } or a number)
 * @param {Function} [options.logger]         called with one object per request
 * @param {() => number} [options.now]        wall clock in ms (default Date.now); tests move it
 * @param {object} [options.certificates]     { certificateId: publicKeyPem } for M2M
 * @param {boolean} [options.accountingDuplicates=true] add the asset-side transactionline rows
 * @param {string} [options.restletScript] / [options.restletDeploy] script and deployment IDs
 * @param {string} [options.restletAllowedSearches] the deployment's custscript_amz_allowed_searches
 *                                              (empty: customsearch_amz_* only, as the RESTlet)
 * @param {object} [options.scriptParameters] { <script ID>: { <parameter>: value } } of the deployments
 * @param {object} [options.scriptLimits]     { <script ID>: { units, timeMs } } instead of NetSuite's (tests)
 * @param {object} [options.userEvent]        the User Event deployment on Item Fulfillment
 *   (suitescript/amz_fulfillment_notice_ue.js; see README.md "User Event"):
 *   { url: custscript_amz_notice_url, secretId: custscript_amz_notice_secret (default
 *     custsecret_amz_notice), secrets: { <custsecret id>: value }, enabled (default: true when url
 *     is set), contexts: ['USERINTERFACE','CSVIMPORT','RESTWEBSERVICES','RESTLET',...] or null (all),
 *     eventTypes: ['create','edit','xedit','ship',...] or null (all), timeouts: { connectMs: 5000,
 *     sendMs: 45000 }, workers: 1 (threads running User Events at once), allowHttp: false (plain http
 *     to hosts other than loopback), limits: { units, timeMs } }
 */
function createNetSuiteEmulator(options = {}) {
	const opts = {
		credentials: DEFAULT_CREDENTIALS,
		timeScale: 1,
		faultSeed: 1,
		concurrencyLimit: 5,
		restletScript: DEFAULT_SCRIPT,
		restletDeploy: DEFAULT_DEPLOY,
		restletScriptId: '1801',
		restletDeployId: '1',
		...options,
	};
	if (!(opts.timeScale > 0)) throw new Error('timeScale must be a positive number');
	const now = opts.now || (() => Date.now());
	let initialSeed = opts.seed || require(DEFAULT_SEED_PATH);

	const store = createStore({ accountingDuplicates: opts.accountingDuplicates !== false });
	// Record timestamps (lastModifiedDate on PATCH, SYSDATE) never go back before the seed's `now`,
	// so incremental "modified since" queries keep working when the machine clock is earlier.
	let clockOffset = 0;
	const recordNow = () => new Date(now() + clockOffset);
	function loadSeed(seed) {
		store.load(seed);
		const seedNow = seed && seed.now ? Date.parse(seed.now) : NaN;
		clockOffset = Number.isFinite(seedNow) ? Math.max(0, seedNow - now()) : 0;
	}
	loadSeed(initialSeed);

	const auth = createAuth({
		credentials: opts.credentials,
		now,
		timeScale: opts.timeScale,
		certificates: opts.certificates,
	});
	const faults = createFaults(opts.faults, opts.faultSeed, { misanswers: true });
	const concurrency = createConcurrency(opts.concurrencyLimit);
	const suiteql = createSuiteQl({ store, now: () => recordNow().getTime() });
	const searches = createSavedSearches({ store });
	// Saves of item fulfillments run the User Event deployment (emulators/netsuite/userevents.js).
	const userEvents = createUserEvents({
		store,
		accountId: opts.credentials.netsuite.accountId,
		options: opts.userEvent || {},
		parameters: (opts.scriptParameters || {})[UE_SCRIPT_ID] || {},
	});
	const afterSave = (save) => userEvents.afterSave(save);
	const records = createRecords({ store, recordNow, afterSave });
	// RESTlet calls run the shipped scripts in suitescript/ (emulators/netsuite/suitescript/).
	const restlets = createRestlets(
		{ store, searches, recordNow, accountId: opts.credentials.netsuite.accountId, afterSave },
		opts,
	);
	let stats = { calls: {}, faultsInjected: {} };
	const pending = new Set();
	const sleep = (ms) =>
		new Promise((resolve) => {
			const t = setTimeout(() => {
				pending.delete(t);
				resolve();
			}, ms);
			pending.add(t);
		});

	const ctx = {
		auth,
		faults,
		concurrency,
		suiteql,
		searches,
		restlets,
		records,
		options: opts,
		sleep,
		pending,
		control: (method, url, bodyText) => control(method, url, bodyText),
		get stats() {
			return stats;
		},
	};
	const handler = createHandler(ctx);
	const server = http.createServer((req, res) => {
		handler(req, res).catch((err) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ error: String(err && err.message) }));
			}
		});
	});
	let url = null;

	const emulator = {
		get url() {
			return url;
		},
		listen(port = 0, host = '127.0.0.1') {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => {
					server.off('error', reject);
					const addr = server.address();
					url = `http://${host}:${addr.port}`;
					resolve({ url });
				});
			});
		},
		async close() {
			for (const t of pending) clearTimeout(t);
			pending.clear();
			await userEvents.close();
			return new Promise((resolve) => {
				if (!server.listening) return resolve();
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
		stats() {
			const c = concurrency.snapshot();
			return {
				calls: { ...stats.calls },
				faultsInjected: { ...stats.faultsInjected },
				peakConcurrency: c.peakConcurrency,
				concurrencyRejected: c.rejected,
				inFlight: c.inFlight,
				suitescript: restlets.stats(),
				userEvents: userEvents.stats(),
			};
		},
		setFaults(next) {
			faults.set(next);
		},
		/** Reloads the seed (the given one, or the one the emulator started with) and clears state. */
		reset(seed) {
			if (seed) initialSeed = seed;
			loadSeed(initialSeed);
			auth.reset();
			concurrency.reset();
			faults.reseed(opts.faultSeed);
			restlets.reset();
			userEvents.reset();
			stats = { calls: {}, faultsInjected: {} };
		},
		inspect() {
			const salesOrders = {};
			for (const so of store.salesOrders.values()) {
				const st = so.fields.custbody_amz_order_status;
				salesOrders[so.id] = {
					tranid: so.tranid,
					status: so.status,
					amazonOrderId: so.fields.custbody_celigo_etail_order_id,
					amazonOrderStatus: st ? store.statusList.get(String(st)) || String(st) : null,
					amazonOrderStatusId: st ? String(st) : null,
					sentToAmazon: so.fields.custbody_amz_ship_confirmed === 'T',
					feedId: so.fields.custbody_amz_feed_id ?? null,
					confirmedAt: so.fields.custbody_amz_confirmed_at ?? null,
					error: so.fields.custbody_amz_ship_error ?? null,
					lastModified: so.lastModified,
					fields: { ...so.fields },
				};
			}
			const itemFulfillments = {};
			for (const f of store.itemFulfillments.values()) {
				itemFulfillments[f.id] = {
					tranid: f.tranid,
					createdFrom: f.createdFrom,
					status: f.status,
					sentToAmazon: f.fields.custbody_amz_ship_confirmed === 'T',
					feedId: f.fields.custbody_amz_feed_id ?? null,
					confirmedAt: f.fields.custbody_amz_confirmed_at ?? null,
					error: f.fields.custbody_amz_ship_error ?? null,
					trackingNumbers: store.trackingNumbersOf(f.id),
					lastModified: f.lastModified,
					scenario: f.scenario,
					fields: { ...f.fields },
					// The User Event's last run for it: save time, the notice's HTTP status and ms.
					userEvent: userEvents.latest(f.id),
				};
			}
			return {
				salesOrders,
				itemFulfillments,
				loginAudit: auth.audit(),
				concurrency: concurrency.snapshot(),
			};
		},
		/** Test helper: register an M2M certificate (public key PEM) under its certificate ID. */
		registerCertificate(certificateId, publicKeyPem) {
			auth.registerCertificate(certificateId, publicKeyPem);
		},
		/** The deployed scripts, the scripts' log entries (N/log), and setting a deployment's parameters. */
		restlets: {
			scripts: () => restlets.scripts(),
			logs: () => restlets.logs(),
			setParameters: (scriptId, values) => restlets.setParameters(scriptId, values),
		},
		/** Test helper: n slots taken by "another integration"; returns release(). */
		occupy(n) {
			return concurrency.occupy(n);
		},
		setConcurrencyLimit(n) {
			concurrency.setLimit(n);
		},
		/** Test helper: expire every issued bearer token. */
		expireTokens() {
			auth.expireTokens();
		},
		/** Test helper: add (or replace) a fulfillment given in seed shape. */
		addFulfillment(fulfillment) {
			if (!store.salesOrders.has(String(fulfillment.createdFrom))) {
				throw new Error(`addFulfillment: sales order ${fulfillment.createdFrom} does not exist`);
			}
			const f = store.putFulfillment({ lastModified: recordNow().toISOString(), ...fulfillment });
			return f.id;
		},
		/** Test helper: change a fulfillment (seed-shape fields, e.g. packages, status, sentToAmazon). */
		updateFulfillment(id, patch) {
			const current = store.itemFulfillments.get(String(id));
			if (!current) throw new Error(`updateFulfillment: item fulfillment ${id} does not exist`);
			const merged = { ...store.fulfillmentAsSeed(current), ...patch, id: current.id };
			if ('sentToAmazon' in patch) merged.fields.custbody_amz_ship_confirmed = patch.sentToAmazon ? 'T' : 'F';
			if ('feedId' in patch) merged.fields.custbody_amz_feed_id = patch.feedId;
			if ('confirmedAt' in patch) merged.fields.custbody_amz_confirmed_at = patch.confirmedAt;
			if ('error' in patch) merged.fields.custbody_amz_ship_error = patch.error;
			if (!('lastModified' in patch)) merged.lastModified = recordNow().toISOString();
			store.putFulfillment(merged);
		},
		/**
		 * Saves one fulfillment as Shipped with tracking, as a user would in the UI, and runs its User
		 * Event. Returns { id, savedAt, savedAtMs, done } at once; `done` resolves to the User Event's
		 * run ({ notice: { status, ms, error }, failure, logs, ... }), or null when the deployment
		 * does not run for this save.
		 * @param {string} id
		 * @param {{ trackingNumbers?: string[], context?: string, event?: string }} [options]
		 *   context: runtime.executionContext (default USERINTERFACE); event: the User Event type
		 *   (default edit; 'ship' is the Mark Shipped button)
		 */
		shipFulfillment(id, options = {}) {
			return shipFulfillments([id], { context: 'USERINTERFACE', ...options }).saved[0];
		},
		/**
		 * A mass update (CSV import, runtime context CSVIMPORT by default): every fulfillment of `ids`
		 * saved as Shipped with tracking, one after another, each running the User Event.
		 * Returns { saved: [{ id, savedAt, savedAtMs, done }], done } (done: all runs).
		 * serial: true runs it as a CSV import does: each save (taking saveMs) and its User Event
		 * before the next record; `saved` then fills as it goes.
		 */
		shipFulfillments(ids, options = {}) {
			return shipFulfillments(ids, options);
		},
		/** The User Event deployment on Item Fulfillment: configure, runs, logs, idle. */
		userEvents: {
			deployment: () => userEvents.deployment(),
			configure: (patch) => userEvents.configure(patch),
			runs: (fulfillmentId) => userEvents.runs(fulfillmentId),
			logs: () => userEvents.logs(),
			idle: () => userEvents.idle(),
		},
		/** The in-memory SQLite database (read-only use in tests and benchmarks). */
		get db() {
			return store.db;
		},
	};
	/** A tracking number for a package that has none (UPS-shaped, from the fulfillment ID). */
	const emulatorTracking = (id) => `1Z999AA1${String(id).replace(/\D/g, '').padStart(10, '0').slice(-10)}`;

	function shipFulfillments(ids, { trackingNumbers, context = 'CSVIMPORT', event = 'edit', serial = false, saveMs = 0 } = {}) {
		const list = [].concat(ids || []).map(String);
		for (const id of list) {
			if (!store.itemFulfillments.has(id)) throw new Error(`shipFulfillments: item fulfillment ${id} does not exist`);
		}
		const saveOne = (id) => {
			const before = store.fulfillmentAsSeed(store.itemFulfillments.get(id));
			let packages = before.packages;
			if (trackingNumbers && trackingNumbers.length) {
				packages = trackingNumbers.map((t, i) => ({ ...(packages[i] || { weight: 1 }), trackingNumber: String(t) }));
			} else if (!packages.some((p) => p.trackingNumber)) {
				packages = [{ ...(packages[0] || { weight: 1 }), trackingNumber: emulatorTracking(id) }];
			}
			const savedAt = recordNow().toISOString();
			store.putFulfillment({ ...before, status: 'C', packages, lastModified: savedAt });
			const savedAtMs = Date.now();
			const done = userEvents.afterSave({ type: 'itemfulfillment', id, event, context, before, savedAtMs }) || Promise.resolve(null);
			return { id, savedAt, savedAtMs, done };
		};
		if (!serial) {
			const saved = list.map(saveOne);
			return { saved, done: Promise.all(saved.map((s) => s.done)) };
		}
		// As a CSV import runs: each record's save (saveMs) and its afterSubmit before the next record.
		const saved = [];
		const done = (async () => {
			const runs = [];
			for (const id of list) {
				if (saveMs > 0) await new Promise((resolve) => setTimeout(resolve, saveMs));
				const one = saveOne(id);
				saved.push(one);
				runs.push(await one.done);
			}
			return runs;
		})();
		return { saved, done };
	}

	/** /emulator/… endpoints: ship fulfillments, configure the User Event deployment, read its runs. */
	async function control(method, url, bodyText) {
		let body = {};
		try {
			body = bodyText ? JSON.parse(bodyText) : {};
		} catch {
			return { status: 400, body: { error: 'The body must be JSON.' } };
		}
		const p = url.pathname.replace(/\/+$/, '');
		try {
			if (p === '/emulator/itemfulfillments/ship' && method === 'POST') {
				const ids = body.ids || (body.id !== undefined ? [body.id] : []);
				if (!ids.length) return { status: 400, body: { error: 'Give id or ids.' } };
				const out = shipFulfillments(ids, {
					trackingNumbers: body.trackingNumbers,
					context: body.context || (ids.length > 1 || body.ids ? 'CSVIMPORT' : 'USERINTERFACE'),
					event: body.event || 'edit',
					serial: Boolean(body.serial),
					saveMs: Number(body.saveMs) || 0,
				});
				const savedOf = () => out.saved.map(({ id, savedAt, savedAtMs }) => ({ id, savedAt, savedAtMs }));
				if (body.wait) {
					const runs = await out.done;
					return { status: 200, body: { saved: savedOf(), runs } };
				}
				// serial: the saves are still under way; GET /emulator/user-event/runs shows them.
				return { status: 200, body: { saved: savedOf(), ...(body.serial ? { accepted: ids.map(String) } : {}) } };
			}
			if (p === '/emulator/user-event' && method === 'GET') {
				return { status: 200, body: { deployment: userEvents.deployment(), stats: userEvents.stats() } };
			}
			if (p === '/emulator/user-event' && (method === 'PUT' || method === 'PATCH')) {
				return { status: 200, body: { deployment: userEvents.configure(body) } };
			}
			if (p === '/emulator/user-event/runs' && method === 'GET') {
				const id = url.searchParams.get('fulfillmentId');
				return { status: 200, body: { runs: userEvents.runs(id === null ? undefined : id) } };
			}
			if (p === '/emulator/user-event/idle' && method === 'GET') {
				await userEvents.idle();
				return { status: 200, body: { stats: userEvents.stats() } };
			}
		} catch (e) {
			return { status: 400, body: { error: String(e && e.message) } };
		}
		return { status: 404, body: { error: `No emulator control endpoint ${method} ${url.pathname}.` } };
	}

	return emulator;
}

module.exports = { createNetSuiteEmulator, DEFAULT_SEED_PATH };
