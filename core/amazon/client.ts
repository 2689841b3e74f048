import {
	backoffDelay,
	DEFAULT_RETRY,
	isTransientNetworkError,
	retryAfterMs,
	retryWithBudgets,
	type RetryEnd,
	type RetryPolicy,
	type RetryRequest,
} from '../http/retry';
import { redactSecrets } from '../http/redact';
import {
	headerValue,
	type Clock,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../http/transport';
import { AmazonApiError, AmazonInputError, amazonErrorFromResponse, bodyAsText } from './errors';
import { marketplaceRegionProblem, type AmazonRegion } from './hosts';
import { checkDocumentId, checkFeedId, checkOrderId } from './ids';
import { processRateLimiters, type RateLimiterRegistry } from './limiterRegistry';
import { CLIENT_REFRESH_HEADER } from './lwa';
import {
	parseRateLimitHeader,
	RATE_LIMITS,
	RateLimiter,
	waitAfterThrottleMs,
	type TokenBucket,
	type AmazonOperation,
	type RateLimit,
} from './rateLimits';

const FEEDS = '/feeds/2021-06-30';
const ORDERS_V0 = '/orders/v0';
const ORDERS_2026 = '/orders/2026-01-01';

/** Default bound on time spent waiting for Amazon's quota within one call. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 10 * 60 * 1000;
/**
 * How far before its own clock an uncertain createFeed looks for the feed Amazon may have created
 * (Amazon's createdTime and n8n's clock may differ a little).
 */
const CREATE_FEED_CLOCK_SKEW_MS = 5000;

/** A createFeed failure after which Amazon may still have created the feed. */
function isUncertain(error: unknown): error is AmazonApiError {
	return (
		error instanceof AmazonApiError &&
		(error.code === 'NetworkError' || (error.httpStatus !== undefined && error.httpStatus >= 500))
	);
}

/** Even with a long wait budget, one call stops after this many 429s (counted per call, not reset by a 5xx between). */
const MAX_THROTTLED_ATTEMPTS = 30;

/** The budgets one SP-API call's retries draw on: 5xx and network failures, 429s, a token refresh. */
type AmazonRetry = 'failure' | 'throttle' | 'refresh';

export interface AmazonClientOptions {
	/** Authenticated SP-API calls: the credential adds `x-amz-access-token`. */
	transport: Transport;
	/** Plain HTTP for the S3 pre-signed URLs, which must not receive the access token. */
	presignedTransport: Transport;
	clock: Clock;
	/** SP-API base URL (see hosts.resolveBaseUrl). */
	baseUrl: string;
	/** When given, marketplaces are checked against it before any call. */
	region?: AmazonRegion;
	/** Bounded retries for 5xx and network errors. */
	retry?: Partial<RetryPolicy>;
	/** Total time one call may spend waiting on rate limits (429s and own pacing); per operation or for all. */
	maxRateLimitWaitMs?: number | Partial<Record<AmazonOperation, number>>;
	/** Per-operation overrides of the published limits (e.g. a seller with higher quotas). */
	rateLimits?: Partial<Record<string, RateLimit>>;
	/**
	 * Pace together with every other client of the same seller in this process (see
	 * limiterRegistry.ts): `seller` from sellerKey(); `registry` defaults to the process-wide one,
	 * whose clock must agree with `clock`. Without it, this client paces alone.
	 */
	sharedRateLimits?: {
		seller: string;
		registry?: RateLimiterRegistry;
		/** Only these operations are shared (default: all). */
		operations?: readonly string[];
	};
	/** Secret values to scrub from every error text (the client never sees them otherwise). */
	secrets?: string[];
	/** Told about every retry, for logging. */
	onRetry?: (info: { operation: string; attempt: number; delayMs: number; reason: string }) => void;
	/**
	 * Fetches a fresh LWA access token. Called once when SP-API says the token expired and n8n did not
	 * refresh it itself: n8n 1.x renews a credential's token only on 401, but Amazon answers 403.
	 * The token is then sent explicitly (in CLIENT_REFRESH_HEADER) for the rest of this client's life.
	 */
	refreshAccessToken?: () => Promise<string>;
}

/** SP-API's answer to an expired or revoked access token: 403 Unauthorized ("...access token ... expired"). */
export function isExpiredTokenResponse(response: HttpResponse): boolean {
	if (response.statusCode !== 401 && response.statusCode !== 403) return false;
	const text = bodyAsText(response.body);
	return /access token|unauthori[sz]ed|expired/i.test(text);
}

export interface OperationStats {
	/** HTTP requests sent, retries included. */
	requests: number;
	/** 429 answers. */
	throttled: number;
	/** Requests repeated after a 429, 5xx or network error. */
	retries: number;
	/** Time spent waiting for quota (own pacing and after 429s). */
	rateLimitWaitMs: number;
	/** createFeed only: feeds found in the feed list after an uncertain answer, reused instead of sent again. */
	reusedAfterUncertainAnswer?: number;
}

export interface FeedDocumentUpload {
	feedDocumentId: string;
	/** Pre-signed S3 URL, valid 5 minutes. */
	url: string;
}

export type FeedProcessingStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';

export interface Feed {
	feedId: string;
	feedType: string;
	marketplaceIds?: string[];
	createdTime: string;
	processingStatus: FeedProcessingStatus | string;
	processingStartTime?: string;
	processingEndTime?: string;
	resultFeedDocumentId?: string;
}

export interface FeedDocument {
	feedDocumentId: string;
	url: string;
	compressionAlgorithm?: 'GZIP' | string;
}

export interface CreateFeedSpecification {
	feedType: string;
	/** Exactly one: Amazon rejects or mishandles several marketplaces per feed. */
	marketplaceIds: string[];
	inputFeedDocumentId: string;
	feedOptions?: Record<string, string>;
}

export interface SubmitFeedInput {
	feedType: string;
	marketplaceId: string;
	/** e.g. 'text/xml; charset=UTF-8'; repeated byte for byte on the upload. */
	contentType: string;
	document: string | Buffer;
	feedOptions?: Record<string, string>;
}

export interface SubmitFeedResult {
	feedId: string;
	feedDocumentId: string;
}

export interface GetFeedsQuery {
	feedTypes?: string[];
	marketplaceIds?: string[];
	pageSize?: number;
	processingStatuses?: string[];
	createdSince?: string;
	createdUntil?: string;
	nextToken?: string;
}

export interface ConfirmShipmentItem {
	orderItemId: string;
	quantity: number;
	transparencyCodes?: string[];
}

export interface PackageDetail {
	/** A positive number as a STRING; the same ID again edits that package instead of adding one. */
	packageReferenceId: string;
	carrierCode: string;
	/** Required when carrierCode is 'Other'. */
	carrierName?: string;
	shippingMethod?: string;
	trackingNumber: string;
	/** ISO 8601 date-time. */
	shipDate: string;
	shipFromSupplySourceId?: string;
	orderItems: ConfirmShipmentItem[];
}

export interface ConfirmShipmentRequest {
	marketplaceId: string;
	packageDetail: PackageDetail;
	/** JP cash on delivery only. */
	codCollectionMethod?: 'DirectPayment';
}

export interface ConfirmShipmentResult {
	httpStatus: number;
	requestId?: string;
}

/** Orders API v2026-01-01 getOrder answer, passed through as Amazon returns it. */
export type GetOrderResponse = Record<string, unknown>;

/** Fulfillment statuses searchOrders filters on (Orders API v2026-01-01). */
export const ORDER_FULFILLMENT_STATUSES = [
	'PENDING_AVAILABILITY',
	'PENDING',
	'UNSHIPPED',
	'PARTIALLY_SHIPPED',
	'SHIPPED',
	'CANCELLED',
	'UNFULFILLABLE',
] as const;

export interface SearchOrdersQuery {
	/** ISO 8601; Amazon needs createdAfter or lastUpdatedAfter. */
	createdAfter?: string;
	createdBefore?: string;
	lastUpdatedAfter?: string;
	lastUpdatedBefore?: string;
	fulfillmentStatuses?: string[];
	marketplaceIds?: string[];
	/** MERCHANT (seller-fulfilled) or AMAZON (FBA). */
	fulfilledBy?: string[];
	/** 1–100 (Amazon's maximum). */
	maxResultsPerPage?: number;
	/** e.g. FULFILLMENT, PACKAGES. */
	includedData?: string[];
	/** The token of the previous page; the other filters are then sent unchanged. */
	paginationToken?: string;
}

export interface SearchOrdersPage {
	/** Orders as Amazon returns them (orderId, createdTime, salesChannel, fulfillment, packages...). */
	orders: Array<Record<string, unknown>>;
	nextToken?: string;
}

function jsonBody<T>(body: unknown): T | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'object' && !(body instanceof Uint8Array)) return body as T;
	try {
		return JSON.parse(bodyAsText(body)) as T;
	} catch {
		return undefined;
	}
}

