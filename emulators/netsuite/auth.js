'use strict';

const crypto = require('node:crypto');

const { scaledLifetime } = require('../common/lifetime');

/*
 * Authentication as NetSuite does it, written from RFC 5849 / RFC 7523 and Oracle's TBA and M2M
 * pages (independent of the project's client so that the two check each other):
 *  - TBA: OAuth 1.0a HMAC-SHA256; the signature is recomputed from the received request.
 *  - OAuth 2.0 client credentials: JWT assertion → opaque bearer token (1 h, scaled by timeScale).
 * Every failure is recorded in a login audit trail with the real reason, while the client only
 * sees INVALID_LOGIN, exactly the experience NetSuite gives.
 */

const TIMESTAMP_WINDOW_S = 300;
const NONCE_TTL_MS = 10 * 60 * 1000;
const TOKEN_LIFETIME_S = 3600;
const JWT_ALGS = {
	PS256: { hash: 'sha256', pss: true },
	PS384: { hash: 'sha384', pss: true },
	PS512: { hash: 'sha512', pss: true },
	ES256: { hash: 'sha256', ec: true },
	ES384: { hash: 'sha384', ec: true },
	ES512: { hash: 'sha512', ec: true },
};
const SCOPES = new Set(['restlets', 'rest_webservices', 'suite_analytics']);
const TOKEN_PATH = '/services/rest/auth/oauth2/v1/token';

/** RFC 3986 unreserved set kept, everything else %XX (RFC 5849 §3.6). */
function pct(value) {
	return encodeURIComponent(String(value)).replace(
		/[!'()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
	);
}

/** Decodes as an application/x-www-form-urlencoded reader does (`+` is a space). */
function formDecode(value) {
	return decodeURIComponent(value.replace(/\+/g, ' '));
}

function parseQuery(rawQuery) {
	const pairs = [];
	if (!rawQuery) return pairs;
	for (const part of rawQuery.split('&')) {
		if (!part) continue;
		const eq = part.indexOf('=');
		const name = eq < 0 ? part : part.slice(0, eq);
		const value = eq < 0 ? '' : part.slice(eq + 1);
		pairs.push([formDecode(name), formDecode(value)]);
	}
	return pairs;
}

/** `OAuth realm="..", oauth_x=".."` → { name: decoded value }. Null when it is not OAuth. */
function parseOAuthHeader(header) {
	const match = /^\s*OAuth\s+(.*)$/is.exec(header || '');
	if (!match) return null;
	const params = {};
	const re = /([A-Za-z0-9_]+)\s*=\s*"([^"]*)"/g;
	let m;
	while ((m = re.exec(match[1]))) params[m[1]] = decodeURIComponent(m[2]);
	return params;
}

function baseUrl(scheme, host, path) {
	let h = String(host || '').toLowerCase();
	if ((scheme === 'http' && h.endsWith(':80')) || (scheme === 'https' && h.endsWith(':443'))) {
		h = h.replace(/:\d+$/, '');
	}
	return `${scheme.toLowerCase()}://${h}${path}`;
}

function signatureBaseString(method, url, pairs) {
	const normalized = pairs
		.map(([k, v]) => [pct(k), pct(v)])
		.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
	return `${method.toUpperCase()}&${pct(url)}&${pct(normalized)}`;
}

