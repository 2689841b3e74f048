const nock = require('nock');
const { NA, makeClient } = require('./helpers');

const ORDER = '902-1106328-1059050';
const PATH = `/orders/v0/orders/${ORDER}/shipmentConfirmation`;
const request = (packageDetail = {}) => ({
	marketplaceId: 'ATVPDKIKX0DER',
	packageDetail: {
		packageReferenceId: '1',
		carrierCode: 'FedEx',
		carrierName: 'FedEx',
		shippingMethod: 'FedEx Ground',
		trackingNumber: '112345678',
		shipDate: '2022-02-11T01:00:00.000Z',
		orderItems: [{ orderItemId: '79039765272157', quantity: 1 }],
		...packageDetail,
	},
});

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('confirmShipment', () => {
	test('sends packageReferenceId as a JSON string and treats 204 as success', async () => {
		const { client } = makeClient({ region: 'NA' });
		let raw;
		nock(NA)
			.post(PATH, (body) => {
				raw = body;
				return true;
			})
			.reply(204, '', { 'x-amzn-RequestId': 'req-204' });
		const result = await client.confirmShipment(ORDER, request());
		expect(result).toEqual({ httpStatus: 204, requestId: 'req-204' });
		expect(typeof raw.packageDetail.packageReferenceId).toBe('string');
		expect(raw).toEqual(request());
	});

	test('a numeric packageReferenceId from a JavaScript caller still goes out as a string', async () => {
		const { client } = makeClient();
		let raw;
		nock(NA)
			.post(PATH, (body) => {
				raw = body;
				return true;
			})
			.reply(204);
		await client.confirmShipment(ORDER, request({ packageReferenceId: 101 }));
		expect(raw.packageDetail.packageReferenceId).toBe('101');
	});

	test("Amazon's 400 keeps its code and message", async () => {
		const { client } = makeClient();
		nock(NA)
			.post(PATH)
			.reply(
				400,
				{
					errors: [
						{
							code: 'InvalidInput',
							message:
								'OrderItemId is invalid, please obtain the value through the getOrderItems API',
						},
					],
				},
				{ 'x-amzn-RequestId': 'req-bad' },
			);
		const error = await client.confirmShipment(ORDER, request()).catch((e) => e);
		expect(error).toMatchObject({
			code: 'InvalidInput',
			httpStatus: 400,
			requestId: 'req-bad',
			operation: 'confirmShipment',
		});
		expect(error.amazonMessage).toMatch(/OrderItemId is invalid/);
	});

	test.each([
		[{ packageReferenceId: 'P-1' }, 'packageDetail.packageReferenceId'],
		[{ packageReferenceId: '0' }, 'packageDetail.packageReferenceId'],
		[{ carrierCode: 'Other', carrierName: '' }, 'packageDetail.carrierName'],
		[{ shipDate: '02/21/2022' }, 'packageDetail.shipDate'],
		[{ trackingNumber: ' ' }, 'packageDetail.trackingNumber'],
		[{ orderItems: [] }, 'packageDetail.orderItems'],
		[
			{ orderItems: [{ orderItemId: '79039765272157', quantity: 0 }] },
			'packageDetail.orderItems[0].quantity',
		],
	])('refuses %j before calling Amazon (field %s)', async (change, field) => {
		const { client, apiLog } = makeClient();
		const error = await client.confirmShipment(ORDER, request(change)).catch((e) => e);
		expect(error.name).toBe('AmazonInputError');
		expect(error.field).toBe(field);
		expect(apiLog).toHaveLength(0);
	});

	test('a malformed order ID or a marketplace of another region is refused', async () => {
		const { client } = makeClient({ region: 'EU' });
		await expect(client.confirmShipment('SO-1234', request())).rejects.toThrow(
			/123-1234567-1234567/,
		);
		await expect(client.confirmShipment(ORDER, request())).rejects.toThrow(
			/United States\) belongs to Amazon region NA/,
		);
	});
});

describe('getOrder (Orders API 2026-01-01)', () => {
	test('builds includedData and returns the order as Amazon sent it', async () => {
		const { client } = makeClient();
		const answer = {
			order: {
				orderId: ORDER,
				orderItems: [
					{ orderItemId: '79039765272157', quantityOrdered: 2, product: { sellerSku: 'SKU-1' } },
				],
				packages: [{ packageReferenceId: '1', trackingNumber: '112345678' }],
			},
		};
		nock(NA)
			.get(`/orders/2026-01-01/orders/${ORDER}`)
			.query({ includedData: 'PACKAGES,FULFILLMENT' })
			.reply(200, answer);
		await expect(client.getOrder(ORDER, ['packages', 'FULFILLMENT', 'packages'])).resolves.toEqual(
			answer,
		);
		nock(NA).get(`/orders/2026-01-01/orders/${ORDER}`).reply(200, answer);
		await expect(client.getOrder(ORDER)).resolves.toEqual(answer);
		expect(client.stats.getOrder.requests).toBe(2);
	});
});
