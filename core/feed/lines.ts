import type { Fulfillment, FulfillmentLine, ValidationProblem } from '../fulfillment/types';
import { fulfillmentLabel } from './text';

/**
 * Lines Amazon has no order item for. A sales order can carry lines that were never sold on Amazon
 * (a promo insert, a gift-wrap service, a discount): they have no Amazon order item ID, and a
 * confirmation cannot name them. Refusing the whole fulfillment for them would hold back the goods
 * that did ship, so by default such lines are left out (and listed in the notes); a line of goods
 * without the ID is still refused, since leaving it out would under-confirm what the buyer gets.
 */
export type LinesWithoutOrderItemId = 'leaveOutNotGoods' | 'leaveOutAll' | 'refuse';

export const DEFAULT_LINES_WITHOUT_ORDER_ITEM_ID: LinesWithoutOrderItemId = 'leaveOutNotGoods';

/**
 * NetSuite item types that are not shipped goods, keyed by the type ID (SuiteQL `itemtype`,
 * saved-search value) and the saved-search text, lower case without spaces or punctuation.
 */
const NOT_GOODS: Record<string, string> = {
	noninvtpart: 'a non-inventory item',
	noninventoryitem: 'a non-inventory item',
	noninventory: 'a non-inventory item',
	service: 'a service item',
	serviceitem: 'a service item',
	discount: 'a discount item',
	discountitem: 'a discount item',
	markup: 'a markup item',
	markupitem: 'a markup item',
	othcharge: 'an other charge item',
	othercharge: 'an other charge item',
	otherchargeitem: 'an other charge item',
	description: 'a description item',
	descriptionitem: 'a description item',
	subtotal: 'a subtotal item',
	subtotalitem: 'a subtotal item',
	payment: 'a payment item',
	paymentitem: 'a payment item',
	group: 'an item group line',
	itemgroup: 'an item group line',
	endgroup: 'an item group line',
	shipitem: 'a shipping cost item',
	shippingcostitem: 'a shipping cost item',
	dwnlditem: 'a download item',
	downloaditem: 'a download item',
	taxitem: 'a tax item',
	taxgroup: 'a tax item',
	salestaxitem: 'a tax item',
};

/**
 * What kind of non-goods item a type names (e.g. 'a non-inventory item'), or undefined for goods
 * (inventory, assembly, kit), an unknown type, or no type at all.
 */
export function notGoodsKind(itemType: unknown): string | undefined {
	if (typeof itemType !== 'string') return undefined;
	const key = itemType.toLowerCase().replace(/[^a-z]/g, '');
	if (!key) return undefined;
	// Saved searches show e.g. 'Non-inventory Item for Resale'.
	if (key.startsWith('noninventory')) return 'a non-inventory item';
	return NOT_GOODS[key];
}

export function hasOrderItemId(
	line: Pick<FulfillmentLine, 'amazonOrderItemId'> | undefined,
): boolean {
	const code = line?.amazonOrderItemId as unknown;
	if (code === undefined || code === null) return false;
	return String(code).trim() !== '';
}

/** Would this line be left out under the policy (no ID, and the policy allows it)? */
export function isLeftOut(
	line: FulfillmentLine | undefined,
	policy: LinesWithoutOrderItemId = DEFAULT_LINES_WITHOUT_ORDER_ITEM_ID,
): boolean {
	if (!line || hasOrderItemId(line) || policy === 'refuse') return false;
	return policy === 'leaveOutAll' || notGoodsKind(line.itemType) !== undefined;
}

export function describeLine(line: FulfillmentLine | undefined, index: number): string {
	return `line ${line?.line ?? index + 1}${line?.sku ? ` (${line.sku})` : ''}`;
}

/** The fix for a line of goods without an Amazon order item ID (also used when it is refused). */
export const COPY_ORDER_ITEM_ID_FIX =
	"Copy the line's Amazon OrderItemId (14 digits, from the Amazon order) onto the sales order line's custom column (the one the trigger maps as Amazon Order Item ID, default custcol_celigo_etail_order_line_id), or use the Confirm Shipment method with 'Look Up the Order First' on to match the line by SKU";

