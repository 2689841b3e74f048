import { ConcurrencyLimiter } from '../http/concurrency';

/**
 * NetSuite's concurrency limit belongs to the account and is shared by every integration on it
 * (5 on the standard tier). Each client already caps its own requests, but a mass update starts
 * hundreds of webhook executions at once, and their clients together went past the account's
 * limit (the notice bench: 55 of 1,000 reads refused with 10 executions at once). So every client of
 * one account in this process also takes one of the account's slots, set on the NetSuite
 * credential. In queue mode each worker and webhook process counts its own.
 */
const accounts = new Map<string, ConcurrencyLimiter>();

/** The process-wide limiter of `account`; its limit becomes `limit` (the latest credential's). */
export function accountSlots(account: string, limit: number): ConcurrencyLimiter {
	const key = account.toLowerCase();
	let limiter = accounts.get(key);
	if (!limiter) {
		limiter = new ConcurrencyLimiter(limit);
		accounts.set(key, limiter);
	} else if (limiter.limit !== limit) {
		limiter.limit = limit;
	}
	return limiter;
}

/** The slots per account when a credential does not say (saved before the setting existed). */
// Four of the standard tier's five: a mass update's reads keep up with Amazon's confirmShipment
// pace (2/s) at NetSuite's ~2 s per read, and one slot stays free for the seller's other integrations.
export const DEFAULT_ACCOUNT_SLOTS = 4;
