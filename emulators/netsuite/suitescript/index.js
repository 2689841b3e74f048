'use strict';

const fs = require('node:fs');
const vm = require('node:vm');

const { LIMITS, Meter, RESTLET_PAYLOAD_MAX } = require('./governance');
const { createModules, SuiteScriptError } = require('./modules');

/*
 * A small SuiteScript 2.x runtime: loads a script file (one AMD `define`, JSDoc tags) into its own
 * node:vm context and runs its entry points against the emulator's N/ modules, with NetSuite's
 * governance. Each execution gets fresh module objects and a fresh call of the script's factory, so
 * nothing carries over between requests except what the records hold, as in NetSuite.
 */

const API_VERSIONS = new Set(['2.0', '2.1', '2.x']);
const RESTLET_METHODS = { GET: 'get', POST: 'post', PUT: 'put', DELETE: 'delete' };

/** A problem of the script file itself (what NetSuite refuses when the file is uploaded). */
class ScriptFileError extends Error {}

function tagsOf(source) {
	const tags = {};
	const block = /\/\*\*[\s\S]*?\*\//g;
	let m;
	while ((m = block.exec(source))) {
		for (const t of m[0].matchAll(/@(NApiVersion|NScriptType|NModuleScope)\s+([^\s*]+)/g))
			tags[t[1]] = t[2];
	}
	return tags;
}

/** The host side of the script's `log` and `util` globals; `log` writes into the running execution. */
function globalsFor(holder) {
	const logAt = (level) => (title, details) => {
		const inv = holder.current;
		if (!inv) return;
		const o = title && typeof title === 'object' ? title : { title, details };
		inv.logs.push({
			level,
			title: String(o.title ?? ''),
			details: o.details === undefined ? '' : o.details,
		});
	};
	return {
		log: {
			debug: logAt('DEBUG'),
			audit: logAt('AUDIT'),
			error: logAt('ERROR'),
			emergency: logAt('EMERGENCY'),
		},
		util: {
			isArray: Array.isArray,
			isObject: (v) => v !== null && typeof v === 'object',
			isString: (v) => typeof v === 'string',
			isNumber: (v) => typeof v === 'number',
			isFunction: (v) => typeof v === 'function',
			extend: Object.assign,
		},
	};
}

/** Loads and checks one script file. Throws ScriptFileError for a file NetSuite would refuse. */
function loadScript(file) {
	const source = fs.readFileSync(file, 'utf8');
	const tags = tagsOf(source);
	if (!API_VERSIONS.has(tags.NApiVersion)) {
		throw new ScriptFileError(
			`${file}: @NApiVersion must be 2.0, 2.1 or 2.x (got ${tags.NApiVersion ?? 'none'}).`,
		);
	}
	if (!tags.NScriptType) throw new ScriptFileError(`${file}: @NScriptType is missing.`);
	const holder = { current: null };
	const defines = [];
	const sandbox = {
		define(deps, factory) {
			if (typeof deps === 'function') defines.push({ deps: [], factory: deps });
			else defines.push({ deps: Array.from(deps || []), factory });
		},
		// Same clock as the emulator (tests may warp it); everything else is the context's own.
		Date,
		...globalsFor(holder),
	};
	const context = vm.createContext(sandbox, { name: file });
	new vm.Script(source, { filename: file }).runInContext(context, { timeout: 5000 });
	if (defines.length !== 1) {
		throw new ScriptFileError(
			defines.length
				? `${file}: MULTIPLE_DEFINE_CALLS (${defines.length} define calls).`
				: `${file}: no define call.`,
		);
	}
	const { deps, factory } = defines[0];
	if (typeof factory !== 'function')
		throw new ScriptFileError(`${file}: define needs a factory function.`);
	const entryCall = new vm.Script('__amzEntry(__amzArg)', { filename: `${file}#entry` });
	return { file, tags, deps, factory, context, holder, entryCall };
}

function scriptError(code, message) {
	return new SuiteScriptError(code, message);
}

/** The RESTlet error body for an uncaught error: SuiteScript errors carry their JSON as message. */
function errorBody(err) {
	if (err && err.type === 'error.SuiteScriptError' && typeof err.toJSON === 'function') {
		return { error: { code: err.name, message: JSON.stringify(err.toJSON()) } };
	}
	// A plain JavaScript error (TypeError, a thrown string...) surfaces under its name.
	const name = (err && err.name) || 'JS_EXCEPTION';
	const message = err && err.message !== undefined ? err.message : String(err);
	return {
		error: {
			code: name,
			message: JSON.stringify({
				type: 'error.SuiteScriptError',
				name,
				message: String(message),
				stack: [],
			}),
		},
	};
}

/**
 * @param {object} env  { store, searches, recordNow, accountId, now? }
 */
