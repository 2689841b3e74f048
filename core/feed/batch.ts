import type { SentPackage } from '../fulfillment/types';
import type { DateTimeDefaults } from './dates';
import {
	FLAT_FILE_CONTENT_TYPE,
	flatFileHeader,
	pushFlatFileRows,
	type ShipFromAddress,
} from './flatFileFeed';
import type { PlannedShipment } from './shipments';
import {
	checkXmlFeedOptions,
	pushXmlMessage,
	XML_CONTENT_TYPE,
	XML_FOOTER,
	xmlHeader,
	type FeedShipment,
} from './xmlFeed';

export type FeedType = 'POST_ORDER_FULFILLMENT_DATA' | 'POST_FLAT_FILE_FULFILLMENT_DATA';

/** Amazon's best-practice ceiling per feed document (reference §1). */
export const DEFAULT_MAX_FEED_BYTES = 10 * 1024 * 1024;

/** What batching needs of a validated fulfillment (`PreparedFulfillment` fits). */
export interface BatchFulfillment {
	/** Unique per run (the NetSuite internal id); results are mapped back by it. */
	key: string;
	marketplaceId: string;
	amazonOrderId: string;
	/** Defaults to `key`. */
	merchantFulfillmentId?: string;
	shipments: PlannedShipment[];
}

export interface BatchOptions {
	feedType?: FeedType;
	/** Header/MerchantIdentifier (XML only). */
	merchantIdentifier?: string;
	/** Split a marketplace's documents before they pass this many UTF-8 bytes. */
	maxBytes?: number;
	dateDefaults?: DateTimeDefaults;
	/** Flat file only: ship-from columns (full template). */
	shipFrom?: ShipFromAddress;
}

/** Where one XML message or flat-file row came from. */
export interface FeedMessageRef {
	/** XML MessageID, or flat-file data row number (1 = first row after the header). */
	messageId: number;
	fulfillmentKey: string;
	packageId?: string;
	amazonOrderId: string;
	/** Flat file: the order item on this row. */
	amazonOrderItemId?: string;
}

export interface FeedDocument {
	marketplaceId: string;
	feedType: FeedType;
	/** Send exactly this to createFeedDocument and as the upload's Content-Type. */
	contentType: string;
	document: string;
	byteLength: number;
	messages: FeedMessageRef[];
	/** Per fulfillment, the packages as sent (with their MessageID / first row number). */
	fulfillments: Array<{ key: string; packages: SentPackage[] }>;
	/** One fulfillment alone is larger than `maxBytes`; it is sent on its own rather than dropped. */
	exceedsLimit?: boolean;
}

interface Rendered {
	parts: string[];
	bytes: number;
	messages: FeedMessageRef[];
	packages: SentPackage[];
	count: number;
}

function utf8Bytes(parts: string[]): number {
	let n = 0;
	for (const p of parts) n += Buffer.byteLength(p, 'utf8');
	return n;
}

/**
 * Groups fulfillments by marketplace (one feed per marketplace: Amazon refuses or mis-handles
 * multi-marketplace feeds), numbers messages 1..n per document, and starts a new document only
 * when the next fulfillment would pass `maxBytes`. All packages of a fulfillment go into the same
 * document, so a fulfillment's outcome comes from one processing report. Linear: each fulfillment
 * is rendered once, twice when it opens a new document (its MessageIDs change).
 */
export function buildFeedDocuments(
	fulfillments: readonly BatchFulfillment[],
	options: BatchOptions = {},
): FeedDocument[] {
	const feedType: FeedType = options.feedType ?? 'POST_ORDER_FULFILLMENT_DATA';
	const isXml = feedType === 'POST_ORDER_FULFILLMENT_DATA';
	const maxBytes = options.maxBytes ?? DEFAULT_MAX_FEED_BYTES;
	const xmlOptions = {
		merchantIdentifier: options.merchantIdentifier ?? '',
		dateDefaults: options.dateDefaults,
	};
	if (isXml) checkXmlFeedOptions(xmlOptions);
	const head = isXml
		? xmlHeader(xmlOptions.merchantIdentifier)
		: flatFileHeader({ shipFrom: options.shipFrom });
	const foot = isXml ? XML_FOOTER : '';
	const fixedBytes = utf8Bytes([head, foot]);

	const render = (f: BatchFulfillment, firstId: number): Rendered => {
		const parts: string[] = [];
		const messages: FeedMessageRef[] = [];
		const packages: SentPackage[] = [];
		let id = firstId;
		for (const shipment of f.shipments) {
			const entry: FeedShipment = {
				amazonOrderId: f.amazonOrderId,
				merchantFulfillmentId: f.merchantFulfillmentId ?? f.key,
				shipment,
			};
			packages.push({ messageId: id, ...shipment });
			if (isXml) {
				pushXmlMessage(parts, id, entry, xmlOptions);
				messages.push({
					messageId: id,
					fulfillmentKey: f.key,
					packageId: shipment.packageId,
					amazonOrderId: f.amazonOrderId,
				});
				id++;
			} else {
				pushFlatFileRows(parts, entry, { shipFrom: options.shipFrom });
				for (const item of shipment.items) {
					messages.push({
						messageId: id++,
						fulfillmentKey: f.key,
						packageId: shipment.packageId,
						amazonOrderId: f.amazonOrderId,
						amazonOrderItemId: item.amazonOrderItemId,
					});
				}
			}
		}
		return { parts, bytes: utf8Bytes(parts), messages, packages, count: id - firstId };
	};

	const groups = new Map<string, BatchFulfillment[]>();
	for (const f of fulfillments) {
		const group = groups.get(f.marketplaceId);
		if (group) group.push(f);
		else groups.set(f.marketplaceId, [f]);
	}

	const documents: FeedDocument[] = [];
	for (const [marketplaceId, group] of groups) {
		let parts: string[] = [head];
		let bytes = fixedBytes;
		let nextId = 1;
		let messages: FeedMessageRef[] = [];
		let sent: FeedDocument['fulfillments'] = [];
		const close = () => {
			parts.push(foot);
			const doc: FeedDocument = {
				marketplaceId,
				feedType,
				contentType: isXml ? XML_CONTENT_TYPE : FLAT_FILE_CONTENT_TYPE,
				document: parts.join(''),
				byteLength: bytes,
				messages,
				fulfillments: sent,
			};
			if (bytes > maxBytes) doc.exceedsLimit = true;
			documents.push(doc);
			parts = [head];
			bytes = fixedBytes;
			nextId = 1;
			messages = [];
			sent = [];
		};
		for (const f of group) {
			let r = render(f, nextId);
			if (messages.length > 0 && bytes + r.bytes > maxBytes) {
				close();
				r = render(f, nextId);
			}
			for (const p of r.parts) parts.push(p);
			for (const m of r.messages) messages.push(m);
			bytes += r.bytes;
			nextId += r.count;
			sent.push({ key: f.key, packages: r.packages });
		}
		if (messages.length > 0) close();
	}
	return documents;
}
