'use strict';

const path = require('node:path');

const { RestletError } = require('./errors');
const { createSuiteScriptHost, loadScript } = require('./suitescript');

/*
 * restlet.nl: every call runs one of the shipped scripts in suitescript/ (the files a seller
 * deploys) through the emulator's SuiteScript runtime. The emulator holds one script record and one
 * deployment per file, with the IDs suitescript/README.md tells sellers to use.
 */

const SUITESCRIPT_DIR = path.resolve(__dirname, '../../suitescript');

const DEFAULT_SCRIPT = 'customscript_amz_saved_search';
const DEFAULT_DEPLOY = 'customdeploy_amz_saved_search';

/** The shipped scripts and how the emulator deploys them (script record, deployment). */
const SCRIPTS = [
	{
		file: 'amz_saved_search_restlet.js',
		scriptId: DEFAULT_SCRIPT,
		internalId: '1801',
		deployment: { id: DEFAULT_DEPLOY, internalId: '1' },
	},
	{
		file: 'amz_batch_update_restlet.js',
		scriptId: 'customscript_amz_batch_update',
		internalId: '1802',
		deployment: { id: 'customdeploy_amz_batch_update', internalId: '1' },
	},
];

/**
 * @param {object} env      { store, searches, recordNow, accountId }
 * @param {object} options  restletScript/restletDeploy/restletScriptId/restletDeployId rename the
 *                          saved-search script's IDs; scriptParameters: { <script ID>: { name: value } }
 *                          are the deployments' script parameters; restletAllowedSearches sets the
 *                          saved-search deployment's custscript_amz_allowed_searches.
 */
function createRestlets(env, options = {}) {
	const host = createSuiteScriptHost(env);
	const parameters = {};
	const deployed = [];
	for (const s of SCRIPTS) {
		const file = path.join(SUITESCRIPT_DIR, s.file);
		let loaded;
		try {
			loaded = loadScript(file);
		} catch (e) {
			if (e.code === 'ENOENT') continue; // a script added later in this repository's history
			throw e;
		}
		const isSearch = s.scriptId === DEFAULT_SCRIPT;
		const record = {
			...s,
			loaded,
			scriptId: isSearch && options.restletScript ? options.restletScript : s.scriptId,
			internalId:
				isSearch && options.restletScriptId ? String(options.restletScriptId) : s.internalId,
			deployment: {
				id: isSearch && options.restletDeploy ? options.restletDeploy : s.deployment.id,
				internalId:
					isSearch && options.restletDeployId
						? String(options.restletDeployId)
						: s.deployment.internalId,
			},
		};
		deployed.push(record);
		parameters[record.scriptId] = { ...((options.scriptParameters || {})[record.scriptId] || {}) };
		if (isSearch && options.restletAllowedSearches !== undefined) {
			parameters[record.scriptId].custscript_amz_allowed_searches = options.restletAllowedSearches;
		}
	}
	const initialParameters = JSON.parse(JSON.stringify(parameters));

	function find(script, deploy) {
		const s = deployed.find((d) => d.scriptId === script || d.internalId === String(script ?? ''));
		if (!s) {
			throw new RestletError(
				400,
				'SSS_INVALID_SCRIPTLET_ID',
				`That Suitelet is invalid, disabled, or no longer exists (script=${script ?? ''}).`,
			);
		}
		if (s.deployment.id !== deploy && s.deployment.internalId !== String(deploy ?? '')) {
			throw new RestletError(
				400,
				'SSS_INVALID_SCRIPTLET_ID',
				`That Suitelet is invalid, disabled, or no longer exists (deploy=${deploy ?? ''}).`,
			);
		}
		return s;
	}

	/** { method, query, bodyText, contentType } → { status, text, contentType, usage, scriptId } */
	function call(request) {
		const s = find(request.query.script, request.query.deploy);
		const out = host.runRestlet(s.loaded, request, {
			scriptId: s.scriptId,
			deploymentId: s.deployment.id,
			parameters: parameters[s.scriptId],
			// Tests may lower a script's limits ({ units, timeMs }) to reach them quickly.
			limits: (options.scriptLimits || {})[s.scriptId],
		});
		return { ...out, scriptId: s.scriptId };
	}

	return {
		call,
		scripts: () =>
			deployed.map((d) => ({ file: d.file, scriptId: d.scriptId, deploymentId: d.deployment.id })),
		/** Sets (merges) a deployment's script parameters, as an administrator would on the deployment. */
		setParameters(scriptId, values) {
			if (!parameters[scriptId]) throw new Error(`No deployed script ${scriptId}`);
			Object.assign(parameters[scriptId], values);
		},
		stats: () => host.stats(),
		logs: () => host.logs(),
		reset() {
			host.reset();
			for (const k of Object.keys(parameters)) parameters[k] = { ...initialParameters[k] };
		},
	};
}

module.exports = { createRestlets, SCRIPTS, SUITESCRIPT_DIR, DEFAULT_SCRIPT, DEFAULT_DEPLOY };
