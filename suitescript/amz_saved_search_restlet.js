/**
 * Runs a saved search for the n8n NetSuite Saved Search Trigger (n8n-nodes-netsuite-amazon-fulfillment).
 *
 * Protocol (GET query parameters, or the same names in a POST JSON body):
 *   action=list[&q=text]
 *     → { searches: [{ id, scriptId, title, recordType }] }
 *   action=run&searchId=<internal id or script id>&page=<0-based>&pageSize=<5..1000>[&afterId=<id>]
 *     → { searchId, title, count, pageCount, page, pageSize, [afterId,]
 *         columns: [{ key, name, join, summary, label }],
 *         rows: [{ id, recordType, values: { <key>: { value, text } } }],
 *         warnings: [...], serverTime, timeZone }
 *   timeZone = the running user's Time Zone preference (e.g. America/Los_Angeles): dates and times
 *   in the rows are wall-clock times in it.
 *   key = the column's name, or join.name for a joined column (e.g. createdFrom.tranid); a
 *   summary column is prefixed with its summary type (e.g. max.trandate); a repeated key gets _2, _3.
 *   afterId adds the criterion "Internal ID (Number) greater than afterId" to the search's own, so a
 *   caller resumes after the last record it read (the search must be sorted by Internal ID); the
 *   answer echoes afterId, which tells the caller the filter was applied.
 * Only the saved searches named in the deployment's script parameter custscript_amz_allowed_searches
 * (script IDs or internal IDs, separated by commas, spaces or lines; an entry ending in * is a
 * prefix) may be listed or run; empty = the integration's convention, script IDs starting with
 * customsearch_amz_. Any other search is refused with SEARCH_NOT_ALLOWED: a caller holding the
 * integration's token must not read whatever else the role can see (customers, payroll, ...).
 * Errors are thrown, so NetSuite answers HTTP 400 { error: { code, message } }.
 *
 * @NApiVersion 2.1
 * @NScriptType Restlet
 * @NModuleScope SameAccount
 */
