'use strict';

const { runConfirmShipment } = require('../../core/confirm/run');
const { startAmazon, order, mapper, fulfillment, confirmCalls } = require('./helpers');

const MULTI = '114-2000001-2000001';
const SECOND = '114-2000002-2000002';

let env;
afterEach(async () => {
	if (env) await env.close();
	env = undefined;
});

const run = (fulfillments, options = {}) =>
	runConfirmShipment(env.client, fulfillments, mapper(), {
		clock: env.clock,
		defaultMarketplaceId: 'ATVPDKIKX0DER',
		...options,
	});

const twoBoxes = (tracking2 = '1Z999AA10123456791') =>
	fulfillment(
		1201,
		MULTI,
		[
			[1, '21000000000001', 3],
			[2, '21000000000002', 1],
		],
		[
			['1Z999AA10123456784', [[1, 3]]],
			[tracking2, [[2, 1]]],
		],
	);

describe('Confirm Shipment: one call per package, stable packageReferenceId', () => {
	beforeEach(async () => {
		env = await startAmazon([
			order(MULTI, [
				['21000000000001', 'WIDGET-1', 3],
				['21000000000002', 'GADGET-2', 1],
			]),
			order(SECOND, [['22000000000001', 'WIDGET-1', 1]]),
		]);
	});

	test('a two-package fulfillment becomes two calls with the ids <fulfillment><package>', async () => {
		const out = await run([twoBoxes()]);
		const calls = confirmCalls(env.calls);
		expect(calls).toHaveLength(2);
		const bodies = calls.map((c) => JSON.parse(c.body).packageDetail);
		expect(bodies.map((b) => b.packageReferenceId)).toEqual(['120101', '120102']);
		expect(bodies[0]).toMatchObject({
			carrierCode: 'UPS',
			shippingMethod: 'Ground',
			trackingNumber: '1Z999AA10123456784',
			shipDate: '2026-11-20T00:00:00Z',
			orderItems: [{ orderItemId: '21000000000001', quantity: 3 }],
		});
		expect(bodies[0].carrierName).toBeUndefined();
		expect(bodies[1].orderItems).toEqual([{ orderItemId: '21000000000002', quantity: 1 }]);

		const [item] = out.confirmed;
		expect(item.result).toMatchObject({
			outcome: 'accepted',
			attempt: 1,
			errors: [],
			warnings: [],
		});
		expect(item.result.message).toMatch(/confirmed 2 packages .*IF1201/);
		expect(item.submission).toMatchObject({ method: 'confirmShipment', amazonOrderId: MULTI });
		expect(item.submission.packages.map((p) => [p.packageReferenceId, p.outcome])).toEqual([
			['120101', 'confirmed'],
			['120102', 'confirmed'],
		]);
		const onAmazon = env.emu.inspect().orders[MULTI];
		expect(onAmazon.orderStatus).toBe('Shipped');
		expect(onAmazon.packages.map((p) => p.packageReferenceId)).toEqual(['120101', '120102']);
	});

	test('a re-run edits the same packages instead of adding new ones', async () => {
		await run([twoBoxes()]);
		const again = await run([twoBoxes()]);
		expect(again.confirmed[0].result.outcome).toBe('accepted');
		const pkgs = env.emu.inspect().orders[MULTI].packages;
		expect(pkgs).toHaveLength(2);
		expect(pkgs.map((p) => p.confirmations)).toEqual([2, 2]);
		expect(env.emu.inspect().orders[MULTI].items.map((i) => i.quantityShipped)).toEqual([3, 1]);
	});

	test('a correction changes the tracking number of that package on Amazon', async () => {
		await run([twoBoxes()]);
		const corrected = twoBoxes('1Z999AA10123456800');
		corrected.source.reason = 'correction';
		const out = await run([corrected]);
		expect(out.confirmed[0].result.outcome).toBe('accepted');
		expect(out.confirmed[0].result.message).toMatch(/correcting/);
		const pkgs = env.emu.inspect().orders[MULTI].packages;
		expect(pkgs.map((p) => [p.packageReferenceId, p.trackingNumber])).toEqual([
			['120101', '1Z999AA10123456784'],
			['120102', '1Z999AA10123456800'],
		]);
	});

	test("Amazon's refusal of one package: rejected, with the package that went through named", async () => {
		const f = twoBoxes();
		f.lines[1].amazonOrderItemId = '29999999999999'; // not on the order
		const out = await run([f]);
		const r = out.confirmed[0].result;
		expect(r.outcome).toBe('rejected');
		expect(r.errors).toHaveLength(1);
		expect(r.errors[0]).toMatchObject({
			code: 'InvalidInput',
			trackingNumber: '1Z999AA10123456791',
			amazonOrderId: MULTI,
		});
		expect(r.errors[0].description).toMatch(/OrderItemId 29999999999999 is invalid/);
		expect(r.message).toMatch(
			/Partially applied: Amazon has 1 package of it \(1Z999AA10123456784\)/,
		);
		expect(out.confirmed[0].submission.packages.map((p) => p.outcome)).toEqual([
			'confirmed',
			'rejected',
		]);
	});

	test('Other carriers send carrierName; invalid fulfillments are never sent', async () => {
		const courier = fulfillment(1301, SECOND, [[1, '22000000000001', 1]], [['LOC-77', [[1, 1]]]], {
			shipMethod: 'Local Courier',
		});
		const broken = fulfillment(1302, SECOND, [[1, '22000000000001', 0]], [['LOC-78']]);
		const out = await run([courier, broken]);
		expect(out.invalid.map((i) => i.index)).toEqual([1]);
		const calls = confirmCalls(env.calls);
		expect(calls).toHaveLength(1);
		expect(JSON.parse(calls[0].body).packageDetail).toMatchObject({
			packageReferenceId: '130101',
			carrierCode: 'Other',
			carrierName: 'Speedy Local',
		});
	});
});

