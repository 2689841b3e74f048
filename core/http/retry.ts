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
 * One budget for every retry; see retryWithBudgets for several.
 */
export async function withRetry<T>(
	clock: Clock,
	policy: RetryPolicy,
	attempt: (attemptNumber: number) => Promise<T>,
	classify: (outcome: { result?: T; error?: unknown }, attemptNumber: number) => RetryDecision,
	onRetry?: (info: { attemptNumber: number; delayMs: number; result?: T; error?: unknown }) => void,
): Promise<T> {
	const end = await retryWithBudgets<T, 'failure'>(clock, policy, {
		budgets: { failure: { maxAttempts: policy.maxAttempts } },
		attempt,
		classify: (outcome, n) => {
			const decision = classify(outcome, n);
			return decision.retry ? { kind: 'failure', minDelayMs: decision.minDelayMs } : undefined;
		},
		onRetry,
	});
	if (end.failed) throw end.error;
	return end.result as T;
}

/**
 * What one kind of retry may spend. Each kind counts its own outcomes, so a caller can keep, say,
 * throttles from using up the budget for failures, and the other way round.
 */
export interface RetryBudget {
	/** Outcomes of this kind allowed, the first included: at most maxAttempts − 1 retries of it. */
	maxAttempts: number;
	/** The wait after this kind's n-th outcome (n from 1); default: the policy's exponential backoff. */
	backoffMs?: (n: number) => number;
	/** False when the wait would overrun a budget of time: then no retry is made. */
	allows?: (delayMs: number) => boolean;
	/** Retry at once, without waiting (e.g. after fetching a fresh token). */
	immediate?: boolean;
}

/** Another try, drawing on the budget named by `kind`. */
export interface RetryRequest<K extends string> {
	kind: K;
	/** A server-given wait (Retry-After, a rate-limit refill) overrides the backoff when longer. */
	minDelayMs?: number;
	/** Why, passed on to onRetry. */
	reason?: string;
}

export interface RetryOutcome<T> {
	result?: T;
	error?: unknown;
}

export interface RetryInfo<T, K extends string> extends RetryOutcome<T> {
	kind: K;
	/** This kind's outcomes so far, this one included. */
	count: number;
	attemptNumber: number;
	delayMs: number;
	reason?: string;
}

/** How a run ended: its last outcome; `spent` says which budget refused the retry it asked for. */
export interface RetryEnd<T, K extends string> extends RetryOutcome<T> {
	/** `attempt` threw (`error` may be anything, even undefined). */
	failed: boolean;
	spent?: RetryInfo<T, K>;
}

export interface RetryPlan<T, K extends string> {
	budgets: Record<K, RetryBudget>;
	/** Builds and sends the request anew each time, so signatures and nonces are fresh on every try. */
	attempt: (attemptNumber: number) => Promise<T>;
	/** The budget another try draws on; undefined when this outcome is final. */
	classify: (outcome: RetryOutcome<T>, attemptNumber: number) => RetryRequest<K> | undefined;
	/** Told of every retry before its wait, and awaited. */
	onRetry?: (info: RetryInfo<T, K>) => void | Promise<void>;
}

/**
 * Runs `plan.attempt` until `plan.classify` calls an outcome final or the budget a retry draws on is
 * spent. Never throws what `attempt` threw: the caller turns the end into its own answer or error.
 */
export async function retryWithBudgets<T, K extends string>(
	clock: Clock,
	policy: RetryPolicy,
	plan: RetryPlan<T, K>,
): Promise<RetryEnd<T, K>> {
	const counts = new Map<K, number>();
	for (let n = 1; ; n++) {
		let outcome: RetryOutcome<T>;
		let failed = false;
		try {
			outcome = { result: await plan.attempt(n) };
		} catch (error) {
			outcome = { error };
			failed = true;
		}
		const wanted = plan.classify(outcome, n);
		if (!wanted) return { ...outcome, failed };
		const { kind, minDelayMs = 0, reason } = wanted;
		const budget = plan.budgets[kind];
		const count = (counts.get(kind) ?? 0) + 1;
		counts.set(kind, count);
		const backoff = budget.backoffMs ?? ((k: number) => backoffDelay(policy, k, clock.random));
		const delayMs = budget.immediate ? 0 : Math.max(backoff(count), minDelayMs);
		const info: RetryInfo<T, K> = { ...outcome, kind, count, attemptNumber: n, delayMs, reason };
		if (count >= budget.maxAttempts || budget.allows?.(delayMs) === false) {
			return { ...outcome, failed, spent: info };
		}
		await plan.onRetry?.(info);
		if (!budget.immediate) await clock.sleep(delayMs);
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
