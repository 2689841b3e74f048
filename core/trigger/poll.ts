import { changedSinceSent, refusedFingerprint } from '../confirm/fingerprint';
import type { Fulfillment } from '../fulfillment/types';
import {
	commitCursor,
	decide,
	fingerprint,
	type CursorChanges,
	type CursorSettings,
	type CursorState,
	type EmitReason,
	type SkipReason,
} from './cursor';
import { FulfillmentAssembler, type ColumnMap } from './grouping';
import type { AssembledFulfillment, FilterSettings, GroupingOptions, SourceRow } from './types';

/**
 * One poll: read pages from the source, assemble fulfillments, filter them, let the cursor decide,
 * stop at the end, the time budget or the per-poll maximum, and say where the next poll resumes.
 * The cursor is changed only after everything went well (commitPoll).
 */

export interface SourcePage {
	/** Rows from the requested row on (the reader skips rows before it within its page). */
	rows: SourceRow[];
	hasMore: boolean;
}

export interface PageReader {
	/** Reads the page holding absolute row `startRow` and returns the rows from it on. */
	read(startRow: number): Promise<SourcePage>;
	/** Absolute rows this source can reach (SuiteQL: 100,000 per query). */
	maxRows?: number;
}

export interface PollOptions {
	reader: PageReader;
	columns: ColumnMap;
	grouping: GroupingOptions;
	filters: FilterSettings;
	cursor: CursorSettings;
	/** The cursor; absent in manual mode, where nothing is remembered. */
	state?: CursorState;
	/** Identifies the source configuration; a resume position of another configuration is ignored. */
	sourceKey: string;
	now: () => number;
	/** Epoch ms: no page is started that would likely end after it. */
	deadline: number;
	/** Emitted fulfillments per poll at most (manual mode: the sample size). */
	maxFulfillments: number;
	manual?: boolean;
}

export type StopReason = 'end' | 'deadline' | 'maxFulfillments' | 'rowCap';

export interface EmittedFulfillment {
	fulfillment: Fulfillment;
	reason: EmitReason | 'sample';
}

export interface PollOutcome {
	emitted: EmittedFulfillment[];
	stopReason: StopReason;
	/** Row where the next poll continues; undefined = start from the top. */
	nextRow?: number;
	stats: {
		pages: number;
		rows: number;
		fulfillments: number;
		startRow: number;
		skipped: Partial<Record<SkipReason, number>>;
	};
	/** What commitPoll writes into the cursor. */
	changes: CursorChanges;
}

