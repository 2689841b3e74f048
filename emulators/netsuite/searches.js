'use strict';

const { RestError } = require('./errors');

/*
 * The data behind N/search for the seeded saved searches (emulators/netsuite/suitescript/ runs the
 * shipped RESTlet over it) and the REST saved-search API. A saved search is its filter expression
 * (NetSuite's form: [filter, 'AND'|'OR', filter], ['NOT', filter], filter = [name, operator, ...values])
 * over the same tables SuiteQL reads, one row per item line, sorted by internal ID then line.
 */

const COLUMNS = [
	['internalid', null, 'Internal ID'],
	['tranid', null, 'Document Number'],
	['trandate', null, 'Date'],
	['lastmodifieddate', null, 'Date Last Modified'],
	['shipmethod', null, 'Ship Via'],
	['createdfrom', null, 'Created From'],
	['tranid', 'createdFrom', 'Created From : Document Number'],
	['trandate', 'createdFrom', 'Created From : Date'],
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
].map(([name, join, label]) => ({
	key: join ? `${join}.${name}` : name,
	name,
	join,
	summary: null,
	label,
	// The seeded searches are sorted by internal ID, as suitescript/README.md asks.
	sort: name === 'internalid' && !join ? 'ASC' : 'NONE',
}));

/** Criteria of the seeded searches; `customsearch_amz_if_to_send` gets the contract's default. */
function criteriaOf(search) {
	if (search.criteria) return search.criteria;
	if (search.scriptId === 'customsearch_amz_if_to_send') return { status: ['C'], sentToAmazon: false };
	return {};
}

/** The saved search's own criteria as the filter expression search.load gives a script. */
function filterExpressionOf(search) {
	const c = criteriaOf(search);
	const parts = [['type', 'anyof', 'ItemShip'], ['mainline', 'is', 'F']];
	if (Array.isArray(c.status) && c.status.length) parts.push(['status', 'anyof', ...c.status.map((s) => `ItemShip:${s}`)]);
	if (typeof c.sentToAmazon === 'boolean') parts.push(['custbody_amz_ship_confirmed', 'is', c.sentToAmazon ? 'T' : 'F']);
	if (c.hasTracking === true) {
		parts.push([['trackingnumbers', 'isnotempty', ''], 'OR', ['custcol_amz_package_tracking', 'isnotempty', '']]);
	}
	const out = [];
	for (const part of parts) {
		if (out.length) out.push('AND');
		out.push(part);
	}
	return out;
}

class FilterError extends Error {
	constructor(message) {
		super(message);
		this.code = 'SSS_INVALID_SRCH_FILTER_EXPR';
	}
}

const FILTER_OPERATORS = {
	anyof: 'anyof',
	noneof: 'noneof',
	is: 'is',
	isnot: 'isnot',
	isempty: 'isempty',
	isnotempty: 'isnotempty',
	equalto: 'equalto',
	greaterthan: 'greaterthan',
	greaterthanorequalto: 'greaterthanorequalto',
	lessthan: 'lessthan',
	lessthanorequalto: 'lessthanorequalto',
};

/**
 * Compiles a filter expression to SQL over `f` (fulfillment) and `l` (line). Only the filters an
 * item fulfillment search of this project uses; anything else is refused, like a field NetSuite
 * does not know.
 */
