'use strict';

// The emulator's SuiteScript runtime: the shipped RESTlet answers over HTTP, governance is counted
// per Oracle's table, and the limits fail the way NetSuite fails.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { createStore } = require('../../emulators/netsuite/schema');
const { createSavedSearches } = require('../../emulators/netsuite/searches');
const {
	createSuiteScriptHost,
	loadScript,
	ScriptFileError,
} = require('../../emulators/netsuite/suitescript');
const seed = require('../../emulators/seed/default-seed.json');
const { call, restlet, withQuery } = require('./netsuite-helpers');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-runtime-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function scriptFile(name, body, tags = '@NApiVersion 2.1\n * @NScriptType Restlet') {
	const file = path.join(dir, name);
	fs.writeFileSync(file, `/**\n * ${tags}\n */\n${body}\n`);
	return file;
}

function host() {
	const store = createStore();
	store.load(seed);
	const searches = createSavedSearches({ store });
	return {
		store,
		host: createSuiteScriptHost({
			store,
			searches,
			recordNow: () => new Date(),
			accountId: 'TSTDRV1',
		}),
	};
}

const deployment = (extra = {}) => ({
	scriptId: 'customscript_t',
	deploymentId: 'customdeploy_t',
	parameters: {},
	...extra,
});
const errorOf = (answer) => {
	const body = JSON.parse(answer.text);
	return { code: body.error.code, inner: JSON.parse(body.error.message) };
};

describe('the shipped saved-search RESTlet over HTTP', () => {
	let emu;
	let url;
	beforeAll(async () => {
		emu = createNetSuiteEmulator();
		({ url } = await emu.listen());
	});
	afterAll(() => emu.close());
	afterEach(() => emu.reset());

	test('a page costs 15 units (search.load 5, runPaged 5, fetch 5), a listing 10 (each)', async () => {
		const page = await restlet(url, {
			action: 'run',
			searchId: 'customsearch_amz_if_to_send',
			pageSize: 5,
		});
		expect(page.status).toBe(200);
		expect(page.json.warnings).toEqual([]); // the seeded search is sorted by internal ID
		expect(emu.stats().suitescript.byScript.customscript_amz_saved_search).toMatchObject({
			calls: 1,
			units: 15,
		});
		await restlet(url, { action: 'list' });
		expect(emu.stats().suitescript.byScript.customscript_amz_saved_search).toMatchObject({
			calls: 2,
			units: 25,
		});
	});

	test("the script's own errors come back as NetSuite sends them (400, code, SuiteScriptError JSON)", async () => {
		const res = await restlet(url, { action: 'run', searchId: '1701', pageSize: 3 });
		expect(res.status).toBe(400);
		expect(res.json.error.code).toBe('INVALID_PAGE_SIZE');
		expect(JSON.parse(res.json.error.message)).toMatchObject({
			type: 'error.SuiteScriptError',
			name: 'INVALID_PAGE_SIZE',
		});
		const afterId = await restlet(url, {
			action: 'run',
			searchId: '1701',
			afterId: '1205',
			pageSize: 50,
		});
		expect(afterId.json.afterId).toBe('1205');
		expect(Math.min(...afterId.json.rows.map((r) => Number(r.id)))).toBeGreaterThan(1205);
	});

	test('a method the script has no entry point for (PUT) gets 405 in the RESTlet shape', async () => {
		const target = withQuery(url, '/app/site/hosting/restlet.nl', {
			script: 'customscript_amz_saved_search',
			deploy: 'customdeploy_amz_saved_search',
		});
		const put = await call('PUT', target, { body: { action: 'list' } });
		expect(put.status).toBe(405);
		expect(put.json.error.code).toBe('SSS_INVALID_HTTP_METHOD');
	});
});

describe('script files', () => {
	test('two define calls, no define, no @NApiVersion: refused like NetSuite refuses the upload', () => {
		expect(() =>
			loadScript(
				scriptFile('two.js', 'define([], () => ({ get: () => 1 }));\ndefine([], () => ({}));'),
			),
		).toThrow(/MULTIPLE_DEFINE_CALLS/);
		expect(() => loadScript(scriptFile('none.js', 'var x = 1;'))).toThrow(ScriptFileError);
		expect(() =>
			loadScript(
				scriptFile('ver.js', 'define([], () => ({ get: () => 1 }));', '@NScriptType Restlet'),
			),
		).toThrow(/NApiVersion/);
	});

	test('an unknown N/ module fails the call with MODULE_DOES_NOT_EXIST', () => {
		const { host: h } = host();
		const loaded = loadScript(
			scriptFile('mod.js', "define(['N/nothing'], (x) => ({ get: () => 'ok' }));"),
		);
		const answer = h.runRestlet(loaded, { method: 'GET', query: {} }, deployment());
		expect(answer.status).toBe(400);
		expect(errorOf(answer).code).toBe('MODULE_DOES_NOT_EXIST');
	});
});

