'use strict';
/** RESTlet and REST saved-search paging, retries and errors against nock. */

const nock = require('nock');
const { NetSuiteClient } = require('../../core/netsuite/client');
const { netSuiteHosts } = require('../../core/netsuite/hosts');
const {
	runPoll,
	commitPoll,
	loadCursor,
	savedSearchReader,
	savedSearchColumns,
	DEFAULT_FIELDS,
	DEFAULT_FILTERS,
	DEFAULT_CURSOR_SETTINGS,
	DEFAULT_RESTLET,
} = require('../../core/trigger');
const { fakeClock, fetchTransport } = require('../netsuite/helpers');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { fakePoll } = require('./fake-poll');
const { manyFulfillments, ssRow } = require('./helpers');
const { savedSearchAnswer, restletQuery } = require('../support/shipped-restlet');

const BASE = 'https://1234567-sb1.restlets.api.netsuite.com';
const REST = 'https://1234567-sb1.suitetalk.api.netsuite.com';
const PATH = '/app/site/hosting/restlet.nl';

const ns = DEFAULT_CREDENTIALS.netsuite;
const credentials = {
	authentication: 'tba',
	accountId: ns.accountId,
	consumerKey: ns.consumerKey,
	consumerSecret: ns.consumerSecret,
	tokenId: ns.tokenId,
	tokenSecret: ns.tokenSecret,
	restBaseUrl: '',
	restletBaseUrl: '',
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/**
 * Serves `rows` (an array, or a function giving the rows at each call) as the shipped RESTlet
 * answers them; `onPage(page)` may return [status, body] to override.
 * `afterId` is honoured like the current RESTlet does (internal ID greater than it), unless
 * `oldRestlet` (a deployment from before the parameter, which ignores it).
 */
function serveRestlet(rows, { onPage, oldRestlet = false } = {}) {
	const pages = [];
	const afterIds = [];
	const rowsNow = typeof rows === 'function' ? rows : () => rows;
	const scope = nock(BASE)
		.persist()
		.get(PATH)
		.query(true)
		.reply(function reply(uri) {
			const query = restletQuery(uri);
			expect(this.req.headers.authorization).toMatch(/^OAuth realm="1234567_SB1"/);
			expect(query.script).toBe(DEFAULT_RESTLET.scriptId);
			expect(query.deploy).toBe(DEFAULT_RESTLET.deployId);
			if (query.action === 'list') return savedSearchAnswer(rowsNow(), query);
			const page = Number(query.page);
			pages.push(page);
			afterIds.push(query.afterId);
			const override = onPage?.(page, pages.length);
			if (override) return override;
			// A deployment of the file from before afterId: the parameter is not read.
			if (oldRestlet) delete query.afterId;
			return savedSearchAnswer(rowsNow(), query);
		});
	return { scope, pages, afterIds };
}

const SAVED = {
	source: 'savedSearch',
	savedSearch: { __rl: true, mode: 'id', value: 'customsearch_amz_if_to_send' },
	startFrom: 'all',
	options: { pageSize: 5 },
};

test('a fulfillment whose rows straddle a page boundary is emitted once with all its lines', async () => {
	const rows = [
		...manyFulfillments(4),
		ssRow({ id: 2004, line: '1', trackingnumbers: '1ZX1' }), // row 5 = end of page 1
		ssRow({ id: 2004, line: '2', trackingnumbers: '1ZX1' }), // row 6 = start of page 2
		ssRow({ id: 2004, line: '3', trackingnumbers: '1ZX1' }),
		...manyFulfillments(4, 2005),
	];
	const { pages } = serveRestlet(rows);
	const [items] = await fakePoll({ parameters: SAVED, credentials }).poll();
	expect(pages).toEqual([0, 1, 2]);
	expect(items.map((i) => i.json.fulfillmentId)).toEqual([
		'2000',
		'2001',
		'2002',
		'2003',
		'2004',
		'2005',
		'2006',
		'2007',
		'2008',
	]);
	expect(items[4].json.lines.map((l) => l.line)).toEqual(['1', '2', '3']);
});

test("n8n's poll budget: stop after a page, emit what was read, resume after it on the next poll", async () => {
	const { pages, afterIds } = serveRestlet(manyFulfillments(12));
	const t = fakePoll({ parameters: SAVED, credentials, pollBudgetMs: 1 });
	const [first] = await t.poll();
	// 2004 may continue on page 2: it is left for the next poll, which starts after 2003.
	expect(first.map((i) => i.json.fulfillmentId)).toEqual(['2000', '2001', '2002', '2003']);
	expect(t.staticData.resume).toEqual(expect.objectContaining({ afterId: '2003' }));
	const [second] = await t.poll();
	expect(second.map((i) => i.json.fulfillmentId)).toEqual(['2004', '2005', '2006', '2007']);
	const [third] = await t.poll();
	expect(third.map((i) => i.json.fulfillmentId)).toEqual(['2008', '2009', '2010', '2011']);
	expect(await t.poll()).toBeNull();
	// Each poll asked NetSuite for what follows the last fulfillment handled, from its first page.
	expect(afterIds).toEqual([undefined, '2003', '2007', undefined]);
	expect(pages).toEqual([0, 0, 0, 0]);
});

test('fulfillments sent between polls do not make the next poll skip unread ones', async () => {
	let rows = manyFulfillments(10);
	const { afterIds } = serveRestlet(() => rows);
	const t = fakePoll({
		parameters: { ...SAVED, maxFulfillments: 4 },
		credentials,
	});
	const [first] = await t.poll();
	expect(first.map((i) => i.json.fulfillmentId)).toEqual(['2000', '2001', '2002', '2003']);
	// The flow marked them sent: they leave the search, every row moves up by four.
	rows = rows.slice(4);
	const [second] = await t.poll();
	expect(second.map((i) => i.json.fulfillmentId)).toEqual(['2004', '2005', '2006', '2007']);
	rows = rows.slice(4);
	const [third] = await t.poll();
	expect(third.map((i) => i.json.fulfillmentId)).toEqual(['2008', '2009']);
	expect(afterIds).toEqual([undefined, '2003', '2007']);
});

test('a RESTlet deployed before afterId existed: the poll pages from the top and skips what it handled', async () => {
	const { afterIds } = serveRestlet(manyFulfillments(9), { oldRestlet: true });
	const t = fakePoll({ parameters: { ...SAVED, maxFulfillments: 4 }, credentials });
	const all = [];
	for (let i = 0; i < 3; i++) {
		const out = await t.poll();
		all.push(...out[0].map((item) => item.json.fulfillmentId));
	}
	expect(all).toEqual(manyFulfillments(9).map((r) => r.id));
	expect(afterIds).toContain('2003');
	expect(await t.poll()).toBeNull();
});

test('a page refused for concurrency is retried and the poll completes', async () => {
	const { pages } = serveRestlet(manyFulfillments(7), {
		onPage: (page, call) =>
			page === 1 && call === 2
				? [
						400,
						{ error: { code: 'SSS_REQUEST_LIMIT_EXCEEDED', message: 'Request limit exceeded' } },
					]
				: undefined,
	});
	const [items] = await fakePoll({ parameters: SAVED, credentials }).poll();
	expect(pages).toEqual([0, 1, 1]);
	expect(items).toHaveLength(7);
});

test('a page that keeps failing is retried with backoff, then the poll fails and the cursor stays put', async () => {
	const { pages } = serveRestlet(manyFulfillments(12), {
		onPage: (page) => (page === 1 ? [503, 'Service Unavailable'] : undefined),
	});
	const clock = fakeClock();
	const client = new NetSuiteClient({
		transport: fetchTransport({
			authorize: () => 'OAuth realm="1234567_SB1", oauth_signature="test"',
		}),
		clock,
		hosts: netSuiteHosts(ns.accountId),
	});
	const staticData = {};
	const state = loadCursor(staticData, clock.now());
	commitPoll(state, { changes: { remember: [{ id: '1', fp: 'x' }] } }, clock.now());
	const before = JSON.parse(JSON.stringify(staticData));
	const poll = runPoll({
		reader: savedSearchReader(client, DEFAULT_RESTLET, 'customsearch_amz_if_to_send', 5),
		columns: savedSearchColumns(DEFAULT_FIELDS),
		grouping: {
			source: 'savedSearch',
			search: 's',
			fields: DEFAULT_FIELDS,
			dates: { order: 'MDY', timeZone: 'UTC' },
			polledAt: '',
		},
		filters: DEFAULT_FILTERS,
		cursor: { ...DEFAULT_CURSOR_SETTINGS, startFrom: 'all' },
		state,
		sourceKey: 'k',
		now: clock.now,
		deadline: Infinity,
		maxFulfillments: 100,
	});
	await expect(poll).rejects.toMatchObject({
		name: 'NetSuiteApiError',
		statusCode: 503,
		message: expect.stringMatching(
			/saved search customsearch_amz_if_to_send, page 2.*after 5 attempts/,
		),
	});
	expect(pages).toEqual([0, 1, 1, 1, 1, 1]);
	expect(clock.sleeps).toHaveLength(4);
	expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0]);
	expect(JSON.parse(JSON.stringify(staticData))).toEqual(before);
});

