'use strict';

const zlib = require('node:zlib');
const { createAmazonEmulator } = require('../../emulators/amazon');
const {
	createTestClient,
	parseProcessingReport,
	parseFlatReport,
	fulfillmentXml,
} = require('../../emulators/amazon/testkit');

const O1 = '114-1000001-1000001';
const O2 = '114-1000002-1000002';
const CANCELED = '114-1000003-1000003';
const CA_ORDER = '114-1000004-1000004';
const SEED = {
	marketplaceId: 'ATVPDKIKX0DER',
	amazonOrders: [
		{
			amazonOrderId: O1,
			orderStatus: 'Unshipped',
			items: [
				{
					orderItemId: '11111111111111',
					sellerSku: 'WIDGET-1',
					asin: 'B000000001',
					quantityOrdered: 2,
					quantityShipped: 0,
				},
				{
					orderItemId: '11111111111112',
					sellerSku: 'GADGET-1',
					asin: 'B000000002',
					quantityOrdered: 1,
					quantityShipped: 0,
				},
			],
		},
		{
			amazonOrderId: O2,
			orderStatus: 'Unshipped',
			items: [
				{
					orderItemId: '22222222222221',
					sellerSku: 'WIDGET-1',
					quantityOrdered: 3,
					quantityShipped: 0,
				},
			],
		},
		{
			amazonOrderId: CANCELED,
			orderStatus: 'Canceled',
			items: [{ orderItemId: '33333333333331', quantityOrdered: 1, quantityShipped: 0 }],
		},
		{
			amazonOrderId: CA_ORDER,
			marketplaceId: 'A2EUQ1WTGCTBG2',
			items: [{ orderItemId: '44444444444441', quantityOrdered: 1, quantityShipped: 0 }],
		},
	],
};
const UPS = '1Z999AA10123456784';

async function start(options = {}) {
	const emu = createAmazonEmulator({
		seed: SEED,
		rateLimits: false,
		feedDelays: { inQueueMs: 0, inProgressMs: 0 },
		...options,
	});
	const { url } = await emu.listen();
	return { emu, client: createTestClient(url) };
}

async function runFeed(emu, client, content, opts) {
	const sub = await client.submitFeed(content, opts);
	await emu.waitForFeeds();
	return { ...sub, ...(await client.downloadReport(sub.feedId)) };
}

