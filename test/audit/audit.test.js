'use strict';
/**
 * The Amazon Order Audit node against the emulators seeded with one order per state
 * (emulators/seed/audit-seed.js): each order lands on the output its scenario names, FBA,
 * cancelled and other-region orders are never listed, and the options write what they say.
 */
const { startEmulators } = require('../../emulators');
const { auditSeed } = require('../../emulators/seed/audit-seed');
const { auditRunner, runAudit } = require('./helpers');

let emulators;
let runner;
let seed;
const byScenario = new Map();

beforeEach(async () => {
	seed = auditSeed();
	for (const o of seed.amazonOrders) byScenario.set(o.scenario, o);
	emulators = await startEmulators({
		seed,
		amazon: { feedDelays: { inQueueMs: 0, inProgressMs: 0 } },
	});
	runner = await auditRunner(emulators);
});
afterEach(async () => {
	await emulators.close();
});

const scenarioOf = (amazonOrderId) =>
	seed.amazonOrders.find((o) => o.amazonOrderId === amazonOrderId)?.scenario;

test('each seeded order lands on the output its state calls for; consistent ones are only counted', async () => {
	const out = await runAudit(runner);
	expect(out.error).toBeNull();
	const landed = {};
	for (const name of ['shippedNotConfirmed', 'shipByClosing', 'confirmedNotMarked'])
		landed[name] = out[name].map((f) => scenarioOf(f.amazonOrderId)).sort();
	const expected = (name) =>
		seed.amazonOrders
			.filter((o) => o.expect === name)
			.map((o) => o.scenario)
			.sort();
	expect(landed.shippedNotConfirmed).toEqual(expected('shippedNotConfirmed'));
	expect(landed.shipByClosing).toEqual(expected('shipByClosing'));
	expect(landed.confirmedNotMarked).toEqual(expected('confirmedNotMarked'));
	expect(out.summary.counts).toMatchObject({
		shippedNotConfirmed: expected('shippedNotConfirmed').length,
		shipByClosing: expected('shipByClosing').length,
		confirmedNotMarked: expected('confirmedNotMarked').length,
		consistent: expected('consistent').length,
		inFlight: expected('inFlight').length,
		sentAgain: 0,
		markedSent: 0,
	});
	// FBA, cancelled and other-region orders are never read: only merchant-fulfilled open/shipped
	// orders of the NA marketplaces come back from searchOrders.
	const listed = ['shippedNotConfirmed', 'shipByClosing', 'confirmedNotMarked'].flatMap((n) =>
		out[n].map((f) => scenarioOf(f.amazonOrderId)),
	);
	for (const s of ['fba-order', 'cancelled-on-amazon', 'other-region-uk'])
		expect(listed).not.toContain(s);
	const checked = seed.amazonOrders.filter((o) => o.expect !== 'notListed').length;
	expect(out.summary.counts.ordersChecked).toBe(checked);
	// 2 searches (open, shipped lately), one page each; one SuiteQL read per page; no writes.
	expect(out.summary.calls).toEqual({ searchOrders: 2, suiteql: 2, recordUpdates: 0 });
	expect(emulators.amazon.stats().calls.searchOrders).toBe(2);
});

