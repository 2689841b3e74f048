'use strict';

const { filterExpressionOf } = require('../searches');
const { createCrypto, createEncode, createHttps } = require('./net');

const SHIP_STATUS_TEXT = { A: 'Picked', B: 'Packed', C: 'Shipped' };

/*
 * The N/ modules the shipped scripts use, backed by the emulator's store. One set of module objects
 * per execution (`inv`), so governance and script parameters are per call, as in NetSuite. What a
 * module does not implement is absent: a script using it fails loudly (TypeError), never silently.
 */

class SuiteScriptError extends Error {
	constructor(name, message, { notifyOff = false, cause } = {}) {
		super(message);
		this.type = 'error.SuiteScriptError';
		this.name = String(name);
		this.id = '';
		this.notifyOff = notifyOff;
		this.cause = cause;
	}

	toJSON() {
		return {
			type: this.type,
			name: this.name,
			message: this.message,
			stack: String(this.stack || '')
				.split('\n')
				.slice(1, 4)
				.map((l) => l.trim()),
			cause: { name: this.name, message: this.message },
			id: this.id,
			notifyOff: this.notifyOff,
			userFacing: true,
		};
	}
}

const sse = (name, message) => new SuiteScriptError(name, message);

/** Transaction body fields the emulated records hold, by record type (SuiteScript field IDs). */
const COMMON_TEXT = [
	'custbody_celigo_etail_order_id',
	'custbody_amz_feed_id',
	'custbody_amz_confirmed_at',
	'custbody_amz_ship_error',
	'custbody_amz_marketplace_id',
	'memo',
];
const FIELDS = {
	salesorder: {
		...Object.fromEntries(COMMON_TEXT.map((f) => [f, 'text'])),
		custbody_amz_ship_confirmed: 'checkbox',
		custbody_amz_order_status: 'statusList',
		tranid: 'readonly',
		status: 'readonly',
	},
	itemfulfillment: {
		...Object.fromEntries(COMMON_TEXT.map((f) => [f, 'text'])),
		custbody_amz_sent_fingerprint: 'text',
		custbody_amz_ship_confirmed: 'checkbox',
		shipstatus: 'shipStatus',
		tranid: 'readonly',
		createdfrom: 'readonly',
	},
};

