import type { AmazonResult, FulfillmentItem, SentPackage } from '../fulfillment/types';

/**
 * Reading what the feed node left in an item (`amazon.submission`) and what earlier checks left
 * (`amazon.result`): the feed, its message IDs, and the attempt counter / first-check time that
 * travel in the item JSON (no state outside it, so queue-mode workers need no memory).
 */

/** Amazon's own figure: under load, feeds can take up to eight hours. */
export const DEFAULT_MAX_WAIT_MS = 8 * 60 * 60 * 1000;
/** Longest wait this node does itself; longer waits belong in n8n's Wait node. */
export const MAX_IN_NODE_WAIT_MS = 60 * 1000;

export interface StatusItemInput {
	/** Position in the node's input (used for pairedItem and errors). */
	index: number;
	/** The feed to ask about, as the node parameter resolved it for this item. */
	feedId: string;
	json: Partial<FulfillmentItem>;
}

export interface ItemPackageRef {
	messageId: number;
	packageId?: string;
	trackingNumber?: string;
}

export interface FeedGroup {
	feedId: string;
	items: StatusItemInput[];
}

/** Items grouped by feed, in the order each feed first appears: one status call per group. */
export function groupByFeed(items: readonly StatusItemInput[]): FeedGroup[] {
	const groups = new Map<string, FeedGroup>();
	for (const item of items) {
		let group = groups.get(item.feedId);
		if (!group) {
			group = { feedId: item.feedId, items: [] };
			groups.set(item.feedId, group);
		}
		group.items.push(item);
	}
	return [...groups.values()];
}

/** The packages sent for this item that carry a feed MessageID (`amazon.submission.packages[].messageId`). */
export function packagesOf(json: Partial<FulfillmentItem>): ItemPackageRef[] {
	const packages = (json.amazon?.submission?.packages ?? []) as Array<Partial<SentPackage>>;
	const out: ItemPackageRef[] = [];
	if (!Array.isArray(packages)) return out;
	for (const p of packages) {
		const id = Number(p?.messageId);
		if (!Number.isInteger(id) || id <= 0) continue;
		const ref: ItemPackageRef = { messageId: id };
		if (p.packageId !== undefined && p.packageId !== null) ref.packageId = String(p.packageId);
		if (p.trackingNumber) ref.trackingNumber = String(p.trackingNumber);
		out.push(ref);
	}
	return out;
}

/** How a seller recognises the fulfillment: IF1201, else its internal id. */
export function fulfillmentLabel(json: Partial<FulfillmentItem>, index: number): string {
	if (json.fulfillmentNumber) return `fulfillment ${json.fulfillmentNumber}`;
	if (json.fulfillmentId) return `fulfillment ${json.fulfillmentId}`;
	return `item ${index}`;
}

export function amazonOrderIdOf(json: Partial<FulfillmentItem>): string | undefined {
	const id = json.amazon?.submission?.amazonOrderId ?? json.amazonOrderId;
	return id ? String(id) : undefined;
}

function parseTime(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const t = Date.parse(value);
	return Number.isFinite(t) ? t : undefined;
}

export interface CheckTiming {
	attempt: number;
	firstCheckedAt: string;
	/** Start of the wait: the submission, or the first check when that is earlier or the only one known. */
	waitStartedAt: number;
}

/**
 * The counter continues only for the same feed: a fulfillment sent again (new feed) with an old
 * `amazon.result` in its JSON starts from 1. Results written before `feedId` was recorded count
 * as the same feed only while they were pending.
 */
export function previousResult(
	json: Partial<FulfillmentItem>,
	feedId: string,
): AmazonResult | undefined {
	const previous = json.amazon?.result;
	if (!previous || typeof previous !== 'object') return undefined;
	if (previous.feedId !== undefined)
		return String(previous.feedId) === feedId ? previous : undefined;
	return previous.outcome === 'pending' ? previous : undefined;
}

export function checkTiming(
	json: Partial<FulfillmentItem>,
	feedId: string,
	now: number,
): CheckTiming {
	const previous = previousResult(json, feedId);
	const previousAttempt = Number(previous?.attempt);
	const attempt =
		(Number.isInteger(previousAttempt) && previousAttempt > 0 ? previousAttempt : 0) + 1;
	const firstChecked = parseTime(previous?.firstCheckedAt) ?? now;
	const submitted =
		json.amazon?.submission?.feedId === undefined ||
		String(json.amazon?.submission?.feedId) === feedId
			? parseTime(json.amazon?.submission?.submittedAt)
			: undefined;
	return {
		attempt,
		firstCheckedAt: new Date(firstChecked).toISOString(),
		waitStartedAt: submitted !== undefined ? Math.min(submitted, firstChecked) : firstChecked,
	};
}

export interface WaitLimits {
	/** Give up on a feed Amazon has not finished after this long (default 8 h). */
	maxWaitMs: number;
	/** Give up after this many checks; 0 or absent = no limit. */
	maxChecks?: number;
}

/** Why an unfinished feed is given up for this item, or undefined while it may still wait. */
export function overdueReason(
	timing: CheckTiming,
	now: number,
	limits: WaitLimits,
): string | undefined {
	const waited = now - timing.waitStartedAt;
	if (limits.maxWaitMs > 0 && waited >= limits.maxWaitMs) {
		return `waited ${formatDuration(waited)} (the maximum is ${formatDuration(limits.maxWaitMs)})`;
	}
	if (limits.maxChecks && limits.maxChecks > 0 && timing.attempt >= limits.maxChecks) {
		return `checked ${timing.attempt} times (the maximum is ${limits.maxChecks})`;
	}
	return undefined;
}

export function formatDuration(ms: number): string {
	if (ms < 59500) return `${Math.max(0, Math.round(ms / 1000))} s`;
	const minutes = Math.round(ms / 60000);
	if (minutes < 60) return `${minutes} min`;
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return m ? `${h} h ${m} min` : `${h} h`;
}
