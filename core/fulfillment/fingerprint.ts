import { createHash } from 'node:crypto';

import type { Fulfillment } from './types';
import { text } from '../shared/text';

/**
 * The "sent fingerprint": a short digest of what a shipment confirmation says to the buyer —
 * tracking numbers, carrier / ship method, and quantities per line and per box. NetSuite Update
 * Order writes it onto the fulfillment when Amazon accepts it; the trigger computes it again from
 * the current NetSuite data and re-sends the fulfillment as a correction when the two differ.
 * Because it lives on the NetSuite record, corrections survive a new workflow, a cleared static
 * data or another n8n instance.
 *
 * Only NetSuite's own values go in (never the carrier table's Amazon codes or Amazon order item IDs
 * looked up at send time), so the trigger, which knows nothing of those, computes the same value.
 * Ship date, memo and our own status fields are left out: changing them is no correction Amazon
 * needs, and the update node's own writes must not look like a change.
 */

/** 16 hex digits of SHA-256: short enough for a NetSuite text field, long enough never to collide here. */
function shortDigest(material: string): string {
	return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

export const SENT_FINGERPRINT_PREFIX = 's1:';
/** Default body field (free-form text) holding it. */
export const DEFAULT_SENT_FINGERPRINT_FIELD = 'custbody_amz_sent_fingerprint';

export function sentFingerprint(
	f: Pick<Fulfillment, 'lines' | 'packages' | 'trackingNumbers' | 'shipMethod' | 'shipCarrier'>,
): string {
	const tracking = new Set<string>();
	for (const t of f.trackingNumbers ?? []) if (text(t)) tracking.add(text(t).toUpperCase());
	for (const p of f.packages ?? [])
		if (text(p.trackingNumber)) tracking.add(text(p.trackingNumber).toUpperCase());
	const lines = (f.lines ?? [])
		.map((l) => `${text(l.line)}|${text(l.sku) || text(l.itemId)}|${Number(l.quantity) || 0}`)
		.sort();
	const boxes = (f.packages ?? [])
		.map((p) => {
			const contents = (p.lines ?? [])
				.map((c) => `${text(c.line)}x${Number(c.quantity) || 0}`)
				.sort()
				.join(',');
			return `${text(p.trackingNumber).toUpperCase()}|${text(p.carrier)}|${contents}`;
		})
		.sort();
	const material = JSON.stringify([
		[...tracking].sort(),
		text(f.shipMethod),
		text(f.shipCarrier),
		lines,
		boxes,
	]);
	return SENT_FINGERPRINT_PREFIX + shortDigest(material);
}

/** True when NetSuite holds a fingerprint of ours and the fulfillment no longer matches it. */
export function changedSinceSent(
	f: Parameters<typeof sentFingerprint>[0],
	stored: string | undefined,
): boolean {
	const value = text(stored);
	if (!value.startsWith(SENT_FINGERPRINT_PREFIX)) return false;
	return value !== sentFingerprint(f);
}

/**
 * The "refused fingerprint": what Amazon was shown when it refused a fulfillment (rejected, or
 * invalid before sending). Broader than the sent fingerprint: fixing the Amazon order ID, the
 * marketplace, the ship date or an order item ID is a correction too. NetSuite Update Order writes
 * it at the start of the error text; the trigger then leaves the fulfillment alone until its
 * content no longer matches (staff corrected it) or the error text is cleared.
 */
export const REFUSED_FINGERPRINT_PREFIX = 'r1:';

export function refusedFingerprint(
	f: Pick<
		Fulfillment,
		| 'lines'
		| 'packages'
		| 'trackingNumbers'
		| 'shipMethod'
		| 'shipCarrier'
		| 'amazonOrderId'
		| 'marketplaceId'
		| 'shipDate'
	>,
): string {
	const lineIds = (f.lines ?? []).map((l) => `${text(l.line)}|${text(l.amazonOrderItemId)}`).sort();
	const material = JSON.stringify([
		sentFingerprint(f),
		text(f.amazonOrderId),
		text(f.marketplaceId),
		text(f.shipDate),
		lineIds,
	]);
	return REFUSED_FINGERPRINT_PREFIX + shortDigest(material);
}

const MARKER_RE = /^\s*\[fp:(r1:[0-9a-f]{16})\]/;

/** `[fp:r1:…] ` — put in front of the error text. */
export function refusalMarker(fingerprint: string): string {
	return `[fp:${fingerprint}] `;
}

/** The refused fingerprint at the start of an error text, if any. */
export function readRefusalMarker(errorText: string | undefined): string | undefined {
	const m = MARKER_RE.exec(errorText ?? '');
	return m ? m[1] : undefined;
}

/**
 * The trigger's content fingerprint, kept in its cursor: what Amazon would receive differently: order, ship date and method, lines, boxes and tracking.
 * NetSuite's last-modified date is left out on purpose: our own update node writes error text
 * onto the fulfillment, which must not count as news.
 */
export function contentFingerprint(f: Fulfillment): string {
	const lines = [...f.lines]
		.map((l) => [
			l.line,
			l.itemId ?? '',
			l.sku ?? '',
			l.quantity,
			l.amazonOrderItemId ?? '',
			l.orderLine ?? '',
		])
		.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
	const packages = f.packages
		.map((p) => [
			(p.trackingNumber ?? '').toUpperCase(),
			p.carrier ?? '',
			(p.lines ?? [])
				.map((l) => `${l.line}x${l.quantity}`)
				.sort()
				.join(','),
		])
		.sort((a, b) => a[0].localeCompare(b[0]));
	const material = JSON.stringify([
		f.amazonOrderId ?? '',
		f.marketplaceId ?? '',
		f.shipDate ?? '',
		f.shipMethod ?? '',
		f.shipCarrier ?? '',
		[...f.trackingNumbers].map((t) => t.toUpperCase()).sort(),
		lines,
		packages,
	]);
	return shortDigest(material);
}
