import { checkMarketplace } from '../amazon/hosts';
import type { Fulfillment, ValidationProblem } from '../fulfillment/types';
import {
	CarrierMapper,
	isCarrierProblem,
	MAX_TEXT_LENGTH,
	type ResolvedCarrier,
} from './carrierMapping';
import { resolveShipDate, type DateTimeDefaults } from './dates';
import {
	COPY_ORDER_ITEM_ID_FIX,
	DEFAULT_LINES_WITHOUT_ORDER_ITEM_ID,
	describeLine,
	hasOrderItemId,
	notGoodsKind,
	selectLinesToConfirm,
	type LinesWithoutOrderItemId,
} from './lines';
import {
	hasKnownPackageContents,
	planShipments,
	type PlannedShipment,
	type ShipmentOptions,
} from './shipments';
import { charLength, describeChar, findForbiddenChar, fulfillmentLabel, toQuantity } from './text';

/**
 * AmazonOrderID is `\w{3}-\w{7}-\w{7}` in the XSD. XML Schema's `\w` is every character except
 * punctuation, separators and "other" (not JavaScript's ASCII `\w`), so this accepts exactly what
 * Amazon's schema accepts; real order ids are digits, and a wrong one comes back as 18028.
 */
export const AMAZON_ORDER_ID_RE =
	/^[^\p{P}\p{Z}\p{C}]{3}-[^\p{P}\p{Z}\p{C}]{7}-[^\p{P}\p{Z}\p{C}]{7}$/u;
/** AmazonOrderItemCode: `\d{14}` (the SP-API OrderItemId). */
export const ORDER_ITEM_CODE_RE = /^[0-9]{14}$/;
/** MerchantFulfillmentID is an IDNumber: 1–20 digits. */
export const MERCHANT_FULFILLMENT_ID_RE = /^[0-9]{1,20}$/;

export interface ValidateOptions extends ShipmentOptions {
	/** "Now" for the future-date check, in ms (injected so tests and n8n's clock agree). */
	now?: number;
	/** How far in the future a ship date may be; default one day (time zones). */
	maxFutureMs?: number;
	dateDefaults?: DateTimeDefaults;
	/**
	 * Lines without an Amazon order item ID: leave out those of items that are not shipped goods
	 * (default), leave out every one, or refuse the fulfillment. Applied by prepareFulfillments;
	 * checkFulfillment only uses it to word the fix.
	 */
	linesWithoutOrderItemId?: LinesWithoutOrderItemId;
}

export interface FulfillmentCheck {
	problems: ValidationProblem[];
	shipments: PlannedShipment[];
	trackingNotSent: string[];
	notes: string[];
}

function describeQuantity(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'is missing';
	if (typeof value === 'number') {
		if (Number.isNaN(value)) return 'is not a number';
		if (value === 0) return 'is 0';
		if (value < 0) return `is negative (${value})`;
		if (!Number.isInteger(value)) return `is not a whole number (${value})`;
		return `is too large (${value})`;
	}
	if (typeof value === 'string') {
		const n = Number(value.trim());
		if (value.trim() === '' || Number.isNaN(n)) return `is not a number ('${value.slice(0, 30)}')`;
		return describeQuantity(n);
	}
	return `is not a number (${typeof value})`;
}

function textProblems(
	label: string,
	field: string,
	what: string,
	value: string,
	fixWhat: string,
): ValidationProblem[] {
	const out: ValidationProblem[] = [];
	const bad = findForbiddenChar(value);
	if (bad) {
		out.push({
			field,
			message: `${label}: the ${what} contains the control character ${describeChar(bad.codePoint)} at position ${bad.index + 1}, which cannot be sent to Amazon`,
			fix: `Remove the hidden character from ${fixWhat} (often pasted from a spreadsheet or label printer)`,
		});
	}
	const length = charLength(value);
	if (length > MAX_TEXT_LENGTH) {
		out.push({
			field,
			message: `${label}: the ${what} '${value.slice(0, 60)}${value.length > 60 ? '…' : ''}' has ${length} characters; Amazon allows ${MAX_TEXT_LENGTH}`,
			fix: `Shorten ${fixWhat} to ${MAX_TEXT_LENGTH} characters or fewer`,
		});
	}
	return out;
}

