'use strict';

const { runConfirmShipment } = require('../../core/confirm/run');
const { readRefusalMarker } = require('../../core/fulfillment/fingerprint');
const { buildPlan, classifyInput } = require('../../core/update/plan');
const { invalidItem, withAmazon } = require('../../nodes/AmazonShipmentFeed/helpers/output');
const { input } = require('../update/helpers');
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

/**
 * What NetSuite Update Order writes on the fulfillment for this run's result, the item shaped as
 * the node's Submitted (`confirmed`) or Invalid output carries it.
 */
function netSuiteWrite(out, f) {
	const index = 0;
	const sent = out.confirmed.find((c) => c.key === f.fulfillmentId);
	const refused = out.invalid.find((r) => r.fulfillment.fulfillmentId === f.fulfillmentId);
	const item = sent
		? withAmazon({ json: f }, index, { submission: sent.submission, result: sent.result })
		: invalidItem({ json: f }, { ...refused, index }, '2026-11-20T12:00:00Z');
	const classified = classifyInput(input(index, item.json));
	const plan = buildPlan([classified], { listValues: {}, orderStatus: {} }, '2026-11-20T12:10:00Z');
	const patch = plan.patches.find((p) => p.recordType === 'itemFulfillment');
	return patch.body;
}

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

	test('an unknown order with lines to match by SKU is invalid, and NetSuite marks that content refused', async () => {
		const f = fulfillment(
			2702,
			'114-9999999-9999998',
			[[1, undefined, 1, 'WIDGET-1']],
			[['1Z999AA10123450061']],
		);
		const out = await run([f]);
		expect(out.confirmed).toEqual([]);
		expect(out.invalid.map((r) => r.fulfillment.fulfillmentId)).toEqual(['2702']);
		expect(out.invalid[0].problems[0].message).toMatch(
			/could not be read from Amazon to match its SKU \(Amazon getOrder failed \(HTTP 404/,
		);
		expect(confirmCalls(env.calls)).toHaveLength(0);
		const body = netSuiteWrite(out, f);
		expect(readRefusalMarker(body.custbody_amz_ship_error)).toBeDefined();
		expect(body.custbody_amz_ship_confirmed).toBeUndefined();
	});

	test("without the lookup nothing is read and cancelled orders meet Amazon's own refusal", async () => {
		const f = fulfillment(2202, CANCELLED, [[1, '32000000000001', 1]], [['1Z999AA10123450011']]);
		const out = await run([f], false);
		expect(getOrderCalls()).toHaveLength(0);
		expect(out.confirmed[0].result.outcome).toBe('rejected');
		expect(out.confirmed[0].result.latestShipDate).toBeUndefined();
	});
});

describe('Look up the order first: Amazon does not answer the look-up in time', () => {
	const MATCHED = '114-3100001-3100001';
	const THROTTLED = '114-3100002-3100002';
	const WITH_IDS = '114-3100003-3100003';
	let late;
	beforeEach(async () => {
		late = await startAmazon(
			[
				order(MATCHED, [['37000000000001', 'WIDGET-1', 1]]),
				order(THROTTLED, [
					['38000000000001', 'WIDGET-1', 1],
					['38000000000002', 'GADGET-2', 1],
				]),
				order(WITH_IDS, [['39000000000001', 'WIDGET-1', 1]]),
			],
			{
				// Amazon lets one getOrder through, then answers 429; the look-up may wait 1 s for its turn.
				emulator: { rateLimitOverrides: { getOrder: { rate: 0.5, burst: 1 } } },
				client: { maxRateLimitWaitMs: { getOrder: 1000 } },
			},
		);
	});
	afterEach(() => late.close());

	const runLate = (fulfillments, options = {}) =>
		runConfirmShipment(late.client, fulfillments, mapper(), {
			clock: late.clock,
			lookUpOrders: true,
			...options,
		});

	test('a fulfillment that needs SKU matching is failed for the next run, not refused in NetSuite', async () => {
		const matched = fulfillment(
			2801,
			MATCHED,
			[[1, undefined, 1, 'WIDGET-1']],
			[['1Z999AA10123450070']],
		);
		const throttled = fulfillment(
			2802,
			THROTTLED,
			[[1, undefined, 1, 'WIDGET-1']],
			[['1Z999AA10123450071']],
		);
		const withIds = fulfillment(
			2803,
			WITH_IDS,
			[[1, '39000000000001', 1]],
			[['1Z999AA10123450072']],
		);
		const out = await runLate([matched, throttled, withIds]);

		expect(out.invalid).toEqual([]);
		expect(out.confirmed.map((c) => [c.key, c.result.outcome])).toEqual([
			['2801', 'accepted'],
			['2802', 'failed'],
			// All lines carry order item IDs: sent without the look-up, as before.
			['2803', 'accepted'],
		]);
		const r = out.confirmed[1].result;
		expect(r.errors[0]).toMatchObject({ code: 'QuotaExceeded', amazonOrderId: THROTTLED });
		expect(r.message).toMatch(
			/^Nothing was sent for .*IF2802.*order look-up .* was not done in time/,
		);
		expect(r.message).toMatch(/the next run looks the order up again and sends it\.$/);
		expect(out.confirmed[1].submission).toMatchObject({ method: 'confirmShipment', packages: [] });
		expect(late.emu.inspect().orders[THROTTLED].packages).toEqual([]);

		const body = netSuiteWrite(out, throttled);
		expect(body.custbody_amz_ship_error).toMatch(/^Amazon: failed\. Nothing was sent/);
		expect(readRefusalMarker(body.custbody_amz_ship_error)).toBeUndefined();
		expect(body.custbody_amz_ship_confirmed).toBeUndefined();
	});

	test('with "leave out every such line" the line to match is not left out for want of the look-up', async () => {
		await runLate([
			fulfillment(2804, MATCHED, [[1, '37000000000001', 1]], [['1Z999AA10123450073']]),
		]);
		const f = fulfillment(
			2805,
			THROTTLED,
			[
				[1, '38000000000002', 1, 'GADGET-2'],
				[2, undefined, 1, 'WIDGET-1'],
			],
			[['1Z999AA10123450074']],
		);
		const out = await runLate([f], { linesWithoutOrderItemId: 'leaveOutAll' });
		expect(out.confirmed.map((c) => c.result.outcome)).toEqual(['failed']);
		expect(late.emu.inspect().orders[THROTTLED].packages).toEqual([]);
	});
});

describe('Own packages by internal ID', () => {
	test('a fulfillment ID given with leading zeros still finds its own package on a fully shipped order', async () => {
		const first = fulfillment(
			2701,
			ELSEWHERE,
			[[1, '35000000000001', 1]],
			[['1Z999AA10123450090']],
		);
		expect((await run([first])).confirmed[0].result.outcome).toBe('accepted');
		// The same fulfillment, mapped from a spreadsheet as 0002701, with a corrected tracking number:
		// package 270101 is ours, so this is a correction and not a shipment made outside the workflow.
		const corrected = fulfillment(
			2701,
			ELSEWHERE,
			[[1, '35000000000001', 1]],
			[['1Z999AA10123450091']],
			{
				fulfillmentId: '0002701',
			},
		);
		const r = (await run([corrected])).confirmed[0].result;
		expect(r.warnings?.map((w) => w.code) ?? []).not.toContain('ShippedOutsideWorkflow');
		const packages = env.emu.inspect().orders[ELSEWHERE].packages;
		expect(packages).toHaveLength(1);
		expect(packages[0].trackingNumber).toBe('1Z999AA10123450091');
	});
});
