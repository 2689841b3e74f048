import { AmazonApiError, isAmazonVerdict } from '../amazon/errors';
import type { GetOrderResponse } from '../amazon/client';
import type { Fulfillment, FulfillmentLine } from '../fulfillment/types';
import { fulfillmentLabel, toQuantity } from '../feed/text';
import { sameInternalId } from '../shared/ids';
import { optionalText } from '../shared/text';
import { parsePackageReferenceId } from './packageReference';

/**
 * "Know before you send": what Amazon already holds for an order (Orders API v2026-01-01
 * getOrder with FULFILLMENT and PACKAGES; the v0 reads are deprecated for March 2027), read once
 * per order of the batch, and the SKU → order item matching for lines NetSuite holds no Amazon
 * order item ID for.
 */

export const LOOKUP_INCLUDED_DATA = ['FULFILLMENT', 'PACKAGES'];

/**
 * Programs under which Amazon ships or confirms the order itself (Easy Ship, Ship+, Delivery by
 * Amazon): a seller confirmation is not needed and Ship+ orders even answer 400.
 */
export const AMAZON_SHIPPED_PROGRAMS = ['AMAZON_EASY_SHIP', 'FBM_SHIP_PLUS', 'DELIVERY_BY_AMAZON'];

export interface AmazonOrderItemView {
	orderItemId: string;
	sellerSku?: string;
	quantityOrdered: number;
	quantityFulfilled: number;
	quantityUnfulfilled: number;
}

export interface AmazonPackageView {
	packageReferenceId: string;
	trackingNumber?: string;
	carrier?: string;
	shippingService?: string;
	shipTime?: string;
	status?: string;
	items: Array<{ orderItemId: string; quantity: number }>;
}

export interface AmazonOrderView {
	orderId: string;
	/** PENDING, UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED, … */
	fulfillmentStatus?: string;
	fulfilledBy?: string;
	programs: string[];
	/** The end of the ship-by window: a confirmation after it counts as a late shipment. */
	latestShipDate?: string;
	/** When the order was placed: no ship date may be earlier. */
	createdTime?: string;
	items: AmazonOrderItemView[];
	packages: AmazonPackageView[];
}

export interface OrderLookupFailure {
	ok: false;
	notFound: boolean;
	/**
	 * Not Amazon's verdict on the order (quota or wait budget spent, outage, network, permission):
	 * a later run may read it.
	 */
	transient: boolean;
	message: string;
	code?: string;
}

export type OrderLookup = { ok: true; order: AmazonOrderView } | OrderLookupFailure;

export interface OrderLookupClient {
	getOrder(orderId: string, includedData?: string[]): Promise<GetOrderResponse>;
}

