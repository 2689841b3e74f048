import {
	changedSinceSent,
	contentFingerprint,
	refusedFingerprint,
} from '../fulfillment/fingerprint';
import type { Fulfillment } from '../fulfillment/types';
import { compareInternalIds } from '../shared/ids';
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
import type {
	AssembledFulfillment,
	FilterSettings,
	GroupingOptions,
	OversizedFulfillment,
	SourceRow,
} from './types';
export type { OversizedFulfillment } from './types';

export { oversizedReason } from './messages';

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

/** Reads one poll's worth of fulfillments (see the top of this file). */
export async function runPoll(options: PollOptions): Promise<PollOutcome> {
	return new Poll(options).run();
}

/** What reading one page's rows came to. */
type PageStep =
	/** Read on: the next page, or the end of the result. */
	| 'next'
	/** The poll is over (the maximum, or the wrap-round reached the resume point). */
	| 'stopped'
	/** Keyset: a fulfillment was stepped past; read again from the first row after it. */
	| 'jumped';

/**
 * Why a fulfillment the cursor never sees is left out: the trigger's filters, in the order a
 * user reads them in the skip counts.
 */
function filteredOut(
	filters: FilterSettings,
	done: AssembledFulfillment,
	correction: boolean,
): SkipReason | undefined {
	const f = done.fulfillment;
	if (filters.skipSent && done.sent === true && !correction) return 'sent';
	if (filters.shippedOnly && done.shipped === false) return 'notShipped';
	if (filters.requireTracking && f.trackingNumbers.length === 0) return 'noTracking';
	// Refused with this very content: re-sending it would be refused again.
	if (
		done.sent !== true &&
		done.refusedFingerprint !== undefined &&
		done.refusedFingerprint === refusedFingerprint(f)
	) {
		return 'refused';
	}
	return undefined;
}

/**
 * A sent fulfillment whose tracking, carrier or quantities changed after it was confirmed goes
 * out again as a correction; NetSuite's fingerprint field, not static data, remembers what was
 * sent, so this survives a new workflow or a cleared cursor.
 */
function isCorrection(filters: FilterSettings, done: AssembledFulfillment): boolean {
	return (
		filters.resendCorrections === true &&
		done.sent === true &&
		changedSinceSent(done.fulfillment, done.sentFingerprint)
	);
}

/** One poll's reading state; runPoll is its only user. */
class Poll {
	private readonly stats: PollOutcome['stats'];
	private readonly emitted: EmittedFulfillment[] = [];
	private readonly oversized: OversizedFulfillment[] = [];
	private readonly remember: CursorChanges['remember'] = [];
	/** Fulfillments handled in this poll: each is emitted (or skipped) once. */
	private readonly seen = new Set<string>();
	/**
	 * Fulfillments stepped past in this poll: their rows are passed over wherever they come again
	 * (a row-paged source, a RESTlet that ignores afterId, the wrap-round from the top).
	 */
	private readonly steppedPast = new Set<string>();
	private readonly maxRowsPerFulfillment: number;
	private readonly maxRows: number;
	private readonly now: number;
	/** The saved search's resume position, when it belongs to this source configuration. */
	private readonly saved: CursorState['resume'];

	private cursorSettings: CursorSettings;
	private learnedZone: string | undefined;
	private assembler: FulfillmentAssembler;

	/** Keyset: the source is asked for fulfillments after this ID. */
	private afterId: string | undefined;
	/** Absolute row of the next page. */
	private row: number;
	/** The next row read is the look-behind row (the one before the resume row). */
	private atLookBehind: boolean;
	/** The fulfillment of the look-behind row, while the rows after it still belong to it. */
	private lookBehind: string | undefined;
	/** This pass reads the result from the top (no resume point, or after wrapping round). */
	private restarted: boolean;
	private lastHandledId: string | undefined;
	/**
	 * Keyset: set while this poll wraps round from the top after it resumed mid-result; the wrap
	 * ends at the first fulfillment past this ID (read already in this poll).
	 */
	private wrapUntil: string | undefined;
	private wrapEnded = false;
	private slowestPageMs = 0;

