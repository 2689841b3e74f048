'use strict';

const { spError, invalidInput } = require('./errors');
const { ORDER_ID_RE } = require('./orderStore');

/**
 * Orders API: confirmShipment (v0, one package per call, 204) and getOrder (v2026-01-01 with
 * includedData=PACKAGES,FULFILLMENT), plus Sellers marketplaceParticipations.
 */
const MARKETPLACE_INFO = {
	ATVPDKIKX0DER: ['US', 'Amazon.com', 'USD', 'en_US', 'www.amazon.com'],
	A2EUQ1WTGCTBG2: ['CA', 'Amazon.ca', 'CAD', 'en_CA', 'www.amazon.ca'],
	A1AM78C64UM0Y8: ['MX', 'Amazon.com.mx', 'MXN', 'es_MX', 'www.amazon.com.mx'],
	A1F83G8C2ARO7P: ['GB', 'Amazon.co.uk', 'GBP', 'en_GB', 'www.amazon.co.uk'],
	A1PA6795UKMFR9: ['DE', 'Amazon.de', 'EUR', 'de_DE', 'www.amazon.de'],
};

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function createOrdersApi({ orders, now, marketplaces }) {
	function confirmShipment(orderId, body) {
		if (!ORDER_ID_RE.test(orderId))
			throw invalidInput(`Invalid orderId: ${orderId}. Amazon order IDs have the form 3-7-7.`);
		if (!body || typeof body !== 'object')
			throw invalidInput(
				'Invalid Input',
				'The request body must be a ConfirmShipmentRequest JSON object.',
			);
		const { marketplaceId, packageDetail } = body;
		if (typeof marketplaceId !== 'string' || !marketplaceId)
			throw invalidInput('marketplaceId is required.');
		if (!packageDetail || typeof packageDetail !== 'object')
			throw invalidInput('packageDetail is required.');
		const p = packageDetail;
		if (p.packageReferenceId === undefined || p.packageReferenceId === null)
			throw invalidInput('packageDetail.packageReferenceId is required.');
		// Since Jan 2026 a JSON number is refused; the value must be a string holding a positive number.
		if (typeof p.packageReferenceId !== 'string')
			throw invalidInput('invalid type [packageDetail.packageReferenceId]');
		if (!/^\d+$/.test(p.packageReferenceId) || Number(p.packageReferenceId) <= 0)
			throw invalidInput('PackageReferenceId: is invalid, must be a positive numeric value.');
		if (typeof p.carrierCode !== 'string' || !p.carrierCode)
			throw invalidInput('packageDetail.carrierCode is required.');
		if (typeof p.trackingNumber !== 'string' || !p.trackingNumber)
			throw invalidInput('packageDetail.trackingNumber is required.');
		if (
			typeof p.shipDate !== 'string' ||
			!ISO_DATE_TIME.test(p.shipDate) ||
			Number.isNaN(Date.parse(p.shipDate))
		)
			throw spError(
				400,
				'InvalidInput',
				'Invalid Input',
				`packageDetail.shipDate '${p.shipDate}' must be an ISO 8601 date-time.`,
			);
		if (!Array.isArray(p.orderItems) || p.orderItems.length === 0)
			throw invalidInput('packageDetail.orderItems is required and must not be empty.');
		for (const it of p.orderItems) {
			if (!it || typeof it.orderItemId !== 'string')
				throw invalidInput('invalid type [packageDetail.orderItems.orderItemId]');
			if (!Number.isInteger(it.quantity))
				throw invalidInput('invalid type [packageDetail.orderItems.quantity]');
			if (it.quantity < 1)
				throw invalidInput(
					`Quantity for OrderItemId ${it.orderItemId} must be a positive integer.`,
				);
		}
		for (const [k, max] of [
			['carrierName', 50],
			['shippingMethod', 50],
			['trackingNumber', 50],
		])
			if (p[k] !== undefined && (typeof p[k] !== 'string' || p[k].length > max))
				throw invalidInput(`packageDetail.${k} must be a string of at most ${max} characters.`);

		const order = orders.get(orderId);
		if (!order)
			throw spError(
				404,
				'NotFound',
				'The order could not be found.',
				`Order ${orderId} does not exist for this seller.`,
			);
		if (order.marketplaceId !== marketplaceId)
			throw invalidInput(`Invalid marketplaceId ${marketplaceId} for order ${orderId}.`);
		const existing = orders.findByReference(order, p.packageReferenceId);
		const shipment = {
			carrierCode: p.carrierCode,
			carrierName: p.carrierName,
			shippingMethod: p.shippingMethod,
			trackingNumber: p.trackingNumber,
			shipDate: p.shipDate,
			items: p.orderItems.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
		};
		const checked = orders.check(order, shipment, existing);
		if (checked.errors.length) {
			const e = checked.errors[0];
			const message =
				e.code === 99002
					? `OrderItemId ${e.orderItemId} is invalid, please obtain the value through the getOrderItems API or Manage Orders page`
					: e.message;
			throw spError(400, 'InvalidInput', message);
		}
		orders.apply(
			order,
			shipment,
			checked.items,
			existing,
			{ via: 'confirmShipment', packageReferenceId: p.packageReferenceId },
			new Date(now()).toISOString(),
		);
		return { status: 204, body: null };
	}

	const FULFILLMENT_STATUS = {
		Unshipped: 'UNSHIPPED',
		PartiallyShipped: 'PARTIALLY_SHIPPED',
		Shipped: 'SHIPPED',
		Canceled: 'CANCELLED',
		Pending: 'PENDING',
		Unfulfillable: 'UNFULFILLABLE',
	};

	function getOrder(orderId, query) {
		if (!ORDER_ID_RE.test(orderId)) throw invalidInput(`Invalid orderId: ${orderId}.`);
		const order = orders.get(orderId);
		if (!order)
			throw spError(
				404,
				'NotFound',
				'The order could not be found.',
				`Order ${orderId} does not exist for this seller.`,
			);
		return { status: 200, body: { order: orderView(order, listParam(query, 'includedData')) } };
	}

	function listParam(query, name) {
		return new Set(
			(query.get(name) || '')
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean),
		);
	}

	const SEARCH_STATUSES = new Set([
		'PENDING_AVAILABILITY',
		'PENDING',
		'UNSHIPPED',
		'PARTIALLY_SHIPPED',
		'SHIPPED',
		'CANCELLED',
		'UNFULFILLABLE',
	]);
	const SEARCH_TIMES = ['createdAfter', 'createdBefore', 'lastUpdatedAfter', 'lastUpdatedBefore'];

	/**
	 * searchOrders (v2026-01-01): filters on fulfillment status, fulfilledBy, marketplace and
	 * created/updated times; pages of at most 100, oldest first. The page token holds the filters
	 * and the position, so a page is stable while orders change status under it.
	 */
	function searchOrders(query) {
		let filters;
		let offset = 0;
		const token = query.get('paginationToken');
		if (token) {
			try {
				({ filters, offset } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
			} catch {
				throw invalidInput(`Invalid paginationToken: ${token.slice(0, 40)}`);
			}
		} else {
			filters = {};
			for (const k of SEARCH_TIMES) {
				const v = query.get(k);
				if (v === null) continue;
				if (!ISO_DATE_TIME.test(v) || Number.isNaN(Date.parse(v)))
					throw invalidInput(`${k} '${v}' must be an ISO 8601 date-time.`);
				filters[k] = Date.parse(v);
			}
			if (filters.createdAfter === undefined && filters.lastUpdatedAfter === undefined)
				throw invalidInput('Either createdAfter or lastUpdatedAfter must be specified.');
			const statuses = [...listParam(query, 'fulfillmentStatuses')];
			for (const st of statuses)
				if (!SEARCH_STATUSES.has(st))
					throw invalidInput(`Invalid fulfillmentStatuses value: ${st}.`);
			filters.statuses = statuses;
			const by = [...listParam(query, 'fulfilledBy')];
			for (const b of by)
				if (b !== 'MERCHANT' && b !== 'AMAZON')
					throw invalidInput(`Invalid fulfilledBy value: ${b}.`);
			filters.fulfilledBy = by;
			filters.marketplaceIds = [...listParam(query, 'marketplaceIds')];
			const max = query.get('maxResultsPerPage');
			filters.max = max === null ? 100 : Number(max);
			if (!Number.isInteger(filters.max) || filters.max < 1 || filters.max > 100)
				throw invalidInput(`maxResultsPerPage must be between 1 and 100 (got ${max}).`);
			filters.included = [...listParam(query, 'includedData')];
		}
		const time = (v) => (v ? Date.parse(v) : NaN);
		const matches = [...orders.all().values()]
			.filter((o) => {
				const view = statusView(o);
				if (filters.statuses.length && !filters.statuses.includes(view.fulfillmentStatus))
					return false;
				if (filters.fulfilledBy.length && !filters.fulfilledBy.includes(view.fulfilledBy))
					return false;
				if (filters.marketplaceIds.length && !filters.marketplaceIds.includes(o.marketplaceId))
					return false;
				const created = time(o.purchaseDate);
				const updated = time(o.lastUpdated || o.purchaseDate);
				if (filters.createdAfter !== undefined && !(created >= filters.createdAfter)) return false;
				if (filters.createdBefore !== undefined && !(created < filters.createdBefore)) return false;
				if (filters.lastUpdatedAfter !== undefined && !(updated >= filters.lastUpdatedAfter))
					return false;
				if (filters.lastUpdatedBefore !== undefined && !(updated < filters.lastUpdatedBefore))
					return false;
				return true;
			})
			.sort(
				(a, b) =>
					time(a.purchaseDate) - time(b.purchaseDate) ||
					a.amazonOrderId.localeCompare(b.amazonOrderId),
			);
		const page = matches.slice(offset, offset + filters.max);
		const included = new Set(filters.included);
		const body = { orders: page.map((o) => orderView(o, included)) };
		if (offset + filters.max < matches.length)
			body.pagination = {
				nextToken: Buffer.from(JSON.stringify({ filters, offset: offset + filters.max })).toString(
					'base64url',
				),
			};
		return { status: 200, body };
	}

	function statusView(order) {
		return {
			fulfillmentStatus: FULFILLMENT_STATUS[order.orderStatus] || 'UNSHIPPED',
			fulfilledBy: order.fulfillmentChannel === 'AFN' ? 'AMAZON' : 'MERCHANT',
		};
	}

	function orderView(order, included) {
		const out = {
			orderId: order.amazonOrderId,
			createdTime: order.purchaseDate,
			lastUpdatedTime: order.lastUpdated,
			salesChannel: {
				channelName: 'AMAZON',
				marketplaceId: order.marketplaceId,
				marketplaceName: (MARKETPLACE_INFO[order.marketplaceId] || [])[1],
			},
			orderItems: order.items.map((i) => {
				const item = {
					orderItemId: i.orderItemId,
					quantityOrdered: i.quantityOrdered,
					product: { asin: i.asin, sellerSku: i.sellerSku, title: i.title || undefined },
				};
				if (included.has('FULFILLMENT'))
					item.fulfillment = {
						quantityFulfilled: i.quantityShipped,
						quantityUnfulfilled: Math.max(0, i.quantityOrdered - i.quantityShipped),
					};
				return item;
			}),
		};
		if (included.has('FULFILLMENT'))
			out.fulfillment = {
				...statusView(order),
				shipByWindow: order.latestShipDate ? { latestDateTime: order.latestShipDate } : undefined,
			};
		if (included.has('PACKAGES'))
			out.packages = order.packages.map((p) => ({
				packageReferenceId: p.packageReferenceId,
				createdTime: p.createdAt,
				packageStatus: { status: 'SHIPPED' },
				carrier: p.carrierCode === 'Other' ? p.carrierName : p.carrierCode,
				shipTime: p.shipDate,
				shippingService: p.shippingMethod || undefined,
				trackingNumber: p.trackingNumber,
				packageItems: p.items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
			}));
		return out;
	}

	function marketplaceParticipations() {
		return {
			status: 200,
			body: {
				payload: marketplaces().map((id) => {
					const [countryCode, name, currency, language, domain] = MARKETPLACE_INFO[id] || [
						'US',
						id,
						'USD',
						'en_US',
						'www.amazon.com',
					];
					return {
						marketplace: {
							id,
							countryCode,
							name,
							defaultCurrencyCode: currency,
							defaultLanguageCode: language,
							domainName: domain,
						},
						participation: { isParticipating: true, hasSuspendedListings: false },
					};
				}),
			},
		};
	}

	return { confirmShipment, getOrder, searchOrders, marketplaceParticipations };
}

module.exports = { createOrdersApi };