function charsetOf(contentType: string | undefined): string | undefined {
	const match = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
	return match ? match[1].toLowerCase() : undefined;
}

const LATIN1 = [
	'iso-8859-1',
	'latin1',
	'l1',
	'iso8859-1',
	'windows-1252',
	'cp1252',
	'us-ascii',
	'ascii',
];

/** The document's bytes in the charset its content type declares (UTF-8 unless it says Latin-1). */
export function encodeDocument(document: string | Buffer, contentType: string): Buffer {
	if (typeof document !== 'string') return Buffer.from(document);
	const charset = charsetOf(contentType);
	return Buffer.from(document, charset && LATIN1.includes(charset) ? 'latin1' : 'utf8');
}

export function isGzip(bytes: Uint8Array): boolean {
	return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The most a downloaded document may hold, unpacked: 64 MiB. A processing report lists one result
 * per refused or warned message; for the largest feed this package sends (10 MiB, some 25,000
 * messages) with an error on every message it is about 15 MB, and real reports are mostly a few
 * KB. A 0.4 MB gzip can expand to 400 MiB and more: reading it whole took 1.9 GB of memory.
 */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** A document that unpacks to more than the cap; the download stops there. */
export class DocumentTooLargeError extends Error {
	constructor(readonly limitBytes: number) {
		super(
			`it unpacks to more than ${Math.round(limitBytes / 1048576)} MiB, far beyond any real processing report`,
		);
		this.name = 'DocumentTooLargeError';
	}
}

/**
 * gunzip without node:zlib (not allowed in n8n Cloud nodes): the web DecompressionStream, read
 * chunk by chunk and stopped as soon as the output passes `maxBytes`.
 */
export async function gunzip(
	bytes: Uint8Array,
	maxBytes: number = MAX_DOCUMENT_BYTES,
): Promise<Uint8Array> {
	const copy = new Uint8Array(bytes.length);
	copy.set(bytes);
	const reader = new Blob([copy]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > maxBytes) {
			await reader.cancel().catch(() => undefined);
			throw new DocumentTooLargeError(maxBytes);
		}
		chunks.push(value);
	}
	const out = new Uint8Array(total);
	let at = 0;
	for (const chunk of chunks) {
		out.set(chunk, at);
		at += chunk.length;
	}
	return out;
}

export function decodeText(bytes: Uint8Array, contentType?: string): string {
	const charset = charsetOf(contentType) ?? 'utf-8';
	try {
		return new TextDecoder(charset).decode(bytes);
	} catch {
		// A runtime without full ICU knows only UTF-8 and a few others.
		if (LATIN1.includes(charset)) return Buffer.from(bytes).toString('latin1');
		return new TextDecoder('utf-8').decode(bytes);
	}
}

