import { refusalMarker, refusedFingerprint, sentFingerprint } from '../fulfillment/fingerprint';
import type { AmazonMessageResult, FulfillmentItem, ValidationProblem } from '../fulfillment/types';
import { internalIdKey, sameInternalId } from '../shared/ids';
import { text } from '../shared/text';

/**
 * Pure planning for NetSuite Update Order: which records to PATCH, with which bodies, for which
 * input items. No I/O here: the run (core/update/run.ts) asks the lookups this plan needs, then
 * turns the plan into PATCH calls.
 *
 * Rules (see README "NetSuite Update Order"):
 * - accepted / acceptedWithWarnings → fulfillment: sent flag true, feed ID, confirmation time,
 *   error field cleared (or Amazon's warnings written there); sales order: processed value, or the
 *   partial value while the order still has unshipped quantity.
 * - rejected / failed / invalid → fulfillment: Amazon's errors into the error field, sent flag
 *   NOT touched (so a corrected fulfillment goes out on a later run); sales order: error value,
 *   only when one is configured.
 * - pending → refused: it means the Feed Status node's Pending output was wired here.
 * - Each record is PATCHed at most once per run. Several items of one sales order decide one final
 *   state (precedence in `salesOrderState`); several items of one fulfillment give one PATCH, an
 *   accepted item winning over a failed one (Amazon has the shipment either way).
 */

export type StatusValueType = 'listName' | 'listId' | 'text';
export type ExtraFieldType = 'text' | 'number' | 'boolean' | 'listId' | 'clear';

export interface ExtraField {
	fieldId: string;
	value?: unknown;
	/** How the value is sent: text as-is, number, checkbox true/false, list {id}, or null (clears). */
	type?: ExtraFieldType;
}

export interface SalesOrderSettings {
	/** Field that holds the Amazon order status; empty = do not set a status. */
	statusFieldId: string;
	processedValue: string;
	/** Empty = no partial value: partially shipped orders get the processed value. */
	partialValue: string;
	/** Empty = failures leave the sales order as it is. */
	errorValue: string;
	valueType: StatusValueType;
	/** Custom list (script ID) the names are looked up in when valueType is listName. */
	listId: string;
	extraFields: ExtraField[];
}

export interface FulfillmentSettings {
	/** Checkbox the trigger filters on. */
	sentFieldId: string;
	/** Empty = not written. */
	feedIdFieldId: string;
	confirmedAtFieldId: string;
	errorFieldId: string;
	/**
	 * Text field for a short fingerprint of what was sent (tracking, carrier, quantities), written on
	 * success; the trigger compares it to re-send corrected fulfillments. Empty/absent = not written.
	 */
	sentFingerprintFieldId?: string;
	extraFields: ExtraField[];
}

export interface UpdateInput {
	/** Index of the n8n input item. */
	index: number;
	salesOrderId: string;
	fulfillmentId: string;
	/** Raw outcome as given by the parameter (may be empty). */
	outcome: string;
	/** With no outcome on the item: true = treat as accepted (the user said so), false = refuse. */
	missingOutcomeIsAccepted: boolean;
	item: Partial<FulfillmentItem>;
	salesOrder: SalesOrderSettings;
	fulfillment: FulfillmentSettings;
}

export type Outcome = 'accepted' | 'acceptedWithWarnings' | 'rejected' | 'failed' | 'invalid';
export type SalesOrderState = 'processed' | 'partial' | 'error' | 'none';

export interface ItemProblem {
	index: number;
	message: string;
	description?: string;
}

export interface ClassifiedInput extends UpdateInput {
	kind: 'success' | 'failure';
	normalisedOutcome: Outcome;
}

const SUCCESS: Outcome[] = ['accepted', 'acceptedWithWarnings'];
const FAILURE: Outcome[] = ['rejected', 'failed', 'invalid'];
const ALL_OUTCOMES = [...SUCCESS, ...FAILURE, 'pending'];

/** NetSuite's long-text limit is far higher, but text-area fields stop at 4,000 characters. */
export const ERROR_TEXT_MAX = 3900;

