'use strict';

const http = require('node:http');
const crypto = require('node:crypto');
const {
	HttpError,
	spErrorBody,
	QUOTA_EXCEEDED,
	INTERNAL_FAILURE,
	SERVICE_UNAVAILABLE,
	s3ErrorXml,
} = require('./errors');

/** Routing, auth, rate limits and fault injection in front of the handlers. */

const ROUTES = [
	['POST', /^\/auth\/o2\/token$/, 'lwaToken'],
	['POST', /^\/feeds\/2021-06-30\/documents$/, 'createFeedDocument'],
	['GET', /^\/feeds\/2021-06-30\/documents\/([^/]+)$/, 'getFeedDocument'],
	['POST', /^\/feeds\/2021-06-30\/feeds$/, 'createFeed'],
	['GET', /^\/feeds\/2021-06-30\/feeds$/, 'getFeeds'],
	['GET', /^\/feeds\/2021-06-30\/feeds\/([^/]+)$/, 'getFeed'],
	['DELETE', /^\/feeds\/2021-06-30\/feeds\/([^/]+)$/, 'cancelFeed'],
	['PUT', /^\/s3\/feed-documents\/([^/]+)$/, 'uploadFeedDocument'],
	['GET', /^\/s3\/feed-documents\/([^/]+)$/, 'downloadFeedDocument'],
	['POST', /^\/orders\/v0\/orders\/([^/]+)\/shipmentConfirmation$/, 'confirmShipment'],
	['GET', /^\/orders\/2026-01-01\/orders\/([^/]+)$/, 'getOrder'],
	['GET', /^\/orders\/2026-01-01\/orders$/, 'searchOrders'],
	['GET', /^\/sellers\/v1\/marketplaceParticipations$/, 'marketplaceParticipations'],
];
const S3_OPS = new Set(['uploadFeedDocument', 'downloadFeedDocument']);
const MAX_BODY = 64 * 1024 * 1024;