function toBytes(body: unknown): Uint8Array {
	if (body instanceof Uint8Array) return body;
	if (body instanceof ArrayBuffer) return new Uint8Array(body);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body === undefined || body === null) return new Uint8Array(0);
	return Buffer.from(JSON.stringify(body), 'utf8');
}

function required(value: unknown, field: string, what: string): string {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (!text) throw new AmazonInputError(field, `${what} is missing (${field}).`);
	return text;
}

/** Thin SP-API client: Feeds 2021-06-30, Orders v0 confirmShipment, Orders 2026-01-01 getOrder. */
export class AmazonClient {
	readonly stats: Record<string, OperationStats> = {};
	private readonly transport: Transport;
	private readonly presignedTransport: Transport;
	private readonly clock: Clock;
	private readonly baseUrl: string;
	private readonly region?: AmazonRegion;
	private readonly policy: RetryPolicy;
	private readonly limiter: RateLimiter;
	private readonly secrets: string[];
	/** Set only after this client refreshed the token itself (see `refreshAccessToken`). */
	private accessToken?: string;
	/** Feeds this client created: never mistaken for the feed of a later uncertain createFeed. */
	private readonly createdFeeds = new Set<string>();

	constructor(private readonly options: AmazonClientOptions) {
		this.transport = options.transport;
		this.presignedTransport = options.presignedTransport;
		this.clock = options.clock;
		this.baseUrl = String(options.baseUrl ?? '').replace(/\/+$/, '');
		if (!/^https?:\/\//i.test(this.baseUrl)) {
			throw new Error(`Amazon base URL "${options.baseUrl}" is not an http(s) URL.`);
		}
		this.region = options.region;
		this.policy = { ...DEFAULT_RETRY, ...options.retry };
		const limits: Record<string, RateLimit> = { ...RATE_LIMITS };
		for (const [op, limit] of Object.entries(options.rateLimits ?? {}))
			if (limit) limits[op] = limit;
		const shared = options.sharedRateLimits;
		this.limiter = new RateLimiter(
			options.clock,
			limits,
			shared?.seller
				? (shared.registry ?? processRateLimiters).scoped(
						{
							seller: shared.seller,
							endpoint: this.baseUrl,
						},
						shared.operations,
					)
				: undefined,
		);
		this.secrets = (options.secrets ?? []).filter(Boolean);
	}

	/** The wait budget for one call of `operation`. */
	maxRateLimitWaitMs(operation: string): number {
		const setting = this.options.maxRateLimitWaitMs;
		if (typeof setting === 'number') return setting;
		return setting?.[operation as AmazonOperation] ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
	}

	private statFor(operation: string): OperationStats {
		if (!this.stats[operation]) {
			this.stats[operation] = { requests: 0, throttled: 0, retries: 0, rateLimitWaitMs: 0 };
		}
		return this.stats[operation];
	}

	private checkMarketplace(marketplaceId: string, field: string): string {
		const id = required(marketplaceId, field, 'The Amazon marketplace ID');
		const problem = this.region ? marketplaceRegionProblem(id, this.region) : undefined;
		if (problem) throw new AmazonInputError(field, problem);
		return id;
	}

	private quotaError(
		operation: string,
		waitMs: number,
		waitedMs: number,
		response?: HttpResponse,
	): AmazonApiError {
		const retryAt = new Date(this.clock.now() + waitMs).toISOString();
		const limit = this.limiter.bucket(operation);
		const quota = limit
			? ` Amazon's quota for ${operation} is a burst of ${limit.burst}, then ${
					limit.ratePerSecond >= 1
						? `${limit.ratePerSecond} requests per second`
						: `one request every ${Math.round(1 / limit.ratePerSecond)} s`
				}.`
			: '';
		const hint =
			`Gave up after waiting ${Math.round(waitedMs / 1000)} s for the rate limit (limit ${Math.round(this.maxRateLimitWaitMs(operation) / 1000)} s per call).` +
			`${quota} Try again after ${retryAt} (in about ${Math.ceil(waitMs / 1000)} s).`;
		if (response) {
			const base = amazonErrorFromResponse(operation, response, this.secrets);
			return new AmazonApiError({
				operation,
				code: base.code || 'QuotaExceeded',
				amazonMessage: base.amazonMessage || 'You exceeded your quota for the requested resource.',
				details: base.details,
				errors: base.errors,
				httpStatus: response.statusCode,
				requestId: base.requestId,
				retryAfterMs: waitMs,
				hint,
				secrets: this.secrets,
			});
		}
		return new AmazonApiError({
			operation,
			code: 'QuotaExceeded',
			amazonMessage: this.limiter.isShared(operation)
				? "Not sent: this run and other runs for the same seller in this n8n process have taken Amazon's quota for this operation further ahead than this call may wait."
				: 'Not sent: this run has used up the quota for this operation.',
			retryAfterMs: waitMs,
			hint,
			secrets: this.secrets,
		});
	}

