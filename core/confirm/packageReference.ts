import { createHash } from 'node:crypto';

import type { Fulfillment } from '../fulfillment/types';
import { internalIdKey } from '../shared/ids';

/**
 * Confirm Shipment's `packageReferenceId`: a positive number sent as a string, unique per package
 * of one order. Re-sending the same ID edits that package on Amazon instead of adding one, so the
 * ID must be a pure function of the NetSuite fulfillment and the package.
 *
 * Scheme: `<fulfillment internal id><2-digit package number>`, e.g. fulfillment 1201, package 2 →
 * "120102". For package numbers 1–99 and internal ids of up to 16 digits this is injective: two
 * different (fulfillment, package) pairs never share an ID, so no collision is possible at all,
 * within an order or across orders. The result has at most 18 digits, which fits a signed 64-bit
 * integer should Amazon parse it as one (19 digits would not always fit). NetSuite internal ids are
 * far shorter in practice (up to 10 digits).
 *
 * Only for an internal id longer than 16 digits (not seen in NetSuite) is the ID a SHA-256 of
 * fulfillment and package (52 bits) written as 18 digits with a leading 9: collisions are then
 * possible in principle (about 1 in 4.5·10^15 per pair of packages of the SAME order, the only place they would matter).
 * Feed-confirmed packages on Amazon carry Amazon-assigned IDs, which may coincide with ours only if
 * Amazon assigns 3+ digit numbers in our range; Amazon then edits "its" package, which is the same
 * shipment in practice (see the getOrder check in lookup.ts, which recognises it by tracking).
 */

export const MAX_PACKAGES_PER_FULFILLMENT = 99;
const MAX_DIRECT_ID_DIGITS = 16;

export class PackageReferenceError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'PackageReferenceError';
	}
}

/** The package's number within its fulfillment (1–99): its numeric packageId, else its position. */
export function packageNumber(
	f: Pick<Fulfillment, 'packages'>,
	packageId: string | undefined,
): number {
	const id = packageId === undefined ? '' : String(packageId).trim();
	if (/^\d{1,2}$/.test(id) && Number(id) >= 1) return Number(id);
	const packages = Array.isArray(f.packages) ? f.packages : [];
	const at = packages.findIndex((p) => String(p.packageId).trim() === id);
	// A fulfillment confirmed as one shipment (contents unknown) is package 1.
	return at >= 0 ? at + 1 : 1;
}

/**
 * The packageReferenceId for package `packageKey` (1–99) of the fulfillment with this NetSuite
 * internal id. Throws PackageReferenceError when the input cannot give a stable ID.
 */
export function packageReferenceId(fulfillmentId: string, packageKey: number | string): string {
	const id = String(fulfillmentId ?? '').trim();
	if (!/^\d+$/.test(id) || !/[1-9]/.test(id)) {
		throw new PackageReferenceError(
			'fulfillmentId',
			`Fulfillment internal id '${id.slice(0, 40)}' is not a positive number, so no stable packageReferenceId can be derived from it. Map the NetSuite internal id (digits), not the document number.`,
		);
	}
	const n = Number(packageKey);
	if (!Number.isInteger(n) || n < 1 || n > MAX_PACKAGES_PER_FULFILLMENT) {
		throw new PackageReferenceError(
			'packages',
			`Package number ${String(packageKey)} of fulfillment ${id} is outside 1–${MAX_PACKAGES_PER_FULFILLMENT}; Confirm Shipment can address at most ${MAX_PACKAGES_PER_FULFILLMENT} packages per fulfillment. Split the fulfillment in NetSuite.`,
		);
	}
	const digits = internalIdKey(id);
	if (digits.length <= MAX_DIRECT_ID_DIGITS) return `${digits}${String(n).padStart(2, '0')}`;
	const hash = createHash('sha256').update(`${digits}/${n}`).digest('hex');
	// 13 hex digits = 52 bits: exact in a JS number, and at most 16 decimal digits.
	const reduced = String(parseInt(hash.slice(0, 13), 16));
	return `9${reduced.padStart(17, '0')}`;
}

/** The fulfillment and package number a packageReferenceId of ours stands for (direct scheme only). */
export function parsePackageReferenceId(
	ref: string,
): { fulfillmentId: string; packageNumber: number } | undefined {
	const text = String(ref ?? '').trim();
	const m = /^([1-9]\d{0,15})(\d{2})$/.exec(text);
	if (!m || m[2] === '00') return undefined;
	return { fulfillmentId: m[1], packageNumber: Number(m[2]) };
}
