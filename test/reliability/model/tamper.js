'use strict';
/**
 * Faults the emulators do not inject themselves, made by rewriting their answers on the way out:
 * a 200 whose body is not the JSON asked for (an HTML page, truncated JSON, an object without
 * `items`), a processing report that names another feed or accounts for fewer messages than were
 * sent, a createFeed that Amazon applied but answered 500. Install it while the emulators are
 * created (it wraps the handlers given to http.createServer, like ../helpers/traffic.js).
 */
const http = require('node:http');
const zlib = require('node:zlib');

/**
 * @param {(req: http.IncomingMessage) => ((answer) => answer | null) | null} decide
 *   called for every request; returns a rewrite of { status, headers, body: Buffer } or null.
 */
function createTamper(decide) {
	let original = null;
	const applied = [];

	/** → true when the request was answered here (refused before the emulator saw it). */
	function wrap(req, res) {
		const rewrite = decide(req);
		if (!rewrite) return false;
		if (rewrite.refuse) {
			const { status, body } = rewrite.refuse;
			applied.push(`${req.method} ${req.url.split('?')[0]} refused ${status}`);
			req.resume();
			res.writeHead(status, { 'content-type': 'application/vnd.oracle.resource+json; type=error' });
			res.end(JSON.stringify(body));
			return true;
		}
		const out = { writeHead: res.writeHead, write: res.write, end: res.end };
		let status;
		const headers = {};
		const chunks = [];
		const toBuffer = (chunk, enc) =>
			Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof enc === 'string' ? enc : 'utf8');
		res.writeHead = function (code, reason, h) {
			status = code;
			const given = typeof reason === 'object' ? reason : h;
			if (given && !Array.isArray(given))
				for (const [k, v] of Object.entries(given)) headers[k.toLowerCase()] = v;
			return res;
		};
		res.write = function (chunk, enc, cb) {
			if (chunk) chunks.push(toBuffer(chunk, enc));
			(typeof enc === 'function' ? enc : cb)?.();
			return true;
		};
		res.end = function (chunk, enc, cb) {
			if (chunk && typeof chunk !== 'function') chunks.push(toBuffer(chunk, enc));
			res.writeHead = out.writeHead;
			res.write = out.write;
			res.end = out.end;
			const answer = {
				status: status ?? res.statusCode,
				headers: { ...lower(res.getHeaders()), ...headers },
				body: Buffer.concat(chunks),
			};
			const next = rewrite(answer) ?? answer;
			if (next !== answer) applied.push(`${req.method} ${req.url.split('?')[0]} → ${next.status}`);
			for (const name of res.getHeaderNames()) res.removeHeader(name);
			const h = { ...next.headers };
			delete h['content-length'];
			delete h['transfer-encoding'];
			h['content-length'] = String(next.body.length);
			out.writeHead.call(res, next.status, h);
			return out.end.call(res, next.body, typeof enc === 'function' ? enc : cb);
		};
		return false;
	}

	return {
		applied,
		install() {
			if (original) return;
			original = http.createServer;
			http.createServer = function createServer(...args) {
				const i = args.findIndex((a) => typeof a === 'function');
				if (i >= 0) {
					const handler = args[i];
					args[i] = function tampered(req, res) {
						if (wrap(req, res)) return undefined;
						return handler.call(this, req, res);
					};
				}
				return original.apply(this, args);
			};
		},
		uninstall() {
			if (original) http.createServer = original;
			original = null;
		},
	};
}

