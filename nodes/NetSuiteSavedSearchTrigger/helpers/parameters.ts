import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import { DEFAULT_SENT_FINGERPRINT_FIELD } from '../../../core/fulfillment/fingerprint';
import { text } from '../../../core/shared/text';
import { overlapFor, type CursorSettings } from '../../../core/trigger/cursor';
import type { DateOrder } from '../../../core/trigger/dates';
import { isValidTimeZone } from '../../../core/shared/zones';
import {
	DEFAULT_FIELDS,
	type FieldSettings,
	type FilterSettings,
	type SourceKind,
	type StartFrom,
} from '../../../core/trigger/types';

/** n8n's default poll budget when the running version does not tell (getPollBudgetMs is new). */
const DEFAULT_POLL_BUDGET_MS = 4 * 60_000;

/** Everything the trigger's parameters say, read and checked once per poll. */
export interface TriggerSettings {
	source: SourceKind;
	fields: FieldSettings;
	filters: FilterSettings;
	/** The NetSuite Time Zone option as set; '' = unknown (take it from NetSuite or overlap). */
	zoneSet: string;
	dates: { order: DateOrder; timeZone: string };
	pageSize: number;
	cursor: CursorSettings;
	maxRowsPerFulfillment: number;
	maxFulfillments: number;
	correctionWindowDays: number;
	restlet: { scriptId: string; deployId: string };
	includeRaw: boolean;
}

function readFields(context: SettingsContext): FieldSettings {
	const given = (context.getNodeParameter('fields', {}) ?? {}) as IDataObject;
	const fields = { ...DEFAULT_FIELDS };
	for (const key of Object.keys(fields) as Array<keyof FieldSettings>) {
		if (given[key] !== undefined) fields[key] = text(given[key]);
	}
	fields.sentFlagField = text(
		context.getNodeParameter('sentFlagField', DEFAULT_FIELDS.sentFlagField),
	);
	return fields;
}

function readFilters(context: SettingsContext, fields: FieldSettings): FilterSettings {
	const filters: FilterSettings = {
		shippedOnly: context.getNodeParameter('shippedOnly', true) as boolean,
		requireTracking: context.getNodeParameter('requireTracking', true) as boolean,
		skipSent: context.getNodeParameter('skipSent', true) as boolean,
	};
	if (filters.skipSent && (context.getNodeParameter('resendCorrections', false) as boolean)) {
		filters.resendCorrections = true;
		fields.sentFingerprintField = text(
			context.getNodeParameter('sentFingerprintField', DEFAULT_SENT_FINGERPRINT_FIELD),
		);
		if (!fields.sentFingerprintField) {
			throw new NodeOperationError(context.getNode(), 'Sent Fingerprint Field ID is empty', {
				description: `Re-sending corrected fulfillments needs the field NetSuite Update Order writes the fingerprint to (default ${DEFAULT_SENT_FINGERPRINT_FIELD}).`,
			});
		}
	}
	return filters;
}

/** A whole number within [min, max]; anything unreadable is the fallback. */
function bounded(value: unknown, fallback: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, Math.floor(Number(value ?? fallback)) || fallback));
}

/** What reading the settings needs from n8n (the webhook trigger reads the same parameters). */
export type SettingsContext = Pick<IPollFunctions, 'getNodeParameter' | 'getNode' | 'getTimezone'>;

export function readTriggerSettings(context: SettingsContext): TriggerSettings {
	const source = context.getNodeParameter('source', 'savedSearch') as SourceKind;
	const fields = readFields(context);
	const filters = readFilters(context, fields);
	const options = (context.getNodeParameter('options', {}) ?? {}) as IDataObject;
	// Empty = unknown: dates are read in the workflow's zone, and the start window reaches back
	// far enough that no zone difference can hide a fulfillment changed after the activation.
	const zoneSet = text(options.timeZone);
	const timeZone = zoneSet || context.getTimezone() || 'UTC';
	if (!isValidTimeZone(timeZone)) {
		throw new NodeOperationError(
			context.getNode(),
			`NetSuite Time Zone "${timeZone}" is not a known time zone`,
			{
				description:
					'Use an IANA name such as America/New_York or Europe/London (Options > NetSuite Time Zone).',
			},
		);
	}
	return {
		source,
		fields,
		filters,
		zoneSet,
		dates: { order: (text(options.dateOrder) || 'MDY') as DateOrder, timeZone },
		pageSize: bounded(options.pageSize, 1000, 5, 1000),
		cursor: {
			startFrom: context.getNodeParameter('startFrom', 'activation') as StartFrom,
			lastDays: Number(context.getNodeParameter('lastDays', 7)),
			resendAfterMs: Math.max(1, Number(options.resendAfterHours ?? 24)) * 3_600_000,
			overlapMs: overlapFor(zoneSet !== ''),
		},
		maxRowsPerFulfillment: bounded(options.maxRowsPerFulfillment, 20_000, 100, 99_000),
		maxFulfillments: Math.max(
			1,
			Math.floor(Number(context.getNodeParameter('maxFulfillments', 100))),
		),
		// Read only when it shows in the editor (Re-send Corrected Fulfillments).
		correctionWindowDays: filters.resendCorrections
			? Math.max(1, Number(context.getNodeParameter('correctionWindowDays', 30)) || 30)
			: 30,
		restlet: {
			scriptId: text(options.restletScriptId),
			deployId: text(options.restletDeployId),
		},
		includeRaw: options.includeRaw === true,
	};
}

/** Stop paging this long before the budget ends, to return what was read. */
export function deadlineFrom(context: IPollFunctions, now: number): number {
	const ctx = context as IPollFunctions & { getPollBudgetMs?: () => number };
	const budget = typeof ctx.getPollBudgetMs === 'function' ? Number(ctx.getPollBudgetMs()) : NaN;
	const total = Number.isFinite(budget) && budget > 0 ? budget : DEFAULT_POLL_BUDGET_MS;
	const margin = Math.min(30_000, total * 0.2);
	return now + total - margin;
}
