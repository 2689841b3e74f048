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
	const fid = String(p.fulfillment.fulfillmentId);
	const ours = order.packages.some(
		(pk) => parsePackageReferenceId(pk.packageReferenceId)?.fulfillmentId === fid,
	);
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

async function confirmOne(
	client: ConfirmClient,
	p: PreparedFulfillment,
	options: ConfirmOptions,
): Promise<ConfirmedFulfillment> {
	const { clock } = options;
	const f = p.fulfillment;
	const label = fulfillmentLabel(f);
	const order = ` (order ${p.amazonOrderId})`;
	const submittedAt = iso(clock.now());
	const errors: AmazonMessageResult[] = [];
	const warnings: AmazonMessageResult[] = [];
	const notes = [...p.notes, ...(options.notes?.get(p.key) ?? [])];
	const packages: ConfirmedPackage[] = [];

	let shipments: Array<PlannedShipment & { packageReferenceId: string }> = [];
	let refProblem: unknown;
	try {
		shipments = withReferenceIds(p);
	} catch (error) {
		refProblem = error;
	}
	const details: Array<PackageDetail | undefined> = [];
	const detailErrors: unknown[] = [];
	for (const s of shipments) {
		try {
			details.push(packageDetailFor(s, f, options.dateDefaults));
			detailErrors.push(undefined);
		} catch (error) {
			details.push(undefined);
			detailErrors.push(error);
		}
	}

	const finish = (
		outcome: AmazonOutcome,
		message: string,
		lookupOrder?: AmazonOrderView,
		late?: boolean,
	): ConfirmedFulfillment => {
		const checkedAt = iso(clock.now());
		const result: AmazonResult = {
			outcome,
			message,
			warnings,
			errors,
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
			submittedAt,
			packages,
		};
		if (p.trackingNotSent.length) submission.trackingNotSent = [...p.trackingNotSent];
		if (notes.length) submission.notes = notes;
		return { index: p.index, key: p.key, submission, result };
	};

	if (refProblem) {
		const entry = errorResult(refProblem, {}, p.amazonOrderId).entry;
		errors.push(entry);
		return finish(
			'rejected',
			`Nothing was sent for ${label}${order}: ${resultText(entry)}. ${RESEND}`,
		);
	}

	const screening = screen(p, details, options.orders);
	notes.push(...screening.notes);
	const lookupOrder = screening.order;
	if (screening.final) {
		const fin = screening.final;
		errors.push(...(fin.errors ?? []));
		warnings.push(...(fin.warnings ?? []));
		shipments.forEach((s, i) =>
			packages.push(sentPackage(s, details[i], fin.packageOutcome, { detail: fin.message })),
		);
		return finish(fin.outcome, fin.message + latestPart(lookupOrder), lookupOrder);
	}

	let late = false;
	for (let i = 0; i < shipments.length; i++) {
		const s = shipments[i];
		const detail = details[i];
		if (!detail) {
			const r = errorResult(detailErrors[i], s, p.amazonOrderId);
			errors.push(r.entry);
			packages.push(sentPackage(s, undefined, 'rejected', { detail: r.entry.description }));
			continue;
		}
		if (lookupOrder) {
			const byRef = lookupOrder.packages.find(
				(pk) => pk.packageReferenceId === detail.packageReferenceId,
			);
			const byTracking = lookupOrder.packages.find((pk) =>
				sameCode(pk.trackingNumber, detail.trackingNumber),
			);
			if ((byRef && unchangedOnAmazon(detail, byRef)) || (!byRef && byTracking)) {
				const found = byRef ?? byTracking!;
				packages.push(
					sentPackage(s, detail, 'alreadyOnAmazon', {
						detail: `Already on Amazon as package ${found.packageReferenceId} with tracking ${found.trackingNumber ?? '?'}; not sent again.`,
					}),
				);
				continue;
			}
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
			packages.push(sentPackage(s, detail, 'confirmed', { requestId: response.requestId }));
			if (lookupOrder?.latestShipDate) {
				const limit = Date.parse(lookupOrder.latestShipDate);
				if (Number.isFinite(limit) && now > limit) late = true;
			}
			continue;
		}
		const r = errorResult(failure, s, p.amazonOrderId);
		errors.push(r.entry);
		packages.push(
			sentPackage(s, detail, r.kind, { detail: r.entry.description, requestId: r.requestId }),
		);
	}

	if (late && lookupOrder?.latestShipDate) {
		warnings.push({
			resultCode: 'Warning',
			code: 'LateConfirmation',
			description: `late: counts against your late-shipment rate. Amazon's latest ship date for order ${p.amazonOrderId} was ${lookupOrder.latestShipDate}; this confirmation reached Amazon after it.`,
			hint: 'Confirm shipments the day they leave: run the workflow more often, or fix what delayed this fulfillment in NetSuite.',
			amazonOrderId: p.amazonOrderId,
		});
	}

	const confirmed = packages.filter((x) => x.outcome === 'confirmed');
	const already = packages.filter((x) => x.outcome === 'alreadyOnAmazon');
	const bad = packages.filter((x) => x.outcome === 'rejected' || x.outcome === 'failed');
	const correction = f.source?.reason === 'correction';
	const tail = latestPart(lookupOrder) + (notes.length ? ` Note: ${notes.join(' ')}` : '');

	if (bad.length) {
		const rejected = bad.some((x) => x.outcome === 'rejected');
		const single = bad.length === 1 && shipments.length > 1;
		let message = `Amazon ${rejected ? 'rejected' : 'could not take'} ${single ? `${packageName(bad[0])} of ${label}` : label}${order}: ${errors
			.map((e) => (shipments.length > 1 ? `${packageName(e)}: ${resultText(e)}` : resultText(e)))
			.join('; ')}.`;
		const through = [...confirmed, ...already];
		if (through.length) {
			message += ` Partially applied: Amazon has ${plural(through.length, 'package')} of it (${list(through)}); only ${list(bad)} ${bad.length === 1 ? 'is' : 'are'} missing.`;
		}
		message += ` ${RESEND}`;
		return finish(rejected ? 'rejected' : 'failed', message + tail, lookupOrder, late);
	}
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
	if (warnings.length) parts.push(warnings.map((w) => w.description).join(' '));
	return finish(
		warnings.length ? 'acceptedWithWarnings' : 'accepted',
		parts.join(' ') + tail,
		lookupOrder,
		late,
	);
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
