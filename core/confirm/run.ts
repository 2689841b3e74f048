import type {
	ConfirmShipmentRequest,
	ConfirmShipmentResult,
	PackageDetail,
} from '../amazon/client';
import { AmazonApiError, AmazonInputError, isAmazonVerdict } from '../amazon/errors';
import { OTHER_CARRIER_CODE } from '../feed/carrierCodes';
import type { CarrierMapper } from '../feed/carrierMapping';
import { parseShipDate, toXsdDateTime, type DateTimeDefaults } from '../feed/dates';
import type { PlannedShipment } from '../feed/shipments';
import { DEFAULT_LINES_WITHOUT_ORDER_ITEM_ID, isLeftOut } from '../feed/lines';
import { fulfillmentLabel } from '../feed/text';
import {
	prepareFulfillments,
	type PrepareOptions,
	type PreparedFulfillment,
	type RejectedFulfillment,
} from '../feed/validate';
import type {
	AmazonMessageResult,
	AmazonOutcome,
	AmazonResult,
	AmazonSubmission,
	Fulfillment,
	SentPackage,
} from '../fulfillment/types';
import type { Clock } from '../http/transport';
import {
	amazonShipsItself,
	isCancelled,
	lookUpOrders,
	RemainingQuantities,
	type AmazonOrderView,
	type AmazonPackageView,
	type OrderLookup,
	type OrderLookupClient,
	type OrderLookupFailure,
} from './orderLookup';
import {
	packageNumber,
	packageReferenceId,
	PackageReferenceError,
	parsePackageReferenceId,
} from './packageReference';
import { sameInternalId } from '../shared/ids';
import { sameCode } from '../shared/text';

/**
 * The Confirm Shipment method: one `confirmShipment` call per package, answered at once, so each
 * fulfillment leaves with a final `amazon.result` of the same shape Amazon Feed Status gives
 * (accepted / acceptedWithWarnings / rejected / failed) and NetSuite Update Order needs no change.
 * Calls go one after another through the client, which paces them at Amazon's 2/s, burst 10, and
 * waits out 429s within its bounded wait.
 */

export interface ConfirmClient extends OrderLookupClient {
	confirmShipment(orderId: string, request: ConfirmShipmentRequest): Promise<ConfirmShipmentResult>;
}

/** What happened to one package. */
export type PackageOutcome = 'confirmed' | 'rejected' | 'failed' | 'alreadyOnAmazon' | 'notSent';

export interface ConfirmedPackage extends SentPackage {
	outcome: PackageOutcome;
}

export interface ConfirmOptions {
	clock: Clock;
	/** Orders read before sending (`lookUpOrders`); absent = send without looking. */
	orders?: Map<string, OrderLookup>;
	dateDefaults?: DateTimeDefaults;
	/** Per fulfillment key: notes to add (e.g. SKU matches). */
	notes?: Map<string, string[]>;
}

export interface ConfirmedFulfillment {
	/** Index in the input of the run. */
	index: number;
	key: string;
	submission: AmazonSubmission & { packages: ConfirmedPackage[] };
	result: AmazonResult;
}

const RESEND =
	'It stays unsent in NetSuite, so the next run sends it again; packages Amazon already has are edited (same packageReferenceId), not duplicated.';
const LOOK_UP_AGAIN =
	'It stays unsent in NetSuite, so the next run looks the order up again and sends it.';

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

/** ISO 8601 date-time for Confirm Shipment (a date-only NetSuite value gets the default time and zone). */
export function confirmShipDate(
	shipDate: string | undefined,
	defaults?: DateTimeDefaults,
): string | undefined {
	const parsed = parseShipDate(shipDate);
	return parsed ? toXsdDateTime(parsed, defaults) : undefined;
}

