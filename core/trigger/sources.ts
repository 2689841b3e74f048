import { NetSuiteApiError } from '../netsuite/errors';
import { SUITEQL_ROW_CAP, unexpectedResponse, type NetSuiteClient } from '../netsuite/client';
import { optionalText } from '../shared/text';
import { isValidTimeZone } from '../shared/zones';
import { keysetId } from './defaultQuery';
import { rowFromFlat, rowFromSavedSearch } from './grouping';
import type { PageReader, SourcePage } from './poll';

/**
 * Page readers for the three sources. Each reads the page that holds a given absolute row, so a
 * poll can resume in the middle of a result (and in the middle of a fulfillment's rows).
 */

export const SAVED_SEARCH_REST_PATH = '/services/rest/query/v1/savedsearch';

export interface RestletRef {
	scriptId: string;
	deployId: string;
}

export const DEFAULT_RESTLET: RestletRef = {
	scriptId: 'customscript_amz_saved_search',
	deployId: 'customdeploy_amz_saved_search',
};

export interface SavedSearchSummary {
	id: string;
	scriptId?: string;
	title: string;
	recordType?: string;
}

function checkPageSize(pageSize: number, min: number, max: number): number {
	if (!Number.isInteger(pageSize) || pageSize < min || pageSize > max) {
		throw new Error(`Page size must be a whole number from ${min} to ${max}, got ${pageSize}.`);
	}
	return pageSize;
}

/** A RESTlet answer that is not this project's protocol: usually another script behind the IDs. */
function protocolError(restlet: RestletRef, what: string): NetSuiteApiError {
	return new NetSuiteApiError({
		operation: `RESTlet call (script ${restlet.scriptId}, deployment ${restlet.deployId})`,
		code: 'UNEXPECTED_RESTLET_RESPONSE',
		detail: `The RESTlet answered without ${what}`,
		hint: 'Check that the script and deployment IDs point at suitescript/amz_saved_search_restlet.js from this package (see suitescript/README.md).',
	});
}

/** Saved search through the project's RESTlet (`action=run`). */
export function savedSearchReader(
	client: NetSuiteClient,
	restlet: RestletRef,
	searchId: string,
	pageSize = 1000,
): PageReader {
	const size = checkPageSize(pageSize, 5, 1000);
	return {
		// The RESTlet filters on internal ID > afterId; one deployed before that parameter existed
		// ignores it and pages from the top, and the poll skips what it already handled.
		keyset: true,
		async read(startRow: number, afterId?: string): Promise<SourcePage> {
			const page = Math.floor(startRow / size);
			const qs: Record<string, string | number> = { action: 'run', searchId, page, pageSize: size };
			if (afterId !== undefined) qs.afterId = afterId;
			const body = await client.restlet<{
				rows?: unknown[];
				pageCount?: number;
				timeZone?: unknown;
			}>({
				scriptId: restlet.scriptId,
				deployId: restlet.deployId,
				method: 'GET',
				qs,
				record: `saved search ${searchId}, page ${page + 1}${afterId !== undefined ? ` after fulfillment ${afterId}` : ''}`,
			});
			if (!body || typeof body !== 'object' || !Array.isArray(body.rows)) {
				throw protocolError(restlet, 'a "rows" list');
			}
			// Without the page count the first page would pass for the whole result.
			const pageCount = typeof body.pageCount === 'number' ? body.pageCount : Number.NaN;
			if (!Number.isInteger(pageCount) || pageCount < 0) {
				throw protocolError(restlet, 'a "pageCount" (whole number)');
			}
			const rows = body.rows.map(rowFromSavedSearch).slice(startRow - page * size);
			// The user's time zone preference, from a RESTlet that reports it (this package's does).
			const zone = typeof body.timeZone === 'string' ? body.timeZone.trim() : '';
			return {
				rows,
				hasMore: page + 1 < pageCount,
				...(zone && isValidTimeZone(zone) ? { timeZone: zone } : {}),
			};
		},
	};
}

/**
 * SuiteQL query, offset-paged (the query must ORDER BY a unique key, fulfillment first). A query
 * given as a function of `afterId` is a keyset query: it returns only fulfillments with a greater
 * internal ID, so a poll resumes after an ID rather than at a row.
 */
export function suiteqlReader(
	client: NetSuiteClient,
	query: string | ((afterId?: string) => string),
	pageSize = 1000,
): PageReader {
	const size = checkPageSize(pageSize, 1, 1000);
	const queryFor = typeof query === 'function' ? query : () => query;
	return {
		maxRows: SUITEQL_ROW_CAP,
		keyset: typeof query === 'function',
		async read(startRow: number, afterId?: string): Promise<SourcePage> {
			const offset = Math.floor(startRow / size) * size;
			const page = await client.suiteqlPage<Record<string, unknown>>(
				queryFor(afterId),
				size,
				offset,
			);
			return {
				rows: page.rows.map(rowFromFlat).slice(startRow - offset),
				hasMore: page.hasMore,
			};
		},
	};
}

