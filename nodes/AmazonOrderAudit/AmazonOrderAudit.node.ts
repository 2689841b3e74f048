import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { MARKETPLACES } from '../../core/amazon/hosts';
import {
	DEFAULT_AUDIT_FIELDS,
	DEFAULT_AUDIT_SETTINGS,
	runAudit,
	type AuditSettings,
} from '../../core/audit';
import { isValidTimeZone } from '../../core/trigger/dates';
import { buildAmazonClient } from '../shared/amazonClient';
import { buildNetSuiteClient } from '../shared/netsuiteClient';
import { n8nClock } from '../shared/transport';
import { auditProperties } from './description';

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

function number(value: unknown, fallback: number): number {
	const n = Number(value);
	return value === undefined || value === '' || !Number.isFinite(n) ? fallback : n;
}

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
		// One audit per execution, whatever the number of input items: it reads Amazon, not the items.
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const timeZone = text(options.timeZone) || this.getTimezone() || 'UTC';
		if (!isValidTimeZone(timeZone)) {
			throw new NodeOperationError(
				this.getNode(),
				`NetSuite Time Zone "${timeZone}" is not a known time zone`,
				{
					description: 'Use an IANA name such as America/Los_Angeles, or leave it empty.',
				},
			);
		}
		const { client: amazon, settings: amazonSettings } = await buildAmazonClient(this);
		const netsuite = await buildNetSuiteClient(this, { concurrency: 1 });
		let marketplaceIds = text(this.getNodeParameter('marketplaceIds', 0, ''))
			.split(/[\s,]+/)
			.filter(Boolean);
		if (!marketplaceIds.length)
			marketplaceIds = MARKETPLACES.filter((m) => m.region === amazonSettings.region).map(
				(m) => m.id,
			);
		const settings: AuditSettings = {
			...DEFAULT_AUDIT_SETTINGS,
			marketplaceIds,
			shipByWithinHours: number(this.getNodeParameter('shipByWithinHours', 0, 24), 24),
			sendAgain: this.getNodeParameter('sendAgain', 0, false) as boolean,
			markSent: this.getNodeParameter('markSent', 0, false) as boolean,
			lookbackDays: number(options.lookbackDays, DEFAULT_AUDIT_SETTINGS.lookbackDays),
			graceMinutes: number(options.graceMinutes, DEFAULT_AUDIT_SETTINGS.graceMinutes),
			checkWriteBack: options.checkWriteBack === undefined ? true : Boolean(options.checkWriteBack),
			writeBackHours: number(options.writeBackHours, DEFAULT_AUDIT_SETTINGS.writeBackHours),
			pageSize: number(options.pageSize, DEFAULT_AUDIT_SETTINGS.pageSize),
			fields: {
				amazonOrderIdField:
					text(options.amazonOrderIdField) || DEFAULT_AUDIT_FIELDS.amazonOrderIdField,
				sentFlagField: text(options.sentFlagField) || DEFAULT_AUDIT_FIELDS.sentFlagField,
				errorTextField: text(options.errorTextField) || DEFAULT_AUDIT_FIELDS.errorTextField,
				feedIdField:
					options.feedIdField === undefined
						? DEFAULT_AUDIT_FIELDS.feedIdField
						: text(options.feedIdField) || undefined,
			},
		};
		let result;
		try {
			result = await runAudit(
				{
					amazon,
					netsuite,
					clock: n8nClock(this),
					dates: { order: 'YMD', timeZone },
				},
				settings,
			);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, {
				description:
					'The audit stopped before it read every order; nothing was changed in NetSuite. Run it again later (Amazon allows one searchOrders call per ~3 minutes once its burst of 20 is spent).',
			});
		}
		// Every finding comes from the one audit the first input item started.
		const out = (list: object[]) =>
			list.map((json) => ({ json: json as IDataObject, pairedItem: { item: 0 } }));
		return [
			out(result.shippedNotConfirmed),
			out(result.shipByClosing),
			out(result.confirmedNotMarked),
			out([result.summary]),
		];
	}
}