describe('Amazon emulator: feeds', () => {
	let emu;
	let client;
	afterEach(() => emu && emu.close());

	test('happy path: statuses move IN_QUEUE → IN_PROGRESS → DONE, gzip report, order updated', async () => {
		({ emu, client } = await start({ feedDelays: { inQueueMs: 60, inProgressMs: 60 } }));
		const xml = fulfillmentXml([
			{
				orderId: O1,
				carrierCode: 'UPS',
				shippingMethod: 'Ground',
				tracking: UPS,
				items: [{ id: '11111111111111', qty: 1 }],
			},
			{
				orderId: O1,
				carrierCode: 'UPS',
				tracking: '1Z999AA10123456795',
				items: [
					{ id: '11111111111111', qty: 1 },
					{ id: '11111111111112', qty: 1 },
				],
			},
		]);
		const { feedId } = await client.submitFeed(xml);
		expect(feedId).toMatch(/^\d+$/);
		const seen = [];
		let feed;
		for (let i = 0; i < 400; i++) {
			feed = (await client.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`)).body;
			if (seen[seen.length - 1] !== feed.processingStatus) seen.push(feed.processingStatus);
			if (feed.processingStatus === 'DONE') break;
			await new Promise((r) => setTimeout(r, 5));
		}
		expect(seen).toEqual(['IN_QUEUE', 'IN_PROGRESS', 'DONE']);
		expect(feed).toMatchObject({
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceIds: ['ATVPDKIKX0DER'],
		});
		expect(feed.resultFeedDocumentId).toBeTruthy();

		const doc = await client.sp(
			'GET',
			`/feeds/2021-06-30/documents/${encodeURIComponent(feed.resultFeedDocumentId)}`,
		);
		expect(doc.body.compressionAlgorithm).toBe('GZIP');
		const raw = Buffer.from(await (await fetch(doc.body.url)).arrayBuffer());
		expect(raw[0]).toBe(0x1f); // gzip magic: the client must gunzip
		const report = parseProcessingReport(zlib.gunzipSync(raw).toString('utf8'));
		expect(report.documentTransactionId).toBe(feedId);
		expect(report.statusCode).toBe('Complete');
		expect(report.summary).toEqual({
			MessagesProcessed: 2,
			MessagesSuccessful: 2,
			MessagesWithError: 0,
			MessagesWithWarning: 0,
		});
		expect(report.results).toEqual([]);

		const order = emu.inspect().orders[O1];
		expect(order.orderStatus).toBe('Shipped');
		expect(order.items.map((i) => i.quantityShipped)).toEqual([2, 1]);
		expect(order.packages).toHaveLength(2);
		expect(order.packages[0]).toMatchObject({
			trackingNumber: UPS,
			carrierCode: 'UPS',
			shippingMethod: 'Ground',
			via: 'feed',
			feedId,
			messageId: 1,
			confirmations: 1,
			items: [{ orderItemId: '11111111111111', quantity: 1 }],
		});
		expect(emu.feedDocument(feedId)).toBe(xml);
		expect(emu.report(feedId)).toContain('<StatusCode>Complete</StatusCode>');
	});

	test('a mix of good and bad messages: each bad one reported by MessageID, none of them changes state', async () => {
		({ emu, client } = await start());
		const messages = [
			{ orderId: O1, carrierCode: 'UPS', tracking: UPS, items: [{ id: '11111111111111', qty: 1 }] }, // 1 ok
			{
				orderId: '114-9999999-9999999',
				carrierCode: 'UPS',
				tracking: '1Z999AA10123456701',
				items: [{ id: '11111111111111', qty: 1 }],
			}, // 2 unknown order
			{
				orderId: O2,
				carrierCode: 'UPS',
				tracking: '1Z999AA10123456702',
				items: [{ id: '11111111111111', qty: 1 }],
			}, // 3 item not on order
			{
				orderId: O2,
				carrierCode: 'UPS',
				tracking: '1Z999AA10123456703',
				items: [{ id: '22222222222221', qty: 4 }],
			}, // 4 qty > left
			{
				orderId: O2,
				carrierCode: 'FEDEX',
				tracking: '123456789012',
				items: [{ id: '22222222222221', qty: 1 }],
			}, // 5 wrong case
			{
				orderId: O2,
				carrierCode: 'Acme Freight',
				tracking: 'ACME1',
				items: [{ id: '22222222222221', qty: 1 }],
			}, // 6 not on list
			{
				orderId: O2,
				carrierCode: 'Other',
				tracking: 'ACME2',
				items: [{ id: '22222222222221', qty: 1 }],
			}, // 7 Other w/o name
			{ orderId: O2, carrierCode: 'UPS', items: [{ id: '22222222222221', qty: 1 }] }, // 8 no tracking
			{
				orderId: O2,
				carrierCode: 'UPS',
				tracking: 'NOT-A-UPS-NUMBER',
				items: [{ id: '22222222222221', qty: 1 }],
			}, // 9 warning only
			{
				orderId: CANCELED,
				carrierCode: 'UPS',
				tracking: '1Z999AA10123456704',
				items: [{ id: '33333333333331', qty: 1 }],
			}, // 10 canceled
			{
				orderId: CA_ORDER,
				carrierCode: 'UPS',
				tracking: '1Z999AA10123456705',
				items: [{ id: '44444444444441', qty: 1 }],
			}, // 11 other marketplace
			{
				orderId: O2,
				carrierCode: 'Other',
				carrierName: 'Acme Freight',
				tracking: 'ACME3',
				items: [{ id: '22222222222221', qty: 1 }],
			}, // 12 ok
		];
		const before = emu.inspect().orders;
		const { text } = await runFeed(emu, client, fulfillmentXml(messages));
		const report = parseProcessingReport(text);
		expect(report.summary).toEqual({
			MessagesProcessed: 12,
			MessagesSuccessful: 3,
			MessagesWithError: 9,
			MessagesWithWarning: 1,
		});
		const byId = (id) => report.results.filter((r) => r.messageId === id);
		expect(byId(1)).toEqual([]);
		expect(byId(12)).toEqual([]);
		expect(byId(2)).toEqual([
			expect.objectContaining({
				resultCode: 'Error',
				code: 18028,
				amazonOrderId: '114-9999999-9999999',
			}),
		]);
		expect(byId(2)[0].description).toMatch(
			/Your order cannot be found using Merchant ID A1EXAMPLESELLER/,
		);
		expect(byId(3)[0]).toMatchObject({ resultCode: 'Error', code: 99002, amazonOrderId: O2 });
		expect(byId(4)[0]).toMatchObject({ resultCode: 'Error', code: 99003 });
		expect(byId(4)[0].description).toMatch(/exceeds the quantity left to ship \(3\)/);
		expect(byId(5)[0]).toMatchObject({ resultCode: 'Error', code: 5004 });
		expect(byId(5)[0].description).toMatch(
			/^The carrier-code field contains an invalid value: FEDEX/,
		);
		expect(byId(6)[0]).toMatchObject({ resultCode: 'Error', code: 5004 });
		expect(byId(7)[0]).toMatchObject({ resultCode: 'Error', code: 99005 });
		expect(byId(8)[0]).toMatchObject({ resultCode: 'Error', code: 99006 });
		expect(byId(9)).toEqual([expect.objectContaining({ resultCode: 'Warning', code: 99101 })]);
		expect(byId(9)[0].description).toMatch(
			/The tracking ID NOT-A-UPS-NUMBER for UPS does not match the expected format/,
		);
		expect(byId(10)[0]).toMatchObject({ resultCode: 'Error', code: 99001 });
		expect(byId(11)[0]).toMatchObject({ resultCode: 'Error', code: 18028 });

		const after = emu.inspect().orders;
		expect(after[O1].items[0].quantityShipped).toBe(1);
		// Only the warned message (9) and message 12 landed on O2: 1 + 1 units, two packages.
		expect(after[O2].items[0].quantityShipped).toBe(2);
		expect(after[O2].packages.map((p) => p.trackingNumber)).toEqual(['NOT-A-UPS-NUMBER', 'ACME3']);
		expect(after[O2].packages[1]).toMatchObject({
			carrierCode: 'Other',
			carrierName: 'Acme Freight',
		});
		expect(after[CANCELED]).toEqual(before[CANCELED]);
		expect(after[CA_ORDER]).toEqual(before[CA_ORDER]);
	});

	test('the same package sent twice (same tracking) is updated, not duplicated', async () => {
		({ emu, client } = await start());
		const msg = {
			orderId: O2,
			carrierCode: 'UPS',
			shippingMethod: 'Ground',
			tracking: UPS,
			items: [{ id: '22222222222221', qty: 2 }],
		};
		const first = parseProcessingReport((await runFeed(emu, client, fulfillmentXml([msg]))).text);
		expect(first.summary.MessagesSuccessful).toBe(1);
		const second = parseProcessingReport(
			(await runFeed(emu, client, fulfillmentXml([{ ...msg, shippingMethod: '2nd Day Air' }])))
				.text,
		);
		expect(second.summary).toMatchObject({ MessagesSuccessful: 1, MessagesWithError: 0 });
		const order = emu.inspect().orders[O2];
		expect(order.packages).toHaveLength(1);
		expect(order.packages[0]).toMatchObject({
			confirmations: 2,
			shippingMethod: '2nd Day Air',
			items: [{ orderItemId: '22222222222221', quantity: 2 }],
		});
		expect(order.items[0].quantityShipped).toBe(2);
		expect(order.orderStatus).toBe('PartiallyShipped');
		// A new tracking number for the remaining unit is a second package; a third would exceed the order.
		const third = parseProcessingReport(
			(
				await runFeed(
					emu,
					client,
					fulfillmentXml([
						{ ...msg, tracking: '1Z999AA10123456795', items: [{ id: '22222222222221', qty: 1 }] },
						{ ...msg, tracking: '1Z999AA10123456806', items: [{ id: '22222222222221', qty: 1 }] },
					]),
				)
			).text,
		);
		expect(third.results).toEqual([expect.objectContaining({ messageId: 2, code: 99003 })]);
		expect(emu.inspect().orders[O2]).toMatchObject({
			orderStatus: 'Shipped',
			items: [{ quantityShipped: 3 }],
		});
	});

	test('a message without items ships everything left on the order', async () => {
		({ emu, client } = await start());
		const r = parseProcessingReport(
			(
				await runFeed(
					emu,
					client,
					fulfillmentXml([
						{ orderId: O1, carrierCode: 'USPS', tracking: '9400111899223817576310' },
					]),
				)
			).text,
		);
		expect(r.summary.MessagesSuccessful).toBe(1);
		const order = emu.inspect().orders[O1];
		expect(order.orderStatus).toBe('Shipped');
		expect(order.packages[0].items).toEqual([
			{ orderItemId: '11111111111111', quantity: 2 },
			{ orderItemId: '11111111111112', quantity: 1 },
		]);
	});

	test.each([
		[
			'not well-formed',
			'<?xml version="1.0"?><AmazonEnvelope><Header></AmazonEnvelope>',
			/^XML Parsing Fatal Error at Line 1, Column \d+: The element type "Header" must be terminated/,
		],
		['a TSV sent as XML', 'order-id\torder-item-id\n', /Content is not allowed in prolog\./],
		[
			'wrong MessageType',
			fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: UPS }]).replace(
				'<MessageType>OrderFulfillment',
				'<MessageType>OrderAcknowledgement',
			),
			/We are unable to process the XML feed because one or more items are invalid/,
		],
		[
			'missing Header',
			fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: UPS }]).replace(
				/<Header>.*<\/Header>/,
				'',
			),
			/cvc-complex-type\.2\.4\.a: Invalid content was found starting with element 'MessageType'\. One of '\{Header\}' is expected/,
		],
		[
			'wrong merchant',
			fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: UPS }], 'A9SOMEONEELSE'),
			/MerchantIdentifier 'A9SOMEONEELSE'/,
		],
		[
			'elements out of order',
			fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: UPS }]).replace(
				/(<FulfillmentDate>.*?<\/FulfillmentDate>)(<FulfillmentData>.*?<\/FulfillmentData>)/,
				'$2$1',
			),
			/Invalid content was found starting with element 'FulfillmentData'\. One of '\{FulfillmentDate\}' is expected/,
		],
		[
			'tracking longer than 50',
			fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: 'X'.repeat(51) }]),
			/cvc-maxLength-valid: .* with length = '51'/,
		],
	])(
		'malformed document (%s) → FATAL with an explanatory report, nothing applied',
		async (_name, content, description) => {
			({ emu, client } = await start());
			const before = emu.inspect().orders;
			const { feed, text } = await runFeed(emu, client, content);
			expect(feed.processingStatus).toBe('FATAL');
			const report = parseProcessingReport(text);
			expect(report.statusCode).toBe('Rejected');
			expect(report.summary.MessagesProcessed).toBe(0);
			expect(report.results[0]).toMatchObject({ resultCode: 'Error' });
			expect(report.results[0].description).toMatch(description);
			expect(emu.inspect().orders).toEqual(before);
		},
	);

	test('flat-file feed: processed row by row with a flat-file report and preamble', async () => {
		({ emu, client } = await start());
		const header =
			'order-id\torder-item-id\tquantity\tship-date\tcarrier-code\tcarrier-name\ttracking-number\tship-method';
		const rows = [
			[O1, '11111111111111', '2', '2026-11-20', 'UPS', '', UPS, 'Ground'], // 1 ok (same package as row 2)
			[O1, '11111111111112', '1', '2026-11-20', 'UPS', '', UPS, 'Ground'], // 2 ok
			[
				'114-9999999-9999999',
				'11111111111111',
				'1',
				'2026-11-20',
				'UPS',
				'',
				'1Z999AA10123456701',
				'',
			], // 3 unknown
			[O2, '22222222222221', '5', '2026-11-20', 'UPS', '', '1Z999AA10123456702', ''], // 4 too many
			[O2, '22222222222221', '1', '20-11-2026', 'UPS', '', '1Z999AA10123456703', ''], // 5 bad date
			[O2, '22222222222221', '1', '2026-11-20', 'FEDEX', '', '123456789012', ''], // 6 bad carrier
		];
		const tsv = [header, ...rows.map((r) => r.join('\t'))].join('\r\n') + '\r\n';
		const { feed, text, contentType } = await runFeed(emu, client, tsv, {
			feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA',
		});
		expect(feed.processingStatus).toBe('DONE');
		expect(contentType).toMatch(/^text\/tab-separated-values/);
		expect(text.split('\n').slice(0, 4)).toEqual([
			'Feed Processing Summary:',
			'\tNumber of records processed\t\t6',
			'\tNumber of records successful\t\t2',
			'',
		]);
		const report = parseFlatReport(text);
		expect(report.rows.map((r) => [r.record, r.code, r.type])).toEqual([
			[3, 18028, 'Error'],
			[4, 99003, 'Error'],
			[5, 99008, 'Error'],
			[6, 5004, 'Error'],
		]);
		expect(report.rows[0].orderId).toBe('114-9999999-9999999');
		const order = emu.inspect().orders[O1];
		expect(order.orderStatus).toBe('Shipped');
		expect(order.packages).toHaveLength(1);
		expect(order.packages[0].items).toEqual([
			{ orderItemId: '11111111111111', quantity: 2 },
			{ orderItemId: '11111111111112', quantity: 1 },
		]);
		expect(emu.inspect().orders[O2].items[0].quantityShipped).toBe(0);
	});

	test('flat-file feed with a bad header → DONE, every record rejected', async () => {
		({ emu, client } = await start());
		const tsv = 'orderid\tquantity\n' + `${O1}\t1\n${O2}\t1\n`;
		const { feed, text } = await runFeed(emu, client, tsv, {
			feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA',
		});
		expect(feed.processingStatus).toBe('DONE');
		const report = parseFlatReport(text);
		expect(report).toMatchObject({ processed: 2, successful: 0 });
		expect(report.rows.map((r) => r.record)).toEqual([1, 2]);
		expect(report.rows[0].message).toMatch(/header row .* invalid/);
		expect(emu.inspect().orders[O1].packages).toEqual([]);
	});

	test('upload Content-Type must match createFeedDocument byte for byte (403 SignatureDoesNotMatch)', async () => {
		({ emu, client } = await start());
		const xml = fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: UPS }]);
		const doc = await client.sp('POST', '/feeds/2021-06-30/documents', {
			contentType: 'text/xml; charset=UTF-8',
		});
		expect(doc.status).toBe(201);
		expect(doc.body.url).toMatch(
			/X-Amz-Expires=300&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=[0-9a-f]{64}$/,
		);
		for (const ct of ['text/xml;charset=UTF-8', 'text/xml; charset=utf-8', 'text/xml']) {
			const res = await fetch(doc.body.url, {
				method: 'PUT',
				headers: { 'content-type': ct },
				body: xml,
			});
			expect(res.status).toBe(403);
			const body = await res.text();
			expect(body).toMatch(
				/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>SignatureDoesNotMatch<\/Code><Message>The request signature we calculated does not match the signature you provided\. Check your key and signing method\.<\/Message>/,
			);
		}
		// Nothing was stored, so the feed cannot be created yet.
		const early = await client.sp('POST', '/feeds/2021-06-30/feeds', {
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceIds: ['ATVPDKIKX0DER'],
			inputFeedDocumentId: doc.body.feedDocumentId,
		});
		expect(early.status).toBe(400);
		expect(early.body.errors[0].code).toBe('InvalidInput');
		const ok = await fetch(doc.body.url, {
			method: 'PUT',
			headers: { 'content-type': 'text/xml; charset=UTF-8' },
			body: xml,
		});
		expect(ok.status).toBe(200);
		expect(ok.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
	});

	test('pre-signed URLs expire after 5 minutes (scaled), and X-Amz-Expires says so', async () => {
		const clock = {
			t: Date.parse('2026-11-20T12:00:00Z'),
			now() {
				return this.t;
			},
		};
		({ emu, client } = await start({ clock, timeScale: 10 }));
		const doc = await client.sp('POST', '/feeds/2021-06-30/documents', {
			contentType: 'text/xml; charset=UTF-8',
		});
		// What the URL says is what is enforced: 300 s / 10 = 30 s.
		expect(new URL(doc.body.url).searchParams.get('X-Amz-Expires')).toBe('30');
		clock.t += 31 * 1000; // 300 s / 10, plus one
		const res = await fetch(doc.body.url, {
			method: 'PUT',
			headers: { 'content-type': 'text/xml; charset=UTF-8' },
			body: '<a/>',
		});
		expect(res.status).toBe(403);
		const body = await res.text();
		expect(body).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
		// A tampered URL is a signature problem, not an expiry.
		const tampered = doc.body.url.replace(/X-Amz-Date=\d/, 'X-Amz-Date=1');
		const res2 = await fetch(tampered, {
			method: 'PUT',
			headers: { 'content-type': 'text/xml; charset=UTF-8' },
			body: '<a/>',
		});
		expect(await res2.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
	});

	test('two order feeds of one seller run one after another', async () => {
		({ emu, client } = await start({ feedDelays: { inQueueMs: 0, inProgressMs: 150 } }));
		const a = await client.submitFeed(
			fulfillmentXml([
				{
					orderId: O1,
					carrierCode: 'UPS',
					tracking: UPS,
					items: [{ id: '11111111111111', qty: 1 }],
				},
			]),
		);
		const b = await client.submitFeed(
			fulfillmentXml([
				{
					orderId: O2,
					carrierCode: 'UPS',
					tracking: '1Z999AA10123456795',
					items: [{ id: '22222222222221', qty: 1 }],
				},
			]),
		);
		const states = [];
		for (let i = 0; i < 400; i++) {
			// Both read at one instant: two GETs in a row can straddle A finishing and B starting.
			const feeds = emu.inspect().feeds;
			const fa = feeds.find((f) => f.feedId === a.feedId).status;
			const fb = feeds.find((f) => f.feedId === b.feedId).status;
			states.push(`${fa}/${fb}`);
			if (fb === 'DONE') break;
			await new Promise((r) => setTimeout(r, 10));
		}
		expect(states).toContain('IN_PROGRESS/IN_QUEUE');
		expect(states).not.toContain('IN_PROGRESS/IN_PROGRESS');
		expect(states[states.length - 1]).toBe('DONE/DONE');
		const fa = (await client.sp('GET', `/feeds/2021-06-30/feeds/${a.feedId}`)).body;
		const fb = (await client.sp('GET', `/feeds/2021-06-30/feeds/${b.feedId}`)).body;
		expect(Date.parse(fb.processingStartTime)).toBeGreaterThanOrEqual(
			Date.parse(fa.processingEndTime),
		);
	});

	test('getFeeds filters and pages; cancelFeed only while IN_QUEUE', async () => {
		({ emu, client } = await start({ feedDelays: { inQueueMs: 60000, inProgressMs: 0 } }));
		const ids = [];
		for (let i = 0; i < 3; i++)
			ids.push(
				(
					await client.submitFeed(
						fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: UPS }]),
					)
				).feedId,
			);
		expect((await client.sp('GET', '/feeds/2021-06-30/feeds')).status).toBe(400);
		const page1 = await client.sp(
			'GET',
			'/feeds/2021-06-30/feeds?feedTypes=POST_ORDER_FULFILLMENT_DATA&pageSize=2',
		);
		expect(page1.body.feeds.map((f) => f.feedId)).toEqual([ids[2], ids[1]]);
		const page2 = await client.sp(
			'GET',
			`/feeds/2021-06-30/feeds?nextToken=${encodeURIComponent(page1.body.nextToken)}`,
		);
		expect(page2.body.feeds.map((f) => f.feedId)).toEqual([ids[0]]);
		expect(page2.body.nextToken).toBeUndefined();

		const cancel = await client.sp('DELETE', `/feeds/2021-06-30/feeds/${ids[0]}`);
		expect(cancel.status).toBe(200);
		expect((await client.sp('GET', `/feeds/2021-06-30/feeds/${ids[0]}`)).body).toMatchObject({
			processingStatus: 'CANCELLED',
		});
		expect(
			(await client.sp('GET', `/feeds/2021-06-30/feeds/${ids[0]}`)).body.resultFeedDocumentId,
		).toBeUndefined();
		const again = await client.sp('DELETE', `/feeds/2021-06-30/feeds/${ids[0]}`);
		expect(again.status).toBe(400);
		const cancelled = await client.sp(
			'GET',
			'/feeds/2021-06-30/feeds?feedTypes=POST_ORDER_FULFILLMENT_DATA&processingStatuses=CANCELLED',
		);
		expect(cancelled.body.feeds.map((f) => f.feedId)).toEqual([ids[0]]);
		expect((await client.sp('GET', '/feeds/2021-06-30/feeds/99999999999')).status).toBe(404);
	});

	test('createFeed validation: unknown feed type, two marketplaces, unknown document', async () => {
		({ emu, client } = await start());
		const { feedDocumentId } = await client.submitFeed(
			fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: UPS }]),
		);
		const base = {
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceIds: ['ATVPDKIKX0DER'],
			inputFeedDocumentId: feedDocumentId,
		};
		for (const body of [
			{ ...base, feedType: 'POST_ORDER_FULFILMENT_DATA' },
			{ ...base, marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'] },
			{ ...base, inputFeedDocumentId: 'nope' },
			{ ...base, marketplaceIds: [] },
		]) {
			const res = await client.sp('POST', '/feeds/2021-06-30/feeds', body);
			expect(res.status).toBe(400);
			expect(res.body.errors[0].code).toBe('InvalidInput');
		}
		const doc = await client.sp('POST', '/feeds/2021-06-30/documents', {});
		expect(doc.status).toBe(400);
	});

	test('enableContentEncodingUrlHeader=true → download answers Content-Encoding: gzip, no compressionAlgorithm', async () => {
		({ emu, client } = await start());
		const { feedId } = await client.submitFeed(
			fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: UPS }]),
		);
		await emu.waitForFeeds();
		const feed = (await client.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`)).body;
		const doc = await client.sp(
			'GET',
			`/feeds/2021-06-30/documents/${encodeURIComponent(feed.resultFeedDocumentId)}?enableContentEncodingUrlHeader=true`,
		);
		expect(doc.body.compressionAlgorithm).toBeUndefined();
		const res = await fetch(doc.body.url);
		expect(res.headers.get('content-encoding')).toBe('gzip');
		expect(await res.text()).toContain('<DocumentTransactionID>'); // fetch decoded it
	});

	test('gzipReports: false serves the report uncompressed', async () => {
		({ emu, client } = await start({ gzipReports: false }));
		const { document, text } = await runFeed(
			emu,
			client,
			fulfillmentXml([{ orderId: O1, carrierCode: 'UPS', tracking: UPS }]),
		);
		expect(document.compressionAlgorithm).toBeUndefined();
		expect(text).toContain('<MessagesSuccessful>1</MessagesSuccessful>');
	});
});
