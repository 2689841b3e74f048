import type { AmazonMessageResult, AmazonOutcome, AmazonResult } from '../fulfillment/types';
import type { ProcessingReport } from '../report/processingReport';
import {
	mapReportToFulfillments,
	type MappedMessageResult,
	type SentMessageRef,
} from '../report/results';
import {
	amazonOrderIdOf,
	formatDuration,
	fulfillmentLabel,
	packagesOf,
	type CheckTiming,
	type FeedGroup,
	type ItemPackageRef,
	type StatusItemInput,
} from './items';

/**
 * Building `amazon.result` for each item from what Amazon said about its feed: the processing
 * report for a DONE feed, or the status alone otherwise. Every message names the fulfillment,
 * the order and (where it matters) the package, and says what to do.
 */

/** The node's outputs, in order. */
export type StatusRoute = 'done' | 'rejected' | 'pending' | 'failed';

export const STATUS_ROUTES: readonly StatusRoute[] = ['done', 'rejected', 'pending', 'failed'];

export interface ItemStatus {
	index: number;
	route: StatusRoute;
	result: AmazonResult;
}

/** What every result of one check of one feed shares. */
export interface FeedCheckContext {
	feedId: string;
	processingStatus?: string;
	checkedAt: string;
	resultFeedDocumentId?: string;
	timing: Map<number, CheckTiming>;
}

const RESEND =
	'The fulfillment stays unsent in NetSuite, so the next run sends it again; sending the same tracking number again updates the shipment on Amazon rather than adding a second one.';

export function routeOf(outcome: AmazonOutcome): StatusRoute {
	if (outcome === 'accepted' || outcome === 'acceptedWithWarnings') return 'done';
	if (outcome === 'rejected') return 'rejected';
	if (outcome === 'pending') return 'pending';
	return 'failed';
}

export function itemResult(
	item: StatusItemInput,
	ctx: FeedCheckContext,
	outcome: AmazonOutcome,
	message: string,
	extra: { errors?: AmazonMessageResult[]; warnings?: AmazonMessageResult[] } = {},
): ItemStatus {
	const timing = ctx.timing.get(item.index);
	const result: AmazonResult = {
		outcome,
		message,
		warnings: extra.warnings ?? [],
		errors: extra.errors ?? [],
		attempt: timing?.attempt ?? 1,
		feedId: ctx.feedId,
		firstCheckedAt: timing?.firstCheckedAt ?? ctx.checkedAt,
		checkedAt: ctx.checkedAt,
	};
	if (ctx.processingStatus) result.processingStatus = ctx.processingStatus;
	if (ctx.resultFeedDocumentId) result.resultFeedDocumentId = ctx.resultFeedDocumentId;
	return { index: item.index, route: routeOf(outcome), result };
}

function orderPart(item: StatusItemInput): string {
	const order = amazonOrderIdOf(item.json);
	return order ? ` (order ${order})` : '';
}

function packageName(ref: { trackingNumber?: string; packageId?: string; messageId?: number }) {
	if (ref.trackingNumber) return `package ${ref.trackingNumber}`;
	if (ref.packageId) return `package ${ref.packageId}`;
	return ref.messageId ? `message ${ref.messageId}` : 'the whole feed';
}

function trackingList(packages: ItemPackageRef[]): string {
	return packages
		.map((p) => p.trackingNumber ?? p.packageId ?? `message ${p.messageId}`)
		.join(', ');
}

/** `18028 Your order cannot be found … — Amazon cannot find this order …` */
function resultText(r: AmazonMessageResult): string {
	const code = r.code ? `${r.code} ` : '';
	const description = r.description.trim().replace(/\.$/, '');
	return `${code}${description}${r.hint ? ` — ${r.hint}` : ''}`;
}

