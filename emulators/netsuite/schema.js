'use strict';

const { DatabaseSync } = require('node:sqlite');

/*
 * The in-memory NetSuite account: record state (JS objects, what record GET/PATCH see) mirrored into
 * SuiteQL-shaped SQLite tables (what SuiteQL and the saved-search RESTlet read). Every write goes
 * through this module so the two views never disagree.
 */

const BODY_CUSTOM_FIELDS = {
	custbody_celigo_etail_order_id: 'text',
	custbody_amz_ship_confirmed: 'checkbox',
	custbody_amz_feed_id: 'text',
	custbody_amz_confirmed_at: 'text',
	custbody_amz_ship_error: 'text',
	// What was sent (tracking, carrier, quantities), written by Update Order; read for corrections.
	custbody_amz_sent_fingerprint: 'text',
	// Amazon marketplace of the order (multi-marketplace sellers); copied onto the fulfillment.
	custbody_amz_marketplace_id: 'text',
};
const SO_ONLY_FIELDS = { custbody_amz_order_status: 'list' };

const TABLES = {
	transaction: [
		'id INTEGER PRIMARY KEY',
		'tranid TEXT',
		'type TEXT',
		'recordtype TEXT',
		'trandate TEXT',
		'status TEXT',
		'lastmodifieddate TEXT',
		'createddate TEXT',
		'shipmethod INTEGER',
		'entity INTEGER',
		'memo TEXT',
		'custbody_celigo_etail_order_id TEXT',
		'custbody_amz_ship_confirmed TEXT',
		'custbody_amz_feed_id TEXT',
		'custbody_amz_confirmed_at TEXT',
		'custbody_amz_ship_error TEXT',
		'custbody_amz_order_status INTEGER',
		'custbody_amz_sent_fingerprint TEXT',
		'custbody_amz_marketplace_id TEXT',
	],
	transactionline: [
		'id INTEGER',
		'transaction INTEGER',
		'linesequencenumber INTEGER',
		'uniquekey INTEGER PRIMARY KEY',
		'mainline TEXT',
		'taxline TEXT',
		'accountinglinetype TEXT',
		'item INTEGER',
		'itemtype TEXT',
		'quantity REAL',
		'quantityshiprecv REAL',
		'createdfrom INTEGER',
		'orderline INTEGER',
		'custcol_celigo_etail_order_line_id TEXT',
		'custcol_amz_package_tracking TEXT',
	],
	item: ['id INTEGER PRIMARY KEY', 'itemid TEXT', 'displayname TEXT', 'itemtype TEXT'],
	trackingnumbermap: ['transaction INTEGER', 'trackingnumber INTEGER'],
	trackingnumber: ['id INTEGER PRIMARY KEY', 'trackingnumber TEXT'],
	customlist_amz_order_status: ['id INTEGER PRIMARY KEY', 'name TEXT', 'isinactive TEXT'],
};

const COLUMNS = Object.fromEntries(
	Object.entries(TABLES).map(([t, cols]) => [t, cols.map((c) => c.split(' ')[0])]),
);

const INDEXES = [
	'CREATE INDEX ix_tx_type_status ON "transaction"(type, status)',
	'CREATE INDEX ix_tx_lastmod ON "transaction"(lastmodifieddate)',
	'CREATE INDEX ix_tx_orderid ON "transaction"(custbody_celigo_etail_order_id)',
	'CREATE INDEX ix_tl_tx ON transactionline("transaction", id)',
	'CREATE INDEX ix_tl_createdfrom ON transactionline(createdfrom)',
	'CREATE INDEX ix_tnm_tx ON trackingnumbermap("transaction")',
	'CREATE INDEX ix_tnm_tn ON trackingnumbermap(trackingnumber)',
];

const IF_STATUS = { A: 'Picked', B: 'Packed', C: 'Shipped' };
const SO_STATUS = {
	A: 'Pending Approval',
	B: 'Pending Fulfillment',
	C: 'Cancelled',
	D: 'Partially Fulfilled',
	E: 'Pending Billing/Partially Fulfilled',
	F: 'Pending Billing',
	G: 'Billed',
	H: 'Closed',
};
const TYPE_NAMES = { SalesOrd: 'Sales Order', ItemShip: 'Item Fulfillment' };

