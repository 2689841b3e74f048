'use strict';
/**
 * Both sides of the notice contract together: the emulator runs the shipped User Event
 * (suitescript/amz_fulfillment_notice_ue.js) on a save, and core/webhook verifies what it posts with
 * the same secret, then core/trigger/byId reads the fulfillment back from NetSuite. If the script
 * and the receiver ever disagree on the signed text, the headers or the body, this fails.
 */
const http = require('node:http');

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { emulatorCredentials } = require('../../emulators');
const { authenticateNetSuite } = require('../../credentials/NetSuiteApi.credentials');
const { NetSuiteClient } = require('../../core/netsuite/client');
const { netSuiteHosts } = require('../../core/netsuite/hosts');
const { credentialTransport, n8nClock } = require('../../nodes/shared/transport');
const { verifyNotice } = require('../../core/webhook/notice');
const { ReplayMemory } = require('../../core/webhook/replay');
const { readFulfillmentById } = require('../../core/trigger/byId');
const { DEFAULT_FIELDS, DEFAULT_FILTERS } = require('../../core/trigger/types');
const { DEFAULT_CURSOR_SETTINGS, loadCursor } = require('../../core/trigger/cursor');
const { sendWithFetch } = require('../support/fetch-http');

const SECRET_ID = 'custsecret_amz_notice';
const SECRET = '9b1c4e7a2f6d8305b1c4e7a2f6d8305b1c4e7a2f6d8305b1c4e7a2f6d8305b1c';

let emu;
let server;
let received;

/** NetSuite client signed by the real credential code, as the node builds it. */
function netsuiteClient(credentials) {
	const context = {
		helpers: {
			httpRequestWithAuthentication: async (_type, options) =>
				await sendWithFetch(await authenticateNetSuite(credentials, options)),
		},
	};
	return new NetSuiteClient({
		transport: credentialTransport(context, 'netSuiteApi'),
		clock: n8nClock(),
		hosts: netSuiteHosts(credentials.accountId, {
			restBaseUrl: credentials.restBaseUrl,
			restletBaseUrl: credentials.restletBaseUrl,
		}),
	});
}

beforeAll(async () => {
	received = [];
	const replay = new ReplayMemory();
	let client;
	server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const check = verifyNotice({
				rawBody: Buffer.concat(chunks),
				headers: req.headers,
				secret: SECRET,
				now: Date.now(),
				replay,
			});
			const entry = { check, at: Date.now() };
			received.push(entry);
			if (check.ok) {
				entry.read = await readFulfillmentById({
					client,
					fulfillmentId: check.notice.fulfillmentId,
					fields: DEFAULT_FIELDS,
					filters: DEFAULT_FILTERS,
					grouping: { dates: { order: 'MDY', timeZone: 'UTC' }, polledAt: '' },
					cursor: { ...DEFAULT_CURSOR_SETTINGS, startFrom: 'all' },
					state: loadCursor({}, Date.now()),
					now: () => Date.now(),
				});
			}
			res.writeHead(check.ok ? 200 : check.status, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ status: check.ok ? 'accepted' : 'refused' }));
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	emu = createNetSuiteEmulator({
		userEvent: {
			url: `http://127.0.0.1:${server.address().port}/webhook/abc/fulfillment-notice`,
			secretId: SECRET_ID,
			secrets: { [SECRET_ID]: SECRET },
		},
	});
	const { url } = await emu.listen();
	client = netsuiteClient(emulatorCredentials(url, url).netSuiteApi);
});
afterAll(async () => {
	await emu.close();
	server.closeAllConnections();
	await new Promise((r) => server.close(r));
});

test("the script's notice verifies here, and the fulfillment it names reads back shipped with its tracking", async () => {
	const savedAt = Date.now();
	const run = await emu.shipFulfillment('1211', { trackingNumbers: ['1Z999AA10123456846'] }).done;
	await emu.userEvents.idle();

	expect(run.notice).toMatchObject({ status: 200, error: null });
	expect(received).toHaveLength(1);
	const [{ check, read, at }] = received;
	expect(check).toMatchObject({
		ok: true,
		notice: { type: 'itemfulfillment.shipped', fulfillmentId: '1211', event: 'edit' },
	});
	expect(read).toMatchObject({ emit: true, reason: 'new' });
	expect(read.fulfillment).toMatchObject({ fulfillmentId: '1211', status: 'C' });
	expect(read.fulfillment.trackingNumbers).toContain('1Z999AA10123456846');
	// In-process, save → notice verified: well inside NetSuite's 45 s (the bench measures it for real).
	expect(at - savedAt).toBeLessThan(5000);
});

test('a notice signed with another secret is refused 401, and the script logs it without failing the save', async () => {
	emu.userEvents.configure({
		secrets: { [SECRET_ID]: 'not-the-secret-n8n-holds-0000000000000000' },
	});
	received.length = 0;
	const run = await emu.shipFulfillment('1212', { trackingNumbers: ['1Z999AA10123456999'] }).done;
	await emu.userEvents.idle();
	expect(received.map((r) => r.check.reason)).toEqual(['badSignature']);
	expect(run.notice.status).toBe(401);
	expect(emu.inspect().itemFulfillments['1212'].status).toBe('C');
});
