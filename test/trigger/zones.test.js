'use strict';
/**
 * The first hours after activation are never skipped, whatever the zones of n8n and of the NetSuite
 * user: a fake NetSuite (nock) keeps UTC instants and shows them, like NetSuite, as wall-clock
 * times in the user's zone — in RESTlet rows, in SuiteQL columns, and when it compares the default
 * query's start-window literal. The trigger runs with its NetSuite Time Zone left empty (n8n's
 * zone is used) or set.
 */
const nock = require('nock');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { formatInZone } = require('../../core/trigger/dates');
const { fakePoll } = require('./fake-poll');
const { ssRow } = require('./helpers');
const { savedSearchAnswer, restletQuery } = require('../support/shipped-restlet');

const RESTLET = 'https://1234567-sb1.restlets.api.netsuite.com';
const REST = 'https://1234567-sb1.suitetalk.api.netsuite.com';
const ns = DEFAULT_CREDENTIALS.netsuite;
const credentials = { authentication: 'tba', ...ns, restBaseUrl: '', restletBaseUrl: '' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const HOUR = 3_600_000;

/** `M/D/YYYY h:mm am` in `zone`, as a saved search shows a date/time column. */
function savedSearchText(epoch, zone) {
	const [date, time] = formatInZone(epoch, zone).split(' ');
	const [y, mo, d] = date.split('-').map(Number);
	const [h, mi] = time.split(':').map(Number);
	return `${mo}/${d}/${y} ${h % 12 || 12}:${String(mi).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
}

/** A NetSuite account whose user zone is `zone`, holding fulfillments changed at the given instants. */
function fakeNetSuite(zone, fulfillments, { restletTellsZone = false } = {}) {
	const rows = fulfillments.map(({ id, changedAt }) =>
		ssRow({
			id,
			trandate: savedSearchText(changedAt, zone).split(' ')[0],
			lastmodifieddate: savedSearchText(changedAt, zone),
			trackingnumbers: `1Z${String(id).padStart(16, '0')}`,
			orderItemId: String(10000000000000 + id),
		}),
	);
	nock(RESTLET)
		.persist()
		.get('/app/site/hosting/restlet.nl')
		.query(true)
		.reply((uri) => {
			const [status, page] = savedSearchAnswer(rows, restletQuery(uri), { timeZone: zone });
			// This package's RESTlet reports the user's zone; one deployed before that did not.
			if (!restletTellsZone) delete page.timeZone;
			return [status, page];
		});
	nock(REST)
		.persist()
		.post('/services/rest/query/v1/suiteql')
		.query(true)
		.reply((_uri, body) => {
			// NetSuite compares lastmodifieddate with the literal in the user's zone.
			const since = /lastmodifieddate >= TO_TIMESTAMP\('([^']+)'/.exec(body.q)?.[1];
			const after = Number(/f\.id > (\d+)/.exec(body.q)?.[1] ?? 0);
			const items = fulfillments
				.filter(
					({ id, changedAt }) => id > after && (!since || formatInZone(changedAt, zone) >= since),
				)
				.map(({ id, changedAt }) => ({
					links: [],
					fulfillment_id: String(id),
					fulfillment_number: `IF${id}`,
					ship_date: formatInZone(changedAt, zone).slice(0, 10),
					last_modified: formatInZone(changedAt, zone).replace(' ', 'T'),
					status: 'C',
					ship_method: 'UPS Ground',
					sales_order_id: '501',
					sales_order_number: 'SO501',
					amazon_order_id: '114-1000001-1000001',
					sent_flag: 'F',
					line: '1',
					item_id: '101',
					sku: 'WIDGET-1',
					quantity: '1',
					amazon_order_item_id: String(10000000000000 + id),
					order_line: '1',
					item_type: 'InvtPart',
					tracking_number: `1Z${String(id).padStart(16, '0')}`,
				}));
			return [
				200,
				{ links: [], count: items.length, hasMore: false, totalResults: items.length, items },
			];
		});
}

const SOURCES = {
	'saved search (RESTlet)': {
		source: 'savedSearch',
		savedSearch: { __rl: true, mode: 'id', value: 'customsearch_amz_if_to_send' },
	},
	'SuiteQL default query': { source: 'suiteql' },
};

// [n8n's zone, the NetSuite user's zone]: west of n8n and east of it, up to the widest pair.
const PAIRS = [
	['UTC', 'America/Los_Angeles'],
	['America/Los_Angeles', 'UTC'],
	['America/New_York', 'America/Los_Angeles'],
	['America/Los_Angeles', 'America/New_York'],
	['Europe/Berlin', 'America/Chicago'],
	['Asia/Tokyo', 'Pacific/Honolulu'],
	['Pacific/Honolulu', 'Asia/Tokyo'],
	['Pacific/Kiritimati', 'Etc/GMT+12'],
	['Etc/GMT+12', 'Pacific/Kiritimati'],
];

describe.each(Object.keys(SOURCES))('%s', (sourceName) => {
	test.each(PAIRS)(
		'n8n in %s, NetSuite user in %s, NetSuite Time Zone left empty: every fulfillment changed after activation is emitted',
		async (n8nZone, netsuiteZone) => {
			const now = Date.now();
			const activatedAt = now - 4 * HOUR;
			// Changed 5 min, 1 h, 2 h 50 min and 3 h 55 min after the activation.
			const after = [5 * 60_000, HOUR, 2 * HOUR + 50 * 60_000, 3 * HOUR + 55 * 60_000].map(
				(ms, i) => ({ id: 3001 + i, changedAt: activatedAt + ms }),
			);
			fakeNetSuite(netsuiteZone, after);
			const t = fakePoll({
				parameters: { ...SOURCES[sourceName], startFrom: 'activation' },
				credentials,
				timezone: n8nZone,
				staticData: { v: 1, activatedAt, emitted: {} },
			});
			const out = await t.poll();
			expect(out?.[0].map((i) => i.json.fulfillmentId)).toEqual(['3001', '3002', '3003', '3004']);
			// Unknown zone: the items do not claim one.
			expect(out[0][0].json.netsuiteTimeZone).toBeUndefined();
			// Exactly once: the next poll emits nothing.
			expect(await t.poll()).toBeNull();
		},
	);

	test.each(PAIRS)(
		'n8n in %s, NetSuite Time Zone set to %s: emitted from activation on, history 2 h before it left alone, the zone on the items',
		async (n8nZone, netsuiteZone) => {
			const now = Date.now();
			const activatedAt = now - 4 * HOUR;
			fakeNetSuite(netsuiteZone, [
				{ id: 3001, changedAt: activatedAt - 2 * HOUR },
				{ id: 3002, changedAt: activatedAt + 5 * 60_000 },
				{ id: 3003, changedAt: activatedAt + 3 * HOUR },
			]);
			const t = fakePoll({
				parameters: {
					...SOURCES[sourceName],
					startFrom: 'activation',
					options: { timeZone: netsuiteZone },
				},
				credentials,
				timezone: n8nZone,
				staticData: { v: 1, activatedAt, emitted: {} },
			});
			const out = await t.poll();
			expect(out?.[0].map((i) => i.json.fulfillmentId)).toEqual(['3002', '3003']);
			expect(out[0].map((i) => i.json.netsuiteTimeZone)).toEqual([netsuiteZone, netsuiteZone]);
		},
	);

	test.each(PAIRS)(
		'n8n in %s, NetSuite user in %s, option empty but NetSuite tells its zone: read in it, narrow window, zone on the items',
		async (n8nZone, netsuiteZone) => {
			const now = Date.now();
			const activatedAt = now - 4 * HOUR;
			fakeNetSuite(
				netsuiteZone,
				[
					{ id: 3001, changedAt: activatedAt - 2 * HOUR },
					{ id: 3002, changedAt: activatedAt + 5 * 60_000 },
					{ id: 3003, changedAt: activatedAt + 3 * HOUR },
				],
				{ restletTellsZone: true },
			);
			const t = fakePoll({
				parameters: { ...SOURCES[sourceName], startFrom: 'activation' },
				credentials,
				timezone: n8nZone,
				staticData: { v: 1, activatedAt, emitted: {} },
			});
			const out = await t.poll();
			const items = out?.[0] ?? [];
			if (sourceName.startsWith('saved search')) {
				expect(items.map((i) => i.json.fulfillmentId)).toEqual(['3002', '3003']);
				expect(items.map((i) => i.json.netsuiteTimeZone)).toEqual([netsuiteZone, netsuiteZone]);
				// Read in the zone NetSuite told (saved searches give minutes).
				const minute = Math.floor((activatedAt + 5 * 60_000) / 60_000) * 60_000;
				expect(items[0].json.lastModified).toBe(new Date(minute).toISOString());
			} else {
				// SuiteQL cannot tell the zone: the wide window applies; nothing after activation is lost.
				expect(items.map((i) => i.json.fulfillmentId)).toEqual(
					expect.arrayContaining(['3002', '3003']),
				);
				expect(items.some((i) => 'netsuiteTimeZone' in i.json)).toBe(false);
			}
		},
	);
});
