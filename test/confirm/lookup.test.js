'use strict';

const { runConfirmShipment } = require('../../core/confirm/run');
const { startAmazon, order, mapper, fulfillment, confirmCalls } = require('./helpers');

const REPEAT = '114-3000001-3000001';
const CANCELLED = '114-3000002-3000002';
const FBA = '114-3000003-3000003';
const LATE = '114-3000004-3000004';
const ELSEWHERE = '114-3000005-3000005';
const SAME_DAY = '114-3000006-3000006';

let env;
beforeEach(async () => {
	env = await startAmazon([
		// WIDGET-1 on two order items: 2 + 3 units; GADGET-2 once.
		order(REPEAT, [
			['31000000000001', 'WIDGET-1', 2],
			['31000000000002', 'GADGET-2', 1],
			['31000000000003', 'WIDGET-1', 3],
		]),
		order(CANCELLED, [['32000000000001', 'WIDGET-1', 1]], { orderStatus: 'Canceled' }),
		order(FBA, [['33000000000001', 'WIDGET-1', 1]], { fulfillmentChannel: 'AFN' }),
		order(LATE, [['34000000000001', 'WIDGET-1', 1]], { latestShipDate: '2026-11-19T23:59:59Z' }),
		order(ELSEWHERE, [['35000000000001', 'WIDGET-1', 1]]),
		order(SAME_DAY, [['36000000000001', 'WIDGET-1', 1]], { purchaseDate: '2026-11-20T09:30:00Z' }),
	]);
});
afterEach(() => env.close());

const run = (fulfillments, lookUpOrders = true) =>
	runConfirmShipment(env.client, fulfillments, mapper(), {
		clock: env.clock,
		lookUpOrders,
	});

