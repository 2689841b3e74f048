'use strict';
/**
 * A fetch-backed stand-in for n8n's axios-based `httpRequest` (returnFullResponse), used by the
 * minimal fake node contexts: JSON bodies are serialised, and an HTTP error status throws an error
 * carrying `response` the way axios does, so the credential's token refresh path sees it.
 */
async function sendWithFetch(options) {
	let body = options.body;
	const headers = { ...(options.headers ?? {}) };
	if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body)) {
		body = JSON.stringify(body);
		headers['Content-Type'] ??= 'application/json';
	}
	const res = await fetch(options.url, { method: options.method, headers, body });
	const text = await res.text();
	let data = text;
	if (text && /^\s*[[{]/.test(text)) {
		// Like axios's default (silentJSONParsing, n8n does not change it): JSON that does not
		// parse, e.g. cut off, arrives as the text.
		try {
			data = JSON.parse(text);
		} catch {
			data = text;
		}
	}
	const responseHeaders = {};
	res.headers.forEach((v, k) => (responseHeaders[k.toLowerCase()] = v));
	if (res.status >= 400) {
		const error = new Error(`Request failed with status code ${res.status}`);
		error.response = { status: res.status, headers: responseHeaders, data };
		throw error;
	}
	return { statusCode: res.status, headers: responseHeaders, body: data };
}

module.exports = { sendWithFetch };
