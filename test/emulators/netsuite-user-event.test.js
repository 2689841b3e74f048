'use strict';

// The NetSuite emulator runs the shipped User Event (suitescript/amz_fulfillment_notice_ue.js) when
// an item fulfillment is saved: a small local HTTP server stands in for n8n's webhook, and every
// notice's signature is checked here with node:crypto, independently of the script and emulator.

const crypto = require('node:crypto');
const http = require('node:http');
const net = require('node:net');

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { call } = require('./netsuite-helpers');

const SECRET_ID = 'custsecret_amz_notice';
const SECRET = 'shared-with-n8n-only-7f3a9c';

/** A stand-in for n8n's webhook: records each request; `answer` decides the reply. */
async function receiver(answer = (req, res) => res.end('{"status":"accepted"}')) {
	const received = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			answer(req, res);
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${server.address().port}/webhook/netsuite-shipped`,
		received,
		close: () =>
			new Promise((r) => {
				server.closeAllConnections();
				server.close(r);
			}),
	};
}

/** True when the notice carries a valid v1 signature of timestamp.body under SECRET. */
function validSignature({ headers, body }) {
	const ts = headers['x-netsuite-notice-timestamp'];
	const sig = String(headers['x-netsuite-notice-signature'] || '');
	if (!/^\d+$/.test(ts || '') || !sig.startsWith('v1=')) return false;
	const expected = crypto.createHmac('sha256', SECRET).update(`${ts}.${body}`).digest();
	const given = Buffer.from(sig.slice(3), 'hex');
	return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** `n` packed fulfillments without tracking, on the seed's sales order 510. */
function packedFulfillments(emu, n, firstId = 5001) {
	return Array.from({ length: n }, (_, i) =>
		emu.addFulfillment({
			id: String(firstId + i),
			createdFrom: '510',
			trandate: '2026-11-20',
			status: 'B',
			shipMethod: '9001',
			lines: [{ line: '1', item: '103', quantity: 1, orderLine: '1' }],
			packages: [{ weight: 1 }],
		}),
	);
}

let emu;
let hook;
afterEach(async () => {
	if (emu) await emu.close();
	if (hook) await hook.close();
	emu = null;
	hook = null;
});

async function start(userEvent = {}, receiverAnswer) {
	hook = await receiver(receiverAnswer);
	emu = createNetSuiteEmulator({
		userEvent: {
			url: hook.url,
			secretId: SECRET_ID,
			secrets: { [SECRET_ID]: SECRET },
			...userEvent,
		},
	});
	await emu.listen();
}

test('shipping a fulfillment delivers exactly one correctly signed notice, and the run is recorded', async () => {
	await start();
	const before = Date.now();
	const saved = emu.shipFulfillment('1211', { trackingNumbers: ['1Z999AA10123456846'] });
	// The save is committed before the User Event runs.
	expect(emu.inspect().itemFulfillments['1211'].status).toBe('C');
	const run = await saved.done;
	await emu.userEvents.idle();

	expect(hook.received).toHaveLength(1);
	const notice = hook.received[0];
	expect(notice.headers['content-type']).toBe('application/json');
	expect(validSignature(notice)).toBe(true);
	const ts = Number(notice.headers['x-netsuite-notice-timestamp']);
	expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(10);
	expect(JSON.parse(notice.body)).toEqual({
		type: 'itemfulfillment.shipped',
		fulfillmentId: '1211',
		event: 'edit',
		lastModified: saved.savedAt,
		sentAt: expect.any(String),
		account: DEFAULT_CREDENTIALS.netsuite.accountId,
	});
	// A tampered body or another key does not verify: the check above means something.
	expect(validSignature({ ...notice, body: notice.body.replace('1211', '1212') })).toBe(false);

	expect(run).toMatchObject({
		fulfillmentId: '1211',
		event: 'edit',
		context: 'USERINTERFACE',
		failure: null,
		notice: { method: 'POST', url: hook.url, status: 200, error: null },
	});
	expect(run.savedAtMs).toBeGreaterThanOrEqual(before);
	expect(run.notice.sentAtMs).toBeGreaterThanOrEqual(run.savedAtMs);
	expect(run.notice.ms).toBeGreaterThanOrEqual(0);
	expect(run.usage).toBe(10); // one https.post
	expect(emu.inspect().itemFulfillments['1211'].userEvent).toMatchObject({
		notice: { status: 200 },
	});
	// Saving it again unchanged is not news.
	await emu.shipFulfillment('1211', { trackingNumbers: ['1Z999AA10123456846'] }).done;
	expect(hook.received).toHaveLength(1);
});

test('a hanging receiver does not fail or hold up the save; the script logs the timeout', async () => {
	await start({ timeouts: { connectMs: 300, sendMs: 1500 } }, () => {
		/* never answers */
	});
	const saved = emu.shipFulfillment('1211', { event: 'ship' });
	expect(emu.inspect().itemFulfillments['1211'].status).toBe('C');
	// The emulator keeps answering while the User Event waits on the receiver.
	while (!hook.received.length) await new Promise((r) => setTimeout(r, 10));
	const res = await call('GET', `${emu.url}/services/rest/record/v1/itemFulfillment/1211`);
	expect(res.status).toBe(200);
	expect(res.json.shipStatus.id).toBe('C');
	expect(emu.userEvents.runs('1211')[0].state).toBe('running');

	const run = await saved.done;
	expect(run.failure).toBeNull();
	expect(run.notice).toMatchObject({ status: null, error: 'SSS_REQUEST_TIME_EXCEEDED' });
	expect(run.notice.ms).toBeGreaterThanOrEqual(1490);
	expect(run.logs).toEqual([
		expect.objectContaining({
			level: 'ERROR',
			details: expect.stringMatching(/SSS_REQUEST_TIME_EXCEEDED/),
		}),
	]);
	expect(hook.received).toHaveLength(1); // one attempt, no retry loop
});

test('a refusing receiver and a bad URL are logged, never thrown at the save', async () => {
	await start();
	// A port nobody listens on.
	const port = await new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const p = s.address().port;
			s.close(() => resolve(p));
		});
	});
	emu.userEvents.configure({ url: `http://127.0.0.1:${port}/webhook/x` });
	const refused = await emu.shipFulfillment('1211').done;
	expect(refused.failure).toBeNull();
	expect(refused.notice).toMatchObject({ status: null, error: 'SSS_CONNECTION_CLOSED' });

	// NetSuite calls https only (the emulator lets http reach this machine, nothing else).
	emu.userEvents.configure({ url: 'http://n8n.example.com/webhook/x' });
	packedFulfillments(emu, 1);
	const invalid = await emu.shipFulfillment('5001').done;
	expect(invalid.failure).toBeNull();
	expect(invalid.notices).toEqual([]);
	expect(invalid.logs[0].details).toMatch(/SSS_INVALID_URL/);
	expect(emu.inspect().itemFulfillments['5001'].status).toBe('C');
	expect(hook.received).toHaveLength(0);
});

