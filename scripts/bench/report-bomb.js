#!/usr/bin/env node
'use strict';
/**
 * Peak memory of downloading a hostile processing report: a small gzip that expands to a lot.
 * Each case runs in a child process so its peak RSS is its own.
 *
 *   node scripts/bench/report-bomb.js [distDir] [expandMiB=400]
 *
 * distDir defaults to ./dist (run `npm run build` first); pass another build to compare.
 * Prints the gzip size, what it expands to, the outcome (error or size read) and the peak RSS.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const zlib = require('node:zlib');

function bomb(expandMiB) {
	// Processing-report lines repeated: deflate's ~1000:1 at most, like the report of the issue.
	const line = Buffer.from(
		'<Result><MessageID>1</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>18028</ResultMessageCode></Result>\n',
	);
	const chunk = Buffer.alloc(1024 * 1024);
	for (let i = 0; i < chunk.length; i += line.length) line.copy(chunk, i);
	const gz = zlib.createGzip({ level: 9 });
	const parts = [];
	gz.on('data', (d) => parts.push(d));
	return new Promise((resolve) => {
		gz.on('end', () => resolve(Buffer.concat(parts)));
		let left = expandMiB;
		const write = () => {
			while (left > 0) {
				left--;
				if (!gz.write(chunk)) return gz.once('drain', write);
			}
			gz.end();
		};
		write();
	});
}

async function child(distDir, gzFile) {
	const fs = require('node:fs');
	const { AmazonClient } = require(path.resolve(distDir, 'core/amazon/client.js'));
	const body = fs.readFileSync(gzFile);
	const transport = async () => ({ statusCode: 200, headers: {}, body });
	const client = new AmazonClient({
		transport,
		presignedTransport: transport,
		clock: { now: Date.now, random: Math.random, sleep: async () => {} },
		baseUrl: 'https://sellingpartnerapi-na.amazon.com',
	});
	const started = Date.now();
	let outcome;
	try {
		const text = await client.downloadFeedDocument({
			url: 'https://s3.example/report',
			compressionAlgorithm: 'GZIP',
		});
		outcome = `read ${(text.length / 1048576).toFixed(0)} MiB of text`;
	} catch (error) {
		outcome = `refused: ${error.message.slice(0, 160)}`;
	}
	const peakMiB = process.resourceUsage().maxRSS / 1024;
	console.log(
		JSON.stringify({ outcome, ms: Date.now() - started, peakRssMiB: Math.round(peakMiB) }),
	);
}

async function main() {
	if (process.argv[2] === '--child') return child(process.argv[3], process.argv[4]);
	const distDir = process.argv[2] || path.join(__dirname, '../../dist');
	const expandMiB = Number(process.argv[3] || 400);
	const gz = await bomb(expandMiB);
	const file = path.join(require('node:os').tmpdir(), `report-bomb-${process.pid}.gz`);
	require('node:fs').writeFileSync(file, gz);
	const run = spawnSync(process.execPath, [__filename, '--child', distDir, file], {
		encoding: 'utf8',
	});
	require('node:fs').rmSync(file, { force: true });
	if (run.status !== 0) {
		console.error(run.stderr);
		process.exit(1);
	}
	const result = JSON.parse(run.stdout.trim().split('\n').pop());
	console.log(`build:        ${path.resolve(distDir)}`);
	console.log(`gzip:         ${(gz.length / 1024).toFixed(0)} KiB, expands to ${expandMiB} MiB`);
	console.log(`outcome:      ${result.outcome}`);
	console.log(`time:         ${result.ms} ms`);
	console.log(`peak RSS:     ${result.peakRssMiB} MiB`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
