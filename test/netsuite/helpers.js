'use strict';

// Test-only helpers: a fetch Transport that nock can intercept, a fake Clock, and an OAuth 1.0a
// (RFC 5849) verifier written independently of core/netsuite/tba.ts, as a NetSuite server would.

const crypto = require('node:crypto');
const { buildQueryString } = require('../../core/http/transport');

/** Clock whose sleep returns at once and only moves time forward, so retries never really wait. */
function fakeClock(start = Date.UTC(2026, 0, 15, 12, 0, 0), randomValue = 0.5) {
	let t = start;
	const sleeps = [];
	return {
		now: () => t,
		sleep: async (ms) => {
			sleeps.push(ms);
			t += ms;
		},
		random: () => randomValue,
		advance(ms) {
			t += ms;
		},
		sleeps,
	};
}

/** A Transport over global fetch. `authorize(request)` returns an Authorization value per attempt. */
function fetchTransport({ authorize, log } = {}) {
	return async (request) => {
		const url = request.url + buildQueryString(request.qs);
		const headers = { ...(request.headers || {}) };
		if (authorize) headers.Authorization = authorize(request);
		let body = request.body;
		if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body))
			body = JSON.stringify(body);
		if (log) log.push({ method: request.method, url, headers });
		const res = await fetch(url, { method: request.method, headers, body });
		const text = await res.text();
		let parsed = text;
		if (text && /^\s*[[{]/.test(text)) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = text;
			}
		}
		const outHeaders = {};
		res.headers.forEach((value, key) => {
			outHeaders[key.toLowerCase()] = value;
		});
		return { statusCode: res.status, headers: outHeaders, body: parsed };
	};
}

// ---- From-scratch RFC 5849 verification (no code shared with the implementation) ----

const UNRESERVED = new Set(
	'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'
		.split('')
		.map((c) => c.charCodeAt(0)),
);

/** RFC 5849 §3.6: percent-encode every UTF-8 byte except unreserved characters, upper-case hex. */
function rfc5849Encode(value) {
	let out = '';
	for (const byte of Buffer.from(String(value), 'utf8')) {
		out += UNRESERVED.has(byte)
			? String.fromCharCode(byte)
			: '%' + byte.toString(16).toUpperCase().padStart(2, '0');
	}
	return out;
}

/** How a server reads a query component: form decoding, `+` is a space. */
function formDecode(component) {
	return decodeURIComponent(component.replace(/\+/g, ' '));
}

function parseAuthorization(header) {
	if (typeof header !== 'string' || !header.startsWith('OAuth '))
		throw new Error('not an OAuth header');
	const fields = {};
	const re = /\s*([A-Za-z0-9_]+)="([^"]*)"\s*(,|$)/y;
	let rest = header.slice(6);
	re.lastIndex = 0;
	let m;
	let consumed = 0;
	while (consumed < rest.length && (m = re.exec(rest))) {
		if (fields[m[1]] !== undefined) throw new Error(`duplicate header field ${m[1]}`);
		fields[m[1]] = decodeURIComponent(m[2]);
		consumed = re.lastIndex;
	}
	if (consumed !== rest.length) throw new Error('malformed OAuth header');
	return fields;
}

/**
 * Verifies a received request. `received`: {method, protocol ('https'), host, path (with query),
 * authorization}. `expected`: {realm, consumerKey, tokenId, consumerSecret, tokenSecret, nonces?: Set}.
 * Returns {ok, reason?, fields, baseString}.
 */