describe('governance and limits', () => {
	test('over 5,000 units: SSS_USAGE_LIMIT_EXCEEDED, even when the script catches it', () => {
		const { host: h } = host();
		const loaded = loadScript(
			scriptFile(
				'greedy.js',
				`define(['N/search'], (search) => ({
					get: () => {
						let loads = 0;
						try { for (;;) { search.load({ id: 'customsearch_amz_if_to_send' }); loads++; } }
						catch (e) { return { caught: e.name, loads }; }
					},
				}));`,
			),
		);
		const answer = h.runRestlet(loaded, { method: 'GET', query: {} }, deployment());
		expect(answer.status).toBe(400);
		expect(errorOf(answer).code).toBe('SSS_USAGE_LIMIT_EXCEEDED');
		expect(answer.usage).toBe(5000); // 1,000 loads of 5 units; the 1,001st is refused
	});

	test('getRemainingUsage falls with each call, so a script can stop in time', () => {
		const { host: h } = host();
		const loaded = loadScript(
			scriptFile(
				'careful.js',
				`define(['N/search', 'N/runtime'], (search, runtime) => ({
					get: () => {
						const script = runtime.getCurrentScript();
						const start = script.getRemainingUsage();
						let loads = 0;
						while (script.getRemainingUsage() >= 5 + 100) { search.load({ id: '1701' }); loads++; }
						return { start, loads, left: script.getRemainingUsage() };
					},
				}));`,
			),
		);
		const answer = h.runRestlet(loaded, { method: 'GET', query: {} }, deployment());
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toEqual({ start: 5000, loads: 980, left: 100 });
	});

	test('over the time limit: SSS_TIME_LIMIT_EXCEEDED (a busy loop is stopped)', () => {
		const { host: h } = host();
		const loaded = loadScript(
			scriptFile('loop.js', 'define([], () => ({ get: () => { for (;;) {} } }));'),
		);
		const answer = h.runRestlet(
			loaded,
			{ method: 'GET', query: {} },
			deployment({ limits: { units: 5000, timeMs: 100 } }),
		);
		expect(answer.status).toBe(400);
		expect(errorOf(answer).code).toBe('SSS_TIME_LIMIT_EXCEEDED');
	});

	test('a request over 10 MB is refused before the script runs', () => {
		const { host: h } = host();
		const loaded = loadScript(
			scriptFile(
				'echo.js',
				'define([], () => ({ post: (body) => ({ size: JSON.stringify(body).length }) }));',
			),
		);
		const big = JSON.stringify({ data: 'x'.repeat(10 * 1024 * 1024) });
		const answer = h.runRestlet(
			loaded,
			{ method: 'POST', query: {}, bodyText: big, contentType: 'application/json' },
			deployment(),
		);
		expect(answer.status).toBe(400);
		expect(errorOf(answer).code).toBe('EMULATOR_PAYLOAD_TOO_LARGE');
		const small = h.runRestlet(
			loaded,
			{ method: 'POST', query: {}, bodyText: '{"a":1}', contentType: 'application/json' },
			deployment(),
		);
		expect(JSON.parse(small.text)).toEqual({ size: 7 });
		const untyped = h.runRestlet(
			loaded,
			{ method: 'POST', query: {}, bodyText: '{"a":1}' },
			deployment(),
		);
		expect(untyped.status).toBe(415);
	});

	test("script parameters are the deployment's; an undefined one reads null", () => {
		const { host: h } = host();
		const loaded = loadScript(
			scriptFile(
				'param.js',
				`define(['N/runtime'], (runtime) => ({
					get: () => ({
						set: runtime.getCurrentScript().getParameter({ name: 'custscript_x' }),
						unset: runtime.getCurrentScript().getParameter({ name: 'custscript_y' }),
						context: runtime.executionContext,
					}),
				}));`,
			),
		);
		const answer = h.runRestlet(
			loaded,
			{ method: 'GET', query: {} },
			deployment({ parameters: { custscript_x: 'a,b' } }),
		);
		expect(JSON.parse(answer.text)).toEqual({ set: 'a,b', unset: null, context: 'RESTLET' });
	});
});
