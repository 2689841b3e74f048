/**
 * Distinctive secret values in both credentials (TBA and OAuth 2.0 M2M for NetSuite, LWA for
 * Amazon), the emulators set to the same values, the whole template flow run — successfully, with
 * a token expiring mid-run, and with wrong secrets. None of the secrets, nor any access token the
 * emulators issued, may appear in any node output, error message or description, or log line
 * (console and n8n's own logger at debug level).
 */
process.env.N8N_LOG_LEVEL = 'debug';
const crypto = require('node:crypto');
const { install } = require('./helpers/timewarp');

const clock = install({ scale: 300 });

const { startFlow } = require('./helpers/flow');
const { generateSeed } = require('../../emulators/seed/generate');

const mark = (what) => `S3cr3t-${what}-${crypto.randomBytes(12).toString('hex')}`;
const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' });
const PUBLIC_KEY = publicKey.export({ type: 'spki', format: 'pem' });

const CREDS = {
	netsuite: {
		accountId: '7654321_SB2',
		consumerKey: mark('consumerKey'),
		consumerSecret: mark('consumerSecret'),
		tokenId: mark('tokenId'),
		tokenSecret: mark('tokenSecret'),
		m2m: { clientId: mark('m2mClient'), certificateId: mark('cert') },
	},
	amazon: {
		clientId: `amzn1.application-oa2-client.${mark('client')}`,
		clientSecret: mark('lwaClientSecret'),
		refreshToken: mark('refreshToken'),
		sellerId: 'A2SECRETTESTSELLER',
	},
};
const SECRETS = {
	consumerSecret: CREDS.netsuite.consumerSecret,
	tokenSecret: CREDS.netsuite.tokenSecret,
	lwaClientSecret: CREDS.amazon.clientSecret,
	refreshToken: CREDS.amazon.refreshToken,
	// The PEM body lines: a key leaks even when its header is cut off.
	...Object.fromEntries(
		PRIVATE_KEY.split('\n')
			.filter((l) => l && !l.startsWith('-----'))
			.map((l, i) => [`privateKey line ${i + 1}`, l]),
	),
};
const issuedTokens = new Set();

