'use strict';
/**
 * One fulfillment with more rows than a poll reads for one (lines × tracking numbers past the cap)
 * used to stall the trigger: every poll read up to the cap, emitted nothing, raised nothing and
 * never moved on. Now it is named, stepped past, and the others go on.
 */
const nock = require('nock');
const {
	runPoll,
	loadCursor,
	commitPoll,
	rowFromSavedSearch,
	savedSearchColumns,
	DEFAULT_FIELDS,
	DEFAULT_FILTERS,
	DEFAULT_CURSOR_SETTINGS,
	DEFAULT_RESTLET,
} = require('../../core/trigger');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { fakePoll } = require('./fake-poll');
const { ssRow } = require('./helpers');
const { shippedRestletReply } = require('../support/shipped-restlet');

const NOW = Date.parse('2026-11-20T12:00:00Z');

/** Fulfillment 2 has `bigLines` lines; 1 and 3 have one each. Sorted by ID, one row per line. */
function rowsWithBig(bigLines) {
	const big = [];
	for (let l = 1; l <= bigLines; l++)
		big.push(ssRow({ id: 2, line: String(l), orderItemId: String(10000000000000 + l) }));
	return [ssRow({ id: 1 }), ...big, ssRow({ id: 3 })];
}

/** In-memory source; `keyset` filters on afterId; `maxRows` like SuiteQL's offset cap. */
function reader(rows, { keyset, pageSize = 4, maxRows } = {}) {
	const reads = [];
	return {
		keyset,
		maxRows,
		reads,
		read: async (startRow, afterId) => {
			const left = rows.filter(
				(r) => !keyset || afterId === undefined || Number(r.id) > Number(afterId),
			);
			const page = Math.floor(startRow / pageSize);
			reads.push({ page, afterId });
			const slice = left.slice(page * pageSize, (page + 1) * pageSize).map(rowFromSavedSearch);
			return {
				rows: slice.slice(startRow - page * pageSize),
				hasMore: (page + 1) * pageSize < left.length,
			};
		},
	};
}

async function poll(source, staticData, maxRowsPerFulfillment) {
	const state = loadCursor(staticData, NOW);
	const outcome = await runPoll({
		reader: source,
		columns: savedSearchColumns(DEFAULT_FIELDS),
		grouping: {
			source: 'savedSearch',
			search: 's',
			fields: DEFAULT_FIELDS,
			dates: { order: 'MDY', timeZone: 'UTC' },
			polledAt: new Date(NOW).toISOString(),
		},
		filters: DEFAULT_FILTERS,
		cursor: { ...DEFAULT_CURSOR_SETTINGS, startFrom: 'all' },
		state,
		sourceKey: 'savedSearch:s',
		now: () => NOW,
		deadline: Infinity,
		maxFulfillments: 100,
		maxRowsPerFulfillment,
	});
	commitPoll(state, outcome, NOW);
	return outcome;
}
const ids = (o) => o.emitted.map((e) => e.fulfillment.fulfillmentId);

describe.each([
	['keyset source (RESTlet, default SuiteQL)', { keyset: true }],
	['row-paged source', { keyset: false }],
	['keyset SuiteQL whose offset cap falls inside the big one', { keyset: true, maxRows: 20 }],
])('%s', (_name, shape) => {
	test('the big fulfillment is stepped past and named; the one after it is emitted', async () => {
		const source = reader(rowsWithBig(30), shape);
		const staticData = {};
		const emitted = [];
		const oversized = [];
		// A few polls at most: before, the trigger never got past fulfillment 2.
		for (let n = 0; n < 3; n++) {
			const out = await poll(source, staticData, 10);
			emitted.push(...ids(out));
			oversized.push(...out.oversized.map((o) => o.fulfillmentId));
			if (out.stopReason === 'end') break;
		}
		expect(emitted).toEqual(['1', '3']);
		expect([...new Set(oversized)]).toEqual(['2']);
		// Keyset: its remaining rows are never read; the next query starts after it.
		if (shape.keyset) expect(source.reads.some((r) => r.afterId === '2')).toBe(true);
	});
});