const getOrderCalls = () => env.calls.filter((c) => /orders\/2026-01-01\/orders\//.test(c.url));

/** Confirms a package directly, as Seller Central or a Buy Shipping label would. */
const confirmElsewhere = (orderId, ref, tracking, orderItemId, quantity = 1) =>
	env.client.confirmShipment(orderId, {
		marketplaceId: 'ATVPDKIKX0DER',
		packageDetail: {
			packageReferenceId: ref,
			carrierCode: 'UPS',
			trackingNumber: tracking,
			shipDate: '2026-11-20T09:00:00Z',
			orderItems: [{ orderItemId, quantity }],
		},
	});

describe('Look up the order first', () => {
	test('the looked-up purchase time keeps a same-day ship date from being before the order (issue 15)', async () => {
		const f = fulfillment(2160, SAME_DAY, [[1, '36000000000001', 1]], [['1Z999AA10123450060']]);
		const out = await run([f]);
		expect(out.invalid).toEqual([]);
		const pkg = env.emu.inspect().orders[SAME_DAY].packages;
		expect(pkg).toHaveLength(1);
		// NetSuite says 2026-11-20 (midnight UTC, before the 09:30 order): sent at the purchase time.
		expect(pkg[0].shipDate).toBe('2026-11-20T09:30:00Z');
	});

	test('SKU matching with a SKU on two order items consumes their remaining quantities in order', async () => {
		// Two fulfillments of one order, no order item IDs in NetSuite.
		const first = fulfillment(
			2101,
			REPEAT,
			[
				[1, undefined, 2, 'WIDGET-1'],
				[2, undefined, 1, 'GADGET-2'],
			],
			[['1Z999AA10123450001']],
		);
		const second = fulfillment(
			2102,
			REPEAT,
			[[1, undefined, 3, 'widget-1']],
			[['1Z999AA10123450002']],
		);
		const out = await run([first, second]);
		expect(out.invalid).toEqual([]);
		expect(getOrderCalls()).toHaveLength(1); // once per order, not per fulfillment
		const sent = out.confirmed.map((c) => c.submission.packages[0].items);
		expect(sent[0]).toEqual([
			{ amazonOrderItemId: '31000000000001', quantity: 2 },
			{ amazonOrderItemId: '31000000000002', quantity: 1 },
		]);
		expect(sent[1]).toEqual([{ amazonOrderItemId: '31000000000003', quantity: 3 }]);
		expect(out.confirmed[1].submission.notes.join(' ')).toMatch(
			/SKU widget-1\) matched to Amazon order item 31000000000003/,
		);
		expect(env.emu.inspect().orders[REPEAT].orderStatus).toBe('Shipped');
	});

	test('a line larger than any order item left with that SKU is refused before sending', async () => {
		const f = fulfillment(2103, REPEAT, [[1, undefined, 4, 'WIDGET-1']], [['1Z999AA10123450003']]);
		const out = await run([f]);
		expect(out.confirmed).toEqual([]);
		expect(out.invalid[0].problems[0].message).toMatch(
			/ships 4 × WIDGET-1.*31000000000001: 2 left, 31000000000003: 3 left/,
		);
		expect(confirmCalls(env.calls)).toHaveLength(0);
	});

	test('cancelled orders are skipped as rejected with the reason; nothing is sent', async () => {
		const f = fulfillment(2201, CANCELLED, [[1, '32000000000001', 1]], [['1Z999AA10123450010']]);
		const out = await run([f]);
		const r = out.confirmed[0].result;
		expect(r.outcome).toBe('rejected');
		expect(r.errors[0]).toMatchObject({ code: 'OrderCancelled', amazonOrderId: CANCELLED });
		expect(r.message).toMatch(/cancelled/);
		expect(confirmCalls(env.calls)).toHaveLength(0);
	});

	test('orders Amazon ships itself are done without a call', async () => {
		const f = fulfillment(2301, FBA, [[1, '33000000000001', 1]], [['1Z999AA10123450020']]);
		const out = await run([f]);
		expect(out.confirmed[0].result.outcome).toBe('accepted');
		expect(out.confirmed[0].result.message).toMatch(
			/Amazon confirms order .* itself \(it is fulfilled by Amazon/,
		);
		expect(out.confirmed[0].submission.packages[0].outcome).toBe('notSent');
		expect(confirmCalls(env.calls)).toHaveLength(0);
	});

	test('a package Amazon already has with the same tracking is not sent again', async () => {
		await confirmElsewhere(REPEAT, '7', '1Z999AA10123450030', '31000000000002');
		const before = confirmCalls(env.calls).length;
		const f = fulfillment(
			2401,
			REPEAT,
			[
				[1, '31000000000002', 1],
				[2, '31000000000001', 2],
			],
			[
				['1Z999AA10123450030', [[1, 1]]],
				['1Z999AA10123450031', [[2, 2]]],
			],
		);
		const out = await run([f]);
		expect(confirmCalls(env.calls).length - before).toBe(1);
		expect(out.confirmed[0].submission.packages.map((p) => p.outcome)).toEqual([
			'alreadyOnAmazon',
			'confirmed',
		]);
		expect(out.confirmed[0].result.outcome).toBe('accepted');
		expect(out.confirmed[0].result.message).toMatch(
			/Already on Amazon with the same tracking: 1Z999AA10123450030/,
		);
	});

	test('an order shipped in full outside this workflow (e.g. Buy Shipping) is skipped with a warning', async () => {
		await confirmElsewhere(ELSEWHERE, '5', 'AMZLABEL001', '35000000000001');
		const before = confirmCalls(env.calls).length;
		const f = fulfillment(2501, ELSEWHERE, [[1, '35000000000001', 1]], [['1Z999AA10123450040']]);
		const out = await run([f]);
		expect(confirmCalls(env.calls).length).toBe(before);
		const r = out.confirmed[0].result;
		expect(r.outcome).toBe('acceptedWithWarnings');
		expect(r.warnings[0].code).toBe('ShippedOutsideWorkflow');
		expect(r.message).toMatch(/AMZLABEL001/);
		expect(env.emu.inspect().orders[ELSEWHERE].packages).toHaveLength(1);
	});

	test('late confirmations are flagged and every result reports the latest ship date', async () => {
		const late = fulfillment(2601, LATE, [[1, '34000000000001', 1]], [['1Z999AA10123450050']]);
		const onTime = fulfillment(
			2602,
			ELSEWHERE,
			[[1, '35000000000001', 1]],
			[['1Z999AA10123450051']],
		);
		const out = await run([late, onTime]);
		const [a, b] = out.confirmed.map((c) => c.result);
		expect(a).toMatchObject({
			outcome: 'acceptedWithWarnings',
			late: true,
			latestShipDate: '2026-11-19T23:59:59Z',
		});
		expect(a.warnings[0]).toMatchObject({ code: 'LateConfirmation' });
		expect(a.warnings[0].description).toMatch(/^late: counts against your late-shipment rate/);
		expect(b).toMatchObject({
			outcome: 'accepted',
			late: false,
			latestShipDate: '2026-11-25T23:59:59Z',
		});
	});

	test('an unknown order is rejected without a confirm call', async () => {
		const f = fulfillment(
			2701,
			'114-9999999-9999999',
			[[1, '39000000000001', 1]],
			[['1Z999AA10123450060']],
		);
		const out = await run([f]);
		expect(out.confirmed[0].result.outcome).toBe('rejected');
		expect(out.confirmed[0].result.message).toMatch(/Amazon has no order 114-9999999-9999999/);
		expect(confirmCalls(env.calls)).toHaveLength(0);
	});

	test("without the lookup nothing is read and cancelled orders meet Amazon's own refusal", async () => {
		const f = fulfillment(2202, CANCELLED, [[1, '32000000000001', 1]], [['1Z999AA10123450011']]);
		const out = await run([f], false);
		expect(getOrderCalls()).toHaveLength(0);
		expect(out.confirmed[0].result.outcome).toBe('rejected');
		expect(out.confirmed[0].result.latestShipDate).toBeUndefined();
	});
});