export interface LineSelection {
	/** The fulfillment to confirm: a copy without the left-out lines (the input when none is). */
	fulfillment: Fulfillment;
	leftOut: Array<{ index: number; line: FulfillmentLine; why: string }>;
	/** What was left out and why, for `amazon.submission.notes`. */
	notes: string[];
	/** Set when no line is left to confirm. */
	problems: ValidationProblem[];
}

/**
 * Leaves out the lines the policy allows to leave out: from the lines, from the package contents,
 * and packages that held nothing else (their boxes carry nothing Amazon sold). The input is not
 * changed.
 */
export function selectLinesToConfirm(
	f: Fulfillment,
	policy: LinesWithoutOrderItemId = DEFAULT_LINES_WITHOUT_ORDER_ITEM_ID,
): LineSelection {
	const lines = Array.isArray(f.lines) ? f.lines : [];
	const leftOut: LineSelection['leftOut'] = [];
	const kept: FulfillmentLine[] = [];
	lines.forEach((line, index) => {
		if (!isLeftOut(line, policy)) {
			kept.push(line);
			return;
		}
		const kind = notGoodsKind(line.itemType);
		leftOut.push({
			index,
			line,
			why: kind
				? `${kind} without an Amazon order item ID, not sold on Amazon`
				: 'no Amazon order item ID (option: leave out every such line)',
		});
	});
	if (leftOut.length === 0) return { fulfillment: f, leftOut, notes: [], problems: [] };

	const label = fulfillmentLabel(f);
	const listed = leftOut.map((l) => `${describeLine(l.line, l.index)}, ${l.why}`).join('; ');
	if (kept.length === 0) {
		const allNotGoods = leftOut.every((l) => notGoodsKind(l.line.itemType) !== undefined);
		return {
			fulfillment: f,
			leftOut,
			notes: [],
			problems: [
				{
					field: 'lines',
					message: `${label}: no line has an Amazon order item ID, so there is nothing to confirm (left out: ${listed})`,
					fix: allNotGoods
						? `If it ships nothing sold on Amazon, keep it out of the trigger's search (e.g. by item type) or mark it sent in NetSuite; otherwise ${COPY_ORDER_ITEM_ID_FIX.charAt(0).toLowerCase()}${COPY_ORDER_ITEM_ID_FIX.slice(1)}`
						: COPY_ORDER_ITEM_ID_FIX,
				},
			],
		};
	}

	const notes = leftOut.map(
		(l) =>
			`Left out ${describeLine(l.line, l.index)}${l.line.itemId ? ` [item ${l.line.itemId}]` : ''}: ${l.why}`,
	);
	const keptKeys = new Set(kept.map((l) => String(l.line)));
	const goneKeys = new Set(
		leftOut.map((l) => String(l.line.line)).filter((key) => !keptKeys.has(key)),
	);
	const packages: Fulfillment['packages'] = [];
	const droppedTracking = new Set<string>();
	for (const pkg of f.packages ?? []) {
		if (!Array.isArray(pkg.lines) || pkg.lines.length === 0) {
			packages.push(pkg);
			continue;
		}
		const contents = pkg.lines.filter((pl) => !goneKeys.has(String(pl?.line)));
		if (contents.length > 0) {
			packages.push(contents.length === pkg.lines.length ? pkg : { ...pkg, lines: contents });
			continue;
		}
		const tracking = typeof pkg.trackingNumber === 'string' ? pkg.trackingNumber.trim() : '';
		if (tracking) droppedTracking.add(tracking);
		notes.push(
			`Package ${pkg.packageId}${tracking ? ` (tracking ${tracking})` : ''} held only left-out lines and is not confirmed`,
		);
	}
	// A tracking number of a dropped box must not come back as "the first tracking number".
	for (const pkg of packages) {
		const t = typeof pkg.trackingNumber === 'string' ? pkg.trackingNumber.trim() : '';
		if (t) droppedTracking.delete(t);
	}
	const trackingNumbers = (f.trackingNumbers ?? []).filter(
		(t) => typeof t !== 'string' || !droppedTracking.has(t.trim()),
	);
	return {
		fulfillment: { ...f, lines: kept, packages, trackingNumbers },
		leftOut,
		notes,
		problems: [],
	};
}
