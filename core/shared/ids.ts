import { text } from './text';

/**
 * NetSuite internal IDs are whole numbers that arrive as text: from SuiteQL (a number), a saved
 * search, a webhook notice, a node parameter typed or mapped by a user, a spreadsheet.
 * NetSuite reads an ID as a number wherever it takes one (`WHERE f.id > 0012` is `> 12`, the
 * record URL /itemFulfillment/0012 is record 12), so '0012' and '12' name the same record, and
 * every comparison here must say so too: compared as text, a poll would disagree with its own
 * query about which fulfillments lie after the resume point, and Confirm Shipment would not
 * recognise its own packages (packageReferenceId drops the zeros). Anything not all digits
 * (eid:<external ID>) is compared as it is written.
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
