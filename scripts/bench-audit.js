#!/usr/bin/env node
'use strict';
/**
 * Amazon order audit over N open orders (default 10,000) against the emulators with Amazon's
 * published searchOrders quota switched on (burst 20, then one call per ~180 s). Prints the API
 * calls and the time, split into what Amazon's quota costs (virtual clock: the client's pacing
 * sleeps move it, nobody waits for real) and the processing time measured on this machine.
 * Not a test: no assertions. Needs a build (npm run build).
 *
 *   node scripts/bench-audit.js [N ...]
 */
const path = require('node:path');

const root = path.join(__dirname, '..');
const dist = (p) => path.join(root, 'dist', p);
const { AmazonClient } = require(dist('core/amazon/client.js'));
const { RATE_LIMITS } = require(dist('core/amazon/rateLimits.js'));
const { CLIENT_REFRESH_HEADER } = require(dist('core/amazon/lwa.js'));
const { NetSuiteClient } = require(dist('core/netsuite/client.js'));
const { netSuiteHosts } = require(dist('core/netsuite/hosts.js'));
const { tbaAuthorizationHeader } = require(dist('core/netsuite/tba.js'));
const { runAudit, DEFAULT_AUDIT_SETTINGS } = require(dist('core/audit/index.js'));
const { buildQueryString } = require(dist('core/http/transport.js'));
const { createAmazonEmulator } = require('../emulators/amazon');
const { createNetSuiteEmulator } = require('../emulators/netsuite');
const { DEFAULT_CREDENTIALS } = require('../emulators/credentials');
const { openOrdersSeed } = require('../emulators/seed/audit-seed');

function fetchTransport(authorize) {
	return async (req) => {
		const url = req.url + buildQueryString(req.qs);
		const headers = { ...(req.headers || {}) };
		if (authorize) Object.assign(headers, await authorize(req, url));
		let body = req.body;
		if (body !== undefined && body !== null && typeof body === 'object')
			body = JSON.stringify(body);
		const res = await fetch(url, { method: req.method, headers, body });
		const text = await res.text();
		let parsed = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			/* not JSON */
		}
		const out = {};
		res.headers.forEach((v, k) => (out[k.toLowerCase()] = v));
		return { statusCode: res.status, headers: out, body: parsed };
	};
}