	/**
	 * Sends one logical call: paced by the operation's token bucket, 429s waited out within the
	 * time budget, 5xx and network errors retried within the attempt budget, an expired access
	 * token refreshed once. Each kind of retry has its own budget (see retryWithBudgets).
	 */
	private async send(
		operation: string,
		request: HttpRequest,
		opts: { presigned?: boolean; maxFailures?: number } = {},
	): Promise<HttpResponse> {
		const presigned = opts.presigned === true;
		const transport = presigned ? this.presignedTransport : this.transport;
		const bucket = presigned ? undefined : this.limiter.bucket(operation);
		const stats = this.statFor(operation);
		const maxWait = this.maxRateLimitWaitMs(operation);
		// Time spent on quota in this call, own pacing and 429s alike: bounded by maxWait.
		let waited = 0;
		const end = await retryWithBudgets<HttpResponse, AmazonRetry>(this.clock, this.policy, {
			budgets: {
				// 5xx / network failures before giving up (createFeed asks for 1: it checks before retrying).
				failure: { maxAttempts: opts.maxFailures ?? this.policy.maxAttempts },
				throttle: {
					maxAttempts: MAX_THROTTLED_ATTEMPTS,
					backoffMs: (n) => backoffDelay(this.policy, Math.min(n, 8), this.clock.random),
					allows: (delayMs) => waited + delayMs <= maxWait,
				},
				// Once, and only with a refresher; a pre-signed S3 URL carries no token.
				refresh: {
					maxAttempts: presigned || !this.options.refreshAccessToken ? 1 : 2,
					immediate: true,
				},
			},
			attempt: async () => {
				if (bucket) waited += await this.pace(operation, bucket, waited, maxWait);
				stats.requests++;
				let response: HttpResponse;
				try {
					response = await transport(presigned ? request : this.withToken(request));
				} catch (error) {
					throw error ?? new Error('request failed');
				}
				this.noteRateLimit(stats, bucket, response);
				return response;
			},
			classify: ({ result, error }) => this.classify(operation, result, error),
			onRetry: async ({ kind, count, delayMs, reason }) => {
				if (kind === 'throttle') {
					waited += delayMs;
					stats.rateLimitWaitMs += delayMs;
				}
				// A refresh is no wait on Amazon: counted as a retry, not reported as one.
				if (kind === 'refresh') await this.refreshToken();
				stats.retries++;
				if (kind !== 'refresh') {
					this.options.onRetry?.({ operation, attempt: count, delayMs, reason: reason ?? kind });
				}
			},
		});
		const status = end.result?.statusCode ?? 0;
		if (end.result && status >= 200 && status < 300) return end.result;
		throw this.callError(operation, end, waited);
	}

	/** Waits for this call's turn in the operation's (possibly shared) bucket; returns the time waited. */
	private async pace(
		operation: string,
		bucket: TokenBucket,
		waited: number,
		maxWait: number,
	): Promise<number> {
		// The turn in the (possibly shared) queue is refused up front when it is beyond the budget.
		const need = bucket.waitTimeMs();
		if (need > 0 && waited + need > maxWait) throw this.quotaError(operation, need, waited);
		const slept = await bucket.take((ms) => this.clock.sleep(ms));
		this.statFor(operation).rateLimitWaitMs += slept;
		return slept;
	}

	/** What an answer tells the pacer: Amazon's current rate, and on a 429 that its bucket is empty. */
	private noteRateLimit(
		stats: OperationStats,
		bucket: TokenBucket | undefined,
		response: HttpResponse,
	): void {
		const headerRate = parseRateLimitHeader(
			headerValue(response.headers, 'x-amzn-ratelimit-limit'),
		);
		if (bucket && headerRate) bucket.setRate(headerRate);
		if (response.statusCode === 429) {
			stats.throttled++;
			bucket?.drain();
		}
	}

	/** Which budget another try after this outcome draws on; undefined when the outcome is final. */
	private classify(
		operation: string,
		response: HttpResponse | undefined,
		error: unknown,
	): RetryRequest<AmazonRetry> | undefined {
		if (!response) {
			// Only pace() throws an AmazonApiError here (the transports throw plain errors): its
			// refusal is final, and so is a request that could not work on another try.
			if (error instanceof AmazonApiError || !isTransientNetworkError(error)) return undefined;
			return { kind: 'failure', reason: `network error: ${this.failureReason(error)}` };
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) return undefined;
		if (status === 429) {
			const limitHeader = headerValue(response.headers, 'x-amzn-ratelimit-limit');
			// At least the bucket's refill. Amazon's 429 carries no Retry-After, but a proxy or gateway
			// in front of it may: honoured.
			const minDelayMs = Math.max(
				waitAfterThrottleMs(operation, 0, limitHeader),
				retryAfterMs(response.headers, this.clock.now()) ?? 0,
			);
			return { kind: 'throttle', minDelayMs, reason: 'HTTP 429 QuotaExceeded' };
		}
		if ([500, 502, 503, 504].includes(status)) {
			const serverWait = retryAfterMs(response.headers, this.clock.now()) ?? 0;
			const minDelayMs = Math.min(serverWait, this.policy.maxDelayMs);
			return { kind: 'failure', minDelayMs, reason: `HTTP ${status}` };
		}
		if (isExpiredTokenResponse(response)) return { kind: 'refresh' };
		return undefined;
	}

	/**
	 * The error a call ends with: why the last outcome was final, or which budget was spent.
	 * Errors are built here, outside any catch: core code has no NodeApiError to wrap them in.
	 */
	private callError(
		operation: string,
		end: RetryEnd<HttpResponse, AmazonRetry>,
		waited: number,
	): AmazonApiError {
		const { result: response, error, spent } = end;
		if (spent?.kind === 'throttle') {
			return this.quotaError(operation, spent.delayMs, waited, response);
		}
		if (!response) {
			if (error instanceof AmazonApiError) return error;
			const transient = isTransientNetworkError(error);
			return new AmazonApiError({
				operation,
				code: transient ? 'NetworkError' : 'RequestFailed',
				amazonMessage: this.failureReason(error),
				hint: transient
					? `No answer after ${spent?.count} attempt(s). Check the network, and the credential's endpoint override if one is set.`
					: undefined,
				secrets: this.secrets,
			});
		}
		if (spent?.kind === 'failure') {
			return amazonErrorFromResponse(operation, response, this.secrets, {
				hint:
					spent.count > 1
						? `Amazon kept failing after ${spent.count} attempts; try again later.`
						: undefined,
			});
		}
		return amazonErrorFromResponse(operation, response, this.secrets);
	}

	private failureReason(error: unknown): string {
		return redactSecrets(String((error as Error)?.message ?? error), this.secrets);
	}

