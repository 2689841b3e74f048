#!/usr/bin/env node
'use strict';
// `npm run emulators`: both emulators on fixed loopback ports, for pointing a real n8n at them.
// Prints what to fill in on n8n's two credential forms, then one line per request.
const { startEmulators } = require('../emulators');
const { credentialInstructions, createRequestLog } = require('./emulators/console');

/**
 * Starts both emulators and writes what `npm run emulators` prints, line by line, to `write`.
 * The browser test (e2e/browser/readme-path.test.js) runs it in-process and types what it wrote.
 */
async function runEmulators({
	timeScale = 60,
	ports = { netsuite: 4610, amazon: 4620 },
	quiet = false,
	write = (line) => console.log(line),
	userEvent,
} = {}) {
	let emulators;
	const log = createRequestLog({
		write,
		netsuiteRecords: () => emulators.netsuite.inspect(),
		feedDocument: (feedId) => emulators.amazon.feedDocument(feedId),
		feeds: () => emulators.amazon.inspect().feeds,
	});
	// Requests can only arrive once both listen, so `emulators` is set by then.
	const logger = (fn) => (quiet ? undefined : (entry) => emulators && fn(entry));
	emulators = await startEmulators({
		timeScale,
		ports,
		netsuite: { logger: logger(log.netsuite), ...(userEvent ? { userEvent } : {}) },
		amazon: { feedDelays: { inQueueMs: 20_000, inProgressMs: 40_000 }, logger: logger(log.amazon) },
	});
	write(`NetSuite emulator: ${emulators.netsuite.url}`);
	write(
		`Amazon SP-API emulator: ${emulators.amazon.url} (its clock runs ${timeScale}x faster: a feed takes about a minute)`,
	);
	if (userEvent) {
		write(
			`User Event on Item Fulfillment: notices of shipped fulfillments go to ${userEvent.url}; ship one with`,
		);
		write(
			`  curl -X POST ${emulators.netsuite.url}/emulator/itemfulfillments/ship -d '{"id":"1211"}'`,
		);
	}
	write('');
	write('Credentials for n8n (test values for these emulators, not secrets):');
	write('');
	for (const line of credentialInstructions(emulators.credentials)) write(line);
	write(
		'Then in the workflow: pick both credentials in the five NetSuite and Amazon nodes and set the trigger\'s Start From to "Everything Not Yet Sent" (the seed shipped before today).',
	);
	write('');
	write(quiet ? 'Ctrl+C stops both.' : 'Requests as they arrive (Ctrl+C stops both):');
	return emulators;
}

async function main() {
	const emulators = await runEmulators({
		timeScale: Number(process.env.EMULATOR_TIME_SCALE || 60),
		quiet: process.env.EMULATOR_QUIET === '1',
		// The webhook trigger's Production URL and its signing secret: the emulator's User Event
		// then notifies that n8n when a fulfillment ships.
		userEvent: process.env.NETSUITE_NOTICE_URL
			? {
					url: process.env.NETSUITE_NOTICE_URL,
					secrets: { custsecret_amz_notice: process.env.NETSUITE_NOTICE_SECRET || '' },
				}
			: undefined,
		ports: {
			netsuite: Number(process.env.NETSUITE_EMULATOR_PORT || 4610),
			amazon: Number(process.env.AMAZON_EMULATOR_PORT || 4620),
		},
	});
	const stop = async () => {
		await emulators.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}

module.exports = { runEmulators };
