'use strict';

const { COLUMNS, IF_STATUS, SO_STATUS } = require('./schema');
const { RestError } = require('./errors');

/*
 * SuiteQL (Oracle-flavoured SQL over NetSuite's analytics tables) → SQLite, in small named
 * rewrites applied outside string literals, then NetSuite's paging envelope around the rows.
 */

const MAX_LIMIT = 1000;
const RESULT_CAP = 100000;

// ---------------------------------------------------------------------------------------------
// Oracle-style functions, registered on the SQLite connection.

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Splits a stored value 'YYYY-MM-DD[ HH:MM:SS]' into parts; null when it is not a date. */
function dateParts(value) {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?/.exec(String(value));
	if (!m) return null;
	return { y: +m[1], mo: +m[2], d: +m[3], h: +(m[4] || 0), mi: +(m[5] || 0), s: +(m[6] || 0) };
}

/** Tokenises an Oracle datetime format model (YYYY, MM, DD, HH24, MI, SS, AM, "literal", ...). */
function formatTokens(fmt) {
	const re = /"([^"]*)"|(YYYY|YY|MM|DD|HH24|HH12|HH|MI|SS|AM|PM|A\.M\.|P\.M\.)|([\s\S])/gi;
	const out = [];
	let m;
	while ((m = re.exec(fmt))) {
		if (m[1] !== undefined) out.push({ lit: m[1] });
		else if (m[2]) out.push({ tok: m[2].toUpperCase() });
		else out.push({ lit: m[3] });
	}
	return out;
}

function toChar(value, fmt) {
	if (value === null || value === undefined) return null;
	if (fmt === undefined || fmt === null) return String(value);
	if (typeof value === 'number') return String(value); // number formats are not emulated
	const p = dateParts(value);
	if (!p) throw new Error(`ORA-01722: TO_CHAR cannot format '${value}' as a date`);
	return formatTokens(String(fmt))
		.map((t) => {
			if (t.lit !== undefined) return t.lit;
			switch (t.tok) {
				case 'YYYY':
					return pad(p.y, 4);
				case 'YY':
					return pad(p.y % 100);
				case 'MM':
					return pad(p.mo);
				case 'DD':
					return pad(p.d);
				case 'HH24':
					return pad(p.h);
				case 'HH':
				case 'HH12':
					return pad(p.h % 12 === 0 ? 12 : p.h % 12);
				case 'MI':
					return pad(p.mi);
				case 'SS':
					return pad(p.s);
				default:
					return p.h < 12 ? 'AM' : 'PM';
			}
		})
		.join('');
}

