'use strict';

const nock = require('nock');
const { NetSuiteClient } = require('../../core/netsuite/client');
const { netSuiteHosts } = require('../../core/netsuite/hosts');
const { tbaAuthorizationHeader } = require('../../core/netsuite/tba');
const {
	suiteqlString,
	suiteqlIdList,
	suiteqlIdentifier,
	chunkIds,
} = require('../../core/netsuite/suiteql');
const { fakeClock, fetchTransport, tbaReply, INVALID_LOGIN_BODY } = require('./helpers');
const { savedSearchAnswer } = require('../support/shipped-restlet');
const { ssRow } = require('../trigger/helpers');

const HOSTS = netSuiteHosts('1234567_SB1');
const REST = HOSTS.restBaseUrl;
const RESTLET = HOSTS.restletBaseUrl;
const SUITEQL = '/services/rest/query/v1/suiteql';

function makeClient(options = {}) {
	const clock = options.clock || fakeClock();
	const log = [];
	const client = new NetSuiteClient({
		transport: options.transport || fetchTransport({ log }),
		clock,
		hosts: HOSTS,
		...options.clientOptions,
	});
	return { client, clock, log };
}

/** A fake SuiteQL server over `rows`, honouring limit/offset like NetSuite; records every request. */
function suiteqlServer(rows, requests, { scope = nock(REST), hasMoreLies = false } = {}) {
	return scope
		.post(SUITEQL)
		.query(true)
		.times(1000)
		.reply(function (uri, body) {
			const url = new URL(uri, REST);
			const limit = Number(url.searchParams.get('limit'));
			const offset = Number(url.searchParams.get('offset'));
			requests.push({ limit, offset, prefer: this.req.headers.prefer, q: body.q });
			const items = rows.slice(offset, offset + limit).map((r) => ({ links: [], ...r }));
			const hasMore = hasMoreLies ? true : offset + items.length < rows.length;
			return [
				200,
				{ links: [], count: items.length, hasMore, offset, totalResults: rows.length, items },
			];
		});
}