/** How to word a line of goods (or of unknown type) refused for a missing Amazon order item ID. */
function missingOrderItemId(
	itemType: string | undefined,
	policy: LinesWithoutOrderItemId = DEFAULT_LINES_WITHOUT_ORDER_ITEM_ID,
): { what: string; fix: string } {
	const kind = notGoodsKind(itemType);
	if (kind) {
		// Only reached with 'refuse': the other policies leave such a line out.
		return {
			what: ` (it is ${kind}, usually not sold on Amazon)`,
			fix: 'Set Options > Lines Without an Amazon Order Item ID to leave out lines of items that are not shipped goods, or copy the Amazon OrderItemId onto the sales order line if it was sold on Amazon',
		};
	}
	const what = itemType ? ` (item type ${itemType})` : '';
	if (itemType === undefined && policy === 'leaveOutNotGoods') {
		return {
			what,
			fix: `${COPY_ORDER_ITEM_ID_FIX}. If the item is not sold on Amazon (promo insert, service), have the trigger return the item type (SuiteQL item_type, saved-search column Item : Type) and the line is left out`,
		};
	}
	return { what, fix: COPY_ORDER_ITEM_ID_FIX };
}

type AddProblem = (field: string, message: string, fix: string) => void;

/** MerchantFulfillmentID and AmazonOrderID: both must have Amazon's form. */
function checkIds(f: Fulfillment, add: AddProblem): void {
	const id =
		f.fulfillmentId === undefined || f.fulfillmentId === null ? '' : String(f.fulfillmentId).trim();
	if (!id) {
		add(
			'fulfillmentId',
			'the NetSuite internal id is missing',
			'Make the trigger output the item fulfillment internal id (it becomes MerchantFulfillmentID)',
		);
	} else if (!MERCHANT_FULFILLMENT_ID_RE.test(id)) {
		add(
			'fulfillmentId',
			`the internal id '${id.slice(0, 40)}' is not 1–20 digits, so it cannot be Amazon's MerchantFulfillmentID`,
			'Map the NetSuite internal id (a number), not the document number, to the fulfillment id',
		);
	}

	// AmazonOrderID
	const orderId = typeof f.amazonOrderId === 'string' ? f.amazonOrderId.trim() : '';
	if (!orderId) {
		add(
			'amazonOrderId',
			'the Amazon order ID is missing',
			'Fill the Amazon order ID on the NetSuite sales order (format 3-7-7, e.g. 114-1234567-1234567) or fix the mapping',
		);
	} else if (!AMAZON_ORDER_ID_RE.test(orderId)) {
		add(
			'amazonOrderId',
			`the Amazon order ID '${orderId.slice(0, 40)}' does not have Amazon's 3-7-7 form`,
			'Correct it to the order ID shown in Seller Central, e.g. 114-1234567-1234567 (spreadsheets often drop the dashes or turn it into a number)',
		);
	}
}

/** Each line needs a 14-digit order item code and a positive whole quantity. */
function checkLines(lines: Fulfillment['lines'], options: ValidateOptions, add: AddProblem): void {
	if (lines.length === 0) {
		add(
			'lines',
			'it has no lines, so there is nothing to confirm',
			'Check that the fulfillment has shipped lines and that the search returns them',
		);
	}
	lines.forEach((line, i) => {
		const name = describeLine(line, i);
		const code =
			typeof line?.amazonOrderItemId === 'string'
				? line.amazonOrderItemId.trim()
				: line?.amazonOrderItemId;
		if (!hasOrderItemId(line)) {
			const problem = missingOrderItemId(line?.itemType, options.linesWithoutOrderItemId);
			add(
				`lines[${i}].amazonOrderItemId`,
				`${name} has no Amazon order item ID${problem.what}`,
				problem.fix,
			);
		} else if (!ORDER_ITEM_CODE_RE.test(String(code))) {
			add(
				`lines[${i}].amazonOrderItemId`,
				`${name}: Amazon order item code '${String(code).slice(0, 40)}' is not 14 digits`,
				'Use the OrderItemId from the Amazon order (14 digits, not the ASIN or SKU); spreadsheets may have dropped leading zeros',
			);
		}
		if (toQuantity(line?.quantity) === undefined) {
			add(
				`lines[${i}].quantity`,
				`${name}: quantity ${describeQuantity(line?.quantity)}; Amazon needs a positive whole number`,
				'Confirm only lines with a shipped quantity of 1 or more whole units',
			);
		}
	});
}

/** Ship date: read in the NetSuite account's zone and kept between the purchase and now. */
function checkShipDate(
	f: Fulfillment,
	options: ValidateOptions,
	add: AddProblem,
): { shipDate?: string; notes: string[] } {
	const rawDate = typeof f.shipDate === 'string' ? f.shipDate.trim() : '';
	let shipDate: string | undefined;
	const notes: string[] = [];
	if (!rawDate) {
		add(
			'shipDate',
			'the ship date is missing',
			'Map the fulfillment date (YYYY-MM-DD or ISO date-time)',
		);
	} else {
		const resolved = resolveShipDate(rawDate, {
			defaults: options.dateDefaults,
			itemZone: f.netsuiteTimeZone,
			purchaseDate: f.purchaseDate,
			now: options.now ?? Date.now(),
			maxFutureMs: options.maxFutureMs,
		});
		if ('problem' in resolved) add('shipDate', resolved.problem.message, resolved.problem.fix);
		else {
			shipDate = resolved.value;
			if (resolved.note) notes.push(resolved.note);
		}
	}

	return { shipDate, notes };
}

