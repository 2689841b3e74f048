'use strict';
/**
 * The whole template flow, end to end, in-process with n8n's execution engine against the
 * emulators: the same code path as `npm run demo` (scripts/demo/run.js). Assertions read the
 * emulators' final state (what Amazon and NetSuite now hold), not only the execution's items.
 *
 * Needs `npm run build` (dist/). DEMO_TEST_PACKAGE_DIR points at another package folder.
 */
const { runDemo, DemoError } = require('../../scripts/demo/run');
const { formatSummary } = require('../../scripts/demo/format');
const { ROOT, nodeOf } = require('../../scripts/demo/template');

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const seed = require('../../emulators/seed/default-seed.json');

const PACKAGE_DIR = process.env.DEMO_TEST_PACKAGE_DIR || ROOT;

/** What each seed scenario must end as with the template's settings. */
const EXPECTED = {
	'complete-single-package': 'accepted',
	'partial-first-of-two': 'accepted',
	'partial-second-of-two': 'accepted',
	'multi-package-known-contents': 'accepted',
	'multi-package-unknown-contents': 'accepted',
	'unmapped-carrier': 'accepted', // sent as Other with the ship method as carrier name
	'order-not-on-amazon': 'rejected',
	'quantity-exceeds-remaining': 'rejected',
	'amazon-order-cancelled': 'rejected',
	'other-marketplace-ca': 'accepted', // its marketplace field sends it in the Amazon.ca feed
	'line-not-on-amazon': 'accepted', // its promo insert (not goods, no order item ID) is left out
	'inventory-line-without-amazon-id': 'invalid', // goods without the order item ID: refused with the fix
	'no-tracking': 'not emitted',
	'already-sent': 'not emitted',
	'not-yet-shipped': 'not emitted',
};
/** Amazon's reason per rejected scenario (18028 is Amazon's; the 99xxx codes are the emulator's). */
const REJECTION_CODE = {
	'order-not-on-amazon': '18028',
	'quantity-exceeds-remaining': '99003',
	'amazon-order-cancelled': '99001',
};
const CARRIER = {
	'UPS Ground': 'UPS',
	'FedEx Home Delivery': 'FedEx',
	'USPS Priority Mail': 'USPS',
	'Acme Freight': 'Other',
};

const ns = seed.netsuite;
const fulfillments = ns.itemFulfillments;
const salesOrderOf = (f) => ns.salesOrders.find((s) => s.id === f.createdFrom);
const shipMethodOf = (f) => ns.items.find((i) => i.id === f.shipMethod).itemid;
const seedOrder = (id) => seed.amazonOrders.find((o) => o.amazonOrderId === id);
const itemOf = (line) => ns.items.find((i) => i.id === line.item);
/** Lines the feed node leaves out by default: no Amazon order item ID, and not an inventory item. */
const leftOut = (line) =>
	!line.amazonOrderItemId && !['InvtPart', 'Assembly'].includes(itemOf(line).itemtype);
const byOutcome = (outcome) => fulfillments.filter((f) => EXPECTED[f.scenario] === outcome);
/** The marketplace a fulfillment goes to: its sales order's (NetSuite field), else the seed default. */
const marketplaceOf = (f) => salesOrderOf(f).marketplaceId ?? seed.marketplaceId;
const sentMarketplaces = [
	...new Set([...byOutcome('accepted'), ...byOutcome('rejected')].map(marketplaceOf)),
].sort();

let outputDir;
let run;
const lines = [];

beforeAll(async () => {
	outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-test-'));
	run = await runDemo({ root: PACKAGE_DIR, outputDir, log: (line) => lines.push(line) });
}, 60_000);

afterAll(() => {
	if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
});

test('every seed fulfillment has an expected outcome', () => {
	expect(fulfillments.map((f) => f.scenario).sort()).toEqual(Object.keys(EXPECTED).sort());
});

/** The feed Amazon received a fulfillment in: the one for its marketplace. */
const feedOf = (f) =>
	run.emulatorState.amazon.feeds.find((feed) => feed.marketplaceId === marketplaceOf(f));

