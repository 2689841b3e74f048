'use strict';
/**
 * What "nothing lost, nothing duplicated" means, checked against what Amazon and NetSuite hold.
 *
 * A box is one package of one fulfillment: (Amazon order, tracking number). Amazon should hold
 * exactly the boxes the flow can describe: every package when NetSuite knows what went into each
 * box, else one package with the first tracking number (the others cannot be sent: nobody knows
 * what is in them; core/feed/shipments.ts).
 *
 * - duplicate: a SECOND package on Amazon for the same box (same order and tracking number), a
 *   package the seller never shipped, or more units confirmed shipped than NetSuite shipped.
 * - re-send: the same package confirmed again (Amazon's `confirmations` > 1). Amazon updates the
 *   package in place; the buyer sees one box. Counted and reported, not a duplicate.
 * - lost: a box missing on Amazon, fewer units confirmed than shipped, or a fulfillment NetSuite
 *   does not show as sent (with its feed ID) although Amazon has it.
 */

const norm = (t) =>
	String(t ?? '')
		.trim()
		.toUpperCase();

/** fulfillmentId → { amazonOrderId, salesOrderId, boxes: [tracking], units: { orderItemId: qty } } */
function expectedFromSeed(seed, { only } = {}) {
	const salesOrders = new Map(seed.netsuite.salesOrders.map((so) => [String(so.id), so]));
	const out = new Map();
	for (const f of seed.netsuite.itemFulfillments) {
		if (only && !only.has(String(f.id))) continue;
		const packages = f.packages ?? [];
		if (f.status !== 'C' || packages.length === 0 || f.sentToAmazon) continue;
		const so = salesOrders.get(String(f.createdFrom));
		const known = packages.every((p) =>
			(f.lines ?? []).some((l) => norm(l.packageTracking) === norm(p.trackingNumber)),
		);
		const boxes = known ? packages.map((p) => p.trackingNumber) : [packages[0].trackingNumber];
		const units = {};
		for (const l of f.lines ?? []) {
			const id = l.amazonOrderItemId;
			units[id] = (units[id] ?? 0) + Number(l.quantity);
		}
		out.set(String(f.id), {
			fulfillmentId: String(f.id),
			amazonOrderId: so?.amazonOrderId,
			salesOrderId: String(f.createdFrom),
			salesOrderStatus: so?.status,
			boxes,
			units,
		});
	}
	return out;
}

/**
 * @param expected  expectedFromSeed(...)
 * @param state     { amazon: amazon.inspect(), netsuite: netsuite.inspect() }
 * @returns figures and the problems found (each a sentence naming the fulfillment)
 */
function checkConvergence(expected, state) {
	const orders = state.amazon.orders;
	const feeds = new Map(state.amazon.feeds.map((f) => [String(f.feedId), f]));
	const fulfillments = state.netsuite.itemFulfillments;
	const salesOrders = state.netsuite.salesOrders;
	const duplicates = [];
	const lost = [];
	const wrongState = [];
	let boxes = 0;
	let resends = 0;
	let confirmed = 0;
	const resent = [];

	for (const e of expected.values()) {
		const label = `fulfillment ${e.fulfillmentId} (order ${e.amazonOrderId})`;
		const order = orders[e.amazonOrderId];
		if (!order) {
			lost.push(`${label}: Amazon has no such order`);
			continue;
		}
		const want = new Set(e.boxes.map(norm));
		const byBox = new Map();
		for (const p of order.packages) {
			const k = norm(p.trackingNumber);
			byBox.set(k, [...(byBox.get(k) ?? []), p]);
		}
		let complete = true;
		for (const box of want) {
			const found = byBox.get(box) ?? [];
			if (found.length === 0) {
				lost.push(`${label}: box ${box} is not on Amazon`);
				complete = false;
			}
			if (found.length > 1)
				duplicates.push(`${label}: ${found.length} packages on Amazon for box ${box}`);
			for (const p of found) {
				boxes++;
				if (p.confirmations > 1) {
					resends += p.confirmations - 1;
					resent.push(`${label} box ${box}: confirmed ${p.confirmations} times`);
				}
			}
		}
		for (const [box, list] of byBox)
			if (!want.has(box))
				duplicates.push(`${label}: package ${box} on Amazon is not a box of this fulfillment`);
		for (const item of order.items) {
			const shipped = e.units[item.orderItemId] ?? 0;
			if (item.quantityShipped > shipped)
				duplicates.push(
					`${label}: item ${item.orderItemId} confirmed ${item.quantityShipped} shipped, NetSuite shipped ${shipped}`,
				);
			else if (item.quantityShipped < shipped) {
				lost.push(
					`${label}: item ${item.orderItemId} confirmed ${item.quantityShipped} shipped, NetSuite shipped ${shipped}`,
				);
				complete = false;
			}
		}
		if (complete) confirmed++;

		const ns = fulfillments[e.fulfillmentId];
		if (!ns?.sentToAmazon) {
			lost.push(`${label}: NetSuite does not show it sent to Amazon`);
			continue;
		}
		const feed = feeds.get(String(ns.feedId));
		if (!feed)
			wrongState.push(`${label}: NetSuite feed ID ${ns.feedId} is not a feed Amazon knows`);
		else if (feed.status !== 'DONE')
			wrongState.push(`${label}: NetSuite names feed ${ns.feedId}, which ended ${feed.status}`);
		if (!ns.confirmedAt) wrongState.push(`${label}: no confirmation time in NetSuite`);
		const so = salesOrders[e.salesOrderId];
		const partial = /^[BDE]$/.test(String(e.salesOrderStatus ?? ''));
		const wantStatus = partial ? 'Partially Fulfilled' : 'Fulfillment Processed';
		if (so?.amazonOrderStatus !== wantStatus)
			wrongState.push(
				`${label}: sales order ${e.salesOrderId} shows "${so?.amazonOrderStatus}", expected "${wantStatus}"`,
			);
	}
	return {
		fulfillments: expected.size,
		confirmed,
		boxes,
		resends,
		resent,
		duplicates,
		lost,
		wrongState,
	};
}

module.exports = { expectedFromSeed, checkConvergence, norm };
