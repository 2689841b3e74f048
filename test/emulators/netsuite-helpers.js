'use strict';

// A small, independent TBA signer for talking to the NetSuite emulator (RFC 5849, HMAC-SHA256).
const crypto = require('node:crypto');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');

const pct = (v) =>
	encodeURIComponent(String(v)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

let nonceCounter = 0;

/**
 * Returns the Authorization header for `method url`. `tamper` lets a test break one thing:
 * { realm, timestampS, nonce, consumerKey, tokenId, consumerSecret, skipQuery: [names], extraHeaderParams }.
 */
function tbaHeader(method, url, tamper = {}, creds = DEFAULT_CREDENTIALS.netsuite) {
	const u = new URL(url);
	const oauth = {
		oauth_consumer_key: tamper.consumerKey ?? creds.consumerKey,
		oauth_token: tamper.tokenId ?? creds.tokenId,
		oauth_signature_method: 'HMAC-SHA256',
		oauth_timestamp: String(tamper.timestampS ?? Math.floor(Date.now() / 1000)),
		oauth_nonce: tamper.nonce ?? `n${process.pid}x${Date.now()}x${++nonceCounter}`,
		oauth_version: '1.0',
	};
	const skip = new Set(tamper.skipQuery || []);
	const pairs = [...Object.entries(oauth)];
	u.searchParams.forEach((v, k) => {
		if (!skip.has(k)) pairs.push([k, v]);
	});
	const normalized = pairs
		.map(([k, v]) => [pct(k), pct(v)])
		.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
	const base = [method.toUpperCase(), pct(`${u.protocol}//${u.host}${u.pathname}`), pct(normalized)].join('&');
	const key = `${pct(tamper.consumerSecret ?? creds.consumerSecret)}&${pct(creds.tokenSecret)}`;
	const signature = crypto.createHmac('sha256', key).update(base).digest('base64');
	const fields = [['realm', tamper.realm ?? creds.accountId], ...Object.entries(oauth), ['oauth_signature', signature]];
	for (const [k, v] of Object.entries(tamper.extraHeaderParams || {})) fields.push([k, v]);
	return 'OAuth ' + fields.map(([k, v]) => `${k}="${pct(v)}"`).join(', ');
}

/** Builds a URL whose query values are encoded with %20 (never +), like a careful client. */
function withQuery(base, path, params = {}) {
	const qs = Object.entries(params)
		.map(([k, v]) => `${pct(k)}=${pct(v)}`)
		.join('&');
	return `${base}${path}${qs ? `?${qs}` : ''}`;
}

async function call(method, url, { body, headers = {}, tamper, auth } = {}) {
	const h = { ...headers };
	h.Authorization = auth ?? tbaHeader(method, url, tamper);
	if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
	const res = await fetch(url, {
		method,
		headers: h,
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

function suiteql(base, q, { limit, offset, ...rest } = {}) {
	const params = {};
	if (limit !== undefined) params.limit = limit;
	if (offset !== undefined) params.offset = offset;
	return call('POST', withQuery(base, '/services/rest/query/v1/suiteql', params), {
		body: { q },
		headers: { Prefer: 'transient' },
		...rest,
	});
}

function restlet(base, params, opts = {}) {
	return call(
		'GET',
		withQuery(base, '/app/site/hosting/restlet.nl', {
			script: 'customscript_amz_saved_search',
			deploy: 'customdeploy_amz_saved_search',
			...params,
		}),
		opts,
	);
}

module.exports = { tbaHeader, withQuery, call, suiteql, restlet, pct };