// Everything printed while the flows run: console, and n8n's logger writing to stdout/stderr.
const captured = [];
const originals = {};
beforeAll(() => {
	for (const m of ['log', 'info', 'warn', 'error', 'debug']) {
		originals[m] = console[m];
		console[m] = (...args) =>
			captured.push(args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '));
	}
	for (const s of ['stdout', 'stderr']) {
		originals[s] = process[s].write;
		process[s].write = function write(chunk, ...rest) {
			captured.push(String(chunk));
			return originals[s].call(this, chunk, ...rest);
		};
	}
});
afterAll(() => {
	for (const m of ['log', 'info', 'warn', 'error', 'debug']) console[m] = originals[m];
	for (const s of ['stdout', 'stderr']) process[s].write = originals[s];
	clock.uninstall();
});

function safeJson(value) {
	try {
		return JSON.stringify(value, (k, v) =>
			v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
		);
	} catch {
		return String(value);
	}
}

/** All text a user can see from a scheduled run: items of every node, errors with their causes. */
function visibleText(run) {
	const parts = [];
	const errors = [run.error, run.first?.error, run.final?.error].filter(Boolean);
	for (const e of errors) {
		parts.push(safeJson(e), e.message, e.description, e.stack);
		if (e.cause) parts.push(safeJson(e.cause), e.cause.message, e.cause.description, e.cause.stack);
	}
	for (const ex of run.executions ?? [run.final ?? run.first].filter(Boolean))
		parts.push(safeJson(ex.runData), safeJson(ex.run?.data?.resultData?.error));
	return parts.filter(Boolean).join('\n');
}

function collectTokens(flow) {
	for (const type of ['amazonSpApi', 'netSuiteApi']) {
		const ref = flow.workflow.nodes
			.flatMap((n) => Object.entries(n.credentials ?? {}))
			.find(([t]) => t === type);
		const data = flow.runner.credentials.getData(type, ref[1].name);
		if (data?.accessToken) issuedTokens.add(String(data.accessToken));
	}
}

const texts = [];
async function runFlow(name, options, { expectFailure = false, expireMidRun = false } = {}) {
	let flow;
	const hooks = expireMidRun
		? {
				nodeExecuteAfter: (node) => {
					if (node === 'Amazon Shipment Feed') {
						collectTokens(flow);
						flow.emulators.amazon.expireTokens();
						flow.emulators.netsuite.expireTokens();
					}
				},
			}
		: undefined;
	flow = await startFlow({
		seed: generateSeed({ count: 4 }),
		clock,
		emulatorCredentials: CREDS,
		hooks,
		...options,
	});
	try {
		const run = await flow.tick();
		collectTokens(flow);
		texts.push({ name, text: visibleText(run) });
		if (expectFailure) expect(run.status === 'error' || run.pollError).toBeTruthy();
		else expect(run.status).toBe('success');
		return run;
	} finally {
		await flow.close();
	}
}

const m2m = (data, emulators) => {
	emulators.netsuite.registerCertificate(CREDS.netsuite.m2m.certificateId, PUBLIC_KEY);
	Object.assign(data.netSuiteApi, {
		authentication: 'm2m',
		clientId: CREDS.netsuite.m2m.clientId,
		certificateId: CREDS.netsuite.m2m.certificateId,
		privateKey: PRIVATE_KEY,
		algorithm: 'ES256',
		consumerKey: '',
		consumerSecret: '',
		tokenId: '',
		tokenSecret: '',
	});
};
const wrong = (patch) => ({
	netsuite: { ...CREDS.netsuite, ...(patch.netsuite ?? {}) },
	amazon: { ...CREDS.amazon, ...(patch.amazon ?? {}) },
});

test('TBA + LWA, with both tokens expired mid-run', async () => {
	await runFlow('tba', {}, { expireMidRun: true });
});

test('OAuth 2.0 M2M (private key) + LWA, with tokens expired mid-run', async () => {
	await runFlow('m2m', { credentialData: m2m }, { expireMidRun: true });
});

test('wrong NetSuite token secret: the poll fails with a login error', async () => {
	const run = await runFlow(
		'wrong token secret',
		{ nodeCredentials: wrong({ netsuite: { tokenSecret: mark('wrongTokenSecret') } }) },
		{ expectFailure: true },
	);
	expect(run.error.message).toMatch(/login|401|INVALID_LOGIN/i);
});

test('wrong NetSuite private key: the token request fails', async () => {
	const other = crypto
		.generateKeyPairSync('ec', { namedCurve: 'P-256' })
		.privateKey.export({ type: 'pkcs8', format: 'pem' });
	SECRETS['wrong private key'] = other.split('\n')[1];
	const run = await runFlow(
		'wrong private key',
		{
			credentialData: (data, emu) => {
				m2m(data, emu);
				data.netSuiteApi.privateKey = other;
			},
		},
		{ expectFailure: true },
	);
	expect(run.error).toBeTruthy();
});

test('wrong LWA client secret: the feed fails with a login error', async () => {
	const run = await runFlow(
		'wrong client secret',
		{ nodeCredentials: wrong({ amazon: { clientSecret: mark('wrongClientSecret') } }) },
		{ expectFailure: true },
	);
	expect(`${run.final.error.message} ${run.final.error.description}`).toMatch(
		/LWA|login|invalid_client/i,
	);
});

test('wrong refresh token: the feed fails with a login error', async () => {
	const run = await runFlow(
		'wrong refresh token',
		{ nodeCredentials: wrong({ amazon: { refreshToken: mark('wrongRefreshToken') } }) },
		{ expectFailure: true },
	);
	expect(`${run.final.error.message} ${run.final.error.description}`).toMatch(
		/LWA|login|invalid_grant|refresh/i,
	);
});

test('no secret and no issued access token appears in any output, error or log line', () => {
	expect(texts.length).toBe(6);
	expect(issuedTokens.size).toBeGreaterThanOrEqual(2);
	const secrets = { ...SECRETS };
	for (const [i, t] of [...issuedTokens].entries()) secrets[`access token ${i + 1}`] = t;
	const sources = [...texts, { name: 'console and n8n logger', text: captured.join('\n') }];
	// The logs really were captured (n8n logs at debug level), or this would prove nothing.
	expect(captured.join('\n').length).toBeGreaterThan(0);
	expect(captured.join('\n')).toContain('Start executing node');
	const leaks = [];
	for (const { name, text } of sources)
		for (const [what, value] of Object.entries(secrets))
			for (const form of new Set([value, encodeURIComponent(value)]))
				if (text.includes(form)) leaks.push(`${what} in ${name}`);
	expect(leaks).toEqual([]);
});
