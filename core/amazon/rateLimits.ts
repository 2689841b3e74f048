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

/** What a bucket needs of a clock: the time, and (for `take`) a sleep. */
export type BucketClock = Pick<Clock, 'now'> & Partial<Pick<Clock, 'sleep'>>;

/**
 * Client-side token bucket mirroring Amazon's, so calls are paced instead of running into 429s.
 * It starts full; other callers may have used Amazon's bucket, which is why a 429 still empties it
 * (`drain`).
 *
 * Callers queue in the order they ask (FIFO) and each token is taken when its caller goes, from
 * the time that has really passed: a caller that runs late (a busy event loop) does not make the
 * ones behind it go early. Only the caller at the head sleeps, with its own sleep (cancellable
 * with its execution; a cancelled head lets the next one go), and never longer than one token's
 * refill at a time. `waitTimeMs` counts the queue, so a caller can be refused before it queues.
 */
export class TokenBucket {
	private tokens: number;
	private last: number;
	private lastUsed: number;
	private queue: Promise<unknown> = Promise.resolve();
	private waiting = 0;

	constructor(
		private rate: number,
		readonly burst: number,
		private readonly clock: BucketClock,
	) {
		if (!(rate > 0) || !(burst >= 1))
			throw new Error(`Invalid rate limit ${rate}/s, burst ${burst}`);
		this.tokens = burst;
		this.last = clock.now();
		this.lastUsed = this.last;
	}

	get ratePerSecond(): number {
		return this.rate;
	}

	/** Callers queued for a token. */
	get queued(): number {
		return this.waiting;
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

	/** How long a caller asking now would wait, in ms: its turn behind the queued callers. */
	waitTimeMs(): number {
		this.refill();
		const need = this.waiting + 1 - this.tokens;
		return need <= 0 ? 0 : Math.ceil((need / this.rate) * 1000);
	}

	/**
	 * Takes one token, waiting in turn; resolves with the time waited. `sleep` is the caller's own
	 * (default: the bucket clock's).
	 */
	take(sleep?: (ms: number) => Promise<void>): Promise<number> {
		const doSleep = sleep ?? this.clock.sleep;
		if (!doSleep) return Promise.reject(new Error('TokenBucket.take needs a sleep function'));
		const asked = this.clock.now();
		this.waiting++;
		const run = this.queue.then(async () => {
			try {
				for (;;) {
					this.refill();
					if (this.tokens >= 1) break;
					await doSleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
				}
				this.tokens -= 1;
				this.lastUsed = this.clock.now();
				return Math.max(0, this.lastUsed - asked);
			} finally {
				this.waiting--;
			}
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

	/** Unused for `idleMs`, nobody queued, full again: dropping it loses nothing. */
	isIdle(idleMs: number): boolean {
		this.refill();
		return (
			this.waiting === 0 && this.tokens >= this.burst && this.clock.now() - this.lastUsed >= idleMs
		);
	}
}

/** Where a client's buckets live when they are shared with other clients (see limiterRegistry.ts). */
export interface SharedBuckets {
	bucket(operation: string, limit: RateLimit): TokenBucket;
	/** Operations shared; the others stay the client's own. Absent = all. */
	operations?: readonly string[];
}

/** One bucket per operation, created on first use; with `shared`, the buckets come from there. */
export class RateLimiter {
	private readonly buckets = new Map<string, TokenBucket>();

	constructor(
		private readonly clock: Clock,
		private readonly limits: Readonly<Record<string, RateLimit>> = RATE_LIMITS,
		private readonly shared?: SharedBuckets,
	) {}

	/** Whether this operation's bucket is shared with other clients (other executions of the same seller). */
	isShared(operation: string): boolean {
		return (
			this.shared !== undefined &&
			(!this.shared.operations || this.shared.operations.includes(operation))
		);
	}

	bucket(operation: string): TokenBucket | undefined {
		const limit = this.limits[operation];
		if (!limit) return undefined;
		if (this.shared && (!this.shared.operations || this.shared.operations.includes(operation)))
			return this.shared.bucket(operation, limit);
		let bucket = this.buckets.get(operation);
		if (!bucket) {
			bucket = new TokenBucket(limit.rate, limit.burst, this.clock);
			this.buckets.set(operation, bucket);
		}
		return bucket;
	}
}