const RECORD_ID = /^(\d{1,20}|eid:[A-Za-z0-9_-]{1,100})$/;
const FIELD_ID = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;

/**
 * Sales-order status letters (SuiteQL `transaction.status`) that mean unshipped quantity remains:
 * B Pending Fulfillment, D Partially Fulfilled, E Pending Billing/Partially Fulfilled.
 * F Pending Billing, G Billed, H Closed (and anything else) count as complete. NetSuite's status
 * already includes fulfillments not yet sent to Amazon, so "complete" means complete in NetSuite.
 */
export const PARTIAL_ORDER_STATUSES = ['B', 'D', 'E'];

/** Accepts `B`, `SalesOrd:B` or a display text such as `Partially Fulfilled`. */
export function isPartialOrderStatus(status: string | undefined): boolean {
	const raw = text(status);
	if (!raw) return false;
	const letter = raw.includes(':') ? raw.slice(raw.lastIndexOf(':') + 1).trim() : raw;
	if (letter.length === 1) return PARTIAL_ORDER_STATUSES.includes(letter.toUpperCase());
	return /pending fulfillment|partially fulfilled/i.test(raw);
}

function checkFieldId(id: string, label: string, problems: string[]): void {
	if (id && !FIELD_ID.test(id)) {
		problems.push(
			`${label} "${id.slice(0, 60)}" is not a valid NetSuite field ID: use letters, digits and "_" (e.g. custbody_amz_ship_confirmed).`,
		);
	}
}

/** Sorts items into success/failure or a problem that stops that item (and only that item). */
export function classifyInput(input: UpdateInput): ClassifiedInput | ItemProblem {
	const ref = `Item ${input.index}${input.fulfillmentId ? ` (fulfillment ${input.fulfillmentId})` : ''}`;
	let outcome = text(input.outcome);
	if (!outcome) {
		if (input.item.amazon?.validation?.length) outcome = 'invalid';
		else if (input.missingOutcomeIsAccepted) outcome = 'accepted';
		else {
			return {
				index: input.index,
				message: `${ref} carries no Amazon outcome`,
				description:
					'Connect this node after Amazon Feed Status (Done/Failed outputs) or Confirm Shipment, or set "Items Without Outcome" to "Treat as Accepted" if every item reaching this node was accepted by Amazon.',
			};
		}
	}
	const match = ALL_OUTCOMES.find((o) => o.toLowerCase() === outcome.toLowerCase());
	if (!match) {
		return {
			index: input.index,
			message: `${ref} has an unknown Amazon outcome "${outcome.slice(0, 40)}"`,
			description: `The Outcome parameter must give one of: ${ALL_OUTCOMES.join(', ')}.`,
		};
	}
	if (match === 'pending') {
		return {
			index: input.index,
			message: `${ref} is still pending at Amazon, so nothing was written to NetSuite`,
			description:
				"Only finished results belong here: connect the Feed Status node's Done and Failed outputs to this node, and loop its Pending output back through a Wait node.",
		};
	}
	const problems: string[] = [];
	if (!input.fulfillmentId) {
		problems.push(
			'The Item Fulfillment ID is empty: map it (default {{ $json.fulfillmentId }}) so the sent flag can be set; otherwise the trigger would send this fulfillment again.',
		);
	} else if (!RECORD_ID.test(input.fulfillmentId)) {
		problems.push(
			`Item Fulfillment ID "${input.fulfillmentId.slice(0, 60)}" is not a NetSuite internal ID (digits) or eid:<external ID>.`,
		);
	}
	if (input.salesOrderId && !RECORD_ID.test(input.salesOrderId)) {
		problems.push(
			`Sales Order ID "${input.salesOrderId.slice(0, 60)}" is not a NetSuite internal ID (digits) or eid:<external ID>.`,
		);
	}
	const f = input.fulfillment;
	const s = input.salesOrder;
	checkFieldId(f.sentFieldId, 'Sent Flag Field ID', problems);
	checkFieldId(f.feedIdFieldId, 'Feed ID Field ID', problems);
	checkFieldId(f.confirmedAtFieldId, 'Confirmation Time Field ID', problems);
	checkFieldId(f.errorFieldId, 'Error Text Field ID', problems);
	checkFieldId(f.sentFingerprintFieldId ?? '', 'Sent Fingerprint Field ID', problems);
	checkFieldId(s.statusFieldId, 'Order Status Field ID', problems);
	for (const extra of [...f.extraFields, ...s.extraFields]) {
		if (!text(extra.fieldId)) problems.push('An additional field has an empty Field ID.');
		else checkFieldId(text(extra.fieldId), 'Additional field ID', problems);
	}
	if (s.statusFieldId && s.valueType === 'listName' && !FIELD_ID.test(s.listId)) {
		problems.push(
			`Status List ID "${s.listId.slice(0, 60)}" is not a custom list script ID (e.g. customlist_amz_order_status). It is needed to look up list values by name.`,
		);
	}
	if (s.statusFieldId && s.valueType === 'listId') {
		for (const [label, value] of [
			['Processed Value', s.processedValue],
			['Partial Value', s.partialValue],
			['Error Value', s.errorValue],
		]) {
			if (value && !/^\d{1,20}$/.test(value)) {
				problems.push(
					`${label} "${value.slice(0, 60)}" is not a list internal ID (digits). Use "List Value by Name" to give names instead.`,
				);
			}
		}
	}
	if (problems.length) {
		return {
			index: input.index,
			message: `${ref}: ${problems[0]}`,
			description: problems.slice(1).join(' ') || undefined,
		};
	}
	const normalisedOutcome = match as Outcome;
	return {
		...input,
		kind: SUCCESS.includes(normalisedOutcome) ? 'success' : 'failure',
		normalisedOutcome,
	};
}

