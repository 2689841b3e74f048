'use strict';
/**
 * Counts what the emulators' request logs show that stats() does not: answers by status per
 * operation (429s, errors), rows per NetSuite page call, and PATCHes per record.
 */
function createCallLog() {
	const ns = { status: {}, pages: 0, rows: 0, rowsByOp: {}, largestPage: 0, patches: new Map() };
	const amz = { status: {} };
	const bump = (table, op, status) => {
		const byStatus = (table[op] ??= {});
		byStatus[status] = (byStatus[status] ?? 0) + 1;
	};
	return {
		netsuite(entry) {
			if (!entry.op) return;
			bump(ns.status, entry.op, entry.fault ? `fault:${entry.fault}` : String(entry.status));
			if (typeof entry.rows === 'number') {
				ns.pages++;
				ns.rows += entry.rows;
				ns.rowsByOp[entry.op] = (ns.rowsByOp[entry.op] ?? 0) + entry.rows;
				ns.largestPage = Math.max(ns.largestPage, entry.rows);
			}
			if (entry.op === 'recordPatch' && entry.status < 300)
				ns.patches.set(entry.path, (ns.patches.get(entry.path) ?? 0) + 1);
		},
		amazon(entry) {
			if (!entry.operation) return;
			bump(amz.status, entry.operation, String(entry.status));
		},
		netsuiteSummary() {
			let repeated = 0;
			let worst = 0;
			for (const count of ns.patches.values()) {
				if (count > 1) repeated++;
				worst = Math.max(worst, count);
			}
			return {
				byStatus: ns.status,
				pageCalls: ns.pages,
				rowsRead: ns.rows,
				// RESTlet = the trigger's saved search; SuiteQL = Update Order's order lookups here.
				rowsByOp: ns.rowsByOp,
				largestPage: ns.largestPage,
				recordsPatched: ns.patches.size,
				recordsPatchedMoreThanOnce: repeated,
				mostPatchesOnOneRecord: worst,
			};
		},
		amazonSummary() {
			return { byStatus: amz.status };
		},
	};
}

module.exports = { createCallLog };
