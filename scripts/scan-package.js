#!/usr/bin/env node
'use strict';
/**
 * n8n's own community-package scanner (@n8n/scan-community-package), run on what we would publish:
 * the tarball `npm pack` makes (unpacked, every file the scanner looks at by default) and the sources
 * with the scanner's own source patterns. Its provenance check needs the registry and a published
 * version, so it is left out; everything else is the same analysis n8n runs before verifying a package.
 * Run after `npm run build`. Prints the findings and a count; exits 1 on any finding.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');

function packAndUnpack() {
	if (!fs.existsSync(path.join(root, 'dist'))) {
		throw new Error('dist/ is missing: run `npm run build` first.');
	}
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-package-'));
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
	const dir = path.join(work, 'package');
	fs.mkdirSync(dir);
	execFileSync('tar', ['-xzf', path.join(work, filename), '-C', dir, '--strip-components=1']);
	return { work, dir };
}

async function main() {
	const scanner = await import(
		require.resolve('@n8n/scan-community-package/scanner/scanner.mjs', { paths: [root] })
	);
	const { work, dir } = packAndUnpack();
	let findings = 0;
	try {
		const legs = [
			['tarball', await scanner.analyzePackage(dir)],
			['sources', await scanner.analyzePackage(root, scanner.SOURCE_FILE_PATTERNS)],
		];
		for (const [leg, result] of legs) {
			if (result.passed) {
				console.log(`${leg}: passed${result.message ? ` (${result.message})` : ''}`);
				continue;
			}
			findings += countErrors(result.details) || 1;
			console.log(`${leg}: ${result.message}`);
			if (result.details) console.log(result.details);
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	console.log(`n8n community-package scanner: ${findings} findings`);
	process.exit(findings ? 1 : 0);
}

/** The stylish formatter ends with "✖ N problems (E errors, W warnings)". */
function countErrors(details) {
	const match = /\((\d+) errors?/.exec(details || '');
	return match ? Number(match[1]) : 0;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
