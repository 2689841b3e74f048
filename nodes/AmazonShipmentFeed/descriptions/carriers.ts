import type { INodeProperties } from 'n8n-workflow';

import { CUSTOM_CARRIER_CODE } from '../methods';

export const carrierProperties: INodeProperties[] = [
	{
		displayName: 'Carrier Mapping',
		name: 'carrierMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		default: {},
		description:
			'NetSuite ship method or carrier text → Amazon carrier. The first matching rule wins. Amazon credits valid tracking only when the carrier code matches its list exactly.',
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{
						displayName: 'Amazon Carrier Code Name or ID',
						name: 'carrierCode',
						type: 'options',
						typeOptions: {
							loadOptionsMethod: 'getCarrierCodes',
							loadOptionsDependsOn: ['carrierOptions.extraCarrierCodes'],
						},
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Carrier Name',
						name: 'carrierName',
						type: 'string',
						default: '',
						description:
							'Sent only with the code Other (max 50 characters). Empty: taken from the field chosen under Carrier Options.',
					},
					{
						displayName: 'Custom Carrier Code',
						name: 'customCarrierCode',
						type: 'string',
						default: '',
						description:
							'Exact code as Amazon lists it for your marketplace; add it under Carrier Options > Extra Carrier Codes too',
						displayOptions: { show: { carrierCode: [CUSTOM_CARRIER_CODE] } },
					},
					{
						displayName: 'NetSuite Text',
						name: 'match',
						type: 'string',
						default: '',
						placeholder: 'UPS Ground',
						description: 'Ship method (or carrier) text as NetSuite shows it',
					},
					{
						displayName: 'Shipping Method',
						name: 'shippingMethod',
						type: 'string',
						default: '',
						placeholder: 'Ground',
						description: 'Free text Amazon shows as the shipping service (max 50 characters)',
					},
				],
			},
		],
	},
	{
		displayName: 'Carrier Options',
		name: 'carrierOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Case-Insensitive Match',
				name: 'caseInsensitive',
				type: 'boolean',
				default: true,
				description: 'Whether "ups ground" matches a rule for "UPS Ground"',
			},
			{
				displayName: 'Extra Carrier Codes',
				name: 'extraCarrierCodes',
				type: 'string',
				default: '',
				placeholder: 'Evri, Hermes UK',
				description:
					"Codes Amazon lists for your marketplace that are missing from this node's list, separated by commas. Exact case and spacing.",
			},
			{
				displayName: 'Match Mode',
				name: 'matchMode',
				type: 'options',
				default: 'exact',
				options: [
					{
						name: 'Exact',
						value: 'exact',
						description: 'The NetSuite text equals the rule text',
					},
					{
						name: 'Contains',
						value: 'contains',
						description: 'The NetSuite text contains the rule text',
					},
				],
			},
			{
				displayName: 'Other Carrier Name',
				name: 'otherCarrierName',
				type: 'string',
				default: '',
				description: "Carrier name sent with 'Other' (an expression per item works)",
				displayOptions: { show: { otherCarrierNameFrom: ['custom'] } },
			},
			{
				displayName: 'Other Carrier Name From',
				name: 'otherCarrierNameFrom',
				type: 'options',
				default: 'shipMethod',
				description: "Where the carrier name comes from when the code is 'Other'",
				options: [
					{ name: 'NetSuite Ship Method', value: 'shipMethod' },
					{ name: 'NetSuite Carrier', value: 'carrier' },
					{ name: 'Custom Value', value: 'custom' },
				],
			},
			{
				displayName: 'When No Rule Matches',
				name: 'unmapped',
				type: 'options',
				default: 'other',
				options: [
					{
						name: "Send as 'Other' With a Carrier Name",
						value: 'other',
						description: 'CarrierCode Other, carrier name from the field chosen above',
					},
					{
						name: 'Refuse the Fulfillment',
						value: 'refuse',
						description: 'Route it to the Invalid output so a rule can be added first',
					},
				],
			},
		],
	},
];
