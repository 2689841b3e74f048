'use strict';

const nock = require('nock');
const { tbaAuthorizationHeader, signatureBaseString } = require('../../core/netsuite/tba');
const { netSuiteHosts } = require('../../core/netsuite/hosts');
const { NetSuiteClient } = require('../../core/netsuite/client');
const { fakeClock, fetchTransport, tbaReply, verifyTba, parseAuthorization } = require('./helpers');

const SECRETS = {
	accountId: '1234567-sb1',
	consumerKey: 'ck-4f1e',
	consumerSecret: 'CONSUMER-SECRET-zz9',
	tokenId: 'tok-77a2',
	tokenSecret: 'TOKEN-SECRET-qq7',
};
const EXPECTED = {
	realm: '1234567_SB1',
	consumerKey: 'ck-4f1e',
	tokenId: 'tok-77a2',
	consumerSecret: 'CONSUMER-SECRET-zz9',
	tokenSecret: 'TOKEN-SECRET-qq7',
};
const HOSTS = netSuiteHosts(SECRETS.accountId);
const BASE = HOSTS.restBaseUrl;

// Every character class that has broken NetSuite signatures somewhere.
const TRICKY_QS = {
	q: "tranId IS 'IF 1+2' & status = A/B ~x* (y) €ü",
	'odd key': 'a=b&c',
	plus: '+',
	empty: '',
	limit: 5,
	flag: true,
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('TBA signature (OAuth 1.0a HMAC-SHA256)', () => {
	test('a from-scratch RFC 5849 verifier accepts a request whose query has reserved and unicode characters', async () => {
		const seen = [];
		nock(BASE)
			.post('/services/rest/query/v1/suiteql')
			.query(true)
			.reply(tbaReply(BASE, { ...EXPECTED, nonces: new Set() }, seen));
		const transport = fetchTransport({ authorize: (req) => tbaAuthorizationHeader(req, SECRETS) });
		const res = await transport({
			method: 'POST',
			url: `${BASE}/services/rest/query/v1/suiteql`,
			qs: TRICKY_QS,
			body: { q: 'SELECT 1 FROM dual' },
		});
		expect(seen[0].result.reason).toBeUndefined();
		expect(res.statusCode).toBe(200);
		// The server saw the values it was meant to see (spaces as %20, a literal +).
		expect(seen[0].uri).toContain('%20');
		expect(seen[0].uri).not.toMatch(/=[^&]*\+/);
	});

	test('a query string already in the URL (as the n8n transport sends it) is signed too', async () => {
		const seen = [];
		nock(BASE)
			.get('/services/rest/record/v1/salesOrder/42')
			.query(true)
			.reply(tbaReply(BASE, EXPECTED, seen));
		const url = `${BASE}/services/rest/record/v1/salesOrder/42?expandSubResources=true&fields=tranId%2Cstatus&note=a%20b%2Bc`;
		const res = await fetch(url, {
			headers: { Authorization: tbaAuthorizationHeader({ method: 'GET', url }, SECRETS) },
		});
		expect(seen[0].result.reason).toBeUndefined();
		expect(res.status).toBe(200);
	});

	test('the verifier rejects a wrong secret and an unsigned query parameter (it can fail)', async () => {
		const seen = [];
		nock(BASE)
			.get('/x')
			.query(true)
			.times(2)
			.reply(tbaReply(BASE, EXPECTED, seen));
		const wrong = tbaAuthorizationHeader(
			{ method: 'GET', url: `${BASE}/x?a=1` },
			{ ...SECRETS, tokenSecret: 'other' },
		);
		await fetch(`${BASE}/x?a=1`, { headers: { Authorization: wrong } });
		const unsignedQuery = tbaAuthorizationHeader({ method: 'GET', url: `${BASE}/x` }, SECRETS);
		await fetch(`${BASE}/x?a=1`, { headers: { Authorization: unsignedQuery } });
		expect(seen.map((s) => s.result.reason)).toEqual(['signature mismatch', 'signature mismatch']);
	});

	test('header: realm upper-case with _, HMAC-SHA256, no query parameters; base string: no realm, %20 for spaces', () => {
		const clock = { now: () => 1767225600000, nonce: () => 'fixednonce' };
		const header = tbaAuthorizationHeader(
			{
				method: 'post',
				url: 'HTTPS://1234567-SB1.SuiteTalk.api.netsuite.com:443/services/rest/query/v1/suiteql',
				qs: { q: 'a b+c', limit: 10 },
			},
			SECRETS,
			clock,
		);
		const fields = parseAuthorization(header);
		expect(Object.keys(fields).sort()).toEqual(
			[
				'oauth_consumer_key',
				'oauth_nonce',
				'oauth_signature',
				'oauth_signature_method',
				'oauth_timestamp',
				'oauth_token',
				'oauth_version',
				'realm',
			].sort(),
		);
		expect(header.startsWith('OAuth realm="1234567_SB1", ')).toBe(true);
		expect(fields.oauth_timestamp).toBe('1767225600');
		expect(fields.oauth_nonce).toBe('fixednonce');
		expect(fields.oauth_signature_method).toBe('HMAC-SHA256');

		const base = signatureBaseString(
			'post',
			'HTTPS://1234567-SB1.SuiteTalk.api.netsuite.com:443/services/rest/query/v1/suiteql',
			[
				['q', 'a b+c'],
				['limit', '10'],
			],
		);
		expect(base).toBe(
			'POST&https%3A%2F%2F1234567-sb1.suitetalk.api.netsuite.com%2Fservices%2Frest%2Fquery%2Fv1%2Fsuiteql&limit%3D10%26q%3Da%2520b%252Bc',
		);
		// Same request, verified from scratch as if it had arrived at the server.
		const result = verifyTba(
			{
				method: 'POST',
				protocol: 'https',
				host: '1234567-sb1.suitetalk.api.netsuite.com',
				path: '/services/rest/query/v1/suiteql?q=a%20b%2Bc&limit=10',
				authorization: header,
			},
			EXPECTED,
		);
		expect(result.reason).toBeUndefined();
		expect(result.baseString).not.toContain('realm');
	});

	test('the realm follows the account ID whatever its spelling', () => {
		const clock = { now: () => 0, nonce: () => 'n' };
		for (const [accountId, realm] of [
			['1234567_SB1', '1234567_SB1'],
			['1234567-sb1', '1234567_SB1'],
			['1234567_sb2', '1234567_SB2'],
			['1234567', '1234567'],
			['tstdrv99', 'TSTDRV99'],
		]) {
			const header = tbaAuthorizationHeader(
				{ method: 'GET', url: 'https://h.example/x' },
				{ ...SECRETS, accountId },
				clock,
			);
			expect(parseAuthorization(header).realm).toBe(realm);
		}
	});

	test('a retried request is signed again with a fresh nonce and timestamp', async () => {
		const clock = fakeClock();
		const nonces = new Set();
		const seen = [];
		let calls = 0;
		nock(BASE)
			.post('/services/rest/query/v1/suiteql')
			.query(true)
			.times(3)
			.reply(
				tbaReply(BASE, { ...EXPECTED, nonces }, seen, () =>
					++calls < 3
						? [
								429,
								{
									'o:errorDetails': [
										{ detail: 'Too many requests', 'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED' },
									],
								},
							]
						: [200, { items: [{ id: '1' }], hasMore: false }],
				),
			);
		const transport = fetchTransport({
			authorize: (req) =>
				tbaAuthorizationHeader(req, SECRETS, {
					now: clock.now,
					nonce: () => require('node:crypto').randomBytes(8).toString('hex'),
				}),
		});
		const client = new NetSuiteClient({
			transport,
			clock,
			hosts: HOSTS,
			retry: { baseDelayMs: 1000 },
		});
		const result = await client.suiteql('SELECT id FROM transaction ORDER BY id');
		expect(result.rows).toEqual([{ id: '1' }]);
		expect(seen).toHaveLength(3);
		expect(seen.every((s) => s.result.ok)).toBe(true);
		const stamps = seen.map((s) => Number(s.result.fields.oauth_timestamp));
		expect(new Set(seen.map((s) => s.result.fields.oauth_nonce)).size).toBe(3);
		expect(stamps[1]).toBeGreaterThan(stamps[0]);
		expect(stamps[2]).toBeGreaterThan(stamps[1]);
	});

	test('empty secrets and list-valued query parameters fail with a clear message', () => {
		expect(() =>
			tbaAuthorizationHeader(
				{ method: 'GET', url: 'https://h.example/' },
				{ ...SECRETS, tokenSecret: '' },
			),
		).toThrow(/Token Secret is empty/);
		expect(() =>
			tbaAuthorizationHeader(
				{ method: 'GET', url: 'https://h.example/', qs: { a: ['1', '2'] } },
				SECRETS,
			),
		).toThrow(/"a" is a list/);
	});
});
