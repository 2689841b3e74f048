import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AMAZON_REGIONS, findMarketplace, parseMarketplaceIds } from '../../../core/amazon/hosts';
import { AMAZON_CREDENTIAL_NAME } from '../../../core/amazon/settings';
import { DEFAULT_MAX_FEED_BYTES, type FeedType } from '../../../core/feed/batch';
import { CarrierMapper, type CarrierRule } from '../../../core/feed/carrierMapping';
import { checkZoneSetting, type DateTimeDefaults } from '../../../core/feed/dates';
import {
	DEFAULT_LINES_WITHOUT_ORDER_ITEM_ID,
	type LinesWithoutOrderItemId,
} from '../../../core/feed/lines';
import type { PrepareOptions } from '../../../core/feed/validate';
import type {
	Fulfillment,
	FulfillmentLine,
	FulfillmentPackage,
} from '../../../core/fulfillment/types';
import { CUSTOM_MARKETPLACE, FROM_ITEM_MARKETPLACE } from '../descriptions';
import { CUSTOM_CARRIER_CODE, splitCodes } from '../methods';
import type { FulfillmentFieldId } from '../methods/fields';
import { text } from '../../../core/shared/text';

/** Node-wide settings, read once from item 0 (they configure the batch, not one fulfillment). */
export interface RunSettings {
	method: string;
	feedType: FeedType;
	merchantIdentifier: string;
	maxBytes: number;
	dateDefaults: DateTimeDefaults;
	mapper: CarrierMapper;
	allowMissingTracking: boolean;
	linesWithoutOrderItemId: LinesWithoutOrderItemId;
	preview: boolean;
	attachDocuments: boolean;
	maxRateLimitWaitMs: number;
	otherCarrierNameFrom: 'shipMethod' | 'carrier' | 'custom';
	/** Marketplace IDs Amazon added after this package's list (Options > Additional Marketplace IDs). */
	additionalMarketplaceIds: string[];
}

export type PerItem = NonNullable<PrepareOptions['perItem']>[number];

export interface ReadItem {
	fulfillment: Fulfillment;
	perItem: PerItem;
}

/** A mapped value as text: expressions may give dates (JS Date, Luxon), which become ISO text. */
function mappedText(value: unknown): string {
	if (value !== null && typeof value === 'object') {
		const v = value as { toISO?: () => string; toISOString?: () => string };
		if (typeof v.toISO === 'function') return v.toISO();
		if (typeof v.toISOString === 'function') return v.toISOString();
		return JSON.stringify(value);
	}
	return text(value);
}

function bool(value: unknown, fallback: boolean): boolean {
	return typeof value === 'boolean' ? value : fallback;
}

function normaliseTime(value: string): string | undefined {
	const t = value.trim();
	if (/^([01]\d|2[0-3]):[0-5]\d$/.test(t)) return `${t}:00`;
	if (/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(t)) return t;
	return undefined;
}

/** True when the documents need a MerchantIdentifier (XML feeds; not flat files or Confirm Shipment). */
export function needsMerchantIdentifier(
	settings: Pick<RunSettings, 'method' | 'feedType'>,
): boolean {
	return settings.method === 'feed' && settings.feedType === 'POST_ORDER_FULFILLMENT_DATA';
}

/**
 * The seller ID for the XML header: the node's Merchant Identifier, else the credential's Seller
 * ID. Read from the credential only when the node leaves it empty and the format needs it.
 */
export async function resolveMerchantIdentifier(
	context: IExecuteFunctions,
	settings: RunSettings,
): Promise<void> {
	if (!needsMerchantIdentifier(settings) || settings.merchantIdentifier) return;
	const credentials = (await context.getCredentials(AMAZON_CREDENTIAL_NAME)) as
		| IDataObject
		| undefined;
	settings.merchantIdentifier = mappedText(credentials?.sellerId);
	if (!settings.merchantIdentifier) {
		throw new NodeOperationError(context.getNode(), 'No seller ID for the XML feed header', {
			description:
				"The XML feed's MerchantIdentifier is your seller ID (Seller Central > Settings > Account Info > Business Information > Merchant Token). Enter it in the Amazon Selling Partner API credential (Seller ID) or in this node (Merchant Identifier).",
		});
	}
}

