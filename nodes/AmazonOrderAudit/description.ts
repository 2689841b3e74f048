import type { INodeProperties } from 'n8n-workflow';

export const auditProperties: INodeProperties[] = [
	{
		displayName:
			'Lists the merchant-fulfilled orders Amazon shows unshipped or partially shipped (and, with Check Write-Back, those it shows shipped lately), reads what NetSuite holds for them, and sends each order that needs a person to one of three outputs. Consistent orders are only counted, in the Summary. Amazon allows searchOrders a burst of 20 calls, then one every 3 minutes: 100 orders per call.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Marketplace IDs',
		name: 'marketplaceIds',
		type: 'string',
		default: '',
		placeholder: 'ATVPDKIKX0DER, A2EUQ1WTGCTBG2',
		description:
			"Comma-separated Amazon marketplace IDs of the credential's region. Empty: every marketplace of the region.",
	},
	{
		displayName: 'Ship-By Within (Hours)',
		name: 'shipByWithinHours',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 24,
		description:
			'Orders not shipped yet whose ship-by window closes within this many hours (or has closed) go to Ship-By Closing',
	},
	{
		displayName: 'Send Again',
		name: 'sendAgain',
		type: 'boolean',
		default: false,
		description:
			'Whether to put fulfillments shipped in NetSuite but not confirmed on Amazon back in the normal path: clears their sent flag and the refusal marker in their error text (which make the trigger skip them) and records why in the error text',
	},
	{
		displayName: 'Mark Sent',
		name: 'markSent',
		type: 'boolean',
		default: false,
		description:
			'Whether to tick the sent flag of fulfillments Amazon already shows confirmed (recorded in their error text). Off: they are only listed.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Amazon Order ID Field',
				name: 'amazonOrderIdField',
				type: 'string',
				default: 'custbody_celigo_etail_order_id',
				description: 'Body field of the sales order with the Amazon order ID',
			},
			{
				displayName: 'Check Write-Back',
				name: 'checkWriteBack',
				type: 'boolean',
				default: true,
				description:
					'Whether to also read orders Amazon shows shipped (changed within Write-Back Window) to find fulfillments NetSuite does not show as sent',
			},
			{
				displayName: 'Error Text Field',
				name: 'errorTextField',
				type: 'string',
				default: 'custbody_amz_ship_error',
				description: 'Body field of the fulfillment with the error text (as in the other nodes)',
			},
			{
				displayName: 'Feed ID Field',
				name: 'feedIdField',
				type: 'string',
				default: 'custbody_amz_feed_id',
				description: 'Body field of the fulfillment with the feed ID; empty: not read',
			},
			{
				displayName: 'Grace Period (Minutes)',
				name: 'graceMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 120,
				description:
					'A fulfillment shipped in NetSuite more recently than this, not sent yet, counts as in flight, not as lost',
			},
			{
				displayName: 'Look Back (Days)',
				name: 'lookbackDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 90 },
				default: 30,
				description:
					'Open orders created within this many days (Amazon cancels orders not confirmed within 30 days)',
			},
			{
				displayName: 'NetSuite Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'America/Los_Angeles',
				description:
					"The integration user's time zone preference (IANA name); empty uses the workflow's time zone",
			},
			{
				displayName: 'Orders per Page',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 100,
				description: 'Orders per searchOrders call (at most 100); NetSuite is read once per page',
			},
			{
				displayName: 'Sent Flag Field ID',
				name: 'sentFlagField',
				type: 'string',
				default: 'custbody_amz_ship_confirmed',
				description: 'Checkbox field on the item fulfillment that marks it as sent to Amazon',
			},
			{
				displayName: 'Write-Back Window (Hours)',
				name: 'writeBackHours',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 48,
				description: 'With Check Write-Back: shipped orders Amazon changed within this many hours',
			},
		],
	},
];
