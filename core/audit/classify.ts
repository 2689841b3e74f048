import { codeKey, optionalText, sameCode } from '../shared/text';
import { DEFAULT_DATE_SETTINGS, toEpoch, type DateSettings } from '../trigger/dates';
import type {
	AmazonOrderView,
	AuditFinding,
	AuditFulfillment,
	AuditSettings,
	NetSuiteFulfillmentView,
} from './types';

const HOUR = 3_600_000;

/** searchOrders' order object → the fields the audit compares. Unknown shapes give empty fields. */
export function amazonOrderView(order: Record<string, unknown>): AmazonOrderView {
	const o = order as {
		orderId?: string;
		createdTime?: string;
		lastUpdatedTime?: string;
		salesChannel?: { marketplaceId?: string };
		fulfillment?: {
			fulfillmentStatus?: string;
			fulfilledBy?: string;
			shipByWindow?: { latestDateTime?: string };
		};
		packages?: Array<{ trackingNumber?: string; carrier?: string; shipTime?: string }>;
	};
	return {
		amazonOrderId: String(o.orderId ?? ''),
		marketplaceId: o.salesChannel?.marketplaceId,
		fulfillmentStatus: String(o.fulfillment?.fulfillmentStatus ?? 'UNKNOWN'),
		fulfilledBy: o.fulfillment?.fulfilledBy,
		createdTime: o.createdTime,
		lastUpdatedTime: o.lastUpdatedTime,
		latestShipDate: o.fulfillment?.shipByWindow?.latestDateTime,
		packages: (o.packages ?? [])
			.filter((p) => p && p.trackingNumber)
			.map((p) => ({
				trackingNumber: String(p.trackingNumber),
				carrier: p.carrier,
				shipTime: p.shipTime,
			})),
	};
}

/** SuiteQL rows (one per line and tracking number) → fulfillments per Amazon order ID. */
export function groupNetSuiteRows(
	rows: Array<Record<string, unknown>>,
	dates: DateSettings = DEFAULT_DATE_SETTINGS,
): Map<string, NetSuiteFulfillmentView[]> {
	const byId = new Map<string, NetSuiteFulfillmentView & { amazonOrderId: string }>();
	for (const row of rows) {
		const id = optionalText(row.fulfillment_id);
		const orderId = optionalText(row.amazon_order_id);
		if (!id || !orderId) continue;
		let f = byId.get(id);
		if (!f) {
			const modified = toEpoch(row.last_modified, { ...dates, order: 'YMD' });
			f = {
				amazonOrderId: orderId,
				fulfillmentId: id,
				fulfillmentNumber: optionalText(row.fulfillment_number),
				salesOrderId: optionalText(row.sales_order_id),
				salesOrderNumber: optionalText(row.sales_order_number),
				status: optionalText(row.status),
				shipDate: optionalText(row.ship_date),
				lastModified: modified === undefined ? undefined : new Date(modified).toISOString(),
				sent: row.sent_flag === true || row.sent_flag === 'T',
				feedId: optionalText(row.feed_id),
				errorText: optionalText(row.error_text),
				trackingNumbers: [],
			};
			byId.set(id, f);
		}
		const tracking = optionalText(row.tracking_number);
		if (tracking && !f.trackingNumbers.some((t) => sameCode(t, tracking)))
			f.trackingNumbers.push(tracking);
	}
	const out = new Map<string, NetSuiteFulfillmentView[]>();
	for (const { amazonOrderId, ...f } of byId.values()) {
		const list = out.get(amazonOrderId) ?? [];
		list.push(f);
		out.set(amazonOrderId, list);
	}
	return out;
}

const OPEN = new Set(['UNSHIPPED', 'PARTIALLY_SHIPPED']);

function hoursText(hours: number): string {
	const abs = Math.abs(hours);
	const t = abs >= 48 ? `${Math.round(abs / 24)} days` : `${Math.round(abs * 10) / 10} h`;
	return hours >= 0 ? `closes in ${t}` : `closed ${t} ago`;
}

function fulfillmentWords(f: AuditFulfillment): string {
	const name = f.fulfillmentNumber ?? `fulfillment ${f.fulfillmentId}`;
	const tracking = f.trackingNumbers.length ? f.trackingNumbers.join(', ') : 'no tracking number';
	const state = f.sent
		? `marked sent${f.feedId ? ` (feed ${f.feedId})` : ''}`
		: f.errorText
			? `not sent, error: ${f.errorText.slice(0, 200)}`
			: 'not sent, no error recorded';
	return `${name} (${tracking}; ${state})`;
}

