import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_SENT_FINGERPRINT_FIELD } from '../../core/fulfillment/fingerprint';

/** Shared shape of the two "additional fields" collections (sales order, item fulfillment). */
function additionalFields(name: string, displayName: string, record: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		default: {},
		description: `Further body fields to set on the ${record}, written in the same PATCH. Fields this node sets itself are not overridden.`,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field ID',
						name: 'fieldId',
						type: 'string',
						default: '',
						placeholder: 'custbody_my_field',
						description: `Script ID of a body field on the ${record} (Customization > Lists, Records & Fields)`,
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: 'text',
						options: [
							{ name: 'Checkbox', value: 'boolean', description: 'Sent as true/false' },
							{
								name: 'Clear the Field',
								value: 'clear',
								description: 'Sent as null, which empties it',
							},
							{
								name: 'List Value (Internal ID)',
								value: 'listId',
								description: 'Sent as a list reference by internal ID',
							},
							{ name: 'Number', value: 'number' },
							{
								name: 'Text',
								value: 'text',
								description: 'Sent as a string (also for dates: YYYY-MM-DD)',
							},
						],
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { hide: { type: ['clear'] } },
					},
				],
			},
		],
	};
}

export const properties: INodeProperties[] = [
	{
		displayName:
			"Writes each item's Amazon outcome: Done items are marked sent; Invalid, Rejected and Failed items get the reason written and stay unsent. The templates use two copies: NetSuite Update Order on Done, NetSuite Record Error on Invalid, Rejected and Failed. Each record is updated once per run, however many items name it.",
		name: 'wiringNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Sales Order ID',
		name: 'salesOrderId',
		type: 'string',
		default: '={{ $json.salesOrderId }}',
		description:
			'Internal ID (or eid:external ID) of the sales order. Empty: only the fulfillment is updated.',
	},
	{
		displayName: 'Item Fulfillment ID',
		name: 'fulfillmentId',
		type: 'string',
		required: true,
		default: '={{ $json.fulfillmentId }}',
		description: 'Internal ID (or eid:external ID) of the item fulfillment that was sent to Amazon',
	},
	{
		displayName: 'Amazon Outcome',
		name: 'outcome',
		type: 'string',
		default: '={{ $json.amazon?.result?.outcome }}',
		description:
			'One of accepted, acceptedWithWarnings, rejected, failed, invalid (pending is refused). The Feed Status node puts it in amazon.result.outcome.',
	},
	{
		displayName: 'Items Without Outcome',
		name: 'missingOutcome',
		type: 'options',
		default: 'error',
		options: [
			{
				name: 'Refuse (Error)',
				value: 'error',
				description: 'Safer: nothing is marked sent unless Amazon said it accepted it',
			},
			{
				name: 'Treat as Accepted',
				value: 'accepted',
				description: 'Only when every item reaching this node was accepted by Amazon',
			},
		],
		description: 'What to do with items that carry no Amazon outcome',
	},
	{
		displayName: 'Write Mode',
		name: 'writeMode',
		type: 'options',
		default: 'patch',
		options: [
			{
				name: 'REST PATCH',
				value: 'patch',
				description:
					'One REST request per record; nothing to deploy. Fine up to a few hundred fulfillments a day.',
			},
			{
				name: 'RESTlet Batch',
				value: 'restlet',
				description:
					'Many records per call through the batch RESTlet (suitescript/amz_batch_update_restlet.js, deployed once): far fewer calls and far less of the account concurrency at volume',
			},
		],
		description:
			'How the records are written. Same fields and rules either way: sales orders first, the sent flag held back when the order could not be written, errors on the fulfillment.',
	},
	{
		displayName: 'Batch RESTlet Script ID',
		name: 'batchScriptId',
		type: 'string',
		default: 'customscript_amz_batch_update',
		displayOptions: { show: { writeMode: ['restlet'] } },
		description:
			"Script ID (or internal ID) of the deployed amz_batch_update_restlet.js, from the External URL's script= value",
	},
	{
		displayName: 'Batch RESTlet Deployment ID',
		name: 'batchDeployId',
		type: 'string',
		default: 'customdeploy_amz_batch_update',
		displayOptions: { show: { writeMode: ['restlet'] } },
		description: "Deployment ID (or internal ID), from the External URL's deploy= value",
	},
	{
		displayName: 'Records per Call',
		name: 'batchSize',
		type: 'number',
		default: 200,
		typeOptions: { minValue: 1, maxValue: 400 },
		displayOptions: { show: { writeMode: ['restlet'] } },
		description:
			'Records one RESTlet call writes (each costs 11 of its 5,000 governance units). The script stops early and hands back the rest when its units or time run short; the node sends that in the next call.',
	},

	// Sales order
	{
		displayName: 'Order Status Field ID',
		name: 'statusFieldId',
		type: 'string',
		default: 'custbody_amz_order_status',
		description: 'Sales order field that shows the Amazon status. Leave empty to not set a status.',
	},
	{
		displayName: 'Status Value Type',
		name: 'statusValueType',
		type: 'options',
		default: 'listName',
		displayOptions: { hide: { statusFieldId: [''] } },
		options: [
			{
				name: 'List Value by Name',
				value: 'listName',
				description: 'The names below are looked up in the custom list once per run',
			},
			{
				name: 'List Value by Internal ID',
				value: 'listId',
				description: 'The values below are list internal IDs',
			},
			{ name: 'Text', value: 'text', description: 'The field is a text field' },
		],
	},
	{
		displayName: 'Status List ID',
		name: 'statusListId',
		type: 'string',
		default: 'customlist_amz_order_status',
		displayOptions: { show: { statusValueType: ['listName'] }, hide: { statusFieldId: [''] } },
		description:
			'Script ID of the custom list behind the status field (Customization > Lists, Records & Fields > Lists)',
	},
	{
		displayName: 'Processed Value',
		name: 'processedValue',
		type: 'string',
		default: 'Fulfillment Processed',
		displayOptions: { hide: { statusFieldId: [''] } },
		description: 'Set when Amazon accepted every fulfillment of the order in this run',
	},
	{
		displayName: 'Partially Shipped Value',
		name: 'partialValue',
		type: 'string',
		default: '',
		placeholder: 'Partially Fulfilled',
		displayOptions: { hide: { statusFieldId: [''] } },
		description:
			'Optional. Set instead of the processed value while NetSuite still has unshipped quantity on the order (status Pending Fulfillment or Partially Fulfilled). Empty: such orders get the processed value.',
	},
	{
		displayName: 'Error Value',
		name: 'errorValue',
		type: 'string',
		default: '',
		placeholder: 'Error',
		displayOptions: { hide: { statusFieldId: [''] } },
		description:
			'Optional. Set when Amazon rejected a fulfillment of the order; it takes precedence over accepted ones. Empty: the order is left as it is.',
	},
	additionalFields('salesOrderFields', 'Additional Sales Order Fields', 'sales order'),

	// Item fulfillment
	{
		displayName: 'Sent Flag Field ID',
		name: 'sentFieldId',
		type: 'string',
		default: 'custbody_amz_ship_confirmed',
		required: true,
		description:
			'Checkbox on the item fulfillment that the trigger filters on. Set only when Amazon accepted the shipment, so rejected ones are sent again once corrected.',
	},
	{
		displayName: 'Feed ID Field ID',
		name: 'feedIdFieldId',
		type: 'string',
		default: 'custbody_amz_feed_id',
		description: 'Optional text field for the Amazon feed ID. Leave empty to skip.',
	},
	{
		displayName: 'Confirmation Time Field ID',
		name: 'confirmedAtFieldId',
		type: 'string',
		default: 'custbody_amz_confirmed_at',
		description:
			'Optional field for when Amazon confirmed the shipment (ISO date-time). Leave empty to skip.',
	},
	{
		displayName: 'Error Text Field ID',
		name: 'errorFieldId',
		type: 'string',
		default: 'custbody_amz_ship_error',
		description:
			"Text field for Amazon's error message, code and hint when a shipment is rejected; cleared (or set to Amazon's warnings) when accepted. A rejected or invalid fulfillment's text starts with a fingerprint of its content ([fp:r1:…]): the trigger (Field Mapping > Error Text Field) then waits until staff change the fulfillment or clear the text. Leave empty to skip.",
	},
	additionalFields('fulfillmentFields', 'Additional Fulfillment Fields', 'item fulfillment'),

	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				default: 2,
				typeOptions: { minValue: 1, maxValue: 10 },
				description:
					"Most NetSuite requests this node runs at once. NetSuite's concurrency limit is shared by every integration on the account (5 on a shared tier without SuiteCloud Plus), so keep it low; overload answers are retried with backoff.",
			},
			{
				displayName: 'Fingerprint Field ID',
				name: 'sentFingerprintFieldId',
				type: 'string',
				default: DEFAULT_SENT_FINGERPRINT_FIELD,
				description:
					'Free-form text field on the item fulfillment (20+ characters) for a short fingerprint of its tracking numbers, carrier and quantities: written when Amazon accepts (the trigger\'s "Re-Send Corrected Fulfillments" compares it to find changes made after confirmation) and when Amazon refuses a correction (so the same correction is not sent again). Add this option in both update nodes to use corrections. Refusals of unsent fulfillments are recorded at the start of the error text in any case.',
			},
		],
	},
];
