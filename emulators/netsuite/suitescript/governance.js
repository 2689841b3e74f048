'use strict';

/*
 * Governance as NetSuite counts it: usage units per N/ call and per-script-type limits of units and
 * time. Sources (Oracle Help Center, https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/
 * <page>.html) are listed per row in ../README.md; the numbers here are the same table.
 */

/** Units per call. `txn`/`custom`/`other` = the record kind (item fulfillments are transactions). */
const UNITS = {
	'search.create': 0,
	'search.createColumn': 0,
	'Search.run': 0,
	'search.load': 5,
	'Search.save': 5,
	'Search.runPaged': 5,
	'PagedData.fetch': 5,
	'ResultSet.getRange': 10,
	'ResultSet.each': 10,
	'search.lookupFields': 1,
	'record.load': { txn: 10, custom: 2, other: 5 },
	'record.submitFields': { txn: 10, custom: 2, other: 5 },
	'Record.save': { txn: 20, custom: 4, other: 10 },
	'https.request': 10,
	'error.create': 0,
	'log.*': 0,
	'runtime.*': 0,
};

/** Per-execution limits by script type: units and wall time (ms). */
const LIMITS = {
	Restlet: { units: 5000, timeMs: 300_000 },
	UserEventScript: { units: 1000, timeMs: 300_000 },
	ScheduledScript: { units: 10_000, timeMs: 3_600_000 },
};

/** RESTlet request and response strings: Oracle guarantees 10 MB (NS:section_4640094112). */
const RESTLET_PAYLOAD_MAX = 10 * 1024 * 1024;

const TRANSACTION_TYPES = new Set([
	'salesorder',
	'itemfulfillment',
	'invoice',
	'purchaseorder',
	'cashsale',
]);

function recordKind(type) {
	const t = String(type || '').toLowerCase();
	if (TRANSACTION_TYPES.has(t)) return 'txn';
	if (t.startsWith('customrecord')) return 'custom';
	return 'other';
}

function unitsOf(call, type) {
	const cost = UNITS[call];
	if (cost === undefined) throw new Error(`No governance cost known for ${call}`);
	return typeof cost === 'number' ? cost : cost[recordKind(type)];
}

/**
 * One script execution's meter. `charge` is called by every N/ method before it acts; once the
 * limit is passed every later call fails too, and the runtime answers with the error even if the
 * script caught it (NetSuite ends the script; whether it can be caught is not documented).
 */
class Meter {
	constructor({ units, timeMs, now = () => performance.now(), createError }) {
		this.limit = units;
		this.timeMs = timeMs;
		this.used = 0;
		this.now = now;
		this.startedAt = now();
		this.createError = createError;
		this.fatal = null;
		this.byCall = {};
	}

	remaining() {
		return Math.max(0, this.limit - this.used);
	}

	elapsedMs() {
		return this.now() - this.startedAt;
	}

	checkTime() {
		if (this.fatal) throw this.fatal;
		if (this.elapsedMs() > this.timeMs) {
			this.fatal = this.createError(
				'SSS_TIME_LIMIT_EXCEEDED',
				'Script Execution Time Limit Exceeded',
			);
			throw this.fatal;
		}
	}

	charge(call, type) {
		this.checkTime();
		const units = unitsOf(call, type);
		if (this.used + units > this.limit) {
			this.fatal = this.createError(
				'SSS_USAGE_LIMIT_EXCEEDED',
				'Script Execution Usage Limit Exceeded',
			);
			throw this.fatal;
		}
		this.used += units;
		this.byCall[call] = (this.byCall[call] || 0) + units;
	}
}

module.exports = { UNITS, LIMITS, RESTLET_PAYLOAD_MAX, Meter, unitsOf, recordKind };
