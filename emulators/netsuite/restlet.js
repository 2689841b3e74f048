'use strict';

const { RestletError, RestError } = require('./errors');

/*
 * The project's saved-search RESTlet protocol (suitescript/amz_saved_search_restlet.js):
 *   action=list[&q=text]                      → { searches: [...] }
 *   action=run&searchId=..&page=n&pageSize=m[&afterId=id]  → one page of N/search runPaged results
 *     (afterId: only fulfillments with a greater internal ID, the RESTlet's internalidnumber filter)
 * Pages are 0-based like runPaged's pageRanges/fetch({index}). The seeded searches are evaluated
 * by the emulator itself over the same tables SuiteQL reads, one row per item line.
 */

const DEFAULT_SCRIPT = 'customscript_amz_saved_search';
const DEFAULT_DEPLOY = 'customdeploy_amz_saved_search';

const COLUMNS = [
	['internalid', null, 'Internal ID'],
	['tranid', null, 'Document Number'],
	['trandate', null, 'Date'],
	['lastmodifieddate', null, 'Date Last Modified'],
	['shipmethod', null, 'Ship Via'],
	['createdfrom', null, 'Created From'],
	['tranid', 'createdFrom', 'Created From : Document Number'],
	['custbody_celigo_etail_order_id', 'createdFrom', 'Created From : eTail Order Id'],
	['custbody_celigo_etail_order_id', null, 'eTail Order Id'],
	['custbody_amz_marketplace_id', 'createdFrom', 'Created From : Amazon Marketplace ID'],
	['item', null, 'Item'],
	['quantity', null, 'Quantity'],
	['line', null, 'Line ID'],
	['custcol_celigo_etail_order_line_id', null, 'eTail Order Line Id'],
	['custcol_amz_package_tracking', null, 'Package Tracking'],
	['itemtype', null, 'Item Type'],
	['trackingnumbers', null, 'Tracking Numbers'],
	['custbody_amz_ship_error', null, 'Amazon Error'],
].map(([name, join, label]) => ({ key: join ? `${join}.${name}` : name, name, join, summary: null, label }));

/** Criteria of the seeded searches; `customsearch_amz_if_to_send` gets the contract's default. */
function criteriaOf(search) {
	if (search.criteria) return search.criteria;
	if (search.scriptId === 'customsearch_amz_if_to_send') return { status: ['C'], sentToAmazon: false };
	return {};
}

/** Item type ID (value) → the text a saved search shows for it. */
const ITEM_TYPE_TEXT = {
	InvtPart: 'Inventory Item',
	NonInvtPart: 'Non-inventory Item',
	Service: 'Service',
	Discount: 'Discount',
	Markup: 'Markup',
	OthCharge: 'Other Charge',
	Assembly: 'Assembly',
	Kit: 'Kit/Package',
	Group: 'Item Group',
	Description: 'Description',
	Subtotal: 'Subtotal',
	Payment: 'Payment',
	GiftCert: 'Gift Certificate',
	DwnLdItem: 'Download Item',
	ShipItem: 'Shipping Cost Item',
};

const pad = (n) => String(n).padStart(2, '0');
/** NetSuite's default date preference (M/D/YYYY) and datetime ('M/D/YYYY h:mm am'). */
function nsDate(value) {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value || ''));
	return m ? `${+m[2]}/${+m[3]}/${m[1]}` : '';
}
function nsDateTime(value) {
	const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(String(value || ''));
	if (!m) return nsDate(value);
	const h = +m[4];
	return `${+m[2]}/${+m[3]}/${m[1]} ${h % 12 === 0 ? 12 : h % 12}:${pad(+m[5])} ${h < 12 ? 'am' : 'pm'}`;
}

/**
 * The RESTlet's allow-list (its deployment parameter custscript_amz_allowed_searches), with the same
 * rule as suitescript/amz_saved_search_restlet.js: IDs or prefixes ending in *; empty = customsearch_amz_*.
 */
function allowListOf(raw) {
	const entries = String(raw || '')
		.split(/[\s,;]+/)
		.map((e) => e.toLowerCase())
		.filter(Boolean);
	return entries.length ? entries : ['customsearch_amz_*'];
}
function isAllowed(list, ids) {
	return ids.some((id) => {
		const value = String(id ?? '').trim().toLowerCase();
		return !!value && list.some((e) => (e.endsWith('*') ? e.length > 1 && value.startsWith(e.slice(0, -1)) : value === e));
	});
}
function notAllowed(searchId) {
	return new RestletError(
		400,
		'SEARCH_NOT_ALLOWED',
		`This RESTlet may not run saved search "${String(searchId).slice(0, 80)}". Give the search a script ID starting with customsearch_amz_, or add its ID to the deployment's parameter custscript_amz_allowed_searches (Customization > Scripting > Script Deployments > Parameters).`,
	);
}

