/** End-to-end tests against a real n8n (slow: minutes). Run with `npm run test:e2e`. */
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '..'),
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.test.js'],
	testEnvironment: 'node',
	// One real n8n at a time: the machine has 2 cores and the tests share the install.
	maxWorkers: 1,
	testTimeout: 600000,
	// Lets the test process itself require files of the installed package copy (outside the repo).
	modulePaths: ['<rootDir>/node_modules'],
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json', '<rootDir>/output'],
	// n8n child processes are detached and killed by the tests; jest must not wait on stray handles.
	forceExit: true,
	verbose: true,
};