const lower = (h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

/** Text of a body that may be gzipped, and a function to put text back the same way. */
function textOf(body) {
	const gz = body.length > 2 && body[0] === 0x1f && body[1] === 0x8b;
	const text = (gz ? zlib.gunzipSync(body) : body).toString('utf8');
	return {
		text,
		pack: (t) => (gz ? zlib.gzipSync(Buffer.from(t, 'utf8')) : Buffer.from(t, 'utf8')),
	};
}

/** Wrong-shape 200s: what a proxy, a login page or a cut connection gives instead of JSON. */
const WRONG_SHAPES = {
	html: () => ({
		type: 'text/html; charset=UTF-8',
		body: '<!DOCTYPE html><html><head><title>NetSuite</title></head><body>Service temporarily unavailable. Please log in again.</body></html>',
	}),
	truncated: (json) => ({
		type: 'application/json',
		body: json.slice(0, Math.max(1, Math.floor(json.length / 2))),
	}),
	noItems: () => ({
		type: 'application/json',
		body: JSON.stringify({ links: [], count: 0, hasMore: false }),
	}),
};

/** A processing report changed so it no longer accounts for its feed. */
const REPORT_TAMPERS = {
	otherFeed: (xml) =>
		xml.replace(
			/<DocumentTransactionID>(\d+)</,
			(_, id) => `<DocumentTransactionID>${Number(id) + 777}<`,
		),
	fewerProcessed: (xml) =>
		xml
			.replace(
				/<MessagesProcessed>(\d+)</,
				(_, n) => `<MessagesProcessed>${Math.max(0, Number(n) - 1)}<`,
			)
			.replace(
				/<MessagesSuccessful>(\d+)</,
				(_, n) => `<MessagesSuccessful>${Math.max(0, Number(n) - 1)}<`,
			)
			.replace(/\s*<Result>[\s\S]*?<\/Result>/g, ''),
};

/**
 * The rewrites of one case's faults (cases.js faultsArb): returns the `decide` for createTamper.
 * Counting is per kind of call, so "the 2nd SuiteQL query" is stable for a given case.
 */
function planFor(faults) {
	const counts = new Map();
	const nth = (kind) => {
		const n = (counts.get(kind) ?? 0) + 1;
		counts.set(kind, n);
		return n;
	};
	return (req) => {
		const url = req.url.split('?')[0];
		const ws = faults.wrongShape;
		if (ws) {
			const kind = /\/query\/v1\/suiteql$/.test(url)
				? 'suiteql'
				: /\/app\/site\/hosting\/restlet\.nl$/.test(url)
					? 'restlet'
					: null;
			if (kind && nth(kind) === ws.nth && kind === ws.target)
				return (answer) => {
					if (answer.status !== 200) return null;
					const shape = WRONG_SHAPES[ws.shape](answer.body.toString('utf8'));
					return {
						status: 200,
						headers: { ...answer.headers, 'content-type': shape.type },
						body: Buffer.from(shape.body, 'utf8'),
					};
				};
		}
		if (
			faults.patchRefused &&
			req.method === 'PATCH' &&
			url.toLowerCase().endsWith(`/salesorder/${faults.patchRefused}`)
		)
			return {
				refuse: {
					status: 400,
					body: {
						type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1',
						title: 'Bad Request',
						status: 400,
						'o:errorDetails': [
							{
								detail:
									'Error while accessing a resource. You have entered an Invalid Field Value 7 for the following field: custbody_amz_order_status',
								'o:errorCode': 'USER_ERROR',
							},
						],
					},
				},
			};
		if (faults.report && req.method === 'GET' && /^\/s3\/feed-documents\//.test(url))
			return (answer) => {
				if (answer.status !== 200) return null;
				const { text, pack } = textOf(answer.body);
				if (!text.includes('<ProcessingReport>')) return null;
				return { ...answer, body: pack(REPORT_TAMPERS[faults.report](text)) };
			};
		if (faults.ambiguousCreate && req.method === 'POST' && /^\/feeds\/2021-06-30\/feeds$/.test(url))
			if (nth('createFeed') === faults.ambiguousCreate)
				return (answer) =>
					answer.status === 202
						? {
								status: 500,
								headers: { 'content-type': 'application/json' },
								body: Buffer.from(
									JSON.stringify({
										errors: [
											{
												code: 'InternalFailure',
												message: 'We encountered an internal error. Please try again.',
											},
										],
									}),
								),
							}
						: null;
		return null;
	};
}

module.exports = { createTamper, planFor, WRONG_SHAPES, REPORT_TAMPERS };
