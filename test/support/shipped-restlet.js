'use strict';
/**
 * Saved-search RESTlet answers for nock tests, made by the shipped script itself: every page body is
 * what suitescript/amz_saved_search_restlet.js answers when it runs (in the emulator's SuiteScript
 * runtime) over the rows a test gives, so the envelope a test serves cannot drift from the file a
 * seller deploys. Rows are in the script's own result form: { id, recordType, values: { key:
 * { value, text } } }, keys as the script writes them (`join.name` for a joined column).
 */
const path = require('node:path');

const { createSuiteScriptHost, loadScript } = require('../../emulators/netsuite/suitescript');
const {
	SUITESCRIPT_DIR,
	DEFAULT_SCRIPT,
	DEFAULT_DEPLOY,
} = require('../../emulators/netsuite/restlet');

const script = loadScript(path.join(SUITESCRIPT_DIR, 'amz_saved_search_restlet.js'));

/** The columns of a search whose results are `rows`: every key, in first-seen order; sorted by internal ID. */
function columnsOf(rows) {
	const keys = [];
	for (const row of rows)
		for (const key of Object.keys(row.values)) if (!keys.includes(key)) keys.push(key);
	return keys.map((key) => {
		const dot = key.indexOf('.');
		const column = dot > 0 ? { join: key.slice(0, dot), name: key.slice(dot + 1) } : { name: key };
		return key === 'internalid' ? { ...column, sort: 'ASC' } : column;
	});
}

/** The `internalidnumber > n` terms the script adds for afterId (the only filter applied here). */
function afterIdsIn(expression, out = []) {
	if (!Array.isArray(expression)) return out;
	if (expression[0] === 'internalidnumber' && String(expression[1]).toLowerCase() === 'greaterthan')
		out.push(Number(expression[2]));
	else for (const part of expression) afterIdsIn(part, out);
	return out;
}

/**
 * Runs one GET of the shipped saved-search RESTlet over `rows`.
 * @param query    the call's query parameters (action, searchId, page, pageSize, afterId, q)
 * @param options  searchId / internalId / title of the one saved search; timeZone (the user's
 *                 Time Zone preference the script reports; UTC by default)
 * @returns {[number, object]} status and body, as a nock reply
 */
function savedSearchAnswer(rows, query, options = {}) {
	const saved = {
		id: String(options.internalId ?? '1701'),
		scriptId: options.searchId ?? 'customsearch_amz_if_to_send',
		title: options.title ?? 'Amazon fulfillments to send',
		recordType: 'itemfulfillment',
		criteria: {},
	};
	const columns = columnsOf(rows);
	const env = {
		store: { savedSearches: [saved], statusList: new Map() },
		searches: {
			find: (id) => (String(id) === saved.id || String(id) === saved.scriptId ? saved : null),
			columns: () => columns.map((c) => ({ ...c })),
			query(_search, expression) {
				const after = afterIdsIn(expression);
				const left = rows.filter((r) => after.every((n) => Number(r.id) > n));
				return {
					count: () => left.length,
					page: (index, size) => left.slice(index * size, index * size + size),
				};
			},
		},
		recordNow: () => new Date(),
		accountId: '1234567_SB1',
		userTimeZone: options.timeZone,
	};
	const params = {};
	for (const [k, v] of Object.entries(query))
		if (v !== undefined && v !== null) params[k] = String(v);
	const out = createSuiteScriptHost(env).runRestlet(
		script,
		{ method: 'GET', query: params, contentType: '' },
		{ scriptId: DEFAULT_SCRIPT, deploymentId: DEFAULT_DEPLOY, parameters: {} },
	);
	return [out.status, JSON.parse(out.text)];
}

/** The query of a nock-intercepted RESTlet URI as a plain object. */
function restletQuery(uri) {
	return Object.fromEntries(new URL(uri, 'https://restlet.invalid').searchParams);
}

/**
 * A nock reply function answering every call with the shipped script over `rows` (an array, or a
 * function giving the rows as they are at the call).
 */
function shippedRestletReply(rows, options) {
	return (uri) =>
		savedSearchAnswer(typeof rows === 'function' ? rows() : rows, restletQuery(uri), options);
}

module.exports = { savedSearchAnswer, restletQuery, shippedRestletReply };