/** The carrier table's answer: its own problem, or the texts it gives checked for Amazon's limits. */
function checkCarrier(
	label: string,
	carrier: ResolvedCarrier | ValidationProblem,
): ValidationProblem[] {
	const problems: ValidationProblem[] = [];
	if (isCarrierProblem(carrier)) {
		problems.push({ ...carrier, message: `${label}: ${carrier.message}` });
	} else {
		if (carrier.carrierName !== undefined) {
			problems.push(
				...textProblems(
					label,
					'carrierName',
					'carrier name',
					carrier.carrierName,
					'the carrier name (carrier table rule or ship method)',
				),
			);
		}
		if (carrier.shippingMethod !== undefined) {
			problems.push(
				...textProblems(
					label,
					'shippingMethod',
					'shipping method',
					carrier.shippingMethod,
					'the shipping method (carrier table rule or mapping)',
				),
			);
		}
	}

	return problems;
}

/** Packages with known contents must add up to the lines. */
function checkPackageContents(f: Fulfillment, lines: Fulfillment['lines'], add: AddProblem): void {
	if (hasKnownPackageContents(f)) {
		const lineQty = new Map<string, number>();
		const packed = new Map<string, number>();
		const lineSeen = new Set<string>();
		lines.forEach((line, i) => {
			const key = String(line?.line);
			if (lineSeen.has(key)) {
				add(
					`lines[${i}].line`,
					`line key '${key}' appears twice, so the package contents are ambiguous`,
					'Give every fulfillment line its own line key in the search results',
				);
			}
			lineSeen.add(key);
			const q = toQuantity(line?.quantity);
			if (q !== undefined) lineQty.set(key, (lineQty.get(key) ?? 0) + q);
		});
		f.packages.forEach((pkg, p) => {
			(pkg.lines ?? []).forEach((pl, k) => {
				const q = toQuantity(pl?.quantity);
				if (q === undefined) {
					add(
						`packages[${p}].lines[${k}].quantity`,
						`package ${pkg.packageId}, line ${pl?.line}: quantity ${describeQuantity(pl?.quantity)}`,
						'Give each package entry a positive whole quantity',
					);
					return;
				}
				packed.set(String(pl.line), (packed.get(String(pl.line)) ?? 0) + q);
			});
		});
		for (const [key, qty] of lineQty) {
			const inPackages = packed.get(key) ?? 0;
			if (inPackages !== qty) {
				add(
					'packages',
					`line ${key} ships ${qty} but the packages hold ${inPackages}`,
					'Correct the package contents in NetSuite so they add up to the shipped quantity of each line',
				);
			}
		}
	}
}

/**
 * Every problem that would make Amazon refuse (or mis-record) this fulfillment, all at once so the
 * user fixes them in one go. `carrier` is the carrier table's answer for this fulfillment.
 */
export function checkFulfillment(
	f: Fulfillment,
	carrier: ResolvedCarrier | ValidationProblem,
	options: ValidateOptions = {},
): FulfillmentCheck {
	const label = fulfillmentLabel(f);
	const problems: ValidationProblem[] = [];
	const add: AddProblem = (field, message, fix) =>
		problems.push({ field, message: `${label}: ${message}`, fix });
	const lines = Array.isArray(f.lines) ? f.lines : [];

	checkIds(f, add);
	checkLines(lines, options, add);
	const { shipDate, notes: shipDateNotes } = checkShipDate(f, options, add);
	problems.push(...checkCarrier(label, carrier));
	checkPackageContents(f, lines, add);

	// Shipments: structure (package references, tracking presence) and tracking text.
	const plan = planShipments(f, isCarrierProblem(carrier) ? { carrierCode: '' } : carrier, options);
	problems.push(...plan.problems);
	const packages = f.packages ?? [];
	for (const shipment of plan.shipments) {
		if (shipment.trackingNumber === undefined) continue;
		const p = packages.findIndex((pk) => String(pk.packageId) === shipment.packageId);
		const field = p >= 0 ? `packages[${p}].trackingNumber` : 'trackingNumber';
		problems.push(
			...textProblems(
				label,
				field,
				`tracking number of package ${shipment.packageId}`,
				shipment.trackingNumber,
				'the tracking number in NetSuite',
			),
		);
	}
	return {
		problems,
		// Every package carries the ship date as it is sent (zone applied, clamped).
		shipments: shipDate ? plan.shipments.map((s) => ({ ...s, shipDate })) : plan.shipments,
		trackingNotSent: plan.trackingNotSent,
		notes: [...shipDateNotes, ...plan.notes],
	};
}

