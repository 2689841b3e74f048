/**
 * A counting semaphore. NetSuite's concurrency limit is shared by every integration on the account,
 * so each client caps its own parallel requests well below it.
 */
export class ConcurrencyLimiter {
	private active = 0;
	private readonly waiting: Array<() => void> = [];
	private peak = 0;
	private max: number;

	constructor(limit: number) {
		this.max = checkLimit(limit);
	}

	get limit(): number {
		return this.max;
	}

	/** A shared limiter takes the latest setting; tasks waiting for a slot start when it rises. */
	set limit(value: number) {
		this.max = checkLimit(value);
		while (this.active + this.starting < this.max && this.waiting.length) this.wake();
	}

	get peakActive(): number {
		return this.peak;
	}

	/** Tasks running now (for tests and benchmarks). */
	get activeCount(): number {
		return this.active;
	}

	// Woken but not yet running: counted so that a rise of the limit wakes no more than it allows.
	private starting = 0;

	private wake(): void {
		const next = this.waiting.shift();
		if (!next) return;
		this.starting++;
		next();
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.active + this.starting >= this.max || this.waiting.length) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
			this.starting--;
		}
		this.active++;
		this.peak = Math.max(this.peak, this.active);
		try {
			return await task();
		} finally {
			this.active--;
			if (this.active + this.starting < this.max) this.wake();
		}
	}
}

function checkLimit(limit: number): number {
	if (!Number.isInteger(limit) || limit < 1)
		throw new Error(`Concurrency must be a whole number ≥ 1, got ${limit}`);
	return limit;
}

/** Maps items through `fn` with at most `limit` in flight, keeping input order in the result. */
export async function mapWithConcurrency<I, O>(
	items: readonly I[],
	limit: number,
	fn: (item: I, index: number) => Promise<O>,
): Promise<O[]> {
	const results = new Array<O>(items.length);
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await fn(items[i], i);
		}
	});
	await Promise.all(workers);
	return results;
}
