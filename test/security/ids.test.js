'use strict';

/**
 * IDs from answers are put into URL paths only in their real shape (issue 16): a feed ID of `..`
 * would change the path that is called (encodeURIComponent keeps dots). Feed IDs are digits,
 * document IDs Amazon's alphabet, order IDs 3-7-7; anything else is refused before any call.
 */
const { AmazonClient } = require('../../core/amazon/client');

const BASE = 'https://sellingpartnerapi-na.amazon.com';
const clock = { now: () => Date.now(), random: () => 0.5, sleep: async () => {} };

/** A client whose server answers from `routes` ("METHOD /path" → body) and records every call. */
function setup(routes) {
	const calls = [];
	const transport = async (request) => {
		const path = new URL(request.url).pathname;
		calls.push(`${request.method} ${path}`);
		const key = Object.keys(routes).find((k) => k === `${request.method} ${path}`);
		if (!key)
			return {
				statusCode: 404,
				headers: {},
				body: { errors: [{ code: 'NotFound', message: path }] },
			};
		return { statusCode: 200, headers: {}, body: routes[key] };
	};
	const client = new AmazonClient({
		transport,
		presignedTransport: transport,
		clock,
		baseUrl: BASE,
		retry: { maxAttempts: 1 },
	});
	return { client, calls };
}

const FEEDS = '/feeds/2021-06-30';
const submit = (client) =>
	client.submitFeed({
		feedType: 'POST_ORDER_FULFILLMENT_DATA',
		marketplaceId: 'ATVPDKIKX0DER',
		contentType: 'text/xml; charset=UTF-8',
		document: '<x/>',
	});

test.each(['..', '../documents', '50001/../../x', '5e3', ' '])(
	'createFeed answering feed ID %j: refused, not handed on',
	async (feedId) => {
		const { client } = setup({
			[`POST ${FEEDS}/documents`]: {
				feedDocumentId: 'amzn1.tortuga.4.na.abc-1',
				url: 'https://s3.example/up',
			},
			'PUT /up': '',
			[`POST ${FEEDS}/feeds`]: { feedId },
		});
		const error = await submit(client).catch((e) => e);
		expect(error).toBeInstanceOf(Error);
		if (feedId.trim()) expect(error.message).toMatch(/feed ID .* is not a number/);
	},
);

test('getFeed with a feed ID that is not digits calls nothing', async () => {
	const { client, calls } = setup({});
	for (const id of ['..', '../feeds', '123/../456', 'F1']) {
		const error = await client.getFeed(id).catch((e) => e);
		expect(error.name).toBe('AmazonInputError');
		expect(error.message).toContain('digits only');
	}
	await expect(client.cancelFeed('..')).rejects.toThrow(/digits only/);
	expect(calls).toEqual([]);
});

test('a resultFeedDocumentId that is no document ID is refused where it arrives', async () => {
	for (const bad of ['..', '../feeds/50001', 'a/b', '%2e%2e', '.hidden']) {
		const { client, calls } = setup({
			[`GET ${FEEDS}/feeds/50001`]: {
				feedId: '50001',
				processingStatus: 'DONE',
				resultFeedDocumentId: bad,
			},
		});
		const error = await client.getFeed('50001').catch((e) => e);
		expect(error.code).toBe('UnexpectedResponse');
		expect(error.message).toContain('not an Amazon document ID');
		expect(calls).toEqual([`GET ${FEEDS}/feeds/50001`]);
	}
});

test('real document IDs pass: Amazon and sandbox forms', async () => {
	for (const good of [
		'amzn1.tortuga.4.na.0f1e2d3c-aaaa-bbbb-cccc-0123456789ab.T3YUVYPGKE9BMY',
		'3d4e42b5-1d6e-44e8-a89c-2abfca0625bb',
	]) {
		const { client } = setup({
			[`GET ${FEEDS}/feeds/50001`]: { processingStatus: 'DONE', resultFeedDocumentId: good },
			[`GET ${FEEDS}/documents/${good}`]: { feedDocumentId: good, url: 'https://s3.example/r' },
		});
		const feed = await client.getFeed('50001');
		expect(feed.resultFeedDocumentId).toBe(good);
		expect((await client.getFeedDocument(good)).url).toBe('https://s3.example/r');
	}
});

test('a createFeedDocument answer with a bad document ID or a non-http URL is refused before upload', async () => {
	for (const answer of [
		{ feedDocumentId: '../../x', url: 'https://s3.example/up' },
		{ feedDocumentId: 'amzn1.tortuga.4.na.ok', url: 'file:///etc/passwd' },
	]) {
		const { client, calls } = setup({ [`POST ${FEEDS}/documents`]: answer });
		const error = await submit(client).catch((e) => e);
		expect(error.code).toBe('UnexpectedResponse');
		expect(calls).toEqual([`POST ${FEEDS}/documents`]);
	}
});

test('order IDs going into Orders API paths must be 3-7-7 letters and digits', async () => {
	const { client, calls } = setup({});
	for (const id of [
		'../orders/114-1234567-1234567',
		'114-1234567-123456.',
		'114-12345é7-1234567',
		'114/1234567/1234567',
	]) {
		await expect(client.getOrder(id)).rejects.toThrow(/not in Amazon's format/);
		await expect(
			client.confirmShipment(id, { marketplaceId: 'ATVPDKIKX0DER', packageDetail: {} }),
		).rejects.toThrow(/not in Amazon's format/);
	}
	expect(calls).toEqual([]);
});

test('NetSuite record IDs from answers (sales order, fulfillment) go into paths only as digits or eid:', async () => {
	const { NetSuiteClient } = require('../../core/netsuite/client');
	const { netSuiteHosts } = require('../../core/netsuite/hosts');
	const calls = [];
	const ns = new NetSuiteClient({
		transport: async (request) => {
			calls.push(request.url);
			return { statusCode: 204, headers: {}, body: '' };
		},
		clock,
		hosts: netSuiteHosts('1234567'),
	});
	for (const id of ['..', '501/../../customer/7', '501?x=1', '%2e%2e']) {
		await expect(ns.patchRecord('salesOrder', id, { memo: 'x' })).rejects.toThrow(/is not valid/);
		await expect(ns.getRecord('itemFulfillment', id)).rejects.toThrow(/is not valid/);
	}
	expect(calls).toEqual([]);
});
