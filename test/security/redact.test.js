'use strict';

/**
 * Secrets echoed back in another form (issue 16): a server that repeats the request shows the
 * refresh token URL-encoded, the access token without its Atza| prefix, NetSuite's consumer key and
 * token ID in an echoed Authorization header, a Basic header in base64. And signed S3 links: error
 * texts carry a URL without its query string. Both clients, and both credentials' token requests.
 */
const crypto = require('node:crypto');
const { AmazonClient } = require('../../core/amazon/client');
const { NetSuiteClient } = require('../../core/netsuite/client');
const { netSuiteHosts } = require('../../core/netsuite/hosts');
const { tbaAuthorizationHeader } = require('../../core/netsuite/tba');
const { redactSecrets } = require('../../core/http/redact');
const { NetSuiteApi } = require('../../credentials/NetSuiteApi.credentials');
const { AmazonSpApi } = require('../../credentials/AmazonSpApi.credentials');
const { leaksIn } = require('./helpers/forms');

const clock = { now: () => Date.now(), random: () => 0.5, sleep: async () => {} };
const PEM = crypto
	.generateKeyPairSync('ec', { namedCurve: 'P-256' })
	.privateKey.export({ type: 'pkcs8', format: 'pem' });

const AMAZON = {
	clientId: 'amzn1.application-oa2-client.0f9e8d7c6b5a',
	clientSecret: 'amzn1.oa2-cs.v1.5ec7e7a1b2c3d4e5f60718293a4b5c6d',
	refreshToken: 'Atzr|IwEBIA-refresh/9f8e+7d6c5b4a3f2e1d0c=',
	accessToken: 'Atza|IwEBIB-access/0a1b+2c3d4e5f6a7b8c9d',
};
const NETSUITE = {
	accountId: '1234567_SB1',
	consumerKey: 'ck5f0e1d2c3b4a59687766554433221100aa',
	consumerSecret: 'cs9a8b7c6d5e4f30211223344556677889900',
	tokenId: 'tk0011223344556677889900aabbccddeeff',
	tokenSecret: 'ts+ffeeddccbbaa99887766/5544332211==',
	clientId: 'm2mclient0a1b2c3d4e5f60718293a4b5c6d',
	privateKey: PEM,
	accessToken: 'eyJraWQiOiJjLjEyMzQ1NjcifQ.eyJzdWIiOiIzOzQ1In0.c2lnbmF0dXJlLXZhbHVl',
};

/** Everything a server might echo: each secret in many forms, and a Basic header. */
function echoOf(secrets) {
	const parts = [];
	for (const v of Object.values(secrets)) {
		const bare = v.replace(/^Atz[ar]\|/, '');
		parts.push(
			v,
			encodeURIComponent(v),
			encodeURIComponent(v).toLowerCase(),
			new URLSearchParams({ v }).toString().slice(2),
			bare,
			Buffer.from(v).toString('base64'),
			Buffer.from(`user:${v}`).toString('base64'),
			Buffer.from(`ab${v}`).toString('base64url'),
			JSON.stringify(v).slice(1, -1),
		);
	}
	return parts.join(' | ');
}

const allText = (error) =>
	[error.message, JSON.stringify(error), error.body, error.detail, error.amazonMessage].join('\n');

describe('the redactor', () => {
	test('scrubs every form of every secret', () => {
		const { accountId, clientId, ...others } = NETSUITE;
		const secrets = { ...AMAZON, ...others };
		const text = echoOf(secrets);
		expect(leaksIn(text, secrets).length).toBeGreaterThan(50); // the echo does hold them
		expect(leaksIn(redactSecrets(text, Object.values(secrets)), secrets)).toEqual([]);
	});

	test('URLs lose their query string; signed-link parts quoted elsewhere are scrubbed', () => {
		const url =
			'https://tortuga-prod-na.s3-external-1.amazonaws.com/doc/amzn1.tortuga.4.na.1?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
			'&X-Amz-Credential=ASIAEXAMPLE%2F20261205%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Security-Token=FwoGZXIvYXdzEXAMPLETOKEN' +
			'&X-Amz-Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
		const s3Body =
			'<Error><Code>SignatureDoesNotMatch</Code><CanonicalRequest>PUT\n/doc\nX-Amz-Security-Token=FwoGZXIvYXdzEXAMPLETOKEN&amp;X-Amz-Signature=5d672d79c15b</CanonicalRequest>' +
			'<SignatureProvided>5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7</SignatureProvided></Error>';
		const out = redactSecrets(`No response from PUT ${url}: socket hang up. ${s3Body}`, []);
		expect(out).toContain(
			'PUT https://tortuga-prod-na.s3-external-1.amazonaws.com/doc/amzn1.tortuga.4.na.1:',
		);
		expect(out).not.toMatch(/5d672d79c15b|FwoGZXIvYXdzEXAMPLETOKEN|ASIAEXAMPLE/);
	});
});