	private withToken(request: HttpRequest): HttpRequest {
		if (!this.accessToken) return request;
		// Not `x-amz-access-token`: the credential always overwrites that with its stored token
		// (see CLIENT_REFRESH_HEADER) and moves this one there instead.
		return {
			...request,
			headers: { ...(request.headers ?? {}), [CLIENT_REFRESH_HEADER]: this.accessToken },
		};
	}

	private async refreshToken(): Promise<void> {
		if (!this.options.refreshAccessToken) return;
		this.accessToken = await this.options.refreshAccessToken();
		this.secrets.push(this.accessToken);
	}

	/** A retry outside send (createFeed's check of the feed list): counted, reported, waited. */
	private async pause(
		operation: string,
		attempt: number,
		delayMs: number,
		reason: string,
	): Promise<void> {
		this.statFor(operation).retries++;
		this.options.onRetry?.({ operation, attempt, delayMs, reason });
		await this.clock.sleep(delayMs);
	}

	private unexpected(operation: string, response: HttpResponse, what: string): AmazonApiError {
		return new AmazonApiError({
			operation,
			code: 'UnexpectedResponse',
			amazonMessage: `The answer has no ${what}: ${bodyAsText(response.body).slice(0, 200)}`,
			httpStatus: response.statusCode,
			requestId: headerValue(response.headers, 'x-amzn-requestid'),
			secrets: this.secrets,
		});
	}

	/** A pre-signed document URL from an answer: only http(s), never another scheme. */
	private documentUrl(value: unknown, operation: string): string {
		const url = String(value ?? '').trim();
		if (/^https?:\/\/[^\s/]+/i.test(url)) return url;
		throw new AmazonApiError({
			operation,
			code: 'UnexpectedResponse',
			amazonMessage: 'The answer holds a document URL that is not http(s); it was not used.',
			secrets: this.secrets,
		});
	}

	private api(
		method: HttpRequest['method'],
		path: string,
		extra: Partial<HttpRequest> = {},
	): HttpRequest {
		const headers: Record<string, string> = { Accept: 'application/json' };
		if (extra.body !== undefined) headers['Content-Type'] = 'application/json';
		return { method, url: `${this.baseUrl}${path}`, headers, responseType: 'json', ...extra };
	}

	// ---- Feeds API 2021-06-30 ----

	async createFeedDocument(contentType: string): Promise<FeedDocumentUpload> {
		const type = required(contentType, 'contentType', 'The feed content type');
		const response = await this.send(
			'createFeedDocument',
			this.api('POST', `${FEEDS}/documents`, { body: { contentType: type } }),
		);
		const body = jsonBody<Partial<FeedDocumentUpload>>(response.body);
		if (!body?.feedDocumentId || !body.url) {
			throw this.unexpected('createFeedDocument', response, 'feedDocumentId and url');
		}
		return {
			feedDocumentId: checkDocumentId(body.feedDocumentId, { operation: 'createFeedDocument' }),
			url: this.documentUrl(body.url, 'createFeedDocument'),
		};
	}

	/**
	 * PUT to the pre-signed URL. Its signature covers `content-type`, so the header must repeat
	 * the declared contentType exactly; no access token and no other headers.
	 */
	async uploadFeedDocument(url: string, contentType: string, body: string | Buffer): Promise<void> {
		required(url, 'url', 'The upload URL');
		required(contentType, 'contentType', 'The feed content type');
		await this.send(
			'uploadFeedDocument',
			{
				method: 'PUT',
				url,
				headers: { 'Content-Type': contentType },
				body: encodeDocument(body, contentType),
				responseType: 'text',
			},
			{ presigned: true },
		);
	}

	private validateFeedSpec(spec: CreateFeedSpecification): CreateFeedSpecification {
		const feedType = required(spec.feedType, 'feedType', 'The feed type');
		const ids = spec.marketplaceIds ?? [];
		if (ids.length !== 1) {
			throw new AmazonInputError(
				'marketplaceIds',
				`A feed must name exactly one marketplace (got ${ids.length}): Amazon rejects or mishandles feeds for several marketplaces. Send one feed per marketplace.`,
			);
		}
		const marketplaceId = this.checkMarketplace(ids[0], 'marketplaceIds');
		const out: CreateFeedSpecification = {
			feedType,
			marketplaceIds: [marketplaceId],
			inputFeedDocumentId: spec.inputFeedDocumentId,
		};
		if (spec.feedOptions && Object.keys(spec.feedOptions).length)
			out.feedOptions = spec.feedOptions;
		return out;
	}

	/**
	 * createFeed is not idempotent: a 5xx or a lost answer may come after Amazon created the feed,
	 * and sending it again would make a second feed. So each such failure is followed by a look at
	 * the feed list (same type and marketplace, created since the attempt began) before trying again:
	 * one new feed there is this one and is reused; none means it was not created; several (another
	 * run sent one at the same moment) cannot be told apart, so it is not sent again.
	 */
	async createFeed(spec: CreateFeedSpecification): Promise<string> {
		const body = this.validateFeedSpec(spec);
		body.inputFeedDocumentId = required(
			spec.inputFeedDocumentId,
			'inputFeedDocumentId',
			'The feed document ID',
		);
		const request = this.api('POST', `${FEEDS}/feeds`, { body });
		for (let attempt = 1; ; attempt++) {
			const startedAt = this.clock.now();
			let response: HttpResponse | undefined;
			let failure: unknown;
			try {
				response = await this.send('createFeed', request, { maxFailures: 1 });
			} catch (error) {
				failure = error ?? new Error('createFeed failed');
			}
			if (response) {
				const parsed = jsonBody<{ feedId?: string }>(response.body);
				if (!parsed?.feedId) throw this.unexpected('createFeed', response, 'feedId');
				const feedId = checkFeedId(parsed.feedId, { operation: 'createFeed' });
				this.createdFeeds.add(feedId);
				return feedId;
			}
			if (!isUncertain(failure)) throw failure;
			const reason = `${failure.httpStatus ? `HTTP ${failure.httpStatus}` : failure.code}`;
			await this.pause(
				'createFeed',
				attempt,
				backoffDelay(this.policy, attempt, this.clock.random),
				`${reason}; checking the feed list before trying again`,
			);
			const found = await this.findCreatedFeed(body, startedAt, reason);
			if (found) {
				this.createdFeeds.add(found);
				this.statFor('createFeed').reusedAfterUncertainAnswer =
					(this.statFor('createFeed').reusedAfterUncertainAnswer ?? 0) + 1;
				return found;
			}
			if (attempt >= this.policy.maxAttempts) {
				failure.message += ` createFeed was tried ${attempt} times; each time the feed list showed Amazon had not created the feed, so no feed was created.`;
				throw failure;
			}
		}
	}