define(['N/search', 'N/error', 'N/runtime'], /**
 * Types: @hitc/netsuite-types (scripts/suitescript/tsconfig.json checks them).
 * @param {typeof import('N/search')} search
 * @param {typeof import('N/error')} error
 * @param {typeof import('N/runtime')} runtime
 */ (search, error, runtime) => {
	const ALLOWED_PARAMETER = 'custscript_amz_allowed_searches';
	const CONVENTION_PREFIX = 'customsearch_amz_';
	const MIN_PAGE_SIZE = 5;
	const MAX_PAGE_SIZE = 1000;
	const MAX_LISTED = 1000;

	const fail = (name, message) => {
		throw error.create({ name, message, notifyOff: true });
	};

	const text = (value) => (value === undefined || value === null ? '' : String(value).trim());

	/** The deployment's allow-list: exact IDs and prefixes (entries ending in *), lower case. */
	function allowList() {
		let raw = '';
		try {
			raw = text(runtime.getCurrentScript().getParameter({ name: ALLOWED_PARAMETER }));
		} catch (e) {
			raw = ''; // parameter not defined on the script record: the convention applies
		}
		const entries = raw
			.split(/[\s,;]+/)
			.map((entry) => entry.toLowerCase())
			.filter(Boolean);
		return entries.length ? entries : [`${CONVENTION_PREFIX}*`];
	}

	/** True when one of the search's IDs (script ID, internal ID) is on the list. */
	function isAllowed(list, ids) {
		return ids.some((id) => {
			const value = text(id).toLowerCase();
			if (!value) return false;
			return list.some((entry) =>
				entry.endsWith('*')
					? value.startsWith(entry.slice(0, -1)) && entry.length > 1
					: value === entry,
			);
		});
	}

	const notAllowed = (searchId) =>
		fail(
			'SEARCH_NOT_ALLOWED',
			`This RESTlet may not run saved search "${String(searchId).slice(0, 80)}". Give the search a script ID ` +
				`starting with ${CONVENTION_PREFIX}, or add its ID to the deployment's parameter ` +
				`${ALLOWED_PARAMETER} (Customization > Scripting > Script Deployments > Parameters).`,
		);

	function listSearches(q) {
		const allowed = allowList();
		const filters = [];
		if (q) filters.push(['title', 'contains', q]);
		const listing = search.create({
			type: search.Type.SAVED_SEARCH,
			filters,
			columns: [
				search.createColumn({ name: 'title', sort: search.Sort.ASC }),
				search.createColumn({ name: 'id' }),
				search.createColumn({ name: 'recordtype' }),
			],
		});
		const searches = [];
		listing.run().each((result) => {
			const scriptId = text(result.getValue({ name: 'id' }));
			// Only the searches this RESTlet would run: the picker must not reveal the rest.
			if (!isAllowed(allowed, [scriptId, result.id])) return true;
			searches.push({
				id: String(result.id),
				scriptId,
				title: text(result.getValue({ name: 'title' })),
				recordType: text(
					result.getText({ name: 'recordtype' }) || result.getValue({ name: 'recordtype' }),
				),
			});
			return searches.length < MAX_LISTED;
		});
		return { searches };
	}

	function columnKeys(columns) {
		const used = {};
		return columns.map((column) => {
			let key = column.join ? `${column.join}.${column.name}` : column.name;
			if (column.summary) key = `${String(column.summary).toLowerCase()}.${key}`;
			used[key] = (used[key] || 0) + 1;
			return used[key] > 1 ? `${key}_${used[key]}` : key;
		});
	}

	function cellOf(result, column) {
		let value = result.getValue(column);
		let display = null;
		try {
			display = result.getText(column);
		} catch (e) {
			display = null; // not a list/record column
		}
		if (Array.isArray(value))
			value = value.map((v) => (v && v.value !== undefined ? v.value : v)).join(',');
		return {
			value: value === null || value === undefined ? '' : String(value),
			text: display === null || display === undefined || display === '' ? null : String(display),
		};
	}

	function runSearch(searchId, page, pageSize, afterId) {
		if (!searchId)
			fail('MISSING_SEARCH_ID', 'Give searchId: the saved search internal ID or script ID.');
		const allowed = allowList();
		let saved;
		try {
			saved = search.load({ id: searchId });
		} catch (e) {
			// The same refusal for a search that is missing as for one not allowed: no probing.
			if (!isAllowed(allowed, [searchId])) notAllowed(searchId);
			fail(
				'SAVED_SEARCH_NOT_FOUND',
				`Saved search "${searchId}" was not found or this role may not use it (${e.message}). ` +
					"Check the ID under Lists > Search > Saved Searches and the search's Audience.",
			);
		}
		// Either of its IDs may be on the list (the caller may name it by either).
		if (!isAllowed(allowed, [searchId, saved.id, saved.searchId])) notAllowed(searchId);
		if (afterId) {
			// As a filter expression, so a search whose own criteria use OR keeps its meaning.
			const after = ['internalidnumber', search.Operator.GREATERTHAN, afterId];
			const own = saved.filterExpression;
			saved.filterExpression = own && own.length ? [own, 'AND', after] : [after];
		}
		// A loaded saved search's columns are Column objects (the type also allows names).
		const columns = /** @type {import('N/search').Column[]} */ (saved.columns);
		const keys = columnKeys(columns);
		const warnings = [];
		const sortedById = columns.some((c) => c.name === 'internalid' && c.sort && c.sort !== search.Sort.NONE);
		if (!sortedById) {
			warnings.push(
				'Sort the search by Internal ID (Results > Sort By), or rows can repeat or go missing across pages.',
			);
		}
		const paged = saved.runPaged({ pageSize });
		const pageCount = paged.pageRanges.length;
		const rows = [];
		if (page < pageCount) {
			paged.fetch({ index: page }).data.forEach((result) => {
				const values = {};
				columns.forEach((column, i) => {
					values[keys[i]] = cellOf(result, column);
				});
				rows.push({ id: String(result.id), recordType: result.recordType, values });
			});
		}
		return {
			searchId: String(saved.id || searchId),
			title: saved.title || null,
			count: paged.count,
			pageCount,
			page,
			pageSize,
			afterId: afterId || undefined,
			columns: columns.map((c, i) => ({
				key: keys[i],
				name: c.name,
				join: c.join || null,
				summary: c.summary || null,
				label: c.label || null,
			})),
			rows,
			warnings,
			serverTime: new Date().toISOString(),
			timeZone: userTimeZone(),
		};
	}

	/** The user's Time Zone preference (Olson ID): the zone every date in the rows is in. */
	function userTimeZone() {
		try {
			const zone = runtime.getCurrentUser().getPreference({ name: 'TIMEZONE' });
			return zone ? String(zone) : undefined;
		} catch (e) {
			return undefined;
		}
	}

	function handle(params) {
		const p = params || {};
		const action = text(p.action) || 'run';
		if (action === 'list') return listSearches(text(p.q));
		if (action !== 'run') fail('INVALID_ACTION', `Unknown action "${action}": use list or run.`);
		const page = Number(p.page || 0);
		const pageSize = Number(p.pageSize || MAX_PAGE_SIZE);
		if (!Number.isInteger(page) || page < 0)
			fail('INVALID_PAGE', 'page must be a whole number from 0.');
		if (!Number.isInteger(pageSize) || pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE) {
			fail('INVALID_PAGE_SIZE', `pageSize must be from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE}.`);
		}
		const afterId = text(p.afterId);
		if (afterId && !/^\d+$/.test(afterId))
			fail('INVALID_AFTER_ID', 'afterId must be an internal ID (digits).');
		return runSearch(text(p.searchId), page, pageSize, afterId);
	}

	return {
		get: (params) => handle(params),
		post: (body) => handle(typeof body === 'string' ? JSON.parse(body || '{}') : body),
	};
});
