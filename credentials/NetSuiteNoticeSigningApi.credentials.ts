import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The key NetSuite's fulfillment notice script signs with. It is not sent anywhere: the webhook
 * trigger only computes the notice's HMAC with it. The node's credential test checks its strength.
 */
export class NetSuiteNoticeSigningApi implements ICredentialType {
	name = 'netSuiteNoticeSigningApi';

	displayName = 'NetSuite Notice Signing API';

	icon = 'file:netsuite.svg' as const;

	documentationUrl =
		'https://github.com/n8n-nodes-netsuite-amazon/n8n-nodes-netsuite-amazon-fulfillment#netsuite-fulfillment-webhook-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The same value as the NetSuite API Secret the fulfillment notice script signs with (Setup > Company > Preferences > API Secrets). Use a long random value, e.g. 64 hex characters; it never leaves n8n and NetSuite.',
		},
	];
}