export function isProblem(value: ClassifiedInput | ItemProblem): value is ItemProblem {
	return (value as ClassifiedInput).kind === undefined;
}

/**
 * Final state of one sales order from all its items in this run, in order of precedence:
 * 1. any failed item and an error value configured → error;
 * 2. failed and accepted items mixed, no error value → partial when a partial value is configured,
 *    otherwise the order is left as it is (never "processed" while one fulfillment failed);
 * 3. only failed items, no error value → left as it is;
 * 4. only accepted items → partial when a partial value is configured and the order still has
 *    unshipped quantity (see PARTIAL_ORDER_STATUSES), or another of its fulfillments is not on
 *    Amazon yet (`otherUnsent`: refused, in flight or not shipped — Amazon holds only part of the
 *    order, whatever NetSuite's own status says); otherwise processed.
 */
export function salesOrderState(
	items: ClassifiedInput[],
	settings: SalesOrderSettings,
	orderStatus: string | undefined,
	otherUnsent: string[] = [],
): SalesOrderState {
	const failed = items.some((i) => i.kind === 'failure');
	const accepted = items.some((i) => i.kind === 'success');
	if (failed && settings.errorValue) return 'error';
	if (failed && accepted) return settings.partialValue ? 'partial' : 'none';
	if (failed) return 'none';
	if (settings.partialValue && isPartialOrderStatus(orderStatus)) return 'partial';
	if (settings.partialValue && otherUnsent.length) return 'partial';
	return 'processed';
}

export interface Lookups {
	/** listId (lower-case) → name (lower-case, trimmed) → internal ID. */
	listValues: Record<string, Record<string, string>>;
	/** A failed list lookup: listId (lower-case) → message. */
	listErrors?: Record<string, string>;
	/** Sales order ID (as internalIdKey gives it) → status letter; read with orderStatusOf. */
	orderStatus: Record<string, string>;
	/** A failed order status lookup: message, applies to every order that needed it. */
	orderStatusError?: string;
	/**
	 * Sales order ID (as internalIdKey gives it) → its fulfillments not marked sent in NetSuite
	 * (read with the status).
	 */
	unsentFulfillments?: Record<string, string[]>;
}

/**
 * The looked-up status of a sales order. NetSuite answers with its own form of the ID, which may
 * differ from the one given (0501 → 501).
 */
