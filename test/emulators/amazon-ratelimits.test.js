'use strict';

const { createAmazonEmulator } = require('../../emulators/amazon');
const { createTestClient } = require('../../emulators/amazon/testkit');

const SEED = {
	marketplaceId: 'ATVPDKIKX0DER',
	amazonOrders: [
		{
			amazonOrderId: '114-1000001-1000001',
			items: [{ orderItemId: '11111111111111', quantityOrdered: 100 }],
		},
	],
};
const QUOTA = {
	errors: [
		{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' },
	],
};

describe('Amazon emulator: rate limits (token buckets with real rates)', () => {
	let emu;
	let client;
	let clock;
	async function start(options = {}) {
		clock = {
			t: Date.parse('2026-11-20T12:00:00Z'),
			now() {
				return this.t;
			},
		};
		emu = createAmazonEmulator({
			seed: SEED,
			clock,
			feedDelays: { inQueueMs: 60000, inProgressMs: 0 },
			...options,
		});
		client = createTestClient((await emu.listen()).url);
	}
	afterEach(() => emu.close());

	async function documentId() {
		// Uploads are S3, not rate limited; documents come from a separate bucket with burst 15.
		const doc = await client.sp('POST', '/feeds/2021-06-30/documents', {
			contentType: 'text/xml; charset=UTF-8',
		});
		await fetch(doc.body.url, {
			method: 'PUT',
			headers: { 'content-type': 'text/xml; charset=UTF-8' },
			body: '<a/>',
		});
		return doc.body.feedDocumentId;
	}
	const createFeed = (id) =>
		client.sp('POST', '/feeds/2021-06-30/feeds', {
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceIds: ['ATVPDKIKX0DER'],
			inputFeedDocumentId: id,
		});

	test('createFeed: burst 15, the 16th is refused; one more after 120 s / timeScale', async () => {
		await start({ timeScale: 10 });
		const docs = [];
		for (let i = 0; i < 15; i++) docs.push(await documentId());
		for (let i = 0; i < 15; i++) {
			const res = await createFeed(docs[i]);
			expect(res.status).toBe(202);
			expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('0.0083');
		}
		const refused = await createFeed(docs[0]);
		expect(refused.status).toBe(429);
		expect(refused.body).toEqual(QUOTA);
		clock.t += 11900; // 119 s of Amazon time at timeScale 10
		expect((await createFeed(docs[0])).status).toBe(429);
		clock.t += 100; // 120 s
		expect((await createFeed(docs[0])).status).toBe(202);
		expect((await createFeed(docs[0])).status).toBe(429);
		expect(emu.inspect().feeds).toHaveLength(16);
	});

	test('confirmShipment: burst 10, the 11th is refused; 2 per second refill', async () => {
		await start();
		const body = (ref) => ({
			marketplaceId: 'ATVPDKIKX0DER',
			packageDetail: {
				packageReferenceId: String(ref),
				carrierCode: 'UPS',
				trackingNumber: `1Z999AA1012345${String(ref).padStart(4, '0')}`,
				shipDate: '2026-11-20T10:00:00Z',
				orderItems: [{ orderItemId: '11111111111111', quantity: 1 }],
			},
		});
		for (let i = 1; i <= 10; i++)
			expect(
				(
					await client.sp(
						'POST',
						'/orders/v0/orders/114-1000001-1000001/shipmentConfirmation',
						body(i),
					)
				).status,
			).toBe(204);
		const refused = await client.sp(
			'POST',
			'/orders/v0/orders/114-1000001-1000001/shipmentConfirmation',
			body(11),
		);
		expect(refused.status).toBe(429);
		expect(refused.body).toEqual(QUOTA);
		expect(emu.inspect().orders['114-1000001-1000001'].packages).toHaveLength(10); // refused call changed nothing
		clock.t += 1000;
		expect(
			(
				await client.sp(
					'POST',
					'/orders/v0/orders/114-1000001-1000001/shipmentConfirmation',
					body(11),
				)
			).status,
		).toBe(204);
		expect(
			(
				await client.sp(
					'POST',
					'/orders/v0/orders/114-1000001-1000001/shipmentConfirmation',
					body(12),
				)
			).status,
		).toBe(204);
		expect(
			(
				await client.sp(
					'POST',
					'/orders/v0/orders/114-1000001-1000001/shipmentConfirmation',
					body(13),
				)
			).status,
		).toBe(429);
	});

	test('buckets are per operation; getFeed has its own burst of 15; rateLimits:false and overrides', async () => {
		await start();
		const { feedId } = await client.submitFeed('<a/>');
		for (let i = 0; i < 15; i++)
			expect((await client.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`)).status).toBe(200);
		expect((await client.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`)).status).toBe(429);
		expect((await client.sp('GET', '/orders/2026-01-01/orders/114-1000001-1000001')).status).toBe(
			200,
		);
		await emu.close();

		await start({ rateLimits: false });
		for (let i = 0; i < 20; i++)
			expect(
				(await client.sp('POST', '/feeds/2021-06-30/documents', { contentType: 'text/xml' }))
					.status,
			).toBe(201);
		await emu.close();

		await start({ rateLimitOverrides: { getOrder: { rate: 1, burst: 2 } } });
		const get = () => client.sp('GET', '/orders/2026-01-01/orders/114-1000001-1000001');
		expect((await get()).status).toBe(200);
		expect((await get()).headers.get('x-amzn-ratelimit-limit')).toBe('1');
		expect((await get()).status).toBe(429);
	});
});
