'use strict';

// The saved-search RESTlet runs only the searches its deployment allows (issue 16): the shipped
// SuiteScript, loaded with small stand-ins for N/search, N/error and N/runtime, and the NetSuite
// emulator, which must answer the same way.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const seed = require('../../emulators/seed/default-seed.json');
const { restlet } = require('../emulators/netsuite-helpers');

const SCRIPT = path.join(__dirname, '../../suitescript/amz_saved_search_restlet.js');

/** The account's saved searches: the integration's own and two it must not reveal. */
const ACCOUNT = [
	{ id: 1701, scriptId: 'customsearch_amz_if_to_send', title: 'Amazon fulfillments to send' },
	{ id: 1900, scriptId: 'customsearch_payroll', title: 'Payroll by employee' },
	{ id: 1901, scriptId: 'customsearch_customers', title: 'Customers with card numbers' },
];

/** Loads the shipped RESTlet; `parameter` is the deployment's value (undefined: parameter not defined). */
function loadRestlet(parameter) {
	const modules = {
		'N/error': {
			create: ({ name, message }) => Object.assign(new Error(message), { name }),
		},
		'N/runtime': {
			getCurrentScript: () => ({
				getParameter: ({ name }) => {
					if (name !== 'custscript_amz_allowed_searches') return null;
					if (parameter === undefined) throw new Error('SSS_INVALID_SCRIPT_PARAMETER');
					return parameter;
				},
			}),
		},
		'N/search': {
			Type: { SAVED_SEARCH: 'savedsearch' },
			Sort: { ASC: 'ASC' },
			Operator: { GREATERTHAN: 'greaterthan' },
			createColumn: (c) => c,
			create: () => ({
				run: () => ({
					each: (fn) => {
						for (const s of ACCOUNT) {
							const values = { id: s.scriptId, title: s.title, recordtype: 'Transaction' };
							if (
								!fn({
									id: s.id,
									getValue: ({ name }) => values[name],
									getText: () => 'Transaction',
								})
							)
								break;
						}
					},
				}),
			}),
			load: ({ id }) => {
				const s = ACCOUNT.find((x) => String(x.id) === String(id) || x.scriptId === String(id));
				if (!s)
					throw Object.assign(new Error('That record does not exist.'), { name: 'INVALID_SEARCH' });
				const columns = [{ name: 'internalid', sort: 'ASC' }];
				return {
					id: s.scriptId,
					searchId: s.id,
					title: s.title,
					columns,
					filterExpression: [],
					runPaged: () => ({
						count: 1,
						pageRanges: [{ index: 0 }],
						fetch: () => ({
							data: [
								{
									id: 42,
									recordType: 'x',
									getValue: () => `row of ${s.scriptId}`,
									getText: () => null,
								},
							],
						}),
					}),
				};
			},
		},
	};
	let entry;
	vm.runInNewContext(fs.readFileSync(SCRIPT, 'utf8'), {
		define: (deps, factory) => {
			entry = factory(...deps.map((d) => modules[d]));
		},
	});
	const call = (params) => {
		try {
			return { ok: entry.get(params) };
		} catch (e) {
			return { code: e.name, message: e.message };
		}
	};
	return call;
}

describe('the shipped RESTlet', () => {
	test('without the parameter it lists and runs only customsearch_amz_* searches', () => {
		for (const parameter of [undefined, '', '  ']) {
			const call = loadRestlet(parameter);
			expect(call({ action: 'list' }).ok.searches.map((s) => s.scriptId)).toEqual([
				'customsearch_amz_if_to_send',
			]);
			expect(
				call({ action: 'run', searchId: 'customsearch_amz_if_to_send' }).ok.rows[0].values
					.internalid.value,
			).toBe('row of customsearch_amz_if_to_send');
			expect(call({ action: 'run', searchId: '1701' }).ok.count).toBe(1);
			for (const searchId of ['customsearch_payroll', '1900', 'customsearch_nope', '999']) {
				const refused = call({ action: 'run', searchId });
				expect(refused.code).toBe('SEARCH_NOT_ALLOWED');
				expect(refused.message).toContain('custscript_amz_allowed_searches');
			}
			// An allowed name that does not exist still says so.
			expect(call({ action: 'run', searchId: 'customsearch_amz_nope' }).code).toBe(
				'SAVED_SEARCH_NOT_FOUND',
			);
		}
	});

	test('the parameter lists the searches it may run, by script ID, internal ID or prefix', () => {
		const call = loadRestlet('customsearch_customers,\n 1701');
		expect(call({ action: 'list' }).ok.searches.map((s) => s.scriptId)).toEqual([
			'customsearch_amz_if_to_send',
			'customsearch_customers',
		]);
		expect(call({ action: 'run', searchId: '1901' }).ok.count).toBe(1); // named by script ID on the list
		expect(call({ action: 'run', searchId: 'customsearch_amz_if_to_send' }).ok.count).toBe(1); // by internal ID
		expect(call({ action: 'run', searchId: 'customsearch_payroll' }).code).toBe(
			'SEARCH_NOT_ALLOWED',
		);
		// The list replaces the convention.
		const prefix = loadRestlet('customsearch_cust*');
		expect(prefix({ action: 'list' }).ok.searches.map((s) => s.scriptId)).toEqual([
			'customsearch_customers',
		]);
		expect(prefix({ action: 'run', searchId: 'customsearch_amz_if_to_send' }).code).toBe(
			'SEARCH_NOT_ALLOWED',
		);
		// A lone * is no wildcard for everything.
		expect(loadRestlet('*')({ action: 'list' }).ok.searches).toEqual([]);
	});
});

describe('the emulator behaves the same way', () => {
	const withOthers = {
		...seed,
		netsuite: {
			...seed.netsuite,
			savedSearches: [
				...seed.netsuite.savedSearches,
				{
					id: '1900',
					scriptId: 'customsearch_payroll',
					title: 'Payroll by employee',
					recordType: 'employee',
				},
			],
		},
	};
	let emu;
	afterEach(() => emu && emu.close());

	test('default: only customsearch_amz_* listed and run', async () => {
		emu = createNetSuiteEmulator({ seed: withOthers });
		const { url } = await emu.listen();
		const list = await restlet(url, { action: 'list' });
		expect(list.json.searches.map((s) => s.scriptId)).toEqual(
			seed.netsuite.savedSearches.map((s) => s.scriptId),
		);
		for (const searchId of ['customsearch_payroll', '1900', 'customsearch_nope']) {
			const res = await restlet(url, { action: 'run', searchId, pageSize: 5 });
			expect(res.status).toBe(400);
			expect(res.json.error.code).toBe('SEARCH_NOT_ALLOWED');
		}
		expect((await restlet(url, { action: 'run', searchId: '1701', pageSize: 5 })).status).toBe(200);
	});

	test('restletAllowedSearches is the deployment parameter', async () => {
		emu = createNetSuiteEmulator({
			seed: withOthers,
			restletAllowedSearches: 'customsearch_payroll',
		});
		const { url } = await emu.listen();
		const list = await restlet(url, { action: 'list' });
		expect(list.json.searches.map((s) => s.scriptId)).toEqual(['customsearch_payroll']);
		expect((await restlet(url, { action: 'run', searchId: '1900', pageSize: 5 })).status).toBe(200);
		const refused = await restlet(url, {
			action: 'run',
			searchId: 'customsearch_amz_if_to_send',
			pageSize: 5,
		});
		expect(refused.json.error.code).toBe('SEARCH_NOT_ALLOWED');
	});
});
