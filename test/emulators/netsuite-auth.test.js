'use strict';

const crypto = require('node:crypto');
const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { call, suiteql, restlet, withQuery, tbaHeader } = require('./netsuite-helpers');

const NS = DEFAULT_CREDENTIALS.netsuite;
const Q = 'SELECT id FROM transaction WHERE id = 1201';

let emu;
let url;
let clockOffset = 0;

beforeAll(async () => {
	emu = createNetSuiteEmulator({ now: () => Date.now() + clockOffset });
	({ url } = await emu.listen());
});
afterAll(() => emu.close());
afterEach(() => {
	clockOffset = 0;
});

const lastAudit = () => emu.inspect().loginAudit.at(-1);

function expectInvalidLogin(res) {
	expect(res.status).toBe(401);
	expect(res.json.title).toBe('Unauthorized');
	expect(res.json['o:errorDetails'][0]['o:errorCode']).toBe('INVALID_LOGIN');
	expect(res.json['o:errorDetails'][0].detail).toMatch(/^Invalid login attempt\. For more details, see the Login Audit Trail/);
}

describe('TBA (OAuth 1.0a HMAC-SHA256)', () => {
	test('accepts a correctly signed request whose query has spaces and reserved characters', async () => {
		const target = withQuery(url, '/app/site/hosting/restlet.nl', {
			script: 'customscript_amz_saved_search',
			deploy: 'customdeploy_amz_saved_search',
			action: 'list',
			q: "Amazon fulfillments & to/send+'50%'",
		});
		expect(target).toContain('%20');
		const res = await call('GET', target);
		expect(res.status).toBe(200);
		expect(res.json.searches).toEqual([]); // the filter text matches nothing, but it was read intact
		const ok = await restlet(url, { action: 'list', q: 'fulfillments to send' });
		expect(ok.json.searches.map((s) => s.scriptId)).toEqual(['customsearch_amz_if_to_send']);
	});

	test.each([
		['wrong realm (lower case)', { realm: '1234567_sb1' }, 'InvalidRealm'],
		['bad signature (wrong consumer secret)', { consumerSecret: 'not-the-secret' }, 'InvalidSignature'],
		['query parameter not signed', { skipQuery: ['offset'] }, 'InvalidSignature'],
		['stale timestamp', { timestampS: Math.floor(Date.now() / 1000) - 301 }, 'InvalidTimestamp'],
		['unknown consumer', { consumerKey: 'someone-else' }, 'UnknownConsumer'],
		['unknown token', { tokenId: 'revoked-token' }, 'UnknownToken'],
		['query parameters copied into the header', { extraHeaderParams: { limit: '5' } }, 'InvalidSignature'],
	])('rejects %s with 401 INVALID_LOGIN and audits the reason', async (_, tamper, reason) => {
		const res = await suiteql(url, Q, { limit: 5, offset: 0, tamper });
		expectInvalidLogin(res);
		expect(lastAudit()).toMatchObject({ reason, status: 'Failure', operation: 'suiteql' });
	});

	test('a `+` for a space is read as a space by NetSuite, so a client that signed it as %2B fails', async () => {
		const target = `${url}/services/rest/query/v1/suiteql?limit=5&offset=0&note=a+b`;
		// Sign as if the value were the literal "a+b" (what a naive URLSearchParams-based client does).
		const naive = tbaHeader('POST', target.replace('a+b', 'a%2Bb'));
		const res = await call('POST', target, { body: { q: Q }, auth: naive });
		expectInvalidLogin(res);
		expect(lastAudit().reason).toBe('InvalidSignature');
	});

	test('rejects a reused nonce even when the signature is right', async () => {
		const tamper = { nonce: `fixed-${Date.now()}` };
		expect((await suiteql(url, Q, { tamper })).status).toBe(200);
		const again = await suiteql(url, Q, { tamper });
		expectInvalidLogin(again);
		expect(lastAudit().reason).toBe('InvalidNonce');
	});

	test('RESTlets answer a failed login with their own error shape', async () => {
		const res = await restlet(url, { action: 'list' }, { tamper: { realm: '1234567_sb1' } });
		expect(res.status).toBe(401);
		expect(res.json.error.code).toBe('INVALID_LOGIN_ATTEMPT');
	});
});

