'use strict';
/**
 * The webhook trigger's answers to notices it must refuse (ISSUE18 contract): each gets its HTTP
 * status, starts no execution and makes no NetSuite call, and nothing the node answers or logs
 * carries the signing secret or the expected signature. Never a 5xx for bad input. The same with
 * either Answer setting: verification comes before the answer in both.
 */
const { createHmac } = require('node:crypto');
const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { emulatorCredentials } = require('../../emulators');
const { fakeWebhook, notice, SECRET } = require('./fake-webhook');

let emulator;
let credentials;

beforeAll(async () => {
	emulator = createNetSuiteEmulator();
	const { url } = await emulator.listen();
	credentials = emulatorCredentials(url, url).netSuiteApi;
});
afterAll(async () => await emulator.close());
beforeEach(() => emulator.reset());

const now = () => Math.floor(Date.now() / 1000);
// Each test signs its own bodies: the replay memory is per process and would refuse a repeat.
let serial = 0;
const body = (fulfillmentId = '1201') =>
	JSON.stringify({
		type: 'itemfulfillment.shipped',
		fulfillmentId,
		event: 'ship',
		lastModified: '2026-11-19T15:00:00.000Z',
		sentAt: new Date().toISOString(),
		account: '1234567_SB1',
		n: ++serial,
	});

/** Refused: the status, no execution, no NetSuite request, and no secret anywhere. */
async function expectRefused(t, answer, status, reason) {
	expect(answer.thrown).toBeUndefined();
	expect(answer.status).toBe(status);
	expect(answer.started).toBe(false);
	expect(answer.items).toBeUndefined();
	if (reason) expect(answer.body).toMatchObject({ reason });
	expect(t.requests).toHaveLength(0);
	const everything = JSON.stringify([answer.body, t.logs]);
	expect(everything).not.toContain(SECRET);
	expect(everything).not.toContain(SECRET.slice(0, 16));
}

