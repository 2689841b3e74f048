import type { INodeProperties } from 'n8n-workflow';

import { MARKETPLACES } from '../../../core/amazon/hosts';
import { DEFAULT_FULFILLMENT_MAPPING } from '../methods/fields';

export const CUSTOM_MARKETPLACE = 'custom';
export const FROM_ITEM_MARKETPLACE = 'fromItem';

const marketplaceOptions = [...MARKETPLACES]
	.sort((a, b) => a.name.localeCompare(b.name))
	.map((m) => ({ name: `${m.name} (${m.id})`, value: m.id }));

/** Which way shipments are confirmed: feeds (batch) or Confirm Shipment (per package). */
export const methodProperties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		noDataExpression: true,
		default: 'feed',
		options: [
			{
				name: 'Feed (Batch)',
				value: 'feed',
				description:
					'Send all items as order-fulfillment feeds, one per marketplace; Amazon reports the result later (Amazon Feed Status node)',
				action: 'Submit shipment confirmations as a feed',
			},
			{
				name: 'Confirm Shipment API (Per Package, Synchronous)',
				value: 'confirmShipment',
				description:
					'One Orders API call per package with a stable packageReferenceId: Amazon answers at once (items carry their final result), several tracking numbers per order, re-sending edits the same packages',
				action: 'Confirm shipments package by package',
			},
		],
	},
	{
		displayName: 'Look Up the Order First',
		name: 'lookUpOrder',
		type: 'boolean',
		default: false,
		displayOptions: { show: { method: ['confirmShipment'] } },
		description:
			"Whether to read each order from Amazon first (Orders API 2026-01-01, once per order): packages Amazon already has with the same tracking are not sent again, cancelled orders are rejected with the reason, orders Amazon ships itself (FBA, Easy Ship, Ship+) or that it shows shipped in full with other labels (e.g. Buy Shipping) are done without a call, lines without an Amazon order item ID are matched by SKU and remaining quantity, and each result reports the order's latest ship date and flags late confirmations",
	},
];

const showForFeed = { show: { method: ['feed'] } };

export const feedProperties: INodeProperties[] = [
	{
		displayName: 'Feed Format',
		name: 'feedType',
		type: 'options',
		noDataExpression: true,
		default: 'POST_ORDER_FULFILLMENT_DATA',
		displayOptions: showForFeed,
		options: [
			{
				name: 'XML (POST_ORDER_FULFILLMENT_DATA)',
				value: 'POST_ORDER_FULFILLMENT_DATA',
				description: 'One message per package, with the merchant fulfillment ID; recommended',
			},
			{
				name: 'Flat File (POST_FLAT_FILE_FULFILLMENT_DATA)',
				value: 'POST_FLAT_FILE_FULFILLMENT_DATA',
				description: 'Tab-separated shipping confirmation template, one row per item and package',
			},
		],
	},
	{
		displayName: 'Merchant Identifier (Seller ID)',
		name: 'merchantIdentifier',
		type: 'string',
		default: '',
		placeholder: 'From the credential',
		description:
			"Your seller ID for the XML header (Seller Central > Settings > Account Info > Business Information > Merchant Token). Empty: the Amazon credential's Seller ID is used; set it here only to override it.",
		displayOptions: { show: { method: ['feed'], feedType: ['POST_ORDER_FULFILLMENT_DATA'] } },
	},
];

export const marketplaceProperties: INodeProperties[] = [
	{
		displayName: 'Marketplace',
		name: 'marketplaceId',
		type: 'options',
		default: FROM_ITEM_MARKETPLACE,
		description:
			'Amazon marketplace of the order. Items of different marketplaces go into separate feeds. An expression may give an ID or a country code (US, DE, UK…).',
		options: [
			{
				name: 'From the Item (Field marketplaceId)',
				value: FROM_ITEM_MARKETPLACE,
				description:
					'The trigger fills marketplaceId when NetSuite holds it; items without one use the default marketplace',
			},
			...marketplaceOptions,
			{ name: 'Other (Enter an ID)', value: CUSTOM_MARKETPLACE },
		],
	},
	{
		displayName: 'Default Marketplace',
		name: 'defaultMarketplaceId',
		type: 'options',
		default: 'ATVPDKIKX0DER',
		description: 'Marketplace for items that do not name one',
		options: marketplaceOptions,
		displayOptions: { show: { marketplaceId: [FROM_ITEM_MARKETPLACE] } },
	},
	{
		displayName: 'Marketplace ID',
		name: 'customMarketplaceId',
		type: 'string',
		default: '',
		placeholder: 'A1VC38T7YXB528',
		description: "A marketplace ID from Amazon's list that the choices above lack",
		displayOptions: { show: { marketplaceId: [CUSTOM_MARKETPLACE] } },
	},
];

export const mappingProperties: INodeProperties[] = [
	{
		displayName: 'Fulfillment Fields',
		name: 'fulfillmentFields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: DEFAULT_FULFILLMENT_MAPPING,
		required: true,
		description:
			'Where each value of the shipment confirmation comes from. The defaults read the NetSuite Saved Search Trigger’s output.',
		typeOptions: {
			resourceMapper: {
				resourceMapperMethod: 'getFulfillmentFields',
				mode: 'map',
				valuesLabel: 'Fulfillment Fields',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
			},
		},
	},
	{
		displayName: 'Lines',
		name: 'lines',
		type: 'json',
		default: '={{ $json.lines }}',
		description:
			'The shipped lines: a list of objects, each with the Amazon order item ID and the shipped quantity (field names below). Only these quantities are confirmed, so partial shipments stay partial.',
	},
	{
		displayName: 'Packages',
		name: 'packages',
		type: 'json',
		default: '={{ $json.packages }}',
		description:
			'The packages: a list of { packageId, trackingNumber, lines: [{ line, quantity }] }. When every package lists its lines, each package is sent as its own message with its own tracking number.',
	},
	{
		displayName: 'Tracking Numbers',
		name: 'trackingNumbers',
		type: 'string',
		default: '={{ $json.trackingNumbers }}',
		description:
			'A list, or text separated by commas. Used when packages do not say what is in them: the first number is sent, the others are listed in the output as not sent.',
	},
	{
		displayName: 'Line Field Names',
		name: 'lineFields',
		type: 'collection',
		placeholder: 'Change Field Name',
		default: {},
		description: 'Names of the fields inside each line object, when they differ from the trigger’s',
		options: [
			{
				displayName: 'Amazon Order Item ID Field',
				name: 'orderItemId',
				type: 'string',
				default: 'amazonOrderItemId',
				description: "Field holding Amazon's 14-digit OrderItemId",
			},
			{
				displayName: 'Quantity Field',
				name: 'quantity',
				type: 'string',
				default: 'quantity',
				description: 'Field holding the shipped quantity',
			},
			{
				displayName: 'Line Key Field',
				name: 'line',
				type: 'string',
				default: 'line',
				description: 'Field that package contents refer to (packages[].lines[].line)',
			},
		],
	},
];
