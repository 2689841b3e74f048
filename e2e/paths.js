'use strict';

/**
 * Where the end-to-end tests keep the n8n install and their runs: OUTSIDE the repository, so that
 * (1) the installed package resolves its peer dependency n8n-workflow the way it does in a real
 * n8n (from n8n itself, never from this repository's node_modules by walking up the folders), and
 * (2) `npm run lint` (eslint over the package folder) never wades through n8n's files.
 * E2E_HOME overrides the default (~/.cache/n8n-nodes-netsuite-amazon-fulfillment-e2e).
 */
const os = require('node:os');
const path = require('node:path');

const E2E_HOME =
	process.env.E2E_HOME ||
	path.join(os.homedir(), '.cache', 'n8n-nodes-netsuite-amazon-fulfillment-e2e');

module.exports = {
	E2E_HOME,
	RUNS_DIR: path.join(E2E_HOME, 'runs'),
	PACK_DIR: path.join(E2E_HOME, 'pack'),
	QUEUE_RUNS_DIR: path.join(E2E_HOME, 'queue-runs'),
	installDir: (version) => path.join(E2E_HOME, `n8n-${version}`),
};
