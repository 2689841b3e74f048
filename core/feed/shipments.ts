import type { Fulfillment, SentPackage, ValidationProblem } from '../fulfillment/types';
import type { ResolvedCarrier } from './carrierMapping';
import { fulfillmentLabel, toQuantity } from './text';

/** A package confirmation before it has a MessageID. */
export type PlannedShipment = Omit<SentPackage, 'messageId'>;

export interface ShipmentOptions {
	/** Confirm without a tracking number when the fulfillment has none (default false: refuse). */
	allowMissingTracking?: boolean;
}

export interface ShipmentPlan {
	shipments: PlannedShipment[];
	/** Tracking numbers that could not be sent because nobody knows what is in those boxes. */
	trackingNotSent: string[];
	/** Things done on the user's behalf that they should know about (merged lines, dropped tracking). */
	notes: string[];
	problems: ValidationProblem[];
}

/** Every tracking number in package order, then any extra from `trackingNumbers`; trimmed, de-duplicated. */
export function collectTrackingNumbers(f: Fulfillment): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	const add = (value: unknown) => {
		if (typeof value !== 'string') return;
		const t = value.trim();
		if (t && !seen.has(t)) {
			seen.add(t);
			out.push(t);
		}
	};
	for (const p of f.packages ?? []) add(p.trackingNumber);
	for (const t of f.trackingNumbers ?? []) add(t);
	return out;
}

/** Contents are known only when every package says what went in it. */
export function hasKnownPackageContents(f: Fulfillment): boolean {
	const packages = f.packages ?? [];
	return packages.length > 0 && packages.every((p) => Array.isArray(p.lines) && p.lines.length > 0);
}

interface ItemAccumulator {
	items: Array<{ amazonOrderItemId: string; quantity: number }>;
	index: Map<string, number>;
	merged: Set<string>;
}

function newAccumulator(): ItemAccumulator {
	return { items: [], index: new Map(), merged: new Set() };
}

/** Same Amazon order item twice in one shipment: quantities add up (NetSuite can split a line). */
function addItem(acc: ItemAccumulator, amazonOrderItemId: string, quantity: number): void {
	const at = acc.index.get(amazonOrderItemId);
	if (at === undefined) {
		acc.index.set(amazonOrderItemId, acc.items.length);
		acc.items.push({ amazonOrderItemId, quantity });
	} else {
		acc.items[at].quantity += quantity;
		acc.merged.add(amazonOrderItemId);
	}
}

function mergeNote(acc: ItemAccumulator, where: string): string[] {
	if (acc.merged.size === 0) return [];
	return [
		`Lines with the same Amazon order item ${[...acc.merged].join(', ')} were merged into one Item ${where} (quantities added)`,
	];
}

/**
 * Turns one fulfillment into the package confirmations to send. Amazon takes one tracking number
 * per message, so:
 * - every package knows its lines → one shipment per package, with that package's items;
 * - several tracking numbers, contents unknown → ONE shipment with all lines and the first tracking
 *   number; the rest are listed in `trackingNotSent`. Splitting the lines across boxes by guesswork
 *   would tell the buyer a wrong box for each item, and sending all lines once per tracking number
 *   would confirm the quantities several times. One honest confirmation plus a visible list is the
 *   safer choice;
 * - one tracking number → one shipment; none → one shipment without tracking, only if allowed.
 * Problems found here are structural (references, tracking presence); field formats are validate.ts's.
 */
export function planShipments(
	f: Fulfillment,
	carrier: ResolvedCarrier,
	options: ShipmentOptions = {},
): ShipmentPlan {
	const label = fulfillmentLabel(f);
	const plan: ShipmentPlan = { shipments: [], trackingNotSent: [], notes: [], problems: [] };
	const base = {
		carrierCode: carrier.carrierCode,
		...(carrier.carrierName !== undefined ? { carrierName: carrier.carrierName } : {}),
		...(carrier.shippingMethod !== undefined ? { shippingMethod: carrier.shippingMethod } : {}),
		shipDate: typeof f.shipDate === 'string' ? f.shipDate.trim() : '',
	};
	const lines = Array.isArray(f.lines) ? f.lines : [];
	const missingTracking = (where: string, field: string): ValidationProblem => ({
		field,
		message: `${label}: no tracking number ${where}`,
		fix: 'Enter the tracking number on the NetSuite fulfillment package, or enable "allow missing tracking" to confirm without one',
	});

	if (hasKnownPackageContents(f)) {
		const byLine = new Map<string, { amazonOrderItemId?: string }>();
		for (const line of lines)
			if (line && !byLine.has(String(line.line))) byLine.set(String(line.line), line);
		f.packages.forEach((pkg, p) => {
			const acc = newAccumulator();
			(pkg.lines ?? []).forEach((pl, k) => {
				const line = byLine.get(String(pl.line));
				if (!line) {
					plan.problems.push({
						field: `packages[${p}].lines[${k}].line`,
						message: `${label}: package ${pkg.packageId} refers to line '${pl.line}', which is not on the fulfillment`,
						fix: 'Correct the package contents in NetSuite so each entry names a line of this fulfillment',
					});
					return;
				}
				const qty = toQuantity(pl.quantity);
				if (line.amazonOrderItemId && qty !== undefined) {
					addItem(acc, String(line.amazonOrderItemId).trim(), qty);
				}
			});
			const tracking = typeof pkg.trackingNumber === 'string' ? pkg.trackingNumber.trim() : '';
			if (!tracking && !options.allowMissingTracking) {
				plan.problems.push(
					missingTracking(`on package ${pkg.packageId}`, `packages[${p}].trackingNumber`),
				);
			}
			plan.notes.push(...mergeNote(acc, `in package ${pkg.packageId}`));
			plan.shipments.push({
				packageId: String(pkg.packageId),
				...base,
				...(tracking ? { trackingNumber: tracking } : {}),
				items: acc.items,
			});
		});
		return plan;
	}

	const acc = newAccumulator();
	for (const line of lines) {
		const qty = toQuantity(line?.quantity);
		if (line?.amazonOrderItemId && qty !== undefined) {
			addItem(acc, String(line.amazonOrderItemId).trim(), qty);
		}
	}
	plan.notes.push(...mergeNote(acc, 'in the shipment'));
	const tracking = collectTrackingNumbers(f);
	if (tracking.length === 0 && !options.allowMissingTracking) {
		plan.problems.push(missingTracking('on the fulfillment', 'trackingNumber'));
	}
	if (tracking.length > 1) {
		plan.trackingNotSent = tracking.slice(1);
		plan.notes.push(
			`Package contents are unknown, so only the first tracking number (${tracking[0]}) was sent with all lines; not sent: ${plan.trackingNotSent.join(', ')}`,
		);
	}
	if ((f.packages ?? []).some((p) => Array.isArray(p.lines) && p.lines.length > 0)) {
		plan.notes.push(
			'Only some packages list their contents, so the fulfillment was confirmed as one shipment',
		);
	}
	const packages = f.packages ?? [];
	const first =
		packages.find(
			(p) => typeof p.trackingNumber === 'string' && p.trackingNumber.trim() === tracking[0],
		) ?? packages[0];
	plan.shipments.push({
		packageId: first?.packageId !== undefined ? String(first.packageId) : '1',
		...base,
		...(tracking[0] ? { trackingNumber: tracking[0] } : {}),
		items: acc.items,
	});
	return plan;
}