const makeRows = (n) =>
	Array.from({ length: n }, (_, i) => ({ id: String(i + 1), tranid: `IF${i + 1}` }));

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('SuiteQL paging', () => {
	test('walks several pages with limit/offset multiples and Prefer: transient, stopping on a short page', async () => {
		const requests = [];
		suiteqlServer(makeRows(7), requests);
		const { client } = makeClient();
		const result = await client.suiteql('SELECT id, tranid FROM transaction ORDER BY id', {
			pageSize: 3,
		});
		expect(result.rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
		expect(result.rows[0]).toEqual({ id: '1', tranid: 'IF1' });
		expect(result.complete).toBe(true);
		expect(result.totalResults).toBe(7);
		expect(requests.map((r) => [r.limit, r.offset])).toEqual([
			[3, 0],
			[3, 3],
			[3, 6],
		]);
		expect(requests.every((r) => r.prefer === 'transient' && r.q.startsWith('SELECT'))).toBe(true);
		expect(client.stats.suiteql.calls).toBe(3);
	});

	test('stops on a short page even when hasMore claims otherwise', async () => {
		const requests = [];
		suiteqlServer(makeRows(4), requests, { hasMoreLies: true });
		const { client } = makeClient();
		const result = await client.suiteql('SELECT id FROM transaction ORDER BY id', { pageSize: 3 });
		expect(result.rowCount).toBe(4);
		expect(requests).toHaveLength(2);
	});

	test('stops when hasMore is false on a full page', async () => {
		const requests = [];
		suiteqlServer(makeRows(6), requests);
		const { client } = makeClient();
		const result = await client.suiteql('SELECT id FROM transaction ORDER BY id', { pageSize: 3 });
		expect(result.rowCount).toBe(6);
		expect(requests).toHaveLength(2);
	});

	test('a deadline gives a partial result with a resume offset, and resuming completes it', async () => {
		const requests = [];
		suiteqlServer(makeRows(10), requests);
		const clock = fakeClock();
		const deadline = clock.now() + 2500;
		// Each page "takes" one second of fake time.
		const inner = fetchTransport();
		const transport = async (req) => {
			clock.advance(1000);
			return inner(req);
		};
		const { client } = makeClient({ clock, transport });
		const partial = await client.suiteql('SELECT id FROM transaction ORDER BY id', {
			pageSize: 3,
			deadline,
		});
		expect(partial.complete).toBe(false);
		expect(partial.stopReason).toBe('deadline');
		expect(partial.rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5', '6']);
		expect(partial.resumeOffset).toBe(6);

		const rest = await client.suiteql('SELECT id FROM transaction ORDER BY id', {
			pageSize: 3,
			offset: partial.resumeOffset,
		});
		expect(rest.complete).toBe(true);
		expect(rest.rows.map((r) => r.id)).toEqual(['7', '8', '9', '10']);
	});

	test('maxRows truncates, and a resume at a mid-page offset still asks for page-aligned offsets', async () => {
		const requests = [];
		suiteqlServer(makeRows(10), requests);
		const { client } = makeClient();
		const first = await client.suiteql('SELECT id FROM transaction ORDER BY id', {
			pageSize: 4,
			maxRows: 5,
		});
		expect(first.rows.map((r) => r.id)).toEqual(['1', '2', '3', '4', '5']);
		expect(first).toMatchObject({ complete: false, stopReason: 'maxRows', resumeOffset: 5 });
		const second = await client.suiteql('SELECT id FROM transaction ORDER BY id', {
			pageSize: 4,
			offset: first.resumeOffset,
		});
		expect(second.rows.map((r) => r.id)).toEqual(['6', '7', '8', '9', '10']);
		expect(requests.every((r) => r.offset % r.limit === 0)).toBe(true);
	});

	test('pages can be streamed with the async iterator or onPage without keeping rows', async () => {
		const requests = [];
		suiteqlServer(makeRows(5), requests);
		const { client } = makeClient();
		const seen = [];
		for await (const page of client.suiteqlPages('SELECT id FROM transaction ORDER BY id', {
			pageSize: 2,
		})) {
			seen.push(page.rows.map((r) => r.id).join(','));
		}
		expect(seen).toEqual(['1,2', '3,4', '5']);
		const streamed = [];
		const result = await client.suiteql('SELECT id FROM transaction ORDER BY id', {
			pageSize: 2,
			keepRows: false,
			onPage: (page) => streamed.push(page.offset),
		});
		expect(streamed).toEqual([0, 2, 4]);
		expect(result.rows).toEqual([]);
		expect(result.rowCount).toBe(5);
	});

	test('keyset paging walks past the offset cap with WHERE id > last and offset 0', async () => {
		const rows = makeRows(7).map((r) => ({ ...r, id: String(Number(r.id) * 10) }));
		const seenQueries = [];
		nock(REST)
			.post(SUITEQL)
			.query(true)
			.times(10)
			.reply((uri, body) => {
				const url = new URL(uri, REST);
				const limit = Number(url.searchParams.get('limit'));
				seenQueries.push({ q: body.q, offset: Number(url.searchParams.get('offset')) });
				const after = /id > (\d+)/.exec(body.q);
				const items = rows.filter((r) => !after || Number(r.id) > Number(after[1])).slice(0, limit);
				return [200, { items, hasMore: items.length === limit }];
			});
		const { client } = makeClient();
		const build = (afterId) =>
			`SELECT id, tranid FROM transaction ${afterId ? `WHERE id > ${afterId} ` : ''}ORDER BY id`;
		const result = await client.suiteqlKeyset(build, 'ID', { pageSize: 3 });
		expect(result.rows.map((r) => r.id)).toEqual(['10', '20', '30', '40', '50', '60', '70']);
		expect(result.complete).toBe(true);
		expect(seenQueries.map((s) => s.q)).toEqual([build(undefined), build('30'), build('60')]);
		expect(seenQueries.every((s) => s.offset === 0)).toBe(true);
	});

	test('keyset paging refuses a query whose ids do not increase (no endless loop)', async () => {
		nock(REST)
			.post(SUITEQL)
			.query(true)
			.reply(200, { items: [{ id: '5' }, { id: '3' }], hasMore: true });
		const { client } = makeClient();
		await expect(
			client.suiteqlKeyset(() => 'SELECT id FROM transaction', 'id', { pageSize: 2 }),
		).rejects.toThrow(/did not increase/);
	});
});

describe('retries', () => {
	test('429 three times then success: retried with growing backoff, no real waiting, Retry-After honoured', async () => {
		let n = 0;
		nock(REST)
			.post(SUITEQL)
			.query(true)
			.times(4)
			.reply(() => {
				n++;
				if (n === 3)
					return [
						429,
						{ 'o:errorDetails': [{ detail: 'Too many', 'o:errorCode': 'X' }] },
						{ 'Retry-After': '30' },
					];
				if (n < 4) return [429, { 'o:errorDetails': [{ detail: 'Too many', 'o:errorCode': 'X' }] }];
				return [200, { items: [{ id: '1' }], hasMore: false }];
			});
		const { client, clock } = makeClient({
			clientOptions: { retry: { baseDelayMs: 1000, maxDelayMs: 60000, jitter: 0.2 } },
		});
		const started = Date.now();
		const result = await client.suiteql('SELECT id FROM transaction ORDER BY id');
		expect(result.rows).toEqual([{ id: '1' }]);
		expect(clock.sleeps).toHaveLength(3);
		expect(clock.sleeps[1]).toBeGreaterThan(clock.sleeps[0]);
		expect(clock.sleeps[2]).toBeGreaterThanOrEqual(30000);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(client.stats.suiteql).toEqual({ calls: 4, retries: 3, failures: 0 });
	});

	test('RESTlet 400 SSS_REQUEST_LIMIT_EXCEEDED is retried', async () => {
		// A search ID with a space: the query string must carry it encoded.
		const searchId = 'customsearch_amz_if to send';
		const query = { script: '123', deploy: '1', searchId };
		const [status, page] = savedSearchAnswer([ssRow({ id: 9 })], query, { searchId });
		const scope = nock(RESTLET)
			.get('/app/site/hosting/restlet.nl')
			.query(query)
			.reply(400, {
				error: { code: 'SSS_REQUEST_LIMIT_EXCEEDED', message: 'Request limit exceeded' },
			})
			.get('/app/site/hosting/restlet.nl')
			.query(query)
			.reply(status, page);
		const { client, clock } = makeClient();
		const out = await client.restlet({ scriptId: 123, deployId: 1, qs: { searchId } });
		expect(out).toEqual(page);
		expect(out.rows.map((r) => r.id)).toEqual(['9']);
		expect(clock.sleeps).toHaveLength(1);
		expect(scope.isDone()).toBe(true);
	});

	test('gives up after the retry budget with an error naming the operation, code and attempts', async () => {
		nock(RESTLET)
			.post('/app/site/hosting/restlet.nl')
			.query(true)
			.times(3)
			.reply(400, {
				error: { code: 'SSS_REQUEST_LIMIT_EXCEEDED', message: 'Request limit exceeded' },
			});
		const { client, clock } = makeClient({ clientOptions: { retry: { maxAttempts: 3 } } });
		const error = await client
			.restlet({
				scriptId: 'customscript_amz',
				deployId: 'customdeploy_amz',
				method: 'POST',
				body: { a: 1 },
			})
			.catch((e) => e);
		expect(error.name).toBe('NetSuiteApiError');
		expect(error.code).toBe('SSS_REQUEST_LIMIT_EXCEEDED');
		expect(error.attempts).toBe(3);
		expect(error.message).toContain(
			'RESTlet call (script customscript_amz, deployment customdeploy_amz)',
		);
		expect(error.message).toContain('SSS_REQUEST_LIMIT_EXCEEDED');
		expect(error.message).toContain('after 3 attempts');
		expect(error.message).toMatch(/concurrency/i);
		expect(clock.sleeps).toHaveLength(2);
	});

	test('500 is retried for a SuiteQL read and a record PATCH (its body sets fixed values, so a repeat changes nothing), not for a RESTlet POST (the script may have acted twice) or a PATCH marked not idempotent; 401 is never retried', async () => {
		const unexpected = {
			'o:errorDetails': [{ detail: 'Unexpected error', 'o:errorCode': 'UNEXPECTED_ERROR' }],
		};
		const patched = [];
		nock(REST)
			.post(SUITEQL)
			.query(true)
			.reply(500, unexpected)
			.post(SUITEQL)
			.query(true)
			.reply(200, { items: [], hasMore: false })
			.patch('/services/rest/record/v1/salesOrder/77')
			.reply(500, unexpected)
			.patch('/services/rest/record/v1/salesOrder/77', (body) => patched.push(body))
			.reply(204, '', { Location: `${REST}/services/rest/record/v1/salesOrder/77` })
			.patch('/services/rest/record/v1/salesOrder/79')
			.reply(500, unexpected)
			.get('/services/rest/record/v1/salesOrder/78')
			.reply(401, INVALID_LOGIN_BODY);
		nock(RESTLET).post('/app/site/hosting/restlet.nl').query(true).reply(500, unexpected);
		const { client } = makeClient();
		await expect(client.suiteql('SELECT id FROM transaction ORDER BY id')).resolves.toMatchObject({
			complete: true,
		});
		const patch = await client.patchRecord('salesOrder', 77, { custbody_x: true });
		expect(patch.location).toContain('salesOrder/77');
		expect(patched).toEqual([{ custbody_x: true }]);
		expect(client.stats.patchRecord).toMatchObject({ calls: 2, retries: 1, failures: 0 });
		const notIdempotent = await client
			.patchRecord('salesOrder', 79, { custbody_x: true }, { idempotent: false })
			.catch((e) => e);
		expect(notIdempotent.statusCode).toBe(500);
		expect(notIdempotent.message).toContain('salesOrder 79');
		expect(client.stats.patchRecord.calls).toBe(3);
		const restletError = await client
			.restlet({ scriptId: 'customscript_amz', deployId: 'customdeploy_amz', method: 'POST' })
			.catch((e) => e);
		expect(restletError.statusCode).toBe(500);
		expect(client.stats.restlet.calls).toBe(1);
		const getError = await client.getRecord('salesOrder', '78').catch((e) => e);
		expect(getError.statusCode).toBe(401);
		expect(client.stats.getRecord.calls).toBe(1);
	});

	test('network errors are retried, then reported with the host', async () => {
		nock(REST)
			.get('/services/rest/record/v1/itemFulfillment/5')
			.times(2)
			.replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
		const { client, clock } = makeClient({ clientOptions: { retry: { maxAttempts: 2 } } });
		const error = await client.getRecord('itemFulfillment', 5).catch((e) => e);
		expect(error.name).toBe('NetSuiteApiError');
		expect(error.message).toContain('itemFulfillment 5');
		expect(error.message).toContain('1234567-sb1.suitetalk.api.netsuite.com');
		expect(clock.sleeps).toHaveLength(1);
	});
});

describe('concurrency', () => {
	test('20 parallel calls never exceed the cap', async () => {
		let active = 0;
		let peak = 0;
		const transport = async () => {
			active++;
			peak = Math.max(peak, active);
			await new Promise((resolve) => setImmediate(resolve));
			active--;
			return { statusCode: 200, headers: {}, body: { id: '1' } };
		};
		const { client } = makeClient({ transport, clientOptions: { concurrency: 3 } });
		await Promise.all(Array.from({ length: 20 }, (_, i) => client.getRecord('salesOrder', i + 1)));
		expect(peak).toBe(3);
		expect(client.peakConcurrency).toBe(3);
		expect(client.stats.getRecord.calls).toBe(20);
	});

	test('the default cap is 2', async () => {
		let active = 0;
		let peak = 0;
		const transport = async () => {
			active++;
			peak = Math.max(peak, active);
			await new Promise((resolve) => setImmediate(resolve));
			active--;
			return { statusCode: 200, headers: {}, body: {} };
		};
		const { client } = makeClient({ transport });
		await Promise.all(Array.from({ length: 20 }, (_, i) => client.getRecord('salesOrder', i + 1)));
		expect(peak).toBe(2);
	});
});

describe('records and errors', () => {
	test('PATCH 204: Location and X-NetSuite-PropertyValidation become a result with warnings', async () => {
		let sent;
		nock(REST)
			.patch('/services/rest/record/v1/itemFulfillment/456', (body) => {
				sent = body;
				return true;
			})
			.reply(204, '', {
				Location: `${REST}/services/rest/record/v1/itemFulfillment/456`,
				'X-NetSuite-PropertyValidation': 'custbody_amz_sent_typo, custbody_readonly',
			});
		const { client } = makeClient();
		const result = await client.patchRecord('itemFulfillment', '456', { custbody_amz_sent: true });
		expect(sent).toEqual({ custbody_amz_sent: true });
		expect(result).toEqual({
			location: `${REST}/services/rest/record/v1/itemFulfillment/456`,
			propertyValidation: ['custbody_amz_sent_typo', 'custbody_readonly'],
		});
	});

	test('GET record passes expandSubResources and fields', async () => {
		nock(REST)
			.get('/services/rest/record/v1/itemFulfillment/456')
			.query({ expandSubResources: 'true', fields: 'tranId,shipMethod' })
			.reply(200, { id: '456', tranId: 'IF9' });
		const { client } = makeClient();
		await expect(
			client.getRecord('itemFulfillment', 456, {
				expandSubResources: true,
				fields: ['tranId', 'shipMethod'],
			}),
		).resolves.toEqual({ id: '456', tranId: 'IF9' });
		await expect(client.getRecord('itemFulfillment', '45 OR 1=1')).rejects.toThrow(/internal ID/);
	});

	test('o:errorDetails: code, detail and field path reach the error', async () => {
		nock(REST)
			.patch('/services/rest/record/v1/salesOrder/12')
			.reply(400, {
				type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1',
				title: 'Bad Request',
				status: 400,
				'o:errorDetails': [
					{
						detail: 'Invalid value for the resource or sub-resource field custbody_amz_date.',
						'o:errorPath': 'custbody_amz_date',
						'o:errorCode': 'INVALID_VALUE',
					},
				],
			});
		const { client } = makeClient();
		const error = await client
			.patchRecord('salesOrder', 12, { custbody_amz_date: 'soon' })
			.catch((e) => e);
		expect(error).toMatchObject({
			statusCode: 400,
			code: 'INVALID_VALUE',
			errorPath: 'custbody_amz_date',
			record: 'salesOrder 12',
		});
		expect(error.message).toContain(
			'Invalid value for the resource or sub-resource field custbody_amz_date',
		);
		expect(error.message).toContain('Field: custbody_amz_date');
		expect(error.toJSON().details).toHaveLength(1);
	});

	test('INVALID_LOGIN explains where the real reason is and the usual causes', async () => {
		nock(REST).post(SUITEQL).query(true).reply(401, INVALID_LOGIN_BODY);
		const { client } = makeClient();
		const error = await client.suiteql('SELECT 1 FROM dual').catch((e) => e);
		expect(error.code).toBe('INVALID_LOGIN');
		expect(error.message).toContain('View Login Audit Trail');
		expect(error.message).toContain('1234567_SB1');
		expect(error.message).toMatch(/REST Web Services/);
		expect(error.message).toMatch(/Token-based Authentication/);
	});

	test('a RESTlet SuiteScript error (JSON inside the message) is unpacked', async () => {
		nock(RESTLET)
			.get('/app/site/hosting/restlet.nl')
			.query(true)
			.reply(400, {
				error: {
					code: 'SSS_MISSING_REQD_ARGUMENT',
					message:
						'{"type":"error.SuiteScriptError","name":"SSS_MISSING_REQD_ARGUMENT","message":"search.load: Missing a required argument: id"}',
				},
			});
		const { client, clock } = makeClient();
		const error = await client.restlet({ scriptId: 1, deployId: 1 }).catch((e) => e);
		expect(error.code).toBe('SSS_MISSING_REQD_ARGUMENT');
		expect(error.message).toContain('Missing a required argument: id');
		expect(clock.sleeps).toHaveLength(0);
	});

	test('secrets never appear in any thrown error, with TBA signing every attempt', async () => {
		const secrets = {
			accountId: '1234567_SB1',
			consumerKey: 'ck-1',
			consumerSecret: 'CONSUMER-SECRET-zz9',
			tokenId: 'tok-1',
			tokenSecret: 'TOKEN-SECRET-yy8',
		};
		const seen = [];
		const expected = {
			realm: '1234567_SB1',
			consumerKey: 'ck-1',
			tokenId: 'tok-1',
			consumerSecret: 'wrong',
			tokenSecret: 'wrong',
		};
		nock(REST)
			.post(SUITEQL)
			.query(true)
			.reply(tbaReply(REST, expected, seen));
		nock(REST)
			.patch('/services/rest/record/v1/salesOrder/1')
			.times(2)
			.reply(503, 'Service Unavailable');
		nock(REST).get('/services/rest/record/v1/salesOrder/2').replyWithError({
			code: 'ECONNREFUSED',
			message: 'connect refused Authorization: OAuth oauth_signature="abc"',
		});
		const transport = fetchTransport({ authorize: (req) => tbaAuthorizationHeader(req, secrets) });
		const { client } = makeClient({ transport, clientOptions: { retry: { maxAttempts: 2 } } });
		const errors = [
			await client.suiteql('SELECT 1 FROM dual').catch((e) => e),
			await client.patchRecord('salesOrder', 1, { x: 1 }).catch((e) => e),
			await client.getRecord('salesOrder', 2).catch((e) => e),
		];
		expect(errors.every((e) => e instanceof Error)).toBe(true);
		for (const e of errors) {
			const text = `${e.message} ${e.stack} ${JSON.stringify(e)} ${e.body ?? ''}`;
			for (const secret of ['CONSUMER-SECRET-zz9', 'TOKEN-SECRET-yy8', 'oauth_signature="abc"']) {
				expect(text).not.toContain(secret);
			}
		}
	});
});

describe('SuiteQL value helpers', () => {
	test('string literals double quotes; identifiers and ID lists are validated', () => {
		expect(suiteqlString("O'Brien")).toBe("'O''Brien'");
		expect(suiteqlIdentifier('CUSTBODY_AMZ_SENT')).toBe('custbody_amz_sent');
		expect(() => suiteqlIdentifier('custbody_x; DROP')).toThrow(/not a valid NetSuite field ID/);
		expect(suiteqlIdList(['1', 22, ' 333 '])).toBe('1, 22, 333');
		expect(() => suiteqlIdList(['1', '2) OR (1=1'])).toThrow(
			/"2\) OR \(1=1" is not a NetSuite internal ID/,
		);
		expect(() => suiteqlIdList([])).toThrow(/empty/);
		const many = Array.from({ length: 2500 }, (_, i) => i + 1);
		expect(() => suiteqlIdList(many)).toThrow(/at most 1000/);
		expect(chunkIds(many).map((c) => c.length)).toEqual([1000, 1000, 500]);
	});
});

describe('a 200 that is not the JSON expected is an error, never "no rows"', () => {
	const HTML =
		'<!DOCTYPE html><html><head><title>Maintenance</title></head><body>back soon</body></html>';
	const PAGE = JSON.stringify({ links: [], count: 1, hasMore: false, items: [{ id: '1201' }] });
	const answers = {
		'an HTML page': [200, HTML, { 'Content-Type': 'text/html' }],
		'truncated JSON': [200, PAGE.slice(0, 40), { 'Content-Type': 'application/json' }],
		'an object without items': [200, { links: [], count: 0, hasMore: false }],
		'items without hasMore': [200, { links: [], items: [] }],
		'an empty body': [200, ''],
	};
	test.each(Object.keys(answers))('SuiteQL page: %s', async (name) => {
		nock(REST)
			.post(SUITEQL)
			.query(true)
			.reply(...answers[name]);
		const { client } = makeClient();
		const error = await client.suiteql('SELECT id FROM transaction ORDER BY id').catch((e) => e);
		expect(error).toBeInstanceOf(Error);
		expect(error.code).toBe('UNEXPECTED_RESPONSE');
		expect(error.message).toMatch(/^NetSuite SuiteQL query \(rows 1–1000\) failed \[HTTP 200/);
		expect(error.message).toContain('instead of a SuiteQL page');
		// Says what came back, not the content itself.
		expect(error.message).not.toContain('back soon');
		expect(error.message).not.toContain('1201');
		if (name === 'an HTML page')
			expect(error.message).toContain('an HTML page titled "Maintenance"');
		if (name === 'truncated JSON') expect(error.message).toContain('JSON that does not parse');
		if (name === 'an object without items')
			expect(error.message).toContain('a JSON object with only "links", "count", "hasMore"');
	});

	test('RESTlet answering an HTML page, and a record read answering one', async () => {
		nock(RESTLET)
			.get('/app/site/hosting/restlet.nl')
			.query(true)
			.reply(200, HTML, { 'Content-Type': 'text/html' });
		nock(REST)
			.get('/services/rest/record/v1/salesOrder/501')
			.reply(200, HTML, { 'Content-Type': 'text/html' });
		const { client } = makeClient();
		const restlet = await client
			.restlet({ scriptId: 'customscript_x', deployId: 'customdeploy_x', record: 'saved search 1' })
			.catch((e) => e);
		expect(restlet.code).toBe('UNEXPECTED_RESPONSE');
		expect(restlet.message).toMatch(
			/RESTlet call \(script customscript_x, deployment customdeploy_x\) \(saved search 1\).*an HTML page/,
		);
		const record = await client.getRecord('salesOrder', '501').catch((e) => e);
		expect(record.code).toBe('UNEXPECTED_RESPONSE');
		expect(record.message).toMatch(/record read \(salesOrder 501\).*an HTML page/);
	});
});
