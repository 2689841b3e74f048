import type { SentPackage } from '../fulfillment/types';
import { OTHER_CARRIER_CODE } from './carrierCodes';
import { checkZoneSetting, parseShipDate, toXsdDateTime, type DateTimeDefaults } from './dates';
import { charLength, escapeXml } from './text';

/**
 * POST_ORDER_FULFILLMENT_DATA (reference §2.1): envelope, header, then one OrderFulfillment
 * message per package. Element order follows the XSD sequence. Documents are built as arrays of
 * strings joined once, so building is linear in the number of messages.
 */

export const XML_CONTENT_TYPE = 'text/xml; charset=UTF-8';
export const DOCUMENT_VERSION = '1.01';

export interface XmlFeedOptions {
	/** Seller ID / merchant token for Header/MerchantIdentifier (≤ 50 characters). */
	merchantIdentifier: string;
	/** Time and zone for date-only ship dates; default 00:00:00 UTC. */
	dateDefaults?: DateTimeDefaults;
}

/** One package confirmation with the order it belongs to. */
export interface FeedShipment {
	amazonOrderId: string;
	/** NetSuite fulfillment internal id → MerchantFulfillmentID. */
	merchantFulfillmentId?: string;
	shipment: Omit<SentPackage, 'messageId'>;
}

export function checkXmlFeedOptions(options: XmlFeedOptions): void {
	const id = (options.merchantIdentifier ?? '').trim();
	if (!id)
		throw new Error(
			'The merchant identifier (seller ID) is missing; set it in the Amazon credential or node',
		);
	if (charLength(id) > 50)
		throw new Error(
			'The merchant identifier (seller ID) is longer than 50 characters; check the credential',
		);
	const time = options.dateDefaults?.time;
	if (time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(time)) {
		throw new Error(`The default ship time '${time}' is not HH:MM:SS`);
	}
	const zone = options.dateDefaults?.zone;
	if (zone !== undefined && zone !== '' && !checkZoneSetting(zone)) {
		throw new Error(
			`The default ship time zone '${zone}' is not Z, ±HH:MM or an IANA zone such as America/Los_Angeles`,
		);
	}
}

export function xmlHeader(merchantIdentifier: string): string {
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		'<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">\n' +
		'  <Header>\n' +
		`    <DocumentVersion>${DOCUMENT_VERSION}</DocumentVersion>\n` +
		`    <MerchantIdentifier>${escapeXml(merchantIdentifier.trim())}</MerchantIdentifier>\n` +
		'  </Header>\n' +
		'  <MessageType>OrderFulfillment</MessageType>\n'
	);
}

export const XML_FOOTER = '</AmazonEnvelope>\n';

/** FulfillmentDate value for a ship date (see dates.ts for the date-only rule). */
export function fulfillmentDate(shipDate: string, defaults?: DateTimeDefaults): string {
	const parsed = parseShipDate(shipDate);
	if (!parsed)
		throw new Error(`Ship date '${shipDate}' is not a date; validate fulfillments first`);
	return toXsdDateTime(parsed, defaults);
}

/** Appends one Message to `out` (no joins here: the caller joins the whole document once). */
export function pushXmlMessage(
	out: string[],
	messageId: number,
	entry: FeedShipment,
	options: XmlFeedOptions,
): void {
	const s = entry.shipment;
	if (!s.items || s.items.length === 0) {
		// An empty Item list is read by some as "the whole order shipped": never send it by accident.
		throw new Error(`Order ${entry.amazonOrderId}, package ${s.packageId}: no items to confirm`);
	}
	out.push(
		'  <Message>\n',
		`    <MessageID>${messageId}</MessageID>\n`,
		'    <OrderFulfillment>\n',
		`      <AmazonOrderID>${escapeXml(entry.amazonOrderId)}</AmazonOrderID>\n`,
	);
	if (entry.merchantFulfillmentId) {
		out.push(
			`      <MerchantFulfillmentID>${escapeXml(entry.merchantFulfillmentId)}</MerchantFulfillmentID>\n`,
		);
	}
	out.push(
		`      <FulfillmentDate>${fulfillmentDate(s.shipDate, options.dateDefaults)}</FulfillmentDate>\n`,
		'      <FulfillmentData>\n',
		`        <CarrierCode>${escapeXml(s.carrierCode)}</CarrierCode>\n`,
	);
	// Amazon rejects CarrierName next to a listed code; it is only for Other.
	if (s.carrierCode === OTHER_CARRIER_CODE && s.carrierName) {
		out.push(`        <CarrierName>${escapeXml(s.carrierName)}</CarrierName>\n`);
	}
	if (s.shippingMethod) {
		out.push(`        <ShippingMethod>${escapeXml(s.shippingMethod)}</ShippingMethod>\n`);
	}
	if (s.trackingNumber) {
		out.push(
			`        <ShipperTrackingNumber>${escapeXml(s.trackingNumber)}</ShipperTrackingNumber>\n`,
		);
	}
	out.push('      </FulfillmentData>\n');
	for (const item of s.items) {
		out.push(
			'      <Item>\n',
			`        <AmazonOrderItemCode>${escapeXml(item.amazonOrderItemId)}</AmazonOrderItemCode>\n`,
			`        <Quantity>${item.quantity}</Quantity>\n`,
			'      </Item>\n',
		);
	}
	out.push('    </OrderFulfillment>\n', '  </Message>\n');
}
