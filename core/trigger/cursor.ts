import type { AssembledFulfillment, StartFrom } from './types';

/**
 * Exactly-once bookkeeping. NetSuite's "sent to Amazon" flag is the durable truth: once the update
 * node ticks it, the search stops returning the fulfillment. Between emission and that tick (Amazon
 * may take hours) the cursor remembers what was emitted, so it is not emitted again on every poll.
 *
 * It lives in the node's workflow static data, which n8n keeps in memory while the workflow is
 * active and saves only when a poll emits; it is therefore changed only when a poll succeeded and
 * only together with the items it emits.
 */

export const CURSOR_VERSION = 1;
/** Emitted fulfillments remembered at most; the oldest emissions are forgotten first. */
export const MAX_REMEMBERED = 3000;
const DAY_MS = 86_400_000;

export interface CursorSettings {
	startFrom: StartFrom;
	/** For `lastDays`: how far before the activation the window starts. */
	lastDays: number;
	/** Re-emit a remembered, still-unsent fulfillment after this long (a crashed run converges). */
	resendAfterMs: number;
	/**
	 * How far before the activation the window starts: clock differences between n8n and NetSuite,
	 * and, when NetSuite's time zone is not known, any zone difference (overlapFor).
	 */
	overlapMs: number;
	maxRemembered?: number;
}

/**
 * How far the start window reaches back before the activation. NetSuite's dates are wall-clock
 * times in the NetSuite user's zone; read in another zone they shift by the difference. With the
 * zone unknown (the trigger's NetSuite Time Zone left empty) that difference can be anything from
 * UTC-12 to UTC+14: 26 h, plus 1 h for a daylight-saving change, plus the clock tolerance. So no
 * fulfillment changed after the activation is ever read as older; the cursor keeps it exactly-once.
 */
export const OVERLAP_UNKNOWN_ZONE_MS = 27 * 3_600_000 + 10 * 60_000;
/** With the zone known: the clock tolerance plus the hour a daylight-saving change repeats. */
export const OVERLAP_KNOWN_ZONE_MS = 70 * 60_000;

export function overlapFor(zoneKnown: boolean): number {
	return zoneKnown ? OVERLAP_KNOWN_ZONE_MS : OVERLAP_UNKNOWN_ZONE_MS;
}

export const DEFAULT_CURSOR_SETTINGS: CursorSettings = {
	startFrom: 'activation',
	lastDays: 7,
	resendAfterMs: DAY_MS,
	overlapMs: OVERLAP_UNKNOWN_ZONE_MS,
	maxRemembered: MAX_REMEMBERED,
};

export interface CursorState {
	v: number;
	/** Epoch ms of the first poll under this node name: the start window is measured from it. */
	activatedAt: number;
	/**
	 * Where the next poll continues when the last one stopped early (poll budget, max per poll):
	 * after the fulfillment `afterId` (keyset sources), else at row `row`.
	 */
	resume?: { key: string; row: number; afterId?: string };
	/** Latest change time (epoch ms) among emitted fulfillments. */
	watermark?: number;
	/** fulfillment ID → `<content fingerprint>@<emitted at, epoch seconds>` */
	emitted: Record<string, string>;
	/**
	 * Fulfillments stepped past for their size whose reason was written to NetSuite: ID → epoch
	 * seconds of that write. Written again after the re-send window if still too big.
	 */
	oversized?: Record<string, number>;
	updatedAt?: number;
}

/** `correction`: already sent, but tracking/carrier/quantities changed since (see poll.ts). */
export type EmitReason = 'new' | 'changed' | 'resend' | 'correction';
export type SkipReason =
	| 'remembered'
	| 'beforeStart'
	| 'noDate'
	| 'sent'
	| 'notShipped'
	| 'noTracking'
	/** Amazon refused it (rejected/invalid) and it has not changed since: waits for a correction. */
	| 'refused'
	| 'repeatedInPoll'
	/** Handled by an earlier poll of this pass (ID not after the keyset resume point). */
	| 'beforeResume'
	/** The poll resumed inside this fulfillment's rows: it is read whole in the next pass. */
	| 'splitAtResume'
	/** Manual sample only: a scheduled execution emitted it within the re-send window. */
	| 'inFlight'
	/** More rows than Max Rows per Fulfillment: stepped past, named in the error field. */
	| 'oversized';

export type Decision = { emit: true; reason: EmitReason } | { emit: false; reason: SkipReason };

/** True when `data` holds a cursor this version understands. */
export function isCursorState(data: unknown): data is CursorState {
	const d = data as Partial<CursorState> | undefined;
	return (
		!!d &&
		d.v === CURSOR_VERSION &&
		typeof d.activatedAt === 'number' &&
		!!d.emitted &&
		typeof d.emitted === 'object'
	);
}

/**
 * Reads the cursor from the node's static data, creating it (in place: n8n watches that object)
 * at the first activation. A cursor of an unknown version is started afresh.
 */