/**
 * The credential's region, so every fulfillment's marketplace is checked before anything is sent.
 * Undefined when the credential cannot be read here (the client still checks it per call).
 */
export async function credentialRegion(context: IExecuteFunctions): Promise<string | undefined> {
	try {
		const credentials = (await context.getCredentials(AMAZON_CREDENTIAL_NAME)) as
			| IDataObject
			| undefined;
		const region = (text(credentials?.region) || 'NA').toUpperCase();
		// A wrong region is reported by the client with the credential's fix.
		return (AMAZON_REGIONS as readonly string[]).includes(region) ? region : undefined;
	} catch {
		return undefined;
	}
}

export function readSettings(context: IExecuteFunctions): RunSettings {
	const node = context.getNode();
	const method = mappedText(context.getNodeParameter('method', 0, 'feed')) || 'feed';
	const feedType = (mappedText(
		context.getNodeParameter('feedType', 0, 'POST_ORDER_FULFILLMENT_DATA'),
	) || 'POST_ORDER_FULFILLMENT_DATA') as FeedType;
	// Confirm Shipment has no feed header: the feed settings are hidden and not needed.
	const merchantIdentifier =
		method === 'feed' && feedType === 'POST_ORDER_FULFILLMENT_DATA'
			? mappedText(context.getNodeParameter('merchantIdentifier', 0, ''))
			: '';
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const carrierOptions = context.getNodeParameter('carrierOptions', 0, {}) as IDataObject;

	const sizeMiB = Number(options.maxDocumentSizeMiB ?? 10);
	if (!Number.isFinite(sizeMiB) || sizeMiB <= 0) {
		throw new NodeOperationError(
			node,
			`Max Document Size '${options.maxDocumentSizeMiB}' is not a positive number`,
			{
				description: 'Set Options > Max Document Size to a size in MiB, e.g. 10',
			},
		);
	}

	const timeText = mappedText(options.shipTime ?? '00:00:00') || '00:00:00';
	const time = normaliseTime(timeText);
	if (!time) {
		throw new NodeOperationError(node, `Ship Time '${timeText}' is not a time of day`, {
			description: 'Enter it as HH:MM:SS, e.g. 15:00:00',
		});
	}
	// Empty: each item's netsuiteTimeZone (from the trigger), else UTC; ship dates are clamped anyway.
	const zoneText = mappedText(options.shipTimeZone ?? '');
	const zone = zoneText ? checkZoneSetting(zoneText) : '';
	if (zone === undefined) {
		throw new NodeOperationError(node, `Ship Time Zone '${zoneText}' is not a time zone`, {
			description:
				"Enter the NetSuite account's IANA zone such as America/Los_Angeles, Z for UTC or an offset such as -08:00; or leave it empty to use the zone the trigger reports",
		});
	}

	const rows = ((context.getNodeParameter('carrierMapping', 0, {}) as IDataObject).rule ??
		[]) as IDataObject[];
	const rules: CarrierRule[] = rows.map((row) => {
		const picked = mappedText(row.carrierCode);
		return {
			match: mappedText(row.match),
			carrierCode: picked === CUSTOM_CARRIER_CODE ? mappedText(row.customCarrierCode) : picked,
			carrierName: mappedText(row.carrierName) || undefined,
			shippingMethod: mappedText(row.shippingMethod) || undefined,
		};
	});
	const mapper = new CarrierMapper(rules, {
		caseInsensitive: bool(carrierOptions.caseInsensitive, true),
		matchMode: carrierOptions.matchMode === 'contains' ? 'contains' : 'exact',
		unmapped: carrierOptions.unmapped === 'refuse' ? 'refuse' : 'other',
		extraCarrierCodes: splitCodes(carrierOptions.extraCarrierCodes),
	});
	if (mapper.ruleProblems.length > 0) {
		// A wrong table would mis-send every matching fulfillment: stop before anything goes out.
		const first = mapper.ruleProblems[0];
		throw new NodeOperationError(node, first.message, {
			description: [
				first.fix,
				...mapper.ruleProblems.slice(1).map((p) => `${p.message}: ${p.fix}`),
			].join('. '),
		});
	}

	const from = mappedText(carrierOptions.otherCarrierNameFrom);
	const lineRule = mappedText(options.linesWithoutOrderItemId);
	return {
		method,
		feedType,
		merchantIdentifier,
		maxBytes: sizeMiB === 10 ? DEFAULT_MAX_FEED_BYTES : Math.floor(sizeMiB * 1024 * 1024),
		dateDefaults: { time, ...(zone ? { zone } : {}) },
		mapper,
		allowMissingTracking: bool(options.allowMissingTracking, false),
		linesWithoutOrderItemId:
			lineRule === 'leaveOutAll' || lineRule === 'refuse'
				? lineRule
				: DEFAULT_LINES_WITHOUT_ORDER_ITEM_ID,
		preview: bool(options.preview, false),
		attachDocuments: bool(options.attachDocuments, false),
		maxRateLimitWaitMs: Math.max(0, Number(options.maxRateLimitWaitSeconds ?? 600) || 0) * 1000,
		otherCarrierNameFrom: from === 'carrier' || from === 'custom' ? from : 'shipMethod',
		additionalMarketplaceIds: parseMarketplaceIds(text(options.additionalMarketplaceIds)),
	};
}

