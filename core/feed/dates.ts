/** Ship dates arrive as `YYYY-MM-DD` or an ISO 8601 date-time; Amazon wants xsd:dateTime / yyyy-mm-dd. */

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
	/** Zone used when the value has none; default `Z` (UTC). */
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

/** Checks a configured default zone (`Z`, `+01:00`, `-0800`). */
export function parseZone(zone: string): string | undefined {
	return zone === 'Z' ? 'Z' : normaliseZone(zone);
}

/**
 * xsd:dateTime for FulfillmentDate. A date-only value becomes that date at `defaults.time`
 * (00:00:00) in `defaults.zone` (UTC): Amazon needs a time, and NetSuite's ship date has none.
 * Sellers far from UTC can set their own zone so the date Amazon shows is the one NetSuite shows.
 */
export function toXsdDateTime(parsed: ParsedShipDate, defaults: DateTimeDefaults = {}): string {
	const time = parsed.time ?? defaults.time ?? '00:00:00';
	const zone = parsed.zone ?? parseZone(defaults.zone ?? 'Z') ?? 'Z';
	return `${parsed.date}T${time}${zone}`;
}

/** Milliseconds since the epoch of the instant the xsd:dateTime names. */
export function shipDateEpochMs(parsed: ParsedShipDate, defaults: DateTimeDefaults = {}): number {
	return Date.parse(toXsdDateTime(parsed, defaults));
}