function toContract(
	r: MappedMessageResult,
	byMessage: Map<number, ItemPackageRef>,
): AmazonMessageResult {
	const out: AmazonMessageResult = {
		resultCode: r.resultCode,
		code: r.code,
		description: r.description,
	};
	if (r.messageId) out.messageId = r.messageId;
	if (r.hint) out.hint = r.hint;
	const ref = r.messageId ? byMessage.get(r.messageId) : undefined;
	const packageId = ref?.packageId ?? r.packageId;
	if (packageId !== undefined) out.packageId = packageId;
	if (ref?.trackingNumber) out.trackingNumber = ref.trackingNumber;
	if (r.amazonOrderId) out.amazonOrderId = r.amazonOrderId;
	return out;
}

function described(results: AmazonMessageResult[], single: boolean): string {
	return results
		.map((r) => (single ? resultText(r) : `${packageName(r)}: ${resultText(r)}`))
		.join('; ');
}

/** The feed's message count the feed node recorded (the largest any item of this feed carries). */
function sentMessageCount(group: FeedGroup, feedId: string): number | undefined {
	let count: number | undefined;
	for (const item of group.items) {
		const submission = item.json.amazon?.submission;
		if (!submission || String(submission.feedId ?? feedId) !== String(feedId)) continue;
		const n = Number(submission.messageCount);
		if (Number.isInteger(n) && n > 0) count = Math.max(count ?? 0, n);
	}
	return count;
}

/**
 * Done feed: the report mapped back to each item through its packages' MessageIDs. A report
 * naming another feed, or one that leaves messages unaccounted for (fewer processed than sent,
 * no Result for them), routes the items concerned to Failed: they stay unsent.
 */
