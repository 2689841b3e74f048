'use strict';
/** The trigger node's poll() against the NetSuite emulator (TBA-signed, RESTlet and SuiteQL). */

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { emulatorCredentials } = require('../../emulators');
const { fakePoll } = require('./fake-poll');
const { DEFAULT_SEED_TO_SEND } = require('./helpers');

let emulator;
let credentials;

beforeAll(async () => {
	emulator = createNetSuiteEmulator();
	const { url } = await emulator.listen();
	credentials = emulatorCredentials(url, url).netSuiteApi;
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

const SAVED = {
	source: 'savedSearch',
	savedSearch: { __rl: true, mode: 'list', value: 'customsearch_amz_if_to_send' },
	startFrom: 'all',
	options: { pageSize: 5 },
};
const SUITEQL = { source: 'suiteql', startFrom: 'all', options: { pageSize: 5 } };

const byId = (items) => Object.fromEntries(items.map((i) => [i.json.fulfillmentId, i.json]));

describe.each([
	['saved search (RESTlet)', SAVED],
	['SuiteQL default query', SUITEQL],
])('%s', (_name, parameters) => {
	test('pages through the result and emits each fulfillment once, whole', async () => {
		const t = fakePoll({ parameters, credentials });
		const [items] = await t.poll();
		expect(items.map((i) => i.json.fulfillmentId)).toEqual(DEFAULT_SEED_TO_SEND);
		expect(t.requests.length).toBeGreaterThanOrEqual(3); // more rows than one 5-row page
		const f = byId(items);
		// 1204: three lines in two boxes whose contents NetSuite knows.
		expect(f['1204'].lines).toHaveLength(3);
		expect(f['1204'].packages.map((p) => [p.trackingNumber, p.lines.map((l) => l.line)])).toEqual([
			['1Z999AA10123456791', ['1']],
			['1Z999AA10123456802', ['2', '3']],
		]);
		// 1205: two boxes, contents unknown.
		expect(f['1205'].packages.every((p) => p.lines === undefined)).toBe(true);
		expect(f['1205'].trackingNumbers).toHaveLength(2);
		expect(f['1201']).toMatchObject({
			salesOrderNumber: expect.stringMatching(/^SO/),
			amazonOrderId: expect.stringMatching(/^\d{3}-\d{7}-\d{7}$/),
			shipDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			shipMethod: expect.any(String),
		});
		expect(f['1201'].lines[0].amazonOrderItemId).toMatch(/^\d{14}$/);
		expect(f['1201'].source.reason).toBe('new');
		// Each line says its NetSuite item type: the promo insert of 1213 is not goods.
		expect(f['1213'].lines.map((l) => [l.line, l.itemType, l.amazonOrderItemId])).toEqual([
			['1', 'InvtPart', expect.stringMatching(/^\d{14}$/)],
			['2', 'NonInvtPart', undefined],
		]);

		// Next poll: nothing new; then a corrected tracking number is emitted again.
		expect(await t.poll()).toBeNull();
		emulator.updateFulfillment('1201', { packages: [{ trackingNumber: '1Z999AA10000000001' }] });
		const [again] = await t.poll();
		expect(again.map((i) => [i.json.fulfillmentId, i.json.source.reason])).toEqual([
			['1201', 'changed'],
		]);
		expect(again[0].json.trackingNumbers).toEqual(['1Z999AA10000000001']);
	});

	test('no repeats after a restart with the saved static data', async () => {
		const first = fakePoll({ parameters, credentials });
		await first.poll();
		expect(first.workflowStaticData.__dataChanged).toBe(true);
		const saved = JSON.parse(JSON.stringify(first.staticData));
		const restarted = fakePoll({ parameters, credentials, staticData: saved });
		expect(await restarted.poll()).toBeNull();
	});
});

test('saved search and SuiteQL describe the same fulfillments the same way', async () => {
	const [a] = await fakePoll({ parameters: SAVED, credentials }).poll();
	const [b] = await fakePoll({ parameters: SUITEQL, credentials }).poll();
	const shape = (items) =>
		items.map(({ json }) => ({
			id: json.fulfillmentId,
			so: json.salesOrderId,
			order: json.amazonOrderId,
			date: json.shipDate,
			method: json.shipMethod,
			lines: json.lines.map((l) => [l.itemId, l.sku, l.quantity, l.amazonOrderItemId]),
			packages: json.packages,
		}));
	expect(shape(b)).toEqual(shape(a));
});

test('the first activation emits only fulfillments changed after it', async () => {
	const t = fakePoll({ parameters: { ...SUITEQL, startFrom: 'activation' }, credentials });
	expect(await t.poll()).toBeNull();
	emulator.updateFulfillment('1203', { packages: [{ trackingNumber: '794612345999' }] });
	const [items] = await t.poll();
	expect(items.map((i) => i.json.fulfillmentId)).toEqual(['1203']);

	emulator.reset();
	const s = fakePoll({ parameters: { ...SAVED, startFrom: 'activation' }, credentials });
	expect(await s.poll()).toBeNull();
	emulator.updateFulfillment('1202', { packages: [{ trackingNumber: '794612345111' }] });
	const [saved] = await s.poll();
	expect(saved.map((i) => i.json.fulfillmentId)).toEqual(['1202']);
});

test('max per poll: the next polls continue where the last one stopped', async () => {
	const t = fakePoll({ parameters: { ...SAVED, maxFulfillments: 4 }, credentials });
	const seen = [];
	for (let i = 0; i < 3; i++) {
		const out = await t.poll();
		seen.push(...out[0].map((x) => x.json.fulfillmentId));
	}
	expect(seen).toEqual(DEFAULT_SEED_TO_SEND);
	expect(await t.poll()).toBeNull();
});

test('manual mode returns a sample and does not move the cursor', async () => {
	const staticData = {};
	const t = fakePoll({ parameters: SAVED, credentials, mode: 'manual', staticData });
	const [items] = await t.poll();
	expect(items.map((i) => i.json.fulfillmentId)).toEqual(['1201', '1202', '1203']);
	expect(t.staticData).toEqual({});
	const live = fakePoll({ parameters: SAVED, credentials, staticData: t.staticData });
	const [all] = await live.poll();
	expect(all).toHaveLength(DEFAULT_SEED_TO_SEND.length);
});

test('manual mode with nothing to show says why', async () => {
	for (const id of DEFAULT_SEED_TO_SEND) emulator.updateFulfillment(id, { sentToAmazon: true });
	const t = fakePoll({ parameters: { ...SAVED, options: {} }, credentials, mode: 'manual' });
	await expect(t.poll()).rejects.toMatchObject({
		message: 'Nothing to send: NetSuite has no fulfillment ready for Amazon',
		description: expect.stringMatching(
			/returned 1 fulfillment, and none is ready to send:\n- 1 is shipped without a tracking number yet\./,
		),
	});
});

test('the saved-search picker lists the searches from the RESTlet, searchable', async () => {
	const t = fakePoll({ parameters: SAVED, credentials });
	const all = await t.searchSavedSearches();
	expect(all.results).toEqual(
		expect.arrayContaining([
			expect.objectContaining({
				name: 'Amazon fulfillments to send (customsearch_amz_if_to_send)',
				value: 'customsearch_amz_if_to_send',
			}),
		]),
	);
	const filtered = await t.searchSavedSearches('all');
	expect(filtered.results.map((r) => r.value)).toEqual(['customsearch_amz_if_all']);
});

test('a RESTlet that is not deployed fails with the deployment fix', async () => {
	const t = fakePoll({
		parameters: { ...SAVED, options: { restletScriptId: 'customscript_nope' } },
		credentials,
	});
	const error = await t.poll().catch((e) => e);
	expect(error.constructor.name).toBe('NodeApiError');
	expect(error.message).toMatch(/SSS_INVALID_SCRIPTLET_ID/);
	expect(error.description).toMatch(/suitescript\/amz_saved_search_restlet\.js/);
});

test('a wrong token secret surfaces INVALID_LOGIN with the Login Audit Trail hint', async () => {
	const t = fakePoll({
		parameters: SUITEQL,
		credentials: { ...credentials, tokenSecret: 'wrong-secret-value' },
	});
	const error = await t.poll().catch((e) => e);
	expect(error.message).toMatch(/INVALID_LOGIN/);
	expect(`${error.message} ${error.description}`).toMatch(/Login Audit Trail/);
	expect(`${error.message} ${error.description}`).not.toContain('wrong-secret-value');
});

describe('a misanswered page (200 with HTML, truncated JSON, no rows list) fails the poll; nothing is emitted as if the search were empty', () => {
	test.each([
		['saved search (RESTlet)', SAVED, 'restlet', 'rateHtml', /UNEXPECTED_RESPONSE.*HTML page/],
		['saved search (RESTlet)', SAVED, 'restlet', 'rateTruncated', /UNEXPECTED_RESPONSE.*cut off/],
		[
			'saved search (RESTlet)',
			SAVED,
			'restlet',
			'rateNoItems',
			/UNEXPECTED_RESTLET_RESPONSE.*"rows"/,
		],
		['SuiteQL default query', SUITEQL, 'suiteql', 'rateHtml', /UNEXPECTED_RESPONSE.*HTML page/],
		['SuiteQL default query', SUITEQL, 'suiteql', 'rateTruncated', /UNEXPECTED_RESPONSE.*cut off/],
		['SuiteQL default query', SUITEQL, 'suiteql', 'rateNoItems', /UNEXPECTED_RESPONSE.*"items"/],
	])('%s, %s %s', async (_name, parameters, op, fault, message) => {
		emulator.setFaults({ [op]: { [fault]: 1 } });
		const t = fakePoll({ parameters, credentials });
		const error = await t.poll().catch((e) => e);
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toMatch(message);
		// The cursor did not move: once NetSuite answers properly, every fulfillment comes.
		expect(t.staticData.resume).toBeUndefined();
		expect(Object.keys(t.staticData.emitted ?? {})).toEqual([]);
		emulator.setFaults({});
		const [items] = await t.poll();
		expect(items.map((i) => i.json.fulfillmentId)).toEqual(DEFAULT_SEED_TO_SEND);
	});
});

test.each([
	['saved search (RESTlet)', SAVED],
	['SuiteQL default query', SUITEQL],
])(
	'%s: purchaseDate is the sales order date; netsuiteTimeZone when the zone is set or NetSuite told it',
	async (_name, parameters) => {
		const [plain] = await fakePoll({ parameters, credentials }).poll();
		expect(byId(plain)['1201'].purchaseDate).toBe('2026-11-17');
		expect(byId(plain)['1202'].purchaseDate).toBe('2026-11-16');
		// Left empty: the RESTlet reports the user's zone (the emulator's is UTC); SuiteQL cannot.
		expect(plain.map((i) => i.json.netsuiteTimeZone)).toEqual(
			plain.map(() => (parameters.source === 'savedSearch' ? 'UTC' : undefined)),
		);
		const [zoned] = await fakePoll({
			parameters: {
				...parameters,
				options: { ...parameters.options, timeZone: 'America/Chicago' },
			},
			credentials,
		}).poll();
		expect(zoned.every((i) => i.json.netsuiteTimeZone === 'America/Chicago')).toBe(true);
	},
);
