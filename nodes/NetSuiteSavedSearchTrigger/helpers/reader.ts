import { NodeOperationError, type IPollFunctions } from 'n8n-workflow';

import type { NetSuiteClient } from '../../../core/netsuite/client';
import { text } from '../../../core/shared/text';
import { startWindow, type CursorState } from '../../../core/trigger/cursor';
import { formatInZone } from '../../../core/trigger/dates';
import { buildDefaultSuiteQl } from '../../../core/trigger/defaultQuery';
import type { PageReader } from '../../../core/trigger/poll';
import {
	customSuiteQl,
	DEFAULT_RESTLET,
	restSavedSearchReader,
	savedSearchReader,
	suiteqlReader,
} from '../../../core/trigger/sources';
import type { TriggerSettings } from './parameters';

/** Where the rows come from, and the name the cursor keys them by. */
export interface TriggerSource {
	reader: PageReader;
	search: string;
}

function suiteqlSource(
	context: IPollFunctions,
	client: NetSuiteClient,
	settings: TriggerSettings,
	state: CursorState | undefined,
	now: number,
): TriggerSource {
	const node = context.getNode();
	const custom = context.getNodeParameter('queryMode', 'default') === 'custom';
	const given = custom ? text(context.getNodeParameter('query', '')) : '';
	if (custom && !given) throw new NodeOperationError(node, 'The SuiteQL query is empty');
	const { fields, filters, dates } = settings;
	let query: string | ((afterId?: string) => string);
	try {
		if (custom) {
			// With the :afterId placeholder the query resumes after an ID, else at a row.
			query = customSuiteQl(given);
		} else {
			// The start window goes into the query, so old history is not read on every poll.
			const notBefore = state ? startWindow(state, settings.cursor) : undefined;
			const base = {
				fields,
				filters,
				changedSince: notBefore === undefined ? undefined : formatInZone(notBefore, dates.timeZone),
				correctionsSince: filters.resendCorrections
					? formatInZone(now - settings.correctionWindowDays * 86_400_000, dates.timeZone)
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
	return {
		reader: suiteqlReader(client, query, settings.pageSize),
		search: custom ? 'suiteql:custom' : 'suiteql:default',
	};
}

/** The page reader for the chosen source: SuiteQL, the RESTlet, or REST saved search. */
export function triggerSource(
	context: IPollFunctions,
	client: NetSuiteClient,
	settings: TriggerSettings,
	state: CursorState | undefined,
	now: number,
): TriggerSource {
	if (settings.source === 'suiteql') return suiteqlSource(context, client, settings, state, now);
	const search = text(context.getNodeParameter('savedSearch', '', { extractValue: true }));
	if (!search) {
		throw new NodeOperationError(context.getNode(), 'No saved search selected', {
			description: 'Pick a saved search from the list, or enter its internal ID or script ID.',
		});
	}
	const reader =
		settings.source === 'restSavedSearch'
			? restSavedSearchReader(client, search, settings.pageSize)
			: savedSearchReader(
					client,
					{
						scriptId: settings.restlet.scriptId || DEFAULT_RESTLET.scriptId,
						deployId: settings.restlet.deployId || DEFAULT_RESTLET.deployId,
					},
					search,
					settings.pageSize,
				);
	return { reader, search };
}
