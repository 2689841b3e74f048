'use strict';
/**
 * The one retry engine: each kind of retry draws on its own budget, so a run of 429s does not use
 * up the tries meant for 5xx and network failures, nor the other way round (the Amazon client
 * relies on this; withRetry is the one-budget case).
 */
const { retryWithBudgets, withRetry } = require('../../core/http/retry');
const { fakeClock } = require('../amazon/helpers');

const POLICY = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 10_000, jitter: 0 };

/** Plays the given outcomes in turn: 'ok', 'throttle', 'failure' or 'expired' answers, 'down' throws. */
function script(steps) {
	let i = 0;
	return async () => {
		const step = steps[i++];
		if (step === undefined) throw new Error('asked for more tries than scripted');
		if (step === 'down') throw new Error('ECONNRESET');
		return step;
	};
}

const classify = ({ result }) => {
	if (result === 'ok') return undefined;
	if (result === 'throttle') return { kind: 'throttle', minDelayMs: 2000, reason: '429' };
	if (result === 'expired') return { kind: 'refresh' };
	return { kind: 'failure', reason: result ?? 'down' };
};

function run(steps, budgets, extra = {}) {
	const clock = fakeClock();
	const retries = [];
	const promise = retryWithBudgets(clock, POLICY, {
		budgets,
		attempt: script(steps),
		classify,
		onRetry: ({ kind, count, delayMs }) => retries.push(`${kind}#${count} ${delayMs}`),
		...extra,
	});
	return { clock, retries, promise };
}

describe('retryWithBudgets', () => {
	test('throttles do not use up the failure budget', async () => {
		const { clock, retries, promise } = run(['throttle', 'throttle', 'throttle', 'failure', 'ok'], {
			failure: { maxAttempts: 2 },
			throttle: { maxAttempts: 4 },
		});
		const end = await promise;
		expect(end).toMatchObject({ result: 'ok', failed: false });
		expect(end.spent).toBeUndefined();
		// Throttles wait at least the server's 2 s; the failure backs off from its own first step.
		expect(retries).toEqual([
			'throttle#1 2000',
			'throttle#2 2000',
			'throttle#3 2000',
			'failure#1 100',
		]);
		expect(clock.sleeps).toEqual([2000, 2000, 2000, 100]);
	});

	test('failures do not use up the throttle budget; a spent budget says which and after how many', async () => {
		const { retries, promise } = run(['failure', 'throttle', 'down', 'throttle', 'failure'], {
			failure: { maxAttempts: 3 },
			throttle: { maxAttempts: 3 },
		});
		const end = await promise;
		expect(retries).toEqual([
			'failure#1 100',
			'throttle#1 2000',
			'failure#2 200',
			'throttle#2 2000',
		]);
		expect(end.result).toBe('failure');
		expect(end.spent).toMatchObject({ kind: 'failure', count: 3, attemptNumber: 5, delayMs: 400 });
	});

	test('a budget of time refuses a retry whose wait would overrun it', async () => {
		let waited = 0;
		const { clock, promise } = run(
			['throttle', 'throttle', 'throttle', 'ok'],
			{
				failure: { maxAttempts: 5 },
				throttle: { maxAttempts: 30, allows: (delayMs) => waited + delayMs <= 5000 },
			},
			{
				onRetry: ({ delayMs }) => {
					waited += delayMs;
				},
			},
		);
		const end = await promise;
		expect(end.spent).toMatchObject({ kind: 'throttle', count: 3, delayMs: 2000 });
		expect(clock.slept).toBe(4000);
	});

	test('an immediate retry (a token refresh) does not sleep, and its onRetry is awaited first', async () => {
		const order = [];
		const { clock, promise } = run(
			['expired', 'expired', 'ok'],
			{
				failure: { maxAttempts: 5 },
				refresh: { maxAttempts: 2, immediate: true },
			},
			{
				onRetry: async ({ kind, delayMs }) => {
					await new Promise((resolve) => setTimeout(resolve, 5));
					order.push(`${kind} ${delayMs}`);
				},
			},
		);
		const end = await promise;
		// Only one refresh: the second expired answer is the end.
		expect(order).toEqual(['refresh 0']);
		expect(end).toMatchObject({ result: 'expired', spent: { kind: 'refresh', count: 2 } });
		expect(clock.sleeps).toEqual([]);
	});

	test('a final outcome ends the run at once, a throw included, without spending anything', async () => {
		const clock = fakeClock();
		const end = await retryWithBudgets(clock, POLICY, {
			budgets: { failure: { maxAttempts: 5 } },
			attempt: script(['down']),
			classify: () => undefined,
		});
		expect(end.failed).toBe(true);
		expect(end.error.message).toBe('ECONNRESET');
		expect(end.spent).toBeUndefined();
		expect(clock.sleeps).toEqual([]);
	});
});

describe('withRetry (one budget for every retry)', () => {
	test('counts every attempt against maxAttempts and throws the last error', async () => {
		const clock = fakeClock();
		const seen = [];
		const error = await withRetry(
			clock,
			{ ...POLICY, maxAttempts: 3 },
			script(['down', 'down', 'down', 'ok']),
			({ error }) => ({ retry: Boolean(error) }),
			({ attemptNumber, delayMs }) => seen.push([attemptNumber, delayMs]),
		).catch((e) => e);
		expect(error.message).toBe('ECONNRESET');
		expect(seen).toEqual([
			[1, 100],
			[2, 200],
		]);
	});

	test('a server-given wait longer than the backoff is waited', async () => {
		const clock = fakeClock();
		const result = await withRetry(clock, POLICY, script(['busy', 'ok']), ({ result }) =>
			result === 'busy' ? { retry: true, minDelayMs: 7000 } : { retry: false },
		);
		expect(result).toBe('ok');
		expect(clock.sleeps).toEqual([7000]);
	});
});
