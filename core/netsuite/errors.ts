import { redactSecrets } from '../http/redact';

/**
 * One error type for everything NetSuite says "no" with: REST `o:errorDetails`, RESTlet
 * `{error:{code,message}}`, OAuth token-endpoint errors and network failures. The message names
 * the operation and record, NetSuite's code and detail, and what to do next.
 */

export const LOGIN_AUDIT_TRAIL_HINT =
	'NetSuite hides the real reason for INVALID_LOGIN: open Setup > Users/Roles > User Management > View Login Audit Trail ' +
	'(add the "Detail" column). Usual causes: the account ID/realm format (a sandbox is e.g. 1234567_SB1), the role lacks ' +
	'the "REST Web Services" or "Log in using Access Tokens" permission or the record permissions, the Token-based ' +
	'Authentication feature is off (Setup > Company > Enable Features > SuiteCloud), or a wrong consumer/token secret. ' +
	'Under heavy load NetSuite has also been seen to answer INVALID_LOGIN when the account concurrency limit is exceeded.';

export const M2M_TOKEN_HINT =
	'Check under Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup that the ' +
	'certificate ID matches, the certificate has not expired and is mapped to an entity and role, and that the ' +
	'integration record has "Client Credentials (Machine to Machine) Grant" ticked. The Login Audit Trail ' +
	'(Setup > Users/Roles > User Management > View Login Audit Trail) shows the real reason.';

export const CONCURRENCY_HINT =
	"NetSuite's concurrency limit is shared by every integration on the account; lower this node's concurrency or run it at a quieter time.";

export interface NetSuiteErrorDetail {
	detail: string;
	errorCode?: string;
	errorPath?: string;
}

export interface NetSuiteErrorInit {
	/** What was attempted, e.g. `SuiteQL query`, `PATCH salesOrder 123`, `RESTlet 123/1`. */
	operation: string;
	/** The record concerned, e.g. `itemFulfillment 456`, when there is one. */
	record?: string;
	statusCode?: number;
	code?: string;
	detail?: string;
	errorPath?: string;
	details?: NetSuiteErrorDetail[];
	hint?: string;
	attempts?: number;
	/** Raw response body, kept (redacted, truncated) for debugging. */
	body?: unknown;
}

export class NetSuiteApiError extends Error {
	readonly operation: string;
	readonly record?: string;
	readonly statusCode?: number;
	/** NetSuite's machine-readable code: `o:errorCode`, the RESTlet `error.code`, or the OAuth `error`. */
	readonly code?: string;
	readonly detail?: string;
	readonly errorPath?: string;
	readonly details: NetSuiteErrorDetail[];
	readonly hint?: string;
	readonly attempts?: number;
	readonly body?: string;

	constructor(init: NetSuiteErrorInit, secrets: Array<string | undefined> = []) {
		const clean = (s: string | undefined) =>
			s === undefined ? undefined : redactSecrets(s, secrets);
		let head = `NetSuite ${init.operation}${init.record ? ` (${init.record})` : ''} failed`;
		const status = [init.statusCode ? `HTTP ${init.statusCode}` : '', init.code ?? '']
			.filter(Boolean)
			.join(' ');
		if (status) head += ` [${status}]`;
		if (init.attempts && init.attempts > 1) head += ` after ${init.attempts} attempts`;
		const rest: string[] = [];
		if (init.detail) rest.push(/[.!?]$/.test(init.detail) ? init.detail : `${init.detail}.`);
		if (init.errorPath) rest.push(`Field: ${init.errorPath}.`);
		if (init.hint) rest.push(init.hint);
		super(clean(rest.length ? `${head}: ${rest.join(' ')}` : `${head}.`) as string);
		this.name = 'NetSuiteApiError';
		this.operation = init.operation;
		this.record = init.record;
		this.statusCode = init.statusCode;
		this.code = clean(init.code);
		this.detail = clean(init.detail);
		this.errorPath = clean(init.errorPath);
		this.details = (init.details ?? []).map((d) => ({ ...d, detail: clean(d.detail) as string }));
		this.hint = init.hint;
		this.attempts = init.attempts;
		if (init.body !== undefined) {
			const text = typeof init.body === 'string' ? init.body : safeStringify(init.body);
			// Scrubbed before it is cut, so a secret at the cut is not left half visible.
			this.body = clean(text.slice(0, 8000))?.slice(0, 2000);
		}
	}

