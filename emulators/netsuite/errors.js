'use strict';

// NetSuite REST error bodies (Oracle: "REST Web Services Error Format": type, title, status,
// o:errorDetails[{detail, o:errorCode, o:errorPath?, o:errorQueryParam?}]) and RESTlet error bodies
// ({error:{code, message}}, what an uncaught SuiteScript error produces).

const TYPES = {
	400: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1',
	401: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2',
	403: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.4',
	404: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.5',
	405: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.6',
	415: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.16',
	429: 'https://tools.ietf.org/html/rfc6585#section-4',
	500: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.1',
	503: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.4',
};

const TITLES = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	415: 'Unsupported Media Type',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	503: 'Service Unavailable',
};

const INVALID_LOGIN_DETAIL =
	'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.';

/** An error the HTTP layer turns into a NetSuite REST error response. */
class RestError extends Error {
	constructor(status, code, detail, extra = {}, headers = {}) {
		super(detail);
		this.status = status;
		this.code = code;
		this.extra = extra;
		this.headers = headers;
	}

	body() {
		return restErrorBody(this.status, this.code, this.message, this.extra);
	}
}

/** An error the HTTP layer turns into a RESTlet (SuiteScript) error response. */
class RestletError extends Error {
	constructor(status, code, message) {
		super(message);
		this.status = status;
		this.code = code;
	}

	body() {
		return { error: { code: this.code, message: this.message } };
	}
}

function restErrorBody(status, code, detail, extra = {}) {
	return {
		type: TYPES[status] || TYPES[400],
		title: TITLES[status] || 'Error',
		status,
		'o:errorDetails': [{ detail, 'o:errorCode': code, ...extra }],
	};
}

const invalidLogin = () => restErrorBody(401, 'INVALID_LOGIN', INVALID_LOGIN_DETAIL);

// RESTlets answer a failed login with their own shape (reported widely; Oracle lists
// INVALID_LOGIN_ATTEMPT among the RESTlet error codes).
const restletInvalidLogin = () => ({
	error: { code: 'INVALID_LOGIN_ATTEMPT', message: 'Invalid login attempt.' },
});

module.exports = {
	RestError,
	RestletError,
	restErrorBody,
	invalidLogin,
	restletInvalidLogin,
	INVALID_LOGIN_DETAIL,
};
