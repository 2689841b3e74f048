import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { getFeedStatus } from './actions/getFeedStatus';
import { properties } from './description';

export class AmazonFeedStatus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Feed Status',
		name: 'amazonFeedStatus',
		icon: { light: 'file:amazonFeedStatus.svg', dark: 'file:amazonFeedStatus.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Get Feed Status" }}',
		description:
			"Get the processing status of Amazon SP-API order-fulfillment feeds and each fulfillment's result from Amazon's processing report",
		defaults: { name: 'Amazon Feed Status' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
		],
		outputNames: ['Done', 'Rejected', 'Pending', 'Failed'],
		credentials: [{ name: 'amazonSpApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'getFeedStatus') as string;
		if (operation !== 'getFeedStatus') {
			throw new NodeOperationError(this.getNode(), `The operation '${operation}' is not supported`);
		}
		return await getFeedStatus.call(this);
	}
}
