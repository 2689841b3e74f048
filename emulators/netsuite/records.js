'use strict';

const { RestError } = require('./errors');
const { IF_STATUS, SO_STATUS } = require('./schema');

/*
 * REST Record API v1 for salesOrder and itemFulfillment: GET (with expandSubResources) and PATCH
 * (204 + Location; unknown fields ignored and reported in X-NetSuite-PropertyValidation).
 */

const TYPES = { salesorder: 'salesOrder', itemfulfillment: 'itemFulfillment' };

const COMMON_WRITABLE = {
	custbody_celigo_etail_order_id: 'text',
	custbody_amz_ship_confirmed: 'checkbox',
	custbody_amz_feed_id: 'text',
	custbody_amz_confirmed_at: 'text',
	custbody_amz_ship_error: 'text',
	custbody_amz_marketplace_id: 'text',
	memo: 'text',
};
const WRITABLE = {
	salesOrder: { ...COMMON_WRITABLE, custbody_amz_order_status: 'list' },
	itemFulfillment: {
		...COMMON_WRITABLE,
		custbody_amz_sent_fingerprint: 'text',
		shipStatus: 'shipStatus',
		shipMethod: 'shipMethod',
	},
};
const READ_ONLY = new Set(['id', 'tranId', 'createdFrom', 'createdDate', 'lastModifiedDate', 'links', 'refName', 'entity', 'tranDate']);
const SUBLISTS = new Set(['item', 'package', 'packageUps', 'packageFedEx', 'packageUsps']);

