/** Test doubles for the Amazon client: a fetch Transport (nock intercepts fetch) and a fake Clock. */
const { buildQueryString } = require('../../core/http/transport');
const { CLIENT_REFRESH_HEADER } = require('../../core/amazon/lwa');

const SECRETS = {
	clientId: 'amzn1.application-oa2-client.qq7',
	clientSecret: 'LWA-SECRET-qq7',
	refreshToken: 'Atzr|REFRESH-qq7',
	accessToken: 'Atza|ACCESS-qq7',
};

const NA = 'https://sellingpartnerapi-na.amazon.com';
const S3 = 'https://tortuga-prod-na.s3-external-1.amazonaws.com';

/** Resolves for every status; headers lower-case; binary bodies as Buffer, JSON parsed when it parses. */
function fetchTransport({ extraHeaders = {}, log } = {}) {
	return async (req) => {
		// Like the credential: a token the client refreshed itself (CLIENT_REFRESH_HEADER) replaces
		// the stored one and does not go out under its own name.
		const headers = { ...extraHeaders, ...(req.headers || {}) };
		if (headers[CLIENT_REFRESH_HEADER] !== undefined) {
			headers['x-amz-access-token'] = headers[CLIENT_REFRESH_HEADER];
			delete headers[CLIENT_REFRESH_HEADER];
		}
		let body = req.body;
		if (
			body !== undefined &&
			body !== null &&
			typeof body === 'object' &&
			!(body instanceof Uint8Array)
		) {
			body = JSON.stringify(body);
		}
		const url = req.url + buildQueryString(req.qs);
		if (log) log.push({ method: req.method, url, headers, body });
		const res = await fetch(url, { method: req.method, headers, body });
		const outHeaders = {};
		res.headers.forEach((value, key) => {
			outHeaders[key.toLowerCase()] = value;
		});
		const buf = Buffer.from(await res.arrayBuffer());
		let out;
		if (req.responseType === 'binary') out = buf;
		else if (req.responseType === 'text') out = buf.toString('utf8');
		else {
			const text = buf.toString('utf8');
			if (!text) out = undefined;
			else {
				try {
					out = JSON.parse(text);
				} catch {
					out = text;
				}
			}
		}
		return { statusCode: res.status, headers: outHeaders, body: out };
	};
}

/** Time moves only when the code under test sleeps; every sleep is recorded. */
function fakeClock(start = Date.parse('2026-11-27T10:00:00Z')) {
	const clock = {
		t: start,
		sleeps: [],
		now: () => clock.t,
		sleep: async (ms) => {
			clock.sleeps.push(ms);
			clock.t += ms;
		},
		random: () => 0.5,
		get slept() {
			return clock.sleeps.reduce((a, b) => a + b, 0);
		},
	};
	return clock;
}

function makeClient(overrides = {}) {
	const { AmazonClient } = require('../../core/amazon/client');
	const clock = overrides.clock || fakeClock();
	const apiLog = [];
	const s3Log = [];
	const client = new AmazonClient({
		transport: fetchTransport({
			extraHeaders: { 'x-amz-access-token': SECRETS.accessToken },
			log: apiLog,
		}),
		presignedTransport: fetchTransport({ log: s3Log }),
		clock,
		baseUrl: NA,
		secrets: [SECRETS.clientSecret, SECRETS.refreshToken, SECRETS.accessToken],
		retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30000, jitter: 0.2 },
		...overrides,
	});
	return { client, clock, apiLog, s3Log };
}

/** Asserts that none of the distinctive secret values occurs in a text. */
function expectNoSecrets(text) {
	for (const value of [SECRETS.clientSecret, SECRETS.refreshToken, SECRETS.accessToken]) {
		expect(String(text)).not.toContain(value);
	}
}

module.exports = { SECRETS, NA, S3, fetchTransport, fakeClock, makeClient, expectNoSecrets };
