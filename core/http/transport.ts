/**
 * The one HTTP seam between the domain clients and whatever sends the bytes.
 * In n8n it wraps `this.helpers.httpRequestWithAuthentication` (credentials sign the request);
 * in unit tests it wraps fetch so nock can answer. Clients never see credentials.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
	method: HttpMethod;
	/** Absolute URL without the query string; query parameters go in `qs` so TBA can sign them. */
	url: string;
	qs?: Record<string, string | number | boolean>;
	headers?: Record<string, string>;
	/** A plain object is sent as JSON; a string or Buffer is sent as-is. */
	body?: unknown;
	/** `json` parses the response body (default), `text` returns a string, `binary` a Buffer. */
	responseType?: 'json' | 'text' | 'binary';
	timeoutMs?: number;
}

export interface HttpResponse<T = unknown> {
	statusCode: number;
	/** Header names are lower-case. */
	headers: Record<string, string>;
	body: T;
}

/**
 * Resolves for every HTTP status (callers decide what an error is);
 * rejects only when no response arrived (DNS, reset, timeout).
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** Injected so that domain code has no timers of its own (n8n's scanner bans them) and tests need not wait. */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
	random(): number;
}

/** Serialises query parameters with RFC 3986 encoding (`%20`, never `+`), as NetSuite's TBA signature requires. */
export function encodeRfc3986(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
	);
}

export function buildQueryString(qs: HttpRequest['qs']): string {
	if (!qs) return '';
	const parts = Object.keys(qs)
		.filter((k) => qs[k] !== undefined)
		.map((k) => `${encodeRfc3986(k)}=${encodeRfc3986(String(qs[k]))}`);
	return parts.length ? `?${parts.join('&')}` : '';
}

export function headerValue(
	headers: Record<string, string> | undefined,
	name: string,
): string | undefined {
	if (!headers) return undefined;
	const wanted = name.toLowerCase();
	for (const key of Object.keys(headers)) {
		if (key.toLowerCase() === wanted) return headers[key];
	}
	return undefined;
}