function createSavedSearches({ store, allowedSearches }) {
	const allowed = allowListOf(allowedSearches);
	function find(searchId) {
		const id = String(searchId || '');
		return store.savedSearches.find((s) => s.id === id || s.scriptId === id) || null;
	}

	function list(q) {
		const needle = String(q || '').toLowerCase();
		return store.savedSearches
			.filter(
				(s) => !needle || s.title.toLowerCase().includes(needle) || s.scriptId.toLowerCase().includes(needle),
			)
			.map((s) => ({ id: s.id, scriptId: s.scriptId, title: s.title, recordType: s.recordType }));
	}

	function whereOf(search, afterId) {
		const c = criteriaOf(search);
		const clauses = ["f.type = 'ItemShip'"];
		const params = [];
		if (afterId !== undefined) {
			clauses.push('f.id > ?');
			params.push(Number(afterId));
		}
		if (c.hasTracking === true) {
			// "Tracking Numbers is not empty OR Package Tracking is not empty" (suitescript/README.md).
			clauses.push(
				`(EXISTS (SELECT 1 FROM trackingnumbermap m WHERE m."transaction" = f.id)
				 OR EXISTS (SELECT 1 FROM transactionline pl WHERE pl."transaction" = f.id
					AND COALESCE(pl.custcol_amz_package_tracking, '') <> ''))`,
			);
		}
		if (Array.isArray(c.status) && c.status.length) {
			clauses.push(`f.status IN (${c.status.map(() => '?').join(', ')})`);
			params.push(...c.status);
		}
		if (typeof c.sentToAmazon === 'boolean') {
			clauses.push("COALESCE(f.custbody_amz_ship_confirmed, 'F') = ?");
			params.push(c.sentToAmazon ? 'T' : 'F');
		}
		return { where: clauses.join(' AND '), params };
	}

	const FROM = `FROM "transaction" f
		JOIN transactionline l ON l."transaction" = f.id AND l.mainline = 'F'
			AND (l.accountinglinetype IS NULL OR l.accountinglinetype = 'COGS')
		LEFT JOIN "transaction" so ON so.id = l.createdfrom`;

	/** Rows of one page plus the total count, as runPaged would give them. */
	function runPage(search, page, pageSize, afterId) {
		if (search.recordType !== 'itemfulfillment') {
			return { count: 0, rows: [] };
		}
		const db = store.db;
		const { where, params } = whereOf(search, afterId);
		const count = db.prepare(`SELECT COUNT(*) AS n ${FROM} WHERE ${where}`).get(...params).n;
		const rows = db
			.prepare(
				`SELECT f.id, f.tranid, f.trandate, f.lastmodifieddate, f.shipmethod,
					f.custbody_celigo_etail_order_id AS orderid, l.createdfrom, so.tranid AS so_tranid, so.trandate AS so_trandate,
					so.custbody_celigo_etail_order_id AS so_orderid,
					so.custbody_amz_marketplace_id AS so_marketplace, l.item, l.quantity, l.id AS line,
					l.custcol_celigo_etail_order_line_id AS lineid, l.custcol_amz_package_tracking AS pkg,
					f.custbody_amz_ship_error AS error
				${FROM} WHERE ${where} ORDER BY f.id, l.id LIMIT ? OFFSET ?`,
			)
			.all(...params, pageSize, page * pageSize);
		const ids = [...new Set(rows.map((r) => r.id))];
		const tracking = new Map();
		if (ids.length) {
			for (const t of db
				.prepare(
					`SELECT m."transaction" AS id, t.trackingnumber AS tn FROM trackingnumbermap m
					 JOIN trackingnumber t ON t.id = m.trackingnumber
					 WHERE m."transaction" IN (${ids.map(() => '?').join(', ')}) ORDER BY t.id`,
				)
				.all(...ids)) {
				if (!tracking.has(t.id)) tracking.set(t.id, []);
				tracking.get(t.id).push(t.tn);
			}
		}
		const v = (value, text = null) => ({ value: value == null ? '' : String(value), text });
		const itemName = (id) => (store.items.get(String(id)) || { itemid: String(id) }).itemid;
		const itemType = (id) => {
			const type = (store.items.get(String(id)) || {}).itemtype;
			return type ? v(type, ITEM_TYPE_TEXT[type] || type) : v(null);
		};
		return {
			count,
			rows: rows.map((r) => {
				const tns = (tracking.get(r.id) || []).join('<BR>');
				return {
					id: String(r.id),
					recordType: 'itemfulfillment',
					values: {
						internalid: v(r.id),
						tranid: v(r.tranid),
						trandate: v(nsDate(r.trandate)),
						lastmodifieddate: v(nsDateTime(r.lastmodifieddate)),
						shipmethod: r.shipmethod == null ? v(null, '') : v(r.shipmethod, itemName(r.shipmethod)),
						createdfrom: v(r.createdfrom, r.createdfrom == null ? '' : `Sales Order #${r.so_tranid}`),
						'createdFrom.tranid': v(r.so_tranid),
						'createdFrom.trandate': v(nsDate(r.so_trandate)),
						'createdFrom.custbody_celigo_etail_order_id': v(r.so_orderid),
						custbody_celigo_etail_order_id: v(r.orderid),
						'createdFrom.custbody_amz_marketplace_id': v(r.so_marketplace),
						item: v(r.item, itemName(r.item)),
						quantity: v(Math.abs(r.quantity)),
						line: v(r.line),
						custcol_celigo_etail_order_line_id: v(r.lineid),
						custcol_amz_package_tracking: v(r.pkg),
						itemtype: itemType(r.item),
						trackingnumbers: v(tns), // text column: getText gives null
						custbody_amz_ship_error: v(r.error),
					},
				};
			}),
		};
	}

	/** GET|POST restlet.nl. `params` = query + JSON body merged. Throws RestletError. */
	function restlet(params) {
		const action = String(params.action || '').trim() || 'run'; // the script's default
		if (action === 'list') {
			return { searches: list(params.q).filter((s) => isAllowed(allowed, [s.scriptId, s.id])) };
		}
		if (action !== 'run') {
			throw new RestletError(400, 'INVALID_ACTION', `Unknown action '${action}'. Use action=list or action=run.`);
		}
		const search = find(params.searchId);
		// As the script: a missing search outside the list is refused like one on it, no probing.
		if (!isAllowed(allowed, search ? [params.searchId, search.scriptId, search.id] : [params.searchId])) {
			throw notAllowed(params.searchId ?? '');
		}
		if (!search) {
			throw new RestletError(
				400,
				'INVALID_SEARCH',
				`That search or mass update does not exist: searchId '${params.searchId ?? ''}'.`,
			);
		}
		const pageSize = params.pageSize === undefined || params.pageSize === '' ? 1000 : Number(params.pageSize);
		if (!Number.isInteger(pageSize) || pageSize < 5 || pageSize > 1000) {
			throw new RestletError(400, 'INVALID_PAGE_SIZE', `pageSize must be an integer from 5 to 1000, got '${params.pageSize}'.`);
		}
		const page = params.page === undefined || params.page === '' ? 0 : Number(params.page);
		if (!Number.isInteger(page) || page < 0) {
			throw new RestletError(400, 'INVALID_PAGE', `page must be a whole number from 0, got '${params.page}'.`);
		}
		const afterId = params.afterId === undefined || params.afterId === '' ? undefined : String(params.afterId);
		if (afterId !== undefined && !/^\d+$/.test(afterId)) {
			throw new RestletError(400, 'INVALID_AFTER_ID', `afterId must be an internal ID (digits), got '${afterId}'.`);
		}
		const { count, rows } = runPage(search, page, pageSize, afterId);
		return {
			searchId: search.id,
			title: search.title,
			count,
			pageCount: Math.ceil(count / pageSize),
			page,
			pageSize,
			...(afterId !== undefined ? { afterId } : {}),
			columns: COLUMNS.map((c) => ({ ...c })),
			rows,
			warnings: [],
			serverTime: new Date().toISOString(),
			// The emulator shows every date in UTC, so that is its user's time zone.
			timeZone: 'UTC',
		};
	}

	/** GET /services/rest/query/v1/savedsearch[/{id}/result] (the newer REST API; approximate). */
	function rest({ id, limit: rawLimit, offset: rawOffset, selfUrl }) {
		const limit = rawLimit ? Number(rawLimit) : 1000;
		const offset = rawOffset ? Number(rawOffset) : 0;
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
			throw new RestError(400, 'INVALID_PARAMETER', `Invalid 'limit' parameter value ${rawLimit}.`, {
				'o:errorQueryParam': 'limit',
			});
		}
		if (!Number.isInteger(offset) || offset % limit !== 0) {
			throw new RestError(400, 'INVALID_PARAMETER', `Invalid 'offset' parameter value ${rawOffset}; it must be a multiple of the limit.`, {
				'o:errorQueryParam': 'offset',
			});
		}
		let all;
		let total;
		if (id === undefined) {
			all = list('').slice(offset, offset + limit).map((s) => ({ links: [], ...s }));
			total = store.savedSearches.length;
		} else {
			const search = find(id);
			if (!search) {
				throw new RestError(404, 'NONEXISTENT_ID', `The saved search '${id}' does not exist or is not available to this role.`);
			}
			const { count, rows } = runPage(search, offset / limit, limit);
			total = count;
			all = rows.map((r) => {
				const item = { links: [] };
				for (const [key, val] of Object.entries(r.values)) {
					if (val.value !== '') item[key] = val.value;
					if (val.text && val.text !== val.value) item[`${key}_display`] = val.text;
				}
				return item;
			});
		}
		const hasMore = offset + all.length < total;
		const href = (o) => `${selfUrl}?limit=${limit}&offset=${o}`;
		const links = [];
		if (hasMore) links.push({ rel: 'next', href: href(offset + limit) });
		links.push({ rel: 'self', href: href(offset) });
		return { links, count: all.length, hasMore, offset, totalResults: total, items: all };
	}

	return { restlet, rest, find, list };
}

module.exports = { createSavedSearches, DEFAULT_SCRIPT, DEFAULT_DEPLOY, nsDate, nsDateTime };
