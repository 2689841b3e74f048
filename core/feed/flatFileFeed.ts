import { OTHER_CARRIER_CODE } from './carrierCodes';
import { parseShipDate } from './dates';
import { flattenTsvValue } from './text';
import type { FeedShipment } from './xmlFeed';

/**
 * POST_FLAT_FILE_FULFILLMENT_DATA (reference §2.2): tab-separated UTF-8, one row per item per
 * package. Validation refuses tabs and line breaks in values; should one get here anyway it is
 * replaced by a space (never passed through: it would shift columns or start a new row).
 */

export const FLAT_FILE_CONTENT_TYPE = 'text/tab-separated-values; charset=UTF-8';

export const FLAT_FILE_COLUMNS = [
	'order-id',
	'order-item-id',
	'quantity',
	'ship-date',
	'carrier-code',
	'carrier-name',
	'tracking-number',
	'ship-method',
] as const;

export const FLAT_FILE_SHIP_FROM_COLUMNS = [
	'transparency_code',
	'ship_from_address_name',
	'ship_from_address_line1',
	'ship_from_address_line2',
	'ship_from_address_line3',
	'ship_from_address_city',
	'ship_from_address_county',
	'ship_from_address_state_or_region',
	'ship_from_address_postalcode',
	'ship_from_address_countrycode',
] as const;

/** Ship-from address: when given, the file uses the full 18-column template. */
export interface ShipFromAddress {
	name: string;
	line1: string;
	line2?: string;
	line3?: string;
	city?: string;
	county?: string;
	stateOrRegion?: string;
	postalCode?: string;
	countryCode: string;
}

export interface FlatFileOptions {
	shipFrom?: ShipFromAddress;
}

export function flatFileHeader(options: FlatFileOptions = {}): string {
	const columns: string[] = [...FLAT_FILE_COLUMNS];
	if (options.shipFrom) columns.push(...FLAT_FILE_SHIP_FROM_COLUMNS);
	return columns.join('\t') + '\n';
}

function shipFromCells(a: ShipFromAddress): string[] {
	return [
		'',
		a.name,
		a.line1,
		a.line2 ?? '',
		a.line3 ?? '',
		a.city ?? '',
		a.county ?? '',
		a.stateOrRegion ?? '',
		a.postalCode ?? '',
		a.countryCode,
	];
}

/** Appends one row per item of the package; returns how many rows were written. */
export function pushFlatFileRows(
	out: string[],
	entry: FeedShipment,
	options: FlatFileOptions = {},
): number {
	const s = entry.shipment;
	if (!s.items || s.items.length === 0) {
		throw new Error(`Order ${entry.amazonOrderId}, package ${s.packageId}: no items to confirm`);
	}
	const parsed = parseShipDate(s.shipDate);
	if (!parsed)
		throw new Error(`Ship date '${s.shipDate}' is not a date; validate fulfillments first`);
	const tail = options.shipFrom ? shipFromCells(options.shipFrom) : [];
	for (const item of s.items) {
		const cells = [
			entry.amazonOrderId,
			item.amazonOrderItemId,
			String(item.quantity),
			parsed.date,
			s.carrierCode,
			s.carrierCode === OTHER_CARRIER_CODE ? (s.carrierName ?? '') : '',
			s.trackingNumber ?? '',
			s.shippingMethod ?? '',
			...tail,
		];
		out.push(cells.map(flattenTsvValue).join('\t') + '\n');
	}
	return s.items.length;
}
