'use strict';

const { createAmazonEmulator } = require('../../emulators/amazon');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { createTestClient } = require('../../emulators/amazon/testkit');

const SEED = { marketplaceId: 'ATVPDKIKX0DER', amazonOrders: [] };
const creds = DEFAULT_CREDENTIALS.amazon;

describe('Amazon emulator: LWA and access tokens', () => {
	let emu;
	let client;
	let clock;
	beforeEach(async () => {
		clock = {
			t: Date.parse('2026-11-20T12:00:00Z'),
			now() {
				return this.t;
			},
		};
		emu = createAmazonEmulator({ seed: SEED, clock, rateLimits: false });
		const { url } = await emu.listen();
		client = createTestClient(url);
	});
	afterEach(() => emu.close());

	test('issues an Atza| bearer token for the refresh-token grant (form and JSON bodies)', async () => {
		const form = await client.token();
		expect(form.status).toBe(200);
		expect(form.body).toMatchObject({
			token_type: 'bearer',
			expires_in: 3600,
			refresh_token: creds.refreshToken,
		});
		expect(form.body.access_token).toMatch(/^Atza\|/);

		const res = await fetch(`${emu.url}/auth/o2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				grant_type: 'refresh_token',
				refresh_token: creds.refreshToken,
				client_id: creds.clientId,
				client_secret: creds.clientSecret,
			}),
		});
		expect(res.status).toBe(200);
		const json = await res.json();
		expect(json.access_token).not.toBe(form.body.access_token);
		const ok = await client.sp('GET', '/sellers/v1/marketplaceParticipations', undefined, {
			token: json.access_token,
		});
		expect(ok.status).toBe(200);
		expect(ok.body.payload[0].marketplace.id).toBe('ATVPDKIKX0DER');
	});

	test('wrong refresh token → 400 invalid_grant; wrong client id or secret → 401 invalid_client', async () => {
		const grant = await client.token({ refresh_token: 'Atzr|not-the-right-one' });
		expect(grant).toEqual({
			status: 400,
			body: {
				error: 'invalid_grant',
				error_description: 'The request has an invalid grant parameter : refresh_token',
			},
		});
		for (const bad of [
			{ client_id: 'amzn1.application-oa2-client.other' },
			{ client_secret: 'wrong' },
		]) {
			const res = await client.token(bad);
			expect(res).toEqual({
				status: 401,
				body: { error: 'invalid_client', error_description: 'Client authentication failed' },
			});
		}
		const unsupported = await client.token({ grant_type: 'password' });
		expect(unsupported.status).toBe(400);
		expect(unsupported.body.error).toBe('unsupported_grant_type');
	});

	test('missing or unknown x-amz-access-token → 403 Unauthorized with empty details', async () => {
		const expected = {
			errors: [
				{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' },
			],
		};
		const missing = await client.sp(
			'GET',
			'/feeds/2021-06-30/feeds?feedTypes=POST_ORDER_FULFILLMENT_DATA',
			undefined,
			{ token: null },
		);
		expect(missing.status).toBe(403);
		expect(missing.body).toEqual(expected);
		expect(missing.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
		const unknown = await client.sp(
			'GET',
			'/feeds/2021-06-30/feeds?feedTypes=POST_ORDER_FULFILLMENT_DATA',
			undefined,
			{ token: 'Atza|made-up' },
		);
		expect(unknown.status).toBe(403);
		expect(unknown.body).toEqual(expected);
	});

	test('tokens expire after an hour (scaled clock) and expireTokens() expires all at once', async () => {
		await client.token();
		const path = '/feeds/2021-06-30/feeds?feedTypes=POST_ORDER_FULFILLMENT_DATA';
		expect((await client.sp('GET', path)).status).toBe(200);
		clock.t += 3599 * 1000;
		expect((await client.sp('GET', path)).status).toBe(200);
		clock.t += 1000;
		const expired = await client.sp('GET', path);
		expect(expired.status).toBe(403);
		expect(expired.body).toEqual({
			errors: [
				{
					code: 'Unauthorized',
					message: 'Access to requested resource is denied.',
					details: 'The access token you provided has expired.',
				},
			],
		});

		await client.token();
		expect((await client.sp('GET', path)).status).toBe(200);
		emu.expireTokens();
		const after = await client.sp('GET', path);
		expect(after.status).toBe(403);
		expect(after.body.errors[0].details).toBe('The access token you provided has expired.');
		await client.token();
		expect((await client.sp('GET', path)).status).toBe(200);
	});

	test('under timeScale, expires_in is the lifetime the emulator enforces (60x: 3600 s -> 60 s)', async () => {
		// A client that caches the token for expires_in - 60 s (Amazon's SDKs do) must never hold a
		// dead one: what the emulator reports is what it enforces.
		await emu.close();
		emu = createAmazonEmulator({ seed: SEED, clock, timeScale: 60, rateLimits: false });
		client = createTestClient((await emu.listen()).url);
		const t = await client.token();
		expect(t.body.expires_in).toBe(60);
		const path = '/sellers/v1/marketplaceParticipations';
		clock.t += (t.body.expires_in - 1) * 1000;
		expect((await client.sp('GET', path)).status).toBe(200);
		clock.t += 1000;
		expect((await client.sp('GET', path)).status).toBe(403);
	});

	test('timeScale shortens token lifetime; tokenLifetimeSec overrides it', async () => {
		await emu.close();
		emu = createAmazonEmulator({
			seed: SEED,
			clock,
			timeScale: 60,
			tokenLifetimeSec: 600,
			rateLimits: false,
		});
		client = createTestClient((await emu.listen()).url);
		const t = await client.token();
		expect(t.body.expires_in).toBe(10); // 600 s / 60, as enforced
		const path = '/sellers/v1/marketplaceParticipations';
		clock.t += 9 * 1000;
		expect((await client.sp('GET', path)).status).toBe(200);
		clock.t += 1000; // 600 s / 60
		expect((await client.sp('GET', path)).status).toBe(403);
	});

	test('credentials option replaces the defaults', async () => {
		await emu.close();
		const other = {
			...creds,
			clientId: 'amzn1.application-oa2-client.custom',
			sellerId: 'A2OTHER',
		};
		emu = createAmazonEmulator({ seed: SEED, credentials: { amazon: other } });
		const { url } = await emu.listen();
		expect((await createTestClient(url).token()).status).toBe(401);
		expect((await createTestClient(url, other).token()).status).toBe(200);
	});
});