describe('Amazon, after the run', () => {
	const amazon = () => run.emulatorState.amazon;

	test('got one feed per marketplace, each processed to DONE', () => {
		expect(sentMarketplaces.length).toBeGreaterThan(1);
		expect(
			amazon()
				.feeds.map((f) => f.marketplaceId)
				.sort(),
		).toEqual(sentMarketplaces);
		for (const feed of amazon().feeds)
			expect(feed).toMatchObject({ feedType: 'POST_ORDER_FULFILLMENT_DATA', status: 'DONE' });
	});

	test('holds every valid fulfillment with its packages, items and quantities', () => {
		for (const f of byOutcome('accepted')) {
			const so = salesOrderOf(f);
			const order = amazon().orders[so.amazonOrderId];
			const tracking = f.packages.map((p) => p.trackingNumber);
			const mine = order.packages.filter((p) => tracking.includes(p.trackingNumber));
			const knownContents = f.lines.every((l) => l.packageTracking);
			// Unknown contents: one package (the first tracking number) with every line.
			expect(mine.map((p) => p.trackingNumber)).toEqual(knownContents ? tracking : [tracking[0]]);
			const sent = {};
			for (const p of mine) {
				expect(p.carrierCode).toBe(CARRIER[shipMethodOf(f)]);
				if (p.carrierCode === 'Other') expect(p.carrierName).toBe(shipMethodOf(f));
				expect(p.feedId).toBe(feedOf(f).feedId);
				for (const i of p.items) sent[i.orderItemId] = (sent[i.orderItemId] ?? 0) + i.quantity;
			}
			const shipped = {};
			for (const l of f.lines.filter((x) => !leftOut(x)))
				shipped[l.amazonOrderItemId] = (shipped[l.amazonOrderItemId] ?? 0) + l.quantity;
			expect(sent).toEqual(shipped);
			if (knownContents)
				for (const p of mine) {
					const inBox = f.lines.filter((l) => l.packageTracking === p.trackingNumber);
					expect(p.items.map((i) => [i.orderItemId, i.quantity]).sort()).toEqual(
						inBox.map((l) => [l.amazonOrderItemId, l.quantity]).sort(),
					);
				}
		}
	});

	test('partial fulfillments add up: the order with two fulfillments is fully shipped, once', () => {
		const partial = fulfillments.find((f) => f.scenario === 'partial-first-of-two');
		const order = amazon().orders[salesOrderOf(partial).amazonOrderId];
		for (const item of order.items) expect(item.quantityShipped).toBe(item.quantityOrdered);
		expect(order.packages).toHaveLength(2);
		expect(order.orderStatus).toBe('Shipped');
	});

	test('changed nothing for rejected, invalid or unsent fulfillments', () => {
		for (const f of fulfillments.filter((x) => EXPECTED[x.scenario] !== 'accepted')) {
			const order = amazon().orders[salesOrderOf(f).amazonOrderId];
			if (!order) continue;
			const before = seedOrder(salesOrderOf(f).amazonOrderId);
			expect(order.items.map((i) => i.quantityShipped)).toEqual(
				before.items.map((i) => i.quantityShipped),
			);
			const tracking = f.packages.map((p) => p.trackingNumber);
			expect(order.packages.filter((p) => tracking.includes(p.trackingNumber))).toEqual([]);
		}
	});

	test("each fulfillment is in its marketplace's feed document, invalid ones in none", () => {
		const doc = (feed) => fs.readFileSync(path.join(outputDir, `feed-${feed.feedId}.xml`), 'utf8');
		const tag = (f) => `<MerchantFulfillmentID>${f.id}</MerchantFulfillmentID>`;
		for (const f of byOutcome('invalid'))
			for (const feed of amazon().feeds) expect(doc(feed)).not.toContain(tag(f));
		for (const f of [...byOutcome('accepted'), ...byOutcome('rejected')])
			for (const feed of amazon().feeds)
				if (feed === feedOf(f)) expect(doc(feed)).toContain(tag(f));
				else expect(doc(feed)).not.toContain(tag(f));
	});
});

