'use strict';
/**
 * Runs the fixture workflow through the runner under plain Node (no jest module registry), the
 * way `npm run demo` uses it, and prints a JSON summary on the last line.
 */
const fs = require('node:fs');
const path = require('node:path');
const { createRunner } = require('../harness/n8n-runner');
const { startFixtureApi } = require('./fixture-api');

(async () => {
	const api = await startFixtureApi({
		apiKey: 'k',
		items: [{ id: 1, job: 'j1' }],
		jobs: { j1: { pendingPolls: 1 } },
	});
	const lines = [];
	const runner = await createRunner({
		packageDir: path.join(__dirname, '../fixtures/harness-package'),
		credentials: [
			{ name: 'Harness Key', type: 'harnessKeyApi', data: { baseUrl: api.baseUrl, apiKey: 'k' } },
			{
				name: 'Harness Token',
				type: 'harnessTokenApi',
				data: { baseUrl: api.baseUrl, apiKey: 'k' },
			},
		],
		hooks: { nodeExecuteAfter: (name, info) => lines.push(`${name} ${info.itemCounts.join('/')}`) },
	});
	const final = await runner.runToCompletion(
		runner.runTriggered(require('../fixtures/harness-package/workflow.json')),
	);
	await api.close();
	console.log(
		JSON.stringify({
			status: final.status,
			resumes: final.resumes,
			lines,
			done: final.runData['Job Status'].at(-1)[0].map((i) => i.json),
			userFolder: process.env.N8N_USER_FOLDER,
			configWritten: fs.existsSync(path.join(process.env.N8N_USER_FOLDER, '.n8n', 'config')),
		}),
	);
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
