/**
 * SuiteQL over REST has no parameter binding, so every value put into a query goes through one of
 * these helpers. They reject rather than "clean" suspicious input, so a bad value is noticed.
 */

/** Oracle caps an IN list at 1,000 items. */
export const MAX_IN_LIST = 1000;

/** A string literal: single quotes doubled (SuiteQL follows Oracle SQL; backslash is not special). */
export function suiteqlString(value: string): string {
	const text = String(value);
	if (text.includes('\u0000'))
		throw new Error('A SuiteQL string value must not contain a NUL character.');
	return `'${text.replace(/'/g, "''")}'`;
}

/** A field or table name taken from configuration, e.g. `custbody_amz_sent`. */
export function suiteqlIdentifier(name: string, label = 'Field ID'): string {
	const text = String(name ?? '').trim();
	if (!/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(text)) {
		throw new Error(
			`${label} "${text.slice(0, 60)}" is not a valid NetSuite field ID: use letters, digits and "_" only, starting with a letter (e.g. custbody_amz_sent).`,
		);
	}
	return text.toLowerCase();
}

/** One internal ID, digits only. */
export function suiteqlId(value: string | number, label = 'Internal ID'): string {
	const text = String(value ?? '').trim();
	if (!/^\d{1,20}$/.test(text)) {
		throw new Error(`${label} "${text.slice(0, 60)}" is not a NetSuite internal ID (digits only).`);
	}
	return text;
}

/** The inside of an `IN (...)` list of internal IDs: digits only, 1 to 1,000 of them. */
export function suiteqlIdList(ids: ReadonlyArray<string | number>, label = 'Internal ID'): string {
	if (!ids.length)
		throw new Error(`The ${label} list is empty; an IN () list needs at least one ID.`);
	if (ids.length > MAX_IN_LIST) {
		throw new Error(
			`The ${label} list has ${ids.length} IDs; SuiteQL allows at most ${MAX_IN_LIST} in one IN list. Split it with chunkIds().`,
		);
	}
	return ids.map((id) => suiteqlId(id, label)).join(', ');
}

/** Splits a long ID list into IN-list-sized chunks. */
export function chunkIds<T>(ids: readonly T[], size = MAX_IN_LIST): T[][] {
	if (!Number.isInteger(size) || size < 1 || size > MAX_IN_LIST) {
		throw new Error(`Chunk size must be between 1 and ${MAX_IN_LIST}, got ${size}.`);
	}
	const chunks: T[][] = [];
	for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
	return chunks;
}
