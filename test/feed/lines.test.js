const { CarrierMapper } = require('../../core/feed/carrierMapping');
const { prepareFulfillments } = require('../../core/feed/validate');
const { notGoodsKind, selectLinesToConfirm } = require('../../core/feed/lines');
const { buildFeedDocuments } = require('../../core/feed/batch');
const { carrierRules, base } = require('../fixtures/feed/fulfillments');

const NOW = Date.parse('2026-01-07T12:00:00Z');
const mapper = new CarrierMapper(carrierRules, { unmapped: 'other' });
const options = { now: NOW, defaultMarketplaceId: 'ATVPDKIKX0DER' };

const widget = {
	line: '1',
	sku: 'MUG-RED',
	quantity: 2,
	amazonOrderItemId: '12345678901234',
	itemType: 'InvtPart',
};
const insert = {
	line: '2',
	sku: 'PROMO-INSERT',
	itemId: '105',
	quantity: 1,
	itemType: 'NonInvtPart',
};
const withInsert = (over = {}) => base({ lines: [widget, insert], ...over });
const run = (f, extra = {}) => prepareFulfillments([f], mapper, { ...options, ...extra });

describe('item types', () => {
	test.each([
		['NonInvtPart', 'a non-inventory item'],
		['Non-inventory Item for Resale', 'a non-inventory item'],
		['Service', 'a service item'],
		['Discount', 'a discount item'],
		['Markup', 'a markup item'],
		['OthCharge', 'an other charge item'],
		['Other Charge', 'an other charge item'],
	])('%s is not shipped goods', (type, kind) => {
		expect(notGoodsKind(type)).toBe(kind);
	});

	test.each([
		['InvtPart'],
		['Inventory Item'],
		['Assembly'],
		['Kit'],
		[''],
		[undefined],
		['Something New'],
	])('%s counts as goods (or unknown)', (type) => {
		expect(notGoodsKind(type)).toBeUndefined();
	});
});