function restSearchPath(searchId: string): string {
	const id = String(searchId ?? '').trim();
	if (!/^[A-Za-z0-9_]+$/.test(id)) {
		throw new Error(
			`Saved search "${id.slice(0, 60)}" is not valid: use its internal ID (digits) or script ID (customsearch_...).`,
		);
	}
	return `${SAVED_SEARCH_REST_PATH}/${id}/result`;
}

/** Placeholder a custom SuiteQL query may use for the keyset resume point (`f.id > :afterId`). */
const AFTER_ID_RE = /:afterId\b/g;

/**
 * A custom query with `:afterId` becomes a keyset query: the placeholder is replaced by the last
 * fulfillment ID handled (0 from the top). Without it the query is row-paged.
 */
export function customSuiteQl(query: string): string | ((afterId?: string) => string) {
	if (!query.match(AFTER_ID_RE)) return query;
	return (afterId?: string) => query.replace(AFTER_ID_RE, keysetId(afterId));
}

/** NetSuite's newer REST saved-search execution (recent releases only). */
export function restSavedSearchReader(
	client: NetSuiteClient,
	searchId: string,
	pageSize = 1000,
): PageReader {
	const size = checkPageSize(pageSize, 1, 1000);
	const url = restSearchPath(searchId);
	return {
		async read(startRow: number): Promise<SourcePage> {
			const offset = Math.floor(startRow / size) * size;
			const response = await client.request<{ items?: unknown[]; hasMore?: boolean }>({
				op: 'savedSearchRest',
				operation: 'REST saved search',
				record: `saved search ${searchId}`,
				method: 'GET',
				url,
				qs: { limit: size, offset },
			});
			const body = response.body as { items?: unknown[]; hasMore?: boolean };
			if (!body || typeof body !== 'object' || !Array.isArray(body.items)) {
				throw unexpectedResponse({
					operation: 'REST saved search',
					record: `saved search ${searchId}`,
					statusCode: response.statusCode,
					expected: 'a result page (JSON with an "items" list)',
					body: response.body,
					headers: response.headers,
				});
			}
			const items = body.items;
			const rows = items.map((item) => {
				const o = (item ?? {}) as Record<string, unknown>;
				if (o.values && typeof o.values === 'object') return rowFromSavedSearch(o);
				const row = rowFromFlat(o);
				if (o.id !== undefined && o.id !== null) row.id = String(o.id);
				return row;
			});
			return {
				rows: rows.slice(startRow - offset),
				hasMore: typeof body.hasMore === 'boolean' ? body.hasMore : items.length >= size,
			};
		},
	};
}

function matches(s: SavedSearchSummary, filter: string | undefined): boolean {
	if (!filter) return true;
	const q = filter.toLowerCase();
	return [s.title, s.scriptId ?? '', s.id].some((v) => v.toLowerCase().includes(q));
}

/** Saved searches the RESTlet's role can see (`action=list`), for the editor's picker. */
export async function listSavedSearches(
	client: NetSuiteClient,
	restlet: RestletRef,
	filter?: string,
): Promise<SavedSearchSummary[]> {
	const qs: Record<string, string> = { action: 'list' };
	if (filter) qs.q = filter;
	const body = await client.restlet<{ searches?: unknown[] }>({
		scriptId: restlet.scriptId,
		deployId: restlet.deployId,
		method: 'GET',
		qs,
	});
	if (!body || typeof body !== 'object' || !Array.isArray(body.searches)) {
		throw protocolError(restlet, 'a "searches" list');
	}
	return body.searches.map(toSummary).filter((s) => s.id && matches(s, filter));
}

/** Saved searches listed by the REST saved-search API. */
export async function listRestSavedSearches(
	client: NetSuiteClient,
	filter?: string,
): Promise<SavedSearchSummary[]> {
	const response = await client.request<{ items?: unknown[] }>({
		op: 'savedSearchRest',
		operation: 'REST saved search list',
		method: 'GET',
		url: SAVED_SEARCH_REST_PATH,
		qs: { limit: 1000 },
	});
	if (!Array.isArray(response.body?.items)) {
		throw unexpectedResponse({
			operation: 'REST saved search list',
			statusCode: response.statusCode,
			expected: 'a list of saved searches (JSON with an "items" list)',
			body: response.body,
			headers: response.headers,
		});
	}
	return response.body.items.map(toSummary).filter((s) => s.id && matches(s, filter));
}

function toSummary(raw: unknown): SavedSearchSummary {
	const o = (raw ?? {}) as Record<string, unknown>;
	const id = optionalText(o.id) ?? optionalText(o.internalId) ?? '';
	const scriptId = optionalText(o.scriptId) ?? optionalText(o.scriptid);
	return {
		id,
		scriptId,
		title: optionalText(o.title) ?? optionalText(o.name) ?? scriptId ?? id,
		recordType: optionalText(o.recordType) ?? optionalText(o.recordtype),
	};
}