export type Classification =
	| { kind: 'finding'; finding: AuditFinding }
	| { kind: 'consistent' | 'inFlight' | 'fulfilledByAmazon' };

/**
 * One order's verdict. A NetSuite fulfillment counts as on Amazon when Amazon holds a package with
 * one of its tracking numbers (the flow sends only the first one when box contents are unknown).
 * A shipped fulfillment missing on Amazon is reported unless it shipped within the grace period.
 */
export function classifyOrder(
	order: AmazonOrderView,
	fulfillments: NetSuiteFulfillmentView[],
	now: number,
	settings: Pick<AuditSettings, 'shipByWithinHours' | 'graceMinutes'>,
): Classification {
	if (order.fulfilledBy === 'AMAZON') return { kind: 'fulfilledByAmazon' };
	const onAmazon = new Set(order.packages.map((p) => codeKey(p.trackingNumber)));
	const status = order.fulfillmentStatus;
	const shipBy = order.latestShipDate ? Date.parse(order.latestShipDate) : NaN;
	const hoursToShipBy = Number.isFinite(shipBy)
		? Math.round(((shipBy - now) / HOUR) * 10) / 10
		: undefined;
	const shipped = fulfillments
		.filter((f) => f.status === 'C')
		.map<AuditFulfillment>((f) => ({
			...f,
			onAmazon: f.trackingNumbers.length
				? f.trackingNumbers.some((t) => onAmazon.has(codeKey(t)))
				: status === 'SHIPPED',
		}));
	const graceMs = settings.graceMinutes * 60_000;
	const recent = (f: AuditFulfillment) =>
		!f.sent && f.lastModified !== undefined && now - Date.parse(f.lastModified) < graceMs;
	const missing = shipped.filter((f) => !f.onAmazon && status !== 'SHIPPED');
	const notConfirmed = missing.filter((f) => !recent(f));
	const notMarked = shipped.filter((f) => f.onAmazon && !f.sent);
	const base = {
		amazonOrderId: order.amazonOrderId,
		marketplaceId: order.marketplaceId,
		amazonStatus: status,
		latestShipDate: order.latestShipDate,
		hoursToShipBy,
		amazonPackages: order.packages.map((p) => p.trackingNumber),
	};
	const window =
		hoursToShipBy === undefined ? 'no ship-by date' : `ship-by window ${hoursText(hoursToShipBy)}`;

	if (notConfirmed.length) {
		const what = notConfirmed.map(fulfillmentWords).join('; ');
		const amazonSide = order.packages.length
			? `Amazon shows ${status.toLowerCase().replace('_', ' ')} with ${order.packages.length} other package(s)`
			: `Amazon shows it ${status.toLowerCase().replace('_', ' ')}`;
		return {
			kind: 'finding',
			finding: {
				...base,
				output: 'shippedNotConfirmed',
				reason: `Shipped in NetSuite, not confirmed on Amazon: ${what}. ${amazonSide}; ${window}.`,
				fulfillments: [...notConfirmed, ...notMarked],
			},
		};
	}
	if (notMarked.length) {
		return {
			kind: 'finding',
			finding: {
				...base,
				output: 'confirmedNotMarked',
				reason: `Confirmed on Amazon, not marked in NetSuite: Amazon holds ${notMarked
					.map(
						(f) =>
							f.trackingNumbers.filter((t) => onAmazon.has(codeKey(t))).join(', ') || 'the order',
					)
					.join('; ')} for ${notMarked
					.map((f) => f.fulfillmentNumber ?? f.fulfillmentId)
					.join(
						', ',
					)}, whose sent flag is not ticked (the write-back was lost, or the label was bought on Amazon).`,
				fulfillments: notMarked,
			},
		};
	}
	if (missing.length) return { kind: 'inFlight' };
	if (
		OPEN.has(status) &&
		hoursToShipBy !== undefined &&
		hoursToShipBy <= settings.shipByWithinHours
	) {
		const pending = fulfillments.filter((f) => f.status !== 'C');
		const ns = pending.length
			? `NetSuite has ${pending.map((f) => `${f.fulfillmentNumber ?? f.fulfillmentId} (status ${f.status})`).join(', ')}, not shipped`
			: shipped.length
				? 'NetSuite shipped part of it; the rest is not shipped'
				: 'NetSuite has no fulfillment for it';
		return {
			kind: 'finding',
			finding: {
				...base,
				output: 'shipByClosing',
				reason: `Not shipped yet, ${window}: ${ns}. Amazon counts it late after the ship-by time.`,
				fulfillments: pending.map((f) => ({ ...f, onAmazon: false })),
			},
		};
	}
	return { kind: 'consistent' };
}
