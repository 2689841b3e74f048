#!/usr/bin/env node
'use strict';

/*
 * Seed for the Amazon order audit: one order per state the audit must tell apart, with times
 * relative to `now` (the audit compares against the real clock). Each order's `scenario` names the
 * output it must land on (`expect`). Ship-by times and NetSuite change times are hours from now.
 *
 *   node emulators/seed/audit-seed.js [--now 2026-11-20T12:00:00Z] > audit-seed.json
 *
 * openOrdersSeed(n) is the benchmark's volume: n open merchant-fulfilled orders, a few per cent of
 * them shipped in NetSuite and lost, the rest not shipped yet.
 */

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const UK = 'A1F83G8C2ARO7P';
const HOUR = 3_600_000;

const ITEMS = [
	{ id: '101', itemid: 'WIDGET-1', displayname: 'Blue Widget', itemtype: 'InvtPart' },
	{ id: '102', itemid: 'GADGET-2', displayname: 'Gadget (2-pack)', itemtype: 'InvtPart' },
	{ id: '9001', itemid: 'UPS Ground', itemtype: 'ShipItem' },
];
const ORDER_STATUS_LIST = [
	{ id: '1', name: 'Pending' },
	{ id: '2', name: 'Fulfillment Processed' },
	{ id: '3', name: 'Partially Fulfilled' },
	{ id: '4', name: 'Error' },
];
const SAVED_SEARCHES = [
	{
		id: '1701',
		scriptId: 'customsearch_amz_if_to_send',
		title: 'Amazon fulfillments to send',
		recordType: 'itemfulfillment',
		criteria: { status: ['C'], sentToAmazon: false },
	},
];

/**
 * [scenario, expected output, { amazon: order overrides, fulfillments: [...] }]
 * expect: shippedNotConfirmed | shipByClosing | confirmedNotMarked | consistent | inFlight | notListed
 */
function scenarios() {
	return [
		// The flow lost it: shipped 10 h ago, never sent, no error; ship-by in 6 h.
		['lost-in-flow', 'shippedNotConfirmed', { shipByH: 6, ifs: [{ sent: false, modifiedH: -10 }] }],
		// Amazon refused it and nobody fixed it: the refusal marker makes the trigger skip it.
		[
			'refused-not-fixed',
			'shippedNotConfirmed',
			{
				shipByH: -4,
				ifs: [
					{
						sent: false,
						modifiedH: -30,
						error:
							'[fp:r1:0123456789abcdef] Amazon rejected it (5004): The carrier-code field contains an invalid value: UPSS.',
					},
				],
			},
		],
		// NetSuite says sent, Amazon has nothing: a wrong write-back or a package Amazon dropped.
		[
			'marked-sent-not-on-amazon',
			'shippedNotConfirmed',
			{ shipByH: 20, ifs: [{ sent: true, feedId: '777001', modifiedH: -5 }] },
		],
		// Two boxes shipped in two fulfillments; Amazon has the first only.
		[
			'second-fulfillment-missing',
			'shippedNotConfirmed',
			{
				shipByH: 30,
				qty: [1, 1],
				ifs: [
					{ sent: true, feedId: '777002', modifiedH: -12, onAmazon: true, items: [0] },
					{ sent: false, modifiedH: -8, items: [1] },
				],
			},
		],
		// Another marketplace of the same region (Canada).
		[
			'other-marketplace-ca',
			'shippedNotConfirmed',
			{ marketplaceId: CA, shipByH: 40, ifs: [{ sent: false, modifiedH: -6 }] },
		],
		// Not shipped in NetSuite; ship-by closes in 5 h: the late-shipment risk list.
		['ship-by-closing', 'shipByClosing', { shipByH: 5, ifs: [] }],
		// Picked but not shipped in NetSuite (status A); ship-by passed an hour ago.
		[
			'ship-by-passed-picked',
			'shipByClosing',
			{ shipByH: -1, ifs: [{ status: 'A', sent: false }] },
		],
		// Not shipped; ship-by in 3 days: nothing to say yet.
		['ship-by-later', 'consistent', { shipByH: 72, ifs: [] }],
		// Shipped 20 minutes ago: the flow is on it (grace period).
		['just-shipped', 'inFlight', { shipByH: 4, ifs: [{ sent: false, modifiedH: -1 / 3 }] }],
		// Amazon shows it shipped (feed applied) but NetSuite's sent flag never got ticked.
		[
			'write-back-lost',
			'confirmedNotMarked',
			{ shipped: 'feed', ifs: [{ sent: false, modifiedH: -3, onAmazon: true }] },
		],
		// A label bought on Amazon confirms the shipment itself; NetSuite holds the same tracking.
		[
			'amazon-bought-label',
			'confirmedNotMarked',
			{ shipped: 'buyShipping', ifs: [{ sent: false, modifiedH: -2, onAmazon: true }] },
		],
		// A label bought on Amazon and no NetSuite fulfillment: Amazon is right, nothing to do.
		['amazon-bought-label-no-netsuite', 'consistent', { shipped: 'buyShipping', ifs: [] }],
		// Shipped, confirmed and marked: the normal case.
		[
			'confirmed-and-marked',
			'consistent',
			{ shipped: 'feed', ifs: [{ sent: true, feedId: '777003', modifiedH: -4, onAmazon: true }] },
		],
		// FBA: Amazon ships it; never the seller's to confirm (left out by fulfilledBy=MERCHANT).
		['fba-order', 'notListed', { channel: 'AFN', shipByH: 2, ifs: [] }],
		// Cancelled by Amazon; NetSuite shipped it anyway. Not open, not listed.
		[
			'cancelled-on-amazon',
			'notListed',
			{ cancelled: true, shipByH: 10, ifs: [{ sent: false, modifiedH: -9 }] },
		],
		// Another region (UK, EU): not among the NA marketplaces searched.
		[
			'other-region-uk',
			'notListed',
			{ marketplaceId: UK, shipByH: 3, ifs: [{ sent: false, modifiedH: -9 }] },
		],
	];
}

