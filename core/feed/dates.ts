/** Ship dates arrive as `YYYY-MM-DD` or an ISO 8601 date-time; Amazon wants xsd:dateTime / yyyy-mm-dd. */

import { isValidTimeZone, zoneOffsetMinutes } from '../shared/zones';

export interface ParsedShipDate {
	/** Calendar date as written (the seller's local date when the value had no zone). */
	date: string;
	/** `HH:MM:SS[.fff]` when the value had a time. */
	time?: string;
	/** `Z` or `±HH:MM` when the value had a zone. */
	zone?: string;
}

export interface DateTimeDefaults {
	/** Time used for a date-only ship date; default `00:00:00`. */
	time?: string;
	/**
	 * Zone for a ship date without one: `Z`, a UTC offset (`-08:00`) or an IANA zone
	 * (`America/Los_Angeles`). Empty: the item's `netsuiteTimeZone`, else UTC.
	 */
	zone?: string;
}

const DATE_RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseShipDate(raw: string | undefined): ParsedShipDate | undefined {
	if (typeof raw !== 'string') return undefined;
	const m = DATE_RE.exec(raw.trim());
	if (!m) return undefined;
	const year = Number(m[1]);
	const month = Number(m[2]);
	const day = Number(m[3]);
	if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
		return undefined;
	}
	const result: ParsedShipDate = { date: `${m[1]}-${m[2]}-${m[3]}` };
	if (m[4] !== undefined) {
		const h = Number(m[4]);
		const min = Number(m[5]);
		const s = m[6] === undefined ? 0 : Number(m[6]);
		if (h > 23 || min > 59 || s > 59) return undefined;
		result.time = `${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}`;
		if (m[8] !== undefined) {
			const zone = m[8] === 'Z' ? 'Z' : normaliseZone(m[8]);
			if (!zone) return undefined;
			result.zone = zone;
		}
	}
	return result;
}

function normaliseZone(zone: string): string | undefined {
	const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
	if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return undefined;
	return `${m[1]}${m[2]}:${m[3]}`;
}

/** Checks a configured UTC offset (`Z`, `+01:00`, `-0800`). */
export function parseZone(zone: string): string | undefined {
	return zone === 'Z' ? 'Z' : normaliseZone(zone);
}

