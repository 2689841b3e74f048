import type {
	IAllExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IExecuteFunctions,
	IHttpRequestHelper,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Clock, HttpRequest, HttpResponse, Transport } from '../../core/http/transport';
import { urlForMessage } from '../../core/http/redact';
import { buildQueryString } from '../../core/http/transport';

/**
 * The only place where the package's HTTP leaves through n8n. Domain clients in core/ take a
 * `Transport`; these adapters give them one backed by n8n's request helpers.
 */

type HelperContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions | IWebhookFunctions;

interface AxiosLikeError {
	cause?: { response?: { status: number; headers?: Record<string, unknown>; data?: unknown } };
	response?: { status: number; headers?: Record<string, unknown>; data?: unknown };
	code?: string;
	message?: string;
}

function lowerCaseHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null) continue;
		out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return out;
}

function toN8nOptions(request: HttpRequest): IHttpRequestOptions {
	// The query goes into the URL pre-encoded (RFC 3986, `%20`): axios would encode spaces as `+`,
	// which breaks NetSuite's TBA signature. Signers read the query back from the URL.
	const options: IHttpRequestOptions = {
		url: request.url + buildQueryString(request.qs),
		method: request.method as IHttpRequestMethods,
		headers: { ...(request.headers ?? {}) },
		returnFullResponse: true,
		timeout: request.timeoutMs ?? 120_000,
	};
	if (request.body !== undefined) {
		options.body = request.body as IHttpRequestOptions['body'];
		if (typeof request.body === 'object' && !Buffer.isBuffer(request.body)) options.json = true;
	}
	if (request.responseType === 'binary' || request.responseType === 'text') {
		options.encoding = 'arraybuffer';
		options.json = false;
	} else {
		options.json = true;
	}
	return options;
}

function decodeBody(request: HttpRequest, body: unknown): unknown {
	if (request.responseType === 'binary') {
		return Buffer.isBuffer(body) ? body : Buffer.from((body as ArrayBuffer) ?? []);
	}
	if (request.responseType === 'text') {
		if (typeof body === 'string') return body;
		return Buffer.from((body as ArrayBuffer) ?? []).toString('utf8');
	}
	if (typeof body === 'string' && body.length > 0) {
		try {
			return JSON.parse(body);
		} catch {
			return body;
		}
	}
	return body;
}

/**
 * HTTP errors come back as responses (the clients decide what is an error); only failures with no
 * response are thrown. Status errors are NOT ignored at the axios level on purpose: n8n refreshes a
 * credential's token (preAuthentication) only when the request throws with the expiry status.
 */
async function send(
	request: HttpRequest,
	call: (options: IHttpRequestOptions) => Promise<unknown>,
): Promise<HttpResponse> {
	try {
		const response = (await call(toN8nOptions(request))) as {
			statusCode: number;
			headers: Record<string, unknown>;
			body: unknown;
		};
		return {
			statusCode: response.statusCode,
			headers: lowerCaseHeaders(response.headers),
			body: decodeBody(request, response.body),
		};
	} catch (error) {
		const e = error as AxiosLikeError;
		const response = e.cause?.response ?? e.response;
		if (response && typeof response.status === 'number') {
			return {
				statusCode: response.status,
				headers: lowerCaseHeaders(response.headers),
				body: decodeBody(request, response.data),
			};
		}
		// Rethrow without the request config, which carries signed headers, and without the query
		// string: a pre-signed S3 URL's X-Amz-Signature would otherwise reach NetSuite and the items.
		const cause = (e.cause ?? e) as { code?: string; message?: string };
		const failure = new Error(
			`No response from ${request.method} ${urlForMessage(request.url)}: ${cause.message ?? e.message ?? 'network error'}`,
		) as Error & { code?: string };
		failure.code = cause.code ?? e.code;
		throw failure;
	}
}

/** Requests signed by an n8n credential of this package. */
export function credentialTransport(
	context: HelperContext,
	credentialType: string,
	options: { tokenExpiredStatusCodes?: number[] } = {},
): Transport {
	return async (request) =>
		await send(
			request,
			async (n8nOptions) =>
				await context.helpers.httpRequestWithAuthentication.call(
					context as unknown as IAllExecuteFunctions,
					credentialType,
					n8nOptions,
					options.tokenExpiredStatusCodes
						? { preAuthenticationRetryStatusCode: options.tokenExpiredStatusCodes }
						: undefined,
				),
		);
}

/**
 * Unauthenticated requests: Amazon's pre-signed S3 URLs must not receive the access token; the
 * Amazon credential's own token request (its `preAuthentication` has only `httpRequest`).
 */
export function plainTransport(context: Pick<IHttpRequestHelper, 'helpers'>): Transport {
	return async (request) =>
		await send(
			request,
			// No token to renew here, so an error status can simply come back as a response.
			async (n8nOptions) =>
				await context.helpers.httpRequest({ ...n8nOptions, ignoreHttpStatusErrors: true }),
		);
}

export function n8nClock(context?: {
	getExecutionCancelSignal?: () => AbortSignal | undefined;
}): Clock {
	return {
		now: () => Date.now(),
		random: () => Math.random(),
		sleep: async (ms) => await sleep(ms, context?.getExecutionCancelSignal?.()),
	};
}
