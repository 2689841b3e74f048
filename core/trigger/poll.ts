import {
	changedSinceSent,
	contentFingerprint,
	refusedFingerprint,
} from '../fulfillment/fingerprint';
import type { Fulfillment } from '../fulfillment/types';
import {
	commitCursor,
	decide,
	isInFlight,
	OVERLAP_KNOWN_ZONE_MS,
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
	/** The NetSuite user's IANA time zone, when the source says it (the RESTlet does). */
	timeZone?: string;
}

export interface PageReader {
	/**
	 * Reads the page holding absolute row `startRow` and returns the rows from it on. With
	 * `afterId` (keyset readers only), rows count from the first fulfillment whose internal ID is
	 * greater: the source filters on the ID, so fulfillments sent meanwhile cannot shift the start.
	 */
	read(startRow: number, afterId?: string): Promise<SourcePage>;
	/** Absolute rows this source can reach (SuiteQL: 100,000 per query). */
	maxRows?: number;
	/**
	 * The source can start after a fulfillment ID (it is sorted by internal ID): a poll that stopped
	 * early resumes after the last fulfillment it handled instead of at a row number.
	 */
	keyset?: boolean;
}

export interface PollOptions {
	reader: PageReader;
	columns: ColumnMap;
	grouping: GroupingOptions;
	filters: FilterSettings;
	cursor: CursorSettings;
	/** The cursor; absent in manual mode, where nothing is remembered. */
	state?: CursorState;
	/**
	 * Manual mode: the scheduled polls' cursor, only read. Fulfillments it emitted within the
	 * re-send window are left out of the sample (a scheduled execution may be sending them).
	 */
	inFlight?: CursorState;
	/** Identifies the source configuration; a resume position of another configuration is ignored. */
	sourceKey: string;
	now: () => number;
	/** Epoch ms: no page is started that would likely end after it. */
	deadline: number;
	/** Emitted fulfillments per poll at most (manual mode: the sample size). */
	maxFulfillments: number;
	/**
	 * Rows one fulfillment may have (SuiteQL: lines × tracking numbers). One with more is stepped
	 * past and reported in `oversized`, instead of every poll reading it and never finishing.
	 */
	maxRowsPerFulfillment?: number;
	manual?: boolean;
	/**
	 * The time zone was not set: when a page tells NetSuite's own, dates are read in it, items carry
	 * it, and the start window narrows to the known-zone overlap.
	 */
	zoneFromSource?: boolean;
}

export type StopReason = 'end' | 'deadline' | 'maxFulfillments' | 'rowCap';

export interface EmittedFulfillment {
	fulfillment: Fulfillment;
	reason: EmitReason | 'sample';
}

/** A fulfillment with more rows than one poll reads for one fulfillment: stepped past, not sent. */
export interface OversizedFulfillment {
	fulfillmentId: string;
	fulfillmentNumber?: string;
	/** Rows read before giving up (more than the maximum). */
	rowsRead: number;
	maxRows: number;
}