	/** NetSuite's overload signals: worth another try after a pause. */
	get isConcurrencyLimit(): boolean {
		return (
			this.statusCode === 429 ||
			this.code === 'SSS_REQUEST_LIMIT_EXCEEDED' ||
			this.code === 'CONCURRENCY_LIMIT_EXCEEDED'
		);
	}

	toJSON(): Record<string, unknown> {
		return {
			name: this.name,
			message: this.message,
			operation: this.operation,
			record: this.record,
			statusCode: this.statusCode,
			code: this.code,
			detail: this.detail,
			errorPath: this.errorPath,
			details: this.details,
			hint: this.hint,
			attempts: this.attempts,
		};
	}
}

function safeStringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

function asObject(body: unknown): Record<string, unknown> | undefined {
	if (body && typeof body === 'object' && !Buffer.isBuffer(body))
		return body as Record<string, unknown>;
	let text: string | undefined;
	if (typeof body === 'string') text = body;
	else if (Buffer.isBuffer(body)) text = body.toString('utf8');
	if (!text || !/^\s*[{[]/.test(text)) return undefined;
	try {
		const parsed = JSON.parse(text);
		return parsed && typeof parsed === 'object' ? parsed : undefined;
	} catch {
		return undefined;
	}
}

const str = (v: unknown): string | undefined =>
	typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined;

export interface ParsedErrorBody {
	code?: string;
	detail?: string;
	errorPath?: string;
	details: NetSuiteErrorDetail[];
}

/** Reads whichever error shape NetSuite used; unknown shapes give an empty result. */
export function parseErrorBody(
	body: unknown,
	headers: Record<string, string> = {},
): ParsedErrorBody {
	const obj = asObject(body);
	const result: ParsedErrorBody = { details: [] };
	if (obj) {
		// REST: {"type","title","status","o:errorDetails":[{"detail","o:errorCode","o:errorPath"}]}
		const list = obj['o:errorDetails'];
		if (Array.isArray(list)) {
			for (const item of list) {
				if (!item || typeof item !== 'object') continue;
				const d = item as Record<string, unknown>;
				result.details.push({
					detail: str(d.detail) ?? '',
					errorCode: str(d['o:errorCode']),
					errorPath: str(d['o:errorPath']),
				});
			}
			const first = result.details[0];
			if (first) {
				result.code = first.errorCode;
				result.detail =
					result.details
						.map((d) => d.detail)
						.filter(Boolean)
						.join(' | ') || str(obj.title);
				result.errorPath = first.errorPath;
			} else {
				result.detail = str(obj.title);
			}
			return result;
		}
		// RESTlet: {"error":{"code","message"}}; the message is often itself a JSON SuiteScriptError.
		const err = obj.error;
		if (err && typeof err === 'object') {
			const e = err as Record<string, unknown>;
			result.code = str(e.code) ?? str(e.name);
			result.detail = restletMessage(str(e.message));
			return result;
		}
		// OAuth token endpoint: {"error":"invalid_client","error_description":"..."}
		if (typeof err === 'string') {
			result.code = err;
			result.detail = str(obj.error_description);
			return result;
		}
		result.detail = str(obj.title) ?? str(obj.message) ?? str(obj.detail);
	} else if (typeof body === 'string' && body.trim() && !/^\s*</.test(body)) {
		result.detail = body.trim().slice(0, 300);
	}
	// Bearer failures: WWW-Authenticate: Bearer realm="…", error="invalid_token", error_description="…"
	const wwwAuth = headers['www-authenticate'];
	if (wwwAuth && !result.code) {
		result.code = /error="([^"]*)"/.exec(wwwAuth)?.[1];
		result.detail = result.detail ?? /error_description="([^"]*)"/.exec(wwwAuth)?.[1];
	}
	return result;
}

