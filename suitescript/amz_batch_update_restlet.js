/**
 * Writes many NetSuite records in one call for the n8n NetSuite Update Order node
 * (n8n-nodes-netsuite-amazon-fulfillment, Write Mode "RESTlet batch").
 *
 * Protocol (POST, Content-Type application/json):
 *   { updates: [{ type: 'salesorder'|'itemfulfillment', id: '<internal id>', values: { <field id>: value } }] }
 *     value: true/false (checkbox), a string (text, or a list value's internal ID), a number, or
 *     null/'' to clear.
 *   → { results: [{ type, id, status: 'updated'|'unchanged'|'error', error?: { code, message } }],
 *       remaining: [ the updates not attempted, as sent ],
 *       usage: { used, remaining }, stoppedBy?: 'governance'|'time' }
 * Each record is written with record.submitFields (body fields only; no full load and save). Before
 * writing, search.lookupFields reads the same fields: a record that already holds the values is not
 * written again ('unchanged'), so repeating a call (e.g. after a lost answer) changes nothing.
 * The script stops before its governance units or time run out and returns the rest in `remaining`
 * for the caller's next call. One record's error does not stop the others.
 * A malformed request (not an updates array, a record type other than sales order or item
 * fulfillment, more than 1,000 updates) is refused as a whole: NetSuite answers HTTP 400.
 *
 * @NApiVersion 2.1
 * @NScriptType Restlet
 * @NModuleScope SameAccount
 */
define(['N/record', 'N/search', 'N/runtime', 'N/error'], /**
 * Types: @hitc/netsuite-types (scripts/suitescript/tsconfig.json checks them).
 * @param {typeof import('N/record')} record
 * @param {typeof import('N/search')} search
 * @param {typeof import('N/runtime')} runtime
 * @param {typeof import('N/error')} error
 */ (record, search, runtime, error) => {
	const TYPES = ['salesorder', 'itemfulfillment'];
	const MAX_UPDATES = 1000;
	/** lookupFields (1) + submitFields of a transaction (10). */
	const UNITS_PER_RECORD = 11;
	/** Kept back for answering: NetSuite ends a script that passes its 5,000 units. */
	const RESERVE_UNITS = 20;
	/** Of the RESTlet's 300 s: stop starting new records after this. */
	const TIME_BUDGET_MS = 240 * 1000;

	const fail = (name, message) => {
		throw error.create({ name, message, notifyOff: true });
	};

	/** @param {unknown} body */
	function parseRequest(body) {
		/** @type {any} */
		let request = body;
		if (typeof request === 'string') {
			try {
				request = JSON.parse(request || '{}');
			} catch (e) {
				fail('INVALID_REQUEST', 'The body must be JSON: { "updates": [...] }.');
			}
		}
		const updates = request && request.updates;
		if (!Array.isArray(updates))
			fail('INVALID_REQUEST', 'Give "updates": an array of { type, id, values }.');
		if (updates.length > MAX_UPDATES) {
			fail('TOO_MANY_UPDATES', `At most ${MAX_UPDATES} updates per call; got ${updates.length}.`);
		}
		updates.forEach((u, i) => {
			const type = u && String(u.type || '').toLowerCase();
			if (TYPES.indexOf(type) < 0) {
				fail('INVALID_RECORD_TYPE', `updates[${i}]: type must be salesorder or itemfulfillment.`);
			}
			if (!/^\d{1,20}$/.test(String(u.id)))
				fail('INVALID_ID', `updates[${i}]: id must be an internal ID (digits).`);
			if (!u.values || typeof u.values !== 'object' || Array.isArray(u.values)) {
				fail('INVALID_VALUES', `updates[${i}]: values must be an object of field IDs and values.`);
			}
		});
		return updates;
	}

	/** True when what lookupFields returned already equals the value to write. */
	function same(current, wanted) {
		if (wanted === null || wanted === '') {
			return (
				current === '' ||
				current === false ||
				current === null ||
				(Array.isArray(current) && !current.length)
			);
		}
		if (typeof wanted === 'boolean') return current === wanted;
		if (Array.isArray(current)) {
			return current.length === 1 && String(current[0].value) === String(wanted);
		}
		return current !== undefined && current !== null && String(current) === String(wanted);
	}

	function badValue(values) {
		return Object.keys(values).find((field) => {
			const v = values[field];
			return v !== null && typeof v === 'object';
		});
	}

	/**
	 * @param {{ type: string, id: string, values: Object<string, string|number|boolean|null> }} update
	 * @returns {'updated'|'unchanged'}
	 */
	function apply(update) {
		const type = String(update.type).toLowerCase();
		const fields = Object.keys(update.values);
		const wrong = badValue(update.values);
		if (wrong) {
			fail(
				'INVALID_FLD_VALUE',
				`Field ${wrong}: give a plain value (a list value as its internal ID), not an object.`,
			);
		}
		if (!fields.length) return 'unchanged';
		let current = null;
		try {
			current = search.lookupFields({ type, id: update.id, columns: fields });
		} catch (e) {
			// A field lookupFields cannot read (or a missing record, which submitFields reports
			// itself): write without comparing.
			if (e.name === 'SSS_USAGE_LIMIT_EXCEEDED' || e.name === 'SSS_TIME_LIMIT_EXCEEDED') throw e;
			current = null;
		}
		if (current && fields.every((f) => same(current[f], update.values[f]))) return 'unchanged';
		record.submitFields({
			type,
			id: update.id,
			values: update.values,
			options: { enableSourcing: false, ignoreMandatoryFields: true },
		});
		return 'updated';
	}

	/** @param {string|{ updates?: unknown }} body the parsed JSON (or the text for text/plain) */
	function post(body) {
		const started = Date.now();
		const updates = parseRequest(body);
		const script = runtime.getCurrentScript();
		const startUnits = script.getRemainingUsage();
		const results = [];
		let stoppedBy;
		let next = 0;
		for (; next < updates.length; next++) {
			if (script.getRemainingUsage() < UNITS_PER_RECORD + RESERVE_UNITS) {
				stoppedBy = 'governance';
				break;
			}
			if (Date.now() - started > TIME_BUDGET_MS) {
				stoppedBy = 'time';
				break;
			}
			const update = updates[next];
			const out = { type: String(update.type).toLowerCase(), id: String(update.id) };
			try {
				out.status = apply(update);
			} catch (e) {
				if (e.name === 'SSS_USAGE_LIMIT_EXCEEDED' || e.name === 'SSS_TIME_LIMIT_EXCEEDED') throw e;
				out.status = 'error';
				out.error = { code: String(e.name || 'UNEXPECTED_ERROR'), message: String(e.message || e) };
			}
			results.push(out);
		}
		const answer = {
			results,
			remaining: updates.slice(next),
			usage: {
				used: startUnits - script.getRemainingUsage(),
				remaining: script.getRemainingUsage(),
			},
		};
		if (stoppedBy) answer.stoppedBy = stoppedBy;
		log.audit({
			title: 'amz batch update',
			details: `${results.length} written or checked, ${answer.remaining.length} left (${stoppedBy || 'done'})`,
		});
		return answer;
	}

	return { post };
});