function isoDateTime(dbValue) {
	const d = new Date(dbValue);
	return Number.isNaN(d.getTime()) ? dbValue : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function createRecords({ store, recordNow, afterSave }) {
	function canonicalType(segment) {
		return TYPES[String(segment || '').toLowerCase()] || null;
	}

	function recordOf(type, id) {
		const map = type === 'salesOrder' ? store.salesOrders : store.itemFulfillments;
		const rec = map.get(String(id));
		if (!rec) {
			throw new RestError(
				404,
				'NONEXISTENT_ID',
				`The record instance does not exist. Provide a valid record instance ID (${type} ${id}).`,
				{ 'o:errorUrl': `/services/rest/record/v1/${type}/${id}` },
			);
		}
		return rec;
	}

	const ref = (base, type, id, refName) => ({
		links: [{ rel: 'self', href: `${base}/services/rest/record/v1/${type}/${id}` }],
		id: String(id),
		refName,
	});

	function itemName(id) {
		const it = store.items.get(String(id));
		return it ? it.itemid : String(id);
	}

	function sublist(base, type, id, name, rows) {
		const href = `${base}/services/rest/record/v1/${type}/${id}/${name}`;
		return {
			links: [{ rel: 'self', href }],
			count: rows.length,
			hasMore: false,
			items: rows,
			offset: 0,
			totalResults: rows.length,
		};
	}

	function itemRows(base, type, rec) {
		if (type === 'salesOrder') {
			const shipped = new Map();
			for (const f of store.itemFulfillments.values()) {
				if (f.createdFrom !== rec.id) continue;
				for (const l of f.lines) shipped.set(l.orderLine, (shipped.get(l.orderLine) || 0) + Math.abs(Number(l.quantity)));
			}
			return rec.lines.map((l) => ({
				links: [],
				line: Number(l.line),
				item: ref(base, 'inventoryItem', l.item, itemName(l.item)),
				quantity: Number(l.quantity),
				quantityFulfilled: shipped.get(l.line) || 0,
				...(l.amazonOrderItemId ? { custcol_celigo_etail_order_line_id: String(l.amazonOrderItemId) } : {}),
			}));
		}
		return rec.lines.map((l) => ({
			links: [],
			line: Number(l.line),
			item: ref(base, 'inventoryItem', l.item, itemName(l.item)),
			itemReceive: true,
			quantity: Math.abs(Number(l.quantity)),
			...(l.orderLine ? { orderLine: Number(l.orderLine) } : {}),
			...(l.amazonOrderItemId ? { custcol_celigo_etail_order_line_id: String(l.amazonOrderItemId) } : {}),
			...(l.packageTracking ? { custcol_amz_package_tracking: String(l.packageTracking) } : {}),
		}));
	}

	function packageRows(rec) {
		return rec.packages.map((p) => ({
			links: [],
			...(p.trackingNumber ? { packageTrackingNumber: String(p.trackingNumber) } : {}),
			...(p.weight != null ? { packageWeight: Number(p.weight) } : {}),
			...(p.description ? { packageDescr: String(p.description) } : {}),
		}));
	}

	function customFields(rec) {
		const out = {};
		for (const [k, v] of Object.entries(rec.fields)) {
			if (v === null || v === undefined || v === '') continue;
			if (k === 'custbody_amz_ship_confirmed') out[k] = v === 'T' || v === true;
			else if (k === 'custbody_amz_order_status') continue;
			else out[k] = String(v);
		}
		if (!('custbody_amz_ship_confirmed' in out)) out.custbody_amz_ship_confirmed = false;
		return out;
	}

	/** GET /services/rest/record/v1/{type}/{id}[/{sublist}] */
	function get({ base, typeSegment, id, sub, expand }) {
		const type = canonicalType(typeSegment);
		if (!type) throw unknownType(typeSegment);
		const rec = recordOf(type, id);
		const self = `${base}/services/rest/record/v1/${type}/${rec.id}`;
		if (sub) {
			if (sub === 'item') return sublist(base, type, rec.id, 'item', itemRows(base, type, rec));
			if (sub === 'package' && type === 'itemFulfillment') {
				return sublist(base, type, rec.id, 'package', packageRows(rec));
			}
			throw new RestError(404, 'NONEXISTENT_ID', `Sublist '${sub}' does not exist on ${type}.`);
		}
		const body = {
			links: [{ rel: 'self', href: self }],
			createdDate: isoDateTime(rec.createdDate),
			id: rec.id,
			lastModifiedDate: isoDateTime(rec.lastModified),
			tranDate: rec.trandate,
			tranId: rec.tranid,
			...customFields(rec),
		};
		if (rec.fields.memo) body.memo = String(rec.fields.memo);
		if (type === 'itemFulfillment') {
			const so = store.salesOrders.get(rec.createdFrom);
			body.createdFrom = ref(base, 'salesOrder', rec.createdFrom, so ? `Sales Order #${so.tranid}` : '');
			body.shipStatus = { id: rec.status, refName: IF_STATUS[rec.status] || rec.status };
			if (rec.shipMethod) body.shipMethod = ref(base, 'shipItem', rec.shipMethod, itemName(rec.shipMethod));
			body.item = expand
				? sublist(base, type, rec.id, 'item', itemRows(base, type, rec))
				: { links: [{ rel: 'self', href: `${self}/item` }] };
			body.package = expand
				? sublist(base, type, rec.id, 'package', packageRows(rec))
				: { links: [{ rel: 'self', href: `${self}/package` }] };
		} else {
			body.orderStatus = { id: rec.status, refName: SO_STATUS[rec.status] || rec.status };
			const st = rec.fields.custbody_amz_order_status;
			if (st) {
				body.custbody_amz_order_status = {
					links: [],
					id: String(st),
					refName: store.statusList.get(String(st)) || String(st),
				};
			}
			body.item = expand
				? sublist(base, type, rec.id, 'item', itemRows(base, type, rec))
				: { links: [{ rel: 'self', href: `${self}/item` }] };
		}
		return body;
	}

	function fieldError(field, detail, code = 'USER_ERROR') {
		return new RestError(400, code, detail, { 'o:errorPath': field });
	}

	/** Validates and converts one PATCH value; returns the stored representation. */
	function convert(type, field, kind, value) {
		if (value === null) {
			if (kind === 'shipStatus' || kind === 'shipMethod') {
				throw fieldError(field, `Error while accessing a resource. Field '${field}' cannot be cleared on ${type}.`);
			}
			return null;
		}
		if (kind === 'checkbox') {
			if (typeof value !== 'boolean') {
				throw fieldError(field, `Error while accessing a resource. You have entered an Invalid Field Value ${JSON.stringify(value)} for the following field: ${field}. Checkbox fields take true or false.`);
			}
			return value ? 'T' : 'F';
		}
		if (kind === 'text') {
			if (typeof value === 'object') {
				throw fieldError(field, `Error while accessing a resource. You have entered an Invalid Field Value for the following field: ${field}. Text fields take a string.`);
			}
			return String(value);
		}
		if (typeof value !== 'object' || Array.isArray(value)) {
			throw fieldError(field, `Error while accessing a resource. Field '${field}' is a reference: send an object such as {"id": "2"}.`);
		}
		if (kind === 'list') {
			let key = value.id != null ? String(value.id) : null;
			if (key === null && value.refName != null) {
				for (const [id, name] of store.statusList) if (name === value.refName) key = id;
			}
			if (key === null || !store.statusList.has(key)) {
				throw fieldError(field, `Invalid ${field} reference key ${value.id ?? value.refName}.`, 'INVALID_KEY_OR_REF');
			}
			return key;
		}
		if (kind === 'shipStatus') {
			const key = String(value.id ?? '');
			if (!IF_STATUS[key]) throw fieldError(field, `Invalid ${field} reference key ${key}.`, 'INVALID_KEY_OR_REF');
			return key;
		}
		// shipMethod
		let key = value.id != null ? String(value.id) : null;
		if (key === null && value.refName != null) {
			for (const it of store.items.values()) if (it.itemid === value.refName) key = it.id;
		}
		const it = key && store.items.get(key);
		if (!it || it.itemtype !== 'ShipItem') {
			throw fieldError(field, `Invalid ${field} reference key ${value.id ?? value.refName}.`, 'INVALID_KEY_OR_REF');
		}
		return key;
	}

	/** PATCH: all-or-nothing; returns { location, ignored: [field] }. */
	function patch({ base, typeSegment, id, body }) {
		const type = canonicalType(typeSegment);
		if (!type) throw unknownType(typeSegment);
		const rec = recordOf(type, id);
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			throw new RestError(400, 'INVALID_CONTENT', 'The request body must be a JSON object of the fields to change.');
		}
		const writable = WRITABLE[type];
		const changes = {};
		const ignored = [];
		for (const [field, value] of Object.entries(body)) {
			if (READ_ONLY.has(field)) {
				throw fieldError(field, `Error while accessing a resource. You cannot set a value for the read-only field '${field}' on ${type}.`);
			}
			if (SUBLISTS.has(field)) {
				throw fieldError(field, `Sublist '${field}' updates are not supported by the emulator.`, 'INVALID_CONTENT');
			}
			const kind = writable[field];
			if (!kind) {
				ignored.push(field);
				continue;
			}
			const stored = convert(type, field, kind, value);
			changes[field === 'shipStatus' ? 'status' : field] = stored;
		}
		const before = afterSave && type === 'itemFulfillment' ? store.fulfillmentAsSeed(rec) : null;
		store.updateTransaction(rec.id, changes, recordNow().toISOString());
		// A REST web services save: the record's User Events run as edit (after the commit).
		if (before) afterSave({ type: 'itemfulfillment', id: rec.id, event: 'edit', context: 'RESTWEBSERVICES', before });
		return {
			location: `${base}/services/rest/record/v1/${type}/${rec.id}`,
			ignored,
		};
	}

	function unknownType(segment) {
		return new RestError(
			404,
			'NONEXISTENT_ID',
			`Record type '${segment}' does not exist or is not emulated (salesOrder and itemFulfillment are).`,
		);
	}

	return { get, patch, canonicalType };
}

const propertyValidationHeader = (ignored) =>
	ignored.map((f) => `Property ${f} is ignored; it does not exist on this record`).join(', ');

module.exports = { createRecords, propertyValidationHeader };
