#!/usr/bin/env node
'use strict';
/**
 * The flows of secrets-sweep.test.js, in a child process so that everything n8n (debug log level)
 * and the nodes print is captured whole: distinctive secrets in both credentials (TBA, OAuth 2.0
 * M2M, LWA), the template flow under faults on both services and their S3 links (connections
 * dropped, 5xx, tokens expiring mid-run), with wrong secrets, and both credentials' token requests
 * refused. Writes to RESULT_FILE every text the runs produced — node output, errors, the NetSuite
 * emulator's records (the error fields) — and the secret values, for the test to search.
 */
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'debug';
const crypto = require('node:crypto');
const { install } = require('../../reliability/helpers/timewarp');

const clock = install({ scale: 300 });

const { startFlow } = require('../../reliability/helpers/flow');
const { generateSeed } = require('../../../emulators/seed/generate');
const { sendWithFetch } = require('../../support/fetch-http');
const {
	mark,
	markedCredentials,
	m2mKeyPair,
	safeJson,
	visibleText,
	tokenCollector,
	expireTokensMidRun,
	useM2m,
	withWrong,
} = require('../../support/secret-flows');

const KEYS = m2mKeyPair();
const PRIVATE_KEY = KEYS.privateKey;

const CREDS = markedCredentials({
	certificateId: 'cert-sweep-1',
	amazon: {
		clientId: 'amzn1.application-oa2-client.sweep0001',
		clientSecret: `amzn1.oa2-cs.v1.${mark('lwaClientSecret')}`,
		refreshToken: `Atzr|${mark('refreshToken')}`,
	},
});
const SECRETS = {
	consumerKey: CREDS.netsuite.consumerKey,
	consumerSecret: CREDS.netsuite.consumerSecret,
	tokenId: CREDS.netsuite.tokenId,
	tokenSecret: CREDS.netsuite.tokenSecret,
	m2mClientId: CREDS.netsuite.m2m.clientId,
	privateKey: PRIVATE_KEY,
	lwaClientSecret: CREDS.amazon.clientSecret,
	refreshToken: CREDS.amazon.refreshToken,
};
const tokens = tokenCollector();
const texts = [];
const outcomes = [];
async function runFlow(name, options, { expireMidRun = false, ticks = 2, extra } = {}) {
	let flow;
	const hooks = expireMidRun ? expireTokensMidRun(() => flow, tokens) : undefined;
	flow = await startFlow({
		seed: generateSeed({ count: 6 }),
		clock,
		emulatorCredentials: CREDS,
		hooks,
		...options,
	});
	try {
		for (let i = 0; i < ticks; i++) {
			const run = await flow.tick({ advanceMs: 25 * 60 * 60 * 1000 });
			tokens.collect(flow);
			texts.push({ name: `${name}, run ${i + 1}: node output and errors`, text: visibleText(run) });
			outcomes.push({ name, run: i + 1, status: run.pollError ? 'pollError' : run.status });
		}
		// What staff and other integrations read in NetSuite: the error fields of the records.
		texts.push({
			name: `${name}: NetSuite records`,
			text: safeJson(flow.emulators.netsuite.inspect()),
		});
		if (extra) await extra(flow);
	} finally {
		await flow.close();
	}
}

const m2m = useM2m(CREDS, KEYS);
const wrong = (patch) => withWrong(CREDS, patch);

/** Faults on every operation of both services, the S3 links included. */
const FAULTS = {
	amazon: {
		faults: {
			'*': { rate500: 0.1, rateDrop: 0.05 },
			uploadFeedDocument: { rateDrop: 0.5, rate503: 0.2 },
			downloadFeedDocument: { rateDrop: 0.5, rate500: 0.3 },
		},
	},
	netsuite: { faults: { '*': { rate500: 0.08, rateDrop: 0.04, rate429: 0.05 } } },
};
/** The S3 links never answer: every upload and report download fails, with its URL in the error. */
const S3_DOWN = {
	amazon: {
		faults: { uploadFeedDocument: { rateDrop: 1 }, downloadFeedDocument: { rateDrop: 1 } },
	},
};

/** Both credentials' token requests (what n8n's credential test triggers), refused. */
async function credentialTests(flow) {
	const { NetSuiteApi } = require('../../../dist/credentials/NetSuiteApi.credentials');
	const { AmazonSpApi } = require('../../../dist/credentials/AmazonSpApi.credentials');
	const helpers = {
		helpers: {
			httpRequest: (o) =>
				sendWithFetch({ ...o }).catch((e) =>
					e.response
						? { statusCode: e.response.status, headers: e.response.headers, body: e.response.data }
						: Promise.reject(e),
				),
		},
	};
	const other = crypto
		.generateKeyPairSync('ec', { namedCurve: 'P-256' })
		.privateKey.export({ type: 'pkcs8', format: 'pem' });
	SECRETS['wrong private key'] = other;
	const attempts = [
		[
			'NetSuite M2M token request, wrong key',
			() =>
				new NetSuiteApi().preAuthentication.call(helpers, {
					authentication: 'm2m',
					accountId: CREDS.netsuite.accountId,
					clientId: CREDS.netsuite.m2m.clientId,
					certificateId: CREDS.netsuite.m2m.certificateId,
					privateKey: other,
					algorithm: 'ES256',
					restBaseUrl: flow.emulators.netsuite.url,
				}),
		],
		[
			'Amazon LWA token request, wrong client secret',
			() =>
				new AmazonSpApi().preAuthentication.call(helpers, {
					...CREDS.amazon,
					clientSecret: (SECRETS['wrong client secret (credential test)'] = mark('wrongCs')),
					region: 'NA',
					tokenUrlOverride: `${flow.emulators.amazon.url}/auth/o2/token`,
				}),
		],
	];
	for (const [name, attempt] of attempts) {
		const error = await attempt().then(
			() => new Error('unexpectedly accepted'),
			(e) => e,
		);
		texts.push({
			name,
			text: [error.message, error.description, safeJson(error), error.stack].join('\n'),
		});
		outcomes.push({ name, status: 'credentialTest', error: error.message });
	}
}

async function main() {
	await runFlow('tba under faults', FAULTS, { expireMidRun: true, ticks: 3 });
	await runFlow(
		'm2m under faults',
		{ ...FAULTS, credentialData: m2m },
		{ expireMidRun: true, ticks: 3 },
	);
	await runFlow('S3 links down', S3_DOWN, { ticks: 2, extra: credentialTests });
	await runFlow(
		'wrong token secret',
		{
			nodeCredentials: wrong({
				netsuite: { tokenSecret: (SECRETS.wrongTokenSecret = mark('wrongTs')) },
			}),
		},
		{ ticks: 1 },
	);
	await runFlow(
		'wrong refresh token',
		{
			nodeCredentials: wrong({
				amazon: { refreshToken: (SECRETS.wrongRefreshToken = `Atzr|${mark('wrongRt')}`) },
			}),
		},
		{ ticks: 1 },
	);
	const secrets = tokens.withTokens(SECRETS);
	require('node:fs').writeFileSync(
		process.env.RESULT_FILE,
		JSON.stringify({ outcomes, texts, secrets }),
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
