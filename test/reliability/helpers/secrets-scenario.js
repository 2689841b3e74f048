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
const {
	mark,
	markedCredentials,
	m2mKeyPair,
	visibleText,
	tokenCollector,
	expireTokensMidRun,
	useM2m,
	withWrong,
} = require('../../support/secret-flows');

const KEYS = m2mKeyPair();
const PRIVATE_KEY = KEYS.privateKey;

const CREDS = markedCredentials();
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
const tokens = tokenCollector();
const texts = [];
const results = [];
async function runFlow(name, options, { expectFailure = false, expireMidRun = false } = {}) {
	let flow;
	const hooks = expireMidRun ? expireTokensMidRun(() => flow, tokens) : undefined;
	flow = await startFlow({
		seed: generateSeed({ count: 4 }),
		clock,
		emulatorCredentials: CREDS,
		hooks,
		...options,
	});
	try {
		const run = await flow.tick();
		tokens.collect(flow);
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

const m2m = useM2m(CREDS, KEYS);
const wrong = (patch) => withWrong(CREDS, patch);

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
	const secrets = tokens.withTokens(SECRETS);
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