/** Parses `value` with an Oracle format model; returns the stored form 'YYYY-MM-DD[ HH:MM:SS]'. */
function parseWithFormat(value, fmt, withTime) {
	if (value === null || value === undefined) return null;
	const model = fmt == null ? 'MM/DD/YYYY' : String(fmt); // the user's date preference
	const order = [];
	let pattern = '';
	for (const t of formatTokens(model)) {
		if (t.lit !== undefined) {
			pattern += t.lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			continue;
		}
		const width =
			{ YYYY: '\\d{4}', YY: '\\d{2}', AM: '[AaPp][Mm]', PM: '[AaPp][Mm]' }[t.tok] || '\\d{1,2}';
		pattern += `(${width})`;
		order.push(t.tok);
	}
	const m = new RegExp(`^\\s*${pattern}\\s*$`).exec(String(value));
	if (!m) throw new Error(`ORA-01861: literal '${value}' does not match format string '${model}'`);
	const p = { y: 1970, mo: 1, d: 1, h: 0, mi: 0, s: 0, pm: null };
	order.forEach((tok, i) => {
		const v = m[i + 1];
		if (tok === 'YYYY') p.y = +v;
		else if (tok === 'YY') p.y = 2000 + +v;
		else if (tok === 'MM') p.mo = +v;
		else if (tok === 'DD') p.d = +v;
		else if (tok === 'HH24' || tok === 'HH' || tok === 'HH12') p.h = +v;
		else if (tok === 'MI') p.mi = +v;
		else if (tok === 'SS') p.s = +v;
		else p.pm = /pm/i.test(v);
	});
	if (p.pm !== null) p.h = (p.h % 12) + (p.pm ? 12 : 0);
	const date = `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;
	const hasTime = withTime || order.some((t) => ['HH24', 'HH', 'HH12', 'MI', 'SS'].includes(t));
	return hasTime ? `${date} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}` : date;
}

function registerFunctions(db, store, now) {
	const det = { deterministic: true, varargs: true };
	db.function('NVL', det, (a, b) => (a === null || a === undefined ? b : a));
	db.function('NVL2', det, (a, b, c) => (a === null || a === undefined ? c : b));
	db.function('TO_CHAR', det, (v, fmt) => toChar(v, fmt));
	db.function('TO_DATE', det, (v, fmt) => parseWithFormat(v, fmt, false));
	db.function('TO_TIMESTAMP', det, (v, fmt) => parseWithFormat(v, fmt, true));
	db.function('TO_NUMBER', det, (v) => (v === null ? null : Number(v)));
	db.function('TRUNC', det, (v) => {
		if (v === null || v === undefined) return null;
		if (typeof v === 'number') return Math.trunc(v);
		const p = dateParts(v);
		return p ? String(v).slice(0, 10) : v;
	});
	db.function('NS_SYSDATE', { varargs: true }, () =>
		new Date(now()).toISOString().slice(0, 19).replace('T', ' '),
	);
	db.function('NS_DF', det, (table, column, value) => store.displayValue(table, column, value));
	db.function('NS_DF_STATUS', det, (type, status) => {
		if (status === null || status === undefined) return null;
		if (type === 'ItemShip') return `Item Fulfillment : ${IF_STATUS[status] || status}`;
		if (type === 'SalesOrd') return `Sales Order : ${SO_STATUS[status] || status}`;
		return String(status);
	});
}

// ---------------------------------------------------------------------------------------------
// Rewrites. Each works on the query with string literals replaced by \u0000n\u0000 placeholders.

function hideStrings(q) {
	const strings = [];
	const code = q.replace(/'(?:[^']|'')*'/g, (s) => {
		strings.push(s);
		return `\u0000${strings.length - 1}\u0000`;
	});
	return { code, restore: (text) => text.replace(/\u0000(\d+)\u0000/g, (_, i) => strings[+i]) };
}

const NOT_ALIASES = new Set(
	'where on join left right inner outer full cross group order having union minus fetch offset limit and or natural using'.split(' '),
);

/** alias (lower-case) → table, from FROM/JOIN clauses. */
function aliasMap(code) {
	const map = {};
	const re = /\b(?:FROM|JOIN)\s+"?([A-Za-z_]\w*)"?(?:\s+(?:AS\s+)?([A-Za-z_]\w*))?/gi;
	let m;
	while ((m = re.exec(code))) {
		const table = m[1].toLowerCase();
		map[table] = map[table] || table;
		if (m[2] && !NOT_ALIASES.has(m[2].toLowerCase())) map[m[2].toLowerCase()] = table;
	}
	return map;
}

function tableOfColumn(aliases, column) {
	const tables = [...new Set(Object.values(aliases))];
	return tables.find((t) => (COLUMNS[t] || []).includes(column)) || tables[0] || '';
}

/** BUILTIN.DF(a.col) → the display value, resolved by the column's table. */
function rewriteBuiltinDf(code, aliases) {
	return code.replace(
		/\bBUILTIN\s*\.\s*DF\s*\(\s*(?:([A-Za-z_]\w*)\s*\.\s*)?([A-Za-z_]\w*)\s*\)/gi,
		(_, alias, column) => {
			const col = column.toLowerCase();
			const table = alias ? aliases[alias.toLowerCase()] || alias.toLowerCase() : tableOfColumn(aliases, col);
			const ref = alias ? `${alias}.${column}` : column;
			if (table === 'transaction' && col === 'status') {
				return `NS_DF_STATUS(${alias ? `${alias}.` : ''}type, ${ref})`;
			}
			return `NS_DF('${table}', '${col}', ${ref})`;
		},
	);
}

/** `transaction` is an SQLite keyword; quote it wherever it is used as a name. */
const quoteTransaction = (code) => code.replace(/(?<!["\w])transaction(?!["\w])/gi, '"transaction"');

const rewriteSysdate = (code) => code.replace(/\bSYSDATE\b/gi, 'NS_SYSDATE()');

/** Oracle row limiting → LIMIT/OFFSET. */
function rewriteFetchFirst(code) {
	return code
		.replace(
			/\bOFFSET\s+(\d+)\s+ROWS?\s+FETCH\s+(?:FIRST|NEXT)\s+(\d+)\s+ROWS?\s+ONLY\b/gi,
			'LIMIT $2 OFFSET $1',
		)
		.replace(/\bFETCH\s+(?:FIRST|NEXT)\s+(\d+)\s+ROWS?\s+ONLY\b/gi, 'LIMIT $1');
}

/** LISTAGG(x, sep) WITHIN GROUP (ORDER BY ...) → group_concat(x, sep) (order not guaranteed). */
function rewriteListagg(code) {
	return code.replace(
		/\bLISTAGG\s*\(\s*([^,()]+(?:\([^()]*\))?)\s*(?:,\s*(\u0000\d+\u0000))?\s*\)\s*WITHIN\s+GROUP\s*\(\s*ORDER\s+BY[^)]*\)/gi,
		(_, expr, sep) => `group_concat(${expr}${sep ? `, ${sep}` : ''})`,
	);
}

const rewriteMinus = (code) => code.replace(/\bMINUS\b/gi, 'EXCEPT');

function translate(q) {
	const trimmed = String(q).trim().replace(/;\s*$/, '');
	const { code, restore } = hideStrings(trimmed);
	if (!/^\s*(SELECT|WITH)\b/i.test(code)) {
		throw queryError('Only SELECT statements are allowed in SuiteQL.');
	}
	const aliases = aliasMap(code);
	let sql = rewriteBuiltinDf(code, aliases);
	sql = rewriteListagg(sql);
	sql = rewriteFetchFirst(sql);
	sql = rewriteSysdate(sql);
	sql = rewriteMinus(sql);
	sql = quoteTransaction(sql);
	return { sql: restore(sql), aliases };
}

// ---------------------------------------------------------------------------------------------

function queryError(description) {
	return new RestError(
		400,
		'INVALID_PARAMETER',
		`Invalid search query. Detailed unprocessed description follows. ${description}`,
		{ 'o:errorQueryParam': 'q' },
	);
}

/** Maps an SQLite error to NetSuite's wording (approximate; NetSuite's texts vary by case). */
function sqliteToNetSuite(err, aliases) {
	const msg = String(err.message || err);
	let m = /no such column: (?:"?(\w+)"?\.)?"?(\w+)"?/i.exec(msg);
	if (m) {
		const table = m[1] ? aliases[m[1].toLowerCase()] || m[1] : tableOfColumn(aliases, m[2]);
		return queryError(
			`Search error occurred: Field '${m[2]}' for record '${table}' was not found. Reason: NOT_EXPOSED - Not available for channel SEARCH.`,
		);
	}
	m = /no such table: (\w+)/i.exec(msg);
	if (m) return queryError(`Search error occurred: Record '${m[1]}' was not found.`);
	m = /no such function: (\w+)/i.exec(msg);
	if (m) return queryError(`Search error occurred: Unknown identifier '${m[1]}'.`);
	return queryError(`Search error occurred: ${msg.replace(/^.*?SqliteError:\s*/, '')}`);
}

function intParam(raw, name, fallback) {
	if (raw === null || raw === undefined || raw === '') return fallback;
	if (!/^\d+$/.test(raw)) {
		throw new RestError(400, 'INVALID_PARAMETER', `Invalid '${name}' parameter value '${raw}'. It must be a non-negative integer.`, {
			'o:errorQueryParam': name,
		});
	}
	return Number(raw);
}

/** US-style M/D/YYYY, NetSuite's default date preference. */
const usDate = (v) => {
	const p = dateParts(v);
	return p ? `${p.mo}/${p.d}/${p.y}` : String(v);
};

const DATE_COLUMNS = new Set(['transaction.trandate', 'transaction.lastmodifieddate', 'transaction.createddate']);

function createSuiteQl({ store, now }) {
	let registeredOn = null;
	const cache = new Map(); // sql → prepared page + count statements
	const counts = new Map(); // `${version}|${sql}` → total

	function prepared(sql, aliases) {
		const db = store.db;
		if (registeredOn !== db) {
			registerFunctions(db, store, now);
			registeredOn = db;
			cache.clear();
			counts.clear();
		}
		let entry = cache.get(sql);
		if (!entry) {
			try {
				entry = {
					page: db.prepare(`SELECT * FROM (${sql}) LIMIT ? OFFSET ?`),
					count: db.prepare(`SELECT COUNT(*) AS n FROM (${sql})`),
				};
			} catch (err) {
				throw sqliteToNetSuite(err, aliases);
			}
			if (cache.size > 200) cache.clear();
			cache.set(sql, entry);
		}
		return entry;
	}

	/**
	 * Runs one SuiteQL page the way POST /services/rest/query/v1/suiteql does.
	 * @returns the NetSuite collection envelope
	 */
	function run({ q, limit: rawLimit, offset: rawOffset, selfUrl }) {
		if (typeof q !== 'string' || !q.trim()) {
			throw new RestError(400, 'INVALID_PARAMETER', "The request body must be JSON with a non-empty 'q' (the SuiteQL query).");
		}
		const limit = intParam(rawLimit, 'limit', MAX_LIMIT);
		const offset = intParam(rawOffset, 'offset', 0);
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new RestError(
				400,
				'INVALID_PARAMETER',
				`Invalid 'limit' parameter value ${limit}. The value must be between 1 and ${MAX_LIMIT}.`,
				{ 'o:errorQueryParam': 'limit' },
			);
		}
		if (offset % limit !== 0) {
			throw new RestError(
				400,
				'INVALID_PARAMETER',
				`Invalid 'offset' parameter value ${offset}. The offset must be a multiple of the limit (${limit}).`,
				{ 'o:errorQueryParam': 'offset' },
			);
		}
		if (offset + limit > RESULT_CAP) {
			throw new RestError(
				400,
				'INVALID_PARAMETER',
				`Invalid 'offset' parameter value ${offset}. SuiteQL returns at most ${RESULT_CAP} results per query; narrow the query (for example WHERE id > <last id> ORDER BY id) to read further.`,
				{ 'o:errorQueryParam': 'offset' },
			);
		}
		const { sql, aliases } = translate(q);
		const stmt = prepared(sql, aliases);
		let total;
		let rows;
		let columns;
		try {
			const key = `${store.version}|${sql}`;
			total = counts.get(key);
			if (total === undefined) {
				total = stmt.count.get().n;
				if (counts.size > 500) counts.clear();
				counts.set(key, total);
			}
			rows = stmt.page.all(limit, offset);
			columns = stmt.page.columns();
		} catch (err) {
			if (err instanceof RestError) throw err;
			throw sqliteToNetSuite(err, aliases);
		}

		let expr = 0;
		const names = columns.map((c) => {
			const simple = /^[A-Za-z_][\w]*$/.test(c.name);
			return simple ? c.name.toLowerCase() : `expr${++expr}`;
		});
		const isDate = columns.map((c) => c.table && DATE_COLUMNS.has(`${c.table}.${c.column}`));
		const keys = columns.map((c) => c.name);
		const items = rows.map((row) => {
			const item = { links: [] };
			keys.forEach((k, i) => {
				const v = row[k];
				if (v === null || v === undefined) return; // NetSuite omits NULL columns
				item[names[i]] = isDate[i] ? usDate(v) : String(v);
			});
			return item;
		});

		const reachable = Math.min(total, RESULT_CAP);
		const hasMore = offset + items.length < reachable;
		const href = (o) => `${selfUrl}?limit=${limit}&offset=${o}`;
		const links = [];
		if (offset > 0) {
			links.push({ rel: 'previous', href: href(Math.max(0, offset - limit)) });
			links.push({ rel: 'first', href: href(0) });
		}
		if (hasMore) links.push({ rel: 'next', href: href(offset + limit) });
		if (reachable > 0) {
			links.push({ rel: 'last', href: href(Math.floor((reachable - 1) / limit) * limit) });
		}
		links.push({ rel: 'self', href: href(offset) });
		return { links, count: items.length, hasMore, offset, totalResults: total, items };
	}

	return { run, translate };
}

module.exports = { createSuiteQl, translate, toChar, parseWithFormat, usDate };
