'use strict';
/** Include Raw Columns: the source columns travel with each item only when asked for. */

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { emulatorCredentials } = require('../../emulators');
const { fakePoll } = require('./fake-poll');

let emulator;
let credentials;

beforeAll(async () => {
	emulator = createNetSuiteEmulator();
	const { url } = await emulator.listen();
	credentials = emulatorCredentials(url, url).netSuiteApi;
});
afterAll(async () => await emulator.close());

const SAVED = {
	source: 'savedSearch',
	savedSearch: { __rl: true, mode: 'id', value: 'customsearch_amz_if_to_send' },
	startFrom: 'all',
};

test('items leave out the source columns by default, and carry them with Include Raw Columns', async () => {
	const [plain] = await fakePoll({ parameters: SAVED, credentials }).poll();
	const [withRaw] = await fakePoll({
		parameters: { ...SAVED, options: { includeRaw: true } },
		credentials,
	}).poll();
	expect(plain.every((i) => i.json.raw === undefined)).toBe(true);
	const f = withRaw.find((i) => i.json.fulfillmentId === '1204').json;
	expect(f.raw.lines).toHaveLength(3);
	expect(f.raw.header['createdFrom.tranid']).toBe('SO503');
	// Same fulfillments, same fields otherwise; the items are less than half the size without raw.
	const strip = (items) =>
		items.map(({ json }) => ({ ...json, raw: undefined, source: undefined }));
	expect(strip(plain)).toEqual(strip(withRaw));
	const size = (items) => JSON.stringify(items.map((i) => i.json)).length;
	expect(size(plain)).toBeLessThan(size(withRaw) / 2);
	expect(plain[0].json.source).toMatchObject({ kind: 'savedSearch', reason: 'new' });
});
