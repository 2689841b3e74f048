import { AmazonApiError, AmazonInputError } from './errors';

/**
 * IDs that Amazon (or NetSuite, for order IDs) hands us and that we then put into a URL path. An
 * answer is not trusted to be well-formed: a feed ID of `..` would turn `/feeds/{feedId}` into
 * another endpoint, and encodeURIComponent leaves `.` alone. Each ID is checked for its real shape
 * before use.
 */

/** Feed IDs are decimal numbers (e.g. 50001, 23492394723). */
export const FEED_ID_RE = /^[0-9]{1,30}$/;

/**
 * Feed document IDs: Amazon's are `amzn1.tortuga.4.na.<uuid>.T…` and the sandbox's plain UUIDs.
 * Amazon publishes no formal pattern, so the check is the alphabet both use, starting with a letter
 * or digit, no `..`, at most 200 characters.
 */
export const DOCUMENT_ID_RE = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * Amazon order IDs as used in Orders API paths: 3-7-7 letters and digits (real ones are digits,
 * 114-1234567-1234567). The XML feed's schema allows more (XSD \w, core/feed/validate.ts), but a
 * path gets only what an order ID can really be.
 */
export const ORDER_ID_RE = /^[A-Za-z0-9]{3}-[A-Za-z0-9]{7}-[A-Za-z0-9]{7}$/;

const show = (value: string) =>
	JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

/** An ID from one of Amazon's answers that does not have its shape: the answer is refused. */
function badAnswer(operation: string, what: string, value: string, rule: string): AmazonApiError {
	return new AmazonApiError({
		operation,
		code: 'UnexpectedResponse',
		amazonMessage: `Amazon's answer holds ${what} ${show(value)}, which is not ${rule}; it was not used.`,
		hint: "Check the credential's endpoint override: the answer did not come from Amazon as expected.",
	});
}

/** A feed ID from an answer (createFeed, getFeed) or from the item (the feed node's output). */
export function checkFeedId(
	value: unknown,
	source: { operation?: string; field?: string },
): string {
	const id = String(value ?? '').trim();
	if (FEED_ID_RE.test(id)) return id;
	if (source.operation) throw badAnswer(source.operation, 'the feed ID', id, 'a number');
	throw new AmazonInputError(
		source.field ?? 'feedId',
		`Feed ID ${show(id)} is not an Amazon feed ID (digits only): pass the feedId Amazon Shipment Feed returned.`,
	);
}

/** A feed document ID from an answer (createFeedDocument, getFeed's resultFeedDocumentId). */
export function checkDocumentId(
	value: unknown,
	source: { operation?: string; field?: string },
): string {
	const id = String(value ?? '').trim();
	if (DOCUMENT_ID_RE.test(id)) return id;
	if (source.operation) {
		throw badAnswer(source.operation, 'the feed document ID', id, 'an Amazon document ID');
	}
	throw new AmazonInputError(
		source.field ?? 'feedDocumentId',
		`Feed document ID ${show(id)} is not an Amazon document ID (letters, digits, . _ -).`,
	);
}

/** An Amazon order ID about to go into an Orders API path. */
export function checkOrderId(value: unknown, field = 'orderId'): string {
	const id = String(value ?? '').trim();
	if (ORDER_ID_RE.test(id)) return id;
	throw new AmazonInputError(
		field,
		`Amazon order ID ${show(id)} is not in Amazon's format 123-1234567-1234567.`,
	);
}