	private stopReason: StopReason = 'end';
	private nextRow: number | undefined;
	private nextAfterId: string | undefined;

	constructor(private readonly options: PollOptions) {
		const { reader, state, manual } = options;
		this.saved = !manual && state?.resume?.key === options.sourceKey ? state.resume : undefined;
		// Keyset: resume after the last fulfillment handled. Sent ones leave the search, so a row
		// number would point past unread fulfillments; an ID does not move.
		this.afterId = reader.keyset && this.saved?.afterId ? this.saved.afterId : undefined;
		const resume = this.afterId === undefined && !this.saved?.afterId ? (this.saved?.row ?? 0) : 0;
		this.stats = { pages: 0, rows: 0, fulfillments: 0, startRow: resume, skipped: {} };
		this.maxRowsPerFulfillment = options.maxRowsPerFulfillment ?? Number.POSITIVE_INFINITY;
		this.maxRows = reader.maxRows ?? Number.POSITIVE_INFINITY;
		this.now = options.now();
		this.cursorSettings = options.cursor;
		// Rows shift between polls (fulfillments marked sent leave the search), so the resume row can
		// fall inside a fulfillment: its earlier lines would be missed and the rest sent as if whole.
		// The row before is read as a look-behind; a fulfillment that started before the resume row
		// is skipped now and read whole in the next pass from the top.
		this.row = resume > 0 ? resume - 1 : resume;
		this.atLookBehind = resume > 0;
		this.restarted = resume === 0 && this.afterId === undefined;
		this.assembler = this.newAssembler();
	}

	async run(): Promise<PollOutcome> {
		for (;;) {
			if (this.outOfTime()) {
				this.stopAtDeadline();
				break;
			}
			if (this.row >= this.maxRows) {
				this.stopAtRowCap();
				break;
			}
			const page = await this.readPage();
			if (this.resumePointGone(page)) {
				this.restartFromTop();
				continue;
			}
			const step = this.readRows(page);
			if (step === 'stopped') break;
			if (step === 'jumped') {
				this.row = 0;
				continue;
			}
			this.row += page.rows.length;
			if (page.hasMore && page.rows.length > 0) continue;
			if (this.endOfResult()) break;
		}
		return this.outcome();
	}

	// --- Pages -------------------------------------------------------------------------------

	/**
	 * Progress before punctuality: a poll that has not finished one fulfillment yet keeps
	 * reading, or a tiny budget would resume at the same row forever.
	 */
	private outOfTime(): boolean {
		return (
			this.stats.pages > 0 &&
			this.stats.fulfillments > 0 &&
			this.options.now() + this.slowestPageMs >= this.options.deadline
		);
	}

	private stopAtDeadline(): void {
		this.stopReason = 'deadline';
		if (this.options.reader.keyset) this.nextAfterId = this.lastHandledId;
		else this.nextRow = this.assembler.pending?.firstRow ?? this.row;
	}

	/**
	 * Past what the source can page to: a keyset source continues after the last fulfillment
	 * handled; otherwise this pass ends and the next poll starts at the top.
	 */
	private stopAtRowCap(): void {
		this.stopReason = 'rowCap';
		this.nextRow = undefined;
		if (this.options.reader.keyset) this.nextAfterId = this.lastHandledId ?? this.afterId;
	}

	private async readPage(): Promise<SourcePage> {
		const startedAt = this.options.now();
		const page = await this.options.reader.read(this.row, this.afterId);
		this.slowestPageMs = Math.max(this.slowestPageMs, this.options.now() - startedAt);
		this.stats.pages++;
		if (this.options.zoneFromSource && page.timeZone && !this.learnedZone) {
			// Before any row of this page is built, so every fulfillment is read in NetSuite's zone.
			this.learnedZone = page.timeZone;
			this.assembler.useTimeZone(this.learnedZone);
			this.cursorSettings = { ...this.cursorSettings, overlapMs: OVERLAP_KNOWN_ZONE_MS };
		}
		return page;
	}

