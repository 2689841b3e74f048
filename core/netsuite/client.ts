import { ConcurrencyLimiter } from '../http/concurrency';
import { compareInternalIds } from '../shared/ids';
import {
	DEFAULT_RETRY,
	isTransientNetworkError,
	retryAfterMs,
	withRetry,
	type RetryPolicy,
} from '../http/retry';
import {
	headerValue,
	type Clock,
	type HttpMethod,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../http/transport';
import {
	NetSuiteApiError,
	netSuiteErrorFromResponse,
	netSuiteNetworkError,
	parseErrorBody,
} from './errors';
import type { NetSuiteHosts } from './hosts';

/**
 * NetSuite REST/RESTlet client. It never sees credentials: the injected transport signs each
 * attempt (in n8n via httpRequestWithAuthentication), so a retry is signed afresh.
 */

export const SUITEQL_PATH = '/services/rest/query/v1/suiteql';
export const RECORD_PATH = '/services/rest/record/v1';
export const RESTLET_PATH = '/app/site/hosting/restlet.nl';
/** SuiteQL returns at most 1,000 rows a page and 100,000 rows per query (offset paging). */
export const SUITEQL_MAX_PAGE = 1000;
export const SUITEQL_ROW_CAP = 100_000;

export interface NetSuiteClientOptions {
	transport: Transport;
	clock: Clock;
	hosts: NetSuiteHosts;
	/** Parallel requests from this client. NetSuite's limit is account-wide and shared, so keep it low. */
	concurrency?: number;
	/**
	 * The account's slots shared with every other client of the account in this process
	 * (accountSlots): a request takes one of its client's and one of these.
	 */
	accountSlots?: ConcurrencyLimiter;
	retry?: Partial<RetryPolicy>;
	timeoutMs?: number;
	/**
	 * The credential's secret values (consumer key and secret, token ID and secret, M2M client ID and
	 * private key, the access token), scrubbed from every error text in every form a server might
	 * echo them in (core/http/redact.ts). The client never uses them otherwise.
	 */
	secrets?: Array<string | undefined>;
}

export interface NetSuiteRequest extends HttpRequest {
	/** Key for `stats`, e.g. `suiteql`, `patchRecord`. */
	op: string;
	/** Words for error messages, e.g. `SuiteQL query`. Defaults to `op`. */
	operation?: string;
	/** The record concerned, for error messages, e.g. `salesOrder 123`. */
	record?: string;
	/**
	 * Whether repeating the request after an HTTP 500 is harmless (the write may have happened).
	 * Default: GET only. 429, 502–504, limit errors and no answer are retried either way.
	 */
	idempotent?: boolean;
}

export interface PatchOptions {
	/**
	 * Retry an HTTP 500 too (default true): a PATCH that sets fixed values leaves the record the same
	 * however often it is applied. Pass false for a body whose repeat would change the result.
	 */
	idempotent?: boolean;
}

export interface OperationStats {
	/** HTTP attempts sent, retries included. */
	calls: number;
	retries: number;
	failures: number;
}

export interface SuiteQlPage<T> {
	rows: T[];
	/** Offset of the first row in `rows`. */
	offset: number;
	/** Offset to ask for next. */
	nextOffset: number;
	hasMore: boolean;
	totalResults?: number;
}

export interface SuiteQlOptions<T> {
	/** Rows per request, 1–1,000 (default 1,000). */
	pageSize?: number;
	/** Row to start at; a resumeOffset from an earlier partial result. */
	offset?: number;
	/** Stop after this many rows. */
	maxRows?: number;
	/** Epoch ms: no page is started that would likely end after it; the result is then partial. */
	deadline?: number;
	/** Called for each page, in order; lets callers stream without keeping every row. */
	onPage?: (page: SuiteQlPage<T>) => void | Promise<void>;
	/** Collect rows into the result (default true). Set false with `onPage` for huge results. */
	keepRows?: boolean;
}

export type StopReason = 'end' | 'deadline' | 'maxRows' | 'rowCap';

export interface SuiteQlResult<T> {
	rows: T[];
	rowCount: number;
	/** False when stopped by deadline, maxRows or the 100,000-row cap. */
	complete: boolean;
	stopReason: StopReason;
	/** Where to continue with `offset` when not complete (offset paging). */
	resumeOffset?: number;
	totalResults?: number;
	pages: number;
}

export interface KeysetOptions<T> extends Omit<SuiteQlOptions<T>, 'offset'> {
	/** Continue after this ID (a resumeAfterId from an earlier partial result). */
	afterId?: string;
}

export interface KeysetResult<T> extends Omit<SuiteQlResult<T>, 'resumeOffset'> {
	/** Pass as `afterId` to continue when not complete. */
	resumeAfterId?: string;
}

export interface RestletCall {
	scriptId: string | number;
	deployId: string | number;
	method?: HttpMethod;
	qs?: Record<string, string | number | boolean>;
	body?: unknown;
	/** For error messages, e.g. `itemFulfillment 456`. */
	record?: string;
	/** Repeating the call is harmless (retried after a 500 too); default: only GET. */
	idempotent?: boolean;
}

export interface PatchResult {
	/** URL of the updated record from the `Location` header. */
	location?: string;
	/** Fields NetSuite ignored or found invalid (`X-NetSuite-PropertyValidation`). */
	propertyValidation: string[];
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const LIMIT_CODES = new Set(['SSS_REQUEST_LIMIT_EXCEEDED', 'CONCURRENCY_LIMIT_EXCEEDED']);

function idSegment(value: string | number, label: string): string {
	const text = String(value ?? '').trim();
	if (!/^\d+$/.test(text) && !/^eid:[A-Za-z0-9_-]+$/.test(text)) {
		throw new Error(
			`${label} "${text.slice(0, 60)}" is not valid: use the internal ID (digits) or eid:<external ID>.`,
		);
	}
	return text;
}

function recordType(value: string): string {
	const text = String(value ?? '').trim();
	if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(text)) {
		throw new Error(
			`Record type "${text.slice(0, 60)}" is not valid, e.g. salesOrder or itemFulfillment.`,
		);
	}
	return text;
}

function scriptRef(value: string | number, label: string): string {
	const text = String(value ?? '').trim();
	if (!/^[A-Za-z0-9_]+$/.test(text)) {
		throw new Error(
			`RESTlet ${label} "${text.slice(0, 60)}" is not valid: use the internal ID or the script ID.`,
		);
	}
	return text;
}

function jsonBody(body: unknown): unknown {
	if (typeof body !== 'string')
		return Buffer.isBuffer(body) ? jsonBody(body.toString('utf8')) : body;
	if (!/^\s*[{["]/.test(body)) return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/**
 * What an answer that is not the JSON expected looked like, in words: never its content, which
 * may be anything (a proxy's login page, half a record).
 */
export function describeBody(body: unknown, headers?: Record<string, unknown>): string {
	if (Buffer.isBuffer(body)) return describeBody(body.toString('utf8'), headers);
	if (body === undefined || body === null || (typeof body === 'string' && !body.trim())) {
		return 'an empty body';
	}
	if (typeof body === 'string') {
		const type = headers
			? (headerValue(headers as Record<string, string>, 'content-type') ?? '')
			: '';
		const size = `${body.length} characters`;
		if (/^\s*</.test(body) || /html/i.test(type)) {
			const title = /<title[^>]*>([^<]{1,80})/i.exec(body)?.[1]?.trim();
			return `an HTML page${title ? ` titled "${title}"` : ''} (${size})`;
		}
		if (/^\s*[{[]/.test(body)) return `JSON that does not parse, probably cut off (${size})`;
		return `text that is not JSON (${size}${type ? `, ${type}` : ''})`;
	}
	if (Array.isArray(body)) return `a JSON list of ${body.length} entries`;
	if (typeof body === 'object') {
		const keys = Object.keys(body as object);
		if (!keys.length) return 'an empty JSON object';
		const shown = keys
			.slice(0, 8)
			.map((k) => `"${k.slice(0, 40)}"`)
			.join(', ');
		return `a JSON object with only ${shown}${keys.length > 8 ? ', …' : ''}`;
	}
	return `a JSON ${typeof body}`;
}

/** A 2xx answer without the shape the caller needs: an error, never "no rows". */
export function unexpectedResponse(init: {
	operation: string;
	record?: string;
	statusCode?: number;
	expected: string;
	body: unknown;
	headers?: Record<string, unknown>;
	hint?: string;
}): NetSuiteApiError {
	return new NetSuiteApiError({
		operation: init.operation,
		record: init.record,
		statusCode: init.statusCode,
		code: 'UNEXPECTED_RESPONSE',
		detail: `NetSuite answered with ${describeBody(init.body, init.headers)} instead of ${init.expected}`,
		hint:
			init.hint ??
			'Nothing was taken from this answer (it is not read as "no rows"). A maintenance window, a proxy or a cut connection usually causes it and the next run tries again; if it persists, check that the account ID and any URL override point at NetSuite.',
	});
}

function isObject(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
}

export class NetSuiteClient {
	readonly hosts: NetSuiteHosts;
	readonly stats: Record<string, OperationStats> = {};
	private readonly transport: Transport;
	private readonly clock: Clock;
	private readonly limiter: ConcurrencyLimiter;
	private readonly accountSlots?: ConcurrencyLimiter;
	private readonly retry: RetryPolicy;
	private readonly timeoutMs?: number;
	private readonly secrets: string[];

	constructor(options: NetSuiteClientOptions) {
		this.transport = options.transport;
		this.clock = options.clock;
		this.hosts = options.hosts;
		this.limiter = new ConcurrencyLimiter(options.concurrency ?? 2);
		this.accountSlots = options.accountSlots;
		this.retry = { ...DEFAULT_RETRY, ...(options.retry ?? {}) };
		this.timeoutMs = options.timeoutMs;
		this.secrets = (options.secrets ?? []).filter((v): v is string => !!v);
	}

	private send(request: HttpRequest): Promise<HttpResponse> {
		const slots = this.accountSlots;
		return slots
			? slots.run(() => this.transport({ ...request }))
			: this.transport({ ...request });
	}

	/** Highest number of requests this client had in flight at once. */
	get peakConcurrency(): number {
		return this.limiter.peakActive;
	}

	private stat(op: string): OperationStats {
		return (this.stats[op] ??= { calls: 0, retries: 0, failures: 0 });
	}

	/**
	 * Sends one logical request with retries; resolves with the 2xx response, otherwise throws
	 * NetSuiteApiError. A path starting with `/` is resolved against the REST host.
	 */
	async request<T = unknown>(req: NetSuiteRequest): Promise<HttpResponse<T>> {
		const { op, operation = op, record, idempotent = req.method === 'GET', ...http } = req;
		const url = http.url.startsWith('/') ? `${this.hosts.restBaseUrl}${http.url}` : http.url;
		const httpRequest: HttpRequest = {
			...http,
			url,
			headers: { Accept: 'application/json', ...(http.headers ?? {}) },
			timeoutMs: http.timeoutMs ?? this.timeoutMs,
		};
		if (http.body !== undefined && typeof http.body === 'object' && !Buffer.isBuffer(http.body)) {
			httpRequest.headers = { 'Content-Type': 'application/json', ...httpRequest.headers };
		}
		const stats = this.stat(op);
		let attempts = 0;
		let response: HttpResponse | undefined;
		let failure: unknown;
		try {
			response = await withRetry(
				this.clock,
				this.retry,
				async () => {
					attempts++;
					stats.calls++;
					return await this.limiter.run(() => this.send(httpRequest));
				},
				({ result, error }) => {
					if (!result) return { retry: isTransientNetworkError(error) };
					const status = result.statusCode;
					if (status >= 200 && status < 300) return { retry: false };
					if (RETRYABLE_STATUS.has(status)) {
						const wait = retryAfterMs(result.headers ?? {}, this.clock.now());
						return {
							retry: true,
							minDelayMs: wait === undefined ? undefined : Math.min(wait, this.retry.maxDelayMs),
						};
					}
					if (status === 500) return { retry: idempotent };
					if (status === 400 || status === 403) {
						const code = parseErrorBody(result.body, result.headers).code;
						return { retry: code !== undefined && LIMIT_CODES.has(code) };
					}
					return { retry: false };
				},
				() => {
					stats.retries++;
				},
			);
		} catch (error) {
			failure = error;
		}
		if (!response) {
			stats.failures++;
			if (failure instanceof NetSuiteApiError) throw failure;
			throw netSuiteNetworkError({
				operation,
				record,
				error: failure,
				url,
				attempts,
				secrets: this.secrets,
			});
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			stats.failures++;
			throw netSuiteErrorFromResponse({
				operation,
				record,
				statusCode: response.statusCode,
				headers: response.headers,
				body: response.body,
				attempts,
				secrets: this.secrets,
			});
		}
		return response as HttpResponse<T>;
	}

	/** One SuiteQL page; `offset` must be a multiple of `limit`. */
	async suiteqlPage<T = Record<string, unknown>>(
		query: string,
		limit: number,
		offset: number,
	): Promise<SuiteQlPage<T>> {
		const response = await this.request<{
			items?: Array<Record<string, unknown>>;
			hasMore?: boolean;
			totalResults?: number;
		}>({
			op: 'suiteql',
			operation: 'SuiteQL query',
			method: 'POST',
			url: SUITEQL_PATH,
			qs: { limit, offset },
			headers: { Prefer: 'transient' },
			body: { q: query },
			idempotent: true,
		});
		const body = jsonBody(response.body) as {
			items?: Array<Record<string, unknown>>;
			hasMore?: boolean;
			totalResults?: number;
		};
		// Paging decides on `items` and `hasMore`; without them a page would pass for the end.
		if (!isObject(body) || !Array.isArray(body.items) || typeof body.hasMore !== 'boolean') {
			throw unexpectedResponse({
				operation: 'SuiteQL query',
				record: `rows ${offset + 1}–${offset + limit}`,
				statusCode: response.statusCode,
				expected: 'a SuiteQL page (JSON with an "items" list and "hasMore")',
				body: response.body,
				headers: response.headers,
			});
		}
		const items = body.items;
		const rows = items.map((item) => {
			// Each row carries an empty `links` array that is not a column.
			const row = { ...item };
			delete row.links;
			return row as T;
		});
		return {
			rows,
			offset,
			nextOffset: offset + rows.length,
			hasMore: rows.length >= limit && body.hasMore !== false,
			totalResults: typeof body.totalResults === 'number' ? body.totalResults : undefined,
		};
	}

	/**
	 * Streams SuiteQL pages by offset. The query must ORDER BY a unique key, or pages can overlap.
	 * Stops at the end of the result or at the 100,000-row cap (use suiteqlKeyset beyond it).
	 */
	async *suiteqlPages<T = Record<string, unknown>>(
		query: string,
		options: { pageSize?: number; offset?: number } = {},
	): AsyncGenerator<SuiteQlPage<T>> {
		const limit = pageSizeOf(options.pageSize);
		let position = options.offset ?? 0;
		if (!Number.isInteger(position) || position < 0) {
			throw new Error(`SuiteQL offset must be a whole number ≥ 0, got ${options.offset}.`);
		}
		while (position < SUITEQL_ROW_CAP) {
			// NetSuite wants offsets that are multiples of the limit; resume mid-page by skipping rows.
			const aligned = Math.floor(position / limit) * limit;
			const page = await this.suiteqlPage<T>(query, limit, aligned);
			const skip = position - aligned;
			const result: SuiteQlPage<T> = {
				...page,
				rows: skip ? page.rows.slice(skip) : page.rows,
				offset: position,
			};
			position = page.nextOffset;
			result.nextOffset = position;
			yield result;
			if (!page.hasMore) return;
		}
	}

	/** Runs a SuiteQL query over all pages (see SuiteQlOptions for partial results). */
	async suiteql<T = Record<string, unknown>>(
		query: string,
		options: SuiteQlOptions<T> = {},
	): Promise<SuiteQlResult<T>> {
		const start = options.offset ?? 0;
		const collector = new PageCollector<T>(this.clock, options);
		if (collector.pastDeadline()) return collector.result('deadline', start);
		let next = start;
		for await (const page of this.suiteqlPages<T>(query, {
			pageSize: options.pageSize,
			offset: start,
		})) {
			next = page.nextOffset;
			const stop = await collector.add(page);
			if (stop === 'maxRows') return collector.result('maxRows', start + collector.rowCount);
			if (!page.hasMore) return collector.result('end');
			if (next >= SUITEQL_ROW_CAP) return collector.result('rowCap', next);
			if (collector.pastDeadline()) return collector.result('deadline', next);
		}
		return collector.result('end');
	}

	/**
	 * Keyset paging for results of any size: `buildQuery(afterId)` must return a query with
	 * `WHERE <id> > afterId` (no condition when afterId is undefined) and `ORDER BY <id>`; each page
	 * is fetched at offset 0, so the 100,000-row cap never applies.
	 */
	async suiteqlKeyset<T = Record<string, unknown>>(
		buildQuery: (afterId: string | undefined) => string,
		idColumn: string,
		options: KeysetOptions<T> = {},
	): Promise<KeysetResult<T>> {
		const limit = pageSizeOf(options.pageSize);
		const column = idColumn.toLowerCase();
		const collector = new PageCollector<T>(this.clock, options);
		let afterId = options.afterId;
		let offset = 0;
		const done = (reason: StopReason): KeysetResult<T> => {
			const result: KeysetResult<T> & { resumeOffset?: number } = collector.result(reason);
			delete result.resumeOffset;
			if (reason !== 'end') result.resumeAfterId = afterId;
			return result;
		};
		for (;;) {
			if (collector.pastDeadline()) return done('deadline');
			const page = await this.suiteqlPage<T>(buildQuery(afterId), limit, 0);
			let lastId = afterId;
			for (const row of page.rows) {
				const raw = (row as Record<string, unknown>)[column];
				const id = raw === undefined || raw === null ? '' : String(raw);
				if (!id) {
					throw new Error(
						`SuiteQL keyset paging: a row has no "${column}" column; select it and ORDER BY it.`,
					);
				}
				if (lastId !== undefined && compareInternalIds(id, lastId) <= 0) {
					throw new Error(
						`SuiteQL keyset paging: "${column}" did not increase (${id} after ${lastId}); the query must filter ${column} > afterId and ORDER BY ${column}.`,
					);
				}
				lastId = id;
			}
			const stop = await collector.add({ ...page, offset, nextOffset: offset + page.rows.length });
			offset += page.rows.length;
			if (stop === 'maxRows') {
				const kept = collector.lastKeptRow();
				const keptId = kept ? (kept as Record<string, unknown>)[column] : undefined;
				afterId = keptId === undefined ? afterId : String(keptId);
				return done('maxRows');
			}
			afterId = lastId;
			if (!page.hasMore) return done('end');
		}
	}

	/** Calls a RESTlet; JSON in and out. A SuiteScript error (HTTP 400) becomes a NetSuiteApiError. */
	async restlet<T = unknown>(call: RestletCall): Promise<T> {
		const script = scriptRef(call.scriptId, 'script');
		const deploy = scriptRef(call.deployId, 'deployment');
		const method = call.method ?? 'GET';
		const qs = { ...(call.qs ?? {}) };
		delete qs.script;
		delete qs.deploy;
		const response = await this.request<unknown>({
			op: 'restlet',
			operation: `RESTlet call (script ${script}, deployment ${deploy})`,
			record: call.record,
			method,
			url: `${this.hosts.restletBaseUrl}${RESTLET_PATH}`,
			qs: { script, deploy, ...qs },
			body: method === 'GET' || method === 'DELETE' ? undefined : (call.body ?? {}),
			headers: { 'Content-Type': 'application/json' },
			idempotent: call.idempotent ?? method === 'GET',
		});
		const body = jsonBody(response.body);
		// This package's RESTlet always answers JSON; anything else must not pass for an empty answer.
		if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) {
			throw unexpectedResponse({
				operation: `RESTlet call (script ${script}, deployment ${deploy})`,
				record: call.record,
				statusCode: response.statusCode,
				expected: 'JSON',
				body: response.body,
				headers: response.headers,
			});
		}
		return body as T;
	}

	async getRecord<T = Record<string, unknown>>(
		type: string,
		id: string | number,
		options: { expandSubResources?: boolean; fields?: string[] } = {},
	): Promise<T> {
		const recordTypeName = recordType(type);
		const idText = idSegment(id, `${recordTypeName} ID`);
		const qs: Record<string, string> = {};
		if (options.expandSubResources) qs.expandSubResources = 'true';
		if (options.fields?.length) qs.fields = options.fields.join(',');
		const response = await this.request<T>({
			op: 'getRecord',
			operation: 'record read',
			record: `${recordTypeName} ${idText}`,
			method: 'GET',
			url: `${RECORD_PATH}/${recordTypeName}/${encodeURIComponent(idText)}`,
			qs,
		});
		const body = jsonBody(response.body);
		if (!isObject(body)) {
			throw unexpectedResponse({
				operation: 'record read',
				record: `${recordTypeName} ${idText}`,
				statusCode: response.statusCode,
				expected: 'the record as a JSON object',
				body: response.body,
				headers: response.headers,
			});
		}
		return body as T;
	}

	/** Updates only the given fields. NetSuite answers 204 with a Location header. */
	async patchRecord(
		type: string,
		id: string | number,
		body: Record<string, unknown>,
		options: PatchOptions = {},
	): Promise<PatchResult> {
		const recordTypeName = recordType(type);
		const idText = idSegment(id, `${recordTypeName} ID`);
		const response = await this.request({
			op: 'patchRecord',
			operation: 'record update',
			record: `${recordTypeName} ${idText}`,
			method: 'PATCH',
			url: `${RECORD_PATH}/${recordTypeName}/${encodeURIComponent(idText)}`,
			body,
			idempotent: options.idempotent ?? true,
		});
		const validation = headerValue(response.headers, 'x-netsuite-propertyvalidation');
		return {
			location: headerValue(response.headers, 'location'),
			propertyValidation: validation
				? validation
						.split(',')
						.map((s) => s.trim())
						.filter(Boolean)
				: [],
		};
	}
}

function pageSizeOf(pageSize: number | undefined): number {
	const size = pageSize ?? SUITEQL_MAX_PAGE;
	if (!Number.isInteger(size) || size < 1 || size > SUITEQL_MAX_PAGE) {
		throw new Error(
			`SuiteQL page size must be between 1 and ${SUITEQL_MAX_PAGE}, got ${pageSize}.`,
		);
	}
	return size;
}

/** Shared bookkeeping for offset and keyset paging: maxRows, deadline, onPage, row collection. */
class PageCollector<T> {
	readonly rows: T[] = [];
	rowCount = 0;
	pages = 0;
	totalResults?: number;
	private slowestPageMs = 0;
	private pageStartedAt: number;
	private lastRow?: T;

	constructor(
		private readonly clock: Clock,
		private readonly options: SuiteQlOptions<T> | KeysetOptions<T>,
	) {
		this.pageStartedAt = clock.now();
	}

	/** True when the next page would likely not finish before the deadline. */
	pastDeadline(): boolean {
		if (this.options.deadline === undefined) return false;
		return this.clock.now() + this.slowestPageMs >= this.options.deadline;
	}

	async add(page: SuiteQlPage<T>): Promise<'maxRows' | undefined> {
		const now = this.clock.now();
		this.slowestPageMs = Math.max(this.slowestPageMs, now - this.pageStartedAt);
		this.pages++;
		if (page.totalResults !== undefined) this.totalResults = page.totalResults;
		let rows = page.rows;
		let stop: 'maxRows' | undefined;
		const max = this.options.maxRows;
		if (max !== undefined && this.rowCount + rows.length >= max) {
			rows = rows.slice(0, Math.max(0, max - this.rowCount));
			// Exactly reaching maxRows at the true end is still a complete result.
			stop = this.rowCount + page.rows.length > max || page.hasMore ? 'maxRows' : undefined;
		}
		this.rowCount += rows.length;
		if (rows.length) this.lastRow = rows[rows.length - 1];
		if (this.options.keepRows !== false) for (const row of rows) this.rows.push(row);
		if (this.options.onPage) {
			await this.options.onPage({ ...page, rows, nextOffset: page.offset + rows.length });
		}
		this.pageStartedAt = this.clock.now();
		return stop;
	}

	lastKeptRow(): T | undefined {
		return this.lastRow;
	}

	result(reason: StopReason, resumeOffset?: number): SuiteQlResult<T> {
		return {
			rows: this.rows,
			rowCount: this.rowCount,
			complete: reason === 'end',
			stopReason: reason,
			resumeOffset: reason === 'end' ? undefined : resumeOffset,
			totalResults: this.totalResults,
			pages: this.pages,
		};
	}
}
