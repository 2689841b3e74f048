'use strict';

const crypto = require('node:crypto');

const { scaledLifetime } = require('../common/lifetime');

/**
 * Pre-signed S3-like URLs. Like real S3 query-string signing, the signature covers the method,
 * the object key, the signing date and the signed headers (content-type;host for uploads), so a
 * Content-Type differing by one byte from the declared one fails with SignatureDoesNotMatch.
 */
const ACCESS_KEY = 'AKIAEMULATOR00000000';
const EXPIRES_SEC = 300;

function amzDate(ms) {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

function createSigner({ timeScale = 1, now }) {
	const secret = crypto.randomBytes(32);
	const issued = new Map(); // signature → issue time (emulator clock), so expiry can be time-scaled

	function stringToSign(method, key, date, contentType) {
		return [
			'AWS4-HMAC-SHA256',
			date,
			`${method}\n/${key}`,
			contentType === undefined ? 'host' : `content-type:${contentType};host`,
		].join('\n');
	}
	const sign = (sts) => crypto.createHmac('sha256', secret).update(sts, 'utf8').digest('hex');

	/** key like 'feed-documents/<id>'; contentType only for uploads. */
	function presign(baseUrl, method, key, contentType, extraQuery = {}) {
		const date = amzDate(now());
		const params = new URLSearchParams({
			'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
			'X-Amz-Credential': `${ACCESS_KEY}/${date.slice(0, 8)}/us-east-1/s3/aws4_request`,
			'X-Amz-Date': date,
			// Scaled with the clock, and enforced as written (see common/lifetime.js).
			'X-Amz-Expires': String(scaledLifetime(EXPIRES_SEC, timeScale)),
			'X-Amz-SignedHeaders': contentType === undefined ? 'host' : 'content-type;host',
			...extraQuery,
		});
		const extra = Object.keys(extraQuery)
			.sort()
			.map((k) => `${k}=${extraQuery[k]}`)
			.join('&');
		params.set(
			'X-Amz-Signature',
			sign(stringToSign(method, key, date, contentType) + (extra ? `\n${extra}` : '')),
		);
		issued.set(params.get('X-Amz-Signature'), now());
		return `${baseUrl}/s3/${key}?${params.toString()}`;
	}

	/**
	 * Verify a request against its URL. contentType is the request's header (undefined when absent)
	 * and is only part of the signature when the URL signed it.
	 * → { ok: true } | { ok: false, code, message, extra }
	 */
	function verify(method, key, query, requestContentType) {
		const signature = query.get('X-Amz-Signature');
		const date = query.get('X-Amz-Date');
		if (!signature || !date || query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
			return { ok: false, code: 'AccessDenied', message: 'Access Denied', extra: {} };
		const signsContentType = (query.get('X-Amz-SignedHeaders') || '')
			.split(';')
			.includes('content-type');
		const extraKeys = [...query.keys()].filter((k) => !k.startsWith('X-Amz-')).sort();
		const extra = extraKeys.map((k) => `${k}=${query.get(k)}`).join('&');
		const sts =
			stringToSign(method, key, date, signsContentType ? requestContentType || '' : undefined) +
			(extra ? `\n${extra}` : '');
		const expected = sign(sts);
		if (
			expected.length !== signature.length ||
			!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
		)
			return {
				ok: false,
				code: 'SignatureDoesNotMatch',
				message:
					'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
				extra: {
					AWSAccessKeyId: ACCESS_KEY,
					StringToSign: sts,
					SignatureProvided: signature,
					StringToSignBytes: Buffer.from(sts).toString('hex').replace(/(..)/g, '$1 ').trim(),
				},
			};
		const issuedAt = issued.get(signature);
		const expiresAt = issuedAt + Number(query.get('X-Amz-Expires')) * 1000;
		if (issuedAt === undefined || now() > expiresAt)
			return {
				ok: false,
				code: 'AccessDenied',
				message: 'Request has expired',
				extra: {
					'X-Amz-Expires': query.get('X-Amz-Expires'),
					Expires: new Date(expiresAt || 0).toISOString().replace(/\.\d{3}/, ''),
					ServerTime: new Date(now()).toISOString().replace(/\.\d{3}/, ''),
				},
			};
		return { ok: true };
	}

	return { presign, verify, reset: () => issued.clear() };
}

module.exports = { createSigner, EXPIRES_SEC };
