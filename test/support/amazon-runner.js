'use strict';
/**
 * Amazon's emulator on a free port and n8n's engine (the in-process runner) with the built package,
 * its Amazon SP-API credential ('amz', 'Amazon') pointed at the emulator: the set-up of the tests
 * that run the feed and status nodes through n8n against the emulator. Needs a build.
 */
const { createRunner } = require('../harness/n8n-runner'); // before anything loads n8n-core
const path = require('node:path');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');

const ROOT = path.join(__dirname, '../..');
const PKG = require('../../package.json').name;
/** What a workflow's Amazon node names as its credential. */
const AMAZON_CREDENTIAL = { amazonSpApi: { id: 'amz', name: 'Amazon' } };

/**
 * Amazon Shipment Feed with method Confirm Shipment (UPS Ground mapped), named `name`, using the
 * emulator's credential; `parameters` are added to or override the defaults.
 */
function confirmShipmentFeedNode({ id, name, position = [0, 0], parameters = {} }) {
	return {
		id,
		name,
		type: `${PKG}.amazonShipmentFeed`,
		typeVersion: 1,
		position,
		parameters: {
			method: 'confirmShipment',
			carrierMapping: {
				rule: [{ match: 'UPS Ground', carrierCode: 'UPS', shippingMethod: 'Ground' }],
			},
			...parameters,
		},
		credentials: AMAZON_CREDENTIAL,
	};
}

/** `emulatorOptions` go to createAmazonEmulator (seed, feedDelays, logger, …). Close `emu` after. */
async function startAmazonRunner(emulatorOptions) {
	const emu = createAmazonEmulator(emulatorOptions);
	const { url } = await emu.listen();
	try {
		const runner = await createRunner({
			packageDir: ROOT,
			credentials: [
				{
					...AMAZON_CREDENTIAL.amazonSpApi,
					type: 'amazonSpApi',
					data: {
						...DEFAULT_CREDENTIALS.amazon,
						region: 'NA',
						endpointOverride: url,
						tokenUrlOverride: `${url}/auth/o2/token`,
					},
				},
			],
		});
		return { emu, runner, url };
	} catch (error) {
		await emu.close();
		throw error;
	}
}

module.exports = { startAmazonRunner, confirmShipmentFeedNode, AMAZON_CREDENTIAL, PKG, ROOT };
