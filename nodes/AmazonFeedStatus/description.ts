import type { INodeProperties } from 'n8n-workflow';

/** The panel: the one operation and its parameters. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'getFeedStatus',
		options: [
			{
				name: 'Get Feed Status',
				value: 'getFeedStatus',
				action: 'Get the status of a feed',
				description:
					'Ask Amazon how a feed is doing and, once it is done, read its processing report for every fulfillment',
			},
		],
	},
	{
		displayName:
			"Connect Pending to n8n's Wait node (70 seconds or more, so the wait is stored and holds no worker) and the Wait node back to this node. Amazon's processing report names only message IDs: each item needs the feed ID and amazon.submission.packages[].messageId that Amazon Shipment Feed adds.",
		name: 'loopNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Feed ID',
		name: 'feedId',
		type: 'string',
		default: '={{ $json.amazon?.submission?.feedId }}',
		required: true,
		placeholder: '50001000001',
		description:
			"The feed to ask Amazon about, as returned by createFeed. Items of the same feed share one status check and one report download. Each item's fulfillments are found in the report through amazon.submission.packages[].messageId.",
	},
	{
		displayName: 'Maximum Wait for Amazon (Hours)',
		name: 'maxWaitHours',
		type: 'number',
		default: 8,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		description:
			'Send items to Failed when Amazon has not finished their feed this long after it was sent (amazon.submission.submittedAt, else the first check, kept in amazon.result.firstCheckedAt). Amazon says feeds can take up to 8 hours under load. 0 means no limit.',
	},
	{
		displayName: 'Cancel Feed Still in Queue',
		name: 'cancelStuckInQueue',
		type: 'boolean',
		default: false,
		description:
			'Whether to cancel the feed when the maximum wait is exceeded and Amazon has not started it yet. Only feeds that are still IN_QUEUE can be cancelled; a feed IN_PROGRESS stays with Amazon and may still be applied.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'In-Node Wait (Seconds)',
				name: 'inNodeWaitSeconds',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, maxValue: 60 },
				description:
					'Wait up to this long inside this node for feeds that are still processing, checking every 5 seconds, before answering Pending. For small, fast feeds; longer waits belong in the Wait node, which holds no worker.',
			},
			{
				displayName: 'Maximum Checks',
				name: 'maxChecks',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description:
					'Send items to Failed at this status check of an unfinished feed (the count travels in amazon.result.attempt). 0 means only the maximum wait applies.',
			},
		],
	},
];
