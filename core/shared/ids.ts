import { text } from './text';

/**
 * NetSuite internal IDs are whole numbers that arrive as text: from SuiteQL (a number), a saved
 * search, a webhook notice, or a node parameter a user typed or mapped (a spreadsheet may pad it).
 * NetSuite itself only ever hands back the plain number, but it reads a padded one as that number
 * (SuiteQL `id IN (0501)` answers row 501), so '0012' and '12' must name the same record here
 * too: compared as text, Update Order missed the status NetSuite answered for its own order and
 * Confirm Shipment did not recognise its own packages (packageReferenceId drops the zeros).
 * Anything not all digits (eid:<external ID>) is compared as it is written.
 */

/** The form an internal ID is compared in: digits without leading zeros ('0' stays '0'). */
export function internalIdKey(id: unknown): string {
	const value = text(id);
	return /^\d+$/.test(value) ? value.replace(/^0+(?=\d)/, '') : value;
}

/** The same NetSuite record: '0012' and '12' are one ID. */
export function sameInternalId(a: unknown, b: unknown): boolean {
	return internalIdKey(a) === internalIdKey(b);
}

/**
 * Sort order of internal IDs: as numbers when both are digits ('900' before '1000', of any
 * length, so no rounding above 2^53), else as text. Negative, zero or positive like Array#sort.
 */
export function compareInternalIds(a: unknown, b: unknown): number {
	const x = internalIdKey(a);
	const y = internalIdKey(b);
	if (/^\d+$/.test(x) && /^\d+$/.test(y) && x.length !== y.length) return x.length - y.length;
	return x < y ? -1 : x > y ? 1 : 0;
}
