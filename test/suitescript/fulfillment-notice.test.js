/**
 * suitescript/amz_fulfillment_notice_ue.js alone, with Oracle's SuiteCloud stubs for N/https,
 * N/crypto, N/encode, N/runtime and N/record (jest.mock): which saves send a notice, that the notice
 * is signed as ISSUE18-CONTRACT says (checked with node:crypto), and that nothing it meets throws
 * out of afterSubmit or puts the secret in the script's log. The emulator tests
 * (test/emulators/netsuite-user-event.test.js) run the same file against records and a receiver.
 */
import https from 'N/https';
import crypto from 'N/crypto';
import encode from 'N/encode';
import runtime from 'N/runtime';
import record from 'N/record';

const nodeCrypto = require('node:crypto');

jest.mock('N/https');
jest.mock('N/crypto');
jest.mock('N/encode');
jest.mock('N/runtime');
jest.mock('N/record');

global.log = { audit: jest.fn(), debug: jest.fn(), error: jest.fn(), emergency: jest.fn() };

const script = require('../../suitescript/amz_fulfillment_notice_ue');

const SECRET_ID = 'custsecret_amz_notice';
const SECRET = 'n0t-a-real-key-but-a-known-one';
const URL = 'https://n8n.example.com/webhook/netsuite-shipped';

/** A read-only record as SuiteScript shows it: body values and package sublists. */
function fakeRecord({ id = 1201, shipstatus = 'C', packages = {}, lastmodifieddate, fields } = {}) {
	const body = { shipstatus, lastmodifieddate };
	return {
		id,
		getValue: ({ fieldId }) => (fieldId in body ? body[fieldId] : null),
		getFields: () => fields || Object.keys(body),
		getLineCount: ({ sublistId }) => (packages[sublistId] ? packages[sublistId].length : -1),
		getSublistValue: ({ sublistId, line }) => packages[sublistId][line],
	};
}

/** The N/crypto an account with that API Secret has, backed by node:crypto. */
function realCrypto(secrets) {
	crypto.createSecretKey.mockImplementation(({ secret }) => {
		if (!(secret in secrets))
			throw Object.assign(new Error('No such secret.'), { name: 'INVALID_SECRET_ID' });
		return { secretId: secret };
	});
	crypto.createHmac.mockImplementation(({ algorithm, key }) => {
		const h = nodeCrypto.createHmac(algorithm.toLowerCase(), secrets[key.secretId]);
		return {
			update: ({ input }) => h.update(input, 'utf8'),
			digest: () => h.digest('hex'),
		};
	});
}

beforeEach(() => {
	jest.resetAllMocks();
	crypto.HashAlg = { SHA256: 'SHA256' };
	encode.Encoding = { UTF_8: 'UTF_8', HEX: 'HEX' };
	record.Type = { ITEM_FULFILLMENT: 'itemfulfillment' };
	runtime.accountId = 'TSTDRV1234567';
	const params = { custscript_amz_notice_url: URL, custscript_amz_notice_secret: SECRET_ID };
	runtime.getCurrentScript.mockReturnValue({ getParameter: ({ name }) => params[name] ?? null });
	realCrypto({ [SECRET_ID]: SECRET });
	https.post.mockReturnValue({ code: 200, body: '{"status":"accepted"}', headers: {} });
});

const shipped = (extra) =>
	fakeRecord({
		packages: { package: ['1Z999AA10123456784'] },
		lastmodifieddate: new Date('2026-12-05T16:00:00Z'),
		...extra,
	});
const allLogText = () =>
	JSON.stringify([
		log.debug.mock.calls,
		log.audit.mock.calls,
		log.error.mock.calls,
		log.emergency.mock.calls,
	]);

test('a shipped fulfillment with tracking is posted once, signed over timestamp.body with the API Secret', () => {
	script.afterSubmit({ type: 'create', newRecord: shipped(), oldRecord: null });
	expect(https.post).toHaveBeenCalledTimes(1);
	const { url, body, headers } = https.post.mock.calls[0][0];
	expect(url).toBe(URL);
	expect(headers['Content-Type']).toBe('application/json');
	const ts = headers['X-NetSuite-Notice-Timestamp'];
	expect(ts).toMatch(/^\d+$/);
	expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
	const expected = nodeCrypto
		.createHmac('sha256', SECRET)
		.update(`${ts}.${body}`, 'utf8')
		.digest('hex');
	expect(headers['X-NetSuite-Notice-Signature']).toBe(`v1=${expected}`);
	expect(crypto.createSecretKey).toHaveBeenCalledWith({ secret: SECRET_ID, encoding: 'UTF_8' });
	const notice = JSON.parse(body);
	expect(notice).toEqual({
		type: 'itemfulfillment.shipped',
		fulfillmentId: '1201',
		event: 'create',
		lastModified: '2026-12-05T16:00:00.000Z',
		sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
		account: 'TSTDRV1234567',
	});
	expect(Buffer.byteLength(body)).toBeLessThanOrEqual(4096);
});

test('tracking in a carrier package sublist counts; an unparsable last-modified goes as its text', () => {
	const rec = fakeRecord({
		packages: { packagefedex: ['794698761234'] },
		lastmodifieddate: '5/12/2026 4:00 pm',
	});
	script.afterSubmit({ type: 'ship', newRecord: rec, oldRecord: null });
	expect(https.post).toHaveBeenCalledTimes(1);
	expect(JSON.parse(https.post.mock.calls[0][0].body)).toMatchObject({
		event: 'ship',
		lastModified: expect.any(String),
	});
});