export function resultsFromReport(
	group: FeedGroup,
	report: ProcessingReport,
	ctx: FeedCheckContext,
): ItemStatus[] {
	const refs: SentMessageRef[] = [];
	const packagesByItem = new Map<number, ItemPackageRef[]>();
	const owner = new Map<number, number>();
	const duplicates = new Set<number>();
	for (const item of group.items) {
		const packages = packagesOf(item.json);
		packagesByItem.set(item.index, packages);
		for (const p of packages) {
			// Two items claiming one MessageID of the same feed cannot both be told its result.
			if (owner.has(p.messageId) && owner.get(p.messageId) !== item.index) {
				duplicates.add(p.messageId);
				continue;
			}
			owner.set(p.messageId, item.index);
			refs.push({
				messageId: p.messageId,
				fulfillmentKey: String(item.index),
				packageId: p.packageId,
				amazonOrderId: amazonOrderIdOf(item.json),
			});
		}
	}
	// A report naming another feed says nothing about this one (a mix-up must not confirm anything).
	const named = report.documentTransactionId?.trim();
	if (named && named !== String(ctx.feedId).trim()) {
		return group.items.map((item) =>
			itemResult(
				item,
				ctx,
				'failed',
				`The processing report Amazon gave for feed ${ctx.feedId} (document ${ctx.resultFeedDocumentId ?? '?'}) names feed ${named} (DocumentTransactionID), so it says nothing about ${fulfillmentLabel(item.json, item.index)}${orderPart(item)}. Check the order in Seller Central (Orders > Manage Orders) to see whether the shipment is confirmed. ${RESEND}`,
			),
		);
	}
	const mapped = mapReportToFulfillments(report, refs, {
		sentMessageCount: sentMessageCount(group, ctx.feedId),
	});
	const note = mapped.notes.length ? ` Note: ${mapped.notes.join('; ')}.` : '';
	const clean =
		mapped.complete &&
		report.results.every((r) => r.resultCode !== 'Error') &&
		(report.summary === undefined || report.summary.withError === 0) &&
		(report.statusCode ?? '').toLowerCase() !== 'rejected';

	return group.items.map((item) => {
		const label = fulfillmentLabel(item.json, item.index);
		const order = orderPart(item);
		const packages = packagesByItem.get(item.index) ?? [];
		const mine = packages.filter((p) => !duplicates.has(p.messageId));
		if (mine.length === 0) {
			if (clean) {
				return itemResult(
					item,
					ctx,
					'accepted',
					`Amazon finished feed ${ctx.feedId} without any error, so ${label}${order} is accepted (it carries no package message IDs, so it could not be checked package by package).${note}`,
				);
			}
			const why =
				packages.length > 0
					? `its message IDs (${packages.map((p) => p.messageId).join(', ')}) are also claimed by another item of this feed`
					: 'it has no amazon.submission.packages[].messageId';
			return itemResult(
				item,
				ctx,
				'failed',
				`Amazon finished feed ${ctx.feedId} ${mapped.complete ? 'with errors' : 'with a report that does not account for every message'}, but it cannot be matched to ${label}${order}: ${why}. Connect this node directly after Amazon Shipment Feed (or keep amazon.submission in the item) and check the order in Seller Central. ${RESEND}`,
			);
		}
		const byMessage = new Map(mine.map((p) => [p.messageId, p]));
		const outcome = mapped.byKey.get(String(item.index));
		const errors = (outcome?.errors ?? []).map((r) => toContract(r, byMessage));
		const warnings = (outcome?.warnings ?? []).map((r) => toContract(r, byMessage));
		if (errors.length > 0) {
			const failedIds = new Set(errors.map((e) => e.messageId));
			const accepted = mine.filter((p) => !failedIds.has(p.messageId));
			const singlePackage = new Set(errors.map((e) => e.messageId ?? 0)).size === 1;
			const where =
				singlePackage && errors[0].messageId ? `${packageName(errors[0])} of ${label}` : label;
			let message = `Amazon rejected ${where}${order}: ${described(errors, singlePackage)}.`;
			if (accepted.length > 0 && errors.some((e) => e.messageId)) {
				message += mapped.complete
					? ` Amazon accepted its other ${accepted.length === 1 ? 'package' : 'packages'} (${trackingList(accepted)}).`
					: ` The report says nothing certain about its other ${accepted.length === 1 ? 'package' : 'packages'} (${trackingList(accepted)}).`;
			}
			if (!errors.some((e) => e.hint)) {
				message +=
					" Correct the fulfillment in NetSuite (or the carrier table) using Amazon's message.";
			}
			message += ' It stays unsent in NetSuite, so the next run sends it again.';
			return itemResult(item, ctx, 'rejected', message + note, { errors, warnings });
		}
		if (outcome?.outcome === 'unaccounted') {
			const silent = mine.filter((p) => outcome.unaccountedIds.includes(p.messageId));
			return itemResult(
				item,
				ctx,
				'failed',
				`Amazon finished feed ${ctx.feedId}, but its processing report does not account for ${label}${order}: ${outcome.message}, so whether Amazon confirmed ${trackingList(silent)} is unknown. Check the order in Seller Central (Orders > Manage Orders). ${RESEND}${note}`,
				{ warnings },
			);
		}
		const count = `${mine.length} ${mine.length === 1 ? 'package' : 'packages'} (${trackingList(mine)})`;
		if (warnings.length > 0) {
			return itemResult(
				item,
				ctx,
				'acceptedWithWarnings',
				`Amazon accepted ${label}${order}, ${count}, with ${warnings.length === 1 ? 'a warning' : `${warnings.length} warnings`}: ${described(warnings, false)}.${note}`,
				{ warnings },
			);
		}
		return itemResult(
			item,
			ctx,
			'accepted',
			`Amazon accepted ${label}${order}: ${count} confirmed.${note}`,
		);
	});
}

