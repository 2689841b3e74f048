'use strict';
/**
 * Corrections: NetSuite Update Order writes a fingerprint of what was sent; the trigger re-sends a
 * sent fulfillment whose tracking/carrier/quantities changed since (SuiteQL source, against the
 * NetSuite emulator), with source.reason 'correction'.
 */

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { emulatorCredentials } = require('../../emulators');
const { fakePoll } = require('../trigger/fake-poll');
const { sentFingerprint } = require('../../core/fulfillment/fingerprint');
const { buildDefaultSuiteQl } = require('../../core/trigger/defaultQuery');
const { classifyInput, fulfillmentBody } = require('../../core/update/plan');
const { templateInput } = require('../update/helpers');
const { DEFAULT_FIELDS, DEFAULT_FILTERS } = require('../../core/trigger/types');

let emulator;
let credentials;
beforeAll(async () => {
	emulator = createNetSuiteEmulator();
	const { url } = await emulator.listen();
	credentials = emulatorCredentials(url, url).netSuiteApi;
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

const SENT = '1210'; // sent to Amazon in the default seed
const SUITEQL = { source: 'suiteql', startFrom: 'all', options: { pageSize: 5 } };

/** What NetSuite Update Order writes for an accepted item. */
function updateBodyFor(json, outcome = 'accepted') {
	const input = classifyInput(
		templateInput(json, {
			outcome,
			fulfillment: { sentFingerprintFieldId: 'custbody_amz_sent_fingerprint' },
		}),
	);
	return fulfillmentBody(input, '2026-11-20T12:00:00Z', []);
}

/** The trigger's own view of the sent fulfillment, as it was when it was sent. */
async function emittedAsSent() {
	const t = fakePoll({ parameters: { ...SUITEQL, skipSent: false }, credentials });
	const [items] = await t.poll();
	return items.find((i) => i.json.fulfillmentId === SENT).json;
}

/** Marks the fulfillment as Update Order would have after Amazon accepted it. */
function storeFingerprint(fp) {
	const { fields } = emulator.inspect().itemFulfillments[SENT];
	emulator.updateFulfillment(SENT, {
		fields: { ...fields, custbody_amz_sent_fingerprint: fp },
		lastModified: '2026-11-19T09:15:00Z',
	});
}

describe('corrections', () => {
	test('Update Order writes the fingerprint when Amazon accepts or refuses the content, not when a feed failed', async () => {
		const json = await emittedAsSent();
		const ok = updateBodyFor(json);
		expect(ok.custbody_amz_sent_fingerprint).toBe(sentFingerprint(json));
		expect(ok.custbody_amz_ship_confirmed).toBe(true);
		// A refused correction: the field then matches what was refused, so it is not sent again.
		const refused = updateBodyFor(json, 'rejected');
		expect(refused.custbody_amz_sent_fingerprint).toBe(sentFingerprint(json));
		expect(refused.custbody_amz_ship_confirmed).toBeUndefined();
		expect(updateBodyFor(json, 'failed').custbody_amz_sent_fingerprint).toBeUndefined();
	});

	test('a sent fulfillment is re-sent once its tracking changes, with reason correction', async () => {
		const json = await emittedAsSent();
		storeFingerprint(updateBodyFor(json).custbody_amz_sent_fingerprint);
		const staticData = {};
		const params = { ...SUITEQL, resendCorrections: true };

		const [first] = await fakePoll({ parameters: params, credentials, staticData }).poll();
		expect(first.map((i) => i.json.fulfillmentId)).not.toContain(SENT); // unchanged: stays sent

		emulator.updateFulfillment(SENT, { packages: [{ trackingNumber: '1Z999AA10123456899' }] });
		const [second] = await fakePoll({ parameters: params, credentials, staticData }).poll();
		expect(second.map((i) => i.json.fulfillmentId)).toEqual([SENT]);
		expect(second[0].json.source.reason).toBe('correction');
		expect(second[0].json.trackingNumbers).toEqual(['1Z999AA10123456899']);

		// Emitted once: the next poll (before Update Order wrote the new fingerprint) stays quiet.
		expect(await fakePoll({ parameters: params, credentials, staticData }).poll()).toBeNull();

		// Update Order writes the new fingerprint: the fulfillment is settled again.
		storeFingerprint(updateBodyFor(second[0].json).custbody_amz_sent_fingerprint);
		const [third] = await fakePoll({ parameters: params, credentials, staticData: {} }).poll();
		expect(third.map((i) => i.json.fulfillmentId)).not.toContain(SENT);
	});

	test('off by default: a changed sent fulfillment is not emitted', async () => {
		const json = await emittedAsSent();
		storeFingerprint(updateBodyFor(json).custbody_amz_sent_fingerprint);
		emulator.updateFulfillment(SENT, { packages: [{ trackingNumber: '1Z999AA10123456899' }] });
		const [items] = await fakePoll({ parameters: SUITEQL, credentials }).poll();
		expect(items.map((i) => i.json.fulfillmentId)).not.toContain(SENT);
	});

	test('the default query reads sent fulfillments only with a fingerprint and changed lately', () => {
		const q = buildDefaultSuiteQl({
			fields: { ...DEFAULT_FIELDS, sentFingerprintField: 'custbody_amz_sent_fingerprint' },
			filters: { ...DEFAULT_FILTERS, resendCorrections: true },
			correctionsSince: '2026-10-21 12:00:00',
		});
		expect(q).toMatch(/f\.custbody_amz_sent_fingerprint AS sent_fingerprint/);
		expect(q).toMatch(
			/\(NVL\(f\.custbody_amz_ship_confirmed, 'F'\) = 'F' OR \(f\.custbody_amz_sent_fingerprint IS NOT NULL AND f\.lastmodifieddate >= TO_TIMESTAMP\('2026-10-21 12:00:00'/,
		);
		const plain = buildDefaultSuiteQl({ fields: DEFAULT_FIELDS, filters: DEFAULT_FILTERS });
		expect(plain).not.toMatch(/sent_fingerprint/);
	});
});