test('nothing is sent when not shipped, without tracking, on delete, or for an edit that changes neither', () => {
	script.afterSubmit({ type: 'create', newRecord: shipped({ shipstatus: 'B' }), oldRecord: null });
	script.afterSubmit({
		type: 'create',
		newRecord: fakeRecord({ packages: { package: ['', ' '] } }),
		oldRecord: null,
	});
	script.afterSubmit({ type: 'delete', newRecord: shipped(), oldRecord: shipped() });
	script.afterSubmit({ type: 'pack', newRecord: shipped(), oldRecord: null });
	// n8n's own write-back: already shipped, same tracking.
	script.afterSubmit({ type: 'edit', newRecord: shipped(), oldRecord: shipped() });
	expect(https.post).not.toHaveBeenCalled();
	// Packed → Shipped, or a corrected tracking number, is news.
	script.afterSubmit({
		type: 'edit',
		newRecord: shipped(),
		oldRecord: shipped({ shipstatus: 'B' }),
	});
	script.afterSubmit({
		type: 'edit',
		newRecord: shipped(),
		oldRecord: shipped({ packages: { package: ['1Z999AA10000000000'] } }),
	});
	expect(https.post).toHaveBeenCalledTimes(2);
});

test('xedit reads the saved record (newRecord has only the changed fields) and only when shipstatus changed', () => {
	record.load.mockReturnValue(shipped());
	script.afterSubmit({
		type: 'xedit',
		newRecord: fakeRecord({ fields: ['custbody_amz_ship_confirmed'] }),
	});
	expect(record.load).not.toHaveBeenCalled();
	expect(https.post).not.toHaveBeenCalled();
	script.afterSubmit({
		type: 'xedit',
		newRecord: fakeRecord({ id: 1201, fields: ['shipstatus'] }),
	});
	expect(record.load).toHaveBeenCalledWith({ type: 'itemfulfillment', id: 1201 });
	expect(https.post).toHaveBeenCalledTimes(1);
	expect(JSON.parse(https.post.mock.calls[0][0].body).event).toBe('xedit');
	record.load.mockReturnValue(fakeRecord({ packages: {} }));
	script.afterSubmit({ type: 'xedit', newRecord: fakeRecord({ fields: ['shipstatus'] }) });
	expect(https.post).toHaveBeenCalledTimes(1);
});

test('a failing POST, a refusal, a missing secret or parameter never throws out of afterSubmit', () => {
	https.post.mockImplementation(() => {
		throw Object.assign(new Error('The host you are trying to connect to is not responding.'), {
			name: 'SSS_REQUEST_TIME_EXCEEDED',
		});
	});
	expect(() =>
		script.afterSubmit({ type: 'create', newRecord: shipped(), oldRecord: null }),
	).not.toThrow();
	expect(https.post).toHaveBeenCalledTimes(1); // no retry loop
	expect(log.error.mock.calls[0][0].details).toMatch(/SSS_REQUEST_TIME_EXCEEDED/);

	https.post.mockReset().mockReturnValue({ code: 401, body: 'bad signature', headers: {} });
	expect(() =>
		script.afterSubmit({ type: 'create', newRecord: shipped(), oldRecord: null }),
	).not.toThrow();
	expect(log.error.mock.calls[1][0].details).toMatch(/HTTP 401/);

	realCrypto({});
	expect(() =>
		script.afterSubmit({ type: 'create', newRecord: shipped(), oldRecord: null }),
	).not.toThrow();
	expect(log.error.mock.calls[2][0].details).toMatch(/INVALID_SECRET_ID/);

	runtime.getCurrentScript.mockReturnValue({ getParameter: () => null });
	expect(() =>
		script.afterSubmit({ type: 'create', newRecord: shipped(), oldRecord: null }),
	).not.toThrow();
	expect(log.error.mock.calls[3][0].details).toMatch(/custscript_amz_notice_url/);
	expect(https.post).toHaveBeenCalledTimes(1);
});

test("the secret's value never reaches the script's log", () => {
	// An error whose message carries the key (as a careless HMAC implementation might) is not the point:
	// the script never has the value; what it logs are codes, IDs and HTTP statuses.
	script.afterSubmit({ type: 'create', newRecord: shipped(), oldRecord: null });
	https.post.mockImplementation(() => {
		throw Object.assign(new Error('connection refused'), { name: 'SSS_CONNECTION_CLOSED' });
	});
	script.afterSubmit({ type: 'create', newRecord: shipped(), oldRecord: null });
	https.post.mockReturnValue({ code: 500, body: SECRET, headers: {} });
	script.afterSubmit({ type: 'create', newRecord: shipped(), oldRecord: null });
	expect(log.debug).toHaveBeenCalled();
	expect(log.error).toHaveBeenCalled();
	expect(allLogText()).not.toContain(SECRET);
	const signature = https.post.mock.calls[0][0].headers['X-NetSuite-Notice-Signature'];
	expect(allLogText()).not.toContain(signature.slice(3));
});

test('a notice that would pass the 4 KiB of the contract is not sent', () => {
	// An unparsable last-modified goes as its text; 1,400 three-byte characters are 4,200 bytes.
	script.afterSubmit({
		type: 'create',
		newRecord: shipped({ lastmodifieddate: '€'.repeat(1400) }),
		oldRecord: null,
	});
	expect(https.post).not.toHaveBeenCalled();
	expect(log.error.mock.calls[0][0].details).toMatch(/too large/);
	script.afterSubmit({
		type: 'create',
		newRecord: shipped({ lastmodifieddate: '€'.repeat(1200) }),
		oldRecord: null,
	});
	expect(https.post).toHaveBeenCalledTimes(1);
});
