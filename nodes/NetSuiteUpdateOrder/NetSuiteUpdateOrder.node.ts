import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { update } from './actions/update';
import { properties } from './description';

export class NetSuiteUpdateOrder implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NetSuite Update Order',
		name: 'netSuiteUpdateOrder',
		icon: { light: 'file:netSuiteUpdateOrder.svg', dark: 'file:netSuiteUpdateOrder.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "Fulfillment " + ($parameter["fulfillmentId"] || "") }}',
		description:
			"Record Amazon's answer in NetSuite: mark item fulfillments sent (or store Amazon's error) and set the sales order's Amazon status",
		defaults: { name: 'NetSuite Update Order' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'netSuiteApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return update.call(this);
	}
}