/** Whether `name` is an IANA time zone this runtime knows (`America/Los_Angeles`, `UTC`). */
export function isIanaZone(name: string | undefined): boolean {
	if (!name || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
	return isValidTimeZone(name);
}

/** A zone setting as given (offset or IANA name), or undefined when it is neither. */
export function checkZoneSetting(zone: string): string | undefined {
	const t = zone.trim();
	return parseZone(t) ?? (isIanaZone(t) ? t : undefined);
}

function offsetText(minutes: number): string {
	if (minutes === 0) return 'Z';
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function offsetMinutes(zone: string): number {
	if (zone === 'Z') return 0;
	const m = /^([+-])(\d{2}):(\d{2})$/.exec(zone) as RegExpExecArray;
	return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Minutes east of UTC of `zone` (offset or IANA) at the instant `epochMs`. */
function offsetAt(zone: string, epochMs: number): number {
	const fixed = parseZone(zone);
	if (fixed) return offsetMinutes(fixed);
	return zoneOffsetMinutes(zone, epochMs);
}

/** The instant of a wall-clock date and time in `zone` (offset or IANA; DST gaps move forward). */
export function zonedEpochMs(date: string, time: string, zone: string): number {
	const naive = Date.parse(`${date}T${time.replace(/(\.\d{3})\d*$/, '$1')}Z`);
	const first = naive - offsetAt(zone, naive) * 60000;
	const offset = offsetAt(zone, first);
	const second = naive - offset * 60000;
	if (offsetAt(zone, second) === offset) return second;
	// A wall time the clocks skip (DST gap): the instant it would have been, shown an hour later.
	return Math.max(first, second);
}

/** xsd:dateTime of an instant as the wall clock of `zone` shows it (`2026-01-05T00:00:00-08:00`). */
export function formatInZone(epochMs: number, zone: string): string {
	const whole = Math.floor(epochMs / 1000) * 1000;
	const offset = offsetAt(zone, whole);
	const wall = new Date(whole + offset * 60000).toISOString().slice(0, 19);
	return `${wall}${offsetText(offset)}`;
}

/**
 * xsd:dateTime for FulfillmentDate. A date-only value becomes that date at `defaults.time`
 * (00:00:00) in `defaults.zone` (UTC when none): Amazon needs a time, and NetSuite's ship date has
 * none. The feed node resolves ship dates first (resolveShipDate), so this only formats.
 */
export function toXsdDateTime(parsed: ParsedShipDate, defaults: DateTimeDefaults = {}): string {
	const time = parsed.time ?? defaults.time ?? '00:00:00';
	if (parsed.zone) return `${parsed.date}T${time}${parsed.zone}`;
	const zone = checkZoneSetting(defaults.zone ?? '') ?? 'Z';
	if (parseZone(zone)) return `${parsed.date}T${time}${parseZone(zone)}`;
	return formatInZone(zonedEpochMs(parsed.date, time, zone), zone);
}

/** Milliseconds since the epoch of the instant the xsd:dateTime names. */
export function shipDateEpochMs(parsed: ParsedShipDate, defaults: DateTimeDefaults = {}): number {
	return Date.parse(toXsdDateTime(parsed, defaults));
}

export interface ShipDateContext {
	/** The node's settings: time for date-only dates, and a zone that wins over the item's. */
	defaults?: DateTimeDefaults;
	/** The item's `netsuiteTimeZone` (IANA), used when the node names no zone. */
	itemZone?: string;
	/** The item's `purchaseDate`: the ship date is never sent before it. */
	purchaseDate?: string;
	now: number;
	/** Later than now by more than this is refused as a data error (default one day); less is clamped. */
	maxFutureMs?: number;
}

export type ResolvedShipDate =
	| {
			/** What is sent: xsd:dateTime in the zone used, so its date is the day NetSuite shows. */
			value: string;
			epochMs: number;
			/** The zone a date without one was read in, and where it came from. */
			zone: string;
			zoneFrom: 'value' | 'node' | 'item' | 'utc';
			/** Moved to now (it was later) or to the purchase time (it was earlier); why, for the notes. */
			clamped?: 'now' | 'purchase';
			note?: string;
	  }
	| { problem: { message: string; fix: string } };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The ship date as it is sent. A date without a zone is a wall-clock time in the NetSuite account's
 * zone (node setting, else the item's netsuiteTimeZone, else UTC), not midnight UTC, which for a
 * US seller is the evening before. Then it is kept within what Amazon accepts: never later than
 * now, never before the order was placed. Far outside (a day ahead, or days before the order) is
 * a data error and refused, since moving it would hide a wrong date or a wrong order.
 */
export function resolveShipDate(raw: string, ctx: ShipDateContext): ResolvedShipDate {
	const parsed = parseShipDate(raw);
	if (!parsed) {
		return {
			problem: {
				message: `the ship date '${String(raw).slice(0, 40)}' is not a valid date`,
				fix: 'Send the date as YYYY-MM-DD or an ISO 8601 date-time such as 2026-01-05T15:00:00Z',
			},
		};
	}
	const nodeZone = checkZoneSetting(ctx.defaults?.zone ?? '');
	const itemZone = isIanaZone(ctx.itemZone) ? ctx.itemZone : undefined;
	let zone: string;
	let zoneFrom: 'value' | 'node' | 'item' | 'utc';
	let epochMs: number;
	if (parsed.zone) {
		zone = parsed.zone;
		zoneFrom = 'value';
		epochMs = Date.parse(`${parsed.date}T${parsed.time}${parsed.zone}`);
	} else {
		zone = nodeZone ?? itemZone ?? 'Z';
		zoneFrom = nodeZone ? 'node' : itemZone ? 'item' : 'utc';
		epochMs = zonedEpochMs(parsed.date, parsed.time ?? ctx.defaults?.time ?? '00:00:00', zone);
	}
	// The day is shown in the zone the date was read in (an explicit offset, or the account's).
	const shownZone = zoneFrom === 'value' ? (nodeZone ?? itemZone ?? zone) : zone;
	const maxFuture = ctx.maxFutureMs ?? DAY_MS;
	if (epochMs > ctx.now + maxFuture) {
		return {
			problem: {
				message: `the ship date ${raw} is in the future`,
				fix: 'Confirm the shipment once the goods have left; check the date on the NetSuite fulfillment',
			},
		};
	}
	const purchase = ctx.purchaseDate ? Date.parse(ctx.purchaseDate) : NaN;
	if (Number.isFinite(purchase) && epochMs < purchase) {
		const shipDay = formatInZone(epochMs, shownZone).slice(0, 10);
		const orderDay = formatInZone(purchase, shownZone).slice(0, 10);
		// More than a day before the order day cannot be a time-zone effect: a wrong date or order.
		if (Date.parse(orderDay) - Date.parse(shipDay) > DAY_MS) {
			return {
				problem: {
					message: `the ship date ${raw} is before the Amazon order was placed (${ctx.purchaseDate})`,
					fix: 'Check the ship date on the NetSuite fulfillment and the Amazon order ID on the sales order',
				},
			};
		}
		const at = Math.min(purchase, ctx.now);
		return {
			value: formatInZone(at, shownZone),
			epochMs: at,
			zone: shownZone,
			zoneFrom,
			clamped: 'purchase',
			note: `Ship date ${raw} is before the order was placed (${ctx.purchaseDate}); sent as the purchase time ${formatInZone(at, shownZone)}, which Amazon accepts`,
		};
	}
	if (epochMs > ctx.now) {
		return {
			value: formatInZone(ctx.now, shownZone),
			epochMs: ctx.now,
			zone: shownZone,
			zoneFrom,
			clamped: 'now',
			note: `Ship date ${raw} is later than now; sent as ${formatInZone(ctx.now, shownZone)} (Amazon refuses ship dates in the future)`,
		};
	}
	const value = parsed.zone
		? `${parsed.date}T${parsed.time}${parsed.zone}`
		: formatInZone(epochMs, zone);
	return { value, epochMs, zone, zoneFrom };
}