function compileFilterExpression(expression) {
	const params = [];
	const num = (v, name) => {
		const n = Number(v);
		if (!Number.isFinite(n)) throw new FilterError(`Filter ${name}: "${v}" is not a number.`);
		return n;
	};
	function filter(term) {
		const [rawName, rawOp, ...values] = term;
		const name = String(rawName).toLowerCase();
		const op = FILTER_OPERATORS[String(rawOp).toLowerCase()];
		if (!op) throw new FilterError(`Unknown search operator "${rawOp}" in filter ${rawName}.`);
		const flat = values.flat().map(String);
		const list = (column) => {
			if (!flat.length) throw new FilterError(`Filter ${rawName} ${rawOp} needs a value.`);
			params.push(...flat);
			const sql = `${column} IN (${flat.map(() => '?').join(', ')})`;
			return op === 'noneof' ? `NOT (${sql})` : sql;
		};
		const compare = (column, value) => {
			const sym = { equalto: '=', greaterthan: '>', greaterthanorequalto: '>=', lessthan: '<', lessthanorequalto: '<=' }[op];
			if (!sym) throw new FilterError(`Operator ${rawOp} does not apply to filter ${rawName}.`);
			params.push(num(value, rawName));
			return `${column} ${sym} ?`;
		};
		switch (name) {
			case 'type':
				if (op !== 'anyof' && op !== 'noneof') break;
				return list('f.type');
			case 'mainline':
				// Rows are item lines: mainline is F for all of them.
				if (op === 'is') return String(flat[0]).toUpperCase() === 'F' ? '1 = 1' : '1 = 0';
				break;
			case 'status':
				if (op !== 'anyof' && op !== 'noneof') break;
				flat.splice(0, flat.length, ...flat.map((v) => v.replace(/^ItemShip:/i, '')));
				return list('f.status');
			case 'custbody_amz_ship_confirmed':
				if (op === 'is' || op === 'isnot') {
					params.push(/^(t|true)$/i.test(flat[0] ?? '') ? 'T' : 'F');
					return `COALESCE(f.custbody_amz_ship_confirmed, 'F') ${op === 'is' ? '=' : '<>'} ?`;
				}
				break;
			case 'internalid':
				if (op === 'anyof' || op === 'noneof') return list('f.id');
				break;
			case 'internalidnumber':
				return compare('f.id', flat[0]);
			case 'trackingnumbers':
				if (op === 'isnotempty' || op === 'isempty') {
					const sql = 'EXISTS (SELECT 1 FROM trackingnumbermap m WHERE m."transaction" = f.id)';
					return op === 'isempty' ? `NOT ${sql}` : sql;
				}
				break;
			case 'custcol_amz_package_tracking':
				if (op === 'isnotempty') return "COALESCE(l.custcol_amz_package_tracking, '') <> ''";
				if (op === 'isempty') return "COALESCE(l.custcol_amz_package_tracking, '') = ''";
				break;
			default:
				throw new FilterError(`An nlobjSearchFilter contains an invalid search field: ${rawName}.`);
		}
		throw new FilterError(`Operator ${rawOp} does not apply to filter ${rawName}.`);
	}
	function expr(node) {
		if (!Array.isArray(node)) throw new FilterError('A filter expression must be an array.');
		if (!node.length) return '1 = 1';
		if (typeof node[0] === 'string' && String(node[0]).toUpperCase() === 'NOT') return `NOT (${expr(node[1])})`;
		if (typeof node[0] === 'string' && !Array.isArray(node[1]) && node.length >= 2 && FILTER_OPERATORS[String(node[1]).toLowerCase()]) {
			return filter(node);
		}
		let sql = '';
		for (let i = 0; i < node.length; i++) {
			const part = node[i];
			if (i % 2 === 1) {
				const joiner = String(part).toUpperCase();
				if (joiner !== 'AND' && joiner !== 'OR') throw new FilterError(`Expected AND or OR in the filter expression, got "${part}".`);
				sql += ` ${joiner} `;
			} else sql += `(${expr(part)})`;
		}
		return sql;
	}
	return { where: expr(expression || []), params };
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

function createSavedSearches({ store }) {
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

	/** SQL of a filter expression plus the record-type condition every saved search here has. */
	function whereOf(expression, afterId) {
		const compiled = compileFilterExpression(expression);
		const clauses = ["f.type = 'ItemShip'", compiled.where];
		const params = [...compiled.params];
		if (afterId !== undefined) {
			clauses.push('f.id > ?');
			params.push(Number(afterId));
		}
		return { where: clauses.map((c) => `(${c})`).join(' AND '), params };
	}

	const FROM = `FROM "transaction" f
		JOIN transactionline l ON l."transaction" = f.id AND l.mainline = 'F'
			AND (l.accountinglinetype IS NULL OR l.accountinglinetype = 'COGS')
		LEFT JOIN "transaction" so ON so.id = l.createdfrom`;

	/** Rows of one page plus the total count, as runPaged would give them. */
	function runPage(search, page, pageSize, afterId, expression = filterExpressionOf(search)) {
		if (search.recordType !== 'itemfulfillment') {
			return { count: 0, rows: [] };
		}
		const { where, params } = whereOf(expression, afterId);
		return { count: countRows(where, params), rows: pageRows(where, params, page, pageSize) };
	}

	function countRows(where, params) {
		return store.db.prepare(`SELECT COUNT(*) AS n ${FROM} WHERE ${where}`).get(...params).n;
	}

	function pageRows(where, params, page, pageSize) {
		const db = store.db;
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
		return rows.map((r) => {
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
			});
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

		/** A compiled query for N/search: count and pages of a search with the given filter expression. */
	function query(search, expression) {
		if (search.recordType !== 'itemfulfillment') return { count: () => 0, page: () => [] };
		const { where, params } = whereOf(expression);
		return {
			count: () => countRows(where, params),
			page: (index, size) => pageRows(where, params, index, size),
		};
	}

	return { rest, find, list, query, columns: () => COLUMNS.map((c) => ({ ...c })) };
}

module.exports = { createSavedSearches, filterExpressionOf, compileFilterExpression, nsDate, nsDateTime };
