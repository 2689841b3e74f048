'use strict';

const {
	runPoll,
	commitPoll,
	loadCursor,
	rowFromSavedSearch,
	savedSearchColumns,
	DEFAULT_FIELDS,
	DEFAULT_FILTERS,
	DEFAULT_CURSOR_SETTINGS,
	OVERLAP_KNOWN_ZONE_MS,
} = require('../../core/trigger');
const { ssRow, manyFulfillments } = require('./helpers');

const HOUR = 3_600_000;
const ACTIVATION = Date.parse('2026-11-20T09:00:00Z');

/** A reader over an in-memory result that can change between polls. */
function memoryReader(getRows, pageSize = 4) {
	const reads = [];
	return {
		reads,
		read: async (startRow) => {
			const rows = getRows();
			const page = Math.floor(startRow / pageSize);
			reads.push(page);
			const slice = rows.slice(page * pageSize, (page + 1) * pageSize).map(rowFromSavedSearch);
			return {
				rows: slice.slice(startRow - page * pageSize),
				hasMore: (page + 1) * pageSize < rows.length,
			};
		},
	};
}

function poller({ rows, staticData = {}, settings = {}, pageSize = 4, maxFulfillments = 100 }) {
	let current = rows;
	let clock = ACTIVATION;
	const reader = memoryReader(() => current, pageSize);
	return {
		staticData,
		reader,
		setRows: (r) => (current = r),
		advance: (ms) => (clock += ms),
		now: () => clock,
		async poll({ manual = false, deadline = Infinity, max = maxFulfillments } = {}) {
			const state = manual ? undefined : loadCursor(staticData, clock);
			const outcome = await runPoll({
				reader,
				columns: savedSearchColumns(DEFAULT_FIELDS),
				grouping: {
					source: 'savedSearch',
					search: 's',
					fields: DEFAULT_FIELDS,
					dates: { order: 'MDY', timeZone: 'UTC' },
					polledAt: new Date(clock).toISOString(),
				},
				filters: DEFAULT_FILTERS,
				cursor: { ...DEFAULT_CURSOR_SETTINGS, startFrom: 'all', ...settings },
				state,
				sourceKey: 'savedSearch:s',
				now: () => clock,
				deadline,
				maxFulfillments: max,
				manual,
			});
			if (state) commitPoll(state, outcome, clock, settings);
			return outcome;
		},
	};
}

const ids = (outcome) => outcome.emitted.map((e) => e.fulfillment.fulfillmentId);

describe('exactly-once cursor', () => {
	test('consecutive polls emit each fulfillment once; a new one is emitted on the next poll', async () => {
		const p = poller({ rows: manyFulfillments(5) });
		expect(ids(await p.poll())).toEqual(['2000', '2001', '2002', '2003', '2004']);
		p.advance(60_000);
		expect(ids(await p.poll())).toEqual([]);
		p.setRows([...manyFulfillments(5), ...manyFulfillments(1, 2005)]);
		p.advance(60_000);
		const third = await p.poll();
		expect(ids(third)).toEqual(['2005']);
		expect(third.emitted[0].reason).toBe('new');
	});

	test('a corrected fulfillment (new tracking number) is emitted again; an unrelated change is not', async () => {
		const rows = manyFulfillments(2);
		const p = poller({ rows });
		await p.poll();
		p.advance(60_000);
		// Our own update node wrote an error text: last-modified moved, content did not.
		p.setRows(manyFulfillments(2, 2000, { lastmodifieddate: '11/20/2026 11:45 am' }));
		expect(ids(await p.poll())).toEqual([]);
		p.setRows([ssRow({ id: 2000, trackingnumbers: '1ZNEWNUMBER0000001' }), rows[1]]);
		const out = await p.poll();
		expect(ids(out)).toEqual(['2000']);
		expect(out.emitted[0].reason).toBe('changed');
	});

	test('still unsent after the re-send window → emitted again once; not before', async () => {
		const p = poller({ rows: manyFulfillments(1), settings: { resendAfterMs: 24 * HOUR } });
		await p.poll();
		p.advance(23 * HOUR);
		expect(ids(await p.poll())).toEqual([]);
		p.advance(1 * HOUR);
		const out = await p.poll();
		expect(out.emitted.map((e) => e.reason)).toEqual(['resend']);
		p.advance(60_000);
		expect(ids(await p.poll())).toEqual([]);
	});

	test('the remembered set stays bounded, forgetting the oldest emissions first', async () => {
		const p = poller({ rows: manyFulfillments(3), settings: { maxRemembered: 4 } });
		await p.poll();
		p.advance(60_000);
		p.setRows(manyFulfillments(3, 3000));
		await p.poll();
		const remembered = Object.keys(p.staticData.emitted);
		expect(remembered).toHaveLength(4);
		expect(remembered).toEqual(expect.arrayContaining(['3000', '3001', '3002']));
	});

	test('first activation "changed after activation" skips history and emits later changes', async () => {
		const rows = [
			ssRow({ id: 1, lastmodifieddate: '11/19/2026 3:00 pm' }),
			ssRow({ id: 2, lastmodifieddate: '11/20/2026 8:55 am' }), // within the overlap
		];
		// The zone is known here (the rows are read in it): the narrow overlap applies.
		const p = poller({
			rows,
			settings: { startFrom: 'activation', overlapMs: OVERLAP_KNOWN_ZONE_MS },
		});
		expect(ids(await p.poll())).toEqual(['2']);
		expect(p.staticData.activatedAt).toBe(ACTIVATION);
		p.advance(HOUR);
		p.setRows([...rows, ssRow({ id: 3, lastmodifieddate: '11/20/2026 9:30 am' })]);
		expect(ids(await p.poll())).toEqual(['3']);
	});

	test('first activation "last N days" emits only what changed in the window', async () => {
		const rows = [
			ssRow({ id: 1, trandate: '11/1/2026', lastmodifieddate: '11/1/2026 3:00 pm' }),
			ssRow({ id: 2, trandate: '11/17/2026', lastmodifieddate: '11/17/2026 3:00 pm' }),
		];
		const p = poller({ rows, settings: { startFrom: 'lastDays', lastDays: 7 } });
		expect(ids(await p.poll())).toEqual(['2']);
	});

	test('a restart with the saved static data repeats nothing', async () => {
		const p = poller({ rows: manyFulfillments(3) });
		await p.poll();
		const saved = JSON.parse(JSON.stringify(p.staticData));
		const restarted = poller({ rows: manyFulfillments(4), staticData: saved });
		restarted.advance(5 * 60_000);
		expect(ids(await restarted.poll())).toEqual(['2003']);
	});

	test('a cursor of another version starts afresh instead of failing', async () => {
		const staticData = { v: 0, seen: ['1'] };
		const p = poller({ rows: manyFulfillments(1), staticData });
		expect(ids(await p.poll())).toEqual(['2000']);
		expect(staticData.seen).toBeUndefined();
		expect(staticData.v).toBe(1);
	});

	test('filters: sent, not shipped and untracked fulfillments are skipped and counted', async () => {
		const p = poller({
			rows: [
				ssRow({ id: 1, extra: { custbody_amz_ship_confirmed: { value: 'T' } } }),
				ssRow({ id: 2, extra: { status: { value: 'packed', text: 'Packed' } } }),
				ssRow({ id: 3, trackingnumbers: '' }),
				ssRow({ id: 4 }),
			],
		});
		const out = await p.poll();
		expect(ids(out)).toEqual(['4']);
		expect(out.stats.skipped).toEqual({ sent: 1, notShipped: 1, noTracking: 1 });
	});
});

