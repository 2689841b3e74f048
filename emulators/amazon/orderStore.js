'use strict';

const { isCarrierCode, trackingFormatMismatch } = require('./carrierCodes');

/**
 * What Amazon holds per order, and the shipment checks shared by the feeds and confirmShipment.
 *
 * Result codes: 18028 (order not found) and 5004 (invalid carrier code) are Amazon's own; the
 * 99xxx codes are INVENTED by the emulator because Amazon publishes no code for those cases
 * (see README). Clients must key on ResultCode (Error/Warning) and MessageID, not on 99xxx.
 */
const CODES = {
	ORDER_NOT_FOUND: 18028,
	INVALID_CARRIER_CODE: 5004,
	ORDER_CANCELLED: 99001,
	ITEM_NOT_ON_ORDER: 99002,
	QUANTITY_EXCEEDS_REMAINING: 99003,
	CARRIER_CODE_MISSING: 99004,
	CARRIER_NAME_MISSING: 99005,
	TRACKING_MISSING: 99006,
	NOTHING_LEFT_TO_SHIP: 99007,
	INVALID_FIELD: 99008,
	DUPLICATE_MESSAGE_ID: 99009,
	INVALID_HEADER: 99010,
	UNSUPPORTED_OPERATION: 99011,
	SHIP_DATE_IN_FUTURE: 99012,
	SHIP_DATE_BEFORE_ORDER: 99013,
	TRACKING_FORMAT_WARNING: 99101,
};

const ORDER_ID_RE = /^\w{3}-\w{7}-\w{7}$/;

const HOUR = 3600 * 1000;

/**
 * Ship-date rules (see README, "Ship dates"): a ship date later than now or before the order's
 * purchase date is refused. A date-only value (flat file yyyy-mm-dd) is a day somewhere on earth:
 * refused only if it is after today in UTC+14 or before the purchase day in UTC-12.
 * options.shipDateRules: false (off) or { future = true, beforePurchase = true, futureToleranceMs = 0 }.
 */
function shipDateProblem(order, shipDate, rules, nowMs) {
	if (!rules || typeof shipDate !== 'string' || !shipDate) return null;
	const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(shipDate);
	const t = Date.parse(dateOnly ? `${shipDate}T00:00:00Z` : shipDate);
	if (Number.isNaN(t)) return null;
	const day = (ms) => new Date(ms).toISOString().slice(0, 10);
	const future = dateOnly
		? shipDate > day(nowMs + 14 * HOUR)
		: t > nowMs + (Number(rules.futureToleranceMs) || 0);
	if (rules.future !== false && future)
		return {
			code: CODES.SHIP_DATE_IN_FUTURE,
			message: `The ship date ${shipDate} is in the future. Enter the date the order actually shipped.`,
		};
	const purchase = order.purchaseDate ? Date.parse(order.purchaseDate) : NaN;
	if (rules.beforePurchase !== false && Number.isFinite(purchase)) {
		const before = dateOnly ? shipDate < day(purchase - 12 * HOUR) : t < purchase;
		if (before)
			return {
				code: CODES.SHIP_DATE_BEFORE_ORDER,
				message: `The ship date ${shipDate} is before the order date ${order.purchaseDate} of order ${order.amazonOrderId}.`,
			};
	}
	return null;
}

