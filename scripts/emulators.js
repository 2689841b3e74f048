#!/usr/bin/env node
'use strict';
// `npm run emulators`: both emulators on fixed loopback ports, for pointing a real n8n at them.
const { startEmulators } = require('../emulators');

async function main() {
	const timeScale = Number(process.env.EMULATOR_TIME_SCALE || 60);
	const emulators = await startEmulators({
		timeScale,
		ports: {
			netsuite: Number(process.env.NETSUITE_EMULATOR_PORT || 4610),
			amazon: Number(process.env.AMAZON_EMULATOR_PORT || 4620),
		},
		amazon: { feedDelays: { inQueueMs: 20_000, inProgressMs: 40_000 } },
	});
	console.log(`NetSuite emulator: ${emulators.netsuite.url}`);
	console.log(`Amazon SP-API emulator: ${emulators.amazon.url} (time runs ${timeScale}x faster)`);
	console.log('\nCredential values for n8n (test values, not secrets):');
	console.log(JSON.stringify(emulators.credentials, null, 2));
	console.log('\nCtrl+C stops both.');
	const stop = async () => {
		await emulators.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
