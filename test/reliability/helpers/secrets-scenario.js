#!/usr/bin/env node
'use strict';
/**
 * The flows of secrets.test.js, run in a child process so that everything n8n and the nodes print
 * (n8n's logger at debug level, console) is captured whole from stdout/stderr: distinctive secrets
 * in both credentials, the template flow with tokens expiring mid-run, and with wrong secrets.
 * Writes the item/error texts, run outcomes and the secret values to the JSON file RESULT_FILE.
 */
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'debug';
const crypto = require('node:crypto');
const { install } = require('./timewarp');

const clock = install({ scale: 300 });

const { startFlow } = require('./flow');
const { generateSeed } = require('../../../emulators/seed/generate');

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
const results = [];
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
		const error = run.error ?? run.final?.error;
		results.push({
			name,
			status: run.pollError ? 'pollError' : run.status,
			expectFailure,
			error: error ? `${error.message} ${error.description ?? ''}` : null,
		});
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

async function main() {
	await runFlow('tba', {}, { expireMidRun: true });
	await runFlow('m2m', { credentialData: m2m }, { expireMidRun: true });
	await runFlow(
		'wrong token secret',
		{ nodeCredentials: wrong({ netsuite: { tokenSecret: mark('wrongTokenSecret') } }) },
		{ expectFailure: true },
	);
	const other = crypto
		.generateKeyPairSync('ec', { namedCurve: 'P-256' })
		.privateKey.export({ type: 'pkcs8', format: 'pem' });
	SECRETS['wrong private key'] = other.split('\n')[1];
	await runFlow(
		'wrong private key',
		{
			credentialData: (data, emu) => {
				m2m(data, emu);
				data.netSuiteApi.privateKey = other;
			},
		},
		{ expectFailure: true },
	);
	await runFlow(
		'wrong client secret',
		{ nodeCredentials: wrong({ amazon: { clientSecret: mark('wrongClientSecret') } }) },
		{ expectFailure: true },
	);
	await runFlow(
		'wrong refresh token',
		{ nodeCredentials: wrong({ amazon: { refreshToken: mark('wrongRefreshToken') } }) },
		{ expectFailure: true },
	);
	const secrets = { ...SECRETS };
	for (const [i, t] of [...issuedTokens].entries()) secrets[`access token ${i + 1}`] = t;
	require('node:fs').writeFileSync(
		process.env.RESULT_FILE,
		JSON.stringify({ results, texts, secrets }),
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