function obj(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

function int(value: unknown): number {
	const n = Number(value);
	return Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0;
}

/** getOrder's answer (`{order: {...}}`, or the order itself) → the parts this package reads. */
export function orderView(orderId: string, response: GetOrderResponse): AmazonOrderView {
	const root = obj(response);
	const order = root.order !== undefined ? obj(root.order) : root;
	const fulfillment = obj(order.fulfillment);
	const items = (Array.isArray(order.orderItems) ? order.orderItems : []).map((raw) => {
		const i = obj(raw);
		const ordered = int(i.quantityOrdered);
		const f = obj(i.fulfillment);
		const fulfilled = int(f.quantityFulfilled);
		const unfulfilled =
			f.quantityUnfulfilled === undefined
				? Math.max(0, ordered - fulfilled)
				: int(f.quantityUnfulfilled);
		return {
			orderItemId: optionalText(i.orderItemId) ?? '',
			sellerSku: optionalText(obj(i.product).sellerSku),
			quantityOrdered: ordered,
			quantityFulfilled: fulfilled,
			quantityUnfulfilled: unfulfilled,
		};
	});
	const packages = (Array.isArray(order.packages) ? order.packages : []).map((raw) => {
		const p = obj(raw);
		return {
			packageReferenceId: optionalText(p.packageReferenceId) ?? '',
			trackingNumber: optionalText(p.trackingNumber),
			carrier: optionalText(p.carrier),
			shippingService: optionalText(p.shippingService),
			shipTime: optionalText(p.shipTime),
			status: optionalText(obj(p.packageStatus).status),
			items: (Array.isArray(p.packageItems) ? p.packageItems : []).map((pi) => ({
				orderItemId: optionalText(obj(pi).orderItemId) ?? '',
				quantity: int(obj(pi).quantity),
			})),
		};
	});
	return {
		orderId: optionalText(order.orderId) ?? orderId,
		fulfillmentStatus: optionalText(fulfillment.fulfillmentStatus)?.toUpperCase(),
		fulfilledBy: optionalText(fulfillment.fulfilledBy)?.toUpperCase(),
		programs: (Array.isArray(order.programs) ? order.programs : []).map((p) =>
			String(p).toUpperCase(),
		),
		latestShipDate: optionalText(obj(fulfillment.shipByWindow).latestDateTime),
		createdTime: optionalText(order.createdTime),
		items,
		packages,
	};
}

/**
 * One getOrder per distinct order ID (the client paces them: 0.5/s, burst 30). A failed lookup is
 * recorded for that order only; the caller decides what it means.
 */
export async function lookUpOrders(
	client: OrderLookupClient,
	orderIds: Iterable<string>,
): Promise<Map<string, OrderLookup>> {
	const out = new Map<string, OrderLookup>();
	for (const raw of orderIds) {
		const id = String(raw ?? '').trim();
		if (!id || out.has(id)) continue;
		let response: GetOrderResponse | undefined;
		let failure: unknown;
		try {
			response = await client.getOrder(id, LOOKUP_INCLUDED_DATA);
		} catch (error) {
			failure = error ?? new Error('getOrder failed');
		}
		if (response !== undefined) {
			out.set(id, { ok: true, order: orderView(id, response) });
			continue;
		}
		const api = failure instanceof AmazonApiError ? failure : undefined;
		out.set(id, {
			ok: false,
			notFound: api?.httpStatus === 404,
			transient: !api || !isAmazonVerdict(api),
			code: api?.code,
			message: failure instanceof Error ? failure.message : String(failure),
		});
	}
	return out;
}

/** Amazon ships or confirms this order itself; undefined when it is the seller's to confirm. */
export function amazonShipsItself(order: AmazonOrderView): string | undefined {
	if (order.fulfilledBy === 'AMAZON') return 'it is fulfilled by Amazon (FBA)';
	const program = order.programs.find((p) => AMAZON_SHIPPED_PROGRAMS.includes(p));
	if (program) return `it is an ${program} order, which Amazon ships and confirms itself`;
	return undefined;
}

export function isCancelled(order: AmazonOrderView): boolean {
	return order.fulfillmentStatus === 'CANCELLED' || order.fulfillmentStatus === 'CANCELED';
}

export interface SkuMatchResult {
	/** A copy with `amazonOrderItemId` filled where it could be matched (the input is not changed). */
	fulfillment: Fulfillment;
	/** Lines that got an ID: line key → order item ID. */
	matched: Array<{ line: string; sku: string; amazonOrderItemId: string; quantity: number }>;
	/** What could not be matched, in words a seller can act on. */
	problems: Array<{ field: string; message: string; fix: string }>;
}

function skuKey(value: string | undefined): string {
	return (value ?? '').trim().toUpperCase();
}

/**
 * Remaining quantity per order item, shared by the fulfillments of one order in a batch so that
 * two fulfillments of the same order do not both claim the same units. Packages this fulfillment
 * already has on Amazon (our packageReferenceIds) give their units back: re-sending edits them.
 */
export class RemainingQuantities {
	private readonly left = new Map<string, Map<string, number>>();

	constructor(private readonly orders: Map<string, OrderLookup>) {}

	private forOrder(orderId: string): Map<string, number> | undefined {
		let map = this.left.get(orderId);
		if (map) return map;
		const lookup = this.orders.get(orderId);
		if (!lookup?.ok) return undefined;
		map = new Map(lookup.order.items.map((i) => [i.orderItemId, i.quantityUnfulfilled]));
		this.left.set(orderId, map);
		return map;
	}

	/** Units of the fulfillment's own packages already on Amazon, per order item. */
	ownOnAmazon(orderId: string, fulfillmentId: string): Map<string, number> {
		const out = new Map<string, number>();
		const lookup = this.orders.get(orderId);
		if (!lookup?.ok) return out;
		for (const p of lookup.order.packages) {
			const ours = parsePackageReferenceId(p.packageReferenceId)?.fulfillmentId;
			if (ours === undefined || !sameInternalId(ours, fulfillmentId)) continue;
			for (const i of p.items) out.set(i.orderItemId, (out.get(i.orderItemId) ?? 0) + i.quantity);
		}
		return out;
	}

	/**
	 * Fills missing order item IDs by seller SKU. Order items with the same SKU are used in
	 * Amazon's order, each up to its remaining quantity, so a SKU on several order items is split
	 * across them as a packer would; a NetSuite line larger than what one order item has left
	 * cannot be split (one line = one order item in the contract) and is refused with the numbers.
	 */
	matchSkus(
		f: Fulfillment,
		options: { skip?: (line: FulfillmentLine) => boolean } = {},
	): SkuMatchResult {
		const copy: Fulfillment = { ...f, lines: (f.lines ?? []).map((l) => ({ ...l })) };
		const result: SkuMatchResult = { fulfillment: copy, matched: [], problems: [] };
		const orderId = String(f.amazonOrderId ?? '').trim();
		// `skip`: lines not to match (e.g. a promo insert the feed rules leave out anyway).
		const needs = copy.lines.filter(
			(l) => !String(l.amazonOrderItemId ?? '').trim() && !options.skip?.(l),
		);
		const label = fulfillmentLabel(f);
		const lookup = this.orders.get(orderId);
		if (needs.length === 0 && !lookup?.ok) return result;
		if (!lookup || !lookup.ok) {
			for (const line of needs) {
				result.problems.push({
					field: `lines[${copy.lines.indexOf(line)}].amazonOrderItemId`,
					message: `${label}: line ${line.line} has no Amazon order item ID and the order could not be read from Amazon to match its SKU${lookup && !lookup.ok ? ` (${lookup.message})` : ''}`,
					fix: "Copy Amazon's OrderItemId onto the sales order line, or run again when Amazon answers",
				});
			}
			return result;
		}
		const left = this.forOrder(orderId)!;
		const own = this.ownOnAmazon(orderId, String(f.fulfillmentId ?? '').trim());
		const available = (id: string) => (left.get(id) ?? 0) + (own.get(id) ?? 0);
		const consume = (id: string, quantity: number) => {
			// Own units are used first: they are the ones this confirmation re-sends.
			const fromOwn = Math.min(own.get(id) ?? 0, quantity);
			if (fromOwn) own.set(id, (own.get(id) ?? 0) - fromOwn);
			left.set(id, (left.get(id) ?? 0) - (quantity - fromOwn));
		};
		// Lines that name their order item take their units first, so a SKU match in this or a
		// later fulfillment of the same order sees what is really left.
		for (const line of copy.lines) {
			const id = String(line.amazonOrderItemId ?? '').trim();
			if (id) consume(id, toQuantity(line.quantity) ?? 0);
		}
		for (const line of needs) {
			const index = copy.lines.indexOf(line);
			const quantity = toQuantity(line.quantity) ?? 0;
			const sku = skuKey(line.sku);
			if (!sku) {
				result.problems.push({
					field: `lines[${index}].amazonOrderItemId`,
					message: `${label}: line ${line.line} has neither an Amazon order item ID nor a SKU to match`,
					fix: 'Map the item name/SKU column (it must equal the seller SKU on Amazon) or the order item ID column',
				});
				continue;
			}
			const candidates = lookup.order.items.filter((i) => skuKey(i.sellerSku) === sku);
			if (candidates.length === 0) {
				result.problems.push({
					field: `lines[${index}].sku`,
					message: `${label}: SKU ${line.sku} of line ${line.line} is not on Amazon order ${orderId} (its SKUs: ${lookup.order.items.map((i) => i.sellerSku ?? '?').join(', ') || 'none'})`,
					fix: 'Make the NetSuite item name equal the seller SKU on Amazon, or copy the OrderItemId onto the sales order line',
				});
				continue;
			}
			const pick = candidates.find((i) => available(i.orderItemId) >= quantity);
			if (!pick) {
				result.problems.push({
					field: `lines[${index}].quantity`,
					message: `${label}: line ${line.line} ships ${quantity} × ${line.sku}, but no order item of ${orderId} with that SKU has that many left to ship (${candidates.map((i) => `${i.orderItemId}: ${available(i.orderItemId)} left`).join(', ')})`,
					fix: 'Split the NetSuite line to match the Amazon order items, or copy the OrderItemId onto the sales order lines',
				});
				continue;
			}
			assign(line, pick.orderItemId);
			consume(pick.orderItemId, quantity);
			result.matched.push({
				line: line.line,
				sku: line.sku ?? '',
				amazonOrderItemId: pick.orderItemId,
				quantity,
			});
		}
		return result;
	}
}

function assign(line: FulfillmentLine, orderItemId: string): void {
	line.amazonOrderItemId = orderItemId;
}
