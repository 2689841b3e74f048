/**
 * Malformed fulfillments as NetSuite holds them, run through the whole template flow next to good
 * ones: each bad one gets a precise error on its own item (Invalid with field and fix, before
 * anything is sent; or Rejected with Amazon's reason), or a documented outcome; the good ones in
 * the same run are confirmed; every document uploaded to Amazon is well-formed XML.
 */
const { install } = require('./helpers/timewarp');

const clock = install({ scale: 300 });

const { startFlow, itemsOf } = require('./helpers/flow');
const { generateSeed } = require('../../emulators/seed/generate');
const { parseXml } = require('../../emulators/amazon/xml');

const GOOD = 6;
const seed = generateSeed({ count: GOOD });
const goodIds = seed.netsuite.itemFulfillments.filter((f) => f.packages.length).map((f) => f.id);

// Ship methods (NetSuite ship items) the cases use, next to the generated ones.
const SHIP = {
	'UPS Ground': '9001',
	huge: ['9101', `Spedition ${'Müller & Söhne '.repeat(20)}`],
	control: ['9102', 'Bell\u0007 Freight'],
	unknown: ['9103', 'Pigeon Post'],
	xml: ['9104', 'A&B <Freight> "Express"'],
	nonAscii: ['9105', 'Müller Spedition – Zürich'],
};
for (const v of Object.values(SHIP))
	if (Array.isArray(v)) seed.netsuite.items.push({ id: v[0], itemid: v[1], itemtype: 'ShipItem' });
const shipId = (k) => (Array.isArray(SHIP[k]) ? SHIP[k][0] : SHIP[k]);

/**
 * One case: a sales order, its fulfillment and the Amazon order, all valid unless `over` says
 * otherwise. expect: { invalid: [field, message] } | { rejected: message } | { accepted: why } |
 * { held: why } (not emitted by the trigger).
 */
const cases = [];
function kase(name, over, expectation) {
	const i = cases.length;
	const soId = String(800000 + 2 * i);
	const ifId = String(800000 + 2 * i + 1);
	const amazonOrderId = `114-${String(8000000 + i)}-${String(1000000 + i)}`;
	const itemId = String(50000000000000 + i * 10);
	const c = {
		name,
		expect: expectation,
		so: {
			id: soId,
			tranid: `SO${soId}`,
			trandate: '2026-11-15',
			status: 'F',
			amazonOrderId,
			amazonOrderStatus: '1',
			lines: [{ line: '1', item: '2001', quantity: 2, amazonOrderItemId: itemId }],
		},
		ifr: {
			id: ifId,
			tranid: `IF${ifId}`,
			createdFrom: soId,
			trandate: '2026-11-18',
			status: 'C',
			shipMethod: shipId('UPS Ground'),
			lastModified: '2026-11-18T10:00:00Z',
			sentToAmazon: false,
			lines: [{ line: '1', item: '2001', quantity: 2, orderLine: '1', amazonOrderItemId: itemId }],
			packages: [{ trackingNumber: `1ZBAD${String(i).padStart(3, '0')}0312345678`, weight: 1 }],
		},
		order: {
			amazonOrderId,
			marketplaceId: 'ATVPDKIKX0DER',
			orderStatus: 'Unshipped',
			fulfillmentChannel: 'MFN',
			items: [
				{ orderItemId: itemId, sellerSku: 'SKU-001', quantityOrdered: 2, quantityShipped: 0 },
			],
		},
	};
	over(c);
	cases.push(c);
	return c;
}
const line = (c, patch) => Object.assign(c.ifr.lines[0], patch);
const tracking = (c, t) => {
	c.ifr.packages[0].trackingNumber = t;
};

