'use strict';

const { RestError, RestletError, restErrorBody, invalidLogin, restletInvalidLogin } = require('./errors');
const { parseQuery, TOKEN_PATH } = require('./auth');
const { propertyValidationHeader } = require('./records');

/*
 * Routing and the per-request pipeline: route → count → fault decision (before any state change)
 * → latency → authentication → concurrency slot → operation → response.
 */

const REST_JSON = 'application/vnd.oracle.resource+json';
const MAX_BODY = 20 * 1024 * 1024;

function route(method, path) {
	if (path === TOKEN_PATH) return { op: 'token', kind: 'token', methods: ['POST'] };
	if (path === '/services/rest/query/v1/suiteql') {
		return { op: 'suiteql', kind: 'rest', methods: ['POST'] };
	}
	if (path === '/app/site/hosting/restlet.nl') {
		return { op: 'restlet', kind: 'restlet', methods: ['GET', 'POST', 'PUT', 'DELETE'] };
	}
	let m = /^\/services\/rest\/query\/v1\/savedsearch(?:\/([^/]+)\/result)?\/?$/i.exec(path);
	if (m) return { op: 'savedSearchRest', kind: 'rest', methods: ['GET'], id: m[1] && decodeURIComponent(m[1]) };
	m = /^\/services\/rest\/record\/v1\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
	if (m) {
		const op = method === 'PATCH' ? 'recordPatch' : 'recordGet';
		return {
			op,
			kind: 'rest',
			methods: m[3] ? ['GET'] : ['GET', 'PATCH'],
			typeSegment: m[1],
			id: decodeURIComponent(m[2]),
			sub: m[3],
		};
	}
	return null;
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new RestError(413, 'INVALID_CONTENT', 'Request body too large.'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function parseJson(text) {
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		throw new RestError(400, 'INVALID_CONTENT', 'The request body is not valid JSON.');
	}
}

/** Rows in a page answer (RESTlet `rows`, REST collection `items`), for benchmarks' logs. */
function rowsOf(body) {
	if (!body || typeof body !== 'object') return undefined;
	if (Array.isArray(body.rows)) return body.rows.length;
	if (Array.isArray(body.items)) return body.items.length;
	return undefined;
}

function parseRaw(text) {
	try {
		return text ? JSON.parse(text) : undefined;
	} catch {
		return undefined;
	}
}

function createHandler(ctx) {
	const { auth, faults, concurrency, suiteql, searches, restlets, records, options, sleep, pending } = ctx;
	const stats = new Proxy({}, { get: (_, k) => ctx.stats[k] }); // reset() swaps ctx.stats

	function send(res, status, body, headers = {}, raw) {
		if (res.headersSent || res.destroyed) return;
		const text = raw !== undefined ? raw : body === undefined ? '' : JSON.stringify(body);
		res.writeHead(status, {
			...(body === undefined ? {} : { 'Content-Type': headers['Content-Type'] || 'application/json' }),
			'Content-Length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	function sendRestError(res, err) {
		send(res, err.status, err.body(), { 'Content-Type': `${REST_JSON}; type=error`, ...(err.headers || {}) });
	}

	function log(entry) {
		if (options.logger) {
			try {
				options.logger(entry);
			} catch {
				/* a logger must never break the emulator */
			}
		}
	}

	/** Answers an injected fault the way NetSuite shows that condition on this channel. */
	function injectFault(kind, r, req, res) {
		stats.faultsInjected[r.op] = (stats.faultsInjected[r.op] || 0) + 1;
		if (kind === 'drop') {
			req.socket.destroy();
			return;
		}
		if (kind === 'timeout') {
			const wait = Math.min(30000, 30000 / options.timeScale);
			const timer = setTimeout(() => {
				pending.delete(timer);
				req.socket.destroy();
			}, wait);
			pending.add(timer);
			return;
		}
		const status = Number(kind);
		if (r.kind === 'restlet') {
			// RESTlets report overload as 400 SSS_REQUEST_LIMIT_EXCEEDED, never 429.
			if (status === 429) return send(res, 400, overloadRestlet().body());
			return send(res, status, { error: { code: 'UNEXPECTED_ERROR', message: 'An unexpected SuiteScript error has occurred (injected fault).' } });
		}
		if (r.kind === 'token') {
			return send(res, status, { error: status === 429 ? 'too_many_requests' : 'server_error', error_description: 'Injected fault.' });
		}
		if (status === 429) return sendRestError(res, overloadRest());
		sendRestError(
			res,
			new RestError(status, status === 503 ? 'SERVICE_UNAVAILABLE' : 'UNEXPECTED_ERROR', status === 503 ? 'The service is temporarily unavailable (injected fault).' : 'An unexpected error occurred (injected fault).'),
		);
	}

	const overloadRest = () =>
		new RestError(
			429,
			'CONCURRENCY_LIMIT_EXCEEDED',
			'Concurrency limit exceeded. The request was rejected because the account has reached its limit of concurrent requests; retry later.',
		);
	const overloadRestlet = () =>
		new RestletError(400, 'SSS_REQUEST_LIMIT_EXCEEDED', 'The request could not be processed because the concurrent request limit for this account has been exceeded. Retry later.');

	async function operate(r, req, url, bodyText) {
		const base = `http://${req.headers.host}`;
		const query = Object.fromEntries(parseQuery(url.search.slice(1)));
		switch (r.op) {
			case 'suiteql': {
				const body = parseJson(bodyText) || {};
				return {
					status: 200,
					body: suiteql.run({
						q: body.q,
						limit: query.limit,
						offset: query.offset,
						selfUrl: `${base}${url.pathname}`,
					}),
					type: 'collection',
				};
			}
			case 'restlet': {
				// The shipped script answers (emulators/netsuite/restlet.js); the URL's script and
				// deploy pick it. A GET entry point receives the URL parameters, a POST one its body.
				const out = restlets.call({
					method: req.method,
					query,
					bodyText,
					contentType: req.headers['content-type'],
				});
				return { status: out.status, raw: out.text, headers: { 'Content-Type': out.contentType }, type: 'restlet', usage: out.usage };
			}
			case 'savedSearchRest':
				return {
					status: 200,
					body: searches.rest({ id: r.id, limit: query.limit, offset: query.offset, selfUrl: `${base}${url.pathname}` }),
					type: 'collection',
				};
			case 'recordGet':
				return {
					status: 200,
					body: records.get({
						base,
						typeSegment: r.typeSegment,
						id: r.id,
						sub: r.sub,
						expand: String(query.expandSubResources).toLowerCase() === 'true',
					}),
					type: 'singular-resource',
				};
			case 'recordPatch': {
				const body = parseJson(bodyText);
				const result = records.patch({ base, typeSegment: r.typeSegment, id: r.id, body });
				const headers = { Location: result.location };
				if (result.ignored.length) {
					headers['X-NetSuite-PropertyValidation'] = propertyValidationHeader(result.ignored);
				}
				return { status: 204, body: undefined, headers };
			}
			default:
				throw new RestError(404, 'NONEXISTENT_ID', 'Unknown operation.');
		}
	}

	return async function handle(req, res) {
		const url = new URL(req.url, 'http://emulator.local');
		// The emulator's own control endpoints (no NetSuite counterpart, no authentication).
		if (url.pathname.startsWith('/emulator/') && ctx.control) {
			const bodyText = await readBody(req).catch(() => '');
			const out = await ctx.control(req.method, url, bodyText);
			return send(res, out.status, out.body);
		}
		const r = route(req.method, url.pathname);
		if (!r) {
			log({ op: null, method: req.method, path: url.pathname, status: 404 });
			return send(res, 404, restErrorBody(404, 'NONEXISTENT_ID', `No resource at ${url.pathname} in the NetSuite emulator.`), {
				'Content-Type': `${REST_JSON}; type=error`,
			});
		}
		stats.calls[r.op] = (stats.calls[r.op] || 0) + 1;
		if (!r.methods.includes(req.method)) {
			return sendRestError(res, new RestError(405, 'INVALID_REQUEST', `Method ${req.method} is not allowed on ${url.pathname}.`));
		}

		const fault = faults.decide(r.op);
		// An HTML page stands in for the answer (nothing runs); the other misanswers mangle the real one.
		if (fault.kind === 'html') return misanswerHtml(r, req, res);
		const configured = options.latencyMs;
		const extra = typeof configured === 'number' ? configured : (configured && (configured[r.op] ?? configured['*'])) || 0;
		const latency = (fault.latencyMs + extra) / options.timeScale;
		const afterOperation = fault.kind === 'dropAfter' || fault.kind === 'truncated' || fault.kind === 'noItems';
		if (fault.kind && !afterOperation) {
			if (latency > 0) await sleep(latency);
			log({ op: r.op, method: req.method, path: url.pathname, fault: fault.kind });
			return injectFault(fault.kind, r, req, res);
		}

		let bodyText;
		try {
			bodyText = await readBody(req);
		} catch (err) {
			return err instanceof RestError ? sendRestError(res, err) : undefined;
		}

		if (r.kind === 'token') {
			if (latency > 0) await sleep(latency);
			const form = Object.fromEntries(parseQuery(bodyText));
			const result = auth.issueToken(form, `http://${String(req.headers.host).toLowerCase()}${TOKEN_PATH}`);
			log({ op: r.op, method: req.method, path: url.pathname, status: result.status });
			if (fault.kind === 'dropAfter') return dropAfter(r, req);
			return send(res, result.status, result.body, { 'Cache-Control': 'no-store' });
		}

		const who = auth.authenticate(req, {
			scope: r.kind === 'restlet' ? 'restlets' : 'rest_webservices',
			operation: r.op,
		});
		if (!who.ok) {
			log({ op: r.op, method: req.method, path: url.pathname, status: 401, reason: who.reason });
			if (r.kind === 'restlet') return send(res, 401, restletInvalidLogin());
			const headers = { 'Content-Type': `${REST_JSON}; type=error` };
			if (who.bearer) {
				headers['WWW-Authenticate'] = `Bearer realm="${options.credentials.netsuite.accountId}", error="invalid_token", error_description="Invalid login attempt."`;
			}
			return send(res, 401, invalidLogin(), headers);
		}

		if (!concurrency.tryAcquire()) {
			log({ op: r.op, method: req.method, path: url.pathname, status: r.kind === 'restlet' ? 400 : 429, reason: 'concurrency' });
			if (r.kind === 'restlet') return send(res, 400, overloadRestlet().body());
			return sendRestError(res, overloadRest());
		}
		let result;
		try {
			if (latency > 0) await sleep(latency);
			result = await operate(r, req, url, bodyText);
		} catch (err) {
			concurrency.release();
			if (err instanceof RestletError) {
				log({ op: r.op, method: req.method, path: url.pathname, status: err.status, code: err.code });
				return send(res, err.status, err.body());
			}
			if (err instanceof RestError) {
				log({ op: r.op, method: req.method, path: url.pathname, status: err.status, code: err.code });
				return sendRestError(res, err);
			}
			log({ op: r.op, method: req.method, path: url.pathname, status: 500, error: String(err && err.stack) });
			if (r.kind === 'restlet') {
				return send(res, 500, { error: { code: 'UNEXPECTED_ERROR', message: String(err && err.message) } });
			}
			return sendRestError(res, new RestError(500, 'UNEXPECTED_ERROR', `An unexpected error occurred: ${err && err.message}`));
		}
		concurrency.release();
		log({
			op: r.op,
			method: req.method,
			path: url.pathname,
			status: result.status,
			rows: options.logger ? rowsOf(result.raw !== undefined ? parseRaw(result.raw) : result.body) : undefined,
			...(result.usage !== undefined ? { usage: result.usage } : {}),
		});
		if (fault.kind === 'dropAfter') return dropAfter(r, req);
		const headers = { ...(result.headers || {}) };
		if (result.type === 'collection' || result.type === 'singular-resource') {
			headers['Content-Type'] = `${REST_JSON}; type=${result.type}`;
		}
		if (fault.kind === 'truncated' || fault.kind === 'noItems') {
			// A RESTlet's answer is the script's text (raw); the misanswer needs it as JSON.
			const body = result.body !== undefined ? result.body : parseRaw(result.raw);
			if (body !== undefined) return misanswerJson(fault.kind, r, res, body, headers);
		}
		return send(res, result.status, result.body, headers, result.raw);
	};

	/** 200 with an HTML page where JSON was expected (a proxy's maintenance or login page). */
	function misanswerHtml(r, req, res) {
		stats.faultsInjected[r.op] = (stats.faultsInjected[r.op] || 0) + 1;
		req.resume();
		const html =
			'<!DOCTYPE html><html><head><title>NetSuite | Scheduled Maintenance</title></head>' +
			'<body><h1>NetSuite is undergoing scheduled maintenance</h1><p>Please try again later.</p></body></html>';
		log({ op: r.op, method: req.method, path: req.url, status: 200, fault: 'html' });
		res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
		res.end(html);
	}

	/** 200 with the real answer cut off half-way, or without the list the caller pages through. */
	function misanswerJson(kind, r, res, body, headers) {
		stats.faultsInjected[r.op] = (stats.faultsInjected[r.op] || 0) + 1;
		if (kind === 'noItems') {
			const shaped = body && typeof body === 'object' && !Array.isArray(body) ? { ...body } : {};
			delete shaped.items;
			delete shaped.rows;
			delete shaped.searches;
			return send(res, 200, shaped, headers);
		}
		const text = JSON.stringify(body);
		const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
		res.writeHead(200, { 'Content-Type': headers['Content-Type'] || 'application/json', 'Content-Length': Buffer.byteLength(cut) });
		res.end(cut);
	}

	function dropAfter(r, req) {
		stats.faultsInjected[r.op] = (stats.faultsInjected[r.op] || 0) + 1;
		req.socket.destroy();
	}
}

module.exports = { createHandler, route };
