import type { AmazonMessageResult } from '../fulfillment/types';
import type { ProcessingReport, ReportResult } from './processingReport';

/** Same shape as the contract's AmazonMessageResult, plus where it points (package, order, item). */
export interface MappedMessageResult extends AmazonMessageResult {
	packageId?: string;
	amazonOrderId?: string;
	amazonOrderItemCode?: string;
	sku?: string;
}

/** What batch.ts recorded for each message (FeedMessageRef fits). */
export interface SentMessageRef {
	messageId: number;
	fulfillmentKey: string;
	packageId?: string;
	amazonOrderId?: string;
}

export interface FulfillmentOutcome {
	fulfillmentKey: string;
	/**
	 * `unaccounted`: no error, but the report does not account for every message of this
	 * fulfillment (fewer messages processed than sent, and no Result for some of its messages).
	 */
	outcome: 'accepted' | 'acceptedWithWarnings' | 'rejected' | 'unaccounted';
	errors: MappedMessageResult[];
	warnings: MappedMessageResult[];
	messageIds: number[];
	/** Its messages the report says nothing about (set only when the report falls short). */
	unaccountedIds: number[];
	/** A sentence a seller can act on. */
	message: string;
}

export interface MappedReport {
	/** One per fulfillment in the order first seen in `messages`. */
	outcomes: FulfillmentOutcome[];
	byKey: Map<string, FulfillmentOutcome>;
	/** Results that name no message of this document (MessageID 0 or unknown). */
	unmatched: MappedMessageResult[];
	/** Inconsistencies worth showing (e.g. fewer messages processed than sent). */
	notes: string[];
	/**
	 * Whether the summary says every message sent was processed. When not, a message without a
	 * Result may never have been processed: it is unaccounted, not accepted.
	 */
	complete: boolean;
}

/** Advice for the codes and texts we know (reference §3.3). */
export function hintFor(
	code: string,
	description: string,
	resultCode: 'Error' | 'Warning',
): string | undefined {
	if (code === '18028') {
		return "Amazon cannot find this order in the feed's marketplace: check the Amazon order ID, and that the credential's region and the marketplace are the order's";
	}
	if (code === '5004' || /carrier[- ]code/i.test(description)) {
		return "The carrier code is not on Amazon's list: fix the carrier table (exact case and spacing, or 'Other' with a carrier name)";
	}
	if (/tracking (id|number).*does not match the expected format/i.test(description)) {
		return resultCode === 'Warning'
			? 'The shipment is confirmed, but Amazon doubts the tracking number: check it and the carrier code, or valid-tracking credit may be lost'
			: 'Check the tracking number and that the carrier code belongs to it';
	}
	if (/one or more items are invalid/i.test(description)) {
		return 'Amazon refused the document as a whole: usually the wrong feed type for this document or a schema problem (element order, a field that breaks the XSD); compare the document with the preview';
	}
	if (/data you submitted is incomplete or invalid/i.test(description)) {
		return 'A required field is missing or malformed in this message; compare it with the preview';
	}
	if (/invalid orderid or amazonorderid/i.test(description)) {
		return 'The Amazon order ID is wrong (spreadsheets often mangle it): copy it from Seller Central';
	}
	return undefined;
}

function toMapped(r: ReportResult, ref: SentMessageRef | undefined): MappedMessageResult {
	const out: MappedMessageResult = {
		messageId: r.messageId,
		resultCode: r.resultCode,
		code: r.code,
		description: r.description,
	};
	const hint = hintFor(r.code, r.description, r.resultCode);
	if (hint) out.hint = hint;
	if (ref?.packageId !== undefined) out.packageId = ref.packageId;
	const orderId = r.additionalInfo.amazonOrderId ?? ref?.amazonOrderId;
	if (orderId) out.amazonOrderId = orderId;
	if (r.additionalInfo.amazonOrderItemCode)
		out.amazonOrderItemCode = r.additionalInfo.amazonOrderItemCode;
	if (r.additionalInfo.sku) out.sku = r.additionalInfo.sku;
	return out;
}

function describe(r: MappedMessageResult): string {
	const where =
		r.packageId !== undefined
			? `package ${r.packageId} (message ${r.messageId})`
			: `message ${r.messageId}`;
	const code = r.code ? `${r.code} ` : '';
	return `${where}: ${code}${r.description}${r.hint ? ` (hint: ${r.hint})` : ''}`;
}

export interface MapOptions {
	/**
	 * Added to flat-file original-record-number before lookup, for reports that count the header
	 * row as record 1 (set -1 then). Default 0: record 1 = first data row.
	 */
	recordNumberOffset?: number;
	/**
	 * Messages in the whole document as sent (the feed node records it); default: the messages
	 * given. A report processing fewer, with no Result for some, leaves those unaccounted.
	 */
	sentMessageCount?: number;
}