function createSuiteScriptHost(env) {
	const executions = { count: 0, units: 0, byScript: {} };
	const logs = [];

	function execute(
		loaded,
		entryName,
		arg,
		{ scriptId, deploymentId, parameters, limits, executionContext },
	) {
		const limit = limits || LIMITS[loaded.tags.NScriptType] || LIMITS.Restlet;
		const inv = {
			scriptId,
			deploymentId,
			apiVersion: loaded.tags.NApiVersion,
			parameters: parameters || {},
			executionContext,
			logs: [],
			writes: [],
		};
		inv.meter = new Meter({
			units: limit.units,
			timeMs: limit.timeMs,
			now: env.now,
			createError: scriptError,
		});
		const modules = createModules(env, inv);
		let result;
		let failure;
		loaded.holder.current = inv;
		try {
			const args = loaded.deps.map((dep) => {
				if (!modules[dep])
					throw scriptError('MODULE_DOES_NOT_EXIST', `Module does not exist: ${dep}.js`);
				return modules[dep];
			});
			const entries = loaded.factory(...args);
			const fn = entries && entries[entryName];
			if (typeof fn !== 'function') {
				const e = scriptError(
					'SSS_INVALID_HTTP_METHOD',
					`The script has no ${entryName} entry point.`,
				);
				e.httpStatus = 405;
				throw e;
			}
			loaded.context.__amzEntry = fn;
			loaded.context.__amzArg = arg;
			const timeout = Math.max(1, Math.floor(limit.timeMs - inv.meter.elapsedMs()));
			result = loaded.entryCall.runInContext(loaded.context, { timeout });
		} catch (e) {
			failure =
				e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
					? scriptError('SSS_TIME_LIMIT_EXCEEDED', 'Script Execution Time Limit Exceeded')
					: e;
		} finally {
			loaded.holder.current = null;
			loaded.context.__amzEntry = undefined;
			loaded.context.__amzArg = undefined;
		}
		// NetSuite ends a script over its limits whatever the script does with the error.
		if (!failure && inv.meter.fatal) failure = inv.meter.fatal;
		if (!failure && inv.meter.elapsedMs() > limit.timeMs) {
			failure = scriptError('SSS_TIME_LIMIT_EXCEEDED', 'Script Execution Time Limit Exceeded');
		}
		executions.count += 1;
		executions.units += inv.meter.used;
		const per = (executions.byScript[scriptId] ??= { calls: 0, units: 0, maxUnits: 0, errors: {} });
		per.calls += 1;
		per.units += inv.meter.used;
		per.maxUnits = Math.max(per.maxUnits, inv.meter.used);
		if (failure) {
			const code = failure.name || 'JS_EXCEPTION';
			per.errors[code] = (per.errors[code] || 0) + 1;
		}
		for (const l of inv.logs) {
			if (logs.length >= 1000) logs.shift();
			logs.push({ scriptId, deploymentId, ...l });
		}
		return { result, failure, usage: inv.meter.used, writes: inv.writes, logs: inv.logs };
	}

	/**
	 * Runs a RESTlet call the way NetSuite does: method → entry point, Content-Type decides the
	 * argument and the answer's format. Returns { status, text, contentType, usage }.
	 */
	function runRestlet(loaded, request, deployment) {
		const entryName = RESTLET_METHODS[request.method];
		const contentType = String(request.contentType || '')
			.split(';')[0]
			.trim();
		const answer = (status, body, type = 'application/json') => ({
			status,
			text: typeof body === 'string' ? body : JSON.stringify(body),
			contentType: type,
			usage: 0,
		});
		if (!entryName)
			return answer(
				405,
				errorBody(
					scriptError(
						'SSS_INVALID_HTTP_METHOD',
						`Method ${request.method} is not supported by RESTlets.`,
					),
				),
			);
		let arg;
		if (entryName === 'get' || entryName === 'delete') {
			arg = { ...request.query };
		} else {
			if (!contentType) {
				return answer(
					415,
					errorBody(
						scriptError(
							'INVALID_CONTENT_TYPE',
							'A POST or PUT to a RESTlet needs a Content-Type header.',
						),
					),
				);
			}
			if (Buffer.byteLength(request.bodyText || '') > RESTLET_PAYLOAD_MAX) {
				return answer(
					400,
					errorBody(
						scriptError(
							'EMULATOR_PAYLOAD_TOO_LARGE',
							'The request is larger than the 10 MB a RESTlet is guaranteed to accept.',
						),
					),
				);
			}
			if (contentType === 'application/json') {
				try {
					arg = request.bodyText ? JSON.parse(request.bodyText) : {};
				} catch {
					return answer(
						400,
						errorBody(scriptError('SYNTAX_ERROR', 'The request body is not valid JSON.')),
					);
				}
			} else if (contentType === 'text/plain' || contentType === 'application/xml') {
				arg = request.bodyText || '';
			} else {
				return answer(
					415,
					errorBody(
						scriptError('INVALID_CONTENT_TYPE', `Unsupported Content-Type ${contentType}.`),
					),
				);
			}
		}
		const run = execute(loaded, entryName, arg, deployment);
		if (run.failure) {
			const out = answer(run.failure.httpStatus || 400, errorBody(run.failure));
			out.usage = run.usage;
			out.failure = run.failure;
			return out;
		}
		const r = run.result;
		const text = r === undefined || r === null ? '' : typeof r === 'string' ? r : JSON.stringify(r);
		if (Buffer.byteLength(text) > RESTLET_PAYLOAD_MAX) {
			return answer(
				400,
				errorBody(
					scriptError(
						'EMULATOR_PAYLOAD_TOO_LARGE',
						'The answer is larger than the 10 MB a RESTlet is guaranteed to return.',
					),
				),
			);
		}
		return {
			status: 200,
			text,
			contentType:
				typeof r === 'string' && contentType !== 'application/json'
					? contentType || 'text/plain'
					: 'application/json',
			usage: run.usage,
		};
	}

	return {
		loadScript,
		execute,
		runRestlet,
		stats: () => ({
			executions: executions.count,
			units: executions.units,
			byScript: JSON.parse(JSON.stringify(executions.byScript)),
		}),
		logs: () => logs.slice(),
		reset() {
			executions.count = 0;
			executions.units = 0;
			executions.byScript = {};
			logs.length = 0;
		},
	};
}

module.exports = { createSuiteScriptHost, loadScript, ScriptFileError, errorBody, tagsOf };