test('a mass update of 200 fulfillments (CSV import) sends 200 signed notices, one per fulfillment', async () => {
	await start({ workers: 2 });
	const ids = packedFulfillments(emu, 200);
	const out = emu.shipFulfillments(ids);
	const runs = await out.done;
	expect(runs).toHaveLength(200);
	expect(runs.every((r) => r.context === 'CSVIMPORT' && r.notice && r.notice.status === 200)).toBe(
		true,
	);
	expect(hook.received).toHaveLength(200);
	expect(hook.received.every(validSignature)).toBe(true);
	const noticed = hook.received.map((n) => JSON.parse(n.body).fulfillmentId).sort();
	expect(noticed).toEqual([...ids].sort());
	expect(emu.stats().userEvents).toMatchObject({ runs: 200, notices: 200, noticeErrors: 0 });
});

test("the deployment's filters, REST saves, and n8n's own write-back", async () => {
	await start({ contexts: ['USERINTERFACE', 'RESTWEBSERVICES'] });
	const ids = packedFulfillments(emu, 2);
	// Execution Context filter: a CSV import does not run the script.
	const csv = emu.shipFulfillments([ids[0]]);
	expect(await csv.done).toEqual([null]);

	// A REST PATCH Packed → Shipped runs it as edit in RESTWEBSERVICES context.
	const patch = await call('PATCH', `${emu.url}/services/rest/record/v1/itemFulfillment/1211`, {
		body: { shipStatus: { id: 'C' } },
	});
	expect(patch.status).toBe(204);
	await emu.userEvents.idle();
	expect(hook.received.map((n) => JSON.parse(n.body).fulfillmentId)).toEqual(['1211']);
	expect(emu.userEvents.runs('1211')[0]).toMatchObject({
		event: 'edit',
		context: 'RESTWEBSERVICES',
	});

	// n8n writing back "sent to Amazon" runs the script but sends nothing.
	await call('PATCH', `${emu.url}/services/rest/record/v1/itemFulfillment/1211`, {
		body: { custbody_amz_ship_confirmed: true },
	});
	await emu.userEvents.idle();
	expect(emu.userEvents.runs('1211')).toHaveLength(2);
	expect(hook.received).toHaveLength(1);

	// Switched off: saves run nothing.
	emu.userEvents.configure({ enabled: false });
	await expect(emu.shipFulfillment(ids[1]).done).resolves.toBeNull();
	await emu.userEvents.idle();
	expect(hook.received).toHaveLength(1);
});

