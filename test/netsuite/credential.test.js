'use strict';

const crypto = require('node:crypto');
const nock = require('nock');
const { NetSuiteApi } = require('../../credentials/NetSuiteApi.credentials');
const { buildQueryString } = require('../../core/http/transport');
const { tbaReply, parseAuthorization } = require('./helpers');

const TBA = {
	authentication: 'tba',
	accountId: '1234567_SB1',
	consumerKey: 'ck-cred-1',
	consumerSecret: 'CONSUMER-SECRET-zz9',
	tokenId: 'tok-cred-1',
	tokenSecret: 'TOKEN-SECRET-yy8',
	restBaseUrl: '',
	restletBaseUrl: '',
};
const EXPECTED = {
	realm: '1234567_SB1',
	consumerKey: 'ck-cred-1',
	tokenId: 'tok-cred-1',
	consumerSecret: 'CONSUMER-SECRET-zz9',
	tokenSecret: 'TOKEN-SECRET-yy8',
};
const REST = 'https://1234567-sb1.suitetalk.api.netsuite.com';
const credential = new NetSuiteApi();

/** Sends n8n-style request options the way axios would (qs RFC 3986-encoded after the URL). */
async function send(options) {
	const base = /^https?:/.test(options.url) ? options.url : `${options.baseURL}${options.url}`;
	const url = base + buildQueryString(options.qs);
	const res = await fetch(url, {
		method: options.method,
		headers: options.headers,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	return res.status;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('NetSuiteApi credential: TBA authenticate', () => {
	test('signs a request with qs so that a from-scratch verifier accepts it, keeping the other headers', async () => {
		const seen = [];
		nock(REST)
			.post('/services/rest/query/v1/suiteql')
			.query(true)
			.reply(tbaReply(REST, EXPECTED, seen));
		const options = {
			method: 'POST',
			url: `${REST}/services/rest/query/v1/suiteql`,
			qs: { limit: 1000, offset: 2000, note: "it's a+b (c) ~*/ €" },
			headers: { Prefer: 'transient', 'Content-Type': 'application/json', authorization: 'stale' },
			body: { q: 'SELECT id FROM transaction ORDER BY id' },
		};
		const signed = await credential.authenticate(TBA, options);
		expect(signed.headers.Prefer).toBe('transient');
		expect(signed.headers['Content-Type']).toBe('application/json');
		expect(signed.headers.authorization).toBeUndefined();
		expect(signed.qs).toEqual(options.qs);
		expect(await send(signed)).toBe(200);
		expect(seen[0].result.reason).toBeUndefined();
		const header = parseAuthorization(signed.headers.Authorization);
		expect(header.realm).toBe('1234567_SB1');
		expect(Object.keys(header).some((k) => ['limit', 'offset', 'note'].includes(k))).toBe(false);
		expect(signed.headers.Authorization).not.toMatch(/CONSUMER-SECRET-zz9|TOKEN-SECRET-yy8/);
	});

	test('signs the credential-test shape (baseURL + relative url + qs) and a URL with its query inlined', async () => {
		const seen = [];
		nock('http://127.0.0.1:8091')
			.post('/services/rest/query/v1/suiteql')
			.query(true)
			.times(2)
			.reply(tbaReply('http://127.0.0.1:8091', EXPECTED, seen));
		const asTest = await credential.authenticate(
			{ ...TBA, restBaseUrl: 'http://127.0.0.1:8091' },
			{
				baseURL: 'http://127.0.0.1:8091',
				url: '/services/rest/query/v1/suiteql',
				method: 'POST',
				qs: { limit: 1 },
				body: { q: 'SELECT 1 AS ok FROM dual' },
			},
		);
		expect(await send(asTest)).toBe(200);
		const inlineUrl =
			'http://127.0.0.1:8091/services/rest/query/v1/suiteql' +
			buildQueryString({ limit: 5, q: 'a b+c' });
		const inline = await credential.authenticate(TBA, {
			url: inlineUrl,
			method: 'POST',
			body: { q: 'x' },
		});
		expect(await send(inline)).toBe(200);
		expect(seen.map((s) => s.result.reason)).toEqual([undefined, undefined]);
	});

	test('each call gets a fresh nonce (n8n re-runs authenticate for its retry)', async () => {
		const options = { method: 'GET', url: `${REST}/services/rest/record/v1/salesOrder/1` };
		const a = parseAuthorization(
			(await credential.authenticate(TBA, options)).headers.Authorization,
		);
		const b = parseAuthorization(
			(await credential.authenticate(TBA, options)).headers.Authorization,
		);
		expect(a.oauth_nonce).not.toBe(b.oauth_nonce);
	});

	test('preAuthentication does nothing for TBA', async () => {
		const httpRequest = jest.fn();
		await expect(
			credential.preAuthentication.call({ helpers: { httpRequest } }, TBA),
		).resolves.toEqual({});
		expect(httpRequest).not.toHaveBeenCalled();
	});
});

describe('NetSuiteApi credential: OAuth 2.0 M2M', () => {
	const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
	const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' });
	const M2M = {
		authentication: 'm2m',
		accountId: '1234567-sb1',
		clientId: 'client-m2m-1',
		certificateId: 'cert-m2m-1',
		privateKey: PEM,
		algorithm: 'PS256',
		restBaseUrl: 'http://127.0.0.1:8091/',
	};

	test('preAuthentication posts a signed JWT assertion to the token endpoint and returns the token', async () => {
		const httpRequest = jest.fn(async () => ({
			statusCode: 200,
			headers: {},
			body: { access_token: 'AT-123', expires_in: 3600 },
		}));
		const out = await credential.preAuthentication.call({ helpers: { httpRequest } }, M2M);
		expect(out).toEqual({ accessToken: 'AT-123' });
		const options = httpRequest.mock.calls[0][0];
		expect(options.method).toBe('POST');
		expect(options.url).toBe('http://127.0.0.1:8091/services/rest/auth/oauth2/v1/token');
		expect(options.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
		const form = new URLSearchParams(options.body);
		expect(form.get('grant_type')).toBe('client_credentials');
		const [h, c, s] = form.get('client_assertion').split('.');
		const header = JSON.parse(Buffer.from(h, 'base64url'));
		const claims = JSON.parse(Buffer.from(c, 'base64url'));
		expect(header).toEqual({ typ: 'JWT', alg: 'PS256', kid: 'cert-m2m-1' });
		expect(claims).toMatchObject({
			iss: 'client-m2m-1',
			aud: options.url,
			scope: 'restlets,rest_webservices',
		});
		expect(
			crypto.verify(
				'sha256',
				Buffer.from(`${h}.${c}`),
				{ key: publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
				Buffer.from(s, 'base64url'),
			),
		).toBe(true);
	});

	test('a refused token request gives a clear error without the key or the assertion', async () => {
		let assertion;
		const httpRequest = jest.fn(async (options) => {
			assertion = new URLSearchParams(options.body).get('client_assertion');
			return {
				statusCode: 400,
				headers: {},
				body: { error: 'invalid_grant', error_description: `bad assertion ${'x'}` },
			};
		});
		const error = await credential.preAuthentication
			.call({ helpers: { httpRequest } }, M2M)
			.catch((e) => e);
		expect(error.message).toContain('invalid_grant');
		expect(error.message).toMatch(/Certificate ID|certificate ID/);
		const text = error.message + JSON.stringify(error);
		expect(text).not.toContain(assertion);
		expect(text).not.toContain(PEM.split('\n')[1]);
	});

	test('authenticate sends the bearer token and keeps other headers', async () => {
		const signed = await credential.authenticate(
			{ ...M2M, accessToken: 'AT-123' },
			{ method: 'GET', url: 'http://x/y', headers: { Prefer: 'transient' } },
		);
		expect(signed.headers).toEqual({ Prefer: 'transient', Authorization: 'Bearer AT-123' });
		await expect(
			credential.authenticate({ ...M2M, accessToken: '' }, { method: 'GET', url: 'http://x/y' }),
		).rejects.toThrow(/no access token/);
	});
});

describe('NetSuiteApi credential: definition', () => {
	const evalExpression = (expr, credentials) => {
		const body = /^=\{\{([\s\S]*)\}\}$/.exec(expr)[1];
		return new Function('$credentials', `return (${body});`)(credentials);
	};

	test('the test request is a cheap SuiteQL call on the REST host, honouring the override', () => {
		const { request } = credential.test;
		expect(request).toMatchObject({
			method: 'POST',
			url: '/services/rest/query/v1/suiteql',
			qs: { limit: 1 },
		});
		expect(request.body.q).toMatch(/^SELECT/);
		expect(evalExpression(request.baseURL, { accountId: '1234567_SB1', restBaseUrl: '' })).toBe(
			REST,
		);
		expect(
			evalExpression(request.baseURL, {
				accountId: '1234567_SB1',
				restBaseUrl: 'http://127.0.0.1:8091/',
			}),
		).toBe('http://127.0.0.1:8091');
	});

	test('secrets are password fields, the access token is hidden and expirable, and the audit-trail hint is shown', () => {
		const props = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(credential.name).toBe('netSuiteApi');
		expect(credential.displayName).toBe('NetSuite API');
		for (const name of ['consumerSecret', 'tokenSecret', 'privateKey'])
			expect(props[name].typeOptions.password).toBe(true);
		expect(props.accessToken.type).toBe('hidden');
		expect(props.accessToken.typeOptions.expirable).toBe(true);
		expect(props.authentication.options.map((o) => o.value).sort()).toEqual(['m2m', 'tba']);
		expect(props.tokenSecret.description).toContain('View Login Audit Trail');
		expect(props.restBaseUrl.description).toMatch(/leave empty for NetSuite/i);
	});
});
