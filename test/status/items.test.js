const {
	groupByFeed,
	packagesOf,
	checkTiming,
	overdueReason,
	formatDuration,
	fulfillmentLabel,
} = require('../../core/status/items');
const { feedItem } = require('./helpers');

const NOW = Date.parse('2026-11-27T10:00:00Z');

test('groupByFeed keeps the order feeds first appear in and every item of each', () => {
	const items = ['A', 'B', 'A', 'C', 'B'].map((feedId, index) => ({ index, feedId, json: {} }));
	expect(groupByFeed(items).map((g) => [g.feedId, g.items.map((i) => i.index)])).toEqual([
		['A', [0, 2]],
		['B', [1, 4]],
		['C', [3]],
	]);
});

test('packagesOf reads amazon.submission.packages[].messageId and skips packages without a usable one', () => {
	const json = feedItem(1, {
		packages: [
			[1, 'T1'],
			[2, 'T2'],
		],
	});
	json.amazon.submission.packages.push({ packageId: '9', trackingNumber: 'T9' });
	json.amazon.submission.packages.push({ messageId: 'x', trackingNumber: 'TX' });
	expect(packagesOf(json)).toEqual([
		{ messageId: 1, packageId: '1', trackingNumber: 'T1' },
		{ messageId: 2, packageId: '2', trackingNumber: 'T2' },
	]);
	expect(packagesOf({})).toEqual([]);
});

test('fulfillmentLabel prefers the document number', () => {
	expect(fulfillmentLabel({ fulfillmentNumber: 'IF9', fulfillmentId: '9' }, 0)).toBe(
		'fulfillment IF9',
	);
	expect(fulfillmentLabel({ fulfillmentId: '9' }, 0)).toBe('fulfillment 9');
	expect(fulfillmentLabel({}, 4)).toBe('item 4');
});

describe('checkTiming', () => {
	test('first check: attempt 1, wait measured from the submission', () => {
		const t = checkTiming(feedItem(1, { submittedAt: '2026-11-27T09:00:00Z' }), '50001', NOW);
		expect(t).toEqual({
			attempt: 1,
			firstCheckedAt: '2026-11-27T10:00:00.000Z',
			waitStartedAt: Date.parse('2026-11-27T09:00:00Z'),
		});
	});

	test('a submission of another feed (item re-sent, feed ID overridden) does not count', () => {
		const json = feedItem(1, { feedId: '1', submittedAt: '2026-11-20T00:00:00Z' });
		expect(checkTiming(json, '2', NOW).waitStartedAt).toBe(NOW);
	});

	test('an old pending result without feedId continues; an old final one does not', () => {
		const base = { attempt: 4, firstCheckedAt: '2026-11-27T09:30:00.000Z' };
		const pending = feedItem(1, { result: { ...base, outcome: 'pending' } });
		const failed = feedItem(1, { result: { ...base, outcome: 'failed' } });
		expect(checkTiming(pending, '50001', NOW).attempt).toBe(5);
		expect(checkTiming(failed, '50001', NOW).attempt).toBe(1);
	});
});

test('overdueReason: the maximum wait, the check limit, or nothing', () => {
	const t = { attempt: 2, firstCheckedAt: '', waitStartedAt: NOW - 3 * 3600 * 1000 };
	expect(overdueReason(t, NOW, { maxWaitMs: 8 * 3600 * 1000 })).toBeUndefined();
	expect(overdueReason(t, NOW, { maxWaitMs: 3 * 3600 * 1000 })).toBe(
		'waited 3 h (the maximum is 3 h)',
	);
	expect(overdueReason(t, NOW, { maxWaitMs: 0, maxChecks: 2 })).toBe(
		'checked 2 times (the maximum is 2)',
	);
	expect(overdueReason(t, NOW, { maxWaitMs: 0 })).toBeUndefined();
});

test('formatDuration', () => {
	expect(formatDuration(42000)).toBe('42 s');
	expect(formatDuration(5 * 60000)).toBe('5 min');
	expect(formatDuration(8 * 3600000 + 61000)).toBe('8 h 1 min');
});
