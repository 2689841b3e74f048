#!/usr/bin/env node
'use strict';
/**
 * n8n's package scanner lints the PUBLISHED JavaScript, not only the TypeScript sources: no `process`,
 * no timers, no `fs`, no runtime dependencies. `npm run lint` checks the sources; this checks what
 * `npm run build` produced in dist/ with the same community-node rules (run after a build).
 */
const fs = require('node:fs');
const path = require('node:path');
const { ESLint } = require('eslint');

async function main() {
	const root = path.join(__dirname, '..');
	if (!fs.existsSync(path.join(root, 'dist'))) {
		console.error('dist/ is missing: run `npm run build` first.');
		process.exit(1);
	}
	// The plugin ships with @n8n/node-cli, which `npm run lint` uses too.
	const cliConfig = require.resolve('@n8n/node-cli/eslint');
	const pluginPath = require.resolve('@n8n/eslint-plugin-community-nodes', { paths: [cliConfig] });
	const { n8nCommunityNodesPlugin } = require(pluginPath);
	const eslint = new ESLint({
		cwd: root,
		overrideConfigFile: true,
		overrideConfig: [
			{
				files: ['dist/**/*.js'],
				...n8nCommunityNodesPlugin.configs.recommended,
				languageOptions: { sourceType: 'commonjs', ecmaVersion: 2022 },
			},
		],
	});
	const results = await eslint.lintFiles(['dist/**/*.js']);
	const formatter = await eslint.loadFormatter('stylish');
	const output = await formatter.format(results);
	const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
	if (output) console.log(output);
	console.log(`dist/: ${results.length} files checked with n8n's community-node rules, ${errors} errors`);
	process.exit(errors ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
