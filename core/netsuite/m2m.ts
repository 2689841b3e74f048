import { constants, createPrivateKey, sign, type KeyObject } from 'node:crypto';

import { NetSuiteApiError, netSuiteErrorFromResponse } from './errors';

/**
 * OAuth 2.0 client credentials (machine to machine): a JWT signed with the certificate's private
 * key is exchanged at the token endpoint for a one-hour bearer token. NetSuite accepts the PS and
 * ES families only (no RS256).
 */

export type M2mAlgorithm = 'PS256' | 'ES256';

export interface M2mCredentials {
	/** Client ID of the integration record. */
	clientId: string;
	/** Certificate ID from OAuth 2.0 Client Credentials (M2M) Setup; becomes the JWT `kid`. */
	certificateId: string;
	/** PEM private key matching the uploaded certificate. */
	privateKey: string;
	algorithm: M2mAlgorithm;
}

export const M2M_SCOPE = 'restlets,rest_webservices';
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** NetSuite requires `exp` within 60 minutes of `iat`; the assertion is used at once, so keep it short. */
export const ASSERTION_LIFETIME_SECONDS = 1800;

const b64url = (data: Buffer | string) =>
	(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
		.toString('base64')
		.replace(/=+$/, '')
		.replace(/\+/g, '-')
		.replace(/\//g, '_');

/**
 * n8n text fields often lose the PEM's line breaks (pasted as one line, or with literal `\n`);
 * rebuild them so node:crypto can read the key.
 */
export function normalisePem(pem: string): string {
	const text = String(pem ?? '')
		.trim()
		.replace(/\\n/g, '\n');
	const match = /^(-----BEGIN [A-Z0-9 ]+-----)([\s\S]*?)(-----END [A-Z0-9 ]+-----)$/.exec(text);
	// Encrypted PEMs carry "Proc-Type:" headers; leave those to node:crypto's own error.
	if (!match || match[2].includes(':')) return text;
	const body = match[2].replace(/\s+/g, '');
	return `${match[1]}\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n${match[3]}\n`;
}

function loadKey(credentials: M2mCredentials): KeyObject {
	let key: KeyObject | undefined;
	try {
		key = createPrivateKey({ key: normalisePem(credentials.privateKey), format: 'pem' });
	} catch {
		key = undefined;
	}
	if (!key) {
		// The crypto message can echo key material; say what to fix instead.
		throw new NetSuiteApiError({
			operation: 'OAuth 2.0 client credentials',
			code: 'INVALID_PRIVATE_KEY',
			detail:
				'The private key could not be read. Paste the whole unencrypted PEM, from "-----BEGIN PRIVATE KEY-----" to the END line, that belongs to the certificate uploaded to NetSuite.',
		});
	}
	const type = key.asymmetricKeyType;
	const curve = key.asymmetricKeyDetails?.namedCurve;
	const fits =
		credentials.algorithm === 'PS256'
			? type === 'rsa' || type === 'rsa-pss'
			: type === 'ec' && (curve === 'prime256v1' || curve === 'P-256');
	if (!fits) {
		throw new NetSuiteApiError({
			operation: 'OAuth 2.0 client credentials',
			code: 'KEY_ALGORITHM_MISMATCH',
			detail: `The private key is ${type}${curve ? ` (${curve})` : ''} but the algorithm is ${credentials.algorithm}. Use PS256 with an RSA key or ES256 with an EC P-256 key.`,
		});
	}
	return key;
}

export interface ClientAssertionOptions {
	tokenUrl: string;
	/** Epoch milliseconds. */
	now: number;
	scope?: string;
	lifetimeSeconds?: number;
}

/** The signed JWT for the `client_assertion` form field. */
export function buildClientAssertion(
	credentials: M2mCredentials,
	options: ClientAssertionOptions,
): string {
	const algorithm = credentials.algorithm ?? 'PS256';
	if (algorithm !== 'PS256' && algorithm !== 'ES256') {
		throw new Error(`Unsupported JWT algorithm "${String(algorithm)}": choose PS256 or ES256.`);
	}
	for (const [field, label] of [
		['clientId', 'Client ID'],
		['certificateId', 'Certificate ID'],
	] as const) {
		if (!String(credentials[field] ?? '').trim()) {
			throw new Error(`NetSuite OAuth 2.0 credential: ${label} is empty.`);
		}
	}
	const key = loadKey({ ...credentials, algorithm });
	const iat = Math.floor(options.now / 1000);
	const lifetime = Math.min(options.lifetimeSeconds ?? ASSERTION_LIFETIME_SECONDS, 3600);
	const header = { typ: 'JWT', alg: algorithm, kid: credentials.certificateId.trim() };
	const claims = {
		iss: credentials.clientId.trim(),
		scope: options.scope ?? M2M_SCOPE,
		aud: options.tokenUrl,
		iat,
		exp: iat + lifetime,
	};
	const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
	const signature =
		algorithm === 'PS256'
			? sign('sha256', Buffer.from(signingInput), {
					key,
					padding: constants.RSA_PKCS1_PSS_PADDING,
					saltLength: 32,
				})
			: sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
	return `${signingInput}.${b64url(signature)}`;
}

/** Form body of the token request (`application/x-www-form-urlencoded`). */
export function tokenRequestBody(assertion: string): string {
	return new URLSearchParams({
		grant_type: 'client_credentials',
		client_assertion_type: CLIENT_ASSERTION_TYPE,
		client_assertion: assertion,
	}).toString();
}

export interface TokenRequest {
	method: 'POST';
	url: string;
	headers: Record<string, string>;
	body: string;
}

export function buildTokenRequest(
	credentials: M2mCredentials,
	options: ClientAssertionOptions,
): TokenRequest {
	return {
		method: 'POST',
		url: options.tokenUrl,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: tokenRequestBody(buildClientAssertion(credentials, options)),
	};
}

export interface AccessToken {
	accessToken: string;
	expiresInSeconds: number;
}

/** Reads the token endpoint's answer; OAuth errors become a NetSuiteApiError with setup hints. */
export function parseTokenResponse(
	statusCode: number,
	body: unknown,
	secrets: Array<string | undefined> = [],
): AccessToken {
	let obj: Record<string, unknown> | undefined;
	if (typeof body === 'string') {
		try {
			obj = JSON.parse(body);
		} catch {
			obj = undefined;
		}
	} else if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
		obj = body as Record<string, unknown>;
	}
	const token = obj?.access_token;
	if (statusCode >= 200 && statusCode < 300 && typeof token === 'string' && token) {
		const expires = Number(obj?.expires_in);
		return {
			accessToken: token,
			expiresInSeconds: Number.isFinite(expires) && expires > 0 ? expires : 3600,
		};
	}
	const error = netSuiteErrorFromResponse({
		operation: 'OAuth 2.0 token request',
		statusCode,
		body: obj ?? body,
		secrets,
	});
	if (statusCode >= 200 && statusCode < 300) {
		// A 2xx without a token: say so rather than report a confusing success.
		throw new NetSuiteApiError(
			{
				operation: 'OAuth 2.0 token request',
				statusCode,
				detail: 'The token endpoint answered without an access_token. Check the REST base URL.',
			},
			secrets,
		);
	}
	throw error;
}