	/** The feed an uncertain createFeed created, if the list shows exactly one; see createFeed. */
	private async findCreatedFeed(
		body: CreateFeedSpecification,
		startedAt: number,
		reason: string,
	): Promise<string | undefined> {
		const since = startedAt - CREATE_FEED_CLOCK_SKEW_MS;
		let listed: Feed[] | undefined;
		let lookupError: unknown;
		try {
			listed = (
				await this.getFeeds({
					feedTypes: [body.feedType],
					marketplaceIds: body.marketplaceIds,
					createdSince: new Date(since).toISOString(),
					pageSize: 100,
				})
			).feeds;
		} catch (error) {
			lookupError = error ?? new Error('getFeeds failed');
		}
		const hint =
			'Not sent again, so it cannot be sent twice: the fulfillments stay unsent and go again with the next run (if Amazon did create the feed, that only updates the same packages).';
		if (!listed) {
			throw new AmazonApiError({
				operation: 'createFeed',
				code: 'CreateFeedUncertain',
				amazonMessage: `createFeed got no clear answer (${reason}), and the feed list could not be read to see whether Amazon created the feed: ${(lookupError as Error)?.message ?? String(lookupError)}`,
				hint,
				secrets: this.secrets,
			});
		}
		const candidates = listed.filter((f) => {
			const created = Date.parse(String(f.createdTime));
			return (
				!this.createdFeeds.has(String(f.feedId)) &&
				f.feedType === body.feedType &&
				(f.marketplaceIds ?? body.marketplaceIds).includes(body.marketplaceIds[0]) &&
				Number.isFinite(created) &&
				created >= since
			);
		});
		if (candidates.length === 0) return undefined;
		if (candidates.length === 1)
			return checkFeedId(candidates[0].feedId, { operation: 'getFeeds' });
		throw new AmazonApiError({
			operation: 'createFeed',
			code: 'CreateFeedUncertain',
			amazonMessage: `createFeed got no clear answer (${reason}), and Amazon lists ${candidates.length} feeds of this type and marketplace created since (${candidates.map((f) => f.feedId).join(', ')}): it cannot tell which, if any, is this one.`,
			hint,
			secrets: this.secrets,
		});
	}

	async getFeed(feedId: string): Promise<Feed> {
		const id = checkFeedId(required(feedId, 'feedId', 'The feed ID'), { field: 'feedId' });
		const response = await this.send(
			'getFeed',
			this.api('GET', `${FEEDS}/feeds/${encodeURIComponent(id)}`),
		);
		const feed = jsonBody<Feed>(response.body);
		if (!feed?.processingStatus) throw this.unexpected('getFeed', response, 'processingStatus');
		// The report's ID goes into the next path: checked here, where it comes from.
		if (feed.resultFeedDocumentId !== undefined && feed.resultFeedDocumentId !== null) {
			feed.resultFeedDocumentId = checkDocumentId(feed.resultFeedDocumentId, {
				operation: 'getFeed',
			});
		}
		return { ...feed, feedId: id };
	}

	async getFeeds(query: GetFeedsQuery = {}): Promise<{ feeds: Feed[]; nextToken?: string }> {
		const qs: Record<string, string | number> = {};
		if (query.nextToken) {
			qs.nextToken = query.nextToken;
		} else {
			if (query.feedTypes?.length) qs.feedTypes = query.feedTypes.join(',');
			if (query.marketplaceIds?.length) qs.marketplaceIds = query.marketplaceIds.join(',');
			if (query.processingStatuses?.length)
				qs.processingStatuses = query.processingStatuses.join(',');
			if (query.pageSize) qs.pageSize = query.pageSize;
			if (query.createdSince) qs.createdSince = query.createdSince;
			if (query.createdUntil) qs.createdUntil = query.createdUntil;
		}
		const response = await this.send('getFeeds', this.api('GET', `${FEEDS}/feeds`, { qs }));
		const body = jsonBody<{ feeds?: Feed[]; nextToken?: string }>(response.body) ?? {};
		return { feeds: body.feeds ?? [], ...(body.nextToken ? { nextToken: body.nextToken } : {}) };
	}

	async cancelFeed(feedId: string): Promise<void> {
		const id = checkFeedId(required(feedId, 'feedId', 'The feed ID'), { field: 'feedId' });
		await this.send('cancelFeed', this.api('DELETE', `${FEEDS}/feeds/${encodeURIComponent(id)}`));
	}

	async getFeedDocument(
		documentId: string,
		options: { enableContentEncodingUrlHeader?: boolean } = {},
	): Promise<FeedDocument> {
		const id = checkDocumentId(required(documentId, 'feedDocumentId', 'The feed document ID'), {
			field: 'feedDocumentId',
		});
		const request = this.api('GET', `${FEEDS}/documents/${encodeURIComponent(id)}`);
		if (options.enableContentEncodingUrlHeader)
			request.qs = { enableContentEncodingUrlHeader: 'true' };
		const response = await this.send('getFeedDocument', request);
		const doc = jsonBody<FeedDocument>(response.body);
		if (!doc?.url) throw this.unexpected('getFeedDocument', response, 'url');
		return {
			feedDocumentId: id,
			url: this.documentUrl(doc.url, 'getFeedDocument'),
			...(doc.compressionAlgorithm ? { compressionAlgorithm: doc.compressionAlgorithm } : {}),
		};
	}

