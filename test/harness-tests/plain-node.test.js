'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

test('the runner works under plain Node too (real Wait node with its real dependencies)', () => {
	const env = { ...process.env };
	delete env.NODE_ENV; // n8n-core loads node classes in a vm context outside tests
	delete env.N8N_USER_FOLDER;
	const stdout = execFileSync(process.execPath, [path.join(__dirname, 'plain-node-smoke.js')], {
		env,
		encoding: 'utf8',
	});
	const summary = JSON.parse(stdout.trim().split('\n').at(-1));
	expect(summary.status).toBe('success');
	expect(summary.resumes).toBe(1);
	expect(summary.lines).toEqual([
		'Poll Jobs 1',
		'Job Status 0/1',
		'Wait 1',
		'Wait 1',
		'Job Status 1/0',
	]);
	expect(summary.done).toEqual([{ id: 1, job: 'j1', status: 'DONE', attempt: 2 }]);
	// n8n's instance config went to a temp folder, not the user's home.
	expect(summary.userFolder.startsWith(os.tmpdir())).toBe(true);
	expect(summary.configWritten).toBe(true);
	expect(fs.existsSync(summary.userFolder)).toBe(false); // removed at exit
});
