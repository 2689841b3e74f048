'use strict';
/**
 * A generated case (cases.js) made concrete: the emulators' seed, the fulfillments that appear on
 * later days, the corrections, the workflow settings, and the model the promise is checked
 * against (promise.js): for every fulfillment and every version of it, which boxes Amazon must
 * hold once it is confirmed and how many units of each order item.
 */
const path = require('node:path');

const { generateSeed } = require('../../../emulators/seed/generate');
const { MARKETPLACES, SHIP_METHODS } = require('./cases');

const DAY = 86_400_000;
const ROOT = path.join(__dirname, '..', '..', '..');
const TEMPLATES = {
	feed: path.join(ROOT, 'workflows', 'netsuite-fulfillments-to-amazon.json'),
	confirm: path.join(ROOT, 'workflows', 'netsuite-fulfillments-to-amazon-confirm-shipment.json'),
};
const ORDER_PREFIX = { US: '114', CA: '702', MX: '701', UK: '203', unknown: '114' };
const pad = (n, w) => String(n).padStart(w, '0');
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Unique tracking numbers in the ship method's format, or with odd characters. */
function trackingMaker() {
	let seq = 0;
	return (shipMethod, style) => {
		seq++;
		if (style === 'xml') return `1Z<&>"'${pad(seq, 6)}`;
		if (style === 'nonAscii') return `1ZÄÖÜ${pad(seq, 8)}`;
		if (shipMethod === 'fedex') return `7${pad(seq, 11)}`;
		if (shipMethod === 'ups') return `1Z9MDL00${pad(seq, 10)}`;
		return `ACME-${pad(seq, 8)}`;
	};
}

/**
 * @param scenario  from cases.scenarioArb
 * @param nowMs     the (warped) time the case starts
 */