	/**
	 * The result shrank below the resume point (fulfillments got sent), or nothing is left after
	 * the resume ID. The look-behind row can be the last of its page: more pages mean the result
	 * goes on.
	 */
	private resumePointGone(page: SourcePage): boolean {
		return (
			!this.restarted &&
			this.stats.pages === 1 &&
			page.rows.length <= (this.atLookBehind ? 1 : 0) &&
			!(page.rows.length > 0 && page.hasMore)
		);
	}

	/** The resume point is gone: this poll reads from the top instead. */
	private restartFromTop(): void {
		this.restarted = true;
		this.row = 0;
		this.atLookBehind = false;
		this.afterId = undefined;
		this.stats.startRow = 0;
		this.assembler = this.newAssembler();
	}

	/** The last page was read; returns true when the poll is over. */
	private endOfResult(): boolean {
		const last = this.assembler.flush();
		if (last && this.handle(last)) {
			// The maximum was reached exactly at the end: the next poll starts at the top.
			if (!this.wrapEnded) this.stopReason = 'maxFulfillments';
			this.nextRow = undefined;
			return true;
		}
		this.nextRow = undefined;
		if (this.restarted) return true;
		this.wrapRound();
		return false;
	}

	/**
	 * This poll resumed mid-result and reached the end: go on from the top now. A poll that emits
	 * nothing is not saved by n8n, so "start at the top next time" would be forgotten after a
	 * restart and the fulfillments before the resume point (one fixed since, one stepped past)
	 * never read again.
	 */
	private wrapRound(): void {
		this.restarted = true;
		this.wrapUntil = this.options.reader.keyset
			? (this.saved?.afterId ?? this.lastHandledId)
			: undefined;
		this.row = 0;
		this.afterId = undefined;
		this.atLookBehind = false;
		this.lookBehind = undefined;
		this.lastHandledId = undefined;
		this.assembler = this.newAssembler();
	}

	private newAssembler(): FulfillmentAssembler {
		const made = new FulfillmentAssembler(this.options.columns, this.options.grouping);
		if (this.learnedZone) made.useTimeZone(this.learnedZone);
		return made;
	}

	// --- Rows --------------------------------------------------------------------------------

	private readRows(page: SourcePage): PageStep {
		for (let i = 0; i < page.rows.length; i++) {
			const index = this.row + i;
			const row = page.rows[i];
			if (this.steppedPast.size && this.steppedPast.has(this.assembler.idOf(row) ?? '')) continue;
			if (this.passedOverAtResume(row)) continue;
			this.stats.rows++;
			const done = this.assembler.add(row, index);
			if (done && this.handle(done)) {
				this.stopAfter(done, index);
				return 'stopped';
			}
			if (this.assembler.pendingRows > this.maxRowsPerFulfillment) {
				const step = this.stepPastOversized();
				if (step) return step;
			}
		}
		return 'next';
	}

	/**
	 * True for a row not read at the resume point: the look-behind row, and the first rows after
	 * it while they are the same fulfillment (the resume row fell inside it).
	 */
	private passedOverAtResume(row: SourceRow): boolean {
		if (this.atLookBehind) {
			this.atLookBehind = false;
			this.lookBehind = this.assembler.idOf(row);
			return true;
		}
		if (this.lookBehind === undefined) return false;
		if (this.assembler.idOf(row) === this.lookBehind) {
			if (!this.stats.skipped.splitAtResume) this.skip('splitAtResume');
			return true;
		}
		this.lookBehind = undefined;
		return false;
	}

	/** The poll stopped at fulfillment `done` (ending at row `index`): where the next one resumes. */
	private stopAfter(done: AssembledFulfillment, index: number): void {
		if (this.wrapEnded) return;
		this.stopReason = 'maxFulfillments';
		if (this.options.reader.keyset) this.nextAfterId = done.fulfillment.fulfillmentId;
		else this.nextRow = index;
	}

	/**
	 * Too big to read whole in one poll: name it and step past it, or every poll would read the
	 * same rows, emit nothing and never move on. Returns the page step, or undefined to read on.
	 */
	private stepPastOversized(): PageStep | undefined {
		const big = this.assembler.abandon()!;
		if (this.wrapEndsAt(big.id)) return 'stopped';
		if (!this.seen.has(big.id)) {
			this.seen.add(big.id);
			this.stats.fulfillments++;
			this.oversized.push({
				fulfillmentId: big.id,
				fulfillmentNumber: big.fulfillmentNumber,
				rowsRead: big.rowsRead,
				maxRows: this.maxRowsPerFulfillment,
			});
			this.skip('oversized');
		}
		this.lastHandledId = big.id;
		this.steppedPast.add(big.id);
		if (!this.options.reader.keyset) return undefined;
		// Ask again for what comes after it: its remaining rows are never read.
		this.afterId = big.id;
		return 'jumped';
	}