export function orderStatusOf(lookups: Lookups, salesOrderId: string): string | undefined {
	return lookups.orderStatus[internalIdKey(salesOrderId)];
}

export interface LookupNeeds {
	/** listId (lower-case) → names wanted. */
	lists: Record<string, string[]>;
	/** Sales orders whose status decides processed vs partial. */
	salesOrderIds: string[];
	/** The fulfillments' sent flag field, to find an order's other fulfillments not on Amazon. */
	sentFieldId?: string;
}

export interface SalesOrderGroup {
	salesOrderId: string;
	/** Items of this order, in input order; the first one's settings apply to the order. */
	items: ClassifiedInput[];
}

export interface FulfillmentGroup {
	fulfillmentId: string;
	items: ClassifiedInput[];
}

export interface Grouping {
	salesOrders: SalesOrderGroup[];
	fulfillments: FulfillmentGroup[];
}

export function groupInputs(items: ClassifiedInput[]): Grouping {
	const orders = new Map<string, SalesOrderGroup>();
	const fulfillments = new Map<string, FulfillmentGroup>();
	// By the ID as NetSuite reads it: '0501' and '501' are one order, written once.
	for (const item of items) {
		if (item.salesOrderId) {
			const key = internalIdKey(item.salesOrderId);
			if (!orders.has(key)) orders.set(key, { salesOrderId: key, items: [] });
			orders.get(key)!.items.push(item);
		}
		const fkey = internalIdKey(item.fulfillmentId);
		if (!fulfillments.has(fkey)) fulfillments.set(fkey, { fulfillmentId: fkey, items: [] });
		fulfillments.get(fkey)!.items.push(item);
	}
	return { salesOrders: [...orders.values()], fulfillments: [...fulfillments.values()] };
}

function statusValueFor(state: SalesOrderState, s: SalesOrderSettings): string {
	if (state === 'processed') return s.processedValue;
	if (state === 'partial') return s.partialValue;
	if (state === 'error') return s.errorValue;
	return '';
}

/** Which SuiteQL lookups the run needs: list names to resolve, order statuses to read. */
export function lookupNeeds(grouping: Grouping): LookupNeeds {
	const lists: Record<string, Set<string>> = {};
	const salesOrderIds: string[] = [];
	let sentFieldId: string | undefined;
	for (const group of grouping.salesOrders) {
		const s = group.items[0].salesOrder;
		if (!s.statusFieldId) continue;
		sentFieldId ||= group.items[0].fulfillment.sentFieldId || undefined;
		const accepted = group.items.some((i) => i.kind === 'success');
		const failed = group.items.some((i) => i.kind === 'failure');
		// Only the all-accepted case depends on the order's status, and only with a partial value.
		if (accepted && !failed && s.partialValue && /^\d+$/.test(group.salesOrderId)) {
			salesOrderIds.push(group.salesOrderId);
		}
		if (s.valueType !== 'listName') continue;
		const listKey = s.listId.toLowerCase();
		lists[listKey] ??= new Set();
		for (const state of ['processed', 'partial', 'error'] as SalesOrderState[]) {
			const name = statusValueFor(state, s);
			if (name) lists[listKey].add(name);
		}
	}
	const out: Record<string, string[]> = {};
	for (const [key, names] of Object.entries(lists)) out[key] = [...names];
	return { lists: out, salesOrderIds, sentFieldId };
}

export function listKey(name: string): string {
	return name.trim().toLowerCase();
}

