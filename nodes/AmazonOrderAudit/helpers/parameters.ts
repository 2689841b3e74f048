import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { MARKETPLACES, type AmazonRegion } from '../../../core/amazon/hosts';
import {
	DEFAULT_AUDIT_FIELDS,
	DEFAULT_AUDIT_SETTINGS,
	type AuditSettings,
} from '../../../core/audit';
import { text } from '../../../core/shared/text';
import { isValidTimeZone } from '../../../core/shared/zones';

function number(value: unknown, fallback: number): number {
	const n = Number(value);
	return value === undefined || value === '' || !Number.isFinite(n) ? fallback : n;
}

/** The zone NetSuite's dates are read in: the option, else the workflow's zone. */
export function readTimeZone(context: IExecuteFunctions): string {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const timeZone = text(options.timeZone) || context.getTimezone() || 'UTC';
	if (!isValidTimeZone(timeZone)) {
		throw new NodeOperationError(
			context.getNode(),
			`NetSuite Time Zone "${timeZone}" is not a known time zone`,
			{ description: 'Use an IANA name such as America/Los_Angeles, or leave it empty.' },
		);
	}
	return timeZone;
}

/** The audit's settings; with no marketplace listed, every marketplace of the credential's region. */
export function readAuditSettings(context: IExecuteFunctions, region: AmazonRegion): AuditSettings {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	let marketplaceIds = text(context.getNodeParameter('marketplaceIds', 0, ''))
		.split(/[\s,]+/)
		.filter(Boolean);
	if (!marketplaceIds.length)
		marketplaceIds = MARKETPLACES.filter((m) => m.region === region).map((m) => m.id);
	return {
		...DEFAULT_AUDIT_SETTINGS,
		marketplaceIds,
		shipByWithinHours: number(context.getNodeParameter('shipByWithinHours', 0, 24), 24),
		sendAgain: context.getNodeParameter('sendAgain', 0, false) as boolean,
		markSent: context.getNodeParameter('markSent', 0, false) as boolean,
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
}
