import { createHmac, randomBytes } from 'node:crypto';

import { encodeRfc3986 } from '../http/transport';
import { parseAccountId } from './hosts';

/**
 * NetSuite Token-Based Authentication: OAuth 1.0a (RFC 5849) with HMAC-SHA256 only.
 * NetSuite rejects a bad signature with a bare INVALID_LOGIN, so the rules that usually go wrong
 * are enforced here: every query parameter is signed, none is copied into the header, spaces are
 * `%20`, the realm stays out of the base string, and each call gets a fresh nonce and timestamp.
 */

export interface TbaSecrets {
	/** Any spelling of the account ID; the realm (`1234567_SB1`) is derived from it. */
	accountId: string;
	consumerKey: string;
	consumerSecret: string;
	tokenId: string;
	tokenSecret: string;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface TbaRequest {
	method: string;
	/** Absolute URL. A query string in it is signed too (it is sent as part of the URL). */
	url: string;
	/** Query parameters sent separately from the URL. */
	qs?: Record<string, QueryValue>;
}

/** Where timestamps and nonces come from; tests fix them, production uses the defaults. */
export interface TbaEntropy {
	/** Epoch milliseconds. */
	now(): number;
	nonce(): string;
}

export const defaultTbaEntropy: TbaEntropy = {
	now: () => Date.now(),
	nonce: () => randomBytes(16).toString('hex'),
};

/** Scheme and host lower-case, default port dropped, no query or fragment (RFC 5849 §3.4.1.2). */
export function signatureBaseUrl(url: string): string {
	// WHATWG URL already lower-cases scheme and host and drops default ports.
	const parsed = new URL(url);
	return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** Decoded query parameters of the URL and of `qs`, as name/value pairs. */
export function collectQueryParams(request: TbaRequest): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	// URLSearchParams form-decodes (`+` → space), which is how NetSuite reads the query too.
	new URL(request.url).searchParams.forEach((value, name) => pairs.push([name, value]));
	for (const name of Object.keys(request.qs ?? {})) {
		const value = request.qs![name];
		if (value === undefined || value === null) continue;
		if (typeof value === 'object') {
			throw new Error(
				`Query parameter "${name}" is a list or object; NetSuite requests signed with TBA accept only single values.`,
			);
		}
		pairs.push([name, String(value)]);
	}
	return pairs;
}

export function signatureBaseString(
	method: string,
	url: string,
	params: Array<[string, string]>,
): string {
	const normalised = params
		.map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as [string, string])
		.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
	return [
		method.toUpperCase(),
		encodeRfc3986(signatureBaseUrl(url)),
		encodeRfc3986(normalised),
	].join('&');
}

function requireSecret(secrets: TbaSecrets, field: keyof TbaSecrets, label: string): string {
	const value = secrets[field];
	if (typeof value !== 'string' || !value.trim()) {
		throw new Error(`NetSuite TBA credential: ${label} is empty.`);
	}
	return value.trim();
}

/** Returns the value for the `Authorization` header of this one request. */
export function tbaAuthorizationHeader(
	request: TbaRequest,
	secrets: TbaSecrets,
	entropy: TbaEntropy = defaultTbaEntropy,
): string {
	const { realm } = parseAccountId(secrets.accountId);
	const consumerKey = requireSecret(secrets, 'consumerKey', 'Consumer Key');
	const consumerSecret = requireSecret(secrets, 'consumerSecret', 'Consumer Secret');
	const tokenId = requireSecret(secrets, 'tokenId', 'Token ID');
	const tokenSecret = requireSecret(secrets, 'tokenSecret', 'Token Secret');

	const oauth: Array<[string, string]> = [
		['oauth_consumer_key', consumerKey],
		['oauth_token', tokenId],
		['oauth_signature_method', 'HMAC-SHA256'],
		['oauth_timestamp', String(Math.floor(entropy.now() / 1000))],
		['oauth_nonce', entropy.nonce()],
		['oauth_version', '1.0'],
	];
	const base = signatureBaseString(request.method, request.url, [
		...oauth,
		...collectQueryParams(request),
	]);
	const key = `${encodeRfc3986(consumerSecret)}&${encodeRfc3986(tokenSecret)}`;
	const signature = createHmac('sha256', key).update(base).digest('base64');

	// Query parameters are deliberately absent here: NetSuite refuses them in the header.
	const fields = [['realm', realm], ...oauth, ['oauth_signature', signature]];
	return 'OAuth ' + fields.map(([k, v]) => `${k}="${encodeRfc3986(v)}"`).join(', ');
}
