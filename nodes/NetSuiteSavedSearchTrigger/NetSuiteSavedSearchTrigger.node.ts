import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { pollFulfillments } from './actions/poll';
import { properties } from './description';
import { searchSavedSearches } from './methods/listSearch';

export class NetSuiteSavedSearchTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NetSuite Saved Search Trigger',
		name: 'netSuiteSavedSearchTrigger',
		icon: {
			light: 'file:netSuiteSavedSearchTrigger.svg',
			dark: 'file:netSuiteSavedSearchTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["source"] === "suiteql" ? "SuiteQL" : "Saved search " + ($parameter["savedSearch"].cachedResultName || $parameter["savedSearch"].value || "") }}',
		description:
			'Starts the workflow with NetSuite item fulfillments that shipped and are not yet sent to Amazon, one item per fulfillment, each once',
		defaults: { name: 'NetSuite Saved Search Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'netSuiteApi', required: true }],
		properties,
	};

	methods = { listSearch: { searchSavedSearches } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollFulfillments.call(this);
	}
}