/** '2026-11-20T10:00:00Z' (or Date-parsable) → '2026-11-20 10:00:00' (UTC), how the table holds it. */
function toDbDateTime(value) {
	if (!value) return null;
	const d = new Date(value);
	if (Number.isNaN(d.getTime())) return String(value);
	return d.toISOString().slice(0, 19).replace('T', ' ');
}

function tf(value) {
	return value === true || value === 'T' ? 'T' : 'F';
}

function str(value) {
	return value === undefined || value === null || value === '' ? null : String(value);
}

function createStore({ accountingDuplicates = true } = {}) {
	let db;
	const items = new Map();
	const statusList = new Map();
	const salesOrders = new Map();
	const itemFulfillments = new Map();
	const savedSearches = [];
	const trackingTexts = new Map();
	let trackingSeq = 0;
	let uniqueKeySeq = 0;
	let version = 0;
	let stmts;
	let meta = {};

	function open() {
		if (db) db.close();
		db = new DatabaseSync(':memory:');
		for (const [table, cols] of Object.entries(TABLES)) {
			db.exec(
				`CREATE TABLE "${table}" (${cols.map((c) => c.replace(/^(\w+)/, '"$1"')).join(', ')})`,
			);
		}
		for (const ix of INDEXES) db.exec(ix);
		// Oracle compares LIKE case-sensitively; SQLite does not unless told.
		db.exec('PRAGMA case_sensitive_like = ON');
		const insert = (table) =>
			db.prepare(
				`INSERT INTO "${table}" (${COLUMNS[table].map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS[table].map(() => '?').join(', ')})`,
			);
		stmts = {
			transaction: insert('transaction'),
			transactionline: insert('transactionline'),
			item: insert('item'),
			trackingnumbermap: insert('trackingnumbermap'),
			trackingnumber: insert('trackingnumber'),
			status: insert('customlist_amz_order_status'),
			deleteLines: db.prepare('DELETE FROM transactionline WHERE "transaction" = ?'),
			deleteTx: db.prepare('DELETE FROM "transaction" WHERE id = ?'),
			deleteMap: db.prepare('DELETE FROM trackingnumbermap WHERE "transaction" = ?'),
			shipped: db.prepare(
				`SELECT l.orderline AS orderline, SUM(-l.quantity) AS qty FROM transactionline l
				 WHERE l.createdfrom = ? AND l.mainline = 'F' AND (l.accountinglinetype IS NULL OR l.accountinglinetype = 'COGS')
				 GROUP BY l.orderline`,
			),
			setShipped: db.prepare(
				'UPDATE transactionline SET quantityshiprecv = ? WHERE "transaction" = ? AND id = ?',
			),
		};
	}

	function insertSalesOrder(so) {
		const fields = so.fields;
		stmts.transaction.run(
			Number(so.id),
			so.tranid,
			'SalesOrd',
			'salesorder',
			so.trandate,
			so.status,
			toDbDateTime(so.lastModified),
			toDbDateTime(so.createdDate || so.lastModified),
			null,
			so.entity ? Number(so.entity) : null,
			null,
			str(fields.custbody_celigo_etail_order_id),
			tf(fields.custbody_amz_ship_confirmed),
			str(fields.custbody_amz_feed_id),
			str(fields.custbody_amz_confirmed_at),
			str(fields.custbody_amz_ship_error),
			fields.custbody_amz_order_status ? Number(fields.custbody_amz_order_status) : null,
			str(fields.custbody_amz_sent_fingerprint),
			str(fields.custbody_amz_marketplace_id),
		);
		stmts.transactionline.run(0, Number(so.id), 0, ++uniqueKeySeq, 'T', 'F', null, null, null, null, null, null, null, null, null);
		for (const line of so.lines) {
			const item = items.get(String(line.item));
			stmts.transactionline.run(
				Number(line.line),
				Number(so.id),
				Number(line.line),
				++uniqueKeySeq,
				'F',
				'F',
				null,
				Number(line.item),
				item ? item.itemtype : null,
				Number(line.quantity),
				0,
				null,
				null,
				str(line.amazonOrderItemId),
				null,
			);
		}
	}

	function insertFulfillment(f) {
		const fields = f.fields;
		stmts.transaction.run(
			Number(f.id),
			f.tranid,
			'ItemShip',
			'itemfulfillment',
			f.trandate,
			f.status,
			toDbDateTime(f.lastModified),
			toDbDateTime(f.createdDate || f.lastModified),
			f.shipMethod ? Number(f.shipMethod) : null,
			f.entity ? Number(f.entity) : null,
			null,
			str(fields.custbody_celigo_etail_order_id),
			tf(fields.custbody_amz_ship_confirmed),
			str(fields.custbody_amz_feed_id),
			str(fields.custbody_amz_confirmed_at),
			str(fields.custbody_amz_ship_error),
			null,
			str(fields.custbody_amz_sent_fingerprint),
			str(fields.custbody_amz_marketplace_id),
		);
		const so = Number(f.createdFrom);
		stmts.transactionline.run(0, Number(f.id), 0, ++uniqueKeySeq, 'T', 'F', null, null, null, null, null, so, null, null, null);
		for (const line of f.lines) {
			const item = items.get(String(line.item));
			const itemtype = item ? item.itemtype : null;
			const inventory = itemtype === 'InvtPart' || itemtype === 'Assembly';
			const row = (id, accountingType) =>
				stmts.transactionline.run(
					id,
					Number(f.id),
					Number(line.line),
					++uniqueKeySeq,
					'F',
					'F',
					accountingType,
					Number(line.item),
					itemtype,
					-Math.abs(Number(line.quantity)),
					null,
					so,
					line.orderLine ? Number(line.orderLine) : null,
					str(line.amazonOrderItemId),
					str(line.packageTracking),
				);
			row(Number(line.line), inventory ? 'COGS' : null);
			// NetSuite's transactionline holds the posting rows of an item fulfillment too: an
			// inventory line shows up again as its asset-side row. Naive queries double count.
			if (inventory && accountingDuplicates) row(1000 + Number(line.line), 'ASSET');
		}
		for (const pkg of f.packages) {
			if (!pkg.trackingNumber) continue;
			const tnId = ++trackingSeq;
			stmts.trackingnumber.run(tnId, String(pkg.trackingNumber));
			trackingTexts.set(String(tnId), String(pkg.trackingNumber));
			stmts.trackingnumbermap.run(Number(f.id), tnId);
		}
	}

	function refreshShipped(soId) {
		const so = salesOrders.get(String(soId));
		if (!so) return;
		const shipped = new Map(stmts.shipped.all(Number(soId)).map((r) => [String(r.orderline), r.qty]));
		for (const line of so.lines) {
			stmts.setShipped.run(shipped.get(String(line.line)) || 0, Number(soId), Number(line.line));
		}
	}

	function normalizeSalesOrder(raw) {
		const fields = {
			custbody_celigo_etail_order_id: raw.amazonOrderId ?? null,
			custbody_amz_order_status: raw.amazonOrderStatus ?? null,
			custbody_amz_ship_confirmed: tf(raw.sentToAmazon),
			custbody_amz_feed_id: raw.feedId ?? null,
			custbody_amz_confirmed_at: raw.confirmedAt ?? null,
			custbody_amz_ship_error: raw.error ?? null,
			custbody_amz_marketplace_id: raw.marketplaceId ?? null,
			...(raw.fields || {}),
		};
		return {
			id: String(raw.id),
			tranid: raw.tranid || `SO${raw.id}`,
			trandate: raw.trandate,
			status: raw.status || 'B',
			entity: raw.entity ?? null,
			marketplaceId: raw.marketplaceId ?? null,
			lastModified: raw.lastModified || `${raw.trandate}T00:00:00Z`,
			createdDate: raw.createdDate || raw.lastModified || `${raw.trandate}T00:00:00Z`,
			scenario: raw.scenario,
			fields,
			lines: (raw.lines || []).map((l) => ({ ...l, line: String(l.line), item: String(l.item) })),
		};
	}

	function normalizeFulfillment(raw) {
		const so = salesOrders.get(String(raw.createdFrom));
		const soLines = new Map((so ? so.lines : []).map((l) => [String(l.line), l]));
		const fields = {
			custbody_celigo_etail_order_id:
				raw.amazonOrderId ?? (so ? so.fields.custbody_celigo_etail_order_id : null),
			custbody_amz_ship_confirmed: tf(raw.sentToAmazon),
			custbody_amz_feed_id: raw.feedId ?? null,
			custbody_amz_confirmed_at: raw.confirmedAt ?? null,
			custbody_amz_ship_error: raw.error ?? null,
			custbody_amz_marketplace_id:
				raw.marketplaceId ?? (so ? so.fields.custbody_amz_marketplace_id : null),
			...(raw.fields || {}),
		};
		return {
			id: String(raw.id),
			tranid: raw.tranid || `IF${raw.id}`,
			createdFrom: String(raw.createdFrom),
			trandate: raw.trandate,
			status: raw.status || 'C',
			shipMethod: raw.shipMethod ? String(raw.shipMethod) : null,
			entity: raw.entity ?? (so ? so.entity : null),
			lastModified: raw.lastModified || `${raw.trandate}T00:00:00Z`,
			createdDate: raw.createdDate || raw.lastModified || `${raw.trandate}T00:00:00Z`,
			scenario: raw.scenario,
			fields,
			lines: (raw.lines || []).map((l) => {
				const soLine = soLines.get(String(l.orderLine));
				return {
					...l,
					line: String(l.line),
					item: String(l.item),
					orderLine: l.orderLine != null ? String(l.orderLine) : null,
					amazonOrderItemId: l.amazonOrderItemId ?? (soLine ? soLine.amazonOrderItemId : null),
				};
			}),
			packages: (raw.packages || []).map((p) => ({ ...p })),
		};
	}

	function load(seed) {
		open();
		items.clear();
		statusList.clear();
		salesOrders.clear();
		itemFulfillments.clear();
		savedSearches.length = 0;
		trackingTexts.clear();
		trackingSeq = 0;
		uniqueKeySeq = 0;
		const ns = (seed && seed.netsuite) || {};
		meta = { now: seed && seed.now, marketplaceId: seed && seed.marketplaceId };
		db.exec('BEGIN');
		try {
			for (const it of ns.items || []) {
				const item = {
					id: String(it.id),
					itemid: it.itemid,
					displayname: it.displayname ?? it.itemid,
					itemtype: it.itemtype || 'InvtPart',
				};
				items.set(item.id, item);
				stmts.item.run(Number(item.id), item.itemid, item.displayname, item.itemtype);
			}
			for (const s of ns.orderStatusList || []) {
				statusList.set(String(s.id), s.name);
				stmts.status.run(Number(s.id), s.name, 'F');
			}
			for (const raw of ns.salesOrders || []) {
				const so = normalizeSalesOrder(raw);
				salesOrders.set(so.id, so);
				insertSalesOrder(so);
			}
			for (const raw of ns.itemFulfillments || []) {
				const f = normalizeFulfillment(raw);
				itemFulfillments.set(f.id, f);
				insertFulfillment(f);
			}
			// quantityshiprecv on sales-order lines, in one statement rather than per order.
			db.exec(`UPDATE transactionline AS s SET quantityshiprecv = (
				SELECT COALESCE(SUM(-l.quantity), 0) FROM transactionline l
				WHERE l.createdfrom = s."transaction" AND l.orderline = s.id AND l.mainline = 'F'
				  AND (l.accountinglinetype IS NULL OR l.accountinglinetype = 'COGS'))
				WHERE s.mainline = 'F' AND s."transaction" IN (SELECT id FROM "transaction" WHERE type = 'SalesOrd')`);
			db.exec('COMMIT');
		} catch (err) {
			db.exec('ROLLBACK');
			throw err;
		}
		for (const s of ns.savedSearches || []) savedSearches.push({ ...s, id: String(s.id) });
		version += 1;
	}

	/** Writes body fields of one transaction (record state + table row). */
	function updateTransaction(id, changes, lastModified) {
		const rec = salesOrders.get(String(id)) || itemFulfillments.get(String(id));
		if (!rec) throw new Error(`transaction ${id} does not exist`);
		const sets = [];
		const values = [];
		for (const [field, value] of Object.entries(changes)) {
			if (field === 'status') rec.status = value;
			else if (field === 'shipMethod') rec.shipMethod = value;
			else rec.fields[field] = value;
			const column = field === 'shipMethod' ? 'shipmethod' : field;
			sets.push(`${column} = ?`);
			if (field === 'custbody_amz_ship_confirmed') values.push(tf(value));
			else if (field === 'custbody_amz_order_status' || field === 'shipMethod') {
				values.push(value == null ? null : Number(value));
			} else values.push(str(value));
		}
		rec.lastModified = lastModified;
		sets.push('lastmodifieddate = ?');
		values.push(toDbDateTime(lastModified));
		db.prepare(`UPDATE "transaction" SET ${sets.join(', ')} WHERE id = ?`).run(...values, Number(id));
		version += 1;
	}

	/** Adds or replaces a fulfillment (seed shape). */
	function putFulfillment(raw) {
		const f = normalizeFulfillment(raw);
		removeFulfillmentRows(f.id);
		itemFulfillments.set(f.id, f);
		insertFulfillment(f);
		refreshShipped(f.createdFrom);
		version += 1;
		return f;
	}

	function removeFulfillmentRows(id) {
		const old = itemFulfillments.get(String(id));
		stmts.deleteLines.run(Number(id));
		stmts.deleteTx.run(Number(id));
		stmts.deleteMap.run(Number(id));
		if (old) refreshShipped(old.createdFrom);
	}

	/** Seed-shape view of a fulfillment (for updateFulfillment merges). */
	function fulfillmentAsSeed(f) {
		return {
			id: f.id,
			tranid: f.tranid,
			createdFrom: f.createdFrom,
			trandate: f.trandate,
			status: f.status,
			shipMethod: f.shipMethod,
			entity: f.entity,
			lastModified: f.lastModified,
			createdDate: f.createdDate,
			scenario: f.scenario,
			fields: { ...f.fields },
			lines: f.lines.map((l) => ({ ...l })),
			packages: f.packages.map((p) => ({ ...p })),
		};
	}

	function displayValue(table, column, value) {
		if (value === null || value === undefined) return null;
		const key = String(value);
		const col = String(column).toLowerCase();
		const tab = String(table).toLowerCase();
		if (col === 'item' || col === 'shipmethod') {
			const it = items.get(key);
			return it ? it.itemid : key;
		}
		if (tab === 'transaction' && col === 'status') {
			// Without the row's type, guess from the letter set: IF letters are a subset of SO's.
			return null;
		}
		if (col === 'createdfrom' || (tab !== 'transaction' && col === 'transaction')) {
			const tx = salesOrders.get(key) || itemFulfillments.get(key);
			if (!tx) return key;
			const type = salesOrders.has(key) ? 'Sales Order' : 'Item Fulfillment';
			return `${type} #${tx.tranid}`;
		}
		if (col === 'custbody_amz_order_status') return statusList.get(key) ?? key;
		if (tab === 'transaction' && col === 'type') return TYPE_NAMES[key] || key;
		if (tab === 'trackingnumbermap' && col === 'trackingnumber') {
			return trackingTexts.get(key) ?? key;
		}
		return key;
	}

	return {
		load,
		get db() {
			return db;
		},
		get version() {
			return version;
		},
		get meta() {
			return meta;
		},
		items,
		statusList,
		salesOrders,
		itemFulfillments,
		savedSearches,
		updateTransaction,
		putFulfillment,
		fulfillmentAsSeed,
		displayValue,
		trackingNumbersOf(id) {
			const f = itemFulfillments.get(String(id));
			return f ? f.packages.map((p) => p.trackingNumber).filter(Boolean) : [];
		},
	};
}

module.exports = {
	createStore,
	COLUMNS,
	BODY_CUSTOM_FIELDS,
	SO_ONLY_FIELDS,
	IF_STATUS,
	SO_STATUS,
	TYPE_NAMES,
	toDbDateTime,
};