describe('NetSuite, after the run', () => {
	const record = (f) => run.emulatorState.netsuite.itemFulfillments[f.id];
	const order = (f) => run.emulatorState.netsuite.salesOrders[f.createdFrom];

	test('accepted fulfillments are marked sent with the feed ID and time, orders processed', () => {
		for (const f of byOutcome('accepted')) {
			expect(record(f)).toMatchObject({ sentToAmazon: true, feedId: String(feedOf(f).feedId) });
			expect(record(f).confirmedAt).toBeTruthy();
			// Empty, unless a tracking number could not be sent (next test).
			if (!f.lines.some((l) => !l.packageTracking) || f.packages.length < 2)
				expect(record(f).error || '').toBe('');
			expect(order(f).amazonOrderStatus).toBe('Fulfillment Processed');
		}
	});

	test('no tracking number is dropped in silence: each one of an accepted fulfillment is on Amazon, or named as not sent on the fulfillment in NetSuite and on the item', () => {
		const notSentSomewhere = [];
		for (const f of byOutcome('accepted')) {
			const packages = run.emulatorState.amazon.orders[salesOrderOf(f).amazonOrderId].packages;
			for (const { trackingNumber } of f.packages) {
				if (packages.some((p) => p.trackingNumber === trackingNumber)) continue;
				notSentSomewhere.push(trackingNumber);
				expect(record(f).error).toContain(trackingNumber);
				expect(record(f).error).toMatch(/^Not sent to Amazon: /);
				// NetSuite Update Order's item says it too.
				expect(
					run.summary.netsuite.warnings.some(
						(w) => w.includes(`itemFulfillment ${f.id}`) && w.includes(trackingNumber),
					),
				).toBe(true);
			}
		}
		// The seed's unknown-contents fulfillment has a second box: the case is really exercised.
		expect(notSentSomewhere.length).toBeGreaterThan(0);
	});

	test("the README's tracking-number claim says what happens when box contents are unknown", () => {
		const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		const claim = /sends \*\*every\*\* tracking number[^.]*\./.exec(readme)?.[0] ?? '';
		expect(claim).not.toBe('');
		// Every number goes only when NetSuite knows the box contents; the README must say so.
		expect(claim).toMatch(/box contents/);
		expect(claim).toMatch(/written on the fulfillment's error field as not sent/);
	});

	test("rejected fulfillments carry Amazon's reason, stay unsent, and flag the order", () => {
		for (const f of byOutcome('rejected')) {
			expect(record(f).sentToAmazon).toBe(false);
			expect(record(f).error).toContain(REJECTION_CODE[f.scenario]);
			expect(order(f).amazonOrderStatus).toBe('Error');
		}
	});

	test('the invalid fulfillment carries the fix and stays unsent', () => {
		expect(byOutcome('invalid').length).toBeGreaterThan(0);
		for (const f of byOutcome('invalid')) {
			expect(record(f).sentToAmazon).toBe(false);
			const missing = f.lines.filter((l) => !l.amazonOrderItemId);
			expect(missing.length).toBeGreaterThan(0);
			for (const l of missing)
				expect(record(f).error).toContain(
					`line ${l.line} (${itemOf(l).itemid}) has no Amazon order item ID`,
				);
			expect(record(f).error).toMatch(/Copy the line's Amazon OrderItemId .* sales order line/);
		}
	});

	test('every field the template writes exists in NetSuite (no ignored-field warnings)', () => {
		// The only warnings are the tracking numbers not sent (tested above).
		expect(run.summary.netsuite.warnings.filter((w) => !/: Not sent to Amazon: /.test(w))).toEqual(
			[],
		);
	});

	test('fulfillments the trigger skipped are untouched', () => {
		for (const f of byOutcome('not emitted')) {
			expect(record(f).sentToAmazon).toBe(Boolean(f.sentToAmazon));
			expect(record(f).error ?? null).toBeNull();
			expect(record(f).lastModified).toBe(f.lastModified);
		}
	});
});

describe('the demo run', () => {
	test('found, sent and sorted every fulfillment as expected, and agrees with the emulators', () => {
		const s = run.summary;
		const ids = (list) => list.map((x) => x.fulfillmentId).sort();
		expect(s.fulfillmentsFound).toBe(
			fulfillments.filter((f) => EXPECTED[f.scenario] !== 'not emitted').length,
		);
		expect(ids(s.accepted)).toEqual(
			byOutcome('accepted')
				.map((f) => f.id)
				.sort(),
		);
		expect(ids(s.rejected)).toEqual(
			byOutcome('rejected')
				.map((f) => f.id)
				.sort(),
		);
		expect(ids(s.invalid)).toEqual(
			byOutcome('invalid')
				.map((f) => f.id)
				.sort(),
		);
		expect(s.failed).toEqual([]);
		for (const r of s.rejected) {
			const f = fulfillments.find((x) => x.id === r.fulfillmentId);
			expect(r.reasons.map((x) => x.code)).toContain(REJECTION_CODE[f.scenario]);
		}
		for (const r of s.invalid) expect(r.problems[0].fix).toBeTruthy();
		// Lines left out of an accepted fulfillment are listed with the item and the reason.
		const withLeftOut = byOutcome('accepted').filter((f) => f.lines.some(leftOut));
		expect(withLeftOut.length).toBeGreaterThan(0);
		for (const f of withLeftOut) {
			const notes = s.accepted.find((a) => a.fulfillmentId === f.id).notes.join(' ');
			for (const l of f.lines.filter(leftOut))
				expect(notes).toMatch(
					new RegExp(
						`Left out line ${l.line} \\(${itemOf(l).itemid}\\).*without an Amazon order item ID`,
					),
				);
		}
		expect(s.crossCheck).toMatchObject({ ok: true, problems: [] });
	});

	test('really waited for Amazon through persisted waits, resumed from stored JSON', () => {
		expect(run.first.status).toBe('waiting');
		expect(run.first.persisted).toEqual(expect.any(String));
		expect(run.final.resumes).toBeGreaterThanOrEqual(1);
		expect(run.final.status).toBe('success');
		expect(run.final.executions.every((e) => e.executionId === run.first.executionId)).toBe(true);
		const status = nodeOf(run.workflow, 'status').name;
		// Pending at first (Amazon takes minutes), Done in the end.
		expect(run.final.items(status, 2, 0).length).toBeGreaterThan(0);
		expect(run.final.runData[status].length).toBe(run.final.resumes + 1);
	});

	test('a second scheduled poll finds nothing new to send', () => {
		expect(run.second.emitted).toBe(false);
		expect(run.second.pollError).toBeUndefined();
		expect(run.summary.secondPoll).toEqual({ emitted: 0, fulfillments: [] });
	});

	test('wrote the feed documents, the processing reports and summary.json', () => {
		const feeds = run.emulatorState.amazon.feeds;
		const files = fs.readdirSync(outputDir).sort();
		expect(files).toEqual(
			[
				...feeds.flatMap((f) => [`feed-${f.feedId}.xml`, `report-${f.feedId}.xml`]),
				'summary.json',
			].sort(),
		);
		for (const feed of feeds) {
			const report = fs.readFileSync(path.join(outputDir, `report-${feed.feedId}.xml`), 'utf8');
			expect(report).toContain('<MessageType>ProcessingReport</MessageType>');
			const rejectedHere = byOutcome('rejected').filter((f) => feedOf(f) === feed).length;
			expect(report).toContain(`<MessagesWithError>${rejectedHere}</MessagesWithError>`);
		}
		const summary = JSON.parse(fs.readFileSync(path.join(outputDir, 'summary.json'), 'utf8'));
		expect(summary.accepted).toHaveLength(byOutcome('accepted').length);
		expect(summary.feeds.map((f) => f.documentFile).sort()).toEqual(
			feeds.map((f) => `feed-${f.feedId}.xml`).sort(),
		);
	});

	test('shows progress per node run and a summary a seller can read', () => {
		const n = (outcome) => byOutcome(outcome).length;
		const found = n('accepted') + n('rejected') + n('invalid');
		const sent = n('accepted') + n('rejected');
		const has = (text) => lines.some((l) => l.includes(text));
		expect(has(`NetSuite Saved Search Trigger`.padEnd(38) + ` ${found} items`)).toBe(true);
		expect(has(`Submitted ${sent} · Invalid ${n('invalid')}`)).toBe(true);
		expect(has(`Done 0 · Rejected 0 · Pending ${sent} · Failed 0`)).toBe(true);
		expect(has('stored as waiting until')).toBe(true);
		// The feeds finish one after the other (Amazon runs a seller's feeds in sequence): the checks
		// add up to every sent fulfillment, and the last one leaves nothing pending.
		const checks = lines
			.map((l) =>
				/Amazon Feed Status.*Done (\d+) · Rejected (\d+) · Pending (\d+) · Failed (\d+)/.exec(l),
			)
			.filter(Boolean)
			.map((m) => m.slice(1).map(Number));
		const sum = (k) => checks.reduce((total, c) => total + c[k], 0);
		expect([sum(0), sum(1), sum(3)]).toEqual([n('accepted'), n('rejected'), 0]);
		expect(checks[checks.length - 1][2]).toBe(0);
		const text = formatSummary(run.summary, { outputDir: 'output' }).join('\n');
		expect(text).toMatch(new RegExp(`Accepted by Amazon.*\\s${n('accepted')}\\n`));
		expect(text).toMatch(/Amazon 18028: Your order cannot be found/);
		expect(text).toMatch(/fix: /);
		expect(text).toMatch(/Left out line \d+ \(.+\).*: a non-inventory item/);
		expect(text).toMatch(/nothing new to send/);
		expect(text).toMatch(/report-\d+\.xml/);
	});
});

test('says clearly when the package is not built', async () => {
	const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-unbuilt-'));
	fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(empty, 'package.json'));
	try {
		await expect(runDemo({ root: empty, outputDir: null })).rejects.toThrow(DemoError);
		await expect(runDemo({ root: empty, outputDir: null })).rejects.toThrow(/npm run build/);
	} finally {
		fs.rmSync(empty, { recursive: true, force: true });
	}
});