test('the reasons say what is wrong, with fulfillments, sent flag, error text and the ship-by time', async () => {
	const out = await runAudit(runner);
	const find = (scenario, list = out.shippedNotConfirmed) =>
		list.find((f) => f.amazonOrderId === byScenario.get(scenario).amazonOrderId);

	const refused = find('refused-not-fixed');
	expect(refused.hoursToShipBy).toBeLessThan(0);
	expect(refused.reason).toMatch(
		/^Shipped in NetSuite, not confirmed on Amazon: IF\d+ \(1Z\w+; not sent, error: \[fp:r1:/,
	);
	expect(refused.reason).toMatch(/ship-by window closed 4 h ago/);
	expect(refused.fulfillments[0]).toMatchObject({
		sent: false,
		onAmazon: false,
		errorText: expect.stringMatching(/UPSS/),
	});

	const markedSent = find('marked-sent-not-on-amazon');
	expect(markedSent.reason).toMatch(/marked sent \(feed 777001\)/);
	expect(markedSent.reason).toMatch(/closes in 20 h/);

	const partial = find('second-fulfillment-missing');
	expect(partial.amazonStatus).toBe('PARTIALLY_SHIPPED');
	expect(partial.fulfillments.map((f) => f.onAmazon)).toEqual([false]);
	expect(partial.reason).toMatch(/1 other package/);

	const ca = find('other-marketplace-ca');
	expect(ca.marketplaceId).toBe('A2EUQ1WTGCTBG2');

	const closing = find('ship-by-closing', out.shipByClosing);
	expect(closing.reason).toMatch(
		/Not shipped yet, ship-by window closes in 5 h: NetSuite has no fulfillment/,
	);
	const picked = find('ship-by-passed-picked', out.shipByClosing);
	expect(picked.reason).toMatch(/closed 1 h ago: NetSuite has IF\d+ \(status A\), not shipped/);

	const label = find('amazon-bought-label', out.confirmedNotMarked);
	expect(label.reason).toMatch(/^Confirmed on Amazon, not marked in NetSuite: Amazon holds 1Z/);

	// The summary reads worst first: not confirmed, latest ship-by first.
	expect(out.summary.worst[0]).toMatchObject({
		amazonOrderId: byScenario.get('refused-not-fixed').amazonOrderId,
		output: 'shippedNotConfirmed',
	});
	expect(out.summary.text.split('\n')[1]).toBe('5 shipped in NetSuite, not confirmed on Amazon');
});

test('Mark Sent ticks the sent flag of confirmed-but-unmarked fulfillments and says so on them; a second audit finds them consistent', async () => {
	const first = await runAudit(runner, { markSent: true });
	expect(first.summary.counts.markedSent).toBe(2);
	const state = emulators.netsuite.inspect().itemFulfillments;
	for (const finding of first.confirmedNotMarked) {
		for (const f of finding.fulfillments) {
			expect(f.action).toBe('marked sent');
			expect(state[f.fulfillmentId].sentToAmazon).toBe(true);
			expect(state[f.fulfillmentId].error).toMatch(
				/^\[audit .*\] Marked sent: Amazon already shows order/,
			);
		}
	}
	const second = await runAudit(runner);
	expect(second.confirmedNotMarked).toEqual([]);
	expect(second.summary.counts.consistent).toBe(first.summary.counts.consistent + 2);
});

test('Send Again clears the sent flag and the refusal marker, keeping the old error text', async () => {
	const out = await runAudit(runner, { sendAgain: true });
	expect(out.summary.counts.sentAgain).toBe(5);
	const state = emulators.netsuite.inspect().itemFulfillments;
	const refused = out.shippedNotConfirmed.find(
		(f) => f.amazonOrderId === byScenario.get('refused-not-fixed').amazonOrderId,
	);
	const f = state[refused.fulfillments[0].fulfillmentId];
	expect(f.sentToAmazon).toBe(false);
	expect(f.error).not.toMatch(/\[fp:/);
	expect(f.error).toMatch(
		/^\[audit .*\] Sent again: Amazon showed order .* unshipped without this package\. Before: Amazon rejected it \(5004\)/,
	);
	const markedSent = out.shippedNotConfirmed.find(
		(x) => x.amazonOrderId === byScenario.get('marked-sent-not-on-amazon').amazonOrderId,
	);
	expect(state[markedSent.fulfillments[0].fulfillmentId]).toMatchObject({ sentToAmazon: false });
	expect(state[markedSent.fulfillments[0].fulfillmentId].error).toMatch(
		/although it was marked sent/,
	);
	// The first box of the partly confirmed order is on Amazon: left alone.
	const partial = seed.netsuite.itemFulfillments.filter(
		(x) => x.scenario === 'second-fulfillment-missing',
	);
	expect(state[partial[0].id].sentToAmazon).toBe(true);
});
