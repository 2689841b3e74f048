const nock = require('nock');
const { Workflow } = require('n8n-workflow');
const { AmazonSpApi } = require('../../credentials/AmazonSpApi.credentials');
const { SECRETS, expectNoSecrets, fetchTransport } = require('./helpers');
const { buildRefreshTokenRequest, requestAccessToken } = require('../../core/amazon/lwa');

const TOKEN_URL = 'http://127.0.0.1:4011/auth/o2/token';
const CREDS = {
	clientId: SECRETS.clientId,
	clientSecret: SECRETS.clientSecret,
	refreshToken: SECRETS.refreshToken,
	region: 'NA',
	sandbox: false,
	endpointOverride: '',
	tokenUrlOverride: TOKEN_URL,
};

/** Stands in for n8n's `this.helpers.httpRequest`: forwards to nock through fetch, records what it got. */
function fakeHelpers() {
	const calls = [];
	return {
		calls,
		helpers: {
			httpRequest: async (options) => {
				calls.push(options);
				const res = await fetch(options.url, {
					method: options.method,
					headers: options.headers,
					body: options.body,
				});
				const text = await res.text();
				let body = text;
				try {
					body = JSON.parse(text);
				} catch {}
				if (!options.ignoreHttpStatusErrors && res.status >= 400)
					throw new Error(`Request failed with status code ${res.status}`);
				const headers = {};
				res.headers.forEach((v, k) => (headers[k] = v));
				return options.returnFullResponse ? { statusCode: res.status, headers, body } : body;
			},
		},
	};
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('amazonSpApi credential', () => {
	test('preAuthentication posts the refresh-token grant as a form to the overridden token URL', async () => {
		const cred = new AmazonSpApi();
		let form;
		let contentType;
		nock('http://127.0.0.1:4011')
			.post('/auth/o2/token', (body) => {
				form = body;
				return true;
			})
			.reply(function () {
				contentType = this.req.headers['content-type'];
				return [200, { access_token: SECRETS.accessToken, token_type: 'bearer', expires_in: 3600 }];
			});
		const ctx = fakeHelpers();
		const result = await cred.preAuthentication.call(ctx, CREDS);
		expect(result).toEqual({ accessToken: SECRETS.accessToken });
		expect(contentType).toMatch(/^application\/x-www-form-urlencoded/);
		expect(form).toEqual({
			grant_type: 'refresh_token',
			refresh_token: SECRETS.refreshToken,
			client_id: SECRETS.clientId,
			client_secret: SECRETS.clientSecret,
		});
		expect(ctx.calls[0].url).toBe(TOKEN_URL);
		expect(ctx.calls[0].ignoreHttpStatusErrors).toBe(true);
	});

	describe('a throttled or failing login is tried again, a refused grant is not', () => {
		const workflow = require('n8n-workflow');
		let slept;
		beforeEach(() => {
			slept = [];
			// n8n's sleep, recorded instead of waited.
			jest.spyOn(workflow, 'sleep', 'get').mockReturnValue(async (ms) => {
				slept.push(ms);
			});
		});
		afterEach(() => jest.restoreAllMocks());

		test('preAuthentication: 503, then 429, then the token (three attempts, backing off)', async () => {
			const lwa = nock('http://127.0.0.1:4011')
				.post('/auth/o2/token')
				.reply(503, 'Service Unavailable')
				.post('/auth/o2/token')
				.reply(429, { error: 'slow_down', error_description: 'Too many requests' })
				.post('/auth/o2/token')
				.reply(200, { access_token: SECRETS.accessToken, token_type: 'bearer', expires_in: 3600 });
			const ctx = fakeHelpers();
			const result = await new AmazonSpApi().preAuthentication.call(ctx, CREDS);
			expect(result).toEqual({ accessToken: SECRETS.accessToken });
			expect(lwa.isDone()).toBe(true);
			expect(ctx.calls).toHaveLength(3);
			expect(slept).toHaveLength(2);
			expect(slept[1]).toBeGreaterThan(slept[0]);
		});

		test('preAuthentication: still failing after 3 attempts says so, without secrets', async () => {
			nock('http://127.0.0.1:4011').post('/auth/o2/token').times(3).reply(500, 'oops');
			const ctx = fakeHelpers();
			const error = await new AmazonSpApi().preAuthentication.call(ctx, CREDS).catch((e) => e);
			expect(error.name).toBe('LwaError');
			expect(error.message).toMatch(/server error.*\(3 attempts\)/);
			expect(ctx.calls).toHaveLength(3);
			expectNoSecrets(error.message);
		});

		test.each([
			[400, 'invalid_grant'],
			[401, 'invalid_client'],
		])('preAuthentication: %s %s is final after one request', async (status, code) => {
			nock('http://127.0.0.1:4011')
				.post('/auth/o2/token')
				.reply(status, { error: code, error_description: 'no' });
			const ctx = fakeHelpers();
			const error = await new AmazonSpApi().preAuthentication.call(ctx, CREDS).catch((e) => e);
			expect(error.lwaCode).toBe(code);
			// n8n's credential test would show a `code` instead of the message.
			expect(error.code).toBeUndefined();
			expect(ctx.calls).toHaveLength(1);
			expect(slept).toEqual([]);
		});

		test('no answer twice, then the token', async () => {
			nock('http://127.0.0.1:4011')
				.post('/auth/o2/token')
				.times(2)
				.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
				.post('/auth/o2/token')
				.reply(200, { access_token: SECRETS.accessToken, expires_in: 3600 });
			const ctx = fakeHelpers();
			const result = await new AmazonSpApi().preAuthentication.call(ctx, CREDS);
			expect(result).toEqual({ accessToken: SECRETS.accessToken });
			expect(ctx.calls).toHaveLength(3);
		});
	});

	test("the client's own refresh (x-lwa-grant) retries a 5xx login on the client's clock, not a refused grant", async () => {
		const { lwaRefresher } = require('../../nodes/shared/amazonClient');
		const { fakeClock } = require('./helpers');
		const answers = [
			{ statusCode: 502, headers: {}, body: 'Bad Gateway' },
			{ statusCode: 429, headers: { 'retry-after': '3' }, body: { error: 'slow_down' } },
			{ statusCode: 200, headers: {}, body: { access_token: 'Atza|REFRESHED', expires_in: 3600 } },
		];
		const sent = [];
		const transport = async (request) => {
			sent.push(request.headers['x-lwa-grant']);
			return answers.shift();
		};
		const clock = fakeClock();
		const refresh = lwaRefresher(transport, TOKEN_URL, clock);
		expect(await refresh()).toBe('Atza|REFRESHED');
		expect(sent).toEqual(['refresh_token', 'refresh_token', 'refresh_token']);
		expect(clock.sleeps).toHaveLength(2);
		// Amazon's Retry-After (3 s) is longer than the second backoff.
		expect(clock.sleeps[1]).toBe(3000);

		const refused = lwaRefresher(
			async () => {
				sent.push('again');
				return { statusCode: 400, headers: {}, body: { error: 'invalid_grant' } };
			},
			TOKEN_URL,
			clock,
		);
		sent.length = 0;
		const error = await refused().catch((e) => e);
		expect(error.lwaCode).toBe('invalid_grant');
		expect(sent).toEqual(['again']);
	});

	test('without an override the token goes to https://api.amazon.com/auth/o2/token', () => {
		const req = buildRefreshTokenRequest({ clientId: 'a', clientSecret: 'b', refreshToken: 'c' });
		expect(req.url).toBe('https://api.amazon.com/auth/o2/token');
		expect(new URLSearchParams(req.body).get('grant_type')).toBe('refresh_token');
	});

	test('invalid_grant names the Refresh Token field and never echoes the secrets', async () => {
		const cred = new AmazonSpApi();
		nock('http://127.0.0.1:4011')
			.post('/auth/o2/token')
			.reply(400, {
				error: 'invalid_grant',
				error_description: `The request has an invalid grant parameter : refresh_token ${SECRETS.refreshToken}`,
			});
		const error = await cred.preAuthentication.call(fakeHelpers(), CREDS).catch((e) => e);
		expect(error.name).toBe('LwaError');
		expect(error.lwaCode).toBe('invalid_grant');
		expect(error.field).toBe('refreshToken');
		expect(error.message).toContain("credential's Refresh Token");
		expect(error.message).toContain('Develop Apps');
		expectNoSecrets(error.message);
		expect(error.message).not.toContain(SECRETS.clientSecret);
	});

	test('invalid_client points at the client ID and secret', async () => {
		nock('http://127.0.0.1:4011')
			.post('/auth/o2/token')
			.reply(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
		const error = await requestAccessToken(fetchTransport(), CREDS, TOKEN_URL).catch((e) => e);
		expect(error.lwaCode).toBe('invalid_client');
		expect(error.message).toMatch(/LWA Client ID and LWA Client Secret/);
		expectNoSecrets(error.message);
	});

	test('an unreachable token URL is reported with the field to check, without secrets', async () => {
		nock('http://127.0.0.1:4011')
			.post('/auth/o2/token')
			.replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
		const error = await requestAccessToken(fetchTransport(), CREDS, TOKEN_URL).catch((e) => e);
		expect(error.message).toMatch(/LWA Token URL Override/);
		expectNoSecrets(error.message);
	});

	test('a missing refresh token is caught before any request', async () => {
		const ctx = fakeHelpers();
		const error = await new AmazonSpApi().preAuthentication
			.call(ctx, { ...CREDS, refreshToken: '' })
			.catch((e) => e);
		expect(error.message).toMatch(/no Refresh Token/);
		expect(ctx.calls).toHaveLength(0);
	});

	test('authenticate sends x-amz-access-token (no SigV4), and the token field is expirable', async () => {
		const cred = new AmazonSpApi();
		expect(cred.name).toBe('amazonSpApi');
		const signed = await cred.authenticate(
			{ ...CREDS, accessToken: 'Atza|STORED' },
			{ url: 'https://sellingpartnerapi-na.amazon.com/feeds/2021-06-30/feeds/1', headers: { Accept: 'application/json' } },
		);
		expect(signed.headers).toEqual({ Accept: 'application/json', 'x-amz-access-token': 'Atza|STORED' });
		expect(JSON.stringify(signed)).not.toMatch(/authorization|X-Amz-Signature/i);
		// A token the client refreshed itself (n8n 1.x path) comes in its own header and is sent
		// instead of the stored one; the private header does not reach Amazon.
		const kept = await cred.authenticate(
			{ ...CREDS, accessToken: 'Atza|STALE' },
			{ url: 'https://x/feeds', headers: { 'x-n8n-amazon-access-token': 'Atza|FRESH' } },
		);
		expect(kept.headers).toEqual({ 'x-amz-access-token': 'Atza|FRESH' });
		const token = cred.properties.find((p) => p.name === 'accessToken');
		expect(token.type).toBe('hidden');
		expect(token.typeOptions.expirable).toBe(true);
		for (const name of ['clientSecret', 'refreshToken']) {
			expect(cred.properties.find((p) => p.name === name).typeOptions.password).toBe(true);
		}
		for (const p of cred.properties.filter((p) => p.type !== 'hidden'))
			expect(p.description).toBeTruthy();
	});

	test("n8n 2.x's retry after a 403 sends the renewed stored token, not the first attempt's", async () => {
		const cred = new AmazonSpApi();
		const credentials = { ...CREDS, accessToken: 'Atza|OLD' };
		// As httpRequestWithAuthentication does: authenticate, send (403), preAuthentication stores a
		// new token, then authenticate again with the options the first call returned.
		const first = await cred.authenticate(credentials, {
			url: 'https://x/feeds',
			headers: { Accept: 'application/json' },
		});
		expect(first.headers['x-amz-access-token']).toBe('Atza|OLD');
		Object.assign(credentials, { accessToken: 'Atza|RENEWED' });
		const retry = await cred.authenticate(credentials, first);
		expect(retry.headers).toEqual({
			Accept: 'application/json',
			'x-amz-access-token': 'Atza|RENEWED',
		});

		// Same after the client's own refresh (n8n 1.x path): the retry gets n8n's renewed token.
		const own = await cred.authenticate(credentials, {
			url: 'https://x/feeds',
			headers: { 'x-n8n-amazon-access-token': 'Atza|CLIENT' },
		});
		expect(own.headers).toEqual({ 'x-amz-access-token': 'Atza|CLIENT' });
		Object.assign(credentials, { accessToken: 'Atza|RENEWED-2' });
		const ownRetry = await cred.authenticate(credentials, own);
		expect(ownRetry.headers).toEqual({ 'x-amz-access-token': 'Atza|RENEWED-2' });
	});

	test('the credential test calls marketplaceParticipations on the host n8n resolves from region, sandbox and override', () => {
		const cred = new AmazonSpApi();
		expect(cred.test.request.url).toBe('/sellers/v1/marketplaceParticipations');
		const nodeTypes = {
			getByName: () => ({ description: { properties: [] } }),
			getByNameAndVersion: () => ({ description: { properties: [] } }),
			getKnownTypes: () => ({}),
		};
		const node = {
			id: '1',
			name: 'Test',
			type: 'x.y',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const wf = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const resolve = (c) =>
			wf.expression.getParameterValue(
				cred.test.request.baseURL,
				null,
				0,
				0,
				'Test',
				[],
				'internal',
				{ $credentials: c },
			);
		expect(resolve({ region: 'NA', sandbox: false, endpointOverride: '' })).toBe(
			'https://sellingpartnerapi-na.amazon.com',
		);
		expect(resolve({ region: 'EU', sandbox: true })).toBe(
			'https://sandbox.sellingpartnerapi-eu.amazon.com',
		);
		expect(resolve({ region: 'FE', endpointOverride: 'http://127.0.0.1:4010' })).toBe(
			'http://127.0.0.1:4010',
		);
	});

	test('a request marked x-lwa-grant becomes the refresh-token grant, filled in by the credential', async () => {
		const cred = new AmazonSpApi();
		const grant = await cred.authenticate(
			{ ...CREDS, tokenUrlOverride: 'http://127.0.0.1:9/auth/o2/token' },
			{ method: 'POST', url: 'ignored', headers: { 'x-lwa-grant': 'refresh_token' } },
		);
		expect(grant.url).toBe('http://127.0.0.1:9/auth/o2/token');
		expect(grant.headers['x-lwa-grant']).toBeUndefined();
		const form = new URLSearchParams(grant.body);
		expect(form.get('grant_type')).toBe('refresh_token');
		expect(form.get('refresh_token')).toBe(CREDS.refreshToken);
		expect(form.get('client_id')).toBe(CREDS.clientId);
		expect(form.get('client_secret')).toBe(CREDS.clientSecret);
	});
});
