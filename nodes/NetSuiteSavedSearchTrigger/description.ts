import type { INodeProperties } from 'n8n-workflow';

import { buildDefaultSuiteQl } from '../../core/trigger/defaultQuery';
import { DEFAULT_FIELDS, DEFAULT_FILTERS } from '../../core/trigger/types';
import { DEFAULT_SENT_FINGERPRINT_FIELD } from '../../core/fulfillment/fingerprint';

const SAVED_SEARCH_SOURCES = ['savedSearch', 'restSavedSearch'];

/**
 * The default query with default fields, shown as the starting point of a custom query; with the
 * :afterId placeholder, so a custom query derived from it resumes after an ID too.
 */
const DEFAULT_QUERY = buildDefaultSuiteQl({
	fields: DEFAULT_FIELDS,
	filters: DEFAULT_FILTERS,
	afterIdPlaceholder: true,
});

export const properties: INodeProperties[] = [
	{
		// A manual run is a real run: the feed node sends what the trigger samples.
		displayName:
			'Execute workflow sends for real: up to 3 unsent fulfillments go to Amazon, whatever Start From says. To try without sending, first turn on Amazon Shipment Feed > Options > Preview Only.',
		name: 'manualRunNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		default: 'savedSearch',
		options: [
			{
				name: 'Saved Search (RESTlet)',
				value: 'savedSearch',
				description:
					"Runs your saved search through this package's RESTlet (deploy suitescript/amz_saved_search_restlet.js once)",
			},
			{
				name: 'Saved Search (REST API, Needs a Recent NetSuite Release)',
				value: 'restSavedSearch',
				description:
					"NetSuite's newer REST saved-search execution; not available in every account or release",
			},
			{
				name: 'SuiteQL',
				value: 'suiteql',
				description: 'A SuiteQL query; nothing to deploy in NetSuite',
			},
		],
	},
	{
		displayName:
			'Deploy the RESTlet from this package (suitescript/amz_saved_search_restlet.js) in NetSuite first; suitescript/README.md has the steps',
		name: 'restletNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { source: ['savedSearch'] } },
	},
	{
		displayName: 'Saved Search',
		name: 'savedSearch',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'An item fulfillment search, one row per line, sorted by internal ID',
		displayOptions: { show: { source: SAVED_SEARCH_SOURCES } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a saved search...',
				typeOptions: { searchListMethod: 'searchSavedSearches', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'customsearch_amz_if_to_send or 1701',
				hint: 'The internal ID or the script ID (Lists > Search > Saved Searches)',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[A-Za-z0-9_]+$',
							errorMessage: 'Use the internal ID (digits) or the script ID (customsearch_...)',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Query',
		name: 'queryMode',
		type: 'options',
		noDataExpression: true,
		default: 'default',
		displayOptions: { show: { source: ['suiteql'] } },
		options: [
			{
				name: 'Default',
				value: 'default',
				description:
					'Shipped fulfillments not yet sent, with sales order, Amazon IDs, lines and tracking, built from the field settings',
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'Your own SuiteQL returning the documented column names',
			},
		],
	},
	{
		displayName: 'SuiteQL Query',
		name: 'query',
		type: 'string',
		typeOptions: { rows: 14 },
		default: DEFAULT_QUERY,
		noDataExpression: true,
		hint: 'Return one row per fulfillment line (or line and tracking number) with the aliases fulfillment_id, line, quantity, item_id, sku, amazon_order_id, amazon_order_item_id, tracking_number, ship_date, ship_method, last_modified, sales_order_id, sales_order_number; ORDER BY fulfillment_id first and make the order unique. Keep "f.id > :afterId" in the WHERE clause: a poll that stopped at the maximum then continues after the last fulfillment it read (without it, at a row number).',
		displayOptions: { show: { source: ['suiteql'], queryMode: ['custom'] } },
	},
	{
		displayName: 'Start From',
		name: 'startFrom',
		type: 'options',
		noDataExpression: true,
		default: 'activation',
		description:
			'What the first activation emits. Renaming or copying the node starts afresh, so this keeps old fulfillments from being sent by surprise.',
		options: [
			{
				name: 'Everything Not Yet Sent',
				value: 'all',
				description: 'Every unsent fulfillment the search returns, however old',
			},
			{
				name: 'Fulfillments Changed After Activation',
				value: 'activation',
				description: 'Only fulfillments shipped or changed from now on',
			},
			{
				name: 'The Last N Days',
				value: 'lastDays',
				description:
					'Fulfillments shipped or changed in the days before activation, and everything after',
			},
		],
	},
	{
		displayName: 'Days',
		name: 'lastDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 365 },
		default: 7,
		displayOptions: { show: { startFrom: ['lastDays'] } },
	},
	{
		displayName: 'Max Fulfillments per Poll',
		name: 'maxFulfillments',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 5000 },
		default: 100,
		description:
			'The rest are emitted by the next polls. One poll makes one Amazon feed, and Amazon accepts about one feed every 2 minutes after a burst of 15: at volume use 1,000 or more.',
	},
	{
		displayName: 'Shipped Only',
		name: 'shippedOnly',
		type: 'boolean',
		default: true,
		description:
			'Whether to skip picked or packed fulfillments (when the search has a status column; the default SuiteQL filters on status C)',
	},
	{
		displayName: 'Require Tracking',
		name: 'requireTracking',
		type: 'boolean',
		default: true,
		description: 'Whether to skip fulfillments without any tracking number until one is added',
	},
	{
		displayName: 'Skip Already Sent',
		name: 'skipSent',
		type: 'boolean',
		default: true,
		description:
			'Whether to skip fulfillments whose "sent to Amazon" checkbox is ticked (the update node ticks it)',
	},
	{
		displayName: 'Sent Flag Field ID',
		name: 'sentFlagField',
		type: 'string',
		default: 'custbody_amz_ship_confirmed',
		placeholder: 'custbody_amz_ship_confirmed',
		description: 'Checkbox field on the item fulfillment that marks it as sent to Amazon',
		displayOptions: { show: { skipSent: [true] } },
	},
	{
		displayName: 'Re-Send Corrected Fulfillments',
		name: 'resendCorrections',
		type: 'boolean',
		default: false,
		description:
			'Whether to re-send fulfillments already sent whose tracking numbers, carrier or quantities changed in NetSuite after they were confirmed (NetSuite Update Order writes a fingerprint of what was sent; this compares it). With Confirm Shipment the same packages are edited on Amazon; with feeds the order is sent again with the new tracking. A saved search must then also return sent fulfillments (sent flag and fingerprint columns, e.g. criteria "sent is false OR fingerprint is not empty").',
		displayOptions: { show: { skipSent: [true] } },
	},
	{
		displayName: 'Fingerprint Field ID',
		name: 'sentFingerprintField',
		type: 'string',
		default: DEFAULT_SENT_FINGERPRINT_FIELD,
		placeholder: DEFAULT_SENT_FINGERPRINT_FIELD,
		description:
			'Free-form text field on the item fulfillment where NetSuite Update Order keeps the fingerprint of what was sent (the same field ID as in that node)',
		displayOptions: { show: { skipSent: [true], resendCorrections: [true] } },
	},
	{
		displayName: 'Correction Window (Days)',
		name: 'correctionWindowDays',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 365 },
		default: 30,
		description:
			'Sent fulfillments are checked for changes only when modified in NetSuite within this many days (default SuiteQL query), so each poll does not read all history. Amazon cancels unconfirmed orders after 30 days.',
		displayOptions: { show: { skipSent: [true], resendCorrections: [true], source: ['suiteql'] } },
	},
	{
		displayName: 'Field Mapping',
		name: 'fields',
		type: 'collection',
		placeholder: 'Change a Field',
		default: {},
		description:
			'Which NetSuite field or saved-search column holds what. Saved-search column keys are the field ID, or join.field for joined columns (e.g. createdFrom.tranid).',
		options: [
			{
				displayName: 'Amazon Order ID Field',
				name: 'amazonOrderIdField',
				type: 'string',
				default: 'custbody_celigo_etail_order_id',
				description:
					'Body field with the Amazon order ID (on the fulfillment, or createdFrom.&lt;field&gt; in a saved search)',
			},
			{
				displayName: 'Amazon Order Item ID Field',
				name: 'amazonOrderItemIdField',
				type: 'string',
				default: 'custcol_celigo_etail_order_line_id',
				description: 'Line field with the Amazon order item ID',
			},
			{
				displayName: 'Error Text Field',
				name: 'errorTextField',
				type: 'string',
				default: 'custbody_amz_ship_error',
				description:
					"Body field where NetSuite Update Order writes Amazon's error (the same field ID as there). A fulfillment Amazon refused is not emitted again until its tracking, carrier, lines, order ID or ship date change, or the error text is cleared. A saved search must return it as a column. Empty: refused fulfillments are re-sent after Re-Send Unconfirmed After.",
			},
			{
				displayName: 'Fulfillment Number Column',
				name: 'fulfillmentNumberColumn',
				type: 'string',
				default: 'tranid',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Item Column',
				name: 'itemColumn',
				type: 'string',
				default: 'item',
				description: 'Its value is the item ID, its text the SKU',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Last Modified Column',
				name: 'lastModifiedColumn',
				type: 'string',
				default: 'lastmodifieddate',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Line Column',
				name: 'lineColumn',
				type: 'string',
				default: 'line',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Marketplace ID Field',
				name: 'marketplaceIdField',
				type: 'string',
				default: '',
				placeholder: 'custbody_amz_marketplace_id',
				description:
					'Optional body field with the Amazon marketplace ID, for multi-marketplace sellers',
			},
			{
				displayName: 'Order Line Column',
				name: 'orderLineColumn',
				type: 'string',
				default: 'orderline',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Package Tracking Field',
				name: 'packageTrackingField',
				type: 'string',
				default: 'custcol_amz_package_tracking',
				description:
					"Line field with the tracking number of the line's box; makes each package's contents known. Empty if you do not keep it.",
			},
			{
				displayName: 'Quantity Column',
				name: 'quantityColumn',
				type: 'string',
				default: 'quantity',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Sales Order Column',
				name: 'salesOrderColumn',
				type: 'string',
				default: 'createdfrom',
				description: 'Its value is the sales order ID, its text "Sales Order #SO123"',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Sales Order Number Column',
				name: 'salesOrderNumberColumn',
				type: 'string',
				default: 'createdFrom.tranid',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Ship Date Column',
				name: 'shipDateColumn',
				type: 'string',
				default: 'trandate',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Ship Method Column',
				name: 'shipMethodColumn',
				type: 'string',
				default: 'shipmethod',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Status Column',
				name: 'statusColumn',
				type: 'string',
				default: 'status',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
			{
				displayName: 'Tracking Numbers Column',
				name: 'trackingNumbersColumn',
				type: 'string',
				default: 'trackingnumbers',
				description: 'Text with every tracking number, joined by &lt;BR&gt; or commas',
				displayOptions: { show: { '/source': SAVED_SEARCH_SOURCES } },
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include Raw Columns',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description:
					"Whether to add every source column to each item as raw.header and raw.lines, for expressions that need a column the item has no field for. Off keeps items small: the raw columns are about three quarters of an item, and n8n copies items between nodes and keeps each node's output until the execution ends.",
			},
			{
				displayName: 'Max Rows per Fulfillment',
				name: 'maxRowsPerFulfillment',
				type: 'number',
				typeOptions: { minValue: 100, maxValue: 99000 },
				default: 20000,
				description:
					'A fulfillment with more result rows than this (SuiteQL: lines × tracking numbers) is not sent: the trigger steps past it, writes the reason into its Error Text Field in NetSuite and goes on with the others',
			},
			{
				displayName: 'NetSuite Date Format',
				name: 'dateOrder',
				type: 'options',
				default: 'MDY',
				description:
					"The integration user's date format preference, for reading saved-search dates",
				options: [
					{ name: 'D/M/YYYY', value: 'DMY' },
					{ name: 'M/D/YYYY', value: 'MDY' },
					{ name: 'YYYY-MM-DD', value: 'YMD' },
				],
			},
			{
				displayName: 'NetSuite Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'America/Los_Angeles',
				description:
					"The integration user's time zone preference (IANA name). Empty: taken from NetSuite when the RESTlet reports it; otherwise unknown, so dates are read in the workflow's time zone and the start window reaches 27 hours before the activation (no zone difference can hide a fulfillment changed after it). A known zone narrows that to 70 minutes and is given to each item as netsuiteTimeZone.",
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 5, maxValue: 1000 },
				default: 1000,
				description: 'Rows per request to NetSuite (at most 1,000)',
			},
			{
				displayName: 'Re-Send Unconfirmed After (Hours)',
				name: 'resendAfterHours',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 24,
				description:
					'Emit a fulfillment again when it is still not marked sent and has no refusal recorded this long after it was emitted (a run that crashed, or a feed Amazon could not process). Amazon can take hours; keep it well above that.',
			},
			{
				displayName: 'RESTlet Deployment ID',
				name: 'restletDeployId',
				type: 'string',
				default: 'customdeploy_amz_saved_search',
				displayOptions: { show: { '/source': ['savedSearch'] } },
			},
			{
				displayName: 'RESTlet Script ID',
				name: 'restletScriptId',
				type: 'string',
				default: 'customscript_amz_saved_search',
				description: 'Customization > Scripting > Scripts > the RESTlet > ID (or its internal ID)',
				displayOptions: { show: { '/source': ['savedSearch'] } },
			},
		],
	},
];
