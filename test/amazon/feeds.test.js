const nock = require('nock');
const zlib = require('node:zlib');
const { NA, S3, SECRETS, makeClient, expectNoSecrets } = require('./helpers');

const XML_TYPE = 'text/xml; charset=UTF-8';
const FEED_XML =
	'<?xml version="1.0" encoding="UTF-8"?><AmazonEnvelope><Message><MessageID>1</MessageID></Message></AmazonEnvelope>';
const REPORT =
	'<?xml version="1.0"?><AmazonEnvelope><Message><MessageID>1</MessageID><ProcessingReport><StatusCode>Complete</StatusCode><ProcessingSummary><MessagesProcessed>2</MessagesProcessed><MessagesSuccessful>1</MessagesSuccessful><MessagesWithError>1</MessagesWithError></ProcessingSummary><Result><MessageID>2</MessageID><ResultDescription>Tracking für Straße</ResultDescription></Result></ProcessingReport></Message></AmazonEnvelope>';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('feed submission', () => {
	test('createFeedDocument → PUT with the exact Content-Type and no token → createFeed with one marketplace', async () => {
		const { client } = makeClient({ region: 'NA' });
		let docRequest;
		let feedRequest;
		let put;
		const api = nock(NA)
			.post('/feeds/2021-06-30/documents', (body) => {
				docRequest = body;
				return true;
			})
			.matchHeader('x-amz-access-token', SECRETS.accessToken)
			.reply(201, { feedDocumentId: 'amzn1.tortuga.doc1', url: `${S3}/doc1?X-Amz-Signature=abc` })
			.post('/feeds/2021-06-30/feeds', (body) => {
				feedRequest = body;
				return true;
			})
			.reply(202, { feedId: '50001' });
		const s3 = nock(S3)
			.put('/doc1')
			.query({ 'X-Amz-Signature': 'abc' })
			.reply(function (uri, body) {
				put = { headers: this.req.headers, body };
				return [200, ''];
			});

		const result = await client.submitFeed({
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceId: 'ATVPDKIKX0DER',
			contentType: XML_TYPE,
			document: FEED_XML,
		});

		expect(result).toEqual({ feedId: '50001', feedDocumentId: 'amzn1.tortuga.doc1' });
		expect(docRequest).toEqual({ contentType: XML_TYPE });
		expect(put.headers['content-type']).toBe(XML_TYPE);
		expect(put.headers['x-amz-access-token']).toBeUndefined();
		expect(put.headers.authorization).toBeUndefined();
		expect(put.body).toBe(FEED_XML);
		expect(feedRequest).toEqual({
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceIds: ['ATVPDKIKX0DER'],
			inputFeedDocumentId: 'amzn1.tortuga.doc1',
		});
		expect(api.isDone() && s3.isDone()).toBe(true);
		expect(client.stats.createFeed.requests).toBe(1);
		expect(client.stats.uploadFeedDocument.requests).toBe(1);
	});

	test('a Latin-1 content type uploads Latin-1 bytes, not UTF-8', async () => {
		const { fetchTransport } = require('./helpers');
		const s3 = fetchTransport();
		const sent = [];
		const { client } = makeClient({
			presignedTransport: async (req) => {
				sent.push(Buffer.from(req.body));
				return s3(req);
			},
		});
		let received;
		nock(S3)
			.put('/latin')
			.reply(function () {
				received = this.req.headers['content-type'];
				return [200, ''];
			});
		await client.uploadFeedDocument(
			`${S3}/latin`,
			'text/tab-separated-values; charset=iso-8859-1',
			'Straße',
		);
		expect(received).toBe('text/tab-separated-values; charset=iso-8859-1');
		expect(sent[0]).toEqual(Buffer.from([0x53, 0x74, 0x72, 0x61, 0xdf, 0x65]));
	});

	test('createFeed failing after the upload reports the reusable feedDocumentId', async () => {
		const { client } = makeClient();
		nock(NA)
			.post('/feeds/2021-06-30/documents')
			.reply(201, { feedDocumentId: 'doc-keep', url: `${S3}/keep` })
			.post('/feeds/2021-06-30/feeds')
			.reply(
				400,
				{ errors: [{ code: 'InvalidInput', message: 'Invalid feed type' }] },
				{ 'x-amzn-RequestId': 'req-400' },
			);
		nock(S3).put('/keep').reply(200, '');

		const error = await client
			.submitFeed({
				feedType: 'POST_ORDER_FULFILLMENT_DATA',
				marketplaceId: 'ATVPDKIKX0DER',
				contentType: XML_TYPE,
				document: FEED_XML,
			})
			.catch((e) => e);
		expect(error.name).toBe('AmazonApiError');
		expect(error.feedDocumentId).toBe('doc-keep');
		expect(error.code).toBe('InvalidInput');
		expect(error.httpStatus).toBe(400);
		expect(error.requestId).toBe('req-400');
		expect(error.message).toContain('doc-keep');
		expect(error.message).toContain('2 days');
		expect(client.stats.createFeed.requests).toBe(1); // a 400 is not retried
		expectNoSecrets(error.message);
	});

	test('a feed for several marketplaces, or for another region, is refused before anything is sent', async () => {
		const { client, apiLog } = makeClient({ region: 'NA' });
		await expect(
			client.createFeed({
				feedType: 'POST_ORDER_FULFILLMENT_DATA',
				marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
				inputFeedDocumentId: 'd',
			}),
		).rejects.toThrow(/exactly one marketplace/);
		await expect(
			client.submitFeed({
				feedType: 'POST_ORDER_FULFILLMENT_DATA',
				marketplaceId: 'A1PA6795UKMFR9',
				contentType: XML_TYPE,
				document: FEED_XML,
			}),
		).rejects.toThrow(/Germany\) belongs to Amazon region EU.*set to region NA/);
		expect(apiLog).toHaveLength(0);
	});
});

