import type { Clock } from '../http/transport';

/** Operations the client calls; the S3 transfers are listed for the call counters only. */
export type AmazonOperation =
	| 'createFeedDocument'
	| 'uploadFeedDocument'
	| 'createFeed'
	| 'getFeed'
	| 'getFeedDocument'
	| 'downloadFeedDocument'
	| 'cancelFeed'
	| 'getFeeds'
	| 'confirmShipment'
	| 'getOrder'
	| 'searchOrders';

export interface RateLimit {
	/** Requests per second the bucket refills. */
	rate: number;
	/** Bucket size: requests allowed back to back. */
	burst: number;
}

/**
 * Amazon's published default limits (Feeds API 2021-06-30, Orders v0 confirmShipment,
 * Orders 2026-01-01 getOrder and searchOrders). Per-seller limits may be higher; `x-amzn-RateLimit-Limit` says so.
 */
export const RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
	createFeedDocument: { rate: 0.5, burst: 15 },
	createFeed: { rate: 0.0083, burst: 15 },
	getFeed: { rate: 2, burst: 15 },
	getFeedDocument: { rate: 0.0222, burst: 10 },
	cancelFeed: { rate: 2, burst: 15 },
	getFeeds: { rate: 0.0222, burst: 10 },
	confirmShipment: { rate: 2, burst: 10 },
	getOrder: { rate: 0.5, burst: 30 },
	// Orders 2026-01-01 searchOrders: 0.0056/s is one request per ~180 s once the burst of 20 is spent.
	searchOrders: { rate: 0.0056, burst: 20 },
};

/** Time for one request's worth of quota to come back (createFeed: ~120 s). */
export function refillIntervalMs(operation: string): number {
	const limit = RATE_LIMITS[operation];
	return limit ? Math.ceil(1000 / limit.rate) : 0;
}

/** Reads `x-amzn-RateLimit-Limit` (requests per second); undefined when absent or nonsense. */
export function parseRateLimitHeader(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const n = Number.parseFloat(value);
	return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * How long to wait after a 429: at least the backoff, and at least the time Amazon needs
 * to refill one request (from the header when sent, else from the table).
 */
export function waitAfterThrottleMs(
	operation: string,
	backoffMs: number,
	rateLimitHeader?: string,
): number {
	const headerRate = parseRateLimitHeader(rateLimitHeader);
	const refill = headerRate ? Math.ceil(1000 / headerRate) : refillIntervalMs(operation);
	return Math.max(backoffMs, refill);
}

/**
 * Client-side token bucket mirroring Amazon's, so one execution paces its own calls instead of
 * running into 429s. It starts full; other executions may have used Amazon's bucket, which is
 * why a 429 still empties it (`drain`).
 */
export class TokenBucket {
	private tokens: number;
	private last: number;
	private queue: Promise<unknown> = Promise.resolve();

	constructor(
		private rate: number,
		readonly burst: number,
		private readonly clock: Clock,
	) {
		if (!(rate > 0) || !(burst >= 1))
			throw new Error(`Invalid rate limit ${rate}/s, burst ${burst}`);
		this.tokens = burst;
		this.last = clock.now();
	}

	get ratePerSecond(): number {
		return this.rate;
	}

	private refill(): void {
		const now = this.clock.now();
		const elapsed = Math.max(0, now - this.last) / 1000;
		this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
		this.last = now;
	}

	/** Tokens available now (fractional). */
	available(): number {
		this.refill();
		return this.tokens;
	}

	/** How long `take` would wait now, in ms (0 when a token is there). */
	waitTimeMs(): number {
		this.refill();
		return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000);
	}

	/** Takes one token, sleeping until there is one; resolves with the time slept. Callers queue in order. */
	take(): Promise<number> {
		const run = this.queue.then(async () => {
			let slept = 0;
			for (;;) {
				const wait = this.waitTimeMs();
				if (wait === 0) break;
				await this.clock.sleep(wait);
				slept += wait;
			}
			this.tokens -= 1;
			return slept;
		});
		this.queue = run.catch(() => undefined);
		return run;
	}

	/** Amazon said the bucket is empty. */
	drain(): void {
		this.refill();
		this.tokens = 0;
	}

	/** Amazon told us the real rate for this seller and app. */
	setRate(rate: number): void {
		if (!(rate > 0) || rate === this.rate) return;
		this.refill();
		this.rate = rate;
	}
}

/** One bucket per operation, created on first use. */
export class RateLimiter {
	private readonly buckets = new Map<string, TokenBucket>();

	constructor(
		private readonly clock: Clock,
		private readonly limits: Readonly<Record<string, RateLimit>> = RATE_LIMITS,
	) {}

	bucket(operation: string): TokenBucket | undefined {
		let bucket = this.buckets.get(operation);
		if (!bucket) {
			const limit = this.limits[operation];
			if (!limit) return undefined;
			bucket = new TokenBucket(limit.rate, limit.burst, this.clock);
			this.buckets.set(operation, bucket);
		}
		return bucket;
	}
}