describe('Confirm Shipment: rate limit', () => {
	test('the 11th call of a burst waits for quota; no 429 reaches the user', async () => {
		const ids = Array.from({ length: 12 }, (_, i) => String(23000000000000 + i));
		env = await startAmazon([
			order(
				MULTI,
				ids.map((id) => [id, `SKU-${id}`, 1]),
			),
		]);
		const f = fulfillment(
			1401,
			MULTI,
			ids.map((id, i) => [i + 1, id, 1]),
			ids.map((id, i) => [`TRK${1000 + i}`, [[i + 1, 1]]]),
		);
		const out = await run([f]);
		expect(out.confirmed[0].result.outcome).toBe('accepted');
		expect(confirmCalls(env.calls)).toHaveLength(12);
		const stats = env.client.stats.confirmShipment;
		expect(stats.throttled).toBe(0);
		expect(stats.rateLimitWaitMs).toBeGreaterThan(0);
		expect(env.emu.inspect().orders[MULTI].packages).toHaveLength(12);
	});

	test('quota used by another execution: the 429 is waited out and the call succeeds', async () => {
		env = await startAmazon([
			order(MULTI, [
				['21000000000001', 'WIDGET-1', 3],
				['21000000000002', 'GADGET-2', 1],
			]),
		]);
		// Someone else empties Amazon's bucket first (a bad call still costs quota).
		const { createTestClient } = require('../../emulators/amazon/testkit');
		const other = createTestClient(env.emu.url);
		for (let i = 0; i < 10; i++)
			await other.sp('POST', `/orders/v0/orders/${MULTI}/shipmentConfirmation`, {});
		const out = await run([twoBoxes()]);
		expect(out.confirmed[0].result.outcome).toBe('accepted');
		expect(env.client.stats.confirmShipment.throttled).toBeGreaterThan(0);
		expect(JSON.stringify(out.confirmed[0].result)).not.toMatch(/429|QuotaExceeded/);
	});
});