describe('paging, limits and resume', () => {
	test('max per poll: the rest comes on the next polls, without gaps or repeats', async () => {
		const p = poller({ rows: manyFulfillments(7), pageSize: 3, maxFulfillments: 3 });
		const first = await p.poll();
		expect(ids(first)).toEqual(['2000', '2001', '2002']);
		expect(p.staticData.resume).toEqual({ key: 'savedSearch:s', row: 3 });
		expect(ids(await p.poll())).toEqual(['2003', '2004', '2005']);
		expect(ids(await p.poll())).toEqual(['2006']);
		expect(p.staticData.resume).toBeUndefined();
	});

	test('poll budget: stops between pages, keeps a half-read fulfillment for the next poll', async () => {
		const rows = [
			ssRow({ id: 1 }),
			ssRow({ id: 2, line: '1' }),
			ssRow({ id: 2, line: '2' }), // page 2 starts here (pageSize 2)
			ssRow({ id: 3 }),
		];
		const p = poller({ rows, pageSize: 2 });
		// The deadline is already reached after the first page.
		const first = await p.poll({ deadline: ACTIVATION });
		expect(first.stopReason).toBe('deadline');
		expect(ids(first)).toEqual(['1']);
		expect(p.staticData.resume.row).toBe(1);
		const second = await p.poll();
		expect(
			second.emitted.map((e) => [e.fulfillment.fulfillmentId, e.fulfillment.lines.length]),
		).toEqual([
			['2', 2],
			['3', 1],
		]);
	});

	test('resume beyond a result that shrank restarts from the top', async () => {
		const p = poller({ rows: manyFulfillments(6), pageSize: 2, maxFulfillments: 4 });
		await p.poll();
		expect(p.staticData.resume.row).toBe(4);
		p.setRows(manyFulfillments(2, 5000)); // the first six got sent
		expect(ids(await p.poll())).toEqual(['5000', '5001']);
	});

	test('manual mode returns a sample and leaves the cursor alone', async () => {
		const staticData = {};
		const p = poller({ rows: manyFulfillments(5), staticData });
		const out = await p.poll({ manual: true, max: 3 });
		expect(ids(out)).toEqual(['2000', '2001', '2002']);
		expect(out.emitted.every((e) => e.reason === 'sample')).toBe(true);
		expect(staticData).toEqual({});
		expect(ids(await p.poll())).toHaveLength(5);
	});

	test('a page that fails: the error propagates and the cursor is unchanged', async () => {
		const p = poller({ rows: manyFulfillments(6), pageSize: 2 });
		await p.poll({ max: 2 });
		const before = JSON.parse(JSON.stringify(p.staticData));
		p.reader.read = async () => {
			throw new Error('NetSuite RESTlet call failed');
		};
		await expect(p.poll()).rejects.toThrow('NetSuite RESTlet call failed');
		expect(JSON.parse(JSON.stringify(p.staticData))).toEqual(before);
	});
});