// Amazon order ID, as NetSuite holds it on the sales order.
const invalid = (field, message) => ({ invalid: [field, message] });
kase('order id missing', (c) => (c.so.amazonOrderId = null), invalid('amazonOrderId', /missing/));
kase('order id blank', (c) => (c.so.amazonOrderId = '   '), invalid('amazonOrderId', /missing/));
kase(
	'order id without dashes',
	(c) => (c.so.amazonOrderId = '11480000021000002'),
	invalid('amazonOrderId', /3-7-7/),
);
kase(
	'order id with spaces',
	(c) => (c.so.amazonOrderId = '114 8000003 1000003'),
	invalid('amazonOrderId', /3-7-7/),
);
kase(
	'order id mangled by a spreadsheet',
	(c) => (c.so.amazonOrderId = '1.14123E+16'),
	invalid('amazonOrderId', /3-7-7/),
);
kase(
	'order id with a short middle group',
	(c) => (c.so.amazonOrderId = '114-800005-1000005'),
	invalid('amazonOrderId', /3-7-7/),
);
kase(
	'order id with a suffix',
	(c) => (c.so.amazonOrderId = '114-8000006-1000006-2'),
	invalid('amazonOrderId', /3-7-7/),
);
// Item codes and quantities on the fulfillment line.
kase(
	'item code with 13 digits',
	(c) => line(c, { amazonOrderItemId: '1234567890123' }),
	invalid('lines[0].amazonOrderItemId', /not 14 digits/),
);
kase(
	'item code is an ASIN',
	(c) => line(c, { amazonOrderItemId: 'B00551Q3CS' }),
	invalid('lines[0].amazonOrderItemId', /14 digits/),
);
kase(
	'item code missing (on the fulfillment line and the order line the trigger falls back to)',
	(c) => {
		line(c, { amazonOrderItemId: null });
		c.so.lines[0].amazonOrderItemId = null;
	},
	invalid('lines[0].amazonOrderItemId', /.+/),
);
kase(
	'item code with letters and digits',
	(c) => line(c, { amazonOrderItemId: '1234567890123X' }),
	invalid('lines[0].amazonOrderItemId', /14 digits/),
);
kase('quantity zero', (c) => line(c, { quantity: 0 }), invalid('lines[0].quantity', /.+/));
kase('quantity fractional', (c) => line(c, { quantity: 1.5 }), invalid('lines[0].quantity', /.+/));
// Tracking numbers.
kase(
	'tracking over 50 characters',
	(c) => tracking(c, `1Z${'9'.repeat(60)}`),
	invalid('packages[0].trackingNumber', /50/),
);
kase(
	// NetSuite's tracking text separates numbers with line breaks: read as two numbers.
	'tracking with a line break',
	(c) => tracking(c, '1Z999\n12345'),
	{ outcome: true },
);
kase(
	'tracking with a tab',
	(c) => tracking(c, '1Z999\t12345'),
	invalid('packages[0].trackingNumber', /.+/),
);
kase(
	'tracking with a NUL byte',
	(c) => tracking(c, '1Z99912345\u0000'),
	invalid('packages[0].trackingNumber', /.+/),
);
kase('tracking with XML special characters', (c) => tracking(c, `1Z<&>"'1234`), { exact: true });
kase('tracking with non-ASCII characters', (c) => tracking(c, '1ZÄÖÜ12345678'), { exact: true });
kase('tracking missing', (c) => (c.ifr.packages = []), { held: 'noTracking' });
// Ship methods and carriers.
kase(
	'huge free-text ship method (too long for CarrierName)',
	(c) => (c.ifr.shipMethod = shipId('huge')),
	invalid('carrierName', /.+/),
);
kase(
	'ship method with a control character',
	(c) => (c.ifr.shipMethod = shipId('control')),
	invalid('carrierName', /.+/),
);
kase('unknown carrier', (c) => (c.ifr.shipMethod = shipId('unknown')), {
	accepted: 'sent as Other with the ship method as CarrierName',
});
kase('ship method with XML special characters', (c) => (c.ifr.shipMethod = shipId('xml')), {
	accepted: 'escaped in the XML',
});
kase('non-ASCII ship method', (c) => (c.ifr.shipMethod = shipId('nonAscii')), {
	accepted: 'UTF-8 in the XML',
});
// Dates.
kase(
	'ship date in the future',
	(c) => (c.ifr.trandate = '2027-06-01'),
	invalid('shipDate', /future/),
);
// Lines.
kase(
	'duplicate lines of one order item',
	(c) => {
		c.so.lines[0].quantity = 3;
		c.order.items[0].quantityOrdered = 3;
		line(c, { quantity: 1 });
		c.ifr.lines.push({ ...c.ifr.lines[0], line: '2', quantity: 2 });
	},
	{ accepted: 'merged into one Item with quantity 3' },
);
// Only Amazon can judge these: they go out and come back Rejected with Amazon's reason.
kase('quantity above what was ordered', (c) => line(c, { quantity: 5 }), {
	rejected: /quantity|left to ship|more/i,
});
kase('order unknown to Amazon', (c) => (c.order = null), { rejected: /order|18028/i });
kase('item not on the Amazon order', (c) => line(c, { amazonOrderItemId: '99999999999999' }), {
	rejected: /item|99002/i,
});
kase('Amazon order cancelled', (c) => (c.order.orderStatus = 'Canceled'), { rejected: /cancel/i });

for (const c of cases) {
	seed.netsuite.salesOrders.push(c.so);
	seed.netsuite.itemFulfillments.push(c.ifr);
	if (c.order) seed.amazonOrders.push(c.order);
}

