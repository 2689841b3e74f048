#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: runs the template workflow (workflows/netsuite-fulfillments-to-amazon.json) end
 * to end with n8n's own execution engine against the local NetSuite and Amazon emulators, prints
 * what happened, and writes the feed documents and processing reports to output/.
 *
 *   DEMO_OUTPUT_DIR   where files go (default: output/)
 *   DEMO_TIME_SCALE   how much faster Amazon's clock runs (default 60)
 */
// The NetSuite emulator needs node:sqlite (Node 22.5+); the project pins Node 24 in node_modules/.bin.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	console.error(
		`The demo needs Node.js 22 or newer (this is ${process.version}). Run it with \`npm run demo\`, which uses the project's Node 24, or put node_modules/.bin first on PATH.`,
	);
	process.exit(1);
}

const { runDemo, DemoError, TIME_SCALE } = require('./demo/run');
const { formatSummary } = require('./demo/format');

const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const PACKAGE = require('../package.json');
/** What `npm pack` makes of this checkout. */
const TARBALL = `${PACKAGE.name}-${PACKAGE.version}.tgz`;

async function main() {
	const outputDir = path.resolve(ROOT, process.env.DEMO_OUTPUT_DIR || 'output');
	const timeScale = Number(process.env.DEMO_TIME_SCALE) || TIME_SCALE;
	const shownDir = path.relative(process.cwd(), outputDir) || '.';

	console.log('NetSuite fulfillments → Amazon shipment confirmations: demo');
	console.log(
		"Runs workflows/netsuite-fulfillments-to-amazon.json with n8n 2.x's execution engine,",
	);
	console.log('against local NetSuite and Amazon SP-API emulators (no real account is called).');
	console.log('');

	const { summary } = await runDemo({ timeScale, outputDir, log: (line) => console.log(line) });

	console.log('');
	for (const line of formatSummary(summary, { outputDir: shownDir })) console.log(line);
	console.log('');
	console.log(`Done in ${(summary.durationMs / 1000).toFixed(0)} s.`);
	console.log('');
	console.log('Next:');
	console.log(`  - Open ${shownDir}/ to read the feed document and Amazon's processing report.`);
	for (const line of [
		'  - Open the same workflow in n8n: run `npm run emulators` (it prints what to fill in on the',
		'    two credential forms, then each request as it arrives). Install this package from the checkout',
		'    (README "Install in n8n"): `npm pack`, copy the tarball into the nodes folder ~/.n8n/nodes',
		`    (X/.n8n/nodes with N8N_USER_FOLDER=X), there \`npm install ./${TARBALL} --omit=peer\`,`,
		'    and restart n8n. Import workflows/netsuite-fulfillments-to-amazon.json (... menu > Import > From',
		'    file), create the "NetSuite API" and "Amazon Selling Partner API" credentials with the printed',
		'    values, set Start From to "Everything Not Yet Sent", then Publish.',
		'    Note: "Execute workflow" sends for real; turn on Preview Only in Amazon Shipment Feed to try it.',
	])
		console.log(line);
	console.log('  - README.md "The template workflow" says what to set up for your real accounts.');

	if (!summary.crossCheck.ok) {
		console.error(
			'\nThe execution and the emulators disagree (see above): this is a bug, please report it.',
		);
		return 1;
	}
	if (summary.secondPoll?.emitted) {
		console.error('\nThe second poll sent fulfillments again: this is a bug, please report it.');
		return 1;
	}
	return 0;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		if (error instanceof DemoError) console.error(`\nThe demo stopped: ${error.message}`);
		else {
			console.error('\nThe demo failed unexpectedly:');
			console.error(error && error.stack ? error.stack : error);
		}
		process.exitCode = 1;
	},
);