function timingSafeEqualStr(a, b) {
	const ab = Buffer.from(String(a));
	const bb = Buffer.from(String(b));
	return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

function b64urlJson(part) {
	return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

class AuthFailure extends Error {
	constructor(reason, detail) {
		super(detail || reason);
		this.reason = reason;
	}
}

class TokenEndpointError extends Error {
	constructor(status, error, description, reason) {
		super(description);
		this.status = status;
		this.error = error;
		this.reason = reason;
	}
}

/**
 * @param {object} o
 * @param {object} o.credentials  DEFAULT_CREDENTIALS-shaped; o.credentials.netsuite is used
 * @param {() => number} o.now     wall clock in ms
 * @param {number} o.timeScale
 */
function createAuth({ credentials, now, timeScale = 1, certificates = {} }) {
	const ns = credentials.netsuite;
	const nonces = new Map(); // `${consumer}|${token}|${nonce}` → seen at (ms)
	const tokens = new Map(); // access token → { expiresAt, scopes, clientId }
	const certs = new Map(Object.entries(certificates));
	const audit = [];
	let lastPrune = 0;

	function record(entry) {
		audit.push({ at: new Date(now()).toISOString(), ...entry });
		if (audit.length > 1000) audit.splice(0, audit.length - 1000);
	}

	function pruneNonces(t) {
		if (t - lastPrune < 10000) return;
		lastPrune = t;
		for (const [k, seen] of nonces) if (t - seen > NONCE_TTL_MS) nonces.delete(k);
	}

	/** Throws AuthFailure; returns { method: 'TBA' } on success. */
	function verifyTba(req, params, scheme) {
		if (params.realm !== ns.accountId) {
			throw new AuthFailure(
				'InvalidRealm',
				`realm "${params.realm ?? ''}" is not the account ID ${ns.accountId} (upper case, underscore)`,
			);
		}
		const required = [
			'oauth_consumer_key',
			'oauth_token',
			'oauth_signature_method',
			'oauth_timestamp',
			'oauth_nonce',
			'oauth_signature',
		];
		const missing = required.filter((k) => !params[k]);
		if (missing.length) {
			throw new AuthFailure('MissingTokenPassportRequiredFields', `missing ${missing.join(', ')}`);
		}
		if (params.oauth_consumer_key !== ns.consumerKey) {
			throw new AuthFailure('UnknownConsumer', 'consumer key is not an integration of this account');
		}
		if (params.oauth_token !== ns.tokenId) {
			throw new AuthFailure('UnknownToken', 'token ID is not an access token of this account');
		}
		if (params.oauth_signature_method !== 'HMAC-SHA256') {
			throw new AuthFailure(
				'InvalidSignature',
				`signature method ${params.oauth_signature_method} (only HMAC-SHA256 is accepted)`,
			);
		}
		if (params.oauth_version !== undefined && params.oauth_version !== '1.0') {
			throw new AuthFailure('InvalidVersion', `oauth_version ${params.oauth_version}`);
		}
		const extra = Object.keys(params).filter((k) => k !== 'realm' && !k.startsWith('oauth_'));
		if (extra.length) {
			throw new AuthFailure(
				'InvalidSignature',
				`non-OAuth parameters in the Authorization header (${extra.join(', ')}); query parameters belong in the URL only`,
			);
		}
		// Timestamps use the real wall clock: timeScale speeds up token lifetimes, not TBA windows.
		const t = now();
		const ts = Number(params.oauth_timestamp);
		if (!Number.isInteger(ts) || Math.abs(t / 1000 - ts) > TIMESTAMP_WINDOW_S) {
			throw new AuthFailure(
				'InvalidTimestamp',
				`timestamp ${params.oauth_timestamp} is more than ${TIMESTAMP_WINDOW_S} s from server time ${Math.floor(t / 1000)}`,
			);
		}

		const url = new URL(req.url, 'http://placeholder');
		const rawQuery = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
		let query;
		try {
			query = parseQuery(rawQuery.split('#')[0]);
		} catch {
			throw new AuthFailure('InvalidSignature', 'query string is not valid percent-encoding');
		}
		const oauthPairs = Object.entries(params).filter(
			([k]) => k.startsWith('oauth_') && k !== 'oauth_signature',
		);
		const base = signatureBaseString(
			req.method,
			baseUrl(scheme, req.headers.host, url.pathname),
			[...oauthPairs, ...query],
		);
		const key = `${pct(ns.consumerSecret)}&${pct(ns.tokenSecret)}`;
		const expected = crypto.createHmac('sha256', key).update(base).digest('base64');
		if (!timingSafeEqualStr(expected, params.oauth_signature)) {
			throw new AuthFailure(
				'InvalidSignature',
				'signature does not match the request (method, URL, every query parameter, oauth parameters)',
			);
		}

		pruneNonces(t);
		const nonceKey = `${params.oauth_consumer_key}|${params.oauth_token}|${params.oauth_nonce}`;
		if (nonces.has(nonceKey)) {
			throw new AuthFailure('InvalidNonce', `nonce ${params.oauth_nonce} was already used`);
		}
		nonces.set(nonceKey, t);
		return { method: 'TBA' };
	}

	function verifyBearer(token, requiredScope) {
		const entry = tokens.get(token);
		if (!entry) throw new AuthFailure('UnknownToken', 'bearer token was not issued by this account');
		if (now() >= entry.expiresAt) {
			throw new AuthFailure('ExpiredToken', 'bearer token has expired');
		}
		if (requiredScope && !entry.scopes.includes(requiredScope)) {
			throw new AuthFailure(
				'InvalidScope',
				`bearer token scopes [${entry.scopes.join(', ')}] do not include ${requiredScope}`,
			);
		}
		return { method: 'OAuth2', scopes: entry.scopes };
	}

	/**
	 * Authenticates one request. `scope` is what a bearer token needs: 'rest_webservices' for
	 * /services/rest, 'restlets' for restlet.nl. Returns { ok, method?, reason?, bearer }.
	 */
	function authenticate(req, { scope, scheme = 'http', operation }) {
		const header = req.headers.authorization || '';
		const bearer = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
		try {
			let result;
			if (bearer) result = verifyBearer(bearer[1], scope);
			else {
				const params = parseOAuthHeader(header);
				if (!params) throw new AuthFailure('MissingAuthorization', 'no OAuth or Bearer header');
				result = verifyTba(req, params, scheme);
			}
			return { ok: true, ...result };
		} catch (err) {
			if (!(err instanceof AuthFailure)) throw err;
			record({
				operation,
				method: bearer ? 'OAuth2' : 'TBA',
				status: 'Failure',
				reason: err.reason,
				detail: err.message,
				request: `${req.method} ${req.url.split('?')[0]}`,
			});
			return { ok: false, reason: err.reason, bearer: Boolean(bearer) };
		}
	}

	/** POST /services/rest/auth/oauth2/v1/token with a client_credentials JWT assertion. */
	function issueToken(form, tokenUrl) {
		try {
			if (form.grant_type !== 'client_credentials') {
				throw new TokenEndpointError(
					400,
					'unsupported_grant_type',
					`grant_type ${form.grant_type || '(missing)'} is not supported; use client_credentials`,
					'UnsupportedGrantType',
				);
			}
			if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
				throw new TokenEndpointError(
					400,
					'invalid_request',
					'client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
					'InvalidRequest',
				);
			}
			const jwt = String(form.client_assertion || '');
			const parts = jwt.split('.');
			if (parts.length !== 3) {
				throw new TokenEndpointError(400, 'invalid_request', 'client_assertion is not a JWT', 'InvalidRequest');
			}
			let header;
			let payload;
			try {
				header = b64urlJson(parts[0]);
				payload = b64urlJson(parts[1]);
			} catch {
				throw new TokenEndpointError(400, 'invalid_request', 'client_assertion is not a JWT', 'InvalidRequest');
			}
			const alg = JWT_ALGS[header.alg];
			if (!alg) {
				throw new TokenEndpointError(
					400,
					'invalid_client',
					`JWT alg ${header.alg} is not accepted (PS256/384/512 or ES256/384/512)`,
					'InvalidAlgorithm',
				);
			}
			const pem = certs.get(header.kid);
			if (!pem) {
				throw new TokenEndpointError(
					400,
					'invalid_client',
					`JWT kid ${header.kid} is not a certificate ID of this account`,
					'UnknownCertificate',
				);
			}
			const key = crypto.createPublicKey(pem);
			const verifyKey = alg.pss
				? { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST }
				: { key, dsaEncoding: 'ieee-p1363' };
			let valid = false;
			try {
				valid = crypto.verify(
					alg.hash,
					Buffer.from(`${parts[0]}.${parts[1]}`),
					verifyKey,
					Buffer.from(parts[2], 'base64url'),
				);
			} catch {
				valid = false;
			}
			if (!valid) {
				throw new TokenEndpointError(400, 'invalid_client', 'JWT signature is invalid', 'InvalidSignature');
			}
			if (payload.iss !== ns.m2m.clientId) {
				throw new TokenEndpointError(400, 'invalid_client', 'JWT iss is not the integration client ID', 'UnknownConsumer');
			}
			const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
			if (!auds.some((a) => String(a || '').toLowerCase() === tokenUrl.toLowerCase())) {
				throw new TokenEndpointError(400, 'invalid_request', `JWT aud must be ${tokenUrl}`, 'InvalidAudience');
			}
			const nowS = now() / 1000;
			const iat = Number(payload.iat);
			const exp = Number(payload.exp);
			if (!Number.isFinite(iat) || !Number.isFinite(exp)) {
				throw new TokenEndpointError(400, 'invalid_request', 'JWT iat and exp are required', 'InvalidTimestamp');
			}
			if (exp > iat + 3600) {
				throw new TokenEndpointError(400, 'invalid_request', 'JWT exp must be at most 60 minutes after iat', 'InvalidTimestamp');
			}
			if (exp <= nowS) {
				throw new TokenEndpointError(400, 'invalid_grant', 'JWT has expired', 'ExpiredToken');
			}
			if (iat > nowS + TIMESTAMP_WINDOW_S) {
				throw new TokenEndpointError(400, 'invalid_request', 'JWT iat is in the future', 'InvalidTimestamp');
			}
			const scopes = String(payload.scope || '')
				.split(/[\s,]+/)
				.filter(Boolean);
			if (!scopes.length || !scopes.every((s) => SCOPES.has(s))) {
				throw new TokenEndpointError(
					400,
					'invalid_scope',
					'JWT scope must list restlets, rest_webservices and/or suite_analytics',
					'InvalidScope',
				);
			}
			const accessToken = crypto.randomBytes(32).toString('base64url');
			// Reported = enforced, also under a sped-up clock (see common/lifetime.js).
			const lifetimeSec = scaledLifetime(TOKEN_LIFETIME_S, timeScale);
			tokens.set(accessToken, {
				expiresAt: now() + lifetimeSec * 1000,
				scopes,
				clientId: payload.iss,
			});
			return {
				status: 200,
				body: { access_token: accessToken, token_type: 'Bearer', expires_in: lifetimeSec },
			};
		} catch (err) {
			if (!(err instanceof TokenEndpointError)) throw err;
			record({
				operation: 'token',
				method: 'OAuth2',
				status: 'Failure',
				reason: err.reason,
				detail: err.message,
				request: `POST ${TOKEN_PATH}`,
			});
			return { status: err.status, body: { error: err.error, error_description: err.message } };
		}
	}

	return {
		authenticate,
		issueToken,
		registerCertificate(certificateId, publicKeyPem) {
			crypto.createPublicKey(publicKeyPem); // fail early on a bad key
			certs.set(certificateId, publicKeyPem);
		},
		/** Expires every issued bearer token (for "expired mid-run" tests). */
		expireTokens() {
			for (const entry of tokens.values()) entry.expiresAt = 0;
		},
		audit: () => audit.slice(),
		tokenCount: () => tokens.size,
		reset() {
			nonces.clear();
			tokens.clear();
			audit.length = 0;
		},
	};
}

module.exports = { createAuth, parseQuery, pct, TOKEN_PATH };
