/**
 * A counting semaphore. NetSuite's concurrency limit is shared by every integration on the account,
 * so each client caps its own parallel requests well below it.
 */
export class ConcurrencyLimiter {
	private active = 0;
	private readonly waiting: Array<() => void> = [];
	private peak = 0;

	constructor(readonly limit: number) {
		if (!Number.isInteger(limit) || limit < 1)
			throw new Error(`Concurrency must be a whole number ≥ 1, got ${limit}`);
	}

	get peakActive(): number {
		return this.peak;
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.active >= this.limit) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		this.active++;
		this.peak = Math.max(this.peak, this.active);
		try {
			return await task();
		} finally {
			this.active--;
			this.waiting.shift()?.();
		}
	}
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