function createModules(env, inv) {
	const { store, searches, recordNow } = env;
	const meter = inv.meter;

	// ---- N/error
	const error = {
		Type: {
			SSS_USAGE_LIMIT_EXCEEDED: 'SSS_USAGE_LIMIT_EXCEEDED',
			SSS_TIME_LIMIT_EXCEEDED: 'SSS_TIME_LIMIT_EXCEEDED',
			SSS_MISSING_REQD_ARGUMENT: 'SSS_MISSING_REQD_ARGUMENT',
			INVALID_SEARCH: 'INVALID_SEARCH',
			RCRD_DSNT_EXIST: 'RCRD_DSNT_EXIST',
		},
		create(options) {
			const o = options || {};
			if (!o.name || o.message === undefined) {
				throw sse(
					'SSS_MISSING_REQD_ARGUMENT',
					'error.create: Missing a required argument: name, message',
				);
			}
			return new SuiteScriptError(o.name, String(o.message), { notifyOff: !!o.notifyOff });
		},
		SuiteScriptError,
	};

	// ---- N/log (0 units; kept per execution, readable through the emulator's inspect())
	const logAt = (level) =>
		function logEntry(titleOrOptions, details) {
			const o =
				titleOrOptions && typeof titleOrOptions === 'object'
					? titleOrOptions
					: { title: titleOrOptions, details };
			inv.logs.push({
				level,
				title: String(o.title ?? ''),
				details: o.details === undefined ? '' : o.details,
			});
		};
	const log = {
		debug: logAt('DEBUG'),
		audit: logAt('AUDIT'),
		error: logAt('ERROR'),
		emergency: logAt('EMERGENCY'),
	};

	// ---- N/runtime
	const script = Object.freeze({
		id: inv.scriptId,
		deploymentId: inv.deploymentId,
		apiVersion: inv.apiVersion,
		logLevel: 'DEBUG',
		bundleIds: [],
		percentComplete: 0,
		getParameter(options) {
			const name = String((options && options.name) || '');
			if (!name)
				throw sse('SSS_MISSING_REQD_ARGUMENT', 'getParameter: Missing a required argument: name');
			const params = inv.parameters || {};
			return Object.prototype.hasOwnProperty.call(params, name) ? params[name] : null;
		},
		getRemainingUsage() {
			return meter.remaining();
		},
	});
	const ContextType = {
		RESTLET: 'RESTLET',
		USER_INTERFACE: 'USERINTERFACE',
		SCHEDULED: 'SCHEDULED',
		MAP_REDUCE: 'MAPREDUCE',
		REST_WEBSERVICES: 'RESTWEBSERVICES',
		CSV_IMPORT: 'CSVIMPORT',
		USEREVENT: 'USEREVENT',
		WEBSERVICES: 'WEBSERVICES',
		CUSTOM_MASSUPDATE: 'CUSTOMMASSUPDATE',
		SUITELET: 'SUITELET',
		WORKFLOW: 'WORKFLOW',
	};
	const runtime = {
		ContextType,
		EnvType: { PRODUCTION: 'PRODUCTION', SANDBOX: 'SANDBOX' },
		executionContext: inv.executionContext || ContextType.RESTLET,
		accountId: env.accountId,
		envType: 'SANDBOX',
		version: '2026.1',
		getCurrentScript: () => script,
		getCurrentUser: () => ({
			id: 7,
			name: 'n8n integration',
			role: 3,
			roleId: 'integration',
			email: '',
			// The emulator shows every date in UTC, so that is its user's Time Zone preference
			// (a test serving its own rows in another zone says so with env.userTimeZone).
			getPreference: (options) =>
				String((options && options.name) || '').toUpperCase() === 'TIMEZONE'
					? env.userTimeZone || 'UTC'
					: null,
		}),
	};

	// ---- N/search
	const Type = {
		SAVED_SEARCH: 'savedsearch',
		TRANSACTION: 'transaction',
		ITEM_FULFILLMENT: 'itemfulfillment',
		SALES_ORDER: 'salesorder',
	};
	const Operator = {
		ANYOF: 'anyof',
		NONEOF: 'noneof',
		IS: 'is',
		ISNOT: 'isnot',
		ISEMPTY: 'isempty',
		ISNOTEMPTY: 'isnotempty',
		CONTAINS: 'contains',
		EQUALTO: 'equalto',
		GREATERTHAN: 'greaterthan',
		GREATERTHANOREQUALTO: 'greaterthanorequalto',
		LESSTHAN: 'lessthan',
		LESSTHANOREQUALTO: 'lessthanorequalto',
	};
	const Sort = { ASC: 'ASC', DESC: 'DESC', NONE: 'NONE' };
	const Summary = {
		GROUP: 'GROUP',
		COUNT: 'COUNT',
		SUM: 'SUM',
		AVG: 'AVG',
		MIN: 'MIN',
		MAX: 'MAX',
	};

	const columnOf = (c) =>
		Object.freeze({
			name: String(c.name),
			join: c.join || null,
			summary: c.summary || null,
			sort: c.sort || Sort.NONE,
			label: c.label || null,
			formula: c.formula || null,
		});
	const keyOf = (c) => (c.join ? `${c.join}.${c.name}` : c.name).toLowerCase();
	const asColumn = (c) => (typeof c === 'string' ? { name: c } : c || {});

	function createColumn(options) {
		meter.charge('search.createColumn');
		if (!options || !options.name)
			throw sse('SSS_MISSING_REQD_ARGUMENT', 'createColumn: Missing a required argument: name');
		return columnOf(options);
	}

	function createFilter(options) {
		if (!options || !options.name || !options.operator) {
			throw sse(
				'SSS_MISSING_REQD_ARGUMENT',
				'createFilter: Missing a required argument: name, operator',
			);
		}
		const values = options.values === undefined ? [] : [].concat(options.values);
		return Object.freeze({
			name: options.name,
			join: options.join || null,
			operator: options.operator,
			values,
		});
	}

	/** A filters array (Filter objects or an expression) as one expression. */
	function toExpression(filters) {
		if (!filters || !filters.length) return [];
		if (filters.every((f) => f && typeof f === 'object' && !Array.isArray(f) && f.operator)) {
			const out = [];
			for (const f of filters) {
				if (out.length) out.push('AND');
				out.push([f.name, f.operator, ...f.values]);
			}
			return out;
		}
		return filters;
	}

	function makeResult(id, recordType, values, columns) {
		const lookup = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
		const cell = (c) => {
			const column = asColumn(c);
			if (column.summary) return undefined; // the emulated searches have no summary columns
			return lookup.get(keyOf(column));
		};
		return Object.freeze({
			id,
			recordType,
			columns,
			getValue(c) {
				const v = cell(c);
				return v === undefined ? null : v.value;
			},
			getText(c) {
				const v = cell(c);
				return v === undefined || v.text === undefined ? null : v.text;
			},
		});
	}

	/** Data source of a search: the saved-search listing or item fulfillment rows. */
	function sourceOf(def) {
		if (def.type === Type.SAVED_SEARCH) {
			const expr = toExpression(def.filterExpression);
			let needle = '';
			if (expr.length) {
				const term = Array.isArray(expr[0]) ? expr[0] : expr;
				if (
					expr.length > 1 ||
					String(term[0]).toLowerCase() !== 'title' ||
					String(term[1]).toLowerCase() !== 'contains'
				) {
					throw sse(
						'SSS_INVALID_SRCH_FILTER_EXPR',
						'The saved-search listing here supports only the filter title contains <text>.',
					);
				}
				needle = String(term[2] ?? '').toLowerCase();
			}
			const rows = store.savedSearches
				.filter((s) => !needle || s.title.toLowerCase().includes(needle))
				.sort((a, b) => a.title.localeCompare(b.title))
				.map((s) => ({
					id: s.id,
					recordType: 'savedsearch',
					values: {
						id: { value: s.scriptId, text: null },
						title: { value: s.title, text: null },
						recordtype: { value: s.recordType, text: null },
					},
				}));
			return {
				count: () => rows.length,
				page: (index, size) => rows.slice(index * size, index * size + size),
			};
		}
		if (def.type === Type.ITEM_FULFILLMENT || def.type === Type.TRANSACTION) {
			let q;
			try {
				q = searches.query({ recordType: 'itemfulfillment' }, toExpression(def.filterExpression));
			} catch (e) {
				throw sse(e.code || 'SSS_INVALID_SRCH_FILTER_EXPR', e.message);
			}
			return q;
		}
		// The emulator holds no records of other types (employees, customers...): an empty result.
		return { count: () => 0, page: () => [] };
	}

	function makeSearch(def) {
		const state = { ...def, columns: (def.columns || []).map((c) => columnOf(asColumn(c))) };
		const resultsOf = (rows) =>
			rows.map((r) => makeResult(r.id, r.recordType, r.values, state.columns));
		return {
			// As NetSuite: id is the script ID (customsearch_…), searchId the internal ID (a number).
			get id() {
				return state.scriptId ?? null;
			},
			get searchId() {
				return state.internalId === undefined ? -1 : Number(state.internalId);
			},
			get title() {
				return state.title ?? null;
			},
			get searchType() {
				return state.type;
			},
			get columns() {
				return state.columns.slice();
			},
			set columns(value) {
				state.columns = [].concat(value || []).map((c) => columnOf(asColumn(c)));
			},
			get filterExpression() {
				return JSON.parse(JSON.stringify(toExpression(state.filterExpression)));
			},
			set filterExpression(value) {
				state.filterExpression = value;
			},
			run() {
				meter.charge('Search.run');
				return {
					each(callback) {
						meter.charge('ResultSet.each');
						const source = sourceOf(state);
						const rows = source.page(0, 4000); // each() stops at 4,000 results
						for (const result of resultsOf(rows)) {
							if (callback(result) !== true) break;
						}
					},
					getRange(options) {
						meter.charge('ResultSet.getRange');
						const start = Number(options && options.start);
						const end = Number(options && options.end);
						if (
							!Number.isInteger(start) ||
							!Number.isInteger(end) ||
							start < 0 ||
							end <= start ||
							end - start > 1000
						) {
							throw sse(
								'SSS_INVALID_SEARCH_RANGE',
								'getRange: start and end must give 1 to 1,000 results.',
							);
						}
						const rows = sourceOf(state).page(0, end).slice(start, end);
						return resultsOf(rows);
					},
				};
			},
			runPaged(options) {
				meter.charge('Search.runPaged');
				const pageSize = options && options.pageSize !== undefined ? Number(options.pageSize) : 50;
				if (!Number.isInteger(pageSize) || pageSize < 5 || pageSize > 1000) {
					throw sse('INVALID_PAGED_DATA_PAGE_SIZE', 'pageSize must be from 5 to 1000.');
				}
				const source = sourceOf(state);
				const count = source.count();
				const pageRanges = Array.from({ length: Math.ceil(count / pageSize) }, (_, index) =>
					Object.freeze({
						index,
						compoundLabel: `${index * pageSize + 1} – ${Math.min(count, (index + 1) * pageSize)}`,
					}),
				);
				return Object.freeze({
					count,
					pageSize,
					pageRanges,
					fetch(fetchOptions) {
						meter.charge('PagedData.fetch');
						const index = Number(fetchOptions && fetchOptions.index);
						if (!Number.isInteger(index) || index < 0 || index >= pageRanges.length) {
							throw sse(
								'INVALID_PAGE_RANGE',
								`Page index ${fetchOptions && fetchOptions.index} is out of range.`,
							);
						}
						const data = resultsOf(source.page(index, pageSize));
						return Object.freeze({
							data,
							pageRange: pageRanges[index],
							isFirst: index === 0,
							isLast: index === pageRanges.length - 1,
						});
					},
				});
			},
		};
	}

	function recordOf(type, id) {
		const t = String(type || '').toLowerCase();
		const map =
			t === 'salesorder'
				? store.salesOrders
				: t === 'itemfulfillment'
					? store.itemFulfillments
					: null;
		if (!map)
			throw sse(
				'SSS_INVALID_RECORD_TYPE',
				`Record type ${type} is not emulated (salesorder and itemfulfillment are).`,
			);
		const rec = map.get(String(id));
		if (!rec) throw sse('RCRD_DSNT_EXIST', 'That record does not exist.');
		return { t, rec };
	}

	const search = {
		Type,
		Operator,
		Sort,
		Summary,
		createColumn,
		createFilter,
		create(options) {
			meter.charge('search.create');
			if (!options || !options.type)
				throw sse('SSS_MISSING_REQD_ARGUMENT', 'search.create: Missing a required argument: type');
			return makeSearch({
				type: String(options.type).toLowerCase(),
				filterExpression: options.filters || [],
				columns: options.columns || [],
			});
		},
		load(options) {
			meter.charge('search.load');
			const id = String((options && options.id) || '');
			if (!id)
				throw sse('SSS_MISSING_REQD_ARGUMENT', 'search.load: Missing a required argument: id');
			const saved = searches.find(id);
			if (!saved) throw sse('INVALID_SEARCH', 'That search or mass update does not exist.');
			return makeSearch({
				type: saved.recordType,
				scriptId: saved.scriptId,
				internalId: saved.id,
				title: saved.title,
				filterExpression: filterExpressionOf(saved),
				columns: searches.columns(),
			});
		},
		lookupFields(options) {
			const o = options || {};
			meter.charge('search.lookupFields');
			const { t, rec } = recordOf(o.type, o.id);
			const out = {};
			for (const raw of [].concat(o.columns || [])) {
				const name = String(raw).toLowerCase();
				const kind = FIELDS[t][name];
				if (!kind)
					throw sse(
						'SSS_INVALID_SRCH_COL',
						`An nlobjSearchColumn contains an invalid column, or is not in proper syntax: ${raw}.`,
					);
				if (name === 'tranid') out[raw] = rec.tranid;
				else if (name === 'status' || name === 'shipstatus')
					out[raw] = [{ value: rec.status, text: rec.status }];
				else if (name === 'createdfrom')
					out[raw] = rec.createdFrom ? [{ value: String(rec.createdFrom), text: '' }] : [];
				else if (kind === 'checkbox')
					out[raw] = rec.fields[name] === 'T' || rec.fields[name] === true;
				else if (kind === 'statusList') {
					const v = rec.fields[name];
					out[raw] = v
						? [{ value: String(v), text: store.statusList.get(String(v)) || String(v) }]
						: [];
				} else out[raw] = rec.fields[name] == null ? '' : String(rec.fields[name]);
			}
			return out;
		},
	};

	// ---- N/record (submitFields only: the scripts change body fields, never load and save)
	function convert(t, field, kind, value) {
		const invalid = () =>
			sse(
				'INVALID_FLD_VALUE',
				`You have entered an Invalid Field Value ${JSON.stringify(value)} for the following field: ${field}`,
			);
		if (kind === 'readonly') throw sse('READ_ONLY_FIELD', `Field ${field} is read-only on ${t}.`);
		if (kind === 'checkbox') {
			if (value === true || value === 'T') return 'T';
			if (value === false || value === 'F' || value === null || value === '') return 'F';
			throw invalid();
		}
		if (value === null || value === undefined || value === '') {
			if (kind === 'shipStatus') throw invalid();
			return null;
		}
		if (kind === 'text') {
			if (typeof value === 'object') throw invalid();
			return String(value);
		}
		if (kind === 'statusList') {
			const key = String(value);
			if (!store.statusList.has(key))
				throw sse('INVALID_KEY_OR_REF', `Invalid ${field} reference key ${key}.`);
			return key;
		}
		if (kind === 'shipStatus') {
			const key = String(value);
			if (!['A', 'B', 'C'].includes(key))
				throw sse('INVALID_KEY_OR_REF', `Invalid ${field} reference key ${key}.`);
			return key;
		}
		throw invalid();
	}

	const record = {
		Type: { SALES_ORDER: 'salesorder', ITEM_FULFILLMENT: 'itemfulfillment' },
		/** A read-only view (getValue/getText/getSublistValue...): the scripts only read loaded records. */
		load(options) {
			const o = options || {};
			if (!o.type || o.id === undefined || o.id === null)
				throw sse(
					'SSS_MISSING_REQD_ARGUMENT',
					'record.load: Missing a required argument: type, id',
				);
			meter.charge('record.load', o.type);
			const { t, rec } = recordOf(o.type, o.id);
			return recordView(t, rec);
		},
		submitFields(options) {
			const o = options || {};
			if (!o.type || o.id === undefined || o.id === null || !o.values) {
				throw sse(
					'SSS_MISSING_REQD_ARGUMENT',
					'submitFields: Missing a required argument: type, id, values',
				);
			}
			meter.charge('record.submitFields', o.type);
			const { t, rec } = recordOf(o.type, o.id);
			const changes = {};
			for (const [rawField, value] of Object.entries(o.values)) {
				const field = rawField.toLowerCase();
				const kind = FIELDS[t][field];
				// Not a body field of this record: submitFields leaves it alone (see README).
				if (!kind) continue;
				const stored = convert(t, rawField, kind, value);
				changes[field === 'shipstatus' ? 'status' : field] = stored;
			}
			const before = env.afterSave && t === 'itemfulfillment' ? store.fulfillmentAsSeed(rec) : null;
			// All or nothing, like a record save: nothing above wrote before every value was valid.
			store.updateTransaction(rec.id, changes, recordNow().toISOString());
			inv.writes.push({ type: t, id: rec.id });
			// The target's User Events run as xedit (their newRecord: the changed fields only).
			if (before) {
				env.afterSave({
					type: t,
					id: rec.id,
					event: 'xedit',
					context: inv.executionContext || runtime.ContextType.RESTLET,
					changed: Object.keys(changes).map((f) => (f === 'status' ? 'shipstatus' : f)),
					before,
				});
			}
			return Number(rec.id);
		},
	};

	const modules = {
		'N/error': error,
		'N/log': log,
		'N/runtime': runtime,
		'N/search': search,
		'N/record': record,
		'N/encode': createEncode(sse),
		'N/crypto': createCrypto(env, sse),
	};
	// Outbound HTTP only where the host can block the script for it (User Events, in a worker).
	if (env.httpSync) modules['N/https'] = createHttps(env, meter, sse);
	return modules;
}

