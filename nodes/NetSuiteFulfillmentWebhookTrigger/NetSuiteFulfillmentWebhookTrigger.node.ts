import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { receiveNotice } from './actions/receive';
import { properties } from './description';
import { noticeSecretTest } from './methods/credentialTest';

export class NetSuiteFulfillmentWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NetSuite Fulfillment Webhook Trigger',
		name: 'netSuiteFulfillmentWebhookTrigger',
		icon: {
			light: 'file:netSuiteFulfillmentWebhookTrigger.svg',
			dark: 'file:netSuiteFulfillmentWebhookTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: 'When a fulfillment ships',
		description:
			'Starts the workflow the moment NetSuite says an item fulfillment shipped, with the same item as the NetSuite Saved Search Trigger',
		defaults: { name: 'NetSuite Fulfillment Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'netSuiteApi', required: true },
			{ name: 'netSuiteNoticeSigningApi', required: true, testedBy: 'noticeSecretTest' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'fulfillment-notice',
			},
		],
		properties,
	};

	methods = { credentialTest: { noticeSecretTest } };

	// NetSuite has no API to register a webhook with: the URL goes into the script's parameter by
	// hand. The lifecycle methods are required all the same (n8n's webhook-lifecycle-complete rule).
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveNotice.call(this);
	}
}