/** The request body for one package; throws AmazonInputError when Amazon would refuse it anyway. */
export function packageDetailFor(
	shipment: PlannedShipment & { packageReferenceId: string },
	f: Fulfillment,
	defaults?: DateTimeDefaults,
): PackageDetail {
	const label = fulfillmentLabel(f);
	const tracking = (shipment.trackingNumber ?? '').trim();
	if (!tracking) {
		throw new AmazonInputError(
			'trackingNumber',
			`${label}: package ${shipment.packageId ?? 1} has no tracking number; Confirm Shipment requires one per package. Enter it on the NetSuite fulfillment, or use the Feed method.`,
		);
	}
	if (!shipment.items.length) {
		throw new AmazonInputError(
			'items',
			`${label}: package ${shipment.packageId ?? 1} lists no Amazon order items; Confirm Shipment needs the order item IDs and quantities in each package.`,
		);
	}
	// The package's date is the resolved one (zone applied, clamped); the raw date is a fallback.
	const raw = shipment.shipDate || f.shipDate;
	const shipDate = confirmShipDate(raw, defaults);
	if (!shipDate) {
		throw new AmazonInputError(
			'shipDate',
			`${label}: ship date '${raw}' is not a date; send YYYY-MM-DD or an ISO date-time.`,
		);
	}
	const detail: PackageDetail = {
		packageReferenceId: shipment.packageReferenceId,
		carrierCode: shipment.carrierCode,
		trackingNumber: tracking,
		shipDate,
		orderItems: shipment.items.map((i) => ({
			orderItemId: i.amazonOrderItemId,
			quantity: i.quantity,
		})),
	};
	// Amazon wants carrierName with Other only; with a listed code the pair is refused.
	if (shipment.carrierCode === OTHER_CARRIER_CODE && shipment.carrierName) {
		detail.carrierName = shipment.carrierName;
	}
	if (shipment.shippingMethod) detail.shippingMethod = shipment.shippingMethod;
	return detail;
}

/** Each planned shipment with its packageReferenceId (stable: see packageReference.ts). */
export function withReferenceIds(
	p: Pick<PreparedFulfillment, 'fulfillment' | 'shipments'>,
): Array<PlannedShipment & { packageReferenceId: string }> {
	const numbers = p.shipments.map((s) => packageNumber(p.fulfillment, s.packageId));
	// Two shipments on one number (mixed numeric and named package keys): positions are unique.
	const unique = new Set(numbers).size === numbers.length;
	return p.shipments.map((s, i) => ({
		...s,
		packageReferenceId: packageReferenceId(
			p.fulfillment.fulfillmentId,
			unique ? numbers[i] : i + 1,
		),
	}));
}

function sameItems(
	a: Array<{ orderItemId: string; quantity: number }>,
	b: Array<{ orderItemId: string; quantity: number }>,
): boolean {
	const key = (list: typeof a) =>
		list
			.map((i) => `${i.orderItemId}x${i.quantity}`)
			.sort()
			.join(',');
	return key(a) === key(b);
}

/** Amazon shows this package as we would send it: same tracking, carrier and contents. */
function unchangedOnAmazon(detail: PackageDetail, existing: AmazonPackageView): boolean {
	const carrier =
		detail.carrierCode === OTHER_CARRIER_CODE ? detail.carrierName : detail.carrierCode;
	return (
		sameCode(existing.trackingNumber, detail.trackingNumber) &&
		(existing.carrier === undefined || sameCode(existing.carrier, carrier)) &&
		(existing.items.length === 0 || sameItems(existing.items, detail.orderItems))
	);
}

function sentPackage(
	shipment: PlannedShipment & { packageReferenceId: string },
	detail: PackageDetail | undefined,
	outcome: PackageOutcome,
	extra: { detail?: string; requestId?: string } = {},
): ConfirmedPackage {
	const out: ConfirmedPackage = {
		packageReferenceId: shipment.packageReferenceId,
		...(shipment.packageId !== undefined ? { packageId: shipment.packageId } : {}),
		carrierCode: shipment.carrierCode,
		...(detail?.carrierName ? { carrierName: detail.carrierName } : {}),
		...(shipment.shippingMethod ? { shippingMethod: shipment.shippingMethod } : {}),
		...(shipment.trackingNumber ? { trackingNumber: shipment.trackingNumber } : {}),
		shipDate: detail?.shipDate ?? shipment.shipDate,
		items: shipment.items.map((i) => ({ ...i })),
		outcome,
	};
	if (extra.detail) out.detail = extra.detail;
	if (extra.requestId) out.requestId = extra.requestId;
	return out;
}

function packageName(p: {
	trackingNumber?: string;
	packageId?: string;
	packageReferenceId?: string;
}): string {
	if (p.trackingNumber) return `package ${p.trackingNumber}`;
	return `package ${p.packageId ?? p.packageReferenceId ?? '1'}`;
}