/**
 * A record as SuiteScript shows it (the store's fulfillment or sales order shape): body values by
 * field ID, the item and package sublists. `changed` (xedit's newRecord) limits it to those fields.
 */
function recordView(type, rec, changed = null) {
	const body = {
		id: String(rec.id),
		tranid: rec.tranid,
		trandate: rec.trandate,
		lastmodifieddate: rec.lastModified ? new Date(rec.lastModified) : null,
		createddate: rec.createdDate ? new Date(rec.createdDate) : null,
		createdfrom: rec.createdFrom ?? null,
		shipmethod: rec.shipMethod ?? null,
		[type === 'itemfulfillment' ? 'shipstatus' : 'status']: rec.status,
	};
	for (const [k, v] of Object.entries(rec.fields || {})) {
		body[k] = k === 'custbody_amz_ship_confirmed' ? v === 'T' || v === true : v;
	}
	const visible = changed ? new Set(changed.map((f) => String(f).toLowerCase())) : null;
	const has = (f) => !visible || visible.has(f);
	const sublists = {
		item: (rec.lines || []).map((l) => ({
			item: l.item,
			quantity: Math.abs(Number(l.quantity)),
			orderline: l.orderLine,
			itemreceive: true,
		})),
	};
	if (type === 'itemfulfillment') {
		// The emulator keeps one package list; NetSuite's carrier integrations fill packageups,
		// packagefedex or packageusps instead, which the scripts read too.
		sublists.package = (rec.packages || []).map((p) => ({
			packagetrackingnumber: p.trackingNumber ?? '',
			packageweight: p.weight ?? null,
			packagedescr: p.description ?? '',
		}));
	}
	const fieldArg = (o) => String(o && typeof o === 'object' ? o.fieldId : o).toLowerCase();
	const lines = (o) => (changed ? null : sublists[String((o && o.sublistId) || '').toLowerCase()]);
	return Object.freeze({
		id: Number(rec.id),
		type,
		isDynamic: false,
		getValue(o) {
			const f = fieldArg(o);
			return has(f) && body[f] !== undefined ? body[f] : null;
		},
		getText(o) {
			const f = fieldArg(o);
			if (!has(f) || body[f] === undefined || body[f] === null) return '';
			if (f === 'shipstatus') return SHIP_STATUS_TEXT[body[f]] || String(body[f]);
			if (body[f] instanceof Date) return body[f].toISOString();
			return String(body[f]);
		},
		getFields: () => Object.keys(body).filter(has),
		getSublists: () => (changed ? [] : Object.keys(sublists)),
		getLineCount(o) {
			const rows = lines(o);
			return rows ? rows.length : -1;
		},
		getSublistValue(o) {
			const rows = lines(o);
			const line = Number(o && o.line);
			if (!rows || !Number.isInteger(line) || line < 0 || line >= rows.length) {
				throw sse(
					'SSS_INVALID_SUBLIST_OPERATION',
					'You have attempted an invalid sublist or line item operation.',
				);
			}
			const v = rows[line][String(o.fieldId).toLowerCase()];
			return v === undefined ? null : v;
		},
	});
}

module.exports = { createModules, recordView, SuiteScriptError, FIELDS };
