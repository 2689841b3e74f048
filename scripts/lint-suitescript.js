#!/usr/bin/env node
'use strict';
/**
 * Lints suitescript/ (the files sellers deploy into NetSuite) with plain ESLint rules that stand in
 * for eslint-plugin-suitescript: that plugin cannot be installed (its dependency
 * @acdvs/eslint-plugin-amd is missing from the registry), and `n8n-node lint` in strict mode forbids
 * touching eslint.config.mjs, so the rules live here. What they check:
 * - one AMD `define` and nothing else at the top level, only `N/` modules as dependencies
 *   (the plugin's no-invalid-modules / module-vars);
 * - the SuiteScript globals only (`define`, `log`, `util`), no Node or browser globals;
 * - SuiteScript 2.1's language level (ES2019 here, to stay on the safe side of the engine);
 * - types: the N/ modules as @hitc/netsuite-types declares them, checked from the scripts' JSDoc by
 *   tsc (scripts/suitescript/tsconfig.json);
 * - the JSDoc tags @NApiVersion and @NScriptType (the plugin's api-version / script-type) are
 *   checked by the emulator's loader, which refuses the file (test/emulators/netsuite-suitescript).
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ESLint } = require('eslint');

async function main() {
	const root = path.join(__dirname, '..');
	const eslint = new ESLint({
		cwd: root,
		overrideConfigFile: true,
		overrideConfig: [
			{
				files: ['suitescript/**/*.js'],
				languageOptions: {
					ecmaVersion: 2019,
					sourceType: 'script',
					globals: { define: 'readonly', log: 'readonly', util: 'readonly' },
				},
				linterOptions: { reportUnusedDisableDirectives: 'error' },
				rules: {
					'no-undef': 'error',
					'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
					'no-var': 'error',
					'prefer-const': 'error',
					eqeqeq: ['error', 'smart'],
					'no-eval': 'error',
					'no-implied-eval': 'error',
					'no-new-func': 'error',
					'no-console': 'error',
					'no-restricted-globals': [
						'error',
						...[
							'require',
							'process',
							'setTimeout',
							'setInterval',
							'window',
							'document',
							'fetch',
							'module',
							'exports',
						].map((name) => ({
							name,
							message: `${name} does not exist in a SuiteScript server script.`,
						})),
					],
					'no-restricted-syntax': [
						'error',
						{
							selector:
								'Program > :not(ExpressionStatement[expression.type="CallExpression"][expression.callee.name="define"])',
							message:
								'A SuiteScript entry file holds one define([...], factory) call and nothing else.',
						},
						{
							selector: 'Program > ExpressionStatement ~ ExpressionStatement',
							message: 'Only one define call per file (NetSuite: MULTIPLE_DEFINE_CALLS).',
						},
						{
							selector:
								'CallExpression[callee.name="define"] > ArrayExpression > :not(Literal[value=/^N\\/[a-z]+(\\/[a-zA-Z]+)*$/])',
							message:
								"Dependencies are NetSuite modules ('N/search', 'N/record', ...): these scripts ship as single files.",
						},
					],
				},
			},
		],
	});
	const results = await eslint.lintFiles(['suitescript/**/*.js']);
	const formatter = await eslint.loadFormatter('stylish');
	const output = await formatter.format(results);
	const errors = results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
	if (output) console.log(output);
	console.log(
		`suitescript/: ${results.length} files checked with the SuiteScript rules, ${errors} problems`,
	);
	const tsc = spawnSync(
		process.execPath,
		[
			require.resolve('typescript/bin/tsc'),
			'-p',
			path.join(__dirname, 'suitescript', 'tsconfig.json'),
		],
		{ cwd: root, stdio: 'inherit' },
	);
	console.log(
		`suitescript/: types against @hitc/netsuite-types ${tsc.status === 0 ? 'OK' : 'FAILED'}`,
	);
	process.exit(errors || tsc.status !== 0 ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
