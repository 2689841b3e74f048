'use strict';

/**
 * Token buckets per operation and seller with SP-API's documented rates (requests/second) and
 * bursts. `header` is what x-amzn-RateLimit-Limit shows; `rate` is the refill used. Where the docs
 * round a "1 per N s" rate (createFeed 0.0083 = 1 per 120 s), the exact 1/N refills so that one
 * request is allowed again after exactly N seconds.
 */
const RATE_LIMITS = {
	createFeedDocument: { rate: 0.5, burst: 15, header: '0.5' },
	createFeed: { rate: 1 / 120, burst: 15, header: '0.0083' },
	getFeed: { rate: 2, burst: 15, header: '2.0' },
	getFeeds: { rate: 1 / 45, burst: 10, header: '0.0222' },
	cancelFeed: { rate: 2, burst: 15, header: '2.0' },
	getFeedDocument: { rate: 1 / 45, burst: 10, header: '0.0222' },
	confirmShipment: { rate: 2, burst: 10, header: '2.0' },
	getOrder: { rate: 0.5, burst: 30, header: '0.5' },
	searchOrders: { rate: 1 / 180, burst: 20, header: '0.0056' },
	marketplaceParticipations: { rate: 0.016, burst: 15, header: '0.016' },
};

const EPSILON = 1e-9;

/**
 * @param {{ enabled?: boolean, overrides?: object, timeScale?: number, now: () => number }} opts
 */
function createRateLimiter({ enabled = true, overrides = {}, timeScale = 1, now }) {
	const buckets = new Map();
	const limits = {};
	for (const [op, def] of Object.entries(RATE_LIMITS)) {
		const o = overrides[op] || {};
		limits[op] = {
			rate: o.rate ?? def.rate,
			burst: o.burst ?? def.burst,
			header: o.rate !== undefined ? String(o.rate) : def.header,
		};
	}

	/** → { allowed, limit (header value or undefined), tokens } ; takes a token when allowed. */
	function take(operation, sellerId) {
		const limit = limits[operation];
		if (!limit) return { allowed: true };
		if (!enabled) return { allowed: true, limit: limit.header };
		const key = `${operation}|${sellerId}`;
		const t = now();
		let b = buckets.get(key);
		if (!b) {
			b = { tokens: limit.burst, at: t };
			buckets.set(key, b);
		}
		const elapsedSec = ((t - b.at) / 1000) * timeScale;
		b.tokens = Math.min(limit.burst, b.tokens + elapsedSec * limit.rate);
		b.at = t;
		if (b.tokens + EPSILON < 1) return { allowed: false, limit: limit.header, tokens: b.tokens };
		b.tokens = Math.max(0, b.tokens - 1);
		return { allowed: true, limit: limit.header, tokens: b.tokens };
	}

	return {
		take,
		limits,
		reset: () => buckets.clear(),
		snapshot: () =>
			Object.fromEntries([...buckets].map(([k, b]) => [k, Number(b.tokens.toFixed(4))])),
	};
}

module.exports = { RATE_LIMITS, createRateLimiter };