	// --- Fulfillments ------------------------------------------------------------------------

	/** Returns true when the per-poll maximum is reached, or the wrap-round reached the resume point. */
	private handle(done: AssembledFulfillment): boolean {
		const id = done.fulfillment.fulfillmentId;
		if (this.wrapEndsAt(id)) return true;
		if (this.afterId !== undefined && compareInternalIds(id, this.afterId) <= 0) {
			// Read by an earlier poll of this pass; a source that ignores `afterId` (a RESTlet
			// deployed before it existed) pages from the top, and these are skipped here instead.
			this.skip('beforeResume');
			return false;
		}
		this.stats.fulfillments++;
		this.lastHandledId = id;
		if (this.seen.has(id)) {
			// Rows of one fulfillment apart from each other (the search is not sorted by ID, or the
			// result shifted between pages): emit it once.
			this.skip('repeatedInPoll');
			return false;
		}
		this.seen.add(id);
		const correction = isCorrection(this.options.filters, done);
		const filtered = filteredOut(this.options.filters, done, correction);
		if (filtered) {
			this.skip(filtered);
			return false;
		}
		const emitted =
			this.options.manual || !this.options.state
				? this.emitSample(done)
				: this.emitByCursor(this.options.state, done, correction);
		return emitted && this.emitted.length >= this.options.maxFulfillments;
	}

	/** Keyset wrap-round: a fulfillment past the resume point was read already in this poll. */
	private wrapEndsAt(id: string): boolean {
		if (this.wrapUntil === undefined || compareInternalIds(id, this.wrapUntil) <= 0) return false;
		this.wrapEnded = true;
		return true;
	}

	/** Manual mode: nothing is remembered; fulfillments a scheduled poll may be sending are left out. */
	private emitSample(done: AssembledFulfillment): boolean {
		const { inFlight } = this.options;
		const id = done.fulfillment.fulfillmentId;
		if (inFlight && isInFlight(inFlight, id, this.now, this.cursorSettings)) {
			this.skip('inFlight');
			return false;
		}
		this.emitted.push({ fulfillment: done.fulfillment, reason: 'sample' });
		return true;
	}

	/** Scheduled polls: the cursor decides, and what is emitted is remembered on commit. */
	private emitByCursor(
		state: CursorState,
		done: AssembledFulfillment,
		correction: boolean,
	): boolean {
		const f = done.fulfillment;
		const fp = contentFingerprint(f);
		const decision = decide(state, done, fp, this.now, this.cursorSettings);
		if (!decision.emit) {
			this.skip(decision.reason);
			return false;
		}
		this.emitted.push({ fulfillment: f, reason: correction ? 'correction' : decision.reason });
		this.remember.push({ id: f.fulfillmentId, fp, changedAt: done.changedAt });
		return true;
	}

	private skip(reason: SkipReason): void {
		this.stats.skipped[reason] = (this.stats.skipped[reason] ?? 0) + 1;
	}

	// --- Outcome -----------------------------------------------------------------------------

	private outcome(): PollOutcome {
		return {
			emitted: this.emitted,
			oversized: this.oversized,
			stopReason: this.stopReason,
			nextRow: this.nextRow,
			nextAfterId: this.nextAfterId,
			stats: this.stats,
			changes: { remember: this.remember, resume: this.resumePosition() },
		};
	}

	/** Where the next poll of this source configuration starts; undefined = at the top. */
	private resumePosition(): CursorChanges['resume'] {
		const key = this.options.sourceKey;
		if (this.nextAfterId !== undefined) return { key, row: 0, afterId: this.nextAfterId };
		return this.nextRow === undefined ? undefined : { key, row: this.nextRow };
	}
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
