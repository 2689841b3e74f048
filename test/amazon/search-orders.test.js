'use strict';
const nock = require('nock');
const { NA, makeClient } = require('./helpers');
const { RATE_LIMITS } = require('../../core/amazon/rateLimits');

const PATH = '/orders/2026-01-01/orders';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

test("searchOrders' published quota is in the table: 0.0056/s (one per ~180 s), burst 20", () => {
	expect(RATE_LIMITS.searchOrders).toEqual({ rate: 0.0056, burst: 20 });
});

test('sends the filters as comma lists and returns the orders and the next token', async () => {
	const { client } = makeClient({ region: 'NA' });
	let query;
	nock(NA)
		.get(PATH)
		.query((q) => {
			query = q;
			return true;
		})
		.reply(200, { orders: [{ orderId: '114-1234567-1234567' }], pagination: { nextToken: 'T2' } });
	const page = await client.searchOrders({
		createdAfter: '2026-11-01T00:00:00Z',
		fulfillmentStatuses: ['UNSHIPPED', 'PARTIALLY_SHIPPED'],
		fulfilledBy: ['MERCHANT'],
		marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
		maxResultsPerPage: 100,
		includedData: ['FULFILLMENT', 'PACKAGES'],
	});
	expect(query).toEqual({
		createdAfter: '2026-11-01T00:00:00Z',
		fulfillmentStatuses: 'UNSHIPPED,PARTIALLY_SHIPPED',
		fulfilledBy: 'MERCHANT',
		marketplaceIds: 'ATVPDKIKX0DER,A2EUQ1WTGCTBG2',
		maxResultsPerPage: '100',
		includedData: 'FULFILLMENT,PACKAGES',
	});
	expect(page).toEqual({ orders: [{ orderId: '114-1234567-1234567' }], nextToken: 'T2' });
});

test('refuses a search without a time, a bad status, a page over 100 or a marketplace of another region', async () => {
	const { client } = makeClient({ region: 'NA' });
	await expect(client.searchOrders({})).rejects.toThrow(/createdAfter or lastUpdatedAfter/);
	await expect(
		client.searchOrders({
			createdAfter: '2026-11-01T00:00:00Z',
			fulfillmentStatuses: ['Unshipped'],
		}),
	).rejects.toThrow(/"Unshipped" is not a fulfillment status/);
	await expect(
		client.searchOrders({ createdAfter: '2026-11-01T00:00:00Z', maxResultsPerPage: 101 }),
	).rejects.toThrow(/1 to 100/);
	await expect(
		client.searchOrders({
			createdAfter: '2026-11-01T00:00:00Z',
			marketplaceIds: ['A1F83G8C2ARO7P'],
		}),
	).rejects.toThrow(/A1F83G8C2ARO7P/);
});

test('paces itself: the 21st call in a row waits ~180 s for the quota instead of drawing a 429', async () => {
	const { client, clock } = makeClient();
	nock(NA).get(PATH).query(true).times(21).reply(200, { orders: [] });
	for (let i = 0; i < 21; i++) await client.searchOrders({ createdAfter: '2026-11-01T00:00:00Z' });
	expect(clock.slept).toBeGreaterThanOrEqual(178_000);
	expect(clock.slept).toBeLessThanOrEqual(181_000);
	expect(client.stats.searchOrders).toMatchObject({ requests: 21, throttled: 0 });
});