export async function runPoll(options: PollOptions): Promise<PollOutcome> {
	const { reader, state, manual } = options;
	const resume = !manual && state?.resume?.key === options.sourceKey ? state.resume.row : 0;
	const stats: PollOutcome['stats'] = {
		pages: 0,
		rows: 0,
		fulfillments: 0,
		startRow: resume,
		skipped: {},
	};
	const emitted: EmittedFulfillment[] = [];
	const remember: CursorChanges['remember'] = [];
	const seen = new Set<string>();
	const now = options.now();
	const skip = (reason: SkipReason) => {
		stats.skipped[reason] = (stats.skipped[reason] ?? 0) + 1;
	};

	/** Returns true when the per-poll maximum is reached. */
	const handle = (done: AssembledFulfillment): boolean => {
		const f = done.fulfillment;
		stats.fulfillments++;
		if (seen.has(f.fulfillmentId)) {
			// Rows of one fulfillment apart from each other (the search is not sorted by ID, or the
			// result shifted between pages): emit it once.
			skip('repeatedInPoll');
			return false;
		}
		seen.add(f.fulfillmentId);
		// A sent fulfillment whose tracking, carrier or quantities changed after it was confirmed goes
		// out again as a correction; NetSuite's fingerprint field, not static data, remembers what
		// was sent, so this survives a new workflow or a cleared cursor.
		const correction =
			options.filters.resendCorrections === true &&
			done.sent === true &&
			changedSinceSent(f, done.sentFingerprint);
		const filtered: SkipReason | undefined =
			options.filters.skipSent && done.sent === true && !correction
				? 'sent'
				: options.filters.shippedOnly && done.shipped === false
					? 'notShipped'
					: options.filters.requireTracking && f.trackingNumbers.length === 0
						? 'noTracking'
						: // Refused with this very content: re-sending it would be refused again.
							done.sent !== true &&
							  done.refusedFingerprint !== undefined &&
							  done.refusedFingerprint === refusedFingerprint(f)
							? 'refused'
							: undefined;
		if (filtered) {
			skip(filtered);
			return false;
		}
		if (manual || !state) {
			emitted.push({ fulfillment: f, reason: 'sample' });
		} else {
			const fp = fingerprint(f);
			const decision = decide(state, done, fp, now, options.cursor);
			if (!decision.emit) {
				skip(decision.reason);
				return false;
			}
			emitted.push({ fulfillment: f, reason: correction ? 'correction' : decision.reason });
			remember.push({ id: f.fulfillmentId, fp, changedAt: done.changedAt });
		}
		return emitted.length >= options.maxFulfillments;
	};

	// Rows shift between polls (fulfillments marked sent leave the search), so the resume row can
	// fall inside a fulfillment: its earlier lines would be missed and the rest sent as if whole.
	// The row before is read as a look-behind; a fulfillment that started before the resume row is
	// skipped now and read whole in the next pass from the top.
	let lookBehind: string | undefined;
	let row = resume > 0 ? resume - 1 : resume;
	let atLookBehind = resume > 0;
	let restarted = resume === 0;
	let assembler = new FulfillmentAssembler(options.columns, options.grouping);
	let slowestPageMs = 0;
	let stopReason: StopReason = 'end';
	let nextRow: number | undefined;
	const maxRows = reader.maxRows ?? Number.POSITIVE_INFINITY;

	for (;;) {
		// Progress before punctuality: a poll that has not finished one fulfillment yet keeps
		// reading, or a tiny budget would resume at the same row forever.
		if (
			stats.pages > 0 &&
			stats.fulfillments > 0 &&
			options.now() + slowestPageMs >= options.deadline
		) {
			stopReason = 'deadline';
			nextRow = assembler.pending?.firstRow ?? row;
			break;
		}
		if (row >= maxRows) {
			// Past what the source can page to: finish this pass; the next poll starts at the top.
			stopReason = 'rowCap';
			nextRow = undefined;
			break;
		}
		const startedAt = options.now();
		const page = await reader.read(row);
		slowestPageMs = Math.max(slowestPageMs, options.now() - startedAt);
		stats.pages++;
		if (!restarted && stats.pages === 1 && page.rows.length <= (atLookBehind ? 1 : 0)) {
			// The result shrank below the resume point (fulfillments got sent): start at the top.
			restarted = true;
			row = 0;
			atLookBehind = false;
			stats.startRow = 0;
			assembler = new FulfillmentAssembler(options.columns, options.grouping);
			continue;
		}
		let stopped = false;
		for (let i = 0; i < page.rows.length; i++) {
			const index = row + i;
			if (atLookBehind) {
				atLookBehind = false;
				lookBehind = assembler.idOf(page.rows[i]);
				continue;
			}
			if (lookBehind !== undefined) {
				// The first rows after the look-behind: same fulfillment = we are inside it.
				if (assembler.idOf(page.rows[i]) === lookBehind) {
					if (!stats.skipped.splitAtResume) skip('splitAtResume');
					continue;
				}
				lookBehind = undefined;
			}
			stats.rows++;
			const done = assembler.add(page.rows[i], index);
			if (done && handle(done)) {
				stopped = true;
				stopReason = 'maxFulfillments';
				nextRow = index;
				break;
			}
		}
		if (stopped) break;
		row += page.rows.length;
		if (!page.hasMore || page.rows.length === 0) {
			const last = assembler.flush();
			if (last && handle(last)) {
				// The maximum was reached exactly at the end: the next poll starts at the top.
				stopReason = 'maxFulfillments';
			}
			nextRow = undefined;
			break;
		}
	}

	return {
		emitted,
		stopReason,
		nextRow,
		stats,
		changes: {
			remember,
			resume: nextRow === undefined ? undefined : { key: options.sourceKey, row: nextRow },
		},
	};
}

/** Writes a successful poll into the cursor (never in manual mode). */
export function commitPoll(
	state: CursorState,
	outcome: PollOutcome,
	now: number,
	settings: Pick<CursorSettings, 'maxRemembered'> = {},
): void {
	commitCursor(state, outcome.changes, now, settings);
}
