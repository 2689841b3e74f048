import { headerValue, type Clock } from './transport';

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Fraction of the delay randomised either way, so parallel callers do not retry in step. */
	jitter: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 1000,
	maxDelayMs: 60_000,
	jitter: 0.2,
};

/** Exponential backoff: base · 2^(attempt−1), capped, with ± jitter. `attempt` counts from 1. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
	const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	const spread = raw * policy.jitter;
	return Math.max(0, Math.round(raw - spread + random() * 2 * spread));
}

/**
 * The wait a `Retry-After` header asks for, in ms: delta-seconds or an HTTP-date (RFC 9110 §10.2.3),
 * measured from `now`. Undefined when absent or unreadable; never negative.
 */
export function retryAfterMs(
	headers: Record<string, string> | undefined,
	now: number,
): number | undefined {
	const value = headerValue(headers, 'retry-after')?.trim();
	if (!value) return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
	// An HTTP-date always names the day and month in letters; a bare '-3' is no date.
	const date = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export interface RetryDecision {
	retry: boolean;
	/** A server-given wait (Retry-After, a rate-limit refill) overrides the backoff when longer. */
	minDelayMs?: number;
}

/**
 * Runs `attempt` until `classify` says stop or the budget is spent; the last outcome is returned or thrown.
 * Each call of `attempt` builds its request anew, so signatures and nonces are fresh on every try.
 */
export async function withRetry<T>(
	clock: Clock,
	policy: RetryPolicy,
	attempt: (attemptNumber: number) => Promise<T>,
	classify: (outcome: { result?: T; error?: unknown }, attemptNumber: number) => RetryDecision,
	onRetry?: (info: { attemptNumber: number; delayMs: number; result?: T; error?: unknown }) => void,
): Promise<T> {
	for (let n = 1; ; n++) {
		let result: T | undefined;
		let error: unknown;
		let failed = false;
		try {
			result = await attempt(n);
		} catch (e) {
			error = e;
			failed = true;
		}
		const decision = classify(failed ? { error } : { result }, n);
		if (!decision.retry || n >= policy.maxAttempts) {
			if (failed) throw error;
			return result as T;
		}
		const delayMs = Math.max(backoffDelay(policy, n, clock.random), decision.minDelayMs ?? 0);
		onRetry?.({ attemptNumber: n, delayMs, result, error });
		await clock.sleep(delayMs);
	}
}

/** Network-level failures worth another try: the request may never have reached the server. */
export function isTransientNetworkError(error: unknown): boolean {
	const e = error as { code?: string; cause?: { code?: string }; message?: string } | undefined;
	const code = e?.code ?? e?.cause?.code ?? '';
	if (
		[
			'ECONNRESET',
			'ECONNREFUSED',
			'ETIMEDOUT',
			'ECONNABORTED',
			'EPIPE',
			'EAI_AGAIN',
			'ENOTFOUND',
			'UND_ERR_SOCKET',
			'UND_ERR_CONNECT_TIMEOUT',
			'ERR_SOCKET_CONNECTION_TIMEOUT',
		].includes(code)
	) {
		return true;
	}
	return /socket hang up|timeout|network|ECONNRESET|ETIMEDOUT/i.test(e?.message ?? '');
}