function createOrderStore(options = {}) {
	const now = options.now || (() => Date.now());
	const shipDateRules =
		options.shipDateRules === false ? null : { ...(options.shipDateRules || {}) };
	let orders = new Map();
	let refSeq = 90000001;
	let packageSeq = 1;

	function load(seed) {
		orders = new Map();
		refSeq = 90000001;
		packageSeq = 1;
		const defaultMarketplace = (seed && seed.marketplaceId) || 'ATVPDKIKX0DER';
		for (const o of (seed && seed.amazonOrders) || []) {
			orders.set(o.amazonOrderId, {
				amazonOrderId: o.amazonOrderId,
				marketplaceId: o.marketplaceId || defaultMarketplace,
				orderStatus: o.orderStatus || 'Unshipped',
				purchaseDate: o.purchaseDate || null,
				latestShipDate: o.latestShipDate || null,
				fulfillmentChannel: o.fulfillmentChannel || 'MFN',
				lastUpdated: o.lastUpdated || o.purchaseDate || null,
				items: (o.items || []).map((i) => ({
					orderItemId: String(i.orderItemId),
					sellerSku: i.sellerSku || null,
					asin: i.asin || null,
					title: i.title || null,
					quantityOrdered: Number(i.quantityOrdered) || 0,
					quantityShipped: Number(i.quantityShipped) || 0,
				})),
				// Packages Amazon already holds, e.g. a label bought on Amazon (via "buyShipping"),
				// which confirms the shipment without any feed or confirmShipment call.
				packages: (o.packages || []).map((p) => ({
					packageKey: `PKG-${packageSeq++}`,
					packageReferenceId: String(p.packageReferenceId || refSeq++),
					trackingNumber: p.trackingNumber,
					carrierCode: p.carrierCode || 'Other',
					carrierName: p.carrierName || null,
					shippingMethod: p.shippingMethod || null,
					shipDate: p.shipDate || null,
					items: (p.items || []).map((i) => ({
						orderItemId: String(i.orderItemId),
						quantity: Number(i.quantity),
					})),
					via: p.via || 'seed',
					feedId: null,
					messageId: null,
					updatedAt: p.shipDate || null,
					confirmations: 1,
					createdAt: p.shipDate || null,
				})),
			});
		}
	}

	const get = (id) => orders.get(id);

	/**
	 * Check one package against the order. `shipment` = { carrierCode, carrierName, trackingNumber,
	 * items: [{ orderItemId, quantity? }] } (items empty = everything left to ship); `existing` = the
	 * package this shipment would replace (its quantities are available again).
	 * → { errors: [{code, message, orderItemId?}], warnings: [...], items (resolved) }
	 */
	function check(order, shipment, existing) {
		const errors = [];
		const warnings = [];
		if (order.orderStatus === 'Canceled') {
			errors.push({
				code: CODES.ORDER_CANCELLED,
				message: `Order ${order.amazonOrderId} has been canceled and cannot be confirmed as shipped.`,
			});
			return { errors, warnings, items: [] };
		}
		const carrierCode = shipment.carrierCode;
		if (!carrierCode) {
			errors.push({
				code: CODES.CARRIER_CODE_MISSING,
				message:
					'The carrier-code field is required. Use a value from the list of valid carrier codes, or Other together with a carrier name.',
			});
		} else if (!isCarrierCode(carrierCode)) {
			errors.push({
				code: CODES.INVALID_CARRIER_CODE,
				message: `The carrier-code field contains an invalid value: ${carrierCode}. Please use a valid value from the list of carrier codes (values are case-sensitive) or use Other and provide the carrier name.`,
			});
		} else if (carrierCode === 'Other' && !shipment.carrierName) {
			errors.push({
				code: CODES.CARRIER_NAME_MISSING,
				message: 'The carrier-name field is required when carrier-code is Other.',
			});
		}
		const dateProblem = shipDateProblem(order, shipment.shipDate, shipDateRules, now());
		if (dateProblem) errors.push(dateProblem);
		if (!shipment.trackingNumber) {
			errors.push({
				code: CODES.TRACKING_MISSING,
				message: `A tracking number is required to confirm the shipment of order ${order.amazonOrderId}.`,
			});
		}

		const available = new Map(
			order.items.map((i) => [i.orderItemId, i.quantityOrdered - i.quantityShipped]),
		);
		if (existing)
			for (const pi of existing.items)
				available.set(pi.orderItemId, (available.get(pi.orderItemId) || 0) + pi.quantity);
		let items = [];
		if (!shipment.items || shipment.items.length === 0) {
			// No items listed: the whole remainder of the order (or, on a resubmission, the same package).
			items = existing
				? existing.items.map((i) => ({ ...i }))
				: order.items
						.filter((i) => available.get(i.orderItemId) > 0)
						.map((i) => ({ orderItemId: i.orderItemId, quantity: available.get(i.orderItemId) }));
			if (items.length === 0)
				errors.push({
					code: CODES.NOTHING_LEFT_TO_SHIP,
					message: `Order ${order.amazonOrderId} has no quantity left to ship.`,
				});
		} else {
			for (const it of shipment.items) {
				if (!available.has(it.orderItemId)) {
					errors.push({
						code: CODES.ITEM_NOT_ON_ORDER,
						orderItemId: it.orderItemId,
						message: `The order item ${it.orderItemId} is not part of order ${order.amazonOrderId}. Use the OrderItemId from getOrder or the Manage Orders page.`,
					});
					continue;
				}
				const left = available.get(it.orderItemId);
				const quantity = it.quantity === undefined || it.quantity === null ? left : it.quantity;
				if (quantity > left) {
					errors.push({
						code: CODES.QUANTITY_EXCEEDS_REMAINING,
						orderItemId: it.orderItemId,
						message: `The quantity ${quantity} for order item ${it.orderItemId} exceeds the quantity left to ship (${left}) on order ${order.amazonOrderId}.`,
					});
					continue;
				}
				if (quantity <= 0) {
					errors.push({
						code: CODES.NOTHING_LEFT_TO_SHIP,
						orderItemId: it.orderItemId,
						message: `Order item ${it.orderItemId} of order ${order.amazonOrderId} has no quantity left to ship.`,
					});
					continue;
				}
				available.set(it.orderItemId, left - quantity);
				const prev = items.find((x) => x.orderItemId === it.orderItemId);
				if (prev) prev.quantity += quantity;
				else items.push({ orderItemId: it.orderItemId, quantity });
			}
		}
		if (errors.length === 0 && trackingFormatMismatch(carrierCode, shipment.trackingNumber)) {
			warnings.push({
				code: CODES.TRACKING_FORMAT_WARNING,
				message: `The tracking ID ${shipment.trackingNumber} for ${carrierCode} does not match the expected format for the carrier. The shipment was confirmed; please verify the tracking ID.`,
			});
		}
		return { errors, warnings, items };
	}

	function findByTracking(order, trackingNumber) {
		const norm = String(trackingNumber).trim().toUpperCase();
		return order.packages.find((p) => String(p.trackingNumber).trim().toUpperCase() === norm);
	}
	function findByReference(order, ref) {
		return order.packages.find((p) => p.packageReferenceId === ref);
	}

	/** Apply a checked shipment: add a package or replace `existing`, adjusting shipped quantities. */
	function apply(order, shipment, items, existing, meta, now) {
		if (existing)
			for (const pi of existing.items) itemOf(order, pi.orderItemId).quantityShipped -= pi.quantity;
		for (const pi of items) itemOf(order, pi.orderItemId).quantityShipped += pi.quantity;
		const fields = {
			trackingNumber: shipment.trackingNumber,
			carrierCode: shipment.carrierCode,
			carrierName: shipment.carrierName || null,
			shippingMethod: shipment.shippingMethod || null,
			shipDate: shipment.shipDate || null,
			items: items.map((i) => ({ ...i })),
			via: meta.via,
			feedId: meta.feedId || null,
			messageId: meta.messageId ?? null,
			updatedAt: now,
		};
		let pkg = existing;
		if (pkg) {
			Object.assign(pkg, fields);
			pkg.confirmations += 1;
		} else {
			pkg = {
				packageKey: `PKG-${packageSeq++}`,
				// Amazon assigns a packageReferenceId when none is given (feeds never carry one).
				packageReferenceId: meta.packageReferenceId || String(refSeq++),
				...fields,
				confirmations: 1,
				createdAt: now,
			};
			order.packages.push(pkg);
		}
		order.lastUpdated = now;
		updateStatus(order);
		return pkg;
	}

	function itemOf(order, id) {
		return order.items.find((i) => i.orderItemId === id);
	}

	function updateStatus(order) {
		if (order.orderStatus === 'Canceled') return;
		const shipped = order.items.reduce((n, i) => n + i.quantityShipped, 0);
		const all = order.items.every((i) => i.quantityShipped >= i.quantityOrdered);
		order.orderStatus =
			all && shipped > 0 ? 'Shipped' : shipped > 0 ? 'PartiallyShipped' : 'Unshipped';
	}

	function snapshot() {
		const out = {};
		for (const [id, o] of orders) {
			out[id] = {
				orderStatus: o.orderStatus,
				marketplaceId: o.marketplaceId,
				items: o.items.map((i) => ({
					orderItemId: i.orderItemId,
					sellerSku: i.sellerSku,
					quantityOrdered: i.quantityOrdered,
					quantityShipped: i.quantityShipped,
				})),
				packages: o.packages.map((p) => ({
					packageKey: p.packageKey,
					packageReferenceId: p.packageReferenceId,
					trackingNumber: p.trackingNumber,
					carrierCode: p.carrierCode,
					carrierName: p.carrierName,
					shippingMethod: p.shippingMethod,
					shipDate: p.shipDate,
					items: p.items.map((i) => ({ ...i })),
					confirmations: p.confirmations,
					via: p.via,
					feedId: p.feedId,
					messageId: p.messageId,
				})),
			};
		}
		return out;
	}

	const marketplaces = () => [...new Set([...orders.values()].map((o) => o.marketplaceId))];

	return {
		load,
		get,
		check,
		apply,
		findByTracking,
		findByReference,
		snapshot,
		marketplaces,
		all: () => orders,
	};
}

module.exports = { createOrderStore, CODES, ORDER_ID_RE };