test('the control endpoints point the deployment at a receiver and ship fulfillments', async () => {
	hook = await receiver();
	emu = createNetSuiteEmulator({ userEvent: { secrets: { [SECRET_ID]: SECRET } } });
	await emu.listen();
	const put = await fetch(`${emu.url}/emulator/user-event`, {
		method: 'PUT',
		body: JSON.stringify({ url: hook.url, enabled: true }),
	});
	expect(put.status).toBe(200);
	const { deployment } = await put.json();
	expect(deployment).toMatchObject({
		url: hook.url,
		enabled: true,
		secretId: SECRET_ID,
		secretIds: [SECRET_ID],
	});

	const ids = packedFulfillments(emu, 3);
	const ship = await fetch(`${emu.url}/emulator/itemfulfillments/ship`, {
		method: 'POST',
		body: JSON.stringify({ ids, wait: true }),
	});
	expect(ship.status).toBe(200);
	const shipped = await ship.json();
	expect(shipped.saved.map((s) => s.id)).toEqual(ids);
	expect(shipped.runs.map((r) => r.notice.status)).toEqual([200, 200, 200]);
	expect(hook.received.filter(validSignature)).toHaveLength(3);

	const runs = await (
		await fetch(`${emu.url}/emulator/user-event/runs?fulfillmentId=${ids[0]}`)
	).json();
	expect(runs.runs).toHaveLength(1);
	expect(runs.runs[0]).toMatchObject({ context: 'CSVIMPORT', savedAtMs: expect.any(Number) });

	// The secret's value is in no output: deployment, runs, logs, stats, inspect.
	const everything = JSON.stringify([
		await (await fetch(`${emu.url}/emulator/user-event`)).json(),
		emu.userEvents.runs(),
		emu.userEvents.logs(),
		emu.stats(),
		emu.inspect().itemFulfillments,
	]);
	expect(everything).not.toContain(SECRET);
});

test("a RESTlet's submitFields runs it as xedit: the script reads the saved record to decide", async () => {
	await start();
	const batch = (values) =>
		call(
			'POST',
			`${emu.url}/app/site/hosting/restlet.nl?script=customscript_amz_batch_update&deploy=customdeploy_amz_batch_update`,
			{ body: { updates: [{ type: 'itemfulfillment', id: '1211', values }] } },
		);
	// A body field other than the status: nothing to tell.
	expect((await batch({ memo: 'packed by Sam' })).status).toBe(200);
	// Packed → Shipped (the seed's 1211 already has its tracking number).
	expect((await batch({ shipstatus: 'C' })).json.results[0].status).toBe('updated');
	await emu.userEvents.idle();
	const runs = emu.userEvents.runs('1211');
	expect(runs.map((r) => [r.event, r.context, r.notice && r.notice.status])).toEqual([
		['xedit', 'RESTLET', null],
		['xedit', 'RESTLET', 200],
	]);
	expect(runs[1].usage).toBe(20); // record.load (10) + https.post (10)
	expect(hook.received).toHaveLength(1);
	expect(JSON.parse(hook.received[0].body)).toMatchObject({
		fulfillmentId: '1211',
		event: 'xedit',
	});
	expect(validSignature(hook.received[0])).toBe(true);
});

test('closing the emulator while a notice hangs ends its run at once', async () => {
	await start({}, () => {
		/* never answers; NetSuite would wait up to 45 s */
	});
	const saved = emu.shipFulfillment('1211');
	while (!hook.received.length) await new Promise((r) => setTimeout(r, 10));
	const t0 = Date.now();
	await emu.close();
	const run = await saved.done;
	expect(Date.now() - t0).toBeLessThan(2000);
	expect(run.failure).toMatchObject({ name: 'EMULATOR_CLOSED' });
	emu = null;
});

test("serial: a CSV import saves each record after the previous one's User Event", async () => {
	await start();
	const ids = packedFulfillments(emu, 5);
	const out = emu.shipFulfillments(ids, { serial: true, saveMs: 20 });
	const runs = await out.done;
	expect(out.saved.map((s) => s.id)).toEqual(ids);
	expect(runs.map((r) => r.notice.status)).toEqual([200, 200, 200, 200, 200]);
	for (let i = 1; i < runs.length; i++) {
		// The next record is saved only after this one's notice was answered.
		expect(runs[i].savedAtMs).toBeGreaterThanOrEqual(runs[i - 1].finishedAtMs);
		expect(runs[i].savedAtMs - runs[i - 1].savedAtMs).toBeGreaterThanOrEqual(19);
	}
	expect(hook.received.filter(validSignature)).toHaveLength(5);
});

test("governance: a User Event over its units ends with NetSuite's error, and the save stands", async () => {
	await start({ limits: { units: 5, timeMs: 300_000 } });
	const run = await emu.shipFulfillment('1211').done;
	// https.post costs 10 units: NetSuite ends the script even though it catches the error.
	expect(run.failure).toMatchObject({ name: 'SSS_USAGE_LIMIT_EXCEEDED' });
	expect(run.notices).toEqual([]);
	expect(hook.received).toHaveLength(0);
	expect(emu.inspect().itemFulfillments['1211'].status).toBe('C');
	expect(emu.stats().userEvents.scriptErrors).toBe(1);
});
