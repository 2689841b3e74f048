import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { formatInZone, isValidTimeZone, type DateOrder } from '../../core/trigger/dates';
import { buildDefaultSuiteQl } from '../../core/trigger/defaultQuery';
import {
	loadCursor,
	overlapFor,
	oversizedToReport,
	readCursor,
	startWindow,
	type CursorSettings,
} from '../../core/trigger/cursor';
import { savedSearchColumns, suiteqlColumns } from '../../core/trigger/grouping';
import {
	commitPoll,
	oversizedReason,
	runPoll,
	type OversizedFulfillment,
	type PageReader,
	type PollOutcome,
} from '../../core/trigger/poll';
import { describeEmptySample } from '../../core/trigger/emptySample';
import {
	customSuiteQl,
	DEFAULT_RESTLET,
	restSavedSearchReader,
	savedSearchReader,
	suiteqlReader,
} from '../../core/trigger/sources';
import {
	DEFAULT_FIELDS,
	type FieldSettings,
	type FilterSettings,
	type SourceKind,
	type StartFrom,
} from '../../core/trigger/types';
import { buildNetSuiteClient } from '../shared/netsuiteClient';
import { properties } from './description';
import { toNodeError } from './helpers/client';
import { searchSavedSearches } from './methods/listSearch';
import { DEFAULT_SENT_FINGERPRINT_FIELD } from '../../core/fulfillment/fingerprint';
import { text } from '../../core/shared/text';

/** n8n's default poll budget when the running version does not tell (getPollBudgetMs is new). */
const DEFAULT_POLL_BUDGET_MS = 4 * 60_000;
const SAMPLE_SIZE = 3;