	/** Downloads a (result) document and returns its text, gunzipped and decoded. */
	async downloadFeedDocument(
		doc: Pick<FeedDocument, 'url' | 'compressionAlgorithm'>,
	): Promise<string> {
		required(doc?.url, 'url', 'The document URL');
		const response = await this.send(
			'downloadFeedDocument',
			{ method: 'GET', url: doc.url, responseType: 'binary' },
			{ presigned: true },
		);
		let bytes = toBytes(response.body);
		const tooLarge = (size: string) =>
			new AmazonApiError({
				operation: 'downloadFeedDocument',
				code: 'DocumentTooLarge',
				amazonMessage: `The document was not read: ${size}.`,
				httpStatus: response.statusCode,
				hint: `A real processing report is far smaller (the limit, ${Math.round(MAX_DOCUMENT_BYTES / 1048576)} MiB, is several times the report of the largest feed). Check the credential's endpoint override: the answer did not come from Amazon as expected.`,
				secrets: this.secrets,
			});
		if (bytes.length > MAX_DOCUMENT_BYTES) {
			throw tooLarge(
				`it is ${Math.round(bytes.length / 1048576)} MiB, more than ${Math.round(MAX_DOCUMENT_BYTES / 1048576)} MiB`,
			);
		}
		// Trust the bytes over the flag: an HTTP layer may already have decoded Content-Encoding: gzip.
		if (isGzip(bytes)) {
			let failure: unknown;
			try {
				bytes = await gunzip(bytes);
			} catch (error) {
				failure = error ?? new Error('gunzip failed');
			}
			if (failure instanceof DocumentTooLargeError) throw tooLarge(failure.message);
			if (failure) {
				throw new AmazonApiError({
					operation: 'downloadFeedDocument',
					code: 'DecompressionFailed',
					amazonMessage: `The document is GZIP but could not be unpacked: ${(failure as Error).message}`,
					httpStatus: response.statusCode,
					hint: 'Download it again; the URL is valid for 5 minutes.',
				});
			}
		}
		return decodeText(bytes, headerValue(response.headers, 'content-type'));
	}

	/**
	 * createFeedDocument → upload → createFeed. If createFeed fails after the upload, the error
	 * carries `feedDocumentId`: the document stays usable for 2 days, so retry createFeed alone.
	 */
	async submitFeed(input: SubmitFeedInput): Promise<SubmitFeedResult> {
		const spec = this.validateFeedSpec({
			feedType: input.feedType,
			marketplaceIds: [input.marketplaceId],
			inputFeedDocumentId: '',
			feedOptions: input.feedOptions,
		});
		if (input.document === undefined || input.document === null || input.document.length === 0) {
			throw new AmazonInputError(
				'document',
				'The feed document is empty; there is nothing to send.',
			);
		}
		const upload = await this.createFeedDocument(input.contentType);
		await this.uploadFeedDocument(upload.url, input.contentType, input.document);
		let feedId: string | undefined;
		let failure: unknown;
		try {
			feedId = await this.createFeed({ ...spec, inputFeedDocumentId: upload.feedDocumentId });
		} catch (error) {
			failure = error ?? new Error('createFeed failed');
		}
		if (feedId === undefined) {
			if (failure instanceof AmazonApiError) {
				failure.feedDocumentId = upload.feedDocumentId;
				failure.message += ` The document was uploaded as feedDocumentId ${upload.feedDocumentId} and stays usable for 2 days: retry createFeed with it instead of uploading again.`;
			}
			throw failure;
		}
		return { feedId, feedDocumentId: upload.feedDocumentId };
	}

	// ---- Orders ----

	/** Orders v0 confirmShipment: one package per call; 204 on success. */
	async confirmShipment(
		orderId: string,
		request: ConfirmShipmentRequest,
	): Promise<ConfirmShipmentResult> {
		const id = checkOrderId(required(orderId, 'orderId', 'The Amazon order ID'));
		const body = this.confirmShipmentBody(request);
		const response = await this.send(
			'confirmShipment',
			this.api('POST', `${ORDERS_V0}/orders/${encodeURIComponent(id)}/shipmentConfirmation`, {
				body,
			}),
		);
		return {
			httpStatus: response.statusCode,
			requestId: headerValue(response.headers, 'x-amzn-requestid'),
		};
	}