function hintForConfirm(error: AmazonApiError): string | undefined {
	if (error.hint) return error.hint;
	const text = `${error.amazonMessage} ${error.details ?? ''}`;
	if (/OrderItemId/i.test(text)) {
		return "Use the 14-digit OrderItemId of this order (sales order line), or turn on 'Look Up the Order First' to match lines by SKU.";
	}
	if (/PackageToUpdateNotFound|already fulfilled/i.test(text)) {
		return 'Amazon shows the order as fulfilled already; check its packages in Seller Central (Orders > Manage Orders).';
	}
	if (/quantity/i.test(text)) {
		return 'The quantity is more than Amazon has left to ship for that order item; check for an earlier confirmation of the same units.';
	}
	if (/carrier/i.test(text)) {
		return "Use a carrier code from Amazon's list, or Other with a carrier name (carrier table).";
	}
	return undefined;
}

/** An error of one call → the per-package result in the contract's shape. */
function errorResult(
	error: unknown,
	shipment: { packageId?: string; trackingNumber?: string },
	amazonOrderId: string,
): { kind: 'rejected' | 'failed'; entry: AmazonMessageResult; requestId?: string } {
	const where = {
		...(shipment.packageId !== undefined ? { packageId: shipment.packageId } : {}),
		...(shipment.trackingNumber ? { trackingNumber: shipment.trackingNumber } : {}),
		amazonOrderId,
	};
	if (error instanceof AmazonInputError || error instanceof PackageReferenceError) {
		return {
			kind: 'rejected',
			entry: { resultCode: 'Error', code: 'NotSent', description: error.message, ...where },
		};
	}
	if (error instanceof AmazonApiError) {
		const status = error.httpStatus ?? 0;
		const kind = isAmazonVerdict(error) ? 'rejected' : 'failed';
		const description =
			[error.amazonMessage, error.details].filter(Boolean).join(' ') || error.message;
		const hint = hintForConfirm(error);
		return {
			kind,
			entry: {
				resultCode: 'Error',
				code: error.code || `HTTP${status}`,
				description,
				...(hint ? { hint } : {}),
				...where,
			},
			requestId: error.requestId,
		};
	}
	return {
		kind: 'failed',
		entry: {
			resultCode: 'Error',
			code: 'RequestFailed',
			description: error instanceof Error ? error.message : String(error),
			...where,
		},
	};
}

function resultText(r: AmazonMessageResult): string {
	return `${r.code ? `${r.code} ` : ''}${r.description.trim().replace(/\.$/, '')}${r.hint ? ` — ${r.hint}` : ''}`;
}

