/**
 * NetSuite returns dates in the format and time zone of the integration user's preferences
 * (saved searches: `11/20/2026`, `11/20/2026 10:05 am`; SuiteQL TO_CHAR: `2026-11-20T10:05:00`).
 * The trigger compares them with its activation time, so they are turned into UTC instants here.
 */

import { zoneOffsetMinutes } from '../shared/zones';

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

export interface DateSettings {
	/** How a numeric date without year first is ordered: NetSuite's "Date Format" preference. */
	order: DateOrder;
	/** IANA zone of the NetSuite user's "Time Zone" preference; values without an offset are in it. */
	timeZone: string;
}

export const DEFAULT_DATE_SETTINGS: DateSettings = { order: 'MDY', timeZone: 'UTC' };

const MONTHS: Record<string, number> = {
	jan: 1,
	feb: 2,
	mar: 3,
	apr: 4,
	may: 5,
	jun: 6,
	jul: 7,
	aug: 8,
	sep: 9,
	oct: 10,
	nov: 11,
	dec: 12,
};

export interface WallClock {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	/** Minutes east of UTC when the text carried an offset (`Z`, `+02:00`). */
	offsetMinutes?: number;
	hasTime: boolean;
}

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/** Reads the date (and time) out of NetSuite's text; undefined when it is not a date. */
export function parseWallClock(text: string, order: DateOrder = 'MDY'): WallClock | undefined {
	const value = String(text ?? '').trim();
	if (!value) return undefined;
	let year: number;
	let month: number;
	let day: number;
	let rest: string;
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$/.exec(value);
	if (m) {
		[year, month, day, rest] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4]];
	} else if ((m = /^(\d{1,2})[-\s.]([A-Za-z]{3})[A-Za-z]*[-\s.,]+(\d{4})(.*)$/.exec(value))) {
		// 20-Nov-2026, 20 Nov 2026
		const mon = MONTHS[m[2].toLowerCase()];
		if (!mon) return undefined;
		[year, month, day, rest] = [Number(m[3]), mon, Number(m[1]), m[4]];
	} else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(.*)$/.exec(value))) {
		const a = Number(m[1]);
		const b = Number(m[2]);
		if (order === 'DMY') [day, month] = [a, b];
		else [month, day] = [a, b];
		[year, rest] = [Number(m[3]), m[4]];
	} else if ((m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(.*)$/.exec(value))) {
		[year, month, day, rest] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4]];
	} else {
		return undefined;
	}
	if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
	const out: WallClock = { year, month, day, hour: 0, minute: 0, second: 0, hasTime: false };
	const t =
		/^(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([ap]\.?m\.?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i.exec(
			rest,
		);
	if (t) {
		let hour = Number(t[1]);
		const meridiem = t[4]?.toLowerCase().replace(/\./g, '');
		if (meridiem === 'pm' && hour < 12) hour += 12;
		if (meridiem === 'am' && hour === 12) hour = 0;
		out.hour = hour;
		out.minute = Number(t[2]);
		out.second = t[3] ? Number(t[3]) : 0;
		out.hasTime = true;
		if (t[5]) {
			if (t[5].toUpperCase() === 'Z') out.offsetMinutes = 0;
			else {
				const sign = t[5][0] === '-' ? -1 : 1;
				const digits = t[5].slice(1).replace(':', '');
				out.offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
			}
		}
	} else if (rest.trim()) {
		return undefined;
	}
	return out;
}

/** A wall-clock time in `timeZone` → epoch ms (two passes settle DST edges). */
export function wallClockToEpoch(w: WallClock, timeZone: string): number {
	const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	if (w.offsetMinutes !== undefined) return naive - w.offsetMinutes * 60000;
	let guess = naive - zoneOffsetMinutes(timeZone, naive) * 60000;
	guess = naive - zoneOffsetMinutes(timeZone, guess) * 60000;
	return guess;
}

/** NetSuite date/time text → epoch ms, or undefined when it cannot be read. */
export function toEpoch(
	text: unknown,
	settings: DateSettings = DEFAULT_DATE_SETTINGS,
): number | undefined {
	if (text === undefined || text === null || text === '') return undefined;
	const w = parseWallClock(String(text), settings.order);
	if (!w) return undefined;
	const ms = wallClockToEpoch(w, settings.timeZone);
	return Number.isFinite(ms) ? ms : undefined;
}

/** NetSuite date text → `YYYY-MM-DD` (the date as NetSuite shows it, no zone shift). */
export function toIsoDate(text: unknown, order: DateOrder = 'MDY'): string | undefined {
	if (text === undefined || text === null || text === '') return undefined;
	const w = parseWallClock(String(text), order);
	if (!w) return undefined;
	return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** NetSuite date-time text → ISO 8601 UTC (`2026-11-20T10:05:00.000Z`); dates alone stay `YYYY-MM-DD`. */
export function toIsoDateTime(
	text: unknown,
	settings: DateSettings = DEFAULT_DATE_SETTINGS,
): string | undefined {
	if (text === undefined || text === null || text === '') return undefined;
	const w = parseWallClock(String(text), settings.order);
	if (!w) return undefined;
	if (!w.hasTime) return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
	return new Date(wallClockToEpoch(w, settings.timeZone)).toISOString();
}

/** Epoch ms → the wall clock of `timeZone` as `YYYY-MM-DD HH24:MI:SS` (for SuiteQL literals). */
export function formatInZone(epochMs: number, timeZone: string): string {
	const d = new Date(epochMs + zoneOffsetMinutes(timeZone, epochMs) * 60000);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