let flow;
let run;
const byFulfillment = new Map();
beforeAll(async () => {
	flow = await startFlow({ seed, clock });
	run = await flow.tick();
	const outputs = {
		invalid: itemsOf(run, flow.names.feed, 1),
		done: itemsOf(run, flow.names.status, 0),
		rejected: itemsOf(run, flow.names.status, 1),
		failed: itemsOf(run, flow.names.status, 3),
	};
	for (const [where, items] of Object.entries(outputs))
		for (const item of items)
			byFulfillment.set(item.fulfillmentId, [
				...(byFulfillment.get(item.fulfillmentId) ?? []),
				{ where, item },
			]);
}, 60_000);
afterAll(async () => {
	await flow?.close();
	clock.uninstall();
});

test('the corpus has at least 30 malformed fulfillments', () => {
	expect(cases.length).toBeGreaterThanOrEqual(30);
});

test('the run finishes; nothing failed as a whole', () => {
	expect(run.status).toBe('success');
	expect(itemsOf(run, flow.names.status, 3)).toEqual([]);
});

test('the good fulfillments in the same run are confirmed and marked sent', () => {
	const ns = flow.emulators.netsuite.inspect().itemFulfillments;
	for (const id of goodIds) {
		expect(byFulfillment.get(id)?.map((x) => x.where)).toEqual(['done']);
		expect(ns[id].sentToAmazon).toBe(true);
	}
});

describe.each(cases.map((c) => [c.name, c]))('%s', (name, c) => {
	test('gets its own precise outcome', () => {
		const got = byFulfillment.get(c.ifr.id) ?? [];
		const ns = flow.emulators.netsuite.inspect().itemFulfillments[c.ifr.id];
		if (c.expect.held) {
			expect(got).toEqual([]);
			expect(ns.sentToAmazon).toBe(false);
			return;
		}
		expect(got).toHaveLength(1);
		const [{ where, item }] = got;
		if (c.expect.invalid) {
			const [field, message] = c.expect.invalid;
			expect(where).toBe('invalid');
			const problem = item.amazon.validation.find((p) => p.field === field);
			expect(problem).toBeDefined();
			expect(problem.message).toMatch(message);
			expect(problem.fix).toBeTruthy();
			// The fix is written to NetSuite; the fulfillment stays unsent until corrected.
			expect(ns.sentToAmazon).toBe(false);
			expect(ns.error).toContain(problem.message.slice(0, 30));
		} else if (c.expect.rejected) {
			expect(where).toBe('rejected');
			const errors = item.amazon.result.errors;
			expect(errors.length).toBeGreaterThan(0);
			expect(`${errors.map((e) => `${e.code} ${e.description}`).join(' ')}`).toMatch(
				c.expect.rejected,
			);
			expect(ns.sentToAmazon).toBe(false);
			expect(ns.error).toBeTruthy();
		} else if (c.expect.accepted) {
			expect(where).toBe('done');
			expect(ns.sentToAmazon).toBe(true);
		} else {
			// Either outcome is acceptable, as long as it is on this item alone and says why.
			expect(['invalid', 'done', 'rejected']).toContain(where);
			if (where !== 'done') expect(ns.error).toBeTruthy();
			c.outcome = where;
			if (c.expect.exact) {
				// Sent as NetSuite holds it (escaped in the XML), or refused: never changed.
				const sent = item.amazon.submission?.packages?.map((p) => p.trackingNumber) ?? [];
				if (where !== 'invalid') expect(sent).toEqual([c.ifr.packages[0].trackingNumber]);
				if (where === 'done') {
					const order = flow.emulators.amazon.inspect().orders[c.order.amazonOrderId];
					expect(order.packages.map((p) => p.trackingNumber)).toEqual(sent);
				}
			}
		}
	});
});

test('every document sent to Amazon is well-formed XML, and only valid fulfillments were in it', () => {
	const amazon = flow.emulators.amazon;
	const feeds = amazon.inspect().feeds;
	expect(feeds.length).toBeGreaterThan(0);
	const invalidIds = new Set(cases.filter((c) => c.expect.invalid).map((c) => c.ifr.id));
	for (const f of feeds) {
		const text = amazon.feedDocument(f.feedId);
		expect(() => parseXml(text)).not.toThrow();
		expect(f.status).toBe('DONE');
		for (const id of invalidIds) expect(text).not.toContain(`<MerchantFulfillmentID>${id}<`);
	}
});

test('outcomes of the cases with a judgement call are printed', () => {
	const lines = cases
		.filter((c) => c.outcome || c.expect.accepted || c.expect.held || c.expect.exact)
		.map((c) => {
			const [{ where, item } = {}] = byFulfillment.get(c.ifr.id) ?? [];
			const why =
				item?.amazon?.validation?.map((p) => `${p.field}: ${p.message}`).join('; ') ??
				item?.amazon?.result?.message ??
				c.expect.held ??
				'';
			return `  ${c.name}: ${where ?? 'not emitted'} — ${String(why).slice(0, 160)}`;
		});
	console.log(`Bad input, outcomes:\n${lines.join('\n')}`);
	expect(lines.length).toBeGreaterThan(0);
});