	private confirmShipmentBody(request: ConfirmShipmentRequest): ConfirmShipmentRequest {
		const marketplaceId = this.checkMarketplace(request?.marketplaceId, 'marketplaceId');
		const p = request?.packageDetail;
		if (!p)
			throw new AmazonInputError(
				'packageDetail',
				'The package details are missing (packageDetail).',
			);
		// Since Jan 2026 Amazon rejects a JSON number here.
		const packageReferenceId = String(p.packageReferenceId ?? '').trim();
		if (!/^\d+$/.test(packageReferenceId) || !/[1-9]/.test(packageReferenceId)) {
			throw new AmazonInputError(
				'packageDetail.packageReferenceId',
				`packageReferenceId "${packageReferenceId}" must be a positive whole number (sent as a string), unique per package of the order.`,
			);
		}
		const carrierCode = required(p.carrierCode, 'packageDetail.carrierCode', 'The carrier code');
		if (carrierCode === 'Other' && !String(p.carrierName ?? '').trim()) {
			throw new AmazonInputError(
				'packageDetail.carrierName',
				'The carrier name is required when the carrier code is "Other".',
			);
		}
		const trackingNumber = required(
			p.trackingNumber,
			'packageDetail.trackingNumber',
			'The tracking number',
		);
		const shipDate = required(p.shipDate, 'packageDetail.shipDate', 'The ship date');
		if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(shipDate) || Number.isNaN(Date.parse(shipDate))) {
			throw new AmazonInputError(
				'packageDetail.shipDate',
				`Ship date "${shipDate}" must be an ISO 8601 date-time such as 2026-01-05T15:00:00Z.`,
			);
		}
		if (!Array.isArray(p.orderItems) || p.orderItems.length === 0) {
			throw new AmazonInputError(
				'packageDetail.orderItems',
				'The package lists no order items; name each Amazon order item ID and the quantity in this package.',
			);
		}
		const orderItems = p.orderItems.map((item, i) => {
			const orderItemId = required(
				item?.orderItemId,
				`packageDetail.orderItems[${i}].orderItemId`,
				'The Amazon order item ID',
			);
			const quantity = Number(item?.quantity);
			if (!Number.isInteger(quantity) || quantity < 1) {
				throw new AmazonInputError(
					`packageDetail.orderItems[${i}].quantity`,
					`Quantity for order item ${orderItemId} must be a whole number of at least 1 (got ${item?.quantity}).`,
				);
			}
			return {
				orderItemId,
				quantity,
				...(item.transparencyCodes?.length ? { transparencyCodes: item.transparencyCodes } : {}),
			};
		});
		// Field order as in Amazon's model, so logs read like the documentation.
		const packageDetail: PackageDetail = {
			packageReferenceId,
			carrierCode,
			...(p.carrierName ? { carrierName: p.carrierName } : {}),
			...(p.shippingMethod ? { shippingMethod: p.shippingMethod } : {}),
			trackingNumber,
			shipDate,
			...(p.shipFromSupplySourceId ? { shipFromSupplySourceId: p.shipFromSupplySourceId } : {}),
			orderItems,
		};
		return {
			marketplaceId,
			...(request.codCollectionMethod ? { codCollectionMethod: request.codCollectionMethod } : {}),
			packageDetail,
		};
	}

	/** Orders API v2026-01-01 getOrder; items are always included, `includedData` adds e.g. PACKAGES. */
	async getOrder(orderId: string, includedData: string[] = []): Promise<GetOrderResponse> {
		const id = checkOrderId(required(orderId, 'orderId', 'The Amazon order ID'));
		const values = includedData.map((v) => String(v).trim().toUpperCase()).filter(Boolean);
		for (const v of values) {
			if (!/^[A-Z_]+$/.test(v)) {
				throw new AmazonInputError(
					'includedData',
					`"${v}" is not an includedData value (e.g. PACKAGES, FULFILLMENT).`,
				);
			}
		}
		const request = this.api('GET', `${ORDERS_2026}/orders/${encodeURIComponent(id)}`);
		if (values.length) request.qs = { includedData: Array.from(new Set(values)).join(',') };
		const response = await this.send('getOrder', request);
		return jsonBody<GetOrderResponse>(response.body) ?? {};
	}

	/**
	 * Orders API v2026-01-01 searchOrders: one page (at most 100 orders). Its quota is small (burst
	 * 20, then one call per ~180 s), so callers page with `nextToken` and this client paces itself.
	 */
	async searchOrders(query: SearchOrdersQuery): Promise<SearchOrdersPage> {
		if (!query.createdAfter && !query.lastUpdatedAfter && !query.paginationToken) {
			throw new AmazonInputError(
				'createdAfter',
				'searchOrders needs createdAfter or lastUpdatedAfter (an ISO 8601 time).',
			);
		}
		const qs: Record<string, string | number> = {};
		for (const key of [
			'createdAfter',
			'createdBefore',
			'lastUpdatedAfter',
			'lastUpdatedBefore',
		] as const) {
			const value = query[key];
			if (value === undefined || value === '') continue;
			if (Number.isNaN(Date.parse(value)))
				throw new AmazonInputError(key, `${key} "${value}" is not an ISO 8601 date-time.`);
			qs[key] = value;
		}
		for (const status of query.fulfillmentStatuses ?? []) {
			if (!(ORDER_FULFILLMENT_STATUSES as readonly string[]).includes(status)) {
				throw new AmazonInputError(
					'fulfillmentStatuses',
					`"${status}" is not a fulfillment status (${ORDER_FULFILLMENT_STATUSES.join(', ')}).`,
				);
			}
		}
		if (query.fulfillmentStatuses?.length)
			qs.fulfillmentStatuses = query.fulfillmentStatuses.join(',');
		if (query.marketplaceIds?.length) {
			qs.marketplaceIds = query.marketplaceIds
				.map((id) => this.checkMarketplace(id, 'marketplaceIds'))
				.join(',');
		}
		if (query.fulfilledBy?.length) qs.fulfilledBy = query.fulfilledBy.join(',');
		if (query.maxResultsPerPage !== undefined) {
			const n = query.maxResultsPerPage;
			if (!Number.isInteger(n) || n < 1 || n > 100)
				throw new AmazonInputError(
					'maxResultsPerPage',
					`maxResultsPerPage must be 1 to 100 (got ${n}).`,
				);
			qs.maxResultsPerPage = n;
		}
		if (query.includedData?.length) qs.includedData = query.includedData.join(',');
		if (query.paginationToken) qs.paginationToken = query.paginationToken;
		const response = await this.send(
			'searchOrders',
			this.api('GET', `${ORDERS_2026}/orders`, { qs }),
		);
		const body =
			jsonBody<{
				orders?: Array<Record<string, unknown>>;
				pagination?: { nextToken?: string };
				nextToken?: string;
			}>(response.body) ?? {};
		if (!Array.isArray(body.orders)) throw this.unexpected('searchOrders', response, 'orders');
		const nextToken = body.pagination?.nextToken ?? body.nextToken;
		return { orders: body.orders, ...(nextToken ? { nextToken: String(nextToken) } : {}) };
	}
}