describe('default: leave out lines that are not shipped goods, refuse others', () => {
	test('a promo insert without an order item ID is left out, noted, and the rest is sent', () => {
		const { valid, invalid } = run(withInsert());
		expect(invalid).toEqual([]);
		expect(valid).toHaveLength(1);
		expect(valid[0].shipments.map((s) => s.items)).toEqual([
			[{ amazonOrderItemId: '12345678901234', quantity: 2 }],
		]);
		expect(valid[0].notes).toEqual([
			expect.stringMatching(
				/^Left out line 2 \(PROMO-INSERT\) \[item 105\]: a non-inventory item without an Amazon order item ID/,
			),
		]);
		// The document names only the widget.
		const [doc] = buildFeedDocuments(valid, { merchantIdentifier: 'A1EXAMPLESELLER' });
		expect(doc.document).toContain('<AmazonOrderItemCode>12345678901234</AmazonOrderItemCode>');
		expect(doc.document.match(/<Item>/g)).toHaveLength(1);
	});

	test('the input fulfillment is not changed (what NetSuite holds stays whole)', () => {
		const f = withInsert();
		const before = JSON.parse(JSON.stringify(f));
		run(f);
		expect(f).toEqual(before);
	});

	test('a line of goods without the ID refuses the fulfillment, with the right fix', () => {
		const gizmo = { line: '3', sku: 'GIZMO', quantity: 1, itemType: 'InvtPart' };
		const { valid, invalid } = run(withInsert({ lines: [widget, insert, gizmo] }));
		expect(valid).toEqual([]);
		const problems = invalid[0].problems;
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatchObject({ field: 'lines[1].amazonOrderItemId' });
		expect(problems[0].message).toBe(
			'Fulfillment IF4711 (internal id 4711): line 3 (GIZMO) has no Amazon order item ID (item type InvtPart)',
		);
		expect(problems[0].fix).toMatch(/OrderItemId .* onto the sales order line's custom column/);
		expect(problems[0].fix).toMatch(/Confirm Shipment .*Look Up the Order First.* by SKU/);
	});

	test('a line of unknown item type is refused, and the fix says how to let such lines be left out', () => {
		const { invalid } = run(
			withInsert({ lines: [widget, { line: '2', sku: 'CARD', quantity: 1 }] }),
		);
		expect(invalid[0].problems[0].fix).toMatch(/return the item type/);
	});

	test('a fulfillment of only a promo insert is invalid: no line has an Amazon order item ID', () => {
		const { valid, invalid } = run(withInsert({ lines: [insert] }));
		expect(valid).toEqual([]);
		expect(invalid[0].problems).toEqual([
			{
				field: 'lines',
				message: expect.stringMatching(
					/^Fulfillment IF4711 \(internal id 4711\): no line has an Amazon order item ID, so there is nothing to confirm \(left out: line 2 \(PROMO-INSERT\), a non-inventory item/,
				),
				fix: expect.stringMatching(
					/ships nothing sold on Amazon.*copy the line's Amazon OrderItemId/,
				),
			},
		]);
	});

	test('a line whose ID is malformed is never left out: the format problem is reported', () => {
		const bad = { ...insert, amazonOrderItemId: 'B00551Q3CS' };
		const { invalid } = run(withInsert({ lines: [widget, bad] }));
		expect(invalid[0].problems[0].message).toMatch(/not 14 digits/);
	});
});

describe('package contents', () => {
	test('a left-out line leaves the package contents; a box with only the insert is not confirmed', () => {
		const f = withInsert({
			lines: [widget, insert],
			packages: [
				{ packageId: '1', trackingNumber: '1ZAAA', lines: [{ line: '1', quantity: 2 }] },
				{ packageId: '2', trackingNumber: '1ZBBB', lines: [{ line: '2', quantity: 1 }] },
			],
			trackingNumbers: ['1ZAAA', '1ZBBB'],
		});
		const { valid, invalid } = run(f);
		expect(invalid).toEqual([]);
		expect(valid[0].shipments.map((s) => [s.trackingNumber, s.items])).toEqual([
			['1ZAAA', [{ amazonOrderItemId: '12345678901234', quantity: 2 }]],
		]);
		expect(valid[0].trackingNotSent).toEqual([]);
		expect(valid[0].notes).toEqual([
			expect.stringMatching(/^Left out line 2/),
			'Package 2 (tracking 1ZBBB) held only left-out lines and is not confirmed',
		]);
	});

	test('a box with the widget and the insert keeps the widget only', () => {
		const f = withInsert({
			packages: [
				{
					packageId: '1',
					trackingNumber: '1ZAAA',
					lines: [
						{ line: '1', quantity: 2 },
						{ line: '2', quantity: 1 },
					],
				},
			],
			trackingNumbers: ['1ZAAA'],
		});
		const { valid } = run(f);
		expect(valid[0].shipments).toHaveLength(1);
		expect(valid[0].shipments[0].items).toEqual([
			{ amazonOrderItemId: '12345678901234', quantity: 2 },
		]);
		expect(selectLinesToConfirm(f).fulfillment.packages[0].lines).toEqual([
			{ line: '1', quantity: 2 },
		]);
	});
});

describe('the other choices', () => {
	test("'Refuse the fulfillment' refuses the promo insert and says how to leave such lines out", () => {
		const { valid, invalid } = run(withInsert(), { linesWithoutOrderItemId: 'refuse' });
		expect(valid).toEqual([]);
		expect(invalid[0].problems[0].message).toMatch(
			/line 2 \(PROMO-INSERT\) has no Amazon order item ID \(it is a non-inventory item/,
		);
		expect(invalid[0].problems[0].fix).toMatch(
			/Lines Without an Amazon Order Item ID to leave out/,
		);
	});

	test("'Leave out every such line' also leaves out goods lines, and notes it", () => {
		const gizmo = { line: '3', sku: 'GIZMO', quantity: 1, itemType: 'InvtPart' };
		const { valid, invalid } = run(withInsert({ lines: [widget, insert, gizmo] }), {
			linesWithoutOrderItemId: 'leaveOutAll',
		});
		expect(invalid).toEqual([]);
		expect(valid[0].shipments[0].items).toEqual([
			{ amazonOrderItemId: '12345678901234', quantity: 2 },
		]);
		expect(valid[0].notes).toEqual([
			expect.stringMatching(/^Left out line 2 \(PROMO-INSERT\)/),
			expect.stringMatching(/^Left out line 3 \(GIZMO\): no Amazon order item ID/),
		]);
	});

	test("'Leave out every such line' with no line left is still invalid, with the copy-the-ID fix", () => {
		const gizmo = { line: '3', sku: 'GIZMO', quantity: 1, itemType: 'InvtPart' };
		const { invalid } = run(withInsert({ lines: [gizmo] }), {
			linesWithoutOrderItemId: 'leaveOutAll',
		});
		expect(invalid[0].problems).toHaveLength(1);
		expect(invalid[0].problems[0].message).toMatch(/no line has an Amazon order item ID/);
		expect(invalid[0].problems[0].fix).toMatch(/^Copy the line's Amazon OrderItemId/);
	});
});
