'use strict';
/** core/webhook: the contract's answers for every kind of bad notice, decided without n8n. */
const {
	verifyNotice,
	signNotice,
	MAX_NOTICE_BYTES,
	secretProblem,
} = require('../../core/webhook/notice');
const { ReplayMemory } = require('../../core/webhook/replay');

const SECRET = 'a'.repeat(20) + 'b'.repeat(20) + '0123456789abcdef';
const NOW = Date.parse('2026-11-20T12:00:00Z');

function signed(body, { at = NOW, secret = SECRET } = {}) {
	const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	const ts = Math.floor(at / 1000);
	return {
		rawBody: raw,
		headers: {
			'x-netsuite-notice-timestamp': String(ts),
			'x-netsuite-notice-signature': `v1=${signNotice(secret, ts, raw)}`,
		},
	};
}

const check = (req, extra = {}) =>
	verifyNotice({ ...req, secret: SECRET, now: NOW, replay: new ReplayMemory(), ...extra });

test('a well-signed fresh notice passes with its fulfillment ID', () => {
	const out = check(
		signed({ type: 'itemfulfillment.shipped', fulfillmentId: '1201', event: 'ship' }),
	);
	expect(out).toMatchObject({ ok: true, notice: { fulfillmentId: '1201', event: 'ship' } });
});

test('the signature is HMAC-SHA256 hex of "timestamp.rawBody" with the secret as UTF-8 key', () => {
	// Fixed vector, so the SuiteScript side can check its N/crypto output against the same numbers.
	expect(signNotice('secret', 1700000000, '{"fulfillmentId":"1"}')).toBe(
		require('node:crypto')
			.createHmac('sha256', 'secret')
			.update('1700000000.{"fulfillmentId":"1"}')
			.digest('hex'),
	);
});

test.each([
	['no headers', '401 unsigned', (r) => ({ ...r, headers: {} }), 401, 'unsigned'],
	[
		'no signature',
		'401 unsigned',
		(r) => ({
			...r,
			headers: { 'x-netsuite-notice-timestamp': r.headers['x-netsuite-notice-timestamp'] },
		}),
		401,
		'unsigned',
	],
	[
		'signed with another secret',
		'401 badSignature',
		() => signed({ fulfillmentId: '1201' }, { secret: 'x'.repeat(64) }),
		401,
		'badSignature',
	],
	[
		'a signature of another length',
		'401 badSignature',
		(r) => ({ ...r, headers: { ...r.headers, 'x-netsuite-notice-signature': 'v1=abc' } }),
		401,
		'badSignature',
	],
	[
		'no v1= prefix',
		'401 badSignature',
		(r) => ({
			...r,
			headers: {
				...r.headers,
				'x-netsuite-notice-signature': r.headers['x-netsuite-notice-signature'].slice(3),
			},
		}),
		401,
		'badSignature',
	],
	[
		'a body changed after signing',
		'401 badSignature',
		(r) => ({ ...r, rawBody: Buffer.from(r.rawBody.toString().replace('1201', '1202')) }),
		401,
		'badSignature',
	],
	[
		'signed 301 s ago',
		'408 stale',
		() => signed({ fulfillmentId: '1201' }, { at: NOW - 301_000 }),
		408,
		'stale',
	],
	[
		'signed 301 s ahead',
		'408 stale',
		() => signed({ fulfillmentId: '1201' }, { at: NOW + 301_000 }),
		408,
		'stale',
	],
	['not JSON', '400 malformed', () => signed('fulfillmentId=1201'), 400, 'malformed'],
	['a JSON array', '400 malformed', () => signed('[1201]'), 400, 'malformed'],
	[
		'no fulfillmentId',
		'400 noFulfillmentId',
		() => signed({ type: 'itemfulfillment.shipped' }),
		400,
		'noFulfillmentId',
	],
	[
		'a fulfillmentId with SQL in it',
		'400 noFulfillmentId',
		() => signed({ fulfillmentId: '1 OR 1=1' }),
		400,
		'noFulfillmentId',
	],
	[
		'oversized',
		'413 tooLarge',
		() => signed({ fulfillmentId: '1201', pad: 'x'.repeat(MAX_NOTICE_BYTES) }),
		413,
		'tooLarge',
	],
])('%s → %s', (_name, _code, make, status, reason) => {
	const out = check(make(signed({ fulfillmentId: '1201' })));
	expect(out).toMatchObject({ ok: false, status, reason });
	// The answer never carries the secret or the expected signature.
	expect(JSON.stringify(out)).not.toContain(SECRET);
});

test('the window is configurable, and 300 s is accepted by default', () => {
	expect(check(signed({ fulfillmentId: '1' }, { at: NOW - 300_000 })).ok).toBe(true);
	const old = signed({ fulfillmentId: '1' }, { at: NOW - 900_000 });
	expect(check(old).ok).toBe(false);
	expect(check(old, { toleranceSeconds: 1000 }).ok).toBe(true);
});

test('the same notice twice → 409; an unsigned copy does not use up the memory', () => {
	const replay = new ReplayMemory();
	const req = signed({ fulfillmentId: '1201' });
	expect(check({ ...req, headers: {} }, { replay }).reason).toBe('unsigned');
	expect(replay.size).toBe(0);
	expect(check(req, { replay }).ok).toBe(true);
	expect(check(req, { replay })).toMatchObject({ ok: false, status: 409, reason: 'replayed' });
	// Another notice for the same fulfillment (a later save) is not a replay.
	expect(check(signed({ fulfillmentId: '1201' }, { at: NOW + 1000 }), { replay }).ok).toBe(true);
});

test('the replay memory stays within its cap and forgets what the window would refuse anyway', () => {
	const replay = new ReplayMemory(100);
	for (let i = 0; i < 1000; i++) expect(replay.remember(`k${i}`, NOW, 300)).toBe(true);
	expect(replay.size).toBe(100);
	expect(replay.remember('k999', NOW, 300)).toBe(false);
	// Past twice the window every key has expired.
	expect(replay.remember('k999', NOW + 601_000, 300)).toBe(true);
	expect(replay.size).toBe(1);
});

test('a weak secret is named without repeating it', () => {
	expect(secretProblem('')).toMatch(/empty/);
	expect(secretProblem('short-secret')).toMatch(/shorter than 32/);
	expect(secretProblem('short-secret')).not.toContain('short-secret');
	expect(secretProblem(' ' + SECRET)).toMatch(/space/);
	expect(secretProblem(SECRET)).toBeUndefined();
});