function convertExtra(extra: ExtraField): unknown {
	const type = extra.type ?? 'text';
	const raw = extra.value;
	switch (type) {
		case 'clear':
			return null;
		case 'number': {
			const n = typeof raw === 'number' ? raw : Number(text(raw));
			if (!Number.isFinite(n))
				throw new Error(
					`Additional field ${extra.fieldId}: "${text(raw).slice(0, 40)}" is not a number.`,
				);
			return n;
		}
		case 'boolean': {
			if (typeof raw === 'boolean') return raw;
			const t = text(raw).toLowerCase();
			if (['true', 't', 'yes', '1'].includes(t)) return true;
			if (['false', 'f', 'no', '0', ''].includes(t)) return false;
			throw new Error(
				`Additional field ${extra.fieldId}: "${t.slice(0, 40)}" is not a checkbox value (true/false).`,
			);
		}
		case 'listId': {
			const t = text(raw);
			if (!/^\d{1,20}$/.test(t))
				throw new Error(
					`Additional field ${extra.fieldId}: "${t.slice(0, 40)}" is not a list internal ID (digits).`,
				);
			return { id: t };
		}
		default:
			return raw === undefined || raw === null
				? ''
				: typeof raw === 'object'
					? JSON.stringify(raw)
					: String(raw);
	}
}

/**
 * Adds the user's additional fields under the node's own: a field the node sets itself (status,
 * sent flag...) is not overridden, and the clash is reported.
 */
function addExtras(
	body: Record<string, unknown>,
	extras: ExtraField[],
	record: string,
	warnings: string[],
): void {
	for (const extra of extras) {
		const id = text(extra.fieldId);
		if (Object.prototype.hasOwnProperty.call(body, id)) {
			warnings.push(
				`${record}: additional field ${id} was skipped because this node already sets it.`,
			);
			continue;
		}
		body[id] = convertExtra(extra);
	}
}

function describeMessage(m: AmazonMessageResult): string {
	const parts = [`[${m.code}] ${m.description}`.trim()];
	if (m.hint) parts.push(`Hint: ${m.hint}`);
	return parts.join(' ');
}

function describeProblem(p: ValidationProblem): string {
	return `${p.field}: ${p.message}${p.fix ? ` Fix: ${p.fix}` : ''}`;
}

function truncate(value: string): string {
	return value.length > ERROR_TEXT_MAX ? `${value.slice(0, ERROR_TEXT_MAX - 1)}…` : value;
}

function feedRef(item: Partial<FulfillmentItem>): string {
	const feedId = item.amazon?.submission?.feedId;
	return feedId ? ` (feed ${feedId})` : '';
}

/** The text staff read on the fulfillment when Amazon said no: Amazon's message, codes and hints. */
export function failureText(input: ClassifiedInput): string {
	const result = input.item.amazon?.result;
	const lines = [
		`Amazon: ${input.normalisedOutcome}${feedRef(input.item)}.${result?.message ? ` ${result.message}` : ''}`,
	];
	for (const e of result?.errors ?? []) lines.push(describeMessage(e));
	for (const p of input.item.amazon?.validation ?? []) lines.push(describeProblem(p));
	if (lines.length === 1 && !result?.message)
		lines.push('No details were given; see the Amazon processing report.');
	return truncate(lines.join('\n'));
}

/** Warnings Amazon attached to an accepted shipment; empty when there were none. */
export function warningText(input: ClassifiedInput): string {
	const warnings = input.item.amazon?.result?.warnings ?? [];
	if (!warnings.length) return '';
	const lines = [
		`Amazon accepted with warnings${feedRef(input.item)}:`,
		...warnings.map(describeMessage),
	];
	return truncate(lines.join('\n'));
}

/**
 * Tracking numbers Amazon did not receive although the fulfillment was accepted (box contents
 * unknown: the first number went with every line). Written on the fulfillment so nobody takes the
 * sent flag to mean every box is on Amazon; empty when every number was sent.
 */
export function notSentText(input: ClassifiedInput): string {
	const notSent = (input.item.amazon?.submission?.trackingNotSent ?? []).filter(Boolean);
	if (!notSent.length) return '';
	const one = notSent.length === 1;
	return truncate(
		`Not sent to Amazon: tracking number${one ? '' : 's'} ${notSent.join(', ')}${feedRef(input.item)}. ` +
			"NetSuite does not say which lines are in which box, so only the first tracking number was sent, with every line. To send each box, fill each line's package tracking column (the trigger's Package Tracking Field, e.g. custcol_amz_package_tracking) and untick the sent flag, or add the number in Seller Central.",
	);
}