function readFields(context: IPollFunctions): FieldSettings {
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

/** Stop paging this long before the budget ends, to return what was read. */
function deadlineFrom(context: IPollFunctions, now: number): number {
	const ctx = context as IPollFunctions & { getPollBudgetMs?: () => number };
	const budget = typeof ctx.getPollBudgetMs === 'function' ? Number(ctx.getPollBudgetMs()) : NaN;
	const total = Number.isFinite(budget) && budget > 0 ? budget : DEFAULT_POLL_BUDGET_MS;
	const margin = Math.min(30_000, total * 0.2);
	return now + total - margin;
}

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
		const node = this.getNode();
		const manual = this.getMode() === 'manual';
		const source = this.getNodeParameter('source', 'savedSearch') as SourceKind;
		const fields = readFields(this);
		const filters: FilterSettings = {
			shippedOnly: this.getNodeParameter('shippedOnly', true) as boolean,
			requireTracking: this.getNodeParameter('requireTracking', true) as boolean,
			skipSent: this.getNodeParameter('skipSent', true) as boolean,
		};
		if (filters.skipSent && (this.getNodeParameter('resendCorrections', false) as boolean)) {
			filters.resendCorrections = true;
			fields.sentFingerprintField = text(
				this.getNodeParameter('sentFingerprintField', DEFAULT_SENT_FINGERPRINT_FIELD),
			);
			if (!fields.sentFingerprintField) {
				throw new NodeOperationError(node, 'Sent Fingerprint Field ID is empty', {
					description: `Re-sending corrected fulfillments needs the field NetSuite Update Order writes the fingerprint to (default ${DEFAULT_SENT_FINGERPRINT_FIELD}).`,
				});
			}
		}
		const options = (this.getNodeParameter('options', {}) ?? {}) as IDataObject;
		// Empty = unknown: dates are read in the workflow's zone, and the start window reaches back
		// far enough that no zone difference can hide a fulfillment changed after the activation.
		const zoneSet = text(options.timeZone);
		const timeZone = zoneSet || this.getTimezone() || 'UTC';
		if (!isValidTimeZone(timeZone)) {
			throw new NodeOperationError(
				node,
				`NetSuite Time Zone "${timeZone}" is not a known time zone`,
				{
					description:
						'Use an IANA name such as America/New_York or Europe/London (Options > NetSuite Time Zone).',
				},
			);
		}
		const dates = { order: (text(options.dateOrder) || 'MDY') as DateOrder, timeZone };
		const pageSize = Math.min(
			1000,
			Math.max(5, Math.floor(Number(options.pageSize ?? 1000)) || 1000),
		);
		const cursorSettings: CursorSettings = {
			startFrom: this.getNodeParameter('startFrom', 'activation') as StartFrom,
			lastDays: Number(this.getNodeParameter('lastDays', 7)),
			resendAfterMs: Math.max(1, Number(options.resendAfterHours ?? 24)) * 3_600_000,
			overlapMs: overlapFor(zoneSet !== ''),
		};
		const maxRowsPerFulfillment = Math.min(
			99_000,
			Math.max(100, Math.floor(Number(options.maxRowsPerFulfillment ?? 20_000)) || 20_000),
		);
		const maxFulfillments = Math.max(
			1,
			Math.floor(Number(this.getNodeParameter('maxFulfillments', 100))),
		);

		const now = Date.now();
		const staticData = this.getWorkflowStaticData('node') as Record<string, unknown>;
		// Manual runs must not create or move the cursor (n8n would not save it anyway); they only
		// read it, to leave out what a scheduled execution of the active workflow is still sending.
		const state = manual ? undefined : loadCursor(staticData, now);
		const inFlight = manual ? readCursor(staticData) : undefined;

		const client = await buildNetSuiteClient(this, { concurrency: 1 });
		let reader: PageReader;
		let search: string;
		if (source === 'suiteql') {
			const custom = this.getNodeParameter('queryMode', 'default') === 'custom';
			const given = custom ? text(this.getNodeParameter('query', '')) : '';
			if (custom && !given) throw new NodeOperationError(node, 'The SuiteQL query is empty');
			let query: string | ((afterId?: string) => string);
			try {
				if (custom) {
					// With the :afterId placeholder the query resumes after an ID, else at a row.
					query = customSuiteQl(given);
				} else {
					// The start window goes into the query, so old history is not read on every poll.
					const notBefore = state ? startWindow(state, cursorSettings) : undefined;
					const base = {
						fields,
						filters,
						changedSince: notBefore === undefined ? undefined : formatInZone(notBefore, timeZone),
						correctionsSince: filters.resendCorrections
							? formatInZone(
									now -
										Math.max(1, Number(this.getNodeParameter('correctionWindowDays', 30)) || 30) *
											86_400_000,
									timeZone,
								)
							: undefined,
					};
					buildDefaultSuiteQl(base); // field IDs are checked now, not at the first page
					query = (afterId?: string) => buildDefaultSuiteQl({ ...base, afterId });
				}
			} catch (error) {
				throw new NodeOperationError(node, (error as Error).message, {
					description: 'Fix the field IDs under Field Mapping.',
				});
			}
			reader = suiteqlReader(client, query, pageSize);
			search = custom ? 'suiteql:custom' : 'suiteql:default';
		} else {
			search = text(this.getNodeParameter('savedSearch', '', { extractValue: true }));
			if (!search) {
				throw new NodeOperationError(node, 'No saved search selected', {
					description: 'Pick a saved search from the list, or enter its internal ID or script ID.',
				});
			}
			reader =
				source === 'restSavedSearch'
					? restSavedSearchReader(client, search, pageSize)
					: savedSearchReader(
							client,
							{
								scriptId: text(options.restletScriptId) || DEFAULT_RESTLET.scriptId,
								deployId: text(options.restletDeployId) || DEFAULT_RESTLET.deployId,
							},
							search,
							pageSize,
						);
		}

		let outcome: PollOutcome;
		try {
			outcome = await runPoll({
				reader,
				columns: source === 'suiteql' ? suiteqlColumns() : savedSearchColumns(fields),
				grouping: {
					source,
					search,
					fields,
					dates,
					netsuiteTimeZone: zoneSet || undefined,
					polledAt: new Date(now).toISOString(),
					includeRaw: options.includeRaw === true,
				},
				filters,
				cursor: cursorSettings,
				state,
				sourceKey: `${source}:${search}:${pageSize}`,
				now: () => Date.now(),
				deadline: deadlineFrom(this, now),
				maxFulfillments: manual ? SAMPLE_SIZE : maxFulfillments,
				maxRowsPerFulfillment,
				zoneFromSource: zoneSet === '',
				manual,
				inFlight,
			});
		} catch (error) {
			// The cursor is untouched: the next poll reads the same fulfillments again.
			throw toNodeError(node, error, source);
		}

		const label = (o: OversizedFulfillment) =>
			`Fulfillment ${o.fulfillmentNumber ? `${o.fulfillmentNumber} (${o.fulfillmentId})` : o.fulfillmentId}`;
		/** Stepped past for their size, and the reason could not be written to NetSuite. */
		const untold: string[] = [];
		if (!manual && state && outcome.oversized.length) {
			const due = new Set(
				oversizedToReport(
					state,
					outcome.oversized.map((o) => o.fulfillmentId),
					now,
					cursorSettings,
				),
			);
			const reported: string[] = [];
			for (const o of outcome.oversized.filter((x) => due.has(x.fulfillmentId))) {
				const reason = oversizedReason(o);
				if (!fields.errorTextField) {
					untold.push(`${label(o)}: ${reason}`);
					continue;
				}
				try {
					await client.patchRecord('itemFulfillment', o.fulfillmentId, {
						[fields.errorTextField]: reason,
					});
					reported.push(o.fulfillmentId);
				} catch (error) {
					untold.push(
						`${label(o)}: ${reason} Writing this to its ${fields.errorTextField} failed: ${(error as Error).message}`,
					);
				}
			}
			outcome.changes.reported = reported;
		}

		if (manual) {
			if (!outcome.emitted.length) {
				const { message, description } = describeEmptySample(outcome.stats, {
					errorField: fields.errorTextField,
				});
				const big = outcome.oversized.map((o) => `- ${label(o)}: ${oversizedReason(o)}`);
				throw new NodeOperationError(node, message, {
					description: [description, ...big].join('\n'),
				});
			}
		} else if (state) {
			commitPoll(state, outcome, Date.now());
		}

		if (untold.length) {
			// Stepped past either way (the cursor goes on); with nothing to emit, the error is how it
			// gets seen; otherwise the items go out and the next poll tries to write it again.
			if (!outcome.emitted.length) {
				throw new NodeOperationError(
					node,
					`${untold.length} fulfillment${untold.length === 1 ? '' : 's'} too big to send, and the reason could not be written to NetSuite`,
					{ description: untold.join('\n') },
				);
			}
			this.logger?.warn(untold.join('\n'));
		}

		if (!outcome.emitted.length) return null;
		// The fulfillment objects are this poll's own: the reason goes into them, no copy is made.
		return [
			outcome.emitted.map(({ fulfillment, reason }) => {
				if (fulfillment.source) (fulfillment.source as IDataObject).reason = reason;
				else (fulfillment as unknown as IDataObject).source = { reason };
				return { json: fulfillment as unknown as IDataObject };
			}),
		];
	}
}
