import { AmazonApiError } from '../amazon/errors';
import type { Feed, FeedDocument } from '../amazon/client';
import type { AmazonMessageResult } from '../fulfillment/types';
import type { Clock } from '../http/transport';
import { parseProcessingReport, type ProcessingReport } from '../report/processingReport';
import { hintFor } from '../report/results';
import {
	checkTiming,
	DEFAULT_MAX_WAIT_MS,
	groupByFeed,
	MAX_IN_NODE_WAIT_MS,
	overdueReason,
	type CheckTiming,
	type FeedGroup,
	type StatusItemInput,
} from './items';
import {
	overdueFailure,
	pendingResult,
	readFailure,
	resultsFromReport,
	terminalFailure,
	type FeedCheckContext,
	type ItemStatus,
} from './results';

/**
 * One status check for a batch of items: one getFeed per distinct feed, and for each DONE feed
 * one getFeedDocument and one download, however many items share it. Rate limits are paced by
 * the client. Nothing is remembered between runs: the counters travel in `amazon.result`.
 */

/** The part of AmazonClient this needs (tests may pass a fake). */
export interface FeedStatusClient {
	getFeed(feedId: string): Promise<Feed>;
	getFeedDocument(documentId: string): Promise<FeedDocument>;
	downloadFeedDocument(doc: Pick<FeedDocument, 'url' | 'compressionAlgorithm'>): Promise<string>;
	cancelFeed(feedId: string): Promise<void>;
}

export interface CheckFeedsOptions {
	clock: Clock;
	/** Unfinished feeds fail after this long since submission / first check. Default 8 h; 0 = no limit. */
	maxWaitMs?: number;
	/** Unfinished feeds fail at this check; 0 or absent = no limit. */
	maxChecks?: number;
	/** Wait up to this long in the node for unfinished feeds (capped at 60 s). Default 0. */
	inNodeWaitMs?: number;
	/** Interval between in-node checks. Default 5 s. */
	pollIntervalMs?: number;
	/** Cancel a feed still IN_QUEUE once every item of it is past the maximum wait. */
	cancelStuckInQueue?: boolean;
	/** DONE without resultFeedDocumentId: re-checks (default 3), first after this delay, doubling (default 2 s). */
	missingDocumentRetries?: number;
	missingDocumentDelayMs?: number;
}

export interface FeedCheckSummary {
	feedId: string;
	items: number;
	processingStatus?: string;
	getFeedCalls: number;
	reportDownloaded: boolean;
	cancelled: boolean;
	error?: string;
}

export interface CheckRun {
	/** One per input item, in input order. */
	items: ItemStatus[];
	feeds: FeedCheckSummary[];
}

const UNFINISHED = new Set(['IN_QUEUE', 'IN_PROGRESS']);

