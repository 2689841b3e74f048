/**
 * Notices already accepted, keyed by timestamp + signature, so a captured notice sent again within
 * the timestamp window is refused (409). Bounded: at most `max` keys, the oldest forgotten first,
 * and a key is dropped once its timestamp window has passed (a replay after that is refused as
 * stale anyway).
 *
 * This memory is per process. With n8n in queue mode and several webhook processes, a replay that
 * reaches another process is not recognised here; n8n's workflow static data cannot stand in, as
 * concurrent saves are last-write-wins. The guard against sending a fulfillment twice is elsewhere:
 * the trigger reads the fulfillment's sent flag from NetSuite, and Confirm Shipment's
 * packageReferenceId is stable per fulfillment and box, so a repeat edits Amazon's package instead
 * of adding a second one.
 */
export class ReplayMemory {
	/** key → epoch ms until which it is kept. Map keeps insertion order: oldest first. */
	private readonly seen = new Map<string, number>();

	constructor(private readonly max = 10_000) {}

	/** Records the key; false when it was already there (a replay). */
	remember(key: string, now: number, toleranceSeconds: number): boolean {
		this.expire(now);
		if (this.seen.has(key)) return false;
		this.seen.set(key, now + 2 * toleranceSeconds * 1000);
		while (this.seen.size > this.max) {
			const oldest = this.seen.keys().next().value as string;
			this.seen.delete(oldest);
		}
		return true;
	}

	get size(): number {
		return this.seen.size;
	}

	clear(): void {
		this.seen.clear();
	}

	private expire(now: number): void {
		for (const [key, until] of this.seen) {
			// Insertion order is close to expiry order; stop at the first one still valid.
			if (until > now) break;
			this.seen.delete(key);
		}
	}
}
