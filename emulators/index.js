'use strict';

/**
 * Starts the NetSuite and Amazon emulators together on loopback, from one seed, and hands back
 * n8n credential data that points at them. Used by `npm run emulators`, the demo, the tests and
 * the benchmark.
 */
const { createNetSuiteEmulator, DEFAULT_SEED_PATH } = require('./netsuite');
const { createAmazonEmulator } = require('./amazon');
const { DEFAULT_CREDENTIALS } = require('./credentials');

/**
 * @param {object} [options]
 * @param {object} [options.seed]        seed object (default: emulators/seed/default-seed.json)
 * @param {number} [options.timeScale]   >1 runs delays, refills and token lifetimes faster
 * @param {object} [options.netsuite]    extra options for createNetSuiteEmulator
 * @param {object} [options.amazon]      extra options for createAmazonEmulator
 * @param {{netsuite?: number, amazon?: number}} [options.ports] 0 = any free port
 */
async function startEmulators(options = {}) {
	const seed = options.seed || require(DEFAULT_SEED_PATH);
	const timeScale = options.timeScale || 1;
	const netsuite = createNetSuiteEmulator({ seed, timeScale, ...(options.netsuite || {}) });
	const amazon = createAmazonEmulator({ seed, timeScale, ...(options.amazon || {}) });
	const ports = options.ports || {};
	await netsuite.listen(ports.netsuite || 0);
	await amazon.listen(ports.amazon || 0);
	return {
		netsuite,
		amazon,
		/** n8n credential data (as the credential forms would hold it) pointing at the emulators. */
		credentials: emulatorCredentials(netsuite.url, amazon.url),
		async close() {
			await Promise.all([netsuite.close(), amazon.close()]);
		},
	};
}

/** n8n credential data for these emulator URLs; `values` = DEFAULT_CREDENTIALS-shaped test values. */
function emulatorCredentials(netsuiteUrl, amazonUrl, values = DEFAULT_CREDENTIALS) {
	const ns = values.netsuite;
	const amz = values.amazon;
	return {
		netSuiteApi: {
			authentication: 'tba',
			accountId: ns.accountId,
			consumerKey: ns.consumerKey,
			consumerSecret: ns.consumerSecret,
			tokenId: ns.tokenId,
			tokenSecret: ns.tokenSecret,
			restBaseUrl: netsuiteUrl,
			restletBaseUrl: netsuiteUrl,
		},
		amazonSpApi: {
			clientId: amz.clientId,
			clientSecret: amz.clientSecret,
			refreshToken: amz.refreshToken,
			region: 'NA',
			sandbox: false,
			endpointOverride: amazonUrl,
			tokenUrlOverride: `${amazonUrl}/auth/o2/token`,
			// The merchant token the Amazon emulator expects in XML feed headers.
			sellerId: amz.sellerId,
			accessToken: '',
		},
	};
}

module.exports = { startEmulators, emulatorCredentials, DEFAULT_CREDENTIALS };