function createServer(emu) {
	const {
		lwa,
		feeds,
		ordersApi,
		signer,
		rateLimiter,
		faults,
		stats,
		timeScale,
		logger,
		timeoutHoldMs,
	} = emu;
	const held = new Set(); // sockets held open by the timeout fault
	const sleepers = new Set();

	const sleep = (ms) =>
		new Promise((resolve) => {
			const t = setTimeout(() => {
				sleepers.delete(t);
				resolve();
			}, ms);
			if (t.unref) t.unref();
			sleepers.add(t);
		});

	function readBody(req) {
		return new Promise((resolve, reject) => {
			const chunks = [];
			let size = 0;
			req.on('data', (c) => {
				size += c.length;
				if (size > MAX_BODY) {
					reject(
						new HttpError(
							413,
							spErrorBody('RequestEntityTooLarge', 'The request size exceeded the maximum.'),
						),
					);
					req.destroy();
				} else chunks.push(c);
			});
			req.on('end', () => resolve(Buffer.concat(chunks)));
			req.on('error', reject);
		});
	}

	function send(res, status, body, headers = {}) {
		if (res.headersSent || res.destroyed) return;
		let payload = body;
		const h = { ...headers };
		if (body !== null && body !== undefined && !Buffer.isBuffer(body) && typeof body !== 'string') {
			payload = JSON.stringify(body);
			h['Content-Type'] = h['Content-Type'] || 'application/json';
		}
		if (payload === null || payload === undefined) payload = '';
		h['Content-Length'] = Buffer.byteLength(payload);
		res.writeHead(status, h);
		res.end(payload);
	}

	function parseJson(buf) {
		if (buf.length === 0) return undefined;
		try {
			return JSON.parse(buf.toString('utf8'));
		} catch {
			throw new HttpError(
				400,
				spErrorBody('InvalidInput', 'Invalid input', 'The request body is not valid JSON.'),
			);
		}
	}

	function s3Send(res, status, code, message, extra) {
		send(res, status, s3ErrorXml(code, message, extra), {
			'Content-Type': 'application/xml',
			'x-amz-request-id': crypto.randomBytes(8).toString('hex').toUpperCase(),
		});
	}

	/** No answer: the socket is held until timeoutHoldMs, then closed (the client's timeout may come first). */
	function holdSocket(socket) {
		held.add(socket);
		const t = setTimeout(() => {
			sleepers.delete(t);
			held.delete(socket);
			socket.destroy();
		}, timeoutHoldMs);
		if (t.unref) t.unref();
		sleepers.add(t);
		socket.once('close', () => held.delete(socket));
	}

	async function handle(req, res) {
		const started = Date.now();
		const url = new URL(req.url, 'http://emulator.local');
		const route = ROUTES.find(([m, re]) => m === req.method && re.test(url.pathname));
		const requestId = crypto.randomUUID();
		const spHeaders = { 'x-amzn-RequestId': requestId };
		const finish = (s) => {
			if (logger)
				logger({
					operation: route ? route[2] : null,
					method: req.method,
					path: url.pathname,
					status: s,
					ms: Date.now() - started,
				});
		};
		if (!route) {
			send(
				res,
				404,
				spErrorBody('NotFound', 'Resource not found.', `${req.method} ${url.pathname}`),
				spHeaders,
			);
			return finish(404);
		}
		const operation = route[2];
		const param = decodeURIComponent((route[1].exec(url.pathname) || [])[1] || '');
		stats.calls[operation] = (stats.calls[operation] || 0) + 1;
		const isS3 = S3_OPS.has(operation);

		// Faults are decided before anything changes state.
		const fault = faults.decide(operation);
		if (fault.latencyMs > 0) await sleep(fault.latencyMs / timeScale);
		// dropAfter, 500After and timeoutAfter apply the operation first: the answer is what fails.
		const after =
			fault.kind === 'dropAfter' || fault.kind === '500After' || fault.kind === 'timeoutAfter';
		if (fault.kind && !after) {
			stats.faultsInjected[operation] = (stats.faultsInjected[operation] || 0) + 1;
			req.resume();
			if (fault.kind === 'drop') {
				req.socket.destroy();
				return finish('drop');
			}
			if (fault.kind === 'timeout') {
				holdSocket(req.socket);
				return finish('timeout');
			}
			const code = Number(fault.kind);
			if (isS3) {
				if (code === 500)
					s3Send(res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
				else s3Send(res, 503, 'SlowDown', 'Please reduce your request rate.');
				return finish(code === 500 ? 500 : 503);
			}
			if (operation === 'lwaToken') {
				const body =
					code === 429
						? {
								error: 'slow_down',
								error_description: 'The request rate is too high. Try again later.',
							}
						: {
								error: code === 503 ? 'temporarily_unavailable' : 'server_error',
								error_description: 'The authorization server encountered an unexpected condition.',
							};
				send(res, code, body);
				return finish(code);
			}
			send(
				res,
				code,
				code === 429 ? QUOTA_EXCEEDED() : code === 500 ? INTERNAL_FAILURE() : SERVICE_UNAVAILABLE(),
				spHeaders,
			);
			return finish(code);
		}
		if (after) stats.faultsInjected[operation] = (stats.faultsInjected[operation] || 0) + 1;

		let raw;
		try {
			raw = await readBody(req);
		} catch (e) {
			send(res, e.status || 400, e.body || '', spHeaders);
			return finish(e.status || 400);
		}
		const respond = (s, body, headers) => {
			if (fault.kind === 'dropAfter') {
				req.socket.destroy();
				return finish('dropAfter');
			}
			if (fault.kind === 'timeoutAfter') {
				holdSocket(req.socket);
				return finish('timeoutAfter');
			}
			if (fault.kind === '500After') {
				if (isS3)
					s3Send(res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
				else send(res, 500, INTERNAL_FAILURE(), spHeaders);
				return finish('500After');
			}
			send(res, s, body, headers);
			return finish(s);
		};

		try {
			if (operation === 'lwaToken') {
				let params;
				const ct = String(req.headers['content-type'] || '');
				if (ct.includes('application/json')) params = parseJsonLoose(raw);
				else params = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
				const out = lwa.token(params || {});
				return respond(out.status, out.body, {
					'Cache-Control': 'no-cache, no-store',
					Pragma: 'no-cache',
				});
			}

			if (isS3) {
				const key = `feed-documents/${param}`;
				const check = signer.verify(req.method, key, url.searchParams, req.headers['content-type']);
				if (!check.ok) {
					const s = 403;
					if (after) return respond(s);
					s3Send(res, s, check.code, check.message, check.extra);
					return finish(s);
				}
				if (operation === 'uploadFeedDocument') {
					// Pre-signed PUTs need a Content-Length; a chunked body is refused like S3 does.
					if (req.headers['content-length'] === undefined) {
						s3Send(
							res,
							411,
							'MissingContentLength',
							'You must provide the Content-Length HTTP header.',
						);
						return finish(411);
					}
					if (!feeds.upload(param, raw)) {
						s3Send(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
						return finish(404);
					}
					const etag = `"${crypto.createHash('md5').update(raw).digest('hex')}"`;
					return respond(200, '', {
						ETag: etag,
						'x-amz-request-id': crypto.randomBytes(8).toString('hex').toUpperCase(),
					});
				}
				const doc = feeds.document(param);
				if (!doc || !doc.body) {
					s3Send(res, 404, 'NoSuchKey', 'The specified key does not exist.', { Key: key });
					return finish(404);
				}
				const headers = {
					'Content-Type': doc.contentType,
					ETag: `"${crypto.createHash('md5').update(doc.body).digest('hex')}"`,
				};
				if (url.searchParams.get('response-content-encoding') === 'gzip')
					headers['Content-Encoding'] = 'gzip';
				return respond(200, doc.body, headers);
			}

			// SP-API: access token, then the seller's token bucket, then the operation.
			const auth = lwa.check(req.headers['x-amz-access-token']);
			if (!auth.ok) {
				send(
					res,
					403,
					spErrorBody('Unauthorized', 'Access to requested resource is denied.', auth.details),
					spHeaders,
				);
				return finish(403);
			}
			const rl = rateLimiter.take(operation, auth.sellerId);
			if (!rl.allowed) {
				send(res, 429, QUOTA_EXCEEDED(), spHeaders);
				return finish(429);
			}
			const headers = { ...spHeaders };
			if (rl.limit) headers['x-amzn-RateLimit-Limit'] = rl.limit;
			const baseUrl = emu.baseUrl(req);
			let out;
			switch (operation) {
				case 'createFeedDocument':
					out = feeds.createFeedDocument(parseJson(raw), baseUrl);
					break;
				case 'getFeedDocument':
					out = feeds.getFeedDocument(param, url.searchParams, baseUrl);
					break;
				case 'createFeed':
					out = feeds.createFeed(parseJson(raw));
					break;
				case 'getFeeds':
					out = feeds.getFeeds(url.searchParams);
					break;
				case 'getFeed':
					out = feeds.getFeed(param);
					break;
				case 'cancelFeed':
					out = feeds.cancelFeed(param);
					break;
				case 'confirmShipment':
					out = ordersApi.confirmShipment(param, parseJson(raw));
					break;
				case 'getOrder':
					out = ordersApi.getOrder(param, url.searchParams);
					break;
				case 'searchOrders':
					out = ordersApi.searchOrders(url.searchParams);
					break;
				case 'marketplaceParticipations':
					out = ordersApi.marketplaceParticipations();
					break;
				default:
					throw new Error(`no handler for ${operation}`);
			}
			return respond(out.status, out.body, headers);
		} catch (e) {
			if (e instanceof HttpError) {
				const headers = { ...spHeaders, ...e.headers };
				const limit = rateLimiter.limits[operation];
				if (limit && (e.status === 400 || e.status === 404))
					headers['x-amzn-RateLimit-Limit'] = limit.header;
				return respond(e.status, e.body, headers);
			}
			if (logger) logger({ level: 'error', operation, message: String(e && e.stack) });
			return respond(500, INTERNAL_FAILURE(), spHeaders);
		}
	}

	function parseJsonLoose(buf) {
		try {
			return JSON.parse(buf.toString('utf8'));
		} catch {
			return {};
		}
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((e) => {
			if (logger) logger({ level: 'error', message: String(e && e.stack) });
			try {
				send(res, 500, INTERNAL_FAILURE());
			} catch {
				/* socket already gone */
			}
		});
	});
	server.keepAliveTimeout = 5000;

	return {
		server,
		shutdown() {
			for (const t of sleepers) clearTimeout(t);
			sleepers.clear();
			for (const s of held) s.destroy();
			held.clear();
		},
	};
}

module.exports = { createServer, ROUTES };
