import { createHmac, randomBytes } from 'node:crypto';

import { TokenBucket, type RateLimit, type SharedBuckets } from './rateLimits';

/**
 * Rate-limit buckets shared by every Amazon client of one process (one n8n main process or one
 * worker), so that concurrent executions for the same seller pace together: a CSV import that
 * ticks 1,000 fulfillments shipped starts 1,000 webhook executions, and each on its own would
 * start with a full bucket and burst into Amazon's confirmShipment quota (2/s, burst 10).
 *
 * Amazon's quota belongs to the selling partner and the app (per region), so a bucket is keyed by
 * a keyed hash of the LWA client ID and refresh token (never the values themselves, and never the
 * client secret), the SP-API endpoint, and the operation.
 *
 * Only one process is covered. In n8n's queue mode each worker paces on its own, so N workers can
 * send up to N× the quota at once; Amazon then answers 429, which the client waits out with
 * bounded retries and backoff (at least one refill interval, or x-amzn-RateLimit-Limit's), and the
 * call fails (the fulfillment stays unsent for the next run) only when its wait budget is spent.
 */

export interface SharedScope {
	/** `sellerKey(...)`: who owns the quota. */
	seller: string;
	/** SP-API base URL: quotas are per region. */
	endpoint: string;
}

export interface LimiterRegistryOptions {
	/** Time source of the shared buckets (Date.now in n8n). */
	now?: () => number;
	/** A bucket unused this long and full again is dropped. Default 10 minutes. */
	idleMs?: number;
	/** At most this many buckets; beyond it the least recently used go first. Default 1,000. */
	maxBuckets?: number;
}

// Per process: the key only has to tell sellers apart here, and nothing derived from a refresh
// token is comparable outside this process.
const HASH_KEY = randomBytes(32);

/**
 * Who owns an Amazon quota: a keyed hash of the LWA client ID (the app) and refresh token (the
 * seller's authorisation for it). Undefined when either is missing; that client then paces alone.
 */
export function sellerKey(clientId: unknown, refreshToken: unknown): string | undefined {
	const app = String(clientId ?? '').trim();
	const grant = String(refreshToken ?? '').trim();
	if (!app || !grant) return undefined;
	return createHmac('sha256', HASH_KEY)
		.update(app)
		.update('\0')
		.update(grant)
		.digest('hex')
		.slice(0, 32);
}

export class RateLimiterRegistry {
	private readonly buckets = new Map<string, TokenBucket>();
	private readonly now: () => number;
	private readonly idleMs: number;
	private readonly maxBuckets: number;
	private lastSweep: number;

	constructor(options: LimiterRegistryOptions = {}) {
		this.now = options.now ?? (() => Date.now());
		this.idleMs = options.idleMs ?? 10 * 60 * 1000;
		this.maxBuckets = Math.max(1, options.maxBuckets ?? 1000);
		this.lastSweep = this.now();
	}

	get size(): number {
		return this.buckets.size;
	}

	/** The bucket of one seller, endpoint and operation; created (full) with `limit` on first use. */
	bucket(scope: SharedScope, operation: string, limit: RateLimit): TokenBucket {
		const key = `${scope.seller}|${scope.endpoint}|${operation}`;
		let bucket = this.buckets.get(key);
		if (bucket) {
			// Re-inserted so that the map's order is least recently used first.
			this.buckets.delete(key);
		} else {
			bucket = new TokenBucket(limit.rate, limit.burst, { now: this.now });
		}
		this.buckets.set(key, bucket);
		this.sweep(false);
		return bucket;
	}

	/** A client's view: its scope bound in; only `operations` shared when given. */
	scoped(scope: SharedScope, operations?: readonly string[]): SharedBuckets {
		return {
			bucket: (operation, limit) => this.bucket(scope, operation, limit),
			...(operations ? { operations } : {}),
		};
	}

	/** Drops idle buckets (at most every idleMs / 4 unless `force`), then the oldest beyond the cap. */
	sweep(force = true): void {
		const now = this.now();
		if (force || now - this.lastSweep >= this.idleMs / 4) {
			this.lastSweep = now;
			for (const [key, bucket] of this.buckets) {
				if (bucket.isIdle(this.idleMs)) this.buckets.delete(key);
			}
		}
		// Over the cap even so: the least recently used go, busy or not (their callers keep the
		// turns they have; a seller coming back starts with a full bucket and at worst meets a 429).
		for (const key of this.buckets.keys()) {
			if (this.buckets.size <= this.maxBuckets) break;
			this.buckets.delete(key);
		}
	}
}

/** The process-wide registry the nodes use. */
export const processRateLimiters = new RateLimiterRegistry();