test('every poll after that still goes past it (and says so), without reading it whole', async () => {
	const source = reader(rowsWithBig(1000), { keyset: true, pageSize: 5 });
	const staticData = {};
	await poll(source, staticData, 10);
	const reads = source.reads.length;
	const again = await poll(source, staticData, 10);
	expect(ids(again)).toEqual([]);
	expect(again.oversized).toEqual([
		{ fulfillmentId: '2', fulfillmentNumber: 'IF2', rowsRead: 11, maxRows: 10 },
	]);
	// 11 rows of the big one are read (3 pages of 5), then the source is asked for what follows it.
	expect(source.reads.length - reads).toBeLessThanOrEqual(5);
});

describe('the node writes the reason on the fulfillment in NetSuite, once per window', () => {
	const RESTLET = 'https://1234567-sb1.restlets.api.netsuite.com';
	const REST = 'https://1234567-sb1.suitetalk.api.netsuite.com';
	const credentials = {
		authentication: 'tba',
		...DEFAULT_CREDENTIALS.netsuite,
		restBaseUrl: '',
		restletBaseUrl: '',
	};
	const SAVED = {
		source: 'savedSearch',
		savedSearch: { __rl: true, mode: 'id', value: 'customsearch_amz_if_to_send' },
		startFrom: 'all',
		options: { pageSize: 50, maxRowsPerFulfillment: 100 },
	};

	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	function serve(rows) {
		nock(RESTLET)
			.persist()
			.get('/app/site/hosting/restlet.nl')
			// Only the configured script answers; any other call finds no interceptor and fails.
			.query((q) => q.script === DEFAULT_RESTLET.scriptId)
			.reply(shippedRestletReply(rows));
	}

	test('written once, the others emitted; a later poll does not write it again', async () => {
		serve(rowsWithBig(150));
		const patches = [];
		nock(REST)
			.patch('/services/rest/record/v1/itemFulfillment/2')
			.once()
			.reply((_uri, body) => {
				patches.push(body);
				return [204, ''];
			});
		const t = fakePoll({ parameters: SAVED, credentials });
		const [items] = await t.poll();
		expect(items.map((i) => i.json.fulfillmentId)).toEqual(['1', '3']);
		expect(patches).toHaveLength(1);
		expect(patches[0].custbody_amz_ship_error).toMatch(
			/^Not sent to Amazon: this fulfillment has more than 100 result rows .*Max Rows per Fulfillment/,
		);
		// Stepped past again, but NetSuite already says why: no second write (nock would refuse it).
		expect(await t.poll()).toBeNull();
	});

	test('the reason cannot be written and nothing else to emit: the poll fails naming the fulfillment', async () => {
		serve(rowsWithBig(150).filter((r) => r.id === '2'));
		nock(REST)
			.patch('/services/rest/record/v1/itemFulfillment/2')
			.reply(403, {
				title: 'Forbidden',
				status: 403,
				'o:errorDetails': [
					{ detail: 'Permission Violation.', 'o:errorCode': 'INSUFFICIENT_PERMISSION' },
				],
			});
		const t = fakePoll({ parameters: SAVED, credentials });
		const error = await t.poll().catch((e) => e);
		expect(error.message).toMatch(/1 fulfillment too big to send/);
		expect(error.description).toMatch(
			/^Fulfillment IF2 \(2\): Not sent to Amazon: .*INSUFFICIENT_PERMISSION/s,
		);
	});
});

test('a RESTlet deployed before afterId existed (it pages from the top): still steps past, no endless re-read', async () => {
	const source = reader(rowsWithBig(30), { keyset: true });
	const read = source.read;
	source.read = (startRow) => read(startRow, undefined);
	const out = await poll(source, {}, 10);
	expect(ids(out)).toEqual(['1', '3']);
	expect(out.oversized.map((o) => o.fulfillmentId)).toEqual(['2']);
	expect(source.reads.length).toBeLessThan(30);
});
