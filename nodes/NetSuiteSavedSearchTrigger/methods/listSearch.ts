import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import {
	DEFAULT_RESTLET,
	listRestSavedSearches,
	listSavedSearches,
	type SavedSearchSummary,
} from '../../../core/trigger/sources';
import { buildNetSuiteClient } from '../../shared/netsuiteClient';
import { toNodeError } from '../helpers/errors';

function option(context: ILoadOptionsFunctions, name: string, fallback: string): string {
	const options = (context.getCurrentNodeParameter('options') ?? {}) as Record<string, unknown>;
	const value = options[name];
	return typeof value === 'string' && value.trim() ? value.trim() : fallback;
}

/** Saved searches for the picker: through the RESTlet (`action=list`) or the REST saved-search API. */
export async function searchSavedSearches(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const source = String(this.getCurrentNodeParameter('source') ?? 'savedSearch');
	const client = await buildNetSuiteClient(this, { concurrency: 1 });
	let searches: SavedSearchSummary[];
	try {
		searches =
			source === 'restSavedSearch'
				? await listRestSavedSearches(client, filter)
				: await listSavedSearches(
						client,
						{
							scriptId: option(this, 'restletScriptId', DEFAULT_RESTLET.scriptId),
							deployId: option(this, 'restletDeployId', DEFAULT_RESTLET.deployId),
						},
						filter,
					);
	} catch (error) {
		throw toNodeError(this.getNode(), error, source);
	}
	const appHost = /\.suitetalk\.api\.netsuite\.com$/.test(new URL(client.hosts.restBaseUrl).host)
		? `https://${client.hosts.hostId}.app.netsuite.com`
		: undefined;
	return {
		results: searches
			.filter((s) => !s.recordType || /fulfil|transaction/i.test(s.recordType))
			.sort((a, b) => a.title.localeCompare(b.title))
			.map((s) => ({
				name: s.scriptId ? `${s.title} (${s.scriptId})` : s.title,
				// The script ID survives a sandbox refresh and a bundle install; internal IDs may not.
				value: s.scriptId ?? s.id,
				url:
					appHost && /^\d+$/.test(s.id)
						? `${appHost}/app/common/search/searchresults.nl?searchid=${s.id}`
						: undefined,
			})),
	};
}
