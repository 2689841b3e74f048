'use strict';
/**
 * A tiny HTTP API on 127.0.0.1 for the harness fixture package: token endpoint, item list for
 * the poll trigger, job status per id. Records every request (method, path, headers).
 */
const http = require('node:http');

function startFixtureApi({ items = [], jobs = {}, apiKey = 'key-123', tokenPrefix = 'tok' } = {}) {
	const state = {
		items,
		jobs,
		apiKey,
		tokensIssued: 0,
		validTokens: new Set(),
		requests: [],
		reject401Once: false,
	};
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			const url = new URL(req.url, 'http://x');
			state.requests.push({
				method: req.method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body,
			});
			const send = (code, data) => {
				res.writeHead(code, { 'content-type': 'application/json' });
				res.end(JSON.stringify(data));
			};
			if (req.method === 'POST' && url.pathname === '/token') {
				const parsed = body ? JSON.parse(body) : {};
				if (parsed.apiKey !== state.apiKey) return send(403, { error: 'bad key' });
				const token = `${tokenPrefix}-${++state.tokensIssued}`;
				state.validTokens.add(token);
				return send(200, { accessToken: token });
			}
			if (req.method === 'GET' && url.pathname === '/items') {
				if (req.headers['x-api-key'] !== state.apiKey) return send(401, { error: 'no key' });
				return send(200, state.items);
			}
			const job = /^\/jobs\/([^/]+)$/.exec(url.pathname);
			if (req.method === 'GET' && job) {
				const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
				if (!state.validTokens.has(token)) return send(401, { error: 'token expired' });
				const entry = state.jobs[job[1]];
				if (!entry) return send(404, { error: 'no such job' });
				// A job reports PENDING `pendingPolls` times, then DONE.
				entry.polls = (entry.polls ?? 0) + 1;
				return send(200, {
					id: job[1],
					status: entry.polls > (entry.pendingPolls ?? 0) ? 'DONE' : 'PENDING',
				});
			}
			send(404, { error: 'not found' });
		});
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			resolve({
				state,
				baseUrl: `http://127.0.0.1:${port}`,
				expireTokens: () => state.validTokens.clear(),
				requestsTo: (path) =>
					state.requests.filter((r) => r.path === path || r.path.startsWith(`${path}/`)),
				close: () => new Promise((r) => server.close(r)),
			});
		});
	});
}

module.exports = { startFixtureApi };