function asList(value: unknown, what: string): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') {
		const t = value.trim();
		if (t.startsWith('[')) {
			try {
				const parsed = JSON.parse(t) as unknown;
				if (Array.isArray(parsed)) return parsed;
			} catch {
				// Reported below with the field name.
			}
		}
	}
	throw new Error(
		`${what} is not a list (got ${typeof value === 'string' ? `'${value.slice(0, 40)}'` : typeof value})`,
	);
}

function readLines(
	value: unknown,
	names: { orderItemId: string; quantity: string; line: string },
): FulfillmentLine[] {
	return asList(value, 'Lines').map((raw, i) => {
		const row = (raw && typeof raw === 'object' ? raw : {}) as IDataObject;
		const key = row[names.line];
		const code = row[names.orderItemId];
		const line: FulfillmentLine = {
			line: key === undefined || key === null || key === '' ? String(i + 1) : String(key),
			// Kept as given: validation explains a bad quantity better than a coercion would.
			quantity: row[names.quantity] as number,
		};
		if (code !== undefined && code !== null && code !== '')
			line.amazonOrderItemId = String(code).trim();
		if (typeof row.sku === 'string') line.sku = row.sku;
		if (typeof row.itemType === 'string' && row.itemType) line.itemType = row.itemType;
		if (row.itemId !== undefined && row.itemId !== null) line.itemId = String(row.itemId);
		if (row.orderLine !== undefined && row.orderLine !== null)
			line.orderLine = String(row.orderLine);
		return line;
	});
}

function readPackages(value: unknown): FulfillmentPackage[] {
	return asList(value, 'Packages').map((raw, i) => {
		const row = (raw && typeof raw === 'object' ? raw : {}) as IDataObject;
		const pkg: FulfillmentPackage = {
			packageId:
				row.packageId === undefined || row.packageId === null || row.packageId === ''
					? String(i + 1)
					: String(row.packageId),
		};
		if (row.trackingNumber !== undefined && row.trackingNumber !== null) {
			pkg.trackingNumber = String(row.trackingNumber);
		}
		if (typeof row.carrier === 'string') pkg.carrier = row.carrier;
		if (Array.isArray(row.lines)) {
			pkg.lines = (row.lines as IDataObject[]).map((l) => ({
				line: String(l?.line ?? ''),
				quantity: l?.quantity as number,
			}));
		}
		return pkg;
	});
}