describe('OAuth 2.0 client credentials (M2M)', () => {
	const certificateId = NS.m2m.certificateId;
	const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
	const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });

	beforeAll(() => emu.registerCertificate(certificateId, publicKey.export({ type: 'spki', format: 'pem' })));

	function jwt({ alg = 'PS256', kid = certificateId, key = privateKey, payload = {} } = {}) {
		const iat = Math.floor(Date.now() / 1000);
		const header = { alg, typ: 'JWT', kid };
		const body = {
			iss: NS.m2m.clientId,
			scope: 'restlets,rest_webservices',
			aud: `${url}/services/rest/auth/oauth2/v1/token`,
			iat,
			exp: iat + 3600,
			...payload,
		};
		const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
		const data = `${enc(header)}.${enc(body)}`;
		const sig =
			alg === 'RS256'
				? crypto.sign('sha256', Buffer.from(data), key)
				: crypto.sign('sha256', Buffer.from(data), {
						key,
						padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
						saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST,
					});
		return `${data}.${sig.toString('base64url')}`;
	}

	async function token(assertion) {
		const body = new URLSearchParams({
			grant_type: 'client_credentials',
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
			client_assertion: assertion,
		}).toString();
		const res = await fetch(`${url}/services/rest/auth/oauth2/v1/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body,
		});
		return { status: res.status, json: await res.json() };
	}

	test('issues a one-hour bearer token for a valid PS256 assertion, usable on REST and RESTlets', async () => {
		const res = await token(jwt());
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
		const auth = `Bearer ${res.json.access_token}`;
		const q = await suiteql(url, Q, { auth });
		expect(q.status).toBe(200);
		expect(q.json.items[0].id).toBe('1201');
		expect((await restlet(url, { action: 'list' }, { auth })).status).toBe(200);
	});

	test.each([
		['RS256', { alg: 'RS256' }, 'InvalidAlgorithm'],
		['an unknown kid', { kid: 'not-a-certificate' }, 'UnknownCertificate'],
		['a wrong aud', { payload: { aud: 'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token' } }, 'InvalidAudience'],
		['exp more than 60 minutes after iat', { payload: { exp: Math.floor(Date.now() / 1000) + 7200 } }, 'InvalidTimestamp'],
		['a signature from another key', { key: other.privateKey }, 'InvalidSignature'],
		['a wrong issuer', { payload: { iss: 'another-client' } }, 'UnknownConsumer'],
	])('refuses an assertion with %s', async (_, variant, reason) => {
		const res = await token(jwt(variant));
		expect(res.status).toBe(400);
		expect(typeof res.json.error).toBe('string');
		expect(res.json.error_description).toBeTruthy();
		expect(lastAudit()).toMatchObject({ operation: 'token', reason });
	});

	test('a bearer token stops working after its hour', async () => {
		const { json } = await token(jwt());
		const auth = `Bearer ${json.access_token}`;
		expect((await suiteql(url, Q, { auth })).status).toBe(200);
		clockOffset = 3601 * 1000;
		const res = await suiteql(url, Q, { auth });
		expectInvalidLogin(res);
		expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
		expect(lastAudit().reason).toBe('ExpiredToken');
	});

	test('under timeScale, expires_in is the lifetime the emulator enforces (60x: 3600 s -> 60 s)', async () => {
		let offset = 0;
		const fast = createNetSuiteEmulator({ timeScale: 60, now: () => Date.now() + offset });
		const { url: fastUrl } = await fast.listen();
		try {
			fast.registerCertificate(certificateId, publicKey.export({ type: 'spki', format: 'pem' }));
			const assertion = jwt({ payload: { aud: `${fastUrl}/services/rest/auth/oauth2/v1/token` } });
			const res = await fetch(`${fastUrl}/services/rest/auth/oauth2/v1/token`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
					client_assertion: assertion,
				}).toString(),
			});
			const { access_token: accessToken, expires_in: expiresIn } = await res.json();
			expect(expiresIn).toBe(60);
			offset = (expiresIn - 2) * 1000;
			expect((await suiteql(fastUrl, Q, { auth: `Bearer ${accessToken}` })).status).toBe(200);
			offset = (expiresIn + 1) * 1000;
			const q = await suiteql(fastUrl, Q, { auth: `Bearer ${accessToken}` });
			expect(q.status).toBe(401);
			expect(fast.inspect().loginAudit.at(-1).reason).toBe('ExpiredToken');
		} finally {
			await fast.close();
		}
	});

	test('a token without the restlets scope cannot call RESTlets', async () => {
		const { json } = await token(jwt({ payload: { scope: 'rest_webservices' } }));
		const res = await restlet(url, { action: 'list' }, { auth: `Bearer ${json.access_token}` });
		expect(res.status).toBe(401);
		expect(lastAudit().reason).toBe('InvalidScope');
	});
});

describe('interoperability with the project client', () => {
	test("core/netsuite/tba.ts signs SuiteQL requests the emulator accepts", async () => {
		const { tbaAuthorizationHeader } = require('../../core/netsuite/tba');
		const target = `${url}/services/rest/query/v1/suiteql`;
		const auth = tbaAuthorizationHeader({ method: 'POST', url: target, qs: { limit: 5, offset: 0 } }, NS);
		const res = await call('POST', `${target}?limit=5&offset=0`, { body: { q: Q }, headers: { Prefer: 'transient' }, auth });
		expect(res.status).toBe(200);
	});
});
