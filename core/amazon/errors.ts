import { redactSecrets } from '../http/redact';
import { headerValue, type HttpResponse } from '../http/transport';

export interface AmazonErrorEntry {
	code: string;
	message: string;
	details?: string;
}

export interface AmazonApiErrorInit {
	operation: string;
	code: string;
	amazonMessage: string;
	details?: string;
	httpStatus?: number;
	requestId?: string;
	/** Every entry of Amazon's `errors` array; the first one gives code/message. */
	errors?: AmazonErrorEntry[];
	/** When the caller may try again (quota errors): a wait in ms. */
	retryAfterMs?: number;
	/** submitFeed: the uploaded document, reusable for 2 days if only createFeed failed. */
	feedDocumentId?: string;
	/** What the user should do about it. */
	hint?: string;
	secrets?: Array<string | undefined>;
}

/**
 * One error type for everything SP-API or its S3 document URLs answer with. Amazon's own
 * code/message/details are kept verbatim so support cases can quote them, with the request ID.
 */
export class AmazonApiError extends Error {
	readonly operation: string;
	readonly code: string;
	readonly amazonMessage: string;
	readonly details?: string;
	readonly httpStatus?: number;
	readonly requestId?: string;
	readonly errors: AmazonErrorEntry[];
	readonly retryAfterMs?: number;
	feedDocumentId?: string;
	readonly hint?: string;

	constructor(init: AmazonApiErrorInit) {
		const clean = (s: string | undefined) =>
			s === undefined ? undefined : redactSecrets(s, init.secrets ?? []);
		const parts = [`Amazon ${init.operation} failed`];
		const statusPart = [init.httpStatus ? `HTTP ${init.httpStatus}` : '', init.code]
			.filter(Boolean)
			.join(' ');
		if (statusPart) parts[0] += ` (${statusPart})`;
		let text = `${parts[0]}: ${clean(init.amazonMessage) || 'no message'}`;
		if (init.details) text += ` Details: ${clean(init.details)}`;
		if (init.hint) text += ` ${clean(init.hint)}`;
		if (init.requestId) text += ` [x-amzn-RequestId ${init.requestId}]`;
		super(text);
		this.name = 'AmazonApiError';
		this.operation = init.operation;
		this.code = init.code;
		this.amazonMessage = clean(init.amazonMessage) ?? '';
		this.details = clean(init.details);
		this.httpStatus = init.httpStatus;
		this.requestId = init.requestId;
		this.errors = (init.errors ?? []).map((e) => ({
			code: e.code,
			message: clean(e.message) ?? '',
			...(e.details !== undefined ? { details: clean(e.details) } : {}),
		}));
		this.retryAfterMs = init.retryAfterMs;
		this.feedDocumentId = init.feedDocumentId;
		this.hint = clean(init.hint);
	}

	/** A plain object for node output (continueOnFail) without the stack. */
	toJSON(): Record<string, unknown> {
		return {
			name: this.name,
			message: this.message,
			operation: this.operation,
			code: this.code,
			amazonMessage: this.amazonMessage,
			details: this.details,
			httpStatus: this.httpStatus,
			requestId: this.requestId,
			errors: this.errors,
			retryAfterMs: this.retryAfterMs,
			feedDocumentId: this.feedDocumentId,
		};
	}
}

/**
 * Amazon's verdict on what was asked (400, 404, 422): asking again gets the same answer. Quota,
 * outage, network or permission trouble is a failure of the attempt, to be retried as it is.
 */
export function isAmazonVerdict(error: AmazonApiError): boolean {
	const status = error.httpStatus ?? 0;
	return status === 400 || status === 404 || status === 422;
}

/** Input that Amazon would reject anyway: caught before the call, naming the field. */
export class AmazonInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'AmazonInputError';
	}
}

export function bodyAsText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body)).toString('utf8');
	try {
		return JSON.stringify(body);
	} catch {
		return String(body);
	}
}

function asEntry(raw: unknown): AmazonErrorEntry | undefined {
	if (!raw || typeof raw !== 'object') return undefined;
	const r = raw as Record<string, unknown>;
	if (r.code === undefined && r.message === undefined) return undefined;
	const details =
		r.details === undefined || r.details === null || r.details === ''
			? undefined
			: typeof r.details === 'string'
				? r.details
				: JSON.stringify(r.details);
	return {
		code: String(r.code ?? ''),
		message: String(r.message ?? ''),
		...(details !== undefined ? { details } : {}),
	};
}

