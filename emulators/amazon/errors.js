'use strict';

const crypto = require('node:crypto');

/** SP-API JSON error body: {errors:[{code, message, details?}]}. */
function spErrorBody(code, message, details) {
	const error = { code, message };
	if (details !== undefined) error.details = details;
	return { errors: [error] };
}

/** An error thrown inside a handler that the router turns into an SP-API JSON response. */
class HttpError extends Error {
	constructor(status, body, headers) {
		super(typeof body === 'string' ? body : JSON.stringify(body));
		this.status = status;
		this.body = body;
		this.headers = headers || {};
	}
}

const spError = (status, code, message, details) =>
	new HttpError(status, spErrorBody(code, message, details));

const invalidInput = (message, details) => spError(400, 'InvalidInput', message, details);

const QUOTA_EXCEEDED = () =>
	spErrorBody('QuotaExceeded', 'You exceeded your quota for the requested resource.');

const INTERNAL_FAILURE = () =>
	spErrorBody('InternalFailure', 'We encountered an internal error. Please try again.');

const SERVICE_UNAVAILABLE = () =>
	spErrorBody('ServiceUnavailable', 'Service temporarily unavailable. Please try again later.');

/** S3's XML error document. */
function s3ErrorXml(code, message, extra = {}) {
	const { escapeXml } = require('./xml');
	const fields = Object.entries(extra)
		.map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
		.join('');
	const requestId = crypto.randomBytes(8).toString('hex').toUpperCase();
	const hostId = crypto.randomBytes(48).toString('base64');
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${fields}` +
		`<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`
	);
}

module.exports = {
	HttpError,
	spError,
	spErrorBody,
	invalidInput,
	QUOTA_EXCEEDED,
	INTERNAL_FAILURE,
	SERVICE_UNAVAILABLE,
	s3ErrorXml,
};
