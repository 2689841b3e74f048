import { ConcurrencyLimiter } from '../../../core/http/concurrency';

/**
 * NetSuite's default concurrency limit per account. A notice answered at once no longer holds
 * NetSuite's save, so a one-thread CSV import sends its notices as fast as it saves (about 37 a
 * second): their reads wait here for a slot instead of all going out at once and being refused 429
 * until their timeout, which would leave most of a mass update to the hourly poll.
 */
export const READS_PER_ACCOUNT = 5;

const queues = new Map<string, ConcurrencyLimiter>();

/**
 * The read queue of one NetSuite account in this n8n process (main or `n8n webhook`), shared by
 * every workflow using this trigger. Each webhook process has its own.
 */
export function readQueue(accountId: string): ConcurrencyLimiter {
	const key = accountId.trim().toUpperCase();
	let queue = queues.get(key);
	if (!queue) {
		queue = new ConcurrencyLimiter(READS_PER_ACCOUNT);
		queues.set(key, queue);
	}
	return queue;
}
