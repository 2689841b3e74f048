'use strict';
/**
 * Runs under n8n 1.x's own loader (n8n-core 1.x, Node 20): loads the installed package the way n8n
 * does and prints what it found as JSON. Started by n8n1-load.test.js in the compat install folder.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n1-home-'));
// Resolved from the compat install (the working directory), never from this repository's node_modules.
const fromInstall = (name) => require(require.resolve(name, { paths: [process.cwd()] }));
const { PackageDirectoryLoader } = fromInstall('n8n-core');
const workflow = fromInstall('n8n-workflow');

(async () => {
	const loader = new PackageDirectoryLoader(process.argv[2]);
	await loader.loadAll();
	const nodes = {};
	for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
		const d = type.description;
		nodes[name] = { outputs: d.outputs, properties: d.properties.length, polling: !!d.polling };
	}
	console.log(
		JSON.stringify({
			node: process.version,
			n8nCore: fromInstall('n8n-core/package.json').version,
			n8nWorkflow: fromInstall('n8n-workflow/package.json').version,
			nodes,
			credentials: Object.keys(loader.credentialTypes),
			workflowExports: [
				'NodeApiError',
				'NodeOperationError',
				'NodeConnectionTypes',
				'sleep',
			].filter((name) => name in workflow),
		}),
	);
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