function restletMessage(message: string | undefined): string | undefined {
	if (!message || !/^\s*\{/.test(message)) return message;
	try {
		const inner = JSON.parse(message) as Record<string, unknown>;
		const name = str(inner.name);
		const text = str(inner.message);
		return [name, text].filter(Boolean).join(': ') || message;
	} catch {
		return message;
	}
}

function hintFor(statusCode: number | undefined, code: string | undefined): string | undefined {
	if (code === 'INVALID_LOGIN' || code === 'INVALID_LOGIN_ATTEMPT' || code === 'invalid_token') {
		return LOGIN_AUDIT_TRAIL_HINT;
	}
	if (code === 'invalid_client' || code === 'invalid_grant' || code === 'unauthorized_client') {
		return M2M_TOKEN_HINT;
	}
	if (statusCode === 401) return LOGIN_AUDIT_TRAIL_HINT;
	if (statusCode === 403) {
		return 'The role behind these credentials lacks a permission for this record or script (Setup > Users/Roles > Manage Roles).';
	}
	if (statusCode === 429 || code === 'SSS_REQUEST_LIMIT_EXCEEDED') return CONCURRENCY_HINT;
	return undefined;
}

export interface ResponseErrorInput {
	operation: string;
	record?: string;
	statusCode: number;
	headers?: Record<string, string>;
	body: unknown;
	attempts?: number;
	secrets?: Array<string | undefined>;
}

/** Builds the error for a non-success response. */
export function netSuiteErrorFromResponse(input: ResponseErrorInput): NetSuiteApiError {
	const parsed = parseErrorBody(input.body, input.headers);
	const statusDefault =
		input.statusCode === 404
			? 'Not found: check the record type and internal ID.'
			: input.statusCode === 302
				? 'Redirected: the account ID points at the wrong data centre or host.'
				: undefined;
	return new NetSuiteApiError(
		{
			operation: input.operation,
			record: input.record,
			statusCode: input.statusCode,
			code: parsed.code,
			detail: parsed.detail ?? statusDefault,
			errorPath: parsed.errorPath,
			details: parsed.details,
			hint: hintFor(input.statusCode, parsed.code),
			attempts: input.attempts,
			body: input.body,
		},
		input.secrets,
	);
}

/** Builds the error for a request that got no response at all. */
export function netSuiteNetworkError(input: {
	operation: string;
	record?: string;
	error: unknown;
	url: string;
	attempts?: number;
	secrets?: Array<string | undefined>;
}): NetSuiteApiError {
	const e = input.error as
		| { code?: string; cause?: { code?: string }; message?: string }
		| undefined;
	let host = input.url;
	try {
		host = new URL(input.url).host;
	} catch {
		// keep the raw string
	}
	return new NetSuiteApiError(
		{
			operation: input.operation,
			record: input.record,
			code: e?.code ?? e?.cause?.code,
			detail: `No response from ${host}: ${e?.message ?? String(input.error)}`,
			hint: 'Check the account ID (or the base URL override) and the network between n8n and NetSuite.',
			attempts: input.attempts,
		},
		input.secrets,
	);
}

/**
 * The secret values of a NetSuite credential, for the client's redactor. Consumer key, token ID and
 * client ID are not secret on their own, but with a leaked secret they complete a login and they
 * show up in an echoed `Authorization` header, so they are scrubbed too.
 */
export function netSuiteSecrets(data: Record<string, unknown>): string[] {
	return [
		'consumerKey',
		'consumerSecret',
		'tokenId',
		'tokenSecret',
		'clientId',
		'privateKey',
		'accessToken',
	]
		.map((key) => (data[key] === undefined || data[key] === null ? '' : String(data[key])))
		.filter((value) => value.trim().length >= 4);
}
