'use strict';

const { DEFAULT_CREDENTIALS } = require('../credentials');
const { createLwa } = require('./lwa');
const { createRateLimiter } = require('./rateLimits');
const { createSigner } = require('./s3');
const { createFaults } = require('../common/faults');
const { createOrderStore } = require('./orderStore');
const { createFeeds } = require('./feeds');
const { createOrdersApi } = require('./orders');
const { createServer } = require('./server');

/**
 * Local Amazon SP-API emulator (LWA, Feeds 2021-06-30 with pre-signed S3-like documents, order
 * fulfillment feed processing, confirmShipment, getOrder). See README.md in this folder.
 *
 * options: { seed, credentials, timeScale = 1, faults, faultSeed = 1, logger, clock: { now() },
 *   rateLimits = true, rateLimitOverrides: { <op>: { rate, burst } }, tokenLifetimeSec = 3600,
 *   feedDelays: { inQueueMs = 3000, inProgressMs = 5000 }, gzipReports = true,
 *   forceFeedStatus: { <nth feed | feedId>: 'FATAL'|'CANCELLED'|'STUCK'|'STUCK_IN_PROGRESS' },
 *   fatalFeedRate = 0, feedSeed = 1, timeoutHoldMs = 30000,
 *   shipDateRules: false | { future = true, beforePurchase = true, futureToleranceMs = 0 } }
 */
function createAmazonEmulator(options = {}) {
	const creds = options.credentials
		? options.credentials.amazon || options.credentials
		: DEFAULT_CREDENTIALS.amazon;
	const timeScale = Number(options.timeScale) > 0 ? Number(options.timeScale) : 1;
	const clock =
		options.clock && typeof options.clock.now === 'function'
			? options.clock
			: { now: () => Date.now() };
	const now = () => clock.now();
	const logger = typeof options.logger === 'function' ? options.logger : null;
	let seed = options.seed || { amazonOrders: [] };

	const orders = createOrderStore({ now, shipDateRules: options.shipDateRules });
	orders.load(seed);
	const marketplaces = () => [
		...new Set([seed.marketplaceId || 'ATVPDKIKX0DER', ...orders.marketplaces()]),
	];
	const lwa = createLwa({
		credentials: creds,
		timeScale,
		tokenLifetimeSec: options.tokenLifetimeSec || 3600,
		now,
	});
	const rateLimiter = createRateLimiter({
		enabled: options.rateLimits !== false,
		overrides: options.rateLimitOverrides || {},
		timeScale,
		now,
	});
	const signer = createSigner({ timeScale, now });
	const faultSeed = options.faultSeed ?? 1;
	const faults = createFaults(options.faults, faultSeed);
	const feeds = createFeeds({
		orders,
		signer,
		now,
		timeScale,
		feedDelays: options.feedDelays,
		gzipReports: options.gzipReports !== false,
		forceFeedStatus: options.forceFeedStatus,
		fatalFeedRate: options.fatalFeedRate,
		feedSeed: options.feedSeed,
		sellerId: creds.sellerId,
		marketplaces,
		logger,
	});
	const ordersApi = createOrdersApi({ orders, now, marketplaces });
	let stats = { calls: {}, faultsInjected: {} };

	let url = null;
	const emu = {
		lwa,
		feeds,
		ordersApi,
		signer,
		rateLimiter,
		faults,
		get stats() {
			return stats;
		},
		timeScale,
		logger,
		timeoutHoldMs: options.timeoutHoldMs ?? 30000,
		// Pre-signed URLs point back at the address the client used (works behind 127.0.0.1 or localhost).
		baseUrl: (req) => (req.headers.host ? `http://${req.headers.host}` : url),
	};
	const { server, shutdown } = createServer(emu);

	return {
		get url() {
			return url;
		},
		listen(port = 0, host = '127.0.0.1') {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => {
					server.off('error', reject);
					const addr = server.address();
					url = `http://${addr.address.includes(':') ? `[${addr.address}]` : addr.address}:${addr.port}`;
					resolve({ url });
				});
			});
		},
		close() {
			feeds.clearTimers();
			shutdown();
			return new Promise((resolve) => {
				if (!server.listening) return resolve();
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
		inspect() {
			const f = feeds.snapshot();
			return JSON.parse(
				JSON.stringify({ orders: orders.snapshot(), feeds: f.feeds, documents: f.documents }),
			);
		},
		stats: () => JSON.parse(JSON.stringify(stats)),
		setFaults(next, seedValue) {
			faults.set(next, seedValue);
		},
		reset(nextSeed) {
			if (nextSeed) seed = nextSeed;
			feeds.reset();
			orders.load(seed);
			rateLimiter.reset();
			signer.reset();
			faults.reseed(faultSeed);
			// Cleared in place: the server holds a reference to this object.
			stats.calls = {};
			stats.faultsInjected = {};
		},
		/** Expire every access token issued so far (the next SP-API call answers 403 expired). */
		expireTokens: () => lwa.expireAll(),
		/** Uploaded text of a feed's input document. */
		feedDocument: (feedId) => feeds.feedDocument(String(feedId)),
		/** Processing report text (uncompressed) of a finished feed. */
		report: (feedId) => feeds.report(String(feedId)),
		/** Force the outcome of a feed by ordinal (1 = first feed created) or by feedId. */
		forceFeedStatus: (key, status) => feeds.forceFeedStatus(key, status),
		setFatalFeedRate: (rate) => feeds.setFatalFeedRate(rate),
		setFeedDelays: (d) => feeds.setFeedDelays(d),
		/** Resolves when no feed is waiting or running (stuck feeds excepted). */
		async waitForFeeds({ timeoutMs = 10000, pollMs = 5 } = {}) {
			const deadline = Date.now() + timeoutMs;
			while (feeds.pending() > 0) {
				if (Date.now() > deadline) throw new Error(`feeds still pending after ${timeoutMs} ms`);
				await new Promise((r) => setTimeout(r, pollMs));
			}
		},
		rateLimitState: () => rateLimiter.snapshot(),
		sellerId: creds.sellerId,
		marketplaceId: seed.marketplaceId || 'ATVPDKIKX0DER',
	};
}

module.exports = { createAmazonEmulator };
