'use strict';
/**
 * A fulfillment Amazon refused is not re-sent every day unchanged: NetSuite Update Order records
 * a fingerprint of the refused content at the start of the error text, and the trigger skips the
 * fulfillment while its content still matches. The re-send window then only re-emits fulfillments
 * with no recorded outcome (a crashed execution). Both sources, against the NetSuite emulator.
 */
const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { emulatorCredentials } = require('../../emulators');
const { fakePoll } = require('./fake-poll');
const { readRefusalMarker, refusedFingerprint } = require('../../core/fulfillment/fingerprint');
const { classifyInput, fulfillmentBody } = require('../../core/update/plan');
const { templateInput } = require('../update/helpers');

let emulator;
let credentials;
beforeAll(async () => {
	emulator = createNetSuiteEmulator();
	const { url } = await emulator.listen();
	credentials = emulatorCredentials(url, url).netSuiteApi;
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

const REJECTED = '1208'; // order ID Amazon does not know
const CRASHED = '1201'; // emitted, then the execution died: nothing written
const SOURCES = {
	suiteql: { source: 'suiteql' },
	savedSearch: {
		source: 'savedSearch',
		savedSearch: { __rl: true, mode: 'id', value: 'customsearch_amz_if_to_send' },
	},
};

/** What NetSuite Update Order writes onto the fulfillment for this outcome (template settings). */
function writeOutcome(json, outcome, message) {
	const input = classifyInput(
		templateInput({ ...json, amazon: { result: { outcome, message, errors: [], warnings: [] } } }),
	);
	const body = fulfillmentBody(input, '2026-11-20T12:00:00Z', []);
	const { fields } = emulator.inspect().itemFulfillments[json.fulfillmentId];
	emulator.updateFulfillment(json.fulfillmentId, { fields: { ...fields, ...body } });
	return body;
}

/** Moves every remembered emission back by `hours`, as if that much time had passed. */
function age(staticData, hours) {
	for (const [id, entry] of Object.entries(staticData.emitted)) {
		const at = entry.lastIndexOf('@');
		staticData.emitted[id] = `${entry.slice(0, at)}@${Number(entry.slice(at + 1)) - hours * 3600}`;
	}
}

async function poll(parameters, staticData) {
	const t = fakePoll({
		parameters: { startFrom: 'all', options: { pageSize: 5 }, ...parameters },
		credentials,
		staticData,
	});
	const out = await t.poll();
	return { items: (out?.[0] ?? []).map((i) => i.json), staticData: t.staticData };
}
const byId = (items, id) => items.find((j) => j.fulfillmentId === id);

describe.each(Object.keys(SOURCES))('source %s', (source) => {
	test('a rejected fulfillment is not re-emitted after the window; a crashed one is', async () => {
		const first = await poll(SOURCES[source]);
		const rejected = byId(first.items, REJECTED);
		expect(rejected).toBeDefined();
		expect(byId(first.items, CRASHED)).toBeDefined();
		const body = writeOutcome(rejected, 'rejected', 'Amazon 18028: order not found');
		expect(readRefusalMarker(body.custbody_amz_ship_error)).toBe(refusedFingerprint(rejected));
		// Every other emitted fulfillment is marked sent, except the crashed one.
		for (const json of first.items)
			if (![REJECTED, CRASHED].includes(json.fulfillmentId))
				emulator.updateFulfillment(json.fulfillmentId, { sentToAmazon: true });

		age(first.staticData, 25);
		const second = await poll(SOURCES[source], first.staticData);
		expect(second.items.map((j) => [j.fulfillmentId, j.source.reason])).toEqual([
			[CRASHED, 'resend'],
		]);
	});

	test('it is re-emitted as soon as its tracking changes, or its error text is cleared', async () => {
		const first = await poll(SOURCES[source]);
		writeOutcome(byId(first.items, REJECTED), 'rejected', 'Amazon 18028: order not found');
		for (const json of first.items)
			if (json.fulfillmentId !== REJECTED)
				emulator.updateFulfillment(json.fulfillmentId, { sentToAmazon: true });
		age(first.staticData, 25);
		expect((await poll(SOURCES[source], first.staticData)).items).toEqual([]);

		emulator.updateFulfillment(REJECTED, {
			packages: [{ trackingNumber: '1Z999AA10199999999', weight: 1 }],
		});
		const changed = await poll(SOURCES[source], first.staticData);
		expect(changed.items.map((j) => [j.fulfillmentId, j.source.reason])).toEqual([
			[REJECTED, 'changed'],
		]);
		expect(changed.items[0].trackingNumbers).toEqual(['1Z999AA10199999999']);

		// Refused again with the new tracking, then staff clear the error text to try once more.
		writeOutcome(changed.items[0], 'rejected', 'Amazon 18028: order not found');
		age(changed.staticData, 25);
		expect((await poll(SOURCES[source], changed.staticData)).items).toEqual([]);
		emulator.updateFulfillment(REJECTED, { error: null });
		const cleared = await poll(SOURCES[source], changed.staticData);
		expect(cleared.items.map((j) => j.fulfillmentId)).toEqual([REJECTED]);
	});

	test('a failed feed records no refusal: the window re-sends it unchanged', async () => {
		const first = await poll(SOURCES[source]);
		const json = byId(first.items, REJECTED);
		const body = writeOutcome(json, 'failed', 'Amazon aborted feed 5001 (FATAL)');
		expect(readRefusalMarker(body.custbody_amz_ship_error)).toBeUndefined();
		for (const other of first.items)
			if (other.fulfillmentId !== REJECTED)
				emulator.updateFulfillment(other.fulfillmentId, { sentToAmazon: true });
		age(first.staticData, 25);
		const second = await poll(SOURCES[source], first.staticData);
		expect(second.items.map((j) => [j.fulfillmentId, j.source.reason])).toEqual([
			[REJECTED, 'resend'],
		]);
	});
});

test('the refused fingerprint changes with what Amazon checks: order ID, order item IDs, tracking', () => {
	const base = {
		amazonOrderId: '114-1000001-1000001',
		shipDate: '2026-11-19',
		shipMethod: 'UPS Ground',
		lines: [{ line: '1', sku: 'W', quantity: 1, amazonOrderItemId: '11111111111111' }],
		packages: [{ packageId: '1', trackingNumber: '1Z1' }],
		trackingNumbers: ['1Z1'],
	};
	const fp = refusedFingerprint(base);
	expect(refusedFingerprint({ ...base })).toBe(fp);
	expect(refusedFingerprint({ ...base, amazonOrderId: '114-1000001-1000002' })).not.toBe(fp);
	expect(
		refusedFingerprint({ ...base, lines: [{ ...base.lines[0], amazonOrderItemId: '2' }] }),
	).not.toBe(fp);
	expect(refusedFingerprint({ ...base, trackingNumbers: ['1Z2'], packages: [] })).not.toBe(fp);
});
