'use strict';
/**
 * The Amazon emulator's searchOrders (Orders API v2026-01-01): the filters the audit relies on,
 * paging with a token, and Amazon's quota of a burst of 20 then one call per ~180 s.
 */
const { createAmazonEmulator } = require('../../emulators/amazon');
const { createTestClient } = require('../../emulators/amazon/testkit');
const { auditSeed, openOrdersSeed } = require('../../emulators/seed/audit-seed');

const NOW = Date.parse('2026-11-20T12:00:00Z');
const PATH = '/orders/2026-01-01/orders';
const AFTER = '2026-10-01T00:00:00Z';

async function start(seed, extra = {}) {
	const emu = createAmazonEmulator({ seed, rateLimits: false, ...extra });
	const client = createTestClient((await emu.listen()).url);
	return { emu, client };
}

describe('searchOrders', () => {
	let emu;
	let client;
	const seed = auditSeed({ now: NOW });
	const scenario = (id) => seed.amazonOrders.find((o) => o.amazonOrderId === id).scenario;
	beforeAll(async () => ({ emu, client } = await start(seed)));
	afterAll(() => emu.close());

	test('fulfillment status, fulfilled-by and marketplace filters', async () => {
		const res = await client.sp(
			'GET',
			`${PATH}?createdAfter=${AFTER}&fulfillmentStatuses=UNSHIPPED,PARTIALLY_SHIPPED&fulfilledBy=MERCHANT&marketplaceIds=ATVPDKIKX0DER,A2EUQ1WTGCTBG2&includedData=FULFILLMENT,PACKAGES`,
		);
		expect(res.status).toBe(200);
		expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('0.0056');
		const names = res.body.orders.map((o) => scenario(o.orderId));
		expect(names).toContain('other-marketplace-ca');
		expect(names).toContain('second-fulfillment-missing');
		for (const gone of ['fba-order', 'cancelled-on-amazon', 'other-region-uk', 'write-back-lost'])
			expect(names).not.toContain(gone);
		const partial = res.body.orders.find(
			(o) => scenario(o.orderId) === 'second-fulfillment-missing',
		);
		expect(partial.fulfillment).toMatchObject({
			fulfillmentStatus: 'PARTIALLY_SHIPPED',
			fulfilledBy: 'MERCHANT',
		});
		expect(partial.fulfillment.shipByWindow.latestDateTime).toMatch(/Z$/);
		expect(partial.packages).toHaveLength(1);
	});

	test('shipped orders by last update, FBA and cancelled only when asked for', async () => {
		const shipped = await client.sp(
			'GET',
			`${PATH}?lastUpdatedAfter=2026-11-20T00:00:00Z&fulfillmentStatuses=SHIPPED`,
		);
		expect(shipped.body.orders.map((o) => scenario(o.orderId)).sort()).toEqual(
			[
				'amazon-bought-label',
				'amazon-bought-label-no-netsuite',
				'confirmed-and-marked',
				'write-back-lost',
			].sort(),
		);
		const fba = await client.sp('GET', `${PATH}?createdAfter=${AFTER}&fulfilledBy=AMAZON`);
		expect(fba.body.orders.map((o) => scenario(o.orderId))).toEqual(['fba-order']);
		const cancelled = await client.sp(
			'GET',
			`${PATH}?createdAfter=${AFTER}&fulfillmentStatuses=CANCELLED`,
		);
		expect(cancelled.body.orders.map((o) => scenario(o.orderId))).toEqual(['cancelled-on-amazon']);
	});

	test('refuses a search without a time and unknown statuses, as Amazon does', async () => {
		expect((await client.sp('GET', PATH)).status).toBe(400);
		const bad = await client.sp(
			'GET',
			`${PATH}?createdAfter=${AFTER}&fulfillmentStatuses=Unshipped`,
		);
		expect(bad.status).toBe(400);
		expect(bad.body.errors[0].message).toMatch(/fulfillmentStatuses/);
	});
});

test('pages of at most 100 with a token, every order once, oldest first', async () => {
	const { emu, client } = await start(openOrdersSeed(250, { now: NOW }));
	try {
		const seen = [];
		let token;
		let pages = 0;
		do {
			const q = token ? `paginationToken=${token}` : `createdAfter=${AFTER}&maxResultsPerPage=100`;
			const res = await client.sp('GET', `${PATH}?${q}`);
			expect(res.status).toBe(200);
			seen.push(...res.body.orders.map((o) => o.orderId));
			token = res.body.pagination?.nextToken;
			pages++;
		} while (token);
		expect(pages).toBe(3);
		expect(new Set(seen).size).toBe(250);
	} finally {
		await emu.close();
	}
});

test('quota: a burst of 20, then 429 until ~180 s have refilled one call', async () => {
	let t = NOW;
	const emu = createAmazonEmulator({ seed: auditSeed({ now: NOW }), clock: { now: () => t } });
	const client = createTestClient((await emu.listen()).url);
	try {
		const statuses = [];
		for (let i = 0; i < 21; i++)
			statuses.push((await client.sp('GET', `${PATH}?createdAfter=${AFTER}`)).status);
		expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
		expect(statuses[20]).toBe(429);
		t += 170_000;
		expect((await client.sp('GET', `${PATH}?createdAfter=${AFTER}`)).status).toBe(429);
		t += 11_000;
		expect((await client.sp('GET', `${PATH}?createdAfter=${AFTER}`)).status).toBe(200);
	} finally {
		await emu.close();
	}
});