const pad = (n, w) => String(n).padStart(w, '0');
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const day = (ms) => new Date(ms).toISOString().slice(0, 10);
const PREFIX = { [US]: '114', [CA]: '702', [UK]: '203' };

/** Builds the Amazon order, sales order and fulfillments of scenario number k. */
function build(k, [scenario, expect, spec], now) {
	const marketplaceId = spec.marketplaceId || US;
	const amazonOrderId = `${PREFIX[marketplaceId]}-${pad(3000000 + k, 7)}-${pad(4000000 + k, 7)}`;
	const qty = spec.qty || [2];
	const items = qty.map((q, i) => ({
		orderItemId: `${pad(60000 + k, 5)}${pad(i + 1, 9)}`,
		sellerSku: ITEMS[i].itemid,
		asin: `B0000001${pad(i, 2)}`,
		quantityOrdered: q,
		quantityShipped: 0,
	}));
	const soId = String(1000000 + k);
	const fulfillments = [];
	const packages = [];
	(spec.ifs || []).forEach((f, j) => {
		const id = String(2000000 + k * 10 + j);
		const lineIdx = f.items || qty.map((_, i) => i);
		const tracking = `1Z999AA1${pad(k, 4)}${pad(j, 6)}`;
		const shipped = (f.status || 'C') === 'C';
		if (f.onAmazon || spec.shipped) {
			if (f.onAmazon) {
				packages.push({
					trackingNumber: tracking,
					carrierCode: 'UPS',
					shippingMethod: 'Ground',
					shipDate: iso(now + (f.modifiedH || -1) * HOUR),
					via: spec.shipped || 'feed',
					items: lineIdx.map((i) => ({ orderItemId: items[i].orderItemId, quantity: qty[i] })),
				});
				for (const i of lineIdx) items[i].quantityShipped = qty[i];
			}
		}
		fulfillments.push({
			id,
			scenario,
			tranid: `IF${id}`,
			createdFrom: soId,
			trandate: day(now + (f.modifiedH || -1) * HOUR),
			status: f.status || 'C',
			shipMethod: '9001',
			lastModified: iso(now + (f.modifiedH || -1) * HOUR),
			sentToAmazon: !!f.sent,
			...(f.feedId ? { feedId: f.feedId } : {}),
			...(f.error ? { error: f.error } : {}),
			lines: lineIdx.map((i, n) => ({
				line: String(n + 1),
				item: ITEMS[i].id,
				quantity: qty[i],
				orderLine: String(i + 1),
				amazonOrderItemId: items[i].orderItemId,
			})),
			packages: shipped ? [{ trackingNumber: tracking, weight: 1 }] : [],
		});
	});
	if (spec.shipped && packages.length === 0) {
		// Bought on Amazon with no NetSuite fulfillment at all.
		packages.push({
			trackingNumber: `1ZAMZ${pad(k, 13)}`,
			carrierCode: 'UPS',
			shipDate: iso(now - 2 * HOUR),
			via: spec.shipped,
			items: items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantityOrdered })),
		});
		for (const i of items) i.quantityShipped = i.quantityOrdered;
	}
	const shippedUnits = items.reduce((n, i) => n + i.quantityShipped, 0);
	const allShipped = items.every((i) => i.quantityShipped >= i.quantityOrdered);
	const orderStatus = spec.cancelled
		? 'Canceled'
		: allShipped && shippedUnits > 0
			? 'Shipped'
			: shippedUnits > 0
				? 'PartiallyShipped'
				: 'Unshipped';
	const purchase = now - 3 * 24 * HOUR - k * 60_000;
	const amazonOrder = {
		amazonOrderId,
		scenario,
		expect,
		marketplaceId,
		orderStatus,
		fulfillmentChannel: spec.channel || 'MFN',
		purchaseDate: iso(purchase),
		lastUpdated: iso(packages.length ? now - HOUR : purchase),
		latestShipDate: iso(now + (spec.shipByH ?? -24) * HOUR),
		items,
		packages,
	};
	const salesOrder = {
		id: soId,
		tranid: `SO${soId}`,
		trandate: day(purchase),
		status: 'B',
		entity: '3001',
		amazonOrderId,
		amazonOrderStatus: '1',
		...(marketplaceId !== US ? { marketplaceId } : {}),
		lines: items.map((i, n) => ({
			line: String(n + 1),
			item: ITEMS[n].id,
			quantity: i.quantityOrdered,
			amazonOrderItemId: i.orderItemId,
		})),
	};
	return { amazonOrder, salesOrder, fulfillments };
}