export interface PrepareOptions extends ValidateOptions {
	/** Marketplace for fulfillments that do not name one. */
	defaultMarketplaceId?: string;
	/**
	 * When set, each fulfillment's marketplace is checked against the credential's region and
	 * Amazon's list before anything is sent (region undefined: the list only).
	 */
	marketplaces?: { region?: string; additionalIds?: string[] };
	/** Per-input values from n8n expressions, aligned with the input array. */
	perItem?: Array<
		{ otherCarrierName?: string; shippingMethod?: string; marketplaceId?: string } | undefined
	>;
}

export interface PreparedFulfillment {
	index: number;
	/** The fulfillment's internal id: unique per run, used to map results back. */
	key: string;
	/** What is confirmed: without the lines (and package contents) left out for lack of an ID. */
	fulfillment: Fulfillment;
	marketplaceId: string;
	amazonOrderId: string;
	carrier: ResolvedCarrier;
	shipments: PlannedShipment[];
	trackingNotSent: string[];
	notes: string[];
}

export interface RejectedFulfillment {
	index: number;
	fulfillment: Fulfillment;
	problems: ValidationProblem[];
}

/**
 * Validates a whole run: per fulfillment checks plus the run-level ones (the same fulfillment twice:
 * the second occurrence is refused so Amazon never gets two confirmations). Linear in the input.
 */
export function prepareFulfillments(
	fulfillments: readonly Fulfillment[],
	mapper: CarrierMapper,
	options: PrepareOptions = {},
): { valid: PreparedFulfillment[]; invalid: RejectedFulfillment[] } {
	const valid: PreparedFulfillment[] = [];
	const invalid: RejectedFulfillment[] = [];
	const firstIndex = new Map<string, number>();
	fulfillments.forEach((f, index) => {
		const extra = options.perItem?.[index] ?? {};
		let carrier = mapper.resolveFulfillment(f, extra.otherCarrierName);
		if (!isCarrierProblem(carrier) && extra.shippingMethod && extra.shippingMethod.trim()) {
			carrier = { ...carrier, shippingMethod: extra.shippingMethod.trim() };
		}
		// Lines Amazon has no order item for are left out before anything else looks at the lines.
		const selection = selectLinesToConfirm(f, options.linesWithoutOrderItemId);
		const check = checkFulfillment(selection.fulfillment, carrier, options);
		// "No line has an Amazon order item ID" replaces the generic "no lines" and the per-line
		// "no ID" of the lines it lists (the check then ran on the whole fulfillment).
		const listed = new Set([
			'lines',
			...selection.leftOut.map((l) => `lines[${l.index}].amazonOrderItemId`),
		]);
		const problems = selection.problems.length
			? [...selection.problems, ...check.problems.filter((p) => !listed.has(p.field))]
			: check.problems;
		const key =
			f.fulfillmentId === undefined || f.fulfillmentId === null
				? ''
				: String(f.fulfillmentId).trim();
		if (key) {
			const first = firstIndex.get(key);
			if (first !== undefined) {
				problems.push({
					field: 'fulfillmentId',
					message: `${fulfillmentLabel(f)}: duplicate in this run (same internal id as input item ${first + 1})`,
					fix: 'The first copy is sent; remove the duplicate from the input (a search that returns one row per line must be grouped per fulfillment)',
				});
			} else {
				firstIndex.set(key, index);
			}
		}
		const marketplaceId = (
			extra.marketplaceId ||
			f.marketplaceId ||
			options.defaultMarketplaceId ||
			''
		).trim();
		if (!marketplaceId) {
			problems.push({
				field: 'marketplaceId',
				message: `${fulfillmentLabel(f)}: no marketplace id`,
				fix: 'Set the default marketplace on the node, or map the marketplace id from NetSuite',
			});
		} else if (options.marketplaces) {
			const problem = checkMarketplace(
				marketplaceId,
				options.marketplaces.region,
				options.marketplaces.additionalIds,
			);
			if (problem) {
				problems.push({
					field: 'marketplaceId',
					message: `${fulfillmentLabel(f)}: ${problem.message}`,
					fix: problem.fix,
				});
			}
		}
		if (problems.length > 0 || isCarrierProblem(carrier)) {
			invalid.push({ index, fulfillment: f, problems });
			return;
		}
		valid.push({
			index,
			key,
			fulfillment: selection.fulfillment,
			marketplaceId,
			amazonOrderId: String(f.amazonOrderId).trim(),
			carrier,
			shipments: check.shipments,
			trackingNotSent: check.trackingNotSent,
			notes: [...selection.notes, ...check.notes],
		});
	});
	return { valid, invalid };
}