async function bench(n) {
	const realStart = Date.now();
	const seed = openOrdersSeed(n, { now: realStart });
	// The virtual clock: Amazon's buckets refill by it, and the client's pacing sleeps advance it.
	let virtual = realStart;
	let waited = 0;
	const clock = {
		now: () => virtual + (Date.now() - realStart),
		sleep: async (ms) => {
			virtual += ms;
			waited += ms;
		},
		random: () => 0.5,
	};
	const amazonEmu = createAmazonEmulator({ seed, clock });
	const netsuiteEmu = createNetSuiteEmulator({ seed });
	const amazonUrl = (await amazonEmu.listen()).url;
	const netsuiteUrl = (await netsuiteEmu.listen()).url;
	const amz = DEFAULT_CREDENTIALS.amazon;
	// LWA tokens live an hour (of the emulator's virtual clock too): a long audit renews them.
	const newToken = async () => {
		const res = await fetch(`${amazonUrl}/auth/o2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: amz.refreshToken,
				client_id: amz.clientId,
				client_secret: amz.clientSecret,
			}).toString(),
		});
		return (await res.json()).access_token;
	};
	const accessToken = await newToken();
	const amazon = new AmazonClient({
		transport: async (req) => {
			const headers = { 'x-amz-access-token': accessToken, ...(req.headers || {}) };
			if (headers[CLIENT_REFRESH_HEADER] !== undefined) {
				headers['x-amz-access-token'] = headers[CLIENT_REFRESH_HEADER];
				delete headers[CLIENT_REFRESH_HEADER];
			}
			return await fetchTransport()({ ...req, headers });
		},
		presignedTransport: fetchTransport(),
		clock,
		baseUrl: amazonUrl,
		region: 'NA',
		maxRateLimitWaitMs: 10 * 60 * 1000,
		refreshAccessToken: newToken,
	});
	const ns = DEFAULT_CREDENTIALS.netsuite;
	const netsuite = new NetSuiteClient({
		transport: fetchTransport(async (req, url) => ({
			Authorization: tbaAuthorizationHeader({ method: req.method, url }, ns),
		})),
		clock: {
			now: () => Date.now(),
			sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
			random: Math.random,
		},
		hosts: netSuiteHosts(ns.accountId, { restBaseUrl: netsuiteUrl, restletBaseUrl: netsuiteUrl }),
		concurrency: 1,
	});
	const t0 = Date.now();
	const result = await runAudit(
		{ amazon, netsuite, clock, dates: { order: 'YMD', timeZone: 'UTC' } },
		{
			...DEFAULT_AUDIT_SETTINGS,
			marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2', 'A1AM78C64UM0Y8'],
		},
	);
	const processingMs = Date.now() - t0;
	const calls = amazonEmu.stats().calls;
	const repeated = amazon.stats.searchOrders?.retries ?? 0;
	await amazonEmu.close();
	await netsuiteEmu.close();
	const s = result.summary;
	const { rate, burst } = RATE_LIMITS.searchOrders;
	const pages = s.calls.searchOrders;
	const published = Math.max(0, pages - (amazon.stats.searchOrders?.retries ?? 0) - burst) / rate;
	return {
		n,
		s,
		processingMs,
		waited,
		calls,
		pages: pages - repeated,
		repeated,
		published,
		rate,
		burst,
	};
}

function fmt(ms) {
	const s = ms / 1000;
	if (s < 120) return `${s.toFixed(1)} s`;
	if (s < 7200) return `${(s / 60).toFixed(1)} min`;
	return `${(s / 3600).toFixed(2)} h`;
}

(async () => {
	const sizes = process.argv
		.slice(2)
		.map(Number)
		.filter((x) => x > 0);
	for (const n of sizes.length ? sizes : [10000]) {
		const r = await bench(n);
		const c = r.s.counts;
		console.log(
			`\nAmazon order audit over ${n.toLocaleString('en-US')} open merchant-fulfilled orders`,
		);
		console.log(
			`  searchOrders calls      ${r.pages} pages (${r.calls.searchOrders} HTTP requests: ${r.repeated} repeated after the hourly token renewal); 100 orders per page`,
		);
		console.log(
			`  getOrder calls          ${r.calls.getOrder ?? 0} (a per-order audit would need ${n.toLocaleString('en-US')}: ${fmt((Math.max(0, n - 30) / 0.5) * 1000)} at 0.5/s)`,
		);
		console.log(`  LWA token requests      ${r.calls.lwaToken ?? 0} (tokens live 1 h)`);
		console.log(`  NetSuite SuiteQL reads  ${r.s.calls.suiteql} (one per page of orders)`);
		console.log(`  NetSuite record updates ${r.s.calls.recordUpdates}`);
		console.log(
			`  findings                ${c.shippedNotConfirmed} not confirmed, ${c.shipByClosing} ship-by closing, ${c.confirmedNotMarked} not marked; ${c.consistent} consistent, ${c.inFlight} in flight`,
		);
		console.log(
			`  Amazon quota wait       ${fmt(r.waited)} (published limit: burst ${r.burst}, then 1 per ${Math.round(1 / r.rate)} s → ${Math.max(0, r.pages - r.burst)} paced calls = ${fmt(r.published * 1000)})`,
		);
		console.log(`  processing (measured)   ${fmt(r.processingMs)} on this machine`);
		console.log(`  total                   ${fmt(r.waited + r.processingMs)}`);
		const perHour = Math.round(r.burst * 100 + 3600 * r.rate * 100);
		console.log(
			`  fits an hourly run      ${r.waited + r.processingMs <= 3600_000 ? 'yes' : 'no'}: one hour of quota reads about ${perHour.toLocaleString('en-US')} orders from a full bucket, ${Math.round(3600 * r.rate * 100).toLocaleString('en-US')} when it starts empty`,
		);
	}
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