function buildWorld(scenario, nowMs) {
	const { settings, faults } = scenario;
	const confirm = settings.template === 'confirm';
	const seed = generateSeed({ count: 0 });
	const track = trackingMaker();
	for (const [id, name] of Object.values(SHIP_METHODS))
		if (!seed.netsuite.items.some((i) => i.id === id))
			seed.netsuite.items.push({ id, itemid: name, itemtype: 'ShipItem' });
	if (settings.statusList === 'noPartial')
		seed.netsuite.orderStatusList = seed.netsuite.orderStatusList.filter(
			(s) => s.name !== 'Partially Fulfilled',
		);
	// Renamed in NetSuite, not in the workflow: the configured value is no longer in the list.
	if (settings.statusList === 'renamed')
		seed.netsuite.orderStatusList = seed.netsuite.orderStatusList.map((s) =>
			s.name === 'Fulfillment Processed' ? { ...s, name: 'Processed' } : s,
		);

	const model = { fulfillments: new Map(), salesOrders: new Map() };
	/** day → seed-shaped fulfillments added that day (day 0: in the seed). */
	const additions = new Map();
	/** day → [{ id, make(current) → patch }] */
	const corrections = new Map();
	let lastDay = 0;
	const dayStart = (d) => nowMs + d * DAY;

	scenario.orders.forEach((o, i) => {
		const soId = String(700000 + 10 * i);
		const market = MARKETPLACES[o.marketplace];
		const amazonOrderId = `${ORDER_PREFIX[o.marketplace]}-${pad(7000000 + i, 7)}-${pad(1000000 + i, 7)}`;
		const lines = o.lines.map((ordered, k) => ({
			ordered,
			orderItemId: String(60000000000000 + i * 10 + k),
			item: String(2001 + ((i * 3 + k) % 40)),
		}));

		// What each fulfillment ships: [{ lineIndex, quantity }]
		let shipments;
		if (o.split && lines.length >= 2) {
			const h = Math.ceil(lines.length / 2);
			shipments = [
				lines.slice(0, h).map((l, k) => ({ k, quantity: l.ordered })),
				lines.slice(h).map((l, k) => ({ k: k + h, quantity: l.ordered })),
			];
		} else if (o.split && lines[0].ordered >= 2) {
			shipments = [[{ k: 0, quantity: 1 }], [{ k: 0, quantity: lines[0].ordered - 1 }]];
		} else {
			shipments = [
				lines.map((l, k) => ({
					k,
					quantity: k === 0 && o.fulfillment.shortShip && l.ordered > 1 ? l.ordered - 1 : l.ordered,
				})),
			];
		}
		const specs = [o.fulfillment, o.second].slice(0, shipments.length);
		// A split shipment's parts ship the same day (NetSuite's order status is read once).
		const day = specs[0].day;
		// Quantity defects change what NetSuite says it shipped (and so the order's NetSuite status).
		shipments.forEach((shipped, j) => {
			if (specs[j].defect === 'quantityOver') shipped[0].quantity += 1;
			if (specs[j].defect === 'quantityZero') shipped[0].quantity = 0;
		});
		const totalShipped = lines.map((_, k) =>
			shipments.flat().reduce((a, s) => a + (s.k === k ? s.quantity : 0), 0),
		);
		const salesOrder = {
			id: soId,
			tranid: `SO${soId}`,
			trandate: new Date(nowMs - 3 * DAY).toISOString().slice(0, 10),
			status: totalShipped.every((q, k) => q >= lines[k].ordered) ? 'F' : 'E',
			amazonOrderId: o.orderId === 'noDashes' ? amazonOrderId.replace(/-/g, '') : amazonOrderId,
			amazonOrderStatus: '1',
			...(o.marketplace !== 'US' ? { marketplaceId: market } : {}),
			lines: lines.map((l, k) => ({
				line: String(k + 1),
				item: l.item,
				quantity: l.ordered,
				amazonOrderItemId: l.orderItemId,
			})),
		};
		seed.netsuite.salesOrders.push(salesOrder);
		if (o.amazon !== 'missing')
			seed.amazonOrders.push({
				amazonOrderId,
				marketplaceId: market,
				orderStatus: o.amazon === 'cancelled' ? 'Canceled' : 'Unshipped',
				purchaseDate: isoSeconds(
					o.purchase === 'sameDay' ? dayStart(o.fulfillment.day) - 2 * 3600_000 : nowMs - 3 * DAY,
				),
				latestShipDate: isoSeconds(nowMs + 5 * DAY),
				fulfillmentChannel: 'MFN',
				items: lines.map((l) => ({
					orderItemId: l.orderItemId,
					sellerSku: `SKU-${pad(Number(l.item) - 2000, 3)}`,
					quantityOrdered: l.ordered,
					quantityShipped: 0,
				})),
			});
		const so = { id: soId, amazonOrderId, fulfillmentIds: [] };
		model.salesOrders.set(soId, so);

		shipments.forEach((shipped, j) => {
			const spec = specs[j];
			const id = String(Number(soId) + 1 + j);
			so.fulfillmentIds.push(id);
			const fLines = shipped.map((s) => ({
				line: String(s.k + 1),
				item: lines[s.k].item,
				quantity: s.quantity,
				orderLine: String(s.k + 1),
				amazonOrderItemId: lines[s.k].orderItemId,
			}));
			if (spec.defect === 'itemIdMissing') {
				fLines[0].amazonOrderItemId = null;
				salesOrder.lines[shipped[0].k].amazonOrderItemId = null;
			}
			if (spec.defect === 'itemIdShort') fLines[0].amazonOrderItemId = '1234567890123';
			let count = 1;
			if (spec.knownContents) count = Math.min(spec.packages, fLines.length);
			else if (spec.multiUnknown) count = Math.max(2, spec.packages);
			const packages = Array.from({ length: count }, () => ({
				trackingNumber: track(spec.shipMethod, spec.tracking),
				weight: 1.5,
			}));
			const withContents = (ls, pk) =>
				spec.knownContents
					? ls.map((l, k) => ({ ...l, packageTracking: pk[k % pk.length].trackingNumber }))
					: ls;
			const fulfillment = {
				id,
				tranid: `IF${id}`,
				createdFrom: soId,
				trandate: new Date(dayStart(day)).toISOString().slice(0, 10),
				status: 'C',
				shipMethod: SHIP_METHODS[spec.shipMethod][0],
				sentToAmazon: false,
				lines: withContents(fLines, packages),
				packages,
			};
			if (day === 0) fulfillment.lastModified = isoSeconds(nowMs - 30 * 60_000);
			if (!additions.has(day)) additions.set(day, []);
			additions.get(day).push(fulfillment);
			lastDay = Math.max(lastDay, day);

			const version = (pk, shipMethod) => ({
				shipMethod,
				tracking: pk.map((p) => p.trackingNumber),
				// Unknown contents: one confirmation with the first tracking number; the others cannot
				// be sent (nobody knows what is in those boxes) and must be visible in NetSuite.
				boxes: spec.knownContents ? pk.map((p) => p.trackingNumber) : [pk[0].trackingNumber],
				unsendable: spec.knownContents ? [] : pk.slice(1).map((p) => p.trackingNumber),
				// Confirm Shipment looks the order up and matches a line without an order item ID
				// by SKU; the feed cannot.
				units: Object.fromEntries(
					fLines
						.map((l, k) => [
							confirm && l.amazonOrderItemId === null
								? lines[shipped[k].k].orderItemId
								: l.amazonOrderItemId,
							l.quantity,
						])
						.filter(([oi]) => /^\d{14}$/.test(String(oi ?? ''))),
				),
			});
			const entry = {
				id,
				salesOrderId: soId,
				amazonOrderId,
				day,
				versions: [version(packages, spec.shipMethod)],
				spec,
			};
			model.fulfillments.set(id, entry);

			// Confirm Shipment re-sends a corrected fulfillment; the feed template does not
			// (resendCorrections off), so corrections are generated for the confirm template only.
			if (confirm && spec.correction) {
				const cday = day + 1;
				lastDay = Math.max(lastDay, cday);
				if (!corrections.has(cday)) corrections.set(cday, []);
				corrections.get(cday).push({
					id,
					make() {
						const prev = entry.versions[entry.versions.length - 1];
						if (spec.correction === 'tracking') {
							const pk = packages.map((p, k) => ({
								...p,
								trackingNumber: k === 0 ? track(spec.shipMethod, 'plain') : prev.tracking[k],
							}));
							entry.versions.push(version(pk, prev.shipMethod));
							return { packages: pk, lines: withContents(fLines, pk) };
						}
						const other = spec.shipMethod === 'ups' ? 'fedex' : 'ups';
						const pk = packages.map((p, k) => ({ ...p, trackingNumber: prev.tracking[k] }));
						entry.versions.push(version(pk, other));
						return { shipMethod: SHIP_METHODS[other][0] };
					},
				});
			}
		});
	});
	seed.netsuite.itemFulfillments = additions.get(0) ?? [];
	seed.now = isoSeconds(nowMs - DAY);

	const patch = (workflow) => {
		const byType = (t) => workflow.nodes.filter((n) => n.type.endsWith(`.${t}`));
		const [trigger] = byType('netSuiteSavedSearchTrigger');
		trigger.parameters.source = settings.source;
		if (settings.source === 'suiteql') delete trigger.parameters.savedSearch;
		trigger.parameters.maxFulfillments = settings.maxPerPoll;
		trigger.parameters.startFrom = settings.startFrom;
		if (settings.netsuiteZone !== 'UTC' || settings.n8nZone !== 'UTC')
			workflow.settings = { ...(workflow.settings ?? {}), timezone: settings.n8nZone };
		if (faults.feed === 'STUCK')
			// 15 minutes instead of 8 hours: a handful of checks through the Wait node.
			for (const n of byType('amazonFeedStatus')) n.parameters.maxWaitHours = 0.25;
	};

	return {
		seed,
		model,
		additions,
		corrections,
		days: lastDay + 1,
		template: TEMPLATES[settings.template],
		method: confirm ? 'confirm' : 'feed',
		patch,
	};
}

module.exports = { buildWorld, TEMPLATES, DAY };