function list(packages: ConfirmedPackage[]): string {
	return packages.map((p) => p.trackingNumber ?? p.packageId ?? p.packageReferenceId).join(', ');
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface Screening {
	/** Final answer without any call: the order is cancelled, unknown, or Amazon ships it itself. */
	final?: {
		outcome: AmazonOutcome;
		message: string;
		errors?: AmazonMessageResult[];
		warnings?: AmazonMessageResult[];
		packageOutcome: PackageOutcome;
	};
	order?: AmazonOrderView;
	notes: string[];
}

/** What the order lookup says about this fulfillment before anything is sent. */
function screen(
	p: PreparedFulfillment,
	details: Array<PackageDetail | undefined>,
	orders: Map<string, OrderLookup> | undefined,
): Screening {
	const notes: string[] = [];
	if (!orders) return { notes };
	const lookup = orders.get(p.amazonOrderId);
	const label = fulfillmentLabel(p.fulfillment);
	if (!lookup) return { notes };
	if (!lookup.ok) {
		if (lookup.notFound) {
			const entry: AmazonMessageResult = {
				resultCode: 'Error',
				code: lookup.code || 'NotFound',
				description: `Amazon has no order ${p.amazonOrderId} for this seller and region (getOrder answered 404).`,
				hint: 'Check the Amazon order ID on the NetSuite sales order and that the credential is for the right seller and region.',
				amazonOrderId: p.amazonOrderId,
			};
			return {
				final: {
					outcome: 'rejected',
					packageOutcome: 'notSent',
					message: `Nothing was sent for ${label}: ${entry.description} ${entry.hint} ${RESEND}`,
					errors: [entry],
				},
				notes,
			};
		}
		notes.push(
			`The order could not be looked up first (${lookup.message}); the packages were sent without that check.`,
		);
		return { notes };
	}
	const order = lookup.order;
	if (isCancelled(order)) {
		const entry: AmazonMessageResult = {
			resultCode: 'Error',
			code: 'OrderCancelled',
			description: `Amazon shows order ${p.amazonOrderId} as cancelled, so no shipment can be confirmed for it.`,
			hint: 'Do not ship (or recall the parcel); close the NetSuite sales order or mark it cancelled, and refund the buyer if needed.',
			amazonOrderId: p.amazonOrderId,
		};
		return {
			final: {
				outcome: 'rejected',
				packageOutcome: 'notSent',
				message: `Skipped ${label}: ${entry.description} ${entry.hint}`,
				errors: [entry],
			},
			order,
			notes,
		};
	}
	const itself = amazonShipsItself(order);
	if (itself) {
		return {
			final: {
				outcome: 'accepted',
				packageOutcome: 'notSent',
				message: `Nothing sent for ${label}: Amazon confirms order ${p.amazonOrderId} itself (${itself}). It counts as done, so NetSuite marks it processed.`,
			},
			order,
			notes,
		};
	}
	// Shipped in full by packages that are not ours (Buy Shipping labels confirm automatically, or
	// someone confirmed in Seller Central): adding ours would duplicate tracking for the buyer.
	const ours = order.packages.some((pk) => {
		const fid = parsePackageReferenceId(pk.packageReferenceId)?.fulfillmentId;
		return fid !== undefined && sameInternalId(fid, p.fulfillment.fulfillmentId);
	});
	const allShipped =
		order.items.length > 0 && order.items.every((i) => i.quantityUnfulfilled === 0);
	const tracked = (t: string | undefined) =>
		order.packages.some((pk) => sameCode(pk.trackingNumber, t));
	const anyMatch = details.some((d) => d && tracked(d.trackingNumber));
	if (allShipped && !ours && !anyMatch && order.packages.length > 0) {
		const theirs = order.packages
			.map((pk) => `${pk.trackingNumber ?? '?'} (${pk.carrier ?? 'carrier unknown'})`)
			.join(', ');
		const warning: AmazonMessageResult = {
			resultCode: 'Warning',
			code: 'ShippedOutsideWorkflow',
			description: `Amazon already shows order ${p.amazonOrderId} shipped in full with ${theirs}, probably a Buy Shipping label (Amazon confirms those itself); NetSuite's tracking ${details
				.map((d) => d?.trackingNumber)
				.filter(Boolean)
				.join(', ')} was not sent, so the buyer does not get a second tracking number.`,
			hint: "If NetSuite's tracking number is the right one, correct it in Seller Central; otherwise update the NetSuite fulfillment to Amazon's.",
			amazonOrderId: p.amazonOrderId,
		};
		return {
			final: {
				outcome: 'acceptedWithWarnings',
				packageOutcome: 'notSent',
				message: `Nothing sent for ${label}: ${warning.description}`,
				warnings: [warning],
			},
			order,
			notes,
		};
	}
	return { order, notes };
}

/**
 * Confirms every valid fulfillment, one call per package, in input order. Never throws for a
 * package: every outcome lands in that fulfillment's result.
 */
export async function confirmShipments(
	client: ConfirmClient,
	prepared: readonly PreparedFulfillment[],
	options: ConfirmOptions,
): Promise<ConfirmedFulfillment[]> {
	const out: ConfirmedFulfillment[] = [];
	for (const p of prepared) out.push(await confirmOne(client, p, options));
	return out;
}

type ReferencedShipment = PlannedShipment & { packageReferenceId: string };

/** The fulfillment's packages with their request bodies, before anything is decided. */
interface PlannedPackages {
	shipments: ReferencedShipment[];
	/** Per shipment: the request body, or undefined when Amazon would refuse it (`detailErrors`). */
	details: Array<PackageDetail | undefined>;
	detailErrors: unknown[];
	/** The packageReferenceIds could not be given: nothing can be sent. */
	refProblem?: unknown;
}

function planPackages(p: PreparedFulfillment, defaults?: DateTimeDefaults): PlannedPackages {
	let shipments: ReferencedShipment[];
	try {
		shipments = withReferenceIds(p);
	} catch (error) {
		return { shipments: [], details: [], detailErrors: [], refProblem: error };
	}
	const details: Array<PackageDetail | undefined> = [];
	const detailErrors: unknown[] = [];
	for (const s of shipments) {
		try {
			details.push(packageDetailFor(s, p.fulfillment, defaults));
			detailErrors.push(undefined);
		} catch (error) {
			details.push(undefined);
			detailErrors.push(error);
		}
	}
	return { shipments, details, detailErrors };
}

/** What one fulfillment's result is built from, filled in as its packages are decided. */
interface Confirmation {
	p: PreparedFulfillment;
	submittedAt: string;
	packages: ConfirmedPackage[];
	errors: AmazonMessageResult[];
	warnings: AmazonMessageResult[];
	notes: string[];
}

function finish(
	c: Confirmation,
	clock: Clock,
	outcome: AmazonOutcome,
	message: string,
	lookupOrder?: AmazonOrderView,
	late?: boolean,
): ConfirmedFulfillment {
	const { p } = c;
	const checkedAt = iso(clock.now());
	const result: AmazonResult = {
		outcome,
		message,
		warnings: c.warnings,
		errors: c.errors,
		attempt: 1,
		firstCheckedAt: checkedAt,
		checkedAt,
	};
	if (lookupOrder?.latestShipDate) result.latestShipDate = lookupOrder.latestShipDate;
	if (late !== undefined && lookupOrder?.latestShipDate) result.late = late;
	const submission: ConfirmedFulfillment['submission'] = {
		method: 'confirmShipment',
		marketplaceId: p.marketplaceId,
		amazonOrderId: p.amazonOrderId,
		submittedAt: c.submittedAt,
		packages: c.packages,
	};
	if (p.trackingNotSent.length) submission.trackingNotSent = [...p.trackingNotSent];
	if (c.notes.length) submission.notes = c.notes;
	return { index: p.index, key: p.key, submission, result };
}

async function confirmOne(
	client: ConfirmClient,
	p: PreparedFulfillment,
	options: ConfirmOptions,
): Promise<ConfirmedFulfillment> {
	const { clock } = options;
	const c: Confirmation = {
		p,
		submittedAt: iso(clock.now()),
		packages: [],
		errors: [],
		warnings: [],
		notes: [...p.notes, ...(options.notes?.get(p.key) ?? [])],
	};
	const planned = planPackages(p, options.dateDefaults);
	if (planned.refProblem) {
		const entry = errorResult(planned.refProblem, {}, p.amazonOrderId).entry;
		c.errors.push(entry);
		return finish(c, clock, 'rejected', noReferenceMessage(p, entry));
	}

	const screening = screen(p, planned.details, options.orders);
	c.notes.push(...screening.notes);
	const lookupOrder = screening.order;
	if (screening.final) {
		const fin = screening.final;
		c.errors.push(...(fin.errors ?? []));
		c.warnings.push(...(fin.warnings ?? []));
		planned.shipments.forEach((s, i) =>
			c.packages.push(
				sentPackage(s, planned.details[i], fin.packageOutcome, { detail: fin.message }),
			),
		);
		return finish(c, clock, fin.outcome, fin.message + latestPart(lookupOrder), lookupOrder);
	}

	let late = false;
	for (let i = 0; i < planned.shipments.length; i++) {
		const step = await confirmPackage(client, p, planned, i, lookupOrder, clock);
		if (step.error) c.errors.push(step.error);
		c.packages.push(step.sent);
		if (step.late) late = true;
	}
	if (late && lookupOrder?.latestShipDate) {
		c.warnings.push(lateWarning(p.amazonOrderId, lookupOrder.latestShipDate));
	}
	const { outcome, message } = summary(c, planned.shipments.length, lookupOrder);
	return finish(c, clock, outcome, message, lookupOrder, late);
}

/** The package as Amazon already has it (same reference and content, or same tracking), if so. */
function foundOnAmazon(
	detail: PackageDetail,
	order: AmazonOrderView,
): AmazonPackageView | undefined {
	const byRef = order.packages.find((pk) => pk.packageReferenceId === detail.packageReferenceId);
	if (byRef) return unchangedOnAmazon(detail, byRef) ? byRef : undefined;
	return order.packages.find((pk) => sameCode(pk.trackingNumber, detail.trackingNumber));
}

/** One package: refused before the call, already on Amazon, or sent with Amazon's answer. */
async function confirmPackage(
	client: ConfirmClient,
	p: PreparedFulfillment,
	planned: PlannedPackages,
	i: number,
	lookupOrder: AmazonOrderView | undefined,
	clock: Clock,
): Promise<{ sent: ConfirmedPackage; error?: AmazonMessageResult; late?: boolean }> {
	const s = planned.shipments[i];
	const detail = planned.details[i];
	if (!detail) {
		const r = errorResult(planned.detailErrors[i], s, p.amazonOrderId);
		return {
			sent: sentPackage(s, undefined, 'rejected', { detail: r.entry.description }),
			error: r.entry,
		};
	}
	const found = lookupOrder && foundOnAmazon(detail, lookupOrder);
	if (found) {
		return { sent: sentPackage(s, detail, 'alreadyOnAmazon', { detail: alreadyOnAmazon(found) }) };
	}
	const now = clock.now();
	let response: ConfirmShipmentResult | undefined;
	let failure: unknown;
	try {
		response = await client.confirmShipment(p.amazonOrderId, {
			marketplaceId: p.marketplaceId,
			packageDetail: detail,
		});
	} catch (error) {
		failure = error ?? new Error('confirmShipment failed');
	}
	if (response) {
		const limit = lookupOrder?.latestShipDate ? Date.parse(lookupOrder.latestShipDate) : NaN;
		return {
			sent: sentPackage(s, detail, 'confirmed', { requestId: response.requestId }),
			late: Number.isFinite(limit) && now > limit,
		};
	}
	const r = errorResult(failure, s, p.amazonOrderId);
	return {
		sent: sentPackage(s, detail, r.kind, { detail: r.entry.description, requestId: r.requestId }),
		error: r.entry,
	};
}

/** The fulfillment's outcome once every package is decided: any refused or failed package decides. */
function summary(
	c: Confirmation,
	shipmentCount: number,
	lookupOrder: AmazonOrderView | undefined,
): { outcome: AmazonOutcome; message: string } {
	const confirmed = c.packages.filter((x) => x.outcome === 'confirmed');
	const already = c.packages.filter((x) => x.outcome === 'alreadyOnAmazon');
	const bad = c.packages.filter((x) => x.outcome === 'rejected' || x.outcome === 'failed');
	const tail = latestPart(lookupOrder) + (c.notes.length ? ` Note: ${c.notes.join(' ')}` : '');
	if (bad.length) {
		const rejected = bad.some((x) => x.outcome === 'rejected');
		return {
			outcome: rejected ? 'rejected' : 'failed',
			message: notTakenMessage(c, shipmentCount, rejected, bad, [...confirmed, ...already]) + tail,
		};
	}
	return {
		outcome: c.warnings.length ? 'acceptedWithWarnings' : 'accepted',
		message: takenMessage(c, confirmed, already) + tail,
	};
}

// What the seller reads about a Confirm Shipment (screen() words the skips it decides).

function orderPart(p: PreparedFulfillment): string {
	return ` (order ${p.amazonOrderId})`;
}

function noReferenceMessage(p: PreparedFulfillment, entry: AmazonMessageResult): string {
	return `Nothing was sent for ${fulfillmentLabel(p.fulfillment)}${orderPart(p)}: ${resultText(entry)}. ${RESEND}`;
}

function alreadyOnAmazon(found: AmazonPackageView): string {
	return `Already on Amazon as package ${found.packageReferenceId} with tracking ${found.trackingNumber ?? '?'}; not sent again.`;
}

function lateWarning(amazonOrderId: string, latestShipDate: string): AmazonMessageResult {
	return {
		resultCode: 'Warning',
		code: 'LateConfirmation',
		description: `late: counts against your late-shipment rate. Amazon's latest ship date for order ${amazonOrderId} was ${latestShipDate}; this confirmation reached Amazon after it.`,
		hint: 'Confirm shipments the day they leave: run the workflow more often, or fix what delayed this fulfillment in NetSuite.',
		amazonOrderId,
	};
}

/** Some package refused or failed; `through` are those Amazon does have. */
function notTakenMessage(
	c: Confirmation,
	shipmentCount: number,
	rejected: boolean,
	bad: ConfirmedPackage[],
	through: ConfirmedPackage[],
): string {
	const label = fulfillmentLabel(c.p.fulfillment);
	const single = bad.length === 1 && shipmentCount > 1;
	let message = `Amazon ${rejected ? 'rejected' : 'could not take'} ${single ? `${packageName(bad[0])} of ${label}` : label}${orderPart(c.p)}: ${c.errors
		.map((e) => (shipmentCount > 1 ? `${packageName(e)}: ${resultText(e)}` : resultText(e)))
		.join('; ')}.`;
	if (through.length) {
		message += ` Partially applied: Amazon has ${plural(through.length, 'package')} of it (${list(through)}); only ${list(bad)} ${bad.length === 1 ? 'is' : 'are'} missing.`;
	}
	return `${message} ${RESEND}`;
}

function takenMessage(
	c: Confirmation,
	confirmed: ConfirmedPackage[],
	already: ConfirmedPackage[],
): string {
	const label = fulfillmentLabel(c.p.fulfillment);
	const order = orderPart(c.p);
	const correction = c.p.fulfillment.source?.reason === 'correction';
	const parts: string[] = [];
	if (confirmed.length) {
		parts.push(
			`Amazon confirmed ${plural(confirmed.length, 'package')} (${list(confirmed)}) of ${label}${order} with Confirm Shipment${correction ? ', correcting what it had (same packageReferenceId, edited in place)' : ''}.`,
		);
	}
	if (already.length) {
		parts.push(
			`${confirmed.length ? 'Already' : `Nothing sent for ${label}${order}: already`} on Amazon with the same tracking: ${list(already)}.`,
		);
	}
	if (c.warnings.length) parts.push(c.warnings.map((w) => w.description).join(' '));
	return parts.join(' ');
}

function latestPart(order: AmazonOrderView | undefined): string {
	return order?.latestShipDate ? ` Latest ship date: ${order.latestShipDate}.` : '';
}

export interface ConfirmRunOptions extends PrepareOptions {
	clock: Clock;
	/** "Look up the order first": one getOrder per order, skips and SKU matching. */
	lookUpOrders?: boolean;
}

export interface PreparedConfirmBatch {
	/** Valid fulfillments (SKU-matched copies where the lookup filled order item IDs). */
	valid: PreparedFulfillment[];
	/** Fulfillments refused before anything was sent (validation, SKU matching), input order. */
	invalid: RejectedFulfillment[];
	/** Orders looked up; undefined when the lookup is off. */
	orders?: Map<string, OrderLookup>;
	/** Per fulfillment key: what the lookup did on the user's behalf (SKU matches). */
	notes: Map<string, string[]>;
	/**
	 * Fulfillments with lines to match by SKU whose order look-up was not done in time (quota,
	 * outage): `failed`, nothing sent, for the next run to retry; input order.
	 */
	retryLater: ConfirmedFulfillment[];
}

export interface ConfirmRun extends PreparedConfirmBatch {
	/** One per fulfillment with an Amazon result: every valid one, then `retryLater`; input order. */
	confirmed: ConfirmedFulfillment[];
}

/**
 * A fulfillment whose SKU matching needed the order look-up that Amazon did not answer in time:
 * a transient failure, so `failed` (retried by the next run), not a refusal of its content.
 */
function lookUpNotInTime(
	f: Fulfillment,
	index: number,
	lookup: OrderLookupFailure,
	marketplaceId: string,
	clock: Clock,
): ConfirmedFulfillment {
	const amazonOrderId = String(f.amazonOrderId ?? '').trim();
	const at = iso(clock.now());
	const why = `order look-up that matches its lines without an Amazon order item ID by SKU was not done in time (${lookup.message}).`;
	const entry: AmazonMessageResult = {
		resultCode: 'Error',
		code: lookup.code || 'OrderLookupFailed',
		description: `The ${why}`,
		amazonOrderId,
	};
	return {
		index,
		key: String(f.fulfillmentId ?? '').trim(),
		submission: {
			method: 'confirmShipment',
			marketplaceId,
			amazonOrderId,
			submittedAt: at,
			packages: [],
		},
		result: {
			outcome: 'failed',
			message: `Nothing was sent for ${fulfillmentLabel(f)} (order ${amazonOrderId}): the ${why} ${LOOK_UP_AGAIN}`,
			warnings: [],
			errors: [entry],
			attempt: 1,
			firstCheckedAt: at,
			checkedAt: at,
		},
	};
}

/**
 * Lookup (when on), SKU matching and validation (the feed node's rules) for a batch, before any
 * confirmation is sent. Works for either method: the feed could send `valid` as well.
 */
export async function prepareConfirmBatch(
	client: OrderLookupClient,
	fulfillments: readonly Fulfillment[],
	mapper: CarrierMapper,
	options: ConfirmRunOptions,
): Promise<PreparedConfirmBatch> {
	let orders: Map<string, OrderLookup> | undefined;
	let input: Fulfillment[] = [...fulfillments];
	const skuProblems = new Map<number, RejectedFulfillment['problems']>();
	const notes = new Map<string, string[]>();
	// By input index: fulfillments whose SKU matching waits for a look-up that was not done in time.
	const notLookedUp = new Map<number, OrderLookupFailure>();
	if (options.lookUpOrders) {
		const ids = fulfillments
			.map((f) => String(f?.amazonOrderId ?? '').trim())
			.filter((id) => /^[A-Za-z0-9]{3}-[A-Za-z0-9]{7}-[A-Za-z0-9]{7}$/.test(id));
		orders = await lookUpOrders(client, ids);
		const remaining = new RemainingQuantities(orders);
		const policy = options.linesWithoutOrderItemId ?? DEFAULT_LINES_WITHOUT_ORDER_ITEM_ID;
		input = fulfillments.map((f, i) => {
			// Lines of items that are not goods (promo insert, service) are not on the Amazon order:
			// they are not matched by SKU, and validation leaves them out.
			const match = remaining.matchSkus(f, {
				skip: (line) => policy !== 'refuse' && isLeftOut(line, 'leaveOutNotGoods'),
			});
			const key = String(f.fulfillmentId ?? '').trim();
			// Lines to match are neither refused nor left out for want of an answer Amazon may give
			// the next run.
			const looked = orders?.get(String(f.amazonOrderId ?? '').trim());
			if (looked && !looked.ok && looked.transient && match.problems.length) {
				notLookedUp.set(i, looked);
				return f;
			}
			const said = match.matched.map(
				(m) =>
					`Line ${m.line} (SKU ${m.sku}) matched to Amazon order item ${m.amazonOrderItemId} by SKU and remaining quantity.`,
			);
			if (match.problems.length && policy === 'leaveOutAll') {
				// Every unmatched line still has no ID, so validation leaves it out; say why here.
				const label = `${fulfillmentLabel(f)}: `;
				for (const p of match.problems)
					said.push(
						`Not matched by SKU: ${p.message.startsWith(label) ? p.message.slice(label.length) : p.message}.`,
					);
			} else if (match.problems.length) skuProblems.set(i, match.problems);
			if (said.length) notes.set(key, said);
			// The order's purchase time, when the item does not carry it: no ship date before it.
			const placed = looked?.ok ? looked.order.createdTime : undefined;
			return placed && !match.fulfillment.purchaseDate
				? { ...match.fulfillment, purchaseDate: placed }
				: match.fulfillment;
		});
	}
	const { valid, invalid } = prepareFulfillments(input, mapper, {
		...options,
		now: options.now ?? options.clock.now(),
	});
	for (const rejected of invalid) {
		const sku = skuProblems.get(rejected.index);
		if (!sku) continue;
		// The SKU explanation replaces the generic "no Amazon order item ID" of those lines.
		const generic = new Set(
			sku.map((s) => s.field.replace(/\.(sku|quantity)$/, '.amazonOrderItemId')),
		);
		rejected.problems = [...sku, ...rejected.problems.filter((pr) => !generic.has(pr.field))];
	}
	// Valid after matching but with lines that could not be matched: still refused.
	const stillValid: PreparedFulfillment[] = [];
	for (const p of valid) {
		if (notLookedUp.has(p.index)) continue;
		const sku = skuProblems.get(p.index);
		if (sku) invalid.push({ index: p.index, fulfillment: p.fulfillment, problems: sku });
		else stillValid.push(p);
	}
	const retryLater = [...notLookedUp].map(([index, lookup]) => {
		const f = fulfillments[index];
		const marketplaceId =
			valid.find((p) => p.index === index)?.marketplaceId ??
			String(
				options.perItem?.[index]?.marketplaceId ||
					f.marketplaceId ||
					options.defaultMarketplaceId ||
					'',
			).trim();
		return lookUpNotInTime(f, index, lookup, marketplaceId, options.clock);
	});
	const refused = invalid.filter((r) => !notLookedUp.has(r.index));
	refused.sort((a, b) => a.index - b.index);
	return { valid: stillValid, invalid: refused, orders, notes, retryLater };
}

/**
 * The whole method for a batch: optional order lookup and SKU matching, validation, then the
 * calls. `fulfillments` are the node's input items, in order.
 */
export async function runConfirmShipment(
	client: ConfirmClient,
	fulfillments: readonly Fulfillment[],
	mapper: CarrierMapper,
	options: ConfirmRunOptions,
): Promise<ConfirmRun> {
	const batch = await prepareConfirmBatch(client, fulfillments, mapper, options);
	const sent = await confirmShipments(client, batch.valid, {
		clock: options.clock,
		orders: batch.orders,
		dateDefaults: options.dateDefaults,
		notes: batch.notes,
	});
	const confirmed = [...sent, ...batch.retryLater].sort((a, b) => a.index - b.index);
	return { ...batch, confirmed };
}