/** ISO time without milliseconds, the form NetSuite REST takes for date/time fields. */
export function isoSeconds(value: string | number | Date): string {
	const d = new Date(value);
	return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface PlannedPatch {
	recordType: 'salesOrder' | 'itemFulfillment';
	id: string;
	body: Record<string, unknown>;
	/** Input items whose result depends on this PATCH. */
	itemIndexes: number[];
	/** For sales orders: the decided state. */
	state?: SalesOrderState;
}

export interface UpdatePlan {
	patches: PlannedPatch[];
	/** Items that could not be planned (the others go ahead). */
	problems: ItemProblem[];
	/** Notes per item index (duplicate fulfillment, order left as it is...). */
	warnings: Record<number, string[]>;
	/**
	 * Sales orders that needed a write but got none (status value not in the list, list unreadable,
	 * a bad additional field): their accepted fulfillments must not be marked sent (run.ts).
	 */
	unwrittenOrders: Record<string, OrderNotWritten>;
}

export interface OrderNotWritten {
	message: string;
	description?: string;
	/** `api`: NetSuite's answer was the problem (list unreadable); `config`: the node's settings. */
	kind: 'config' | 'api';
}

function warn(plan: UpdatePlan, indexes: number[], message: string): void {
	for (const i of indexes) (plan.warnings[i] ??= []).push(message);
}

/** The one item whose outcome a fulfillment gets: the first accepted one, else the first. */
function decidingItem(group: FulfillmentGroup): ClassifiedInput {
	return group.items.find((i) => i.kind === 'success') ?? group.items[0];
}

export function fulfillmentBody(
	input: ClassifiedInput,
	now: string,
	warnings: string[],
): Record<string, unknown> {
	const f = input.fulfillment;
	const body: Record<string, unknown> = {};
	const record = `itemFulfillment ${input.fulfillmentId}`;
	if (input.kind === 'success') {
		if (f.sentFieldId) body[f.sentFieldId] = true;
		const feedId = input.item.amazon?.submission?.feedId;
		if (f.feedIdFieldId && feedId) body[f.feedIdFieldId] = String(feedId);
		if (f.confirmedAtFieldId) {
			body[f.confirmedAtFieldId] = isoSeconds(input.item.amazon?.result?.checkedAt ?? now) || now;
		}
		const notSent = notSentText(input);
		if (notSent) warnings.push(`${record}: ${notSent}`);
		if (f.errorFieldId) {
			body[f.errorFieldId] =
				truncate([warningText(input), notSent].filter(Boolean).join('\n')) || null;
		}
		// Only for items that carry the fulfillment's content: a fingerprint of nothing would make
		// every later poll see a "change".
		if (f.sentFingerprintFieldId && Array.isArray(input.item.lines) && input.item.lines.length) {
			body[f.sentFingerprintFieldId] = sentFingerprint({
				lines: input.item.lines,
				packages: input.item.packages ?? [],
				trackingNumbers: input.item.trackingNumbers ?? [],
				shipMethod: input.item.shipMethod,
				shipCarrier: input.item.shipCarrier,
			});
		}
	} else {
		// The sent flag is left alone on purpose: the trigger then offers the corrected fulfillment
		// again. A content problem (rejected, invalid) also records what was refused, so the trigger
		// does not send the same content again every day; `failed` (Amazon could not process the
		// feed) is left to the trigger's re-send window.
		const refused =
			(input.normalisedOutcome === 'rejected' || input.normalisedOutcome === 'invalid') &&
			Array.isArray(input.item.lines) &&
			input.item.lines.length > 0;
		const content = {
			lines: input.item.lines ?? [],
			packages: input.item.packages ?? [],
			trackingNumbers: input.item.trackingNumbers ?? [],
			shipMethod: input.item.shipMethod,
			shipCarrier: input.item.shipCarrier,
		};
		if (f.errorFieldId) {
			const marker = refused
				? refusalMarker(
						refusedFingerprint({
							...content,
							amazonOrderId: input.item.amazonOrderId,
							marketplaceId: input.item.marketplaceId,
							shipDate: input.item.shipDate,
						}),
					)
				: '';
			body[f.errorFieldId] = truncate(marker + failureText(input));
		}
		// A correction of a sent fulfillment that Amazon refused: the fingerprint field then matches
		// the refused content, so the trigger does not offer the same correction again.
		if (refused && f.sentFingerprintFieldId) {
			body[f.sentFingerprintFieldId] = sentFingerprint(content);
		}
	}
	addExtras(body, f.extraFields, record, warnings);
	return body;
}

type FailItems = (indexes: number[], message: string, description?: string) => void;

/** The fulfillment's PATCH, from the one item that decides it; undefined when there is nothing to write. */
function fulfillmentPatch(
	group: FulfillmentGroup,
	now: string,
	plan: UpdatePlan,
	fail: FailItems,
): PlannedPatch | undefined {
	const chosen = decidingItem(group);
	const indexes = group.items.map((i) => i.index);
	if (group.items.length > 1) {
		warn(
			plan,
			indexes,
			`Fulfillment ${group.fulfillmentId} came ${group.items.length} times in this run (items ${indexes.join(', ')}); it was updated once, from item ${chosen.index} (${chosen.normalisedOutcome}).`,
		);
	}
	const warnings: string[] = [];
	let body: Record<string, unknown>;
	try {
		body = fulfillmentBody(chosen, now, warnings);
	} catch (error) {
		fail(
			indexes,
			`Item ${chosen.index} (fulfillment ${group.fulfillmentId}): ${(error as Error).message}`,
		);
		return undefined;
	}
	for (const w of warnings) warn(plan, indexes, w);
	if (!Object.keys(body).length) {
		warn(
			plan,
			indexes,
			`itemFulfillment ${group.fulfillmentId}: nothing to write (no field configured for a ${chosen.normalisedOutcome} outcome).`,
		);
		return undefined;
	}
	return { recordType: 'itemFulfillment', id: group.fulfillmentId, body, itemIndexes: indexes };
}

type StatusField =
	| { value?: unknown }
	| { failure: { message: string; description?: string; kind: 'config' | 'api' } };

/** The status field's value for `state` in the configured form (text, list ID or list name looked up). */
function statusFieldValue(
	state: Exclude<ReturnType<typeof salesOrderState>, 'none'>,
	s: SalesOrderSettings,
	lookups: Lookups,
	record: string,
	warnNoValue: (message: string) => void,
): StatusField {
	const value = statusValueFor(state, s);
	if (!value) {
		warnNoValue(`${record}: no value configured for the ${state} state, status not changed.`);
		return {};
	}
	if (s.valueType === 'text') return { value };
	if (s.valueType === 'listId') return { value: { id: value } };
	const listId = s.listId.toLowerCase();
	const id = lookups.listValues[listId]?.[listKey(value)];
	if (id) return { value: { id } };
	const known = Object.keys(lookups.listValues[listId] ?? {});
	const listError = lookups.listErrors?.[listId];
	return {
		failure: {
			message: listError
				? `${record}: the status "${value}" could not be set, the list ${s.listId} could not be read`
				: `${record}: the value "${value}" was not found in the list ${s.listId}`,
			description:
				listError ??
				(known.length
					? `The list holds: ${known.slice(0, 20).join(', ')}. Correct the value's spelling or add it to the list (Customization > Lists, Records & Fields > Lists).`
					: `The list ${s.listId} is empty or was not readable; check the Status List ID.`),
			kind: listError ? 'api' : 'config',
		},
	};
}

/**
 * The sales order's PATCH: its Amazon status from what Amazon accepted (complete, partial or
 * error) plus extra fields. An order whose status cannot be chosen or written is not written at all,
 * and its items fail, so the fulfillments are not marked sent over a wrong order status.
 */
function salesOrderPatch(
	group: SalesOrderGroup,
	lookups: Lookups,
	plan: UpdatePlan,
	fail: FailItems,
): PlannedPatch | undefined {
	const s = group.items[0].salesOrder;
	const indexes = group.items.map((i) => i.index);
	const record = `salesOrder ${group.salesOrderId}`;
	const failOrder = (message: string, description?: string, kind: 'config' | 'api' = 'config') => {
		fail(indexes, message, description);
		plan.unwrittenOrders[group.salesOrderId] = { message, description, kind };
		return undefined;
	};
	const needsStatus =
		s.partialValue &&
		!group.items.some((i) => i.kind === 'failure') &&
		/^\d+$/.test(group.salesOrderId);
	const orderStatus = orderStatusOf(lookups, group.salesOrderId);
	if (s.statusFieldId && needsStatus && orderStatus === undefined) {
		return failOrder(
			`${record}: could not read the order's status to choose between "${s.processedValue}" and "${s.partialValue}"`,
			// Without a lookup error the lookup answered, but not about this order: guessing
			// "complete" would mark a partially shipped order Fulfillment Processed.
			lookups.orderStatusError ||
				`NetSuite's answer to the status lookup did not include sales order ${group.salesOrderId}. Check that it exists, is a sales order, and that the integration role can see it (Transactions > Sales Order: View).`,
			'api',
		);
	}
	const acceptedHere = group.items.filter((i) => i.kind === 'success').map((i) => i.fulfillmentId);
	const otherUnsent = (
		lookups.unsentFulfillments?.[internalIdKey(group.salesOrderId)] ?? []
	).filter((id) => !acceptedHere.some((here) => sameInternalId(here, id)));
	const state = salesOrderState(group.items, s, orderStatus, otherUnsent);
	if (state === 'none') {
		const failed = group.items.filter((i) => i.kind === 'failure').map((i) => i.fulfillmentId);
		warn(
			plan,
			indexes,
			`${record} was left as it is: Amazon did not accept fulfillment ${[...new Set(failed)].join(', ')}${s.errorValue ? '' : ' and no error value is configured'}.`,
		);
		return undefined;
	}
	const body: Record<string, unknown> = {};
	if (s.statusFieldId) {
		const status = statusFieldValue(state, s, lookups, record, (m) => warn(plan, indexes, m));
		if ('failure' in status) {
			return failOrder(status.failure.message, status.failure.description, status.failure.kind);
		}
		if (status.value !== undefined) body[s.statusFieldId] = status.value;
	}
	const warnings: string[] = [];
	try {
		addExtras(body, s.extraFields, record, warnings);
	} catch (error) {
		return failOrder(`${record}: ${(error as Error).message}`);
	}
	for (const w of warnings) warn(plan, indexes, w);
	if (!Object.keys(body).length) return undefined;
	return { recordType: 'salesOrder', id: group.salesOrderId, body, itemIndexes: indexes, state };
}

/**
 * Builds every PATCH of the run. Each record appears once; items keep a list of the PATCHes
 * their result depends on.
 */
export function buildPlan(
	classified: ClassifiedInput[],
	lookups: Lookups,
	now: string,
	problems: ItemProblem[] = [],
): UpdatePlan {
	const plan: UpdatePlan = {
		patches: [],
		problems: [...problems],
		warnings: {},
		unwrittenOrders: {},
	};
	const failedItems = new Set<number>();
	const fail: FailItems = (indexes, message, description) => {
		for (const index of indexes) {
			if (failedItems.has(index)) continue;
			failedItems.add(index);
			plan.problems.push({ index, message, description });
		}
	};
	const grouping = groupInputs(classified);

	for (const group of grouping.fulfillments) {
		const patch = fulfillmentPatch(group, now, plan, fail);
		if (patch) plan.patches.push(patch);
	}
	for (const input of classified) {
		if (!input.salesOrderId) {
			warn(
				plan,
				[input.index],
				'No sales order ID on this item, so the sales order was not updated.',
			);
		}
	}
	for (const group of grouping.salesOrders) {
		const patch = salesOrderPatch(group, lookups, plan, fail);
		if (patch) plan.patches.push(patch);
	}
	plan.problems.sort((a, b) => a.index - b.index);
	return plan;
}