interface FeedState {
	feed?: Feed;
	error?: string;
	summary: FeedCheckSummary;
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function isQuotaError(error: unknown): boolean {
	return (
		error instanceof AmazonApiError &&
		(error.code === 'QuotaExceeded' || error.httpStatus === 429 || error.retryAfterMs !== undefined)
	);
}

/** Document-level results of a FATAL feed's report, when Amazon left one. */
function documentErrors(report: ProcessingReport): AmazonMessageResult[] {
	return report.results
		.filter((r) => r.resultCode === 'Error')
		.slice(0, 5)
		.map((r) => {
			const out: AmazonMessageResult = {
				resultCode: r.resultCode,
				code: r.code,
				description: r.description,
			};
			if (r.messageId) out.messageId = r.messageId;
			const hint = hintFor(r.code, r.description, r.resultCode);
			if (hint) out.hint = hint;
			return out;
		});
}

export async function checkFeedStatuses(
	client: FeedStatusClient,
	inputs: readonly StatusItemInput[],
	options: CheckFeedsOptions,
): Promise<CheckRun> {
	const { clock } = options;
	const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
	const inNodeWaitMs = Math.min(Math.max(0, options.inNodeWaitMs ?? 0), MAX_IN_NODE_WAIT_MS);
	const pollIntervalMs = Math.max(500, options.pollIntervalMs ?? 5000);
	const retries = Math.max(0, options.missingDocumentRetries ?? 3);
	const firstDelay = Math.max(0, options.missingDocumentDelayMs ?? 2000);

	const startedAt = clock.now();
	const timing = new Map<number, CheckTiming>();
	for (const item of inputs) timing.set(item.index, checkTiming(item.json, item.feedId, startedAt));

	const groups = groupByFeed(inputs);
	const states = new Map<string, FeedState>();

	const read = async (group: FeedGroup): Promise<void> => {
		const state = states.get(group.feedId) ?? {
			summary: {
				feedId: group.feedId,
				items: group.items.length,
				getFeedCalls: 0,
				reportDownloaded: false,
				cancelled: false,
			},
		};
		states.set(group.feedId, state);
		state.summary.getFeedCalls++;
		try {
			state.feed = await client.getFeed(group.feedId);
			state.error = undefined;
		} catch (error) {
			// A failed re-read during the in-node wait keeps the status already known.
			if (!state.feed) state.error = errorText(error);
		}
	};

	for (const group of groups) await read(group);

	if (inNodeWaitMs > 0) {
		const deadline = startedAt + inNodeWaitMs;
		for (;;) {
			const waiting = groups.filter((g) => {
				const status = states.get(g.feedId)?.feed?.processingStatus;
				return status !== undefined && UNFINISHED.has(status);
			});
			const remaining = deadline - clock.now();
			if (waiting.length === 0 || remaining <= 0) break;
			await clock.sleep(Math.min(pollIntervalMs, remaining));
			for (const group of waiting) await read(group);
		}
	}

	const out: ItemStatus[] = [];
	for (const group of groups) {
		const state = states.get(group.feedId) as FeedState;
		out.push(...(await settle(group, state)));
	}

	async function settle(group: FeedGroup, state: FeedState): Promise<ItemStatus[]> {
		const ctx = (): FeedCheckContext => ({
			feedId: group.feedId,
			processingStatus: state.feed?.processingStatus,
			checkedAt: new Date(clock.now()).toISOString(),
			resultFeedDocumentId: state.feed?.resultFeedDocumentId,
			timing,
		});
		if (!state.feed) {
			state.summary.error = state.error;
			return readFailure(
				group,
				ctx(),
				`Could not read the status of Amazon feed ${group.feedId}`,
				`${state.error ?? 'no answer'}. Check the feed ID and that the credential's region is the one the feed was sent to`,
			);
		}
		let feed = state.feed;
		state.summary.processingStatus = feed.processingStatus;
		const status = String(feed.processingStatus);

		if (UNFINISHED.has(status)) return unfinished(group, state, ctx());

		if (status === 'FATAL' || status === 'CANCELLED') {
			let docErrors: AmazonMessageResult[] = [];
			if (feed.resultFeedDocumentId) {
				// Best effort: the report of an aborted feed usually names the reason.
				try {
					const doc = await client.getFeedDocument(feed.resultFeedDocumentId);
					docErrors = documentErrors(parseProcessingReport(await client.downloadFeedDocument(doc)));
					state.summary.reportDownloaded = true;
				} catch {
					docErrors = [];
				}
			}
			return terminalFailure(group, ctx(), docErrors);
		}

		if (status !== 'DONE') {
			return readFailure(
				group,
				ctx(),
				`Amazon answered an unknown processingStatus '${status}' for feed ${group.feedId}`,
				'this node knows IN_QUEUE, IN_PROGRESS, DONE, FATAL and CANCELLED; report this to the package maintainers',
			);
		}

		// Amazon sets resultFeedDocumentId a moment after DONE: a few short re-checks.
		let delay = firstDelay;
		let tries = 0;
		const waitStart = clock.now();
		while (!feed.resultFeedDocumentId && tries < retries) {
			await clock.sleep(delay);
			delay *= 2;
			tries++;
			state.summary.getFeedCalls++;
			try {
				feed = await client.getFeed(group.feedId);
			} catch {
				break;
			}
		}
		state.feed = feed;
		if (!feed.resultFeedDocumentId) {
			return readFailure(
				group,
				ctx(),
				`Amazon says feed ${group.feedId} is DONE but gave no processing report (resultFeedDocumentId) after ${tries + 1} checks over ${Math.round((clock.now() - waitStart) / 1000)} s`,
				'the result of this fulfillment is unknown',
			);
		}

		let report: ProcessingReport;
		try {
			const doc = await client.getFeedDocument(feed.resultFeedDocumentId);
			const text = await client.downloadFeedDocument(doc);
			state.summary.reportDownloaded = true;
			report = parseProcessingReport(text);
		} catch (error) {
			if (isQuotaError(error)) {
				// Amazon allows about one report download per 45 s: the next loop fetches it.
				return group.items.map((item) =>
					pendingResult(
						item,
						ctx(),
						clock.now() - (timing.get(item.index)?.waitStartedAt ?? startedAt),
						maxWaitMs,
						"has finished (DONE), but its processing report could not be downloaded yet because of Amazon's rate limit for getFeedDocument (about one per 45 s)",
					),
				);
			}
			state.summary.error = errorText(error);
			return readFailure(
				group,
				ctx(),
				`Amazon finished feed ${group.feedId} (DONE), but its processing report could not be read`,
				`${errorText(error)}. Amazon has probably confirmed the packages it accepted`,
			);
		}
		return resultsFromReport(group, report, ctx());
	}

	async function unfinished(
		group: FeedGroup,
		state: FeedState,
		context: FeedCheckContext,
	): Promise<ItemStatus[]> {
		const now = clock.now();
		const reasons = group.items.map((item) =>
			overdueReason(timing.get(item.index) as CheckTiming, now, {
				maxWaitMs,
				maxChecks: options.maxChecks,
			}),
		);
		const cancel = { attempted: false, cancelled: false, error: undefined as string | undefined };
		if (
			options.cancelStuckInQueue &&
			context.processingStatus === 'IN_QUEUE' &&
			reasons.every((r) => r !== undefined)
		) {
			cancel.attempted = true;
			try {
				await client.cancelFeed(group.feedId);
				cancel.cancelled = true;
				state.summary.cancelled = true;
			} catch (error) {
				cancel.error = errorText(error);
			}
		}
		return group.items.map((item, i) => {
			const reason = reasons[i];
			if (reason === undefined) {
				const waited = now - (timing.get(item.index)?.waitStartedAt ?? startedAt);
				return pendingResult(item, context, waited, maxWaitMs);
			}
			const failed = overdueFailure(item, context, reason, cancel);
			if (cancel.cancelled) failed.result.processingStatus = 'CANCELLED';
			return failed;
		});
	}

	out.sort((a, b) => a.index - b.index);
	return { items: out, feeds: groups.map((g) => (states.get(g.feedId) as FeedState).summary) };
}