function readTracking(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.map((v) => mappedText(v)).filter(Boolean);
	const t = mappedText(value);
	if (t.startsWith('[')) {
		try {
			const parsed = JSON.parse(t) as unknown;
			if (Array.isArray(parsed)) return parsed.map((v) => mappedText(v)).filter(Boolean);
		} catch {
			// Not JSON: treat as a separated list.
		}
	}
	return t
		.split(/[,;\n]/)
		.map((v) => v.trim())
		.filter(Boolean);
}

function readMarketplace(context: IExecuteFunctions, index: number, json: IDataObject): string {
	let value = mappedText(context.getNodeParameter('marketplaceId', index, FROM_ITEM_MARKETPLACE));
	if (value === FROM_ITEM_MARKETPLACE) {
		value =
			mappedText(json.marketplaceId) ||
			mappedText(context.getNodeParameter('defaultMarketplaceId', index, 'ATVPDKIKX0DER'));
	} else if (value === CUSTOM_MARKETPLACE) {
		value = mappedText(context.getNodeParameter('customMarketplaceId', index, ''));
	}
	// Country codes are accepted for convenience; unknown IDs pass (Amazon adds marketplaces).
	return value ? (findMarketplace(value)?.id ?? value) : '';
}

/** One item's fulfillment as the mapping describes it (expressions resolved for that item). */
export function readItem(
	context: IExecuteFunctions,
	index: number,
	item: INodeExecutionData,
	settings: RunSettings,
): ReadItem {
	const mapped = (context.getNodeParameter('fulfillmentFields.value', index, {}) ?? {}) as Partial<
		Record<FulfillmentFieldId, unknown>
	>;
	const lineFields = context.getNodeParameter('lineFields', index, {}) as IDataObject;
	const names = {
		orderItemId: mappedText(lineFields.orderItemId) || 'amazonOrderItemId',
		quantity: mappedText(lineFields.quantity) || 'quantity',
		line: mappedText(lineFields.line) || 'line',
	};
	const json = item.json ?? {};
	const marketplaceId = readMarketplace(context, index, json);
	const shipMethod = mappedText(mapped.shipMethod);
	const carrier = mappedText(mapped.carrier);
	const fulfillment: Fulfillment = {
		fulfillmentId: mappedText(mapped.merchantFulfillmentId),
		...(typeof json.fulfillmentNumber === 'string'
			? { fulfillmentNumber: json.fulfillmentNumber }
			: {}),
		amazonOrderId: mappedText(mapped.amazonOrderId),
		// From the trigger's item as it is: they place the ship date in time (see resolveShipDate).
		...(typeof json.netsuiteTimeZone === 'string' && json.netsuiteTimeZone
			? { netsuiteTimeZone: json.netsuiteTimeZone }
			: {}),
		...(typeof json.purchaseDate === 'string' && json.purchaseDate
			? { purchaseDate: json.purchaseDate }
			: {}),
		...(marketplaceId ? { marketplaceId } : {}),
		shipDate: mappedText(mapped.shipDate),
		...(shipMethod ? { shipMethod } : {}),
		...(carrier ? { shipCarrier: carrier } : {}),
		lines: readLines(context.getNodeParameter('lines', index, []), names),
		packages: readPackages(context.getNodeParameter('packages', index, [])),
		trackingNumbers: readTracking(context.getNodeParameter('trackingNumbers', index, [])),
	};
	let otherCarrierName: string | undefined;
	if (settings.otherCarrierNameFrom === 'custom') {
		otherCarrierName = mappedText(
			context.getNodeParameter('carrierOptions.otherCarrierName', index, ''),
		);
	} else if (settings.otherCarrierNameFrom === 'carrier') {
		otherCarrierName = carrier || shipMethod;
	} else {
		otherCarrierName = shipMethod || carrier;
	}
	return {
		fulfillment,
		perItem: {
			...(otherCarrierName ? { otherCarrierName } : {}),
			...(mappedText(mapped.shippingMethod)
				? { shippingMethod: mappedText(mapped.shippingMethod) }
				: {}),
			...(marketplaceId ? { marketplaceId } : {}),
		},
	};
}
