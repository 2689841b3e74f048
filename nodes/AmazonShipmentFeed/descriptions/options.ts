import type { INodeProperties } from 'n8n-workflow';

export const optionProperties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Additional Marketplace IDs',
				name: 'additionalMarketplaceIds',
				type: 'string',
				default: '',
				placeholder: 'A1NEWMARKET123',
				description:
					'Marketplace IDs Amazon added after this version of the node (comma-separated). Any other ID the node does not know, or one of another region than the credential, sends its fulfillment to Invalid before anything is sent.',
			},
			{
				displayName: 'Allow Fulfillments Without Tracking',
				name: 'allowMissingTracking',
				type: 'boolean',
				default: false,
				description:
					'Whether to confirm a shipment that has no tracking number. Off: such fulfillments go to Invalid.',
			},
			{
				displayName: 'Attach Documents as Files',
				name: 'attachDocuments',
				type: 'boolean',
				default: false,
				description:
					'Whether to add each previewed feed document as a binary file to the first item of that feed',
				displayOptions: { show: { preview: [true] } },
			},
			{
				displayName: 'Lines Without an Amazon Order Item ID',
				name: 'linesWithoutOrderItemId',
				type: 'options',
				default: 'leaveOutNotGoods',
				description:
					'What to do with a fulfillment line that has no Amazon order item ID, such as a promo insert, service or discount line that was not sold on Amazon. Left-out lines are listed in the output (amazon.submission.notes).',
				options: [
					{
						name: 'Leave Out Every Such Line',
						value: 'leaveOutAll',
						description:
							'Confirm the other lines, whatever the item type (a line of goods left out is not confirmed to the buyer)',
					},
					{
						name: 'Leave Out Lines That Are Not Shipped Goods; Refuse Others',
						value: 'leaveOutNotGoods',
						description:
							'Leave out non-inventory, service, discount, markup, other charge (…) lines; a line of goods without the ID sends the fulfillment to Invalid',
					},
					{
						name: 'Refuse the Fulfillment',
						value: 'refuse',
						description: 'Any line without the ID sends the whole fulfillment to Invalid',
					},
				],
			},
			{
				displayName: 'Max Document Size (MiB)',
				name: 'maxDocumentSizeMiB',
				type: 'number',
				typeOptions: { minValue: 0.001, numberPrecision: 3 },
				default: 10,
				description:
					"A marketplace's feed is split only when a document would pass this size (Amazon recommends 10 MiB at most)",
			},
			{
				displayName: 'Max Rate-Limit Wait (Seconds)',
				name: 'maxRateLimitWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 600,
				description:
					'How long one call may wait for Amazon’s quota (createFeed allows a burst of 15, then one every two minutes; Confirm Shipment 2 per second, shared with the other executions for the same seller) before the feed or package fails',
			},
			{
				displayName: 'Preview Only',
				name: 'preview',
				type: 'boolean',
				default: false,
				description:
					'Whether to build the feed documents and output them without calling Amazon, to check a mapping before going live',
			},
			{
				displayName: 'Ship Time for Date-Only Dates',
				name: 'shipTime',
				type: 'string',
				default: '00:00:00',
				placeholder: '15:00:00',
				description: 'Time of day (HH:MM:SS) sent for a ship date without a time',
			},
			{
				displayName: 'Ship Time Zone',
				name: 'shipTimeZone',
				type: 'string',
				default: '',
				placeholder: 'America/Los_Angeles',
				description:
					"Time zone of the NetSuite account (IANA name, Z or ±HH:MM), in which a ship date without a zone is read, so Amazon shows the day NetSuite shows. Empty: the zone the trigger reports on each item (netsuiteTimeZone), else UTC. Either way a ship date is never sent later than now or before the order's purchase date (when the item has it).",
			},
		],
	},
];
