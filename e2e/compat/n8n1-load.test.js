'use strict';
/**
 * The compiled nodes must load in n8n 1.x on Node 20, not only in 2.x on Node 24: install n8n-core
 * and n8n-workflow 1.x (cached under E2E_HOME), unpack the packed package next to them with no
 * dependencies of its own (as n8n's installer does), and load it with n8n 1.x's loader on Node 20.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { E2E_HOME } = require('../paths');
const { packPackage } = require('../n8n-process');

const N8N1 = { core: '1.100.0', workflow: '1.98.0' };
const DIR = path.join(E2E_HOME, `n8n1-compat-${N8N1.core}`);
const PACKAGE = require('../../package.json');

/** A Node 20 binary: the machine's (the project itself runs on the Node 24 devDependency). */
function node20() {
	for (const candidate of [process.env.NODE20_BIN, '/usr/bin/node', '/usr/local/bin/node']) {
		if (!candidate || !fs.existsSync(candidate)) continue;
		const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout.trim();
		if (version.startsWith('v20.')) return candidate;
	}
	return undefined;
}

function installN8n1() {
	if (fs.existsSync(path.join(DIR, 'node_modules', 'n8n-core', 'package.json'))) return;
	fs.mkdirSync(DIR, { recursive: true });
	fs.writeFileSync(
		path.join(DIR, 'package.json'),
		'{"name":"n8n1-compat","version":"1.0.0","private":true}',
	);
	const r = spawnSync(
		'npm',
		[
			'install',
			`n8n-core@${N8N1.core}`,
			`n8n-workflow@${N8N1.workflow}`,
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
		],
		{ cwd: DIR, encoding: 'utf8' },
	);
	if (r.status !== 0) throw new Error(`npm install of n8n 1.x failed:\n${r.stderr}`);
}

const binary = node20();
(binary ? test : test.skip)(
	'every node and credential loads in n8n 1.x (n8n-core 1.100, Node 20)',
	() => {
		installN8n1();
		const tarball = packPackage();
		const target = path.join(DIR, 'node_modules', PACKAGE.name);
		fs.rmSync(target, { recursive: true, force: true });
		fs.mkdirSync(target, { recursive: true });
		const untar = spawnSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
		expect(untar.status).toBe(0);

		const run = spawnSync(binary, [path.join(__dirname, 'load-package.js'), target], {
			cwd: DIR,
			encoding: 'utf8',
		});
		if (run.status !== 0) throw new Error(`n8n 1.x could not load the package:\n${run.stderr}`);
		const loaded = JSON.parse(run.stdout.trim().split('\n').pop());

		expect(loaded.node).toMatch(/^v20\./);
		expect(loaded.n8nCore).toBe(N8N1.core);
		const expectedNodes = PACKAGE.n8n.nodes.length;
		expect(Object.keys(loaded.nodes)).toHaveLength(expectedNodes);
		expect(loaded.nodes.amazonFeedStatus.outputs).toHaveLength(4);
		expect(loaded.nodes.netSuiteSavedSearchTrigger.polling).toBe(true);
		expect(loaded.credentials.sort()).toEqual([
			'amazonSpApi',
			'netSuiteApi',
			'netSuiteNoticeSigningApi',
		]);
		expect(loaded.credentials).toHaveLength(PACKAGE.n8n.credentials.length);
		// Every n8n-workflow export the built nodes use exists in 1.x too.
		expect(loaded.workflowExports).toEqual([
			'NodeApiError',
			'NodeOperationError',
			'NodeConnectionTypes',
			'sleep',
		]);
	},
	300000,
);