export interface PollOutcome {
	emitted: EmittedFulfillment[];
	/** Fulfillments stepped past because of their size (each once per poll). */
	oversized: OversizedFulfillment[];
	stopReason: StopReason;
	/** Row where the next poll continues; undefined = start from the top (or after nextAfterId). */
	nextRow?: number;
	/** Keyset readers: the next poll continues after this fulfillment ID. */
	nextAfterId?: string;
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

/** Internal IDs are whole numbers; compared as numbers ('900' < '1000'), else as text. */
function idAfter(id: string, afterId: string): boolean {
	if (/^\d+$/.test(id) && /^\d+$/.test(afterId)) {
		return id.length !== afterId.length ? id.length > afterId.length : id > afterId;
	}
	return id > afterId;
}

export async function runPoll(options: PollOptions): Promise<PollOutcome> {
	const { reader, state, manual } = options;
	const saved = !manual && state?.resume?.key === options.sourceKey ? state.resume : undefined;
	// Keyset: resume after the last fulfillment handled. Sent ones leave the search, so a row
	// number would point past unread fulfillments; an ID does not move.
	let afterId = reader.keyset && saved?.afterId ? saved.afterId : undefined;
	const resume = afterId === undefined && !saved?.afterId ? (saved?.row ?? 0) : 0;
	const stats: PollOutcome['stats'] = {
		pages: 0,
		rows: 0,
		fulfillments: 0,
		startRow: resume,
		skipped: {},
	};
	const emitted: EmittedFulfillment[] = [];
	const oversized: OversizedFulfillment[] = [];
	const maxRowsPerFulfillment = options.maxRowsPerFulfillment ?? Number.POSITIVE_INFINITY;
	/**
	 * Fulfillments stepped past in this poll: their rows are passed over wherever they come again
	 * (a row-paged source, a RESTlet that ignores afterId, the wrap-round from the top).
	 */
	const steppedPast = new Set<string>();
	const remember: CursorChanges['remember'] = [];
	const seen = new Set<string>();
	const now = options.now();
	const skip = (reason: SkipReason) => {
		stats.skipped[reason] = (stats.skipped[reason] ?? 0) + 1;
	};

	let cursorSettings = options.cursor;
	let learnedZone: string | undefined;
	const newAssembler = (): FulfillmentAssembler => {
		const made = new FulfillmentAssembler(options.columns, options.grouping);
		if (learnedZone) made.useTimeZone(learnedZone);
		return made;
	};
	let lastHandledId: string | undefined;
	/**
	 * Keyset: set while this poll wraps round from the top after it resumed mid-result; the wrap
	 * ends at the first fulfillment past this ID (read already in this poll).
	 */
	let wrapUntil: string | undefined;
	let wrapEnded = false;
	/** Returns true when the per-poll maximum is reached, or the wrap-round reached the resume point. */
	const handle = (done: AssembledFulfillment): boolean => {
		const f = done.fulfillment;
		if (wrapUntil !== undefined && idAfter(f.fulfillmentId, wrapUntil)) {
			wrapEnded = true;
			return true;
		}
		if (afterId !== undefined && !idAfter(f.fulfillmentId, afterId)) {
			// Read by an earlier poll of this pass; a source that ignores `afterId` (a RESTlet
			// deployed before it existed) pages from the top, and these are skipped here instead.
			skip('beforeResume');
			return false;
		}
		stats.fulfillments++;
		lastHandledId = f.fulfillmentId;
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
			if (options.inFlight && isInFlight(options.inFlight, f.fulfillmentId, now, cursorSettings)) {
				skip('inFlight');
				return false;
			}
			emitted.push({ fulfillment: f, reason: 'sample' });
		} else {
			const fp = contentFingerprint(f);
			const decision = decide(state, done, fp, now, cursorSettings);
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
	let restarted = resume === 0 && afterId === undefined;
	let assembler = newAssembler();
	let slowestPageMs = 0;
	let stopReason: StopReason = 'end';
	let nextRow: number | undefined;
	let nextAfterId: string | undefined;
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
			if (reader.keyset) nextAfterId = lastHandledId;
			else nextRow = assembler.pending?.firstRow ?? row;
			break;
		}
		if (row >= maxRows) {
			// Past what the source can page to: a keyset source continues after the last fulfillment
			// handled; otherwise this pass ends and the next poll starts at the top.
			stopReason = 'rowCap';
			nextRow = undefined;
			if (reader.keyset) nextAfterId = lastHandledId ?? afterId;
			break;
		}
		const startedAt = options.now();
		const page = await reader.read(row, afterId);
		slowestPageMs = Math.max(slowestPageMs, options.now() - startedAt);
		stats.pages++;
		if (options.zoneFromSource && page.timeZone && !learnedZone) {
			// Before any row of this page is built, so every fulfillment is read in NetSuite's zone.
			learnedZone = page.timeZone;
			assembler.useTimeZone(learnedZone);
			cursorSettings = { ...cursorSettings, overlapMs: OVERLAP_KNOWN_ZONE_MS };
		}
		if (
			!restarted &&
			stats.pages === 1 &&
			page.rows.length <= (atLookBehind ? 1 : 0) &&
			// The look-behind row can be the last of its page: more pages mean the result goes on.
			!(page.rows.length > 0 && page.hasMore)
		) {
			// The result shrank below the resume point (fulfillments got sent), or nothing is left
			// after the resume ID: start at the top.
			restarted = true;
			row = 0;
			atLookBehind = false;
			afterId = undefined;
			stats.startRow = 0;
			assembler = newAssembler();
			continue;
		}
		let stopped = false;
		let jumped = false;
		for (let i = 0; i < page.rows.length; i++) {
			const index = row + i;
			if (steppedPast.size && steppedPast.has(assembler.idOf(page.rows[i]) ?? '')) continue;
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
				if (wrapEnded) break;
				stopReason = 'maxFulfillments';
				if (reader.keyset) nextAfterId = done.fulfillment.fulfillmentId;
				else nextRow = index;
				break;
			}
			if (assembler.pendingRows > maxRowsPerFulfillment) {
				// Too big to read whole in one poll: name it and step past it, or every poll would
				// read the same rows, emit nothing and never move on.
				const big = assembler.abandon()!;
				if (wrapUntil !== undefined && idAfter(big.id, wrapUntil)) {
					wrapEnded = true;
					stopped = true;
					break;
				}
				if (!seen.has(big.id)) {
					seen.add(big.id);
					stats.fulfillments++;
					oversized.push({
						fulfillmentId: big.id,
						fulfillmentNumber: big.fulfillmentNumber,
						rowsRead: big.rowsRead,
						maxRows: maxRowsPerFulfillment,
					});
					skip('oversized');
				}
				lastHandledId = big.id;
				steppedPast.add(big.id);
				if (reader.keyset) {
					// Ask again for what comes after it: its remaining rows are never read.
					afterId = big.id;
					jumped = true;
					break;
				}
			}
		}
		if (stopped) break;
		if (jumped) {
			row = 0;
			continue;
		}
		row += page.rows.length;
		if (!page.hasMore || page.rows.length === 0) {
			const last = assembler.flush();
			if (last && handle(last)) {
				// The maximum was reached exactly at the end: the next poll starts at the top.
				if (!wrapEnded) stopReason = 'maxFulfillments';
				nextRow = undefined;
				break;
			}
			nextRow = undefined;
			if (!restarted) {
				// This poll resumed mid-result and reached the end: go on from the top now. A poll
				// that emits nothing is not saved by n8n, so "start at the top next time" would be
				// forgotten after a restart and the fulfillments before the resume point (one fixed
				// since, one stepped past) never read again.
				restarted = true;
				wrapUntil = reader.keyset ? (saved?.afterId ?? lastHandledId) : undefined;
				row = 0;
				afterId = undefined;
				atLookBehind = false;
				lookBehind = undefined;
				lastHandledId = undefined;
				assembler = newAssembler();
				continue;
			}
			break;
		}
	}

	return {
		emitted,
		oversized,
		stopReason,
		nextRow,
		nextAfterId,
		stats,
		changes: {
			remember,
			resume:
				nextAfterId !== undefined
					? { key: options.sourceKey, row: 0, afterId: nextAfterId }
					: nextRow === undefined
						? undefined
						: { key: options.sourceKey, row: nextRow },
		},
	};
}

/** What staff read on a fulfillment stepped past for its size, and what to do about it. */
export function oversizedReason(o: OversizedFulfillment): string {
	return `Not sent to Amazon: this fulfillment has more than ${o.maxRows.toLocaleString('en-US')} result rows (lines × tracking numbers), more than the trigger reads for one fulfillment, so it was stepped past. Split it into smaller fulfillments, or raise the trigger's Options > Max Rows per Fulfillment (up to 99,000).`;
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