/** Reads SP-API's `{"errors":[{code,message,details}]}` from a parsed or raw body. */
export function parseAmazonErrors(body: unknown): AmazonErrorEntry[] {
	let value = body;
	if (typeof value === 'string' || value instanceof Uint8Array) {
		const text = bodyAsText(value).trim();
		if (!text.startsWith('{')) return [];
		try {
			value = JSON.parse(text);
		} catch {
			return [];
		}
	}
	if (!value || typeof value !== 'object') return [];
	const v = value as Record<string, unknown>;
	if (Array.isArray(v.errors)) {
		return v.errors.map(asEntry).filter((e): e is AmazonErrorEntry => e !== undefined);
	}
	const single = asEntry(v);
	return single ? [single] : [];
}

function xmlTag(xml: string, tag: string): string | undefined {
	const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
	if (!match) return undefined;
	return match[1]
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&')
		.trim();
}

export interface S3Error {
	code: string;
	message: string;
	requestId?: string;
}

/** Pre-signed S3 URLs answer errors as `<Error><Code>…</Code><Message>…</Message>…</Error>`. */
export function parseS3ErrorXml(body: unknown): S3Error | undefined {
	const text = bodyAsText(body);
	if (!/<Error>/.test(text)) return undefined;
	const code = xmlTag(text, 'Code');
	if (!code) return undefined;
	return { code, message: xmlTag(text, 'Message') ?? '', requestId: xmlTag(text, 'RequestId') };
}

/** What a user can do about the common failures; Amazon's own texts rarely say. */
export function hintFor(
	operation: string,
	status: number | undefined,
	code: string,
	message = '',
): string | undefined {
	if (code === 'SignatureDoesNotMatch') {
		return 'The upload must send a Content-Type header identical to the contentType given to createFeedDocument (byte for byte, including "; charset=UTF-8"), and nothing may alter the signed URL. Create a new feed document and upload again.';
	}
	if (code === 'AccessDenied' && /expired/i.test(message)) {
		return 'The pre-signed document URL is valid for 5 minutes only. Request a new one (createFeedDocument or getFeedDocument) and retry straight away.';
	}
	if (code === 'AccessDenied') {
		return 'S3 refused the pre-signed document URL. Request a fresh URL (they expire after 5 minutes) and make sure nothing adds or changes headers on the request.';
	}
	if (code === 'QuotaExceeded' || status === 429) {
		return 'Amazon throttled this operation. Wait and run again; fewer, larger feeds avoid the createFeed quota (1 per 2 minutes after a burst of 15).';
	}
	if (status === 403 || code === 'Unauthorized') {
		return "Check that the app has the role this operation needs (Feeds/Orders: 'Inventory and Order Tracking'), that the refresh token was issued for this seller and region, and that the credential's region matches the marketplace.";
	}
	if (status === 404 && /feed/i.test(operation)) {
		return 'Check the ID: feeds are kept 90 days and result documents 28 days, and IDs only exist in the region that created them.';
	}
	if (status === 404 && operation === 'confirmShipment') {
		return 'Check the Amazon order ID (format 123-1234567-1234567) and that the order belongs to this seller and region.';
	}
	return undefined;
}

export function amazonErrorFromResponse(
	operation: string,
	response: HttpResponse,
	secrets?: Array<string | undefined>,
	extra?: Partial<AmazonApiErrorInit>,
): AmazonApiError {
	const requestId =
		headerValue(response.headers, 'x-amzn-requestid') ??
		headerValue(response.headers, 'x-amz-request-id');
	const errors = parseAmazonErrors(response.body);
	if (errors.length) {
		const first = errors[0];
		return new AmazonApiError({
			operation,
			code: first.code,
			amazonMessage: first.message,
			details: first.details,
			errors,
			httpStatus: response.statusCode,
			requestId,
			hint: hintFor(operation, response.statusCode, first.code, first.message),
			secrets,
			...extra,
		});
	}
	const s3 = parseS3ErrorXml(response.body);
	if (s3) {
		return new AmazonApiError({
			operation,
			code: s3.code,
			amazonMessage: s3.message,
			errors: [{ code: s3.code, message: s3.message }],
			httpStatus: response.statusCode,
			requestId: requestId ?? s3.requestId,
			hint: hintFor(operation, response.statusCode, s3.code, s3.message),
			secrets,
			...extra,
		});
	}
	// Gateways and proxies answer HTML or nothing at all: keep a short excerpt.
	const text = bodyAsText(response.body).replace(/\s+/g, ' ').trim().slice(0, 300);
	const code = `HTTP${response.statusCode}`;
	return new AmazonApiError({
		operation,
		code,
		amazonMessage: text || `Unexpected HTTP status ${response.statusCode}`,
		httpStatus: response.statusCode,
		requestId,
		hint: hintFor(operation, response.statusCode, code),
		secrets,
		...extra,
	});
}
