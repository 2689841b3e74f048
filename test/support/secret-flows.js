'use strict';
/**
 * What the two secret-leak scenarios share (test/reliability/helpers/secrets-scenario.js and
 * test/security/helpers/sweep-scenario.js): distinctive secret values, credentials made of them,
 * an M2M key pair, every text a user can see from a run, the access tokens the runs were issued,
 * tokens expired mid-run, and credentials switched to M2M or with one secret wrong. Each scenario
 * keeps its own flows.
 */
const crypto = require('node:crypto');

/** A secret no other text contains by chance, so a search for it finds only a leak. */
const mark = (what) => `S3cr3t-${what}-${crypto.randomBytes(12).toString('hex')}`;

/**
 * Both services' credentials (NetSuite TBA with an M2M client, Amazon LWA) with every secret
 * marked. A scenario may give the M2M certificate ID and Amazon values of its own, e.g. in LWA's
 * real formats.
 */
function markedCredentials({ certificateId = mark('cert'), amazon = {} } = {}) {
	return {
		netsuite: {
			accountId: '7654321_SB2',
			consumerKey: mark('consumerKey'),
			consumerSecret: mark('consumerSecret'),
			tokenId: mark('tokenId'),
			tokenSecret: mark('tokenSecret'),
			m2m: { clientId: mark('m2mClient'), certificateId },
		},
		amazon: {
			clientId: `amzn1.application-oa2-client.${mark('client')}`,
			clientSecret: mark('lwaClientSecret'),
			refreshToken: mark('refreshToken'),
			sellerId: 'A2SECRETTESTSELLER',
			...amazon,
		},
	};
}

/** An ES256 key pair for NetSuite M2M, as PEM. */
function m2mKeyPair() {
	const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
	return {
		privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
		publicKey: publicKey.export({ type: 'spki', format: 'pem' }),
	};
}

function safeJson(value) {
	try {
		return JSON.stringify(value, (k, v) =>
			v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v,
		);
	} catch {
		return String(value);
	}
}

/** All text a user can see from a run: items of every node, errors with their causes. */
function visibleText(run) {
	const parts = [];
	for (const e of [run.error, run.first?.error, run.final?.error].filter(Boolean)) {
		parts.push(safeJson(e), e.message, e.description, e.stack);
		if (e.cause) parts.push(safeJson(e.cause), e.cause.message, e.cause.description, e.cause.stack);
	}
	for (const ex of run.executions ?? [run.final ?? run.first].filter(Boolean))
		parts.push(safeJson(ex.runData), safeJson(ex.run?.data?.resultData?.error));
	return parts.filter(Boolean).join('\n');
}

/** The access tokens a flow's credentials hold, gathered over all runs (they are secrets too). */
function tokenCollector() {
	const tokens = new Set();
	return {
		tokens,
		collect(flow) {
			for (const type of ['amazonSpApi', 'netSuiteApi']) {
				const ref = flow.workflow.nodes
					.flatMap((n) => Object.entries(n.credentials ?? {}))
					.find(([t]) => t === type);
				const data = flow.runner.credentials.getData(type, ref[1].name);
				if (data?.accessToken) tokens.add(String(data.accessToken));
			}
		},
		/** `secrets` with every token gathered added as "access token n". */
		withTokens(secrets) {
			const out = { ...secrets };
			for (const [i, t] of [...tokens].entries()) out[`access token ${i + 1}`] = t;
			return out;
		},
	};
}

/**
 * Flow hooks that expire both services' tokens once the feed node has run, so the next calls
 * refresh them mid-run; `flow()` gives the flow the hooks belong to.
 */
function expireTokensMidRun(flow, collector) {
	return {
		nodeExecuteAfter: (node) => {
			if (node === 'Amazon Shipment Feed') {
				collector.collect(flow());
				flow().emulators.amazon.expireTokens();
				flow().emulators.netsuite.expireTokens();
			}
		},
	};
}

/** A credentialData patch switching NetSuite to M2M with `creds.netsuite.m2m` and the key pair. */
function useM2m(creds, keys) {
	return (data, emulators) => {
		emulators.netsuite.registerCertificate(creds.netsuite.m2m.certificateId, keys.publicKey);
		Object.assign(data.netSuiteApi, {
			authentication: 'm2m',
			clientId: creds.netsuite.m2m.clientId,
			certificateId: creds.netsuite.m2m.certificateId,
			privateKey: keys.privateKey,
			algorithm: 'ES256',
			consumerKey: '',
			consumerSecret: '',
			tokenId: '',
			tokenSecret: '',
		});
	};
}

/** `creds` with some values replaced: { netsuite: {...}, amazon: {...} }. */
const withWrong = (creds, patch) => ({
	netsuite: { ...creds.netsuite, ...(patch.netsuite ?? {}) },
	amazon: { ...creds.amazon, ...(patch.amazon ?? {}) },
});

module.exports = {
	mark,
	markedCredentials,
	m2mKeyPair,
	safeJson,
	visibleText,
	tokenCollector,
	expireTokensMidRun,
	useM2m,
	withWrong,
};
