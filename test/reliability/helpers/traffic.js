'use strict';
/**
 * Counts every HTTP exchange the emulators see, from the server side: what was asked, and whether
 * an answer went out (status) or the connection closed without one (drop, timeout, drop after
 * apply). A request that repeats one that just failed (same method and path) is a retry. Install
 * it while the emulators are created: it wraps the handlers given to http.createServer.
 */
const http = require('node:http');

const AMAZON = /^\/(auth\/o2|feeds|s3|orders|sellers)\//;

function failed(entry) {
	if (entry.status === null) return true;
	if (entry.status === 429 || entry.status >= 500) return true;
	// RESTlets show overload as 400 SSS_REQUEST_LIMIT_EXCEEDED; an expired token is retried too.
	if (entry.status === 400 && entry.path.includes('restlet')) return true;
	if (entry.status === 403 && entry.service === 'amazon' && !entry.path.startsWith('/s3/'))
		return true;
	return false;
}

function createTraffic() {
	const entries = [];
	const lastFailed = new Map();
	const listeners = new Set();
	let original = null;

	function record(req, res) {
		const url = new URL(req.url, 'http://x');
		const service = AMAZON.test(url.pathname) ? 'amazon' : 'netsuite';
		// SuiteQL pages differ by offset; everything else is identified by its path.
		const key = `${service} ${req.method} ${url.pathname}${url.pathname.endsWith('/suiteql') ? url.search : ''}`;
		const entry = {
			service,
			method: req.method,
			path: url.pathname,
			key,
			retry: lastFailed.get(key) === true,
			status: undefined,
			at: Date.now(),
		};
		entries.push(entry);
		for (const l of listeners) l(entry, 'request', req);
		let done = false;
		const finish = (status) => {
			if (done) return;
			done = true;
			entry.status = status;
			lastFailed.set(key, failed(entry));
			for (const l of listeners) l(entry, 'response', req);
		};
		res.once('finish', () => finish(res.statusCode));
		res.once('close', () => finish(res.writableFinished ? res.statusCode : null));
	}

	return {
		entries,
		/** Wraps http.createServer until uninstall(). */
		install() {
			if (original) return;
			original = http.createServer;
			http.createServer = function createServer(...args) {
				const i = args.findIndex((a) => typeof a === 'function');
				if (i >= 0) {
					const handler = args[i];
					args[i] = function tapped(req, res) {
						record(req, res);
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
		/** fn(entry, 'request' | 'response', req) for every exchange. */
		on(fn) {
			listeners.add(fn);
			return () => listeners.delete(fn);
		},
		figures() {
			const by = (service) => entries.filter((e) => !service || e.service === service);
			const count = (list, pred) => list.filter(pred).length;
			const out = {};
			for (const service of ['netsuite', 'amazon']) {
				const list = by(service);
				out[service] = {
					calls: list.length,
					retries: count(list, (e) => e.retry),
					noAnswer: count(list, (e) => e.status === null),
					throttled: count(list, (e) => e.status === 429),
					serverErrors: count(list, (e) => e.status >= 500),
				};
			}
			return out;
		},
	};
}

module.exports = { createTraffic };
