'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { createAmazonEmulator } = require('../../emulators/amazon');
const {
	createTestClient,
	parseProcessingReport,
	fulfillmentXml,
} = require('../../emulators/amazon/testkit');

const O1 = '114-1000001-1000001';
const SEED = {
	marketplaceId: 'ATVPDKIKX0DER',
	amazonOrders: [
		{
			amazonOrderId: O1,
			orderStatus: 'Unshipped',
			purchaseDate: '2026-11-18T09:00:00Z',
			latestShipDate: '2026-11-21T23:59:59Z',
			items: [
				{
					orderItemId: '11111111111111',
					sellerSku: 'WIDGET-1',
					asin: 'B000000001',
					quantityOrdered: 3,
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
			amazonOrderId: '114-1000003-1000003',
			orderStatus: 'Canceled',
			items: [{ orderItemId: '33333333333331', quantityOrdered: 1, quantityShipped: 0 }],
		},
	],
};

const pkg = (over = {}) => ({
	marketplaceId: 'ATVPDKIKX0DER',
	packageDetail: {
		packageReferenceId: '1',
		carrierCode: 'UPS',
		shippingMethod: 'Ground',
		trackingNumber: '1Z999AA10123456784',
		shipDate: '2026-11-20T10:00:00Z',
		orderItems: [{ orderItemId: '11111111111111', quantity: 1 }],
		...over,
	},
});
const confirmPath = (id = O1) => `/orders/v0/orders/${id}/shipmentConfirmation`;

describe('Amazon emulator: confirmShipment and getOrder', () => {
	let emu;
	let client;
	beforeEach(async () => {
		emu = createAmazonEmulator({
			seed: SEED,
			rateLimits: false,
			feedDelays: { inQueueMs: 0, inProgressMs: 0 },
		});
		client = createTestClient((await emu.listen()).url);
	});
	afterEach(() => emu.close());

	test('204 on success; getOrder returns the package and fulfillment quantities', async () => {
		const res = await client.sp('POST', confirmPath(), pkg());
		expect(res.status).toBe(204);
		expect(res.text).toBe('');
		expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('2.0');
		const got = await client.sp(
			'GET',
			`/orders/2026-01-01/orders/${O1}?includedData=PACKAGES,FULFILLMENT`,
		);
		expect(got.status).toBe(200);
		const order = got.body.order;
		expect(order.orderId).toBe(O1);
		expect(order.fulfillment).toMatchObject({
			fulfillmentStatus: 'PARTIALLY_SHIPPED',
			fulfilledBy: 'MERCHANT',
			shipByWindow: { latestDateTime: '2026-11-21T23:59:59Z' },
		});
		expect(order.orderItems[0]).toEqual({
			orderItemId: '11111111111111',
			quantityOrdered: 3,
			product: { asin: 'B000000001', sellerSku: 'WIDGET-1' },
			fulfillment: { quantityFulfilled: 1, quantityUnfulfilled: 2 },
		});
		expect(order.packages).toEqual([
			expect.objectContaining({
				packageReferenceId: '1',
				carrier: 'UPS',
				shippingService: 'Ground',
				trackingNumber: '1Z999AA10123456784',
				shipTime: '2026-11-20T10:00:00Z',
				packageItems: [{ orderItemId: '11111111111111', quantity: 1 }],
			}),
		]);
		// Without includedData the packages are not returned.
		expect(
			(await client.sp('GET', `/orders/2026-01-01/orders/${O1}`)).body.order.packages,
		).toBeUndefined();
	});

	test('packageReferenceId must be a string of a positive number', async () => {
		const num = await client.sp('POST', confirmPath(), pkg({ packageReferenceId: 1 }));
		expect(num.status).toBe(400);
		expect(num.body).toEqual({
			errors: [
				{ code: 'InvalidInput', message: 'invalid type [packageDetail.packageReferenceId]' },
			],
		});
		const neg = await client.sp('POST', confirmPath(), pkg({ packageReferenceId: 'A1' }));
		expect(neg.body.errors[0].message).toBe(
			'PackageReferenceId: is invalid, must be a positive numeric value.',
		);
		expect(emu.inspect().orders[O1].packages).toEqual([]);
	});

	test('same packageReferenceId edits the package; a new one adds a package', async () => {
		expect((await client.sp('POST', confirmPath(), pkg())).status).toBe(204);
		expect(
			(
				await client.sp(
					'POST',
					confirmPath(),
					pkg({
						trackingNumber: '1Z999AA10123456795',
						orderItems: [{ orderItemId: '11111111111111', quantity: 2 }],
					}),
				)
			).status,
		).toBe(204);
		let order = emu.inspect().orders[O1];
		expect(order.packages).toHaveLength(1);
		expect(order.packages[0]).toMatchObject({
			packageReferenceId: '1',
			trackingNumber: '1Z999AA10123456795',
			confirmations: 2,
			via: 'confirmShipment',
		});
		expect(order.items[0].quantityShipped).toBe(2);

		expect(
			(
				await client.sp(
					'POST',
					confirmPath(),
					pkg({
						packageReferenceId: '2',
						trackingNumber: '1Z999AA10123456806',
						orderItems: [
							{ orderItemId: '11111111111111', quantity: 1 },
							{ orderItemId: '11111111111112', quantity: 1 },
						],
					}),
				)
			).status,
		).toBe(204);
		order = emu.inspect().orders[O1];
		expect(order.packages.map((p) => p.packageReferenceId)).toEqual(['1', '2']);
		expect(order.items.map((i) => i.quantityShipped)).toEqual([3, 1]);
		expect(order.orderStatus).toBe('Shipped');
	});

	test('validation errors are 400 InvalidInput and change nothing; unknown order → 404', async () => {
		const cases = [
			[pkg({ carrierCode: 'FEDEX' }), /carrier-code field contains an invalid value: FEDEX/],
			[pkg({ carrierCode: 'Other' }), /carrier-name field is required/],
			[pkg({ trackingNumber: undefined }), /trackingNumber is required/],
			[pkg({ shipDate: '02/21/2022' }), /Invalid Input/],
			[
				pkg({ orderItems: [{ orderItemId: '99999999999999', quantity: 1 }] }),
				/OrderItemId 99999999999999 is invalid, please obtain the value through the getOrderItems API/,
			],
			[
				pkg({ orderItems: [{ orderItemId: '11111111111111', quantity: 4 }] }),
				/exceeds the quantity left to ship \(3\)/,
			],
			[{ packageDetail: pkg().packageDetail }, /marketplaceId is required/],
		];
		for (const [body, message] of cases) {
			const res = await client.sp('POST', confirmPath(), body);
			expect(res.status).toBe(400);
			expect(res.body.errors[0].code).toBe('InvalidInput');
			expect(res.body.errors[0].message).toMatch(message);
		}
		const canceled = await client.sp(
			'POST',
			confirmPath('114-1000003-1000003'),
			pkg({ orderItems: [{ orderItemId: '33333333333331', quantity: 1 }] }),
		);
		expect(canceled.status).toBe(400);
		const unknown = await client.sp('POST', confirmPath('114-9999999-9999999'), pkg());
		expect(unknown.status).toBe(404);
		expect(unknown.body.errors[0].code).toBe('NotFound');
		expect(emu.inspect().orders[O1].packages).toEqual([]);
		expect((await client.sp('GET', '/orders/2026-01-01/orders/114-9999999-9999999')).status).toBe(
			404,
		);
	});

	test('feed packages and confirmShipment packages share the order quantities', async () => {
		const sub = await client.submitFeed(
			fulfillmentXml([
				{
					orderId: O1,
					carrierCode: 'UPS',
					tracking: '1Z999AA10123456784',
					items: [{ id: '11111111111111', qty: 3 }],
				},
			]),
		);
		await emu.waitForFeeds();
		expect(
			parseProcessingReport((await client.downloadReport(sub.feedId)).text).summary
				.MessagesSuccessful,
		).toBe(1);
		const res = await client.sp('POST', confirmPath(), pkg({ packageReferenceId: '7' }));
		expect(res.status).toBe(400);
		const got = (await client.sp('GET', `/orders/2026-01-01/orders/${O1}?includedData=PACKAGES`))
			.body.order;
		expect(got.packages).toHaveLength(1);
		expect(got.packages[0].packageReferenceId).toMatch(/^\d+$/); // Amazon assigns one to feed packages
	});

	test('reset() restores the seed; reset(seed) loads another', async () => {
		await client.sp('POST', confirmPath(), pkg());
		emu.reset();
		expect(emu.inspect()).toMatchObject({ feeds: [], documents: {} });
		expect(emu.inspect().orders[O1].packages).toEqual([]);
		emu.reset({
			marketplaceId: 'ATVPDKIKX0DER',
			amazonOrders: [
				{
					amazonOrderId: '114-2000000-2000000',
					items: [{ orderItemId: '55555555555555', quantityOrdered: 1 }],
				},
			],
		});
		expect(Object.keys(emu.inspect().orders)).toEqual(['114-2000000-2000000']);
	});

	const defaultSeed = path.join(__dirname, '../../emulators/seed/default-seed.json');
	(fs.existsSync(defaultSeed) ? test : test.skip)(
		'the default seed loads and every seeded order can be read back',
		async () => {
			const seed = JSON.parse(fs.readFileSync(defaultSeed, 'utf8'));
			emu.reset(seed);
			const orders = emu.inspect().orders;
			expect(Object.keys(orders)).toHaveLength(seed.amazonOrders.length);
			expect(seed.amazonOrders.length).toBeGreaterThan(0);
			for (const o of seed.amazonOrders) {
				expect(o.amazonOrderId).toMatch(/^\d{3}-\d{7}-\d{7}$/);
				const got = await client.sp(
					'GET',
					`/orders/2026-01-01/orders/${o.amazonOrderId}?includedData=FULFILLMENT`,
				);
				expect(got.status).toBe(200);
				expect(got.body.order.orderItems.map((i) => i.orderItemId)).toEqual(
					o.items.map((i) => i.orderItemId),
				);
			}
		},
	);
});
