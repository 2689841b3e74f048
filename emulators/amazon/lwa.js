'use strict';

const crypto = require('node:crypto');

const { scaledLifetime } = require('../common/lifetime');

/**
 * Login with Amazon token endpoint (refresh-token grant; client_credentials for grantless
 * operations) and the access-token check every SP-API call makes.
 */
function createLwa({ credentials, timeScale = 1, tokenLifetimeSec = 3600, now }) {
	const tokens = new Map(); // access token → { expiresAt, sellerId, grantless, expiredByTest }

	function oauthError(status, error, description) {
		return { status, body: { error, error_description: description } };
	}

	/** params: parsed form or JSON body → { status, body } */
	function token(params) {
		const grantType = params.grant_type;
		if (!grantType)
			return oauthError(
				400,
				'invalid_request',
				'The request is missing a required parameter : grant_type',
			);
		if (grantType !== 'refresh_token' && grantType !== 'client_credentials')
			return oauthError(
				400,
				'unsupported_grant_type',
				'The authorization grant type is not supported by the authorization server',
			);
		if (!params.client_id)
			return oauthError(
				400,
				'invalid_request',
				'The request is missing a required parameter : client_id',
			);
		if (
			params.client_id !== credentials.clientId ||
			params.client_secret !== credentials.clientSecret
		)
			return oauthError(401, 'invalid_client', 'Client authentication failed');
		if (grantType === 'refresh_token') {
			if (!params.refresh_token)
				return oauthError(
					400,
					'invalid_request',
					'The request is missing a required parameter : refresh_token',
				);
			if (params.refresh_token !== credentials.refreshToken)
				return oauthError(
					400,
					'invalid_grant',
					'The request has an invalid grant parameter : refresh_token',
				);
		} else if (!params.scope) {
			return oauthError(400, 'invalid_scope', 'The request has an invalid parameter : scope');
		}
		const accessToken = `Atza|${crypto.randomBytes(48).toString('base64url')}`;
		// Under a sped-up clock the token dies sooner; expires_in says so, because a client that
		// caches the token for expires_in (Amazon's SDKs do) would otherwise use a dead one.
		const lifetimeSec = scaledLifetime(tokenLifetimeSec, timeScale);
		tokens.set(accessToken, {
			expiresAt: now() + lifetimeSec * 1000,
			sellerId: credentials.sellerId,
			grantless: grantType === 'client_credentials',
		});
		const body = { access_token: accessToken, token_type: 'bearer', expires_in: lifetimeSec };
		if (grantType === 'refresh_token') body.refresh_token = params.refresh_token;
		else body.scope = params.scope;
		return { status: 200, body };
	}

	/** → { ok: true, sellerId } | { ok: false, details } */
	function check(accessToken) {
		const entry = accessToken && tokens.get(accessToken);
		if (!entry || entry.grantless) return { ok: false, details: '' };
		if (now() >= entry.expiresAt)
			return { ok: false, details: 'The access token you provided has expired.' };
		return { ok: true, sellerId: entry.sellerId };
	}

	return {
		token,
		check,
		expireAll() {
			const t = now();
			for (const entry of tokens.values()) entry.expiresAt = Math.min(entry.expiresAt, t);
		},
		reset: () => tokens.clear(),
		count: () => tokens.size,
	};
}

module.exports = { createLwa };
