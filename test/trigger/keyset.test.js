'use strict';
/**
 * Resume after an ID (keyset) instead of a row, and fulfillments without tracking left out by the
 * query: what a poll reads from NetSuite, against the emulator and in-memory sources.
 */

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { emulatorCredentials } = require('../../emulators');
const {
	runPoll,
	loadCursor,
	commitPoll,
	groupRows,
	rowFromSavedSearch,
	savedSearchColumns,
	buildDefaultSuiteQl,
	customSuiteQl,
	DEFAULT_FIELDS,
	DEFAULT_FILTERS,
	DEFAULT_CURSOR_SETTINGS,
} = require('../../core/trigger');
const { contentFingerprint } = require('../../core/fulfillment/fingerprint');
const { fakePoll } = require('./fake-poll');
const { restlet } = require('../emulators/netsuite-helpers');
const { ssRow, manyFulfillments, DEFAULT_SEED_TO_SEND } = require('./helpers');

let emulator;
let credentials;
let url;

beforeAll(async () => {
	emulator = createNetSuiteEmulator();
	({ url } = await emulator.listen());
	credentials = emulatorCredentials(url, url).netSuiteApi;
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

const SAVED = {
	source: 'savedSearch',
	savedSearch: { __rl: true, mode: 'id', value: 'customsearch_amz_if_to_send' },
	startFrom: 'all',
	options: { pageSize: 5 },
};
const SUITEQL = { source: 'suiteql', startFrom: 'all', options: { pageSize: 5 } };
const ids = (out) => (out ? out[0].map((i) => i.json.fulfillmentId) : []);
/** The SuiteQL texts a poll sent (POST bodies). */
const bodyOf = (r) => (typeof r.body === 'string' ? JSON.parse(r.body) : r.body);
const queries = (t) => t.requests.filter((r) => /suiteql/.test(r.url)).map((r) => bodyOf(r).q);
/** RESTlet `afterId` of each page call. */
const afterIdsOf = (t) =>
	t.requests
		.filter((r) => /restlet\.nl/.test(r.url))
		.map((r) => new URL(r.url).searchParams.get('afterId'));

describe.each([
	['saved search (RESTlet)', SAVED],
	['SuiteQL default query', SUITEQL],
])('%s', (_name, source) => {
	test('sent fulfillments leaving the result do not make the next poll skip or re-read', async () => {
		const t = fakePoll({ parameters: { ...source, maxFulfillments: 4 }, credentials });
		const seen = [];
		for (let i = 0; i < 3; i++) {
			const out = await t.poll();
			seen.push(...ids(out));
			// What the flow does: the emitted ones get marked sent and drop out of the search.
			for (const id of ids(out)) emulator.updateFulfillment(id, { sentToAmazon: true });
		}
		expect(seen).toEqual(DEFAULT_SEED_TO_SEND);
		expect(t.staticData.resume).toBeUndefined();
	});
});

test('RESTlet: a poll resumes after the last fulfillment it handled, from the first page', async () => {
	const t = fakePoll({ parameters: { ...SAVED, maxFulfillments: 4 }, credentials });
	await t.poll();
	expect(t.staticData.resume).toMatchObject({ afterId: '1204' });
	const before = t.requests.length;
	await t.poll();
	const calls = t.requests.slice(before).map((r) => new URL(r.url).searchParams);
	expect(calls[0].get('afterId')).toBe('1204');
	expect(calls[0].get('page')).toBe('0');
	expect(afterIdsOf(t)[0]).toBeNull();
});

test('the emulator RESTlet filters on afterId, counts pages within it and echoes it', async () => {
	const run = (extra) =>
		restlet(url, { action: 'run', searchId: 'customsearch_amz_if_all', pageSize: 1000, ...extra });
	const all = (await run({})).json;
	const after = (await run({ afterId: '1207' })).json;
	expect(after.afterId).toBe('1207');
	expect(all.afterId).toBeUndefined();
	expect(after.rows.length).toBeGreaterThan(0);
	expect(after.rows.every((r) => Number(r.id) > 1207)).toBe(true);
	expect(after.rows).toEqual(all.rows.filter((r) => Number(r.id) > 1207));
	expect(after.count).toBe(after.rows.length);
	expect((await run({ afterId: '1 OR 1=1' })).status).toBe(400);
});

test('SuiteQL: the next poll asks for fulfillments after the last one handled', async () => {
	const t = fakePoll({ parameters: { ...SUITEQL, maxFulfillments: 4 }, credentials });
	await t.poll();
	expect(queries(t).every((q) => !/f\.id > /.test(q))).toBe(true);
	const before = t.requests.length;
	await t.poll();
	const next = t.requests.slice(before).map((r) => bodyOf(r).q);
	expect(next[0]).toMatch(/f\.id > 1204\b/);
});

describe('Require Tracking in the default SuiteQL', () => {
	test('a fulfillment without tracking is not read at all', async () => {
		const t = fakePoll({ parameters: SUITEQL, credentials });
		const out = await t.poll();
		expect(ids(out)).not.toContain('1206');
		expect(queries(t)[0]).toMatch(/EXISTS \(SELECT 1 FROM trackingnumbermap/);
		// Turned off, the same fulfillment comes through.
		const off = fakePoll({ parameters: { ...SUITEQL, requireTracking: false }, credentials });
		expect(ids(await off.poll())).toContain('1206');
		expect(queries(off)[0]).not.toMatch(/trackingnumbermap x/);
	});

	test('a box tracking number on a line counts as tracking', () => {
		const q = buildDefaultSuiteQl({ fields: DEFAULT_FIELDS, filters: DEFAULT_FILTERS });
		expect(q).toMatch(
			/\(EXISTS \(SELECT 1 FROM trackingnumbermap x WHERE x\.transaction = f\.id\) OR EXISTS \(SELECT 1 FROM transactionline xl WHERE xl\.transaction = f\.id AND xl\.custcol_amz_package_tracking IS NOT NULL\)\)/,
		);
		const noBox = buildDefaultSuiteQl({
			fields: { ...DEFAULT_FIELDS, packageTrackingField: '' },
			filters: DEFAULT_FILTERS,
		});
		expect(noBox).not.toMatch(/xl\./);
	});

	test('once tracking is added the fulfillment is emitted', async () => {
		const t = fakePoll({ parameters: SUITEQL, credentials });
		await t.poll();
		emulator.updateFulfillment('1206', { packages: [{ trackingNumber: '1Z999AA10123450001' }] });
		expect(ids(await t.poll())).toEqual(['1206']);
	});
});

describe('custom SuiteQL', () => {
	test('with :afterId it resumes after an ID; the value is a number or nothing', () => {
		const q = customSuiteQl(
			'SELECT f.id AS fulfillment_id FROM transaction f WHERE f.id > :afterId ORDER BY f.id',
		);
		expect(typeof q).toBe('function');
		expect(q()).toMatch(/f\.id > 0 ORDER/);
		expect(q('1234')).toMatch(/f\.id > 1234 ORDER/);
		expect(() => q('1 OR 1=1')).toThrow(/whole number/);
		// Without the placeholder: a plain query, paged by rows.
		expect(customSuiteQl('SELECT 1 AS fulfillment_id FROM dual')).toBe(
			'SELECT 1 AS fulfillment_id FROM dual',
		);
	});

	test('the starter query in the editor carries the placeholder and runs on the emulator', async () => {
		const { properties } = require('../../nodes/NetSuiteSavedSearchTrigger/description');
		const starter = properties.find((p) => p.name === 'query').default;
		expect(starter).toMatch(/f\.id > :afterId/);
		const t = fakePoll({
			parameters: { ...SUITEQL, queryMode: 'custom', query: starter, maxFulfillments: 5 },
			credentials,
		});
		expect(ids(await t.poll())).toEqual(['1201', '1202', '1203', '1204', '1205']);
		expect(t.staticData.resume).toMatchObject({ afterId: '1205' });
		expect(ids(await t.poll())).toEqual(['1207', '1208', '1209', '1212', '1213']);
		expect(queries(t).at(-1)).toMatch(/f\.id > 1205\b/);
	});
});

/** In-memory keyset source sorted by ID; records the afterId of each read. */
function keysetReader(getRows, pageSize = 4) {
	const reads = [];
	return {
		keyset: true,
		reads,
		read: async (startRow, afterId) => {
			const rows = getRows().filter((r) => afterId === undefined || Number(r.id) > Number(afterId));
			const page = Math.floor(startRow / pageSize);
			reads.push({ page, afterId });
			const slice = rows.slice(page * pageSize, (page + 1) * pageSize).map(rowFromSavedSearch);
			return {
				rows: slice.slice(startRow - page * pageSize),
				hasMore: (page + 1) * pageSize < rows.length,
			};
		},
	};
}

async function poll(reader, staticData, { max = 100, deadline = Infinity } = {}) {
	const now = Date.parse('2026-11-20T12:00:00Z');
	const state = loadCursor(staticData, now);
	const outcome = await runPoll({
		reader,
		columns: savedSearchColumns(DEFAULT_FIELDS),
		grouping: {
			source: 'savedSearch',
			search: 's',
			fields: DEFAULT_FIELDS,
			dates: { order: 'MDY', timeZone: 'UTC' },
			polledAt: new Date(now).toISOString(),
		},
		filters: DEFAULT_FILTERS,
		cursor: { ...DEFAULT_CURSOR_SETTINGS, startFrom: 'all' },
		state,
		sourceKey: 'savedSearch:s',
		now: () => now,
		deadline,
		maxFulfillments: max,
	});
	commitPoll(state, outcome, now);
	return outcome;
}
const emittedIds = (o) => o.emitted.map((e) => e.fulfillment.fulfillmentId);

describe('keyset resume in the poll', () => {
	test('a poll stopped by its budget inside a fulfillment resumes after the last whole one', async () => {
		const rows = [
			ssRow({ id: 1 }),
			ssRow({ id: 2, line: '1' }),
			ssRow({ id: 2, line: '2' }),
			ssRow({ id: 2, line: '3' }), // page 1 ends inside fulfillment 2 (pageSize 3)
			ssRow({ id: 3 }),
		];
		const reader = keysetReader(() => rows, 3);
		const staticData = {};
		const first = await poll(reader, staticData, { deadline: 0 });
		expect(emittedIds(first)).toEqual(['1']);
		expect(staticData.resume).toMatchObject({ afterId: '1' });
		const second = await poll(reader, staticData);
		expect(
			second.emitted.map((e) => [e.fulfillment.fulfillmentId, e.fulfillment.lines.length]),
		).toEqual([
			['2', 3],
			['3', 1],
		]);
		expect(reader.reads.slice(1)).toEqual([
			{ page: 0, afterId: '1' },
			{ page: 1, afterId: '1' },
			// Having resumed, it reached the end: it goes round from the top up to the resume point.
			{ page: 0, afterId: undefined },
			{ page: 1, afterId: undefined },
		]);
	});

	test('nothing left after the resume ID: the same poll starts at the top', async () => {
		let rows = manyFulfillments(6);
		const reader = keysetReader(() => rows, 2);
		const staticData = {};
		await poll(reader, staticData, { max: 4 });
		expect(staticData.resume.afterId).toBe('2003');
		rows = [...manyFulfillments(2, 1000), ...manyFulfillments(6).slice(0, 4)]; // 2004/2005 sent, two new below
		expect(emittedIds(await poll(reader, staticData))).toEqual(['1000', '1001']);
	});

	test('IDs compare as numbers: 999 does not come after 1000', async () => {
		const rows = [...manyFulfillments(1, 999), ...manyFulfillments(2, 1000)];
		const ignoring = keysetReader(() => rows, 5);
		// A source that ignores afterId (an old RESTlet): the poll skips what it handled itself.
		ignoring.read = (
			({ read }) =>
			(startRow) =>
				read(startRow, undefined)
		)(ignoring);
		const staticData = {
			v: 1,
			activatedAt: 0,
			emitted: {},
			resume: { key: 'savedSearch:s', row: 0, afterId: '999' },
		};
		const out = await poll(ignoring, staticData);
		// 999 is skipped as before the resume point, then read in the wrap-round from the top (the
		// cursor does not remember it, so it goes out), after 1000 and 1001.
		expect(emittedIds(out)).toEqual(['1000', '1001', '999']);
		expect(out.stats.skipped.beforeResume).toBe(1);
	});

	test('a cursor saved by the row-based version resumes at its row once, then by ID', async () => {
		const rows = manyFulfillments(9);
		const reader = keysetReader(() => rows, 3);
		const staticData = {
			v: 1,
			activatedAt: 0,
			emitted: {},
			resume: { key: 'savedSearch:s', row: 3 },
		};
		const out = await poll(reader, staticData, { max: 3 });
		expect(emittedIds(out)).toEqual(['2003', '2004', '2005']);
		expect(staticData.resume).toMatchObject({ afterId: '2005' });
		expect(emittedIds(await poll(reader, staticData, { max: 3 }))).toEqual([
			'2006',
			'2007',
			'2008',
		]);
	});
});

describe('a resumed poll that reaches the end goes round from the top in the same poll', () => {
	// n8n saves the static data only when a poll emits. A resumed poll that emitted nothing used to
	// drop its resume point only in memory: after a restart the saved resume point came back, and a
	// fulfillment before it (fixed since, or stepped past) was never read again.
	test.each([
		['keyset source', true],
		['row-paged source', false],
	])('%s', async (_name, keyset) => {
		const fixed = ssRow({ id: 1003, trackingnumbers: '1ZFIXED00000000001' });
		const later = manyFulfillments(3, 1006);
		const reader = keysetReader(() => [fixed, ...later], 2);
		if (!keyset) {
			reader.keyset = false;
			reader.read = (
				({ read }) =>
				(startRow) =>
					read(startRow, undefined)
			)(reader);
		}
		// What n8n last saved: 1006-1008 emitted an hour ago (in flight), resume after 1005 (row 1 for
		// the row-paged source); 1003 was left unsent then (no tracking yet) and is fixed now.
		const saved = () => {
			const data = {};
			loadCursor(data, Date.parse('2026-11-20T11:00:00Z'));
			const state = data;
			commitPoll(
				state,
				{
					changes: {
						remember: later.map((r) => {
							const [a] = groupRows([rowFromSavedSearch(r)], savedSearchColumns(DEFAULT_FIELDS), {
								source: 'savedSearch',
								search: 's',
								fields: DEFAULT_FIELDS,
								dates: { order: 'MDY', timeZone: 'UTC' },
								polledAt: '',
							});
							return { id: a.fulfillment.fulfillmentId, fp: contentFingerprint(a.fulfillment) };
						}),
						resume: keyset
							? { key: 'savedSearch:s', row: 0, afterId: '1005' }
							: { key: 'savedSearch:s', row: 1 },
					},
				},
				Date.parse('2026-11-20T11:00:00Z'),
			);
			return JSON.parse(JSON.stringify(data));
		};
		const out = await poll(reader, saved());
		expect(emittedIds(out)).toEqual(['1003']);
		expect(out.stopReason).toBe('end');
		expect(out.changes.resume).toBeUndefined();
	});
});