describe('the Amazon client', () => {
	const client = (transport, presignedTransport = transport) =>
		new AmazonClient({
			transport,
			presignedTransport,
			clock,
			baseUrl: 'https://sellingpartnerapi-na.amazon.com',
			secrets: [AMAZON.clientSecret, AMAZON.refreshToken, AMAZON.accessToken],
			retry: { maxAttempts: 1 },
		});

	test('an answer echoing the secrets in other forms is scrubbed', async () => {
		const echo = async () => ({
			statusCode: 400,
			headers: { 'x-amzn-requestid': 'r-1' },
			body: {
				errors: [{ code: 'InvalidInput', message: echoOf(AMAZON), details: echoOf(AMAZON) }],
			},
		});
		const error = await client(echo)
			.getFeeds()
			.catch((e) => e);
		expect(error.code).toBe('InvalidInput');
		const { clientSecret, refreshToken, accessToken } = AMAZON;
		expect(leaksIn(allText(error), { clientSecret, refreshToken, accessToken })).toEqual([]);
	});

	test('an upload that fails carries the S3 link without its signature', async () => {
		const signed =
			'https://tortuga.example/doc?X-Amz-Security-Token=SeCuRiTyToKeN123456&X-Amz-Signature=abcdef0123456789abcdef';
		const api = async () => ({
			statusCode: 202,
			headers: {},
			body: { feedDocumentId: 'amzn1.tortuga.4.na.doc1', url: signed },
		});
		// What n8n's request helper says when the connection drops (nodes/shared/transport.ts adds the URL).
		const s3 = async (request) => {
			throw Object.assign(
				new Error(`No response from ${request.method} ${request.url}: socket hang up`),
				{
					code: 'ECONNRESET',
				},
			);
		};
		const error = await client(api, s3)
			.submitFeed({
				feedType: 'POST_ORDER_FULFILLMENT_DATA',
				marketplaceId: 'ATVPDKIKX0DER',
				contentType: 'text/xml; charset=UTF-8',
				document: '<x/>',
			})
			.catch((e) => e);
		expect(error.message).toContain('https://tortuga.example/doc');
		expect(allText(error)).not.toMatch(/X-Amz-Signature|abcdef0123456789|SeCuRiTyToKeN/);
	});
});

describe('the NetSuite client', () => {
	const hosts = netSuiteHosts(NETSUITE.accountId);
	// A server that repeats the signed request it received, as some proxies and error pages do.
	const echoingServer = async (request) => {
		const authorization = tbaAuthorizationHeader(
			{ method: request.method, url: request.url },
			NETSUITE,
		);
		return {
			statusCode: 400,
			headers: {},
			body: {
				'o:errorDetails': [
					{
						detail: `Bad request; you sent Authorization: ${authorization} and ${echoOf(NETSUITE)}`,
						'o:errorCode': 'INVALID_REQUEST',
					},
				],
			},
		};
	};

	test('is given the secrets and scrubs every form from its errors', async () => {
		const { netSuiteSecrets } = require('../../core/netsuite/errors');
		const ns = new NetSuiteClient({
			transport: echoingServer,
			clock,
			hosts,
			retry: { maxAttempts: 1 },
			secrets: netSuiteSecrets(NETSUITE),
		});
		const error = await ns.suiteqlPage('SELECT id FROM transaction', 5, 0).catch((e) => e);
		expect(error.name).toBe('NetSuiteApiError');
		const { accountId, ...secrets } = NETSUITE; // the account ID is no secret
		expect(leaksIn(allText(error), secrets)).toEqual([]);
		expect(error.message).toContain('INVALID_REQUEST');
	});
});

describe('credential tests (token requests)', () => {
	test('NetSuite M2M: a token endpoint echoing the client ID, assertion and key leaks none', async () => {
		const httpRequest = async (options) => ({
			statusCode: 400,
			headers: {},
			body: {
				error: 'invalid_client',
				error_description: `rejected ${options.body} from ${NETSUITE.clientId} ${echoOf({ k: NETSUITE.privateKey, c: NETSUITE.clientId })}`,
			},
		});
		const error = await new NetSuiteApi().preAuthentication
			.call(
				{ helpers: { httpRequest } },
				{
					authentication: 'm2m',
					accountId: NETSUITE.accountId,
					clientId: NETSUITE.clientId,
					certificateId: 'cert-1',
					privateKey: PEM,
					algorithm: 'ES256',
				},
			)
			.catch((e) => e);
		expect(error.message).toContain('invalid_client');
		expect(leaksIn(error.message, { clientId: NETSUITE.clientId, privateKey: PEM })).toEqual([]);
	});

	test('Amazon LWA: an endpoint echoing the form body leaks neither secret', async () => {
		const httpRequest = async (options) => ({
			statusCode: 400,
			headers: {},
			body: {
				error: 'invalid_grant',
				error_description: `bad grant: ${options.body} ${echoOf(AMAZON)}`,
			},
		});
		const error = await new AmazonSpApi().preAuthentication
			.call({ helpers: { httpRequest } }, { ...AMAZON, region: 'NA' })
			.catch((e) => e);
		expect(error.message).toMatch(/invalid_grant/);
		const { clientSecret, refreshToken } = AMAZON;
		expect(leaksIn(error.message, { clientSecret, refreshToken })).toEqual([]);
	});
});
