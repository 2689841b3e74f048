'use strict';

const nodeCrypto = require('node:crypto');

/*
 * N/encode, N/crypto (secret keys from API Secrets, HMAC, hashes) and N/https for the emulator's
 * SuiteScript layer. Keys and HMACs are node:crypto; an API Secret is looked up by its ID in the
 * emulator's map (options.userEvent.secrets) and its value never leaves this file: a SecretKey
 * object holds only the ID. N/https calls `env.httpSync`, which blocks the script until the answer
 * (see ../userevents.js for how that is done without blocking the emulator).
 */

const ENCODING = {
	UTF_8: 'UTF_8',
	BASE_16: 'BASE_16',
	BASE_32: 'BASE_32',
	BASE_64: 'BASE_64',
	BASE_64_URL_SAFE: 'BASE_64_URL_SAFE',
	HEX: 'HEX',
};
const NODE_ENCODING = {
	UTF_8: 'utf8',
	BASE_16: 'hex',
	HEX: 'hex',
	BASE_64: 'base64',
	BASE_64_URL_SAFE: 'base64url',
};
const HASH_ALG = { SHA1: 'SHA1', SHA256: 'SHA256', SHA512: 'SHA512', MD5: 'MD5' };

function nodeEncoding(sse, encoding, fallback) {
	const e = encoding === undefined || encoding === null ? fallback : encoding;
	const n = NODE_ENCODING[e];
	if (!n) throw sse('INVALID_ENCODING', `Encoding ${e} is not supported by the emulator.`);
	return n;
}

function createEncode(sse) {
	return {
		Encoding: { ...ENCODING },
		convert(options) {
			const o = options || {};
			if (o.string === undefined || !o.inputEncoding || !o.outputEncoding) {
				throw sse(
					'SSS_MISSING_REQD_ARGUMENT',
					'convert: Missing a required argument: string, inputEncoding, outputEncoding',
				);
			}
			const buf = Buffer.from(String(o.string), nodeEncoding(sse, o.inputEncoding));
			return buf.toString(nodeEncoding(sse, o.outputEncoding));
		},
	};
}

/** @param {{ secrets?: object }} env  secrets: { custsecret_…: value } */
function createCrypto(env, sse) {
	const values = new WeakMap(); // SecretKey → its value, out of the script's reach
	const secretValue = (key) => {
		const v = key && values.get(key);
		if (v === undefined)
			throw sse('INVALID_SECRET_KEY', 'The key is not a SecretKey from crypto.createSecretKey.');
		return v;
	};
	const algorithmOf = (a) => {
		const alg = String(a || HASH_ALG.SHA1).toUpperCase();
		if (!HASH_ALG[alg]) throw sse('INVALID_HASH_ALGORITHM', `Unknown hash algorithm ${a}.`);
		return alg.toLowerCase();
	};
	function digester(h, name) {
		let done = false;
		return {
			update(options) {
				const o = options || {};
				if (o.input === undefined)
					throw sse(
						'SSS_MISSING_REQD_ARGUMENT',
						`${name}.update: Missing a required argument: input`,
					);
				if (done) throw sse('INVALID_OPERATION', `${name}.update after digest.`);
				h.update(Buffer.from(String(o.input), nodeEncoding(sse, o.inputEncoding, ENCODING.UTF_8)));
			},
			digest(options) {
				if (done) throw sse('INVALID_OPERATION', `${name}.digest called twice.`);
				done = true;
				// Oracle's documentation: HEX unless told otherwise.
				return h.digest(nodeEncoding(sse, options && options.outputEncoding, ENCODING.HEX));
			},
		};
	}
	return {
		HashAlg: { ...HASH_ALG },
		Encoding: { ...ENCODING },
		createSecretKey(options) {
			const o = options || {};
			const id = o.secret !== undefined ? o.secret : o.guid;
			if (!id)
				throw sse(
					'SSS_MISSING_REQD_ARGUMENT',
					'createSecretKey: Missing a required argument: guid or secret',
				);
			const secrets = env.secrets || {};
			if (!Object.prototype.hasOwnProperty.call(secrets, String(id))) {
				// NetSuite's code for an unknown or not-allowed API Secret is not documented.
				throw sse('INVALID_SECRET_KEY', `No API Secret ${id} is available to this script.`);
			}
			const encoding = nodeEncoding(sse, o.encoding, ENCODING.UTF_8);
			const key = Object.freeze({
				guid: o.guid || null,
				secret: o.secret || null,
				encoding: o.encoding || 'UTF_8',
			});
			values.set(key, Buffer.from(String(secrets[String(id)]), encoding));
			return key;
		},
		createHmac(options) {
			const o = options || {};
			if (!o.key)
				throw sse('SSS_MISSING_REQD_ARGUMENT', 'createHmac: Missing a required argument: key');
			return digester(nodeCrypto.createHmac(algorithmOf(o.algorithm), secretValue(o.key)), 'Hmac');
		},
		createHash(options) {
			return digester(nodeCrypto.createHash(algorithmOf(options && options.algorithm)), 'Hash');
		},
	};
}

/**
 * N/https over env.httpSync({ method, url, headers, body }) → { code, headers, body } or
 * { error: { name, message } }. 10 units per call, as documented.
 */
function createHttps(env, meter, sse) {
	const Method = { GET: 'GET', POST: 'POST', PUT: 'PUT', DELETE: 'DELETE', HEAD: 'HEAD' };
	function request(options) {
		const o = options || {};
		meter.charge('https.request');
		if (!o.url || !o.method)
			throw sse('SSS_MISSING_REQD_ARGUMENT', 'request: Missing a required argument: method, url');
		const method = String(o.method).toUpperCase();
		if (!Method[method])
			throw sse('SSS_INVALID_HTTP_METHOD', `Method ${o.method} is not supported.`);
		let url;
		try {
			url = new URL(String(o.url));
		} catch {
			throw sse('SSS_INVALID_URL', 'The URL must be a fully qualified HTTPS URL.');
		}
		// NetSuite calls only https URLs; the emulator also lets plain http reach this machine
		// (local test receivers and a local n8n), or any host with the allowHttp option (an n8n in
		// another container), and nothing else.
		const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
		if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (loopback || env.allowHttp))) {
			throw sse('SSS_INVALID_URL', 'The URL must be a fully qualified HTTPS URL.');
		}
		let body = o.body;
		if (body !== undefined && body !== null && typeof body === 'object') {
			body = new URLSearchParams(body).toString();
		}
		const headers = {};
		for (const [k, v] of Object.entries(o.headers || {})) headers[k] = String(v);
		const answer = env.httpSync({
			method,
			url: url.toString(),
			headers,
			body: body === undefined || body === null || method === 'GET' ? undefined : String(body),
		});
		if (answer.error) throw sse(answer.error.name, answer.error.message);
		return Object.freeze({ code: answer.code, headers: answer.headers, body: answer.body });
	}
	const shortcut = (method) => (options) => request({ ...(options || {}), method });
	return {
		Method,
		request,
		get: shortcut('GET'),
		post: shortcut('POST'),
		put: shortcut('PUT'),
		delete: shortcut('DELETE'),
	};
}

module.exports = { createEncode, createCrypto, createHttps, ENCODING, HASH_ALG };