/**
 * Maps a processing report back to fulfillments through the MessageID map of the document.
 * A message without a Result is accepted (Amazon lists only failures). A fulfillment is rejected
 * if any of its messages (packages) has an Error. Two whole-document cases override that: a
 * report whose StatusCode is Rejected, or whose summary says nothing was processed or succeeded
 * while document-level errors exist — then nothing was confirmed, and every fulfillment is rejected.
 * Linear: Maps keyed by MessageID and fulfillment.
 */
export function mapReportToFulfillments(
	report: ProcessingReport,
	messages: readonly SentMessageRef[],
	options: MapOptions = {},
): MappedReport {
	const offset = report.kind === 'flatFile' ? (options.recordNumberOffset ?? 0) : 0;
	const byMessage = new Map<number, SentMessageRef>();
	const byKey = new Map<string, FulfillmentOutcome>();
	const outcomes: FulfillmentOutcome[] = [];
	for (const m of messages) {
		byMessage.set(m.messageId, m);
		let o = byKey.get(m.fulfillmentKey);
		if (!o) {
			o = {
				fulfillmentKey: m.fulfillmentKey,
				outcome: 'accepted',
				errors: [],
				warnings: [],
				messageIds: [],
				unaccountedIds: [],
				message: '',
			};
			byKey.set(m.fulfillmentKey, o);
			outcomes.push(o);
		}
		o.messageIds.push(m.messageId);
	}

	const unmatched: MappedMessageResult[] = [];
	const notes: string[] = [];
	/** Messages of this document that have a Result (error or warning). */
	const answered = new Set<number>();
	for (const r of report.results) {
		const ref = r.messageId > 0 ? byMessage.get(r.messageId + offset) : undefined;
		const mapped = toMapped(r, ref);
		if (!ref) {
			unmatched.push(mapped);
			continue;
		}
		const o = byKey.get(ref.fulfillmentKey) as FulfillmentOutcome;
		answered.add(ref.messageId);
		(r.resultCode === 'Error' ? o.errors : o.warnings).push(mapped);
	}

	const messageCount = Math.max(byMessage.size, options.sentMessageCount ?? 0);
	const s = report.summary;
	const documentErrors = unmatched.filter((u) => u.resultCode === 'Error');
	const nothingWorked =
		(report.statusCode ?? '').toLowerCase() === 'rejected' ||
		(s !== undefined &&
			messageCount > 0 &&
			s.successful === 0 &&
			(s.processed === 0 || documentErrors.length > 0));
	// Amazon lists only failed or warned messages: silence means success only when the summary
	// says every message sent was processed.
	const complete = s !== undefined && s.processed >= messageCount;
	if (s && messageCount > 0 && s.processed !== messageCount && !nothingWorked) {
		notes.push(
			`Amazon reports ${s.processed} messages processed, but the document had ${messageCount}`,
		);
	} else if (!s && messageCount > 0 && !nothingWorked) {
		notes.push(
			'The report has no processing summary, so it does not say how many messages Amazon processed',
		);
	}
	if (unmatched.length > 0) {
		notes.push(
			`${unmatched.length} result(s) name no message of this document: ${unmatched.slice(0, 3).map(describe).join('; ')}`,
		);
	}

	for (const o of outcomes) {
		if (nothingWorked && o.errors.length === 0) {
			const cause = documentErrors[0] ?? {
				messageId: 0,
				resultCode: 'Error' as const,
				code: '',
				description:
					(report.statusCode ?? '').toLowerCase() === 'rejected'
						? 'Amazon rejected the whole document'
						: 'Amazon processed none of the messages of this document',
				hint: 'Nothing of this feed was applied: check the document (preview) and feed type, then send again',
			};
			o.errors.push({ ...cause });
		}
		if (o.errors.length > 0) {
			o.outcome = 'rejected';
			o.message = `Rejected by Amazon: ${o.errors.map(describe).join('; ')}`;
		} else if (!complete && o.messageIds.some((id) => !answered.has(id))) {
			o.unaccountedIds = o.messageIds.filter((id) => !answered.has(id));
			o.outcome = 'unaccounted';
			o.message = `Amazon's report does not account for ${o.unaccountedIds.length === 1 ? 'message' : 'messages'} ${o.unaccountedIds.join(', ')} (${s ? `${s.processed} of ${messageCount} messages processed` : 'no processing summary'}, and no result for ${o.unaccountedIds.length === 1 ? 'it' : 'them'})`;
		} else if (o.warnings.length > 0) {
			o.outcome = 'acceptedWithWarnings';
			o.message = `Accepted with warnings: ${o.warnings.map(describe).join('; ')}`;
		} else {
			o.outcome = 'accepted';
			o.message = `Accepted by Amazon (${o.messageIds.length === 1 ? 'message' : 'messages'} ${o.messageIds.join(', ')})`;
		}
	}
	return { outcomes, byKey, unmatched, notes, complete };
}