test('a failing page surfaces from the node as a NodeApiError and nothing is remembered', async () => {
	serveRestlet(manyFulfillments(7), {
		onPage: (page) =>
			page === 1
				? [
						400,
						{
							error: { code: 'SAVED_SEARCH_NOT_FOUND', message: 'Saved search "x" was not found' },
						},
					]
				: undefined,
	});
	const t = fakePoll({ parameters: SAVED, credentials });
	const error = await t.poll().catch((e) => e);
	expect(error.constructor.name).toBe('NodeApiError');
	expect(error.message).toMatch(/SAVED_SEARCH_NOT_FOUND/);
	expect(t.staticData.emitted).toEqual({});
});

test('the picker shows fulfillment searches by script ID with a link to NetSuite', async () => {
	serveRestlet([]);
	const { results } = await fakePoll({ parameters: SAVED, credentials }).searchSavedSearches();
	expect(results).toEqual([
		{
			name: 'Amazon fulfillments to send (customsearch_amz_if_to_send)',
			value: 'customsearch_amz_if_to_send',
			url: 'https://1234567-sb1.app.netsuite.com/app/common/search/searchresults.nl?searchid=1701',
		},
	]);
});

test("NetSuite's REST saved-search API: paged by limit/offset, flattened rows", async () => {
	const flat = (id, line) => ({
		internalid: String(id),
		tranid: `IF${id}`,
		trandate: '11/20/2026',
		shipmethod: { value: '9001', text: 'UPS Ground' },
		createdfrom: { value: '501', text: 'Sales Order #SO501' },
		custbody_celigo_etail_order_id: '114-1000001-1000001',
		item: { value: '101', text: 'WIDGET-1' },
		quantity: '-1',
		line: String(line),
		custcol_celigo_etail_order_line_id: '12345678901234',
		trackingnumbers: `1Z${id}`,
	});
	const all = [flat(1, 1), flat(1, 2), flat(2, 1), flat(3, 1), flat(3, 2), flat(4, 1)];
	nock(REST)
		.persist()
		.get('/services/rest/query/v1/savedsearch/customsearch_amz_if_to_send/result')
		.query(true)
		.reply((uri) => {
			const q = new URL(uri, REST).searchParams;
			const offset = Number(q.get('offset'));
			const limit = Number(q.get('limit'));
			const items = all.slice(offset, offset + limit);
			return [200, { count: items.length, offset, hasMore: offset + limit < all.length, items }];
		});
	const t = fakePoll({ parameters: { ...SAVED, source: 'restSavedSearch' }, credentials });
	const [items] = await t.poll();
	expect(
		items.map((i) => [i.json.fulfillmentId, i.json.lines.length, i.json.salesOrderNumber]),
	).toEqual([
		['1', 2, 'SO501'],
		['2', 1, 'SO501'],
		['3', 2, 'SO501'],
		['4', 1, 'SO501'],
	]);
	expect(items[0].json.source.kind).toBe('restSavedSearch');
});

test('the REST saved-search API missing in this account: the error suggests the RESTlet', async () => {
	nock(REST)
		.get(/savedsearch/)
		.query(true)
		.reply(404, {
			type: 'x',
			title: 'Not Found',
			status: 404,
			'o:errorDetails': [{ detail: 'Invalid URL', 'o:errorCode': 'NONEXISTENT_ID' }],
		});
	const error = await fakePoll({ parameters: { ...SAVED, source: 'restSavedSearch' }, credentials })
		.poll()
		.catch((e) => e);
	expect(error.description).toMatch(/Saved Search \(RESTlet\)/);
});