/** FATAL or CANCELLED: nothing per message is known. */
export function terminalFailure(
	group: FeedGroup,
	ctx: FeedCheckContext,
	documentErrors: AmazonMessageResult[] = [],
	cancelledHere = false,
): ItemStatus[] {
	const status = ctx.processingStatus ?? 'FATAL';
	const reason = documentErrors.length ? `: ${described(documentErrors, true)}` : '';
	return group.items.map((item) => {
		const label = fulfillmentLabel(item.json, item.index);
		const tracking = trackingList(packagesOf(item.json));
		const what =
			status === 'CANCELLED'
				? cancelledHere
					? `This node cancelled feed ${ctx.feedId} before Amazon started it`
					: `Feed ${ctx.feedId} was cancelled (processingStatus CANCELLED)`
				: `Amazon aborted feed ${ctx.feedId} (processingStatus ${status})${reason}`;
		const message =
			`${what}. Amazon may have applied some, none or all of its messages, so ${label}${orderPart(item)} may or may not be confirmed. ` +
			`Check the order in Seller Central (Orders > Manage Orders)${tracking ? `: if it shows tracking ${tracking}, the shipment is confirmed` : ''}. ${RESEND}`;
		return itemResult(item, ctx, 'failed', message, { errors: documentErrors });
	});
}

export function pendingResult(
	item: StatusItemInput,
	ctx: FeedCheckContext,
	waitedMs: number,
	maxWaitMs: number,
	why?: string,
): ItemStatus {
	const status = ctx.processingStatus ?? 'IN_QUEUE';
	const state =
		why ??
		(status === 'IN_QUEUE'
			? 'has not started it yet (IN_QUEUE; order feeds of a seller run one after another)'
			: 'is processing it (IN_PROGRESS)');
	const limit = maxWaitMs > 0 ? ` of at most ${formatDuration(maxWaitMs)}` : '';
	const attempt = ctx.timing.get(item.index)?.attempt ?? 1;
	return itemResult(
		item,
		ctx,
		'pending',
		`Amazon ${state} for feed ${ctx.feedId}: ${fulfillmentLabel(item.json, item.index)}${orderPart(item)} is checked again after the Wait node (check ${attempt}, waited ${formatDuration(waitedMs)}${limit}).`,
	);
}

export function overdueFailure(
	item: StatusItemInput,
	ctx: FeedCheckContext,
	reason: string,
	cancel: { attempted: boolean; cancelled: boolean; error?: string },
): ItemStatus {
	const status = ctx.processingStatus ?? 'IN_QUEUE';
	let fate: string;
	if (cancel.cancelled) {
		fate =
			' This node cancelled the feed, which Amazon had not started, so none of it will be applied.';
	} else if (cancel.attempted) {
		fate = ` Cancelling the feed failed (${cancel.error ?? 'unknown error'}), so Amazon may still apply it later.`;
	} else if (status === 'IN_QUEUE') {
		fate =
			' The feed stays queued at Amazon and may still be applied later (turn on "Cancel Feed Still in Queue" to cancel such feeds).';
	} else {
		fate =
			' The feed stays with Amazon (feeds in progress cannot be cancelled) and may still be applied later.';
	}
	const message =
		`Amazon has not finished feed ${ctx.feedId} for ${fulfillmentLabel(item.json, item.index)}${orderPart(item)}: still ${status} after this node ${reason}. ` +
		`Amazon says feeds can take up to 8 hours under load; beyond that, open a case with Seller Support quoting feed ID ${ctx.feedId}.${fate} ${RESEND}`;
	return itemResult(item, ctx, 'failed', message);
}

/** getFeed, the report download or parsing failed after the client's own retries. */
export function readFailure(
	group: FeedGroup,
	ctx: FeedCheckContext,
	what: string,
	detail: string,
): ItemStatus[] {
	return group.items.map((item) =>
		itemResult(
			item,
			ctx,
			'failed',
			`${what} (${fulfillmentLabel(item.json, item.index)}${orderPart(item)}): ${detail.replace(/\.$/, '')}. ` +
				`Check the order in Seller Central (Orders > Manage Orders) to see whether the shipment is confirmed. ${RESEND}`,
		),
	);
}
