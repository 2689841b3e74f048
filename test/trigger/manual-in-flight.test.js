'use strict';
/**
 * "Execute workflow" in the editor polls in manual mode and the downstream nodes really send the
 * sample to Amazon: fulfillments a scheduled execution emitted recently (still in flight) must not
 * be in it.
 */

const nock = require('nock');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { fakePoll } = require('./fake-poll');
const { manyFulfillments } = require('./helpers');
const { shippedRestletReply } = require('../support/shipped-restlet');

const BASE = 'https://1234567-sb1.restlets.api.netsuite.com';
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
const SAVED = {
	source: 'savedSearch',
	savedSearch: { __rl: true, mode: 'id', value: 'customsearch_amz_if_to_send' },
	startFrom: 'all',
	options: { pageSize: 5 },
};
const HOUR = 3_600_000;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function serve(rows) {
	nock(BASE)
		.persist()
		.get('/app/site/hosting/restlet.nl')
		.query(true)
		.reply(shippedRestletReply(rows));
}

/** Static data as a scheduled poll leaves it, with `emitted` = id → how long ago (ms). */
function cursorWith(emitted) {
	const now = Date.now();
	const entries = {};
	for (const [id, ago] of Object.entries(emitted)) {
		entries[id] = `0123456789abcdef@${Math.floor((now - ago) / 1000)}`;
	}
	return { v: 1, activatedAt: now - 48 * HOUR, emitted: entries, updatedAt: now - HOUR };
}

test('a manual run leaves out fulfillments a scheduled execution has in flight, and changes nothing', async () => {
	serve(manyFulfillments(5));
	const staticData = cursorWith({ 2000: 10 * 60_000, 2002: HOUR });
	const before = JSON.parse(JSON.stringify(staticData));
	const t = fakePoll({ parameters: SAVED, credentials, mode: 'manual', staticData });
	const [items] = await t.poll();
	expect(items.map((i) => i.json.fulfillmentId)).toEqual(['2001', '2003', '2004']);
	expect(items.every((i) => i.json.source.reason === 'sample')).toBe(true);
	expect(JSON.parse(JSON.stringify(t.staticData))).toEqual(before);
	expect(t.workflowStaticData.__dataChanged).toBeFalsy();
});

test('an emission older than the re-send window is no longer in flight: it can be sampled', async () => {
	serve(manyFulfillments(2));
	const staticData = cursorWith({ 2000: 25 * HOUR, 2001: 2 * HOUR });
	const t = fakePoll({ parameters: SAVED, credentials, mode: 'manual', staticData });
	const [items] = await t.poll();
	expect(items.map((i) => i.json.fulfillmentId)).toEqual(['2000']);
});

test('the re-send window is the one set under Options', async () => {
	serve(manyFulfillments(2));
	const staticData = cursorWith({ 2000: 2 * HOUR, 2001: 30 * 60_000 });
	const parameters = { ...SAVED, options: { ...SAVED.options, resendAfterHours: 1 } };
	const [items] = await fakePoll({ parameters, credentials, mode: 'manual', staticData }).poll();
	expect(items.map((i) => i.json.fulfillmentId)).toEqual(['2000']);
});

test('only in-flight fulfillments: the usual "no fulfillment" error says they are in flight', async () => {
	serve(manyFulfillments(2));
	const staticData = cursorWith({ 2000: 5 * 60_000, 2001: 20 * 60_000 });
	const before = JSON.parse(JSON.stringify(staticData));
	const t = fakePoll({ parameters: SAVED, credentials, mode: 'manual', staticData });
	const error = await t.poll().then(
		() => undefined,
		(e) => e,
	);
	expect(error).toBeDefined();
	expect(error.message).toBe('Nothing to send: NetSuite has no fulfillment ready for Amazon');
	expect(error.description).toMatch(/2 are in flight in a scheduled execution/);
	expect(JSON.parse(JSON.stringify(t.staticData))).toEqual(before);
});

test('a manual run of a workflow never activated (no cursor) samples as before and creates none', async () => {
	serve(manyFulfillments(4));
	const t = fakePoll({ parameters: SAVED, credentials, mode: 'manual', staticData: {} });
	const [items] = await t.poll();
	expect(items.map((i) => i.json.fulfillmentId)).toEqual(['2000', '2001', '2002']);
	expect(t.staticData).toEqual({});
});