export function loadCursor(staticData: Record<string, unknown>, now: number): CursorState {
	if (!isCursorState(staticData)) {
		for (const key of Object.keys(staticData)) delete staticData[key];
		staticData.v = CURSOR_VERSION;
		staticData.activatedAt = now;
		staticData.emitted = {};
	}
	return staticData as unknown as CursorState;
}

/**
 * The cursor as it is, or undefined: for manual runs, which must neither create nor change it.
 */
export function readCursor(
	staticData: Record<string, unknown> | undefined,
): CursorState | undefined {
	return isCursorState(staticData) ? staticData : undefined;
}

/**
 * True when a scheduled poll emitted this fulfillment within the re-send window: its execution may
 * still be waiting for Amazon, so sending it from elsewhere would confirm the same boxes twice.
 * Its content is not compared: the in-flight run sends what it emitted, whatever NetSuite holds now.
 */
export function isInFlight(
	state: CursorState,
	fulfillmentId: string,
	now: number,
	settings: Pick<CursorSettings, 'resendAfterMs'>,
): boolean {
	const entry = parseEntry(state.emitted[fulfillmentId]);
	return !!entry && Number.isFinite(entry.at) && now - entry.at < settings.resendAfterMs;
}

/** Epoch ms before which a never-emitted fulfillment is history, not news; undefined = no limit. */
export function startWindow(state: CursorState, settings: CursorSettings): number | undefined {
	switch (settings.startFrom) {
		case 'all':
			return undefined;
		case 'lastDays':
			return state.activatedAt - Math.max(0, settings.lastDays) * DAY_MS - settings.overlapMs;
		default:
			return state.activatedAt - settings.overlapMs;
	}
}

function parseEntry(entry: string | undefined): { fp: string; at: number } | undefined {
	if (!entry) return undefined;
	const at = entry.lastIndexOf('@');
	if (at < 0) return undefined;
	return { fp: entry.slice(0, at), at: Number(entry.slice(at + 1)) * 1000 };
}

/** Whether a fulfillment that passed the filters is emitted now, and why. */
export function decide(
	state: CursorState,
	f: AssembledFulfillment,
	fp: string,
	now: number,
	settings: CursorSettings,
): Decision {
	const entry = parseEntry(state.emitted[f.fulfillment.fulfillmentId]);
	if (entry) {
		if (entry.fp !== fp) return { emit: true, reason: 'changed' };
		if (now - entry.at >= settings.resendAfterMs) return { emit: true, reason: 'resend' };
		return { emit: false, reason: 'remembered' };
	}
	const notBefore = startWindow(state, settings);
	if (notBefore === undefined) return { emit: true, reason: 'new' };
	if (f.changedAt === undefined) return { emit: false, reason: 'noDate' };
	return f.changedAt >= notBefore
		? { emit: true, reason: 'new' }
		: { emit: false, reason: 'beforeStart' };
}

const MAX_OVERSIZED = 200;

/** Oversized fulfillments whose reason is not in NetSuite yet, or was written a window ago. */
export function oversizedToReport(
	state: CursorState | undefined,
	ids: string[],
	now: number,
	settings: Pick<CursorSettings, 'resendAfterMs'>,
): string[] {
	return ids.filter((id) => {
		const at = state?.oversized?.[id];
		return at === undefined || now - at * 1000 >= settings.resendAfterMs;
	});
}

export interface CursorChanges {
	remember: Array<{ id: string; fp: string; changedAt?: number }>;
	/** Oversized fulfillments whose reason was just written to NetSuite. */
	reported?: string[];
	resume?: { key: string; row: number; afterId?: string };
}

/** Applies one successful poll's changes to the state, in place, and bounds its size. */
export function commitCursor(
	state: CursorState,
	changes: CursorChanges,
	now: number,
	settings: Pick<CursorSettings, 'maxRemembered'> = {},
): void {
	const seconds = Math.floor(now / 1000);
	for (const r of changes.remember) {
		state.emitted[r.id] = `${r.fp}@${seconds}`;
		if (
			r.changedAt !== undefined &&
			(state.watermark === undefined || r.changedAt > state.watermark)
		) {
			state.watermark = r.changedAt;
		}
	}
	if (changes.reported?.length) {
		state.oversized ??= {};
		for (const id of changes.reported) state.oversized[id] = seconds;
		const ids = Object.keys(state.oversized);
		if (ids.length > MAX_OVERSIZED) {
			const oversized = state.oversized;
			ids.sort((a, b) => oversized[a] - oversized[b]);
			for (const id of ids.slice(0, ids.length - MAX_OVERSIZED)) delete oversized[id];
		}
	}
	if (changes.resume) state.resume = changes.resume;
	else delete state.resume;
	const max = settings.maxRemembered ?? MAX_REMEMBERED;
	const ids = Object.keys(state.emitted);
	if (ids.length > max) {
		const byAge = ids
			.map((id) => ({ id, at: parseEntry(state.emitted[id])?.at ?? 0 }))
			.sort((a, b) => a.at - b.at);
		for (const { id } of byAge.slice(0, ids.length - max)) delete state.emitted[id];
	}
	// A top-level write: n8n flags static data as changed only through its watched properties.
	state.updatedAt = now;
}
