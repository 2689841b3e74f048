import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { audit } from './actions/audit';
import { auditProperties } from './description';

export class AmazonOrderAudit implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Order Audit',
		name: 'amazonOrderAudit',
		icon: { light: 'file:amazonOrderAudit.svg', dark: 'file:amazonOrderAudit.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "Audit open orders" }}',
		description:
			'Find orders NetSuite shipped that Amazon still shows unshipped, orders close to their ship-by time, and confirmations NetSuite does not show',
		defaults: { name: 'Amazon Order Audit' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
		],
		outputNames: [
			'Not Confirmed on Amazon',
			'Ship-By Closing',
			'Not Marked in NetSuite',
			'Summary',
		],
		credentials: [
			{ name: 'amazonSpApi', required: true },
			{ name: 'netSuiteApi', required: true },
		],
		properties: auditProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return audit.call(this);
	}
}