describe('feed status and result documents', () => {
	test('getFeed returns the feed as Amazon reports it', async () => {
		const { client } = makeClient();
		const feed = {
			feedId: '50001',
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceIds: ['ATVPDKIKX0DER'],
			createdTime: '2026-11-27T10:00:00Z',
			processingStatus: 'DONE',
			processingStartTime: '2026-11-27T10:01:00Z',
			processingEndTime: '2026-11-27T10:05:00Z',
			resultFeedDocumentId: 'result-1',
		};
		nock(NA).get('/feeds/2021-06-30/feeds/50001').reply(200, feed);
		await expect(client.getFeed('50001')).resolves.toEqual(feed);
	});

	test('GZIP result: getFeedDocument then download gunzips and decodes UTF-8', async () => {
		const { client, s3Log } = makeClient();
		nock(NA)
			.get('/feeds/2021-06-30/documents/result-1')
			.reply(200, {
				feedDocumentId: 'result-1',
				url: `${S3}/result-1`,
				compressionAlgorithm: 'GZIP',
			});
		nock(S3)
			.get('/result-1')
			.reply(200, zlib.gzipSync(Buffer.from(REPORT, 'utf8')), { 'Content-Type': 'text/xml' });

		const doc = await client.getFeedDocument('result-1');
		expect(doc.compressionAlgorithm).toBe('GZIP');
		const text = await client.downloadFeedDocument(doc);
		expect(text).toBe(REPORT);
		expect(s3Log[0].headers['x-amz-access-token']).toBeUndefined();
	});

	test('plain result, and enableContentEncodingUrlHeader only when asked', async () => {
		const { client } = makeClient();
		nock(NA)
			.get('/feeds/2021-06-30/documents/result-2')
			.query({ enableContentEncodingUrlHeader: 'true' })
			.reply(200, { feedDocumentId: 'result-2', url: `${S3}/result-2` })
			.get('/feeds/2021-06-30/documents/result-3')
			.reply(200, { feedDocumentId: 'result-3', url: `${S3}/result-3` });
		nock(S3)
			.get('/result-2')
			.reply(200, Buffer.from(REPORT, 'utf8'), { 'Content-Type': 'text/xml; charset=UTF-8' });

		const doc = await client.getFeedDocument('result-2', { enableContentEncodingUrlHeader: true });
		expect(doc.compressionAlgorithm).toBeUndefined();
		await expect(client.downloadFeedDocument(doc)).resolves.toBe(REPORT);
		await expect(client.getFeedDocument('result-3')).resolves.toEqual({
			feedDocumentId: 'result-3',
			url: `${S3}/result-3`,
		});
	});

	test('gzip bytes are unpacked even when the flag is missing; an already-decoded GZIP body is left alone', async () => {
		const { client } = makeClient();
		nock(S3)
			.get('/unflagged')
			.reply(200, zlib.gzipSync(Buffer.from('a\tb\n', 'utf8')))
			.get('/decoded')
			.reply(200, zlib.gzipSync(Buffer.from('c\td\n', 'utf8')), { 'Content-Encoding': 'gzip' });
		await expect(client.downloadFeedDocument({ url: `${S3}/unflagged` })).resolves.toBe('a\tb\n');
		// fetch honours Content-Encoding itself, so the bytes arrive unpacked despite the GZIP flag.
		await expect(
			client.downloadFeedDocument({ url: `${S3}/decoded`, compressionAlgorithm: 'GZIP' }),
		).resolves.toBe('c\td\n');
	});

	test('a Latin-1 charset in the response Content-Type is honoured', async () => {
		const { client } = makeClient();
		nock(S3)
			.get('/latin1')
			.reply(200, Buffer.from('Fehler: Straße', 'latin1'), {
				'Content-Type': 'text/plain; charset=ISO-8859-1',
			})
			.get('/cp1252')
			.reply(200, Buffer.from([0x80, 0x20, 0x35]), {
				'Content-Type': 'text/plain;charset=windows-1252',
			});
		await expect(client.downloadFeedDocument({ url: `${S3}/latin1` })).resolves.toBe(
			'Fehler: Straße',
		);
		await expect(client.downloadFeedDocument({ url: `${S3}/cp1252` })).resolves.toBe('€ 5');
	});

	test('cancelFeed sends DELETE; an error keeps Amazon code and message', async () => {
		const { client } = makeClient();
		nock(NA)
			.delete('/feeds/2021-06-30/feeds/50001')
			.reply(200, {})
			.delete('/feeds/2021-06-30/feeds/50002')
			.reply(400, {
				errors: [
					{
						code: 'InvalidInput',
						message: 'Feed is not in IN_QUEUE status',
						details: 'IN_PROGRESS',
					},
				],
			});
		await expect(client.cancelFeed('50001')).resolves.toBeUndefined();
		const error = await client.cancelFeed('50002').catch((e) => e);
		expect(error).toMatchObject({
			code: 'InvalidInput',
			amazonMessage: 'Feed is not in IN_QUEUE status',
			details: 'IN_PROGRESS',
			httpStatus: 400,
			operation: 'cancelFeed',
		});
	});
});
