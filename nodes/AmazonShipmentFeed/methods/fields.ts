import type { ResourceMapperField, ResourceMapperValue } from 'n8n-workflow';

/**
 * The per-fulfillment values the node maps, shown in n8n's resource mapper. Each defaults to an
 * expression on the trigger's output item (core/fulfillment/types.ts), so a workflow built from
 * the trigger works without touching the mapping.
 */
export const FULFILLMENT_FIELDS: ResourceMapperField[] = [
	{
		id: 'merchantFulfillmentId',
		displayName: 'NetSuite Fulfillment Internal ID',
		required: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
		defaultValue: '={{ $json.fulfillmentId }}',
	},
	{
		id: 'amazonOrderId',
		displayName: 'Amazon Order ID',
		required: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
		defaultValue: '={{ $json.amazonOrderId }}',
	},
	{
		id: 'shipDate',
		displayName: 'Ship Date',
		required: true,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
		defaultValue: '={{ $json.shipDate }}',
	},
	{
		id: 'shipMethod',
		displayName: 'NetSuite Ship Method (Text)',
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
		defaultValue: '={{ $json.shipMethod }}',
	},
	{
		id: 'carrier',
		displayName: 'NetSuite Carrier (Text)',
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
		defaultValue: '={{ $json.shipCarrier }}',
	},
	{
		id: 'shippingMethod',
		displayName: 'Amazon Shipping Method (Overrides the Carrier Table)',
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: 'string',
		defaultValue: '',
	},
];

export type FulfillmentFieldId =
	| 'merchantFulfillmentId'
	| 'amazonOrderId'
	| 'shipDate'
	| 'shipMethod'
	| 'carrier'
	| 'shippingMethod';

/** The parameter's default: every field pre-filled with its expression. */
export const DEFAULT_FULFILLMENT_MAPPING: ResourceMapperValue = {
	mappingMode: 'defineBelow',
	value: Object.fromEntries(
		FULFILLMENT_FIELDS.map((field) => [field.id, field.defaultValue ?? '']),
	) as ResourceMapperValue['value'],
	matchingColumns: [],
	schema: FULFILLMENT_FIELDS,
	attemptToConvertTypes: false,
	convertFieldsToString: false,
};