function verifyTba(received, expected) {
	let fields;
	try {
		fields = parseAuthorization(received.authorization);
	} catch (e) {
		return { ok: false, reason: e.message };
	}
	const fail = (reason) => ({ ok: false, reason, fields });
	for (const name of Object.keys(fields)) {
		if (name !== 'realm' && !name.startsWith('oauth_'))
			return fail(`non-OAuth parameter "${name}" in header`);
	}
	if (fields.realm !== expected.realm) return fail(`realm ${fields.realm} != ${expected.realm}`);
	if (fields.oauth_signature_method !== 'HMAC-SHA256') return fail('signature method');
	if (fields.oauth_version !== '1.0') return fail('version');
	if (fields.oauth_consumer_key !== expected.consumerKey) return fail('consumer key');
	if (fields.oauth_token !== expected.tokenId) return fail('token');
	if (!/^\d+$/.test(fields.oauth_timestamp || '')) return fail('timestamp');
	if (!fields.oauth_nonce) return fail('nonce missing');
	if (expected.nonces) {
		if (expected.nonces.has(fields.oauth_nonce)) return fail('nonce reused');
		expected.nonces.add(fields.oauth_nonce);
	}

	const q = received.path.indexOf('?');
	const pathname = q === -1 ? received.path : received.path.slice(0, q);
	const query = q === -1 ? '' : received.path.slice(q + 1);
	const pairs = [];
	for (const part of query.split('&')) {
		if (!part) continue;
		const eq = part.indexOf('=');
		const name = eq === -1 ? part : part.slice(0, eq);
		const value = eq === -1 ? '' : part.slice(eq + 1);
		pairs.push([formDecode(name), formDecode(value)]);
	}
	for (const [name, value] of Object.entries(fields)) {
		if (name === 'realm' || name === 'oauth_signature') continue;
		pairs.push([name, value]);
	}
	const encoded = pairs.map(([n, v]) => [rfc5849Encode(n), rfc5849Encode(v)]);
	encoded.sort(
		(a, b) =>
			Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0])) ||
			Buffer.compare(Buffer.from(a[1]), Buffer.from(b[1])),
	);
	const normalized = encoded.map(([n, v]) => `${n}=${v}`).join('&');
	let host = received.host.toLowerCase();
	const scheme = received.protocol.toLowerCase();
	if (
		(scheme === 'https' && host.endsWith(':443')) ||
		(scheme === 'http' && host.endsWith(':80'))
	) {
		host = host.replace(/:\d+$/, '');
	}
	const baseUri = `${scheme}://${host}${pathname}`;
	const baseString = [
		received.method.toUpperCase(),
		rfc5849Encode(baseUri),
		rfc5849Encode(normalized),
	].join('&');
	const key = `${rfc5849Encode(expected.consumerSecret)}&${rfc5849Encode(expected.tokenSecret)}`;
	const expectedSig = crypto.createHmac('sha256', key).update(baseString, 'utf8').digest();
	const givenSig = Buffer.from(fields.oauth_signature || '', 'base64');
	if (givenSig.length !== expectedSig.length || !crypto.timingSafeEqual(givenSig, expectedSig)) {
		return { ok: false, reason: 'signature mismatch', fields, baseString };
	}
	return { ok: true, fields, baseString };
}

const INVALID_LOGIN_BODY = {
	type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2',
	title: 'Unauthorized',
	status: 401,
	'o:errorDetails': [
		{
			detail:
				'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
			'o:errorCode': 'INVALID_LOGIN',
		},
	],
};

/**
 * A nock reply function acting like NetSuite's TBA check: 401 INVALID_LOGIN unless the signature
 * verifies, else `onValid(req, result)` answers (default 200 {ok:true}). Results go into `seen`.
 */
function tbaReply(baseUrl, expected, seen, onValid) {
	const { protocol } = new URL(baseUrl);
	return function (uri, body) {
		const result = verifyTba(
			{
				method: this.req.method,
				protocol: protocol.replace(':', ''),
				host: this.req.headers.host,
				path: uri,
				authorization: this.req.headers.authorization,
			},
			expected,
		);
		seen.push({ uri, body, headers: this.req.headers, result });
		if (!result.ok) return [401, INVALID_LOGIN_BODY];
		return onValid ? onValid(uri, body, result) : [200, { ok: true }];
	};
}

module.exports = {
	fakeClock,
	fetchTransport,
	rfc5849Encode,
	parseAuthorization,
	verifyTba,
	tbaReply,
	INVALID_LOGIN_BODY,
};
