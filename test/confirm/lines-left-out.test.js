'use strict';

const { runConfirmShipment } = require('../../core/confirm/run');
const { startAmazon, order, mapper, fulfillment, confirmCalls } = require('./helpers');

const ORDER = '114-3100001-3100001';

let env;
beforeEach(async () => {
	env = await startAmazon([order(ORDER, [['31100000000001', 'WIDGET-1', 2]])]);
});
afterEach(() => env.close());

const run = (fulfillments, extra = {}) =>
	runConfirmShipment(env.client, fulfillments, mapper(), {
		clock: env.clock,
		lookUpOrders: true,
		...extra,
	});

/** A widget matched by SKU and a promo insert (not sold on Amazon), neither with an order item ID. */
const withInsert = (lines) => fulfillment(2601, ORDER, lines, [['1Z999AA10123460001']], {});
const typed = (f, types) => ({
	...f,
	lines: f.lines.map((l, i) => (types[i] ? { ...l, itemType: types[i] } : l)),
});

describe('Confirm Shipment, lines without an Amazon order item ID', () => {
	test('with the order looked up, the promo insert is not matched by SKU but left out, and noted', async () => {
		const f = typed(
			withInsert([
				[1, undefined, 2, 'WIDGET-1'],
				[2, undefined, 1, 'PROMO-INSERT'],
			]),
			['InvtPart', 'NonInvtPart'],
		);
		const out = await run([f]);
		expect(out.invalid).toEqual([]);
		const c = out.confirmed[0];
		expect(c.result.outcome).toBe('accepted');
		expect(c.submission.packages[0].items).toEqual([
			{ amazonOrderItemId: '31100000000001', quantity: 2 },
		]);
		expect(c.submission.notes).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^Left out line 2 \(PROMO-INSERT\): a non-inventory item/),
				expect.stringMatching(
					/Line 1 \(SKU WIDGET-1\) matched to Amazon order item 31100000000001/,
				),
			]),
		);
		expect(confirmCalls(env.calls)).toHaveLength(1);
	});

	test('without the lookup the promo insert is left out too', async () => {
		const f = typed(
			withInsert([
				[1, '31100000000001', 2, 'WIDGET-1'],
				[2, undefined, 1, 'PROMO-INSERT'],
			]),
			['InvtPart', 'Service'],
		);
		const out = await run([f], { lookUpOrders: false });
		expect(out.confirmed[0].submission.packages[0].items).toEqual([
			{ amazonOrderItemId: '31100000000001', quantity: 2 },
		]);
		expect(out.confirmed[0].submission.notes.join(' ')).toMatch(/Left out line 2 .*a service item/);
	});

	test("'Refuse the fulfillment' keeps the old behaviour: the insert's SKU is not on the order", async () => {
		const f = typed(
			withInsert([
				[1, undefined, 2, 'WIDGET-1'],
				[2, undefined, 1, 'PROMO-INSERT'],
			]),
			['InvtPart', 'NonInvtPart'],
		);
		const out = await run([f], { linesWithoutOrderItemId: 'refuse' });
		expect(out.confirmed).toEqual([]);
		expect(out.invalid[0].problems[0].message).toMatch(
			/SKU PROMO-INSERT of line 2 is not on Amazon order/,
		);
		expect(confirmCalls(env.calls)).toHaveLength(0);
	});

	test("'Leave out every such line': a goods line no SKU matches is left out with the reason", async () => {
		const f = typed(
			withInsert([
				[1, undefined, 2, 'WIDGET-1'],
				[2, undefined, 1, 'GIZMO-3'],
			]),
			['InvtPart', 'InvtPart'],
		);
		const refused = await run([f]);
		expect(refused.invalid[0].problems[0].message).toMatch(
			/SKU GIZMO-3 of line 2 is not on Amazon order/,
		);
		const out = await run([f], { linesWithoutOrderItemId: 'leaveOutAll' });
		expect(out.invalid).toEqual([]);
		expect(out.confirmed[0].submission.packages[0].items).toEqual([
			{ amazonOrderItemId: '31100000000001', quantity: 2 },
		]);
		const notes = out.confirmed[0].submission.notes.join(' ');
		expect(notes).toMatch(/Not matched by SKU: SKU GIZMO-3 of line 2 is not on Amazon order/);
		expect(notes).toMatch(/Left out line 2 \(GIZMO-3\): no Amazon order item ID/);
	});
});