function assemble(parts, now) {
	return {
		_comment:
			'Amazon order audit seed (emulators/seed/audit-seed.js): one order per state; `expect` on each Amazon order is the audit output it must land on.',
		now: iso(now),
		marketplaceId: US,
		amazonOrders: parts.map((p) => p.amazonOrder),
		netsuite: {
			items: ITEMS,
			orderStatusList: ORDER_STATUS_LIST,
			salesOrders: parts.map((p) => p.salesOrder),
			itemFulfillments: parts.flatMap((p) => p.fulfillments),
			savedSearches: SAVED_SEARCHES,
		},
	};
}

/** The audit seed; `now` (epoch ms) defaults to the current time. */
function auditSeed({ now = Date.now() } = {}) {
	return assemble(
		scenarios().map((s, k) => build(k + 1, s, now)),
		now,
	);
}

/**
 * n open merchant-fulfilled orders for the benchmark: every 50th shipped in NetSuite and lost,
 * every 20th closing its ship-by window within 24 h, the rest due later.
 */
function openOrdersSeed(n, { now = Date.now() } = {}) {
	const parts = [];
	for (let k = 1; k <= n; k++) {
		const spec =
			k % 50 === 0
				? [
						'bench-lost',
						'shippedNotConfirmed',
						{ shipByH: 30, ifs: [{ sent: false, modifiedH: -6 }] },
					]
				: k % 20 === 0
					? ['bench-closing', 'shipByClosing', { shipByH: 8, ifs: [] }]
					: ['bench-later', 'consistent', { shipByH: 60, ifs: [] }];
		const part = build(k, spec, now);
		// Spread purchases over 25 days so createdAfter windows matter.
		part.amazonOrder.purchaseDate = iso(now - 25 * 24 * HOUR + k * 200_000);
		parts.push(part);
	}
	return assemble(parts, now);
}

module.exports = { auditSeed, openOrdersSeed, US, CA, UK };

if (require.main === module) {
	const i = process.argv.indexOf('--now');
	const now = i > 0 ? Date.parse(process.argv[i + 1]) : Date.now();
	process.stdout.write(`${JSON.stringify(auditSeed({ now }), null, 1)}\n`);
}
