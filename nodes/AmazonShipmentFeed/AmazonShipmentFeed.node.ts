import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { properties } from './descriptions';
import { loadOptions, resourceMapping } from './methods';

export class AmazonShipmentFeed implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Shipment Feed',
		name: 'amazonShipmentFeed',
		icon: { light: 'file:amazonShipmentFeed.svg', dark: 'file:amazonShipmentFeed.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{ ($parameter["options"] && $parameter["options"]["preview"] ? "Preview: " : "") + ($parameter["method"] === "confirmShipment" ? "Confirm Shipment" : ($parameter["feedType"] === "POST_FLAT_FILE_FULFILLMENT_DATA" ? "Flat-file feed" : "XML feed")) }}',
		description:
			'Confirm NetSuite item fulfillments as Amazon shipments: map, validate and submit them as order-fulfillment feeds or with the Confirm Shipment API',
		defaults: { name: 'Amazon Shipment Feed' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Submitted', 'Invalid'],
		credentials: [{ name: 'amazonSpApi', required: true }],
		properties,
	};

	methods = { loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