describe.each(['whenVerified', 'afterRead'])('Answer: %s', (mode) => {
	test('unsigned: no signature or no timestamp header → 401', async () => {
		const t = fakeWebhook({ credentials, parameters: { answer: mode } });
		const signed = notice('1201', { rawBody: body() });
		const { 'x-netsuite-notice-signature': _s, ...noSignature } = signed.headers;
		await expectRefused(t, await t.receive({ ...signed, headers: noSignature }), 401, 'unsigned');
		const { 'x-netsuite-notice-timestamp': _t, ...noTimestamp } = signed.headers;
		await expectRefused(t, await t.receive({ ...signed, headers: noTimestamp }), 401);
		const bare = { 'content-type': 'application/json' };
		await expectRefused(t, await t.receive({ rawBody: signed.rawBody, headers: bare }), 401);
	});

	test('wrongly signed → 401: another secret, a changed body, a cut or malformed signature', async () => {
		const t = fakeWebhook({ credentials, parameters: { answer: mode } });
		const other = notice('1201', { rawBody: body(), secret: 'not-the-shared-secret' });
		await expectRefused(t, await t.receive(other), 401, 'badSignature');

		// Signed for one fulfillment, then changed to another: the body is what is signed.
		const signed = notice('1201', { rawBody: body('1201') });
		const tampered = Buffer.from(signed.rawBody.toString('utf8').replace('"1201"', '"1202"'));
		await expectRefused(
			t,
			await t.receive({
				rawBody: tampered,
				headers: { ...signed.headers, 'content-length': String(tampered.length) },
			}),
			401,
			'badSignature',
		);

		// Signed over the same body but another timestamp: the timestamp is signed too.
		const stamp = now();
		const moved = notice('1201', { rawBody: body(), timestamp: stamp });
		moved.headers['x-netsuite-notice-timestamp'] = String(stamp - 1);
		await expectRefused(t, await t.receive(moved), 401, 'badSignature');

		const fresh = notice('1201', { rawBody: body() });
		const hex = fresh.headers['x-netsuite-notice-signature'].slice(3);
		for (const signature of [
			`v1=${hex.slice(0, 32)}`, // a different length must not throw in timingSafeEqual
			`v1=${hex}00`,
			hex, // no scheme
			`v2=${hex}`,
			'v1=',
			`v1=${'z'.repeat(64)}`,
		]) {
			const answer = await t.receive({
				...fresh,
				headers: { ...fresh.headers, 'x-netsuite-notice-signature': signature },
			});
			await expectRefused(t, answer, 401);
		}
	});

	test('replayed: the same signed notice a second time → 409, and only the first starts', async () => {
		const t = fakeWebhook({ credentials, parameters: { answer: mode } });
		const signed = notice('1201', { rawBody: body() });
		const first = await t.receive(signed);
		expect(first.status).toBe(200);
		expect(first.started).toBe(true);
		const readsAfterFirst = t.requests.length;

		const again = await t.receive(signed);
		expect(again.status).toBe(409);
		expect(again.body).toMatchObject({ reason: 'replayed' });
		expect(again.started).toBe(false);
		expect(t.requests).toHaveLength(readsAfterFirst); // refused before NetSuite is read

		// A copy that reaches another workflow's node instance in the same process is a replay too.
		const other = fakeWebhook({ credentials, parameters: { answer: mode } });
		const third = await other.receive(signed);
		expect(third.status).toBe(409);
		expect(third.started).toBe(false);
	});

	test("another NetSuite account than the credential's (a refreshed sandbox still pointing here) → 403", async () => {
		const t = fakeWebhook({ credentials, parameters: { answer: mode } });
		const from = (account) =>
			notice('1201', {
				rawBody: JSON.stringify({ ...JSON.parse(body()), account }),
			});
		await expectRefused(t, await t.receive(from('1234567')), 403, 'otherAccount');
		await expectRefused(t, await t.receive(from('7654321_SB1')), 403, 'otherAccount');
		// The same account as NetSuite writes it in host names, or in another case, is the same.
		for (const account of ['1234567-sb1', '1234567_sb1']) {
			const answer = await fakeWebhook({ credentials, parameters: { answer: mode } }).receive(
				from(account),
			);
			expect(answer.status).toBe(200);
			expect(answer.started).toBe(true);
		}
		// A sender of its own that names no account is taken on its signature.
		const bare = notice('1201', {
			rawBody: JSON.stringify({ ...JSON.parse(body()), account: undefined }),
		});
		const answer = await fakeWebhook({ credentials, parameters: { answer: mode } }).receive(bare);
		expect(answer.status).toBe(200);
		expect(answer.started).toBe(true);
	});

	test('stale: a timestamp outside ±300 s → 408; inside it is accepted', async () => {
		const t = fakeWebhook({ credentials, parameters: { answer: mode } });
		await expectRefused(
			t,
			await t.receive(notice('1201', { rawBody: body(), timestamp: now() - 301 })),
			408,
			'stale',
		);
		await expectRefused(
			t,
			await t.receive(notice('1201', { rawBody: body(), timestamp: now() + 301 })),
			408,
			'stale',
		);
		// A signed timestamp that is not a number of seconds.
		await expectRefused(
			t,
			await t.receive(notice('1201', { rawBody: body(), timestamp: '2026-11-20T12:00:00Z' })),
			408,
		);
		const inside = await t.receive(notice('1201', { rawBody: body(), timestamp: now() - 290 }));
		expect(inside.status).toBe(200);
		expect(inside.started).toBe(true);
	});

	test('the window is configurable: Timestamp Tolerance 60 s refuses a notice 2 minutes old', async () => {
		const t = fakeWebhook({
			credentials,
			parameters: { answer: mode, options: { toleranceSeconds: 60 } },
		});
		await expectRefused(
			t,
			await t.receive(notice('1201', { rawBody: body(), timestamp: now() - 120 })),
			408,
			'stale',
		);
	});

	test('oversized: more than 4 KiB → 413, whether or not the sender gave a length', async () => {
		const t = fakeWebhook({ credentials, parameters: { answer: mode } });
		const big = JSON.stringify({ fulfillmentId: '1201', pad: 'x'.repeat(4200), n: ++serial });
		const signed = notice('1201', { rawBody: big });
		await expectRefused(t, await t.receive(signed), 413, 'tooLarge');
		const { 'content-length': _l, ...chunked } = signed.headers;
		await expectRefused(t, await t.receive({ rawBody: signed.rawBody, headers: chunked }), 413);
		// Unsigned and oversized: still 413 (refused before anything else is looked at).
		await expectRefused(
			t,
			await t.receive({ rawBody: signed.rawBody, headers: { 'content-type': 'application/json' } }),
			413,
		);
		// Exactly 4 KiB is allowed (its own n: the same bytes in the other mode's run would be a replay).
		const n = ++serial;
		const pad = 4096 - JSON.stringify({ fulfillmentId: '1201', n, pad: '' }).length;
		const exact = JSON.stringify({ fulfillmentId: '1201', n, pad: 'y'.repeat(pad - 4) }) + '    ';
		expect(Buffer.byteLength(exact)).toBe(4096);
		const ok = await t.receive(notice('1201', { rawBody: exact }));
		expect(ok.status).toBe(200);
	});

	test('malformed: not JSON, not an object, no or no valid fulfillmentId → 400', async () => {
		const t = fakeWebhook({ credentials, parameters: { answer: mode } });
		const cases = [
			['{"fulfillmentId": "1201"', 'malformed'],
			['fulfillmentId=1201', 'malformed'],
			['', 'malformed'],
			['["1201"]', 'malformed'],
			['"1201"', 'malformed'],
			['null', 'malformed'],
			[JSON.stringify({ type: 'itemfulfillment.shipped', n: ++serial }), 'noFulfillmentId'],
			[JSON.stringify({ fulfillmentId: '', n: ++serial }), 'noFulfillmentId'],
			[JSON.stringify({ fulfillmentId: 'IF1201', n: ++serial }), 'noFulfillmentId'],
			[JSON.stringify({ fulfillmentId: '1201 OR 1=1', n: ++serial }), 'noFulfillmentId'],
			[JSON.stringify({ fulfillmentId: { id: '1201' }, n: ++serial }), 'noFulfillmentId'],
			[JSON.stringify({ fulfillmentId: -5, n: ++serial }), 'noFulfillmentId'],
		];
		for (const [raw, reason] of cases) {
			// Distinct timestamps: identical bodies would otherwise be refused as replays.
			const answer = await t.receive(notice('x', { rawBody: raw, timestamp: now() - ++serial }));
			await expectRefused(t, answer, 400, reason);
		}
	});

	test('the raw bytes are verified, not a re-serialised body: spacing and key order as sent', async () => {
		const t = fakeWebhook({ credentials, parameters: { answer: mode } });
		const raw = `{ "sentAt":"${new Date().toISOString()}",  "fulfillmentId" : "1201", "n": ${++serial} }`;
		// n8n has not read the body yet: the node must read it itself.
		const answer = await t.receive({ ...notice('1201', { rawBody: raw }), preRead: false });
		expect(answer.status).toBe(200);
		expect(answer.started).toBe(true);
		expect(answer.items.map((i) => i.json.fulfillmentId)).toEqual(['1201']);
	});

	test('no answer, error or log line carries the secret or the expected signature', async () => {
		const t = fakeWebhook({ credentials, parameters: { answer: mode } });
		const answers = [];
		const raw = body();
		const stamp = now();
		const expected = createHmac('sha256', SECRET).update(`${stamp}.${raw}`).digest('hex');
		answers.push(await t.receive(notice('1201', { rawBody: raw, timestamp: stamp, secret: 'x' })));
		answers.push(
			await t.receive(notice('1201', { rawBody: `{"n": ${++serial}`, timestamp: stamp - 1 })),
		);
		answers.push(await t.receive(notice('1201', { rawBody: raw, timestamp: stamp })));
		answers.push(await t.receive(notice('1201', { rawBody: raw, timestamp: stamp })));
		const text = JSON.stringify([answers.map((a) => [a.status, a.body]), t.logs]);
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain(expected);
		expect(answers.map((a) => a.status)).toEqual([401, 400, 200, 409]);
		for (const a of answers) expect(a.status).toBeLessThan(500);
	});
});
