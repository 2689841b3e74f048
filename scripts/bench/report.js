'use strict';
/**
 * Turns the children's results into the printed report: one table per method (a column per N),
 * the time under Amazon's real rate limits, and the PASS/FAIL lines for issue 10's targets.
 */
const { RATE_LIMITS } = require('../../emulators/amazon/rateLimits');

const MiB = 1024 * 1024;
const FEED_LIMIT_BYTES = 10 * MiB;

const sum = (values) => values.reduce((a, b) => a + b, 0);
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtS = (ms) => (ms / 1000).toFixed(1);
const fmtMB = (bytes) => `${Math.round(bytes / MiB)}`;

/** Fulfillments the trigger emitted over all polls (what the flow actually processed). */
function emitted(r) {
	return sum(r.executions.map((e) => e.emitted));
}

function msPerFulfillment(r) {
	const n = emitted(r);
	return n ? r.wallMs / n : NaN;
}

function failures(byStatus, code) {
	let n = 0;
	for (const statuses of Object.values(byStatus ?? {}))
		for (const [status, count] of Object.entries(statuses))
			if (code ? status === String(code) : !/^[23]/.test(status)) n += count;
	return n;
}

/** NetSuite page reads (RESTlet / SuiteQL / REST saved search), each with the rows they carried. */
function pageReads(r) {
	const c = r.netsuite.calls;
	return {
		restlet: c.restlet ?? 0,
		suiteql: c.suiteql ?? 0,
		savedSearchRest: c.savedSearchRest ?? 0,
	};
}

function feedSizes(r) {
	const feeds = r.amazon.feeds;
	if (!feeds.length) return '–';
	const sizes = feeds.map((f) => f.bytes);
	const total = sum(sizes);
	return `${feeds.length} (${(Math.min(...sizes) / MiB).toFixed(2)}–${(Math.max(...sizes) / MiB).toFixed(2)} MiB, ${(total / MiB).toFixed(1)} MiB in all)`;
}

/** Rows of the per-method table: [label, value(r)]. */
const ROWS = [
	['fulfillments in the seed', (r) => fmtInt(r.n)],
	['emitted by the trigger (with tracking)', (r) => fmtInt(emitted(r))],
	['polls (executions)', (r) => `${r.polls} (${r.executions.length})`],
	['wall time, s', (r) => fmtS(r.wallMs)],
	['  of which scaled waits (Wait node), s', (r) => fmtS(r.waitedMs)],
	['CPU time (user+system), s', (r) => fmtS(r.cpuMs)],
	['peak RSS (50 ms samples), MB', (r) => fmtMB(r.peakRss)],
	['  RSS before the flow (seed + emulators), MB', (r) => fmtMB(r.rssBeforeFlow)],
	['time per fulfillment, ms', (r) => msPerFulfillment(r).toFixed(2)],
	['NetSuite RESTlet pages', (r) => fmtInt(pageReads(r).restlet)],
	['NetSuite SuiteQL pages', (r) => fmtInt(pageReads(r).suiteql)],
	[
		'  rows read in all (largest page)',
		(r) => `${fmtInt(r.netsuite.rowsRead)} (${r.netsuite.largestPage})`,
	],
	[
		'  of which by the trigger (saved search)',
		(r) => (r.netsuite.rowsByOp ? fmtInt(r.netsuite.rowsByOp.restlet ?? 0) : '–'),
	],
	['NetSuite record PATCHes', (r) => fmtInt(r.netsuite.calls.recordPatch ?? 0)],
	['  records patched more than once', (r) => fmtInt(r.netsuite.recordsPatchedMoreThanOnce)],
	[
		'  peak concurrency (account limit)',
		(r) => `${r.netsuite.peakConcurrency} (${r.netsuite.concurrencyLimit})`,
	],
	[
		'Amazon createFeedDocument / createFeed',
		(r) => `${r.amazon.calls.createFeedDocument ?? 0} / ${r.amazon.calls.createFeed ?? 0}`,
	],
	['Amazon getFeed (status polls)', (r) => fmtInt(r.amazon.calls.getFeed ?? 0)],
	['Amazon getFeedDocument (reports)', (r) => fmtInt(r.amazon.calls.getFeedDocument ?? 0)],
	['Amazon confirmShipment', (r) => fmtInt(r.amazon.calls.confirmShipment ?? 0)],
	['Amazon getOrder', (r) => fmtInt(r.amazon.calls.getOrder ?? 0)],
	['feeds created (sizes)', feedSizes],
	[
		'429s NetSuite / Amazon',
		(r) =>
			`${failures(r.netsuite.byStatus, 429) + failures(r.netsuite.byStatus, 400)} / ${failures(r.amazon.byStatus, 429)}`,
	],
	[
		'other failed calls (retried or reported)',
		(r) =>
			fmtInt(
				failures(r.netsuite.byStatus) +
					failures(r.amazon.byStatus) -
					failures(r.netsuite.byStatus, 429) -
					failures(r.netsuite.byStatus, 400) -
					failures(r.amazon.byStatus, 429),
			),
	],
	[
		'NetSuite afterwards: sent / error text',
		(r) => `${fmtInt(r.sent.sent)} / ${fmtInt(r.sent.errors)}`,
	],
	['machine load at the end (1-min load average)', (r) => (r.loadAverage ?? 0).toFixed(1)],
];

function table(results) {
	const header = ['', ...results.map((r) => `N = ${fmtInt(r.n)}`)];
	const body = ROWS.map(([label, fn]) => [label, ...results.map((r) => String(fn(r)))]);
	const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i].length)));
	const line = (row) =>
		`| ${row.map((cell, i) => (i ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
	return [
		line(header),
		`|${widths.map((w, i) => (i ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
		...body.map(line),
	];
}

/**
 * Seconds Amazon's real throttling alone would need for these calls: for each operation, the
 * calls past the burst at the documented restore rate; the slowest operation sets the floor.
 */
function realLimitSeconds(calls) {
	let worst = { op: null, seconds: 0 };
	const perOp = {};
	for (const [op, count] of Object.entries(calls)) {
		const limit = RATE_LIMITS[op];
		if (!limit || !count) continue;
		const seconds = Math.max(0, count - limit.burst) / limit.rate;
		perOp[op] = seconds;
		if (seconds > worst.seconds) worst = { op, seconds };
	}
	return { ...worst, perOp };
}

function fmtDuration(seconds) {
	if (seconds < 1) return '0 s (within the bursts)';
	if (seconds < 120) return `${Math.round(seconds)} s`;
	if (seconds < 7200) return `${(seconds / 60).toFixed(0)} min`;
	return `${(seconds / 3600).toFixed(1)} h`;
}

function realLimitLines(results, { templatePerPoll = 100, pollMinutes = 15 } = {}) {
	const lines = [];
	for (const r of results) {
		const floor = realLimitSeconds(r.amazon.calls);
		const n = emitted(r);
		let line = `  N = ${fmtInt(r.n)}: ${fmtDuration(floor.seconds)}${floor.op ? ` (${floor.op}: ${fmtInt(r.amazon.calls[floor.op])} calls)` : ''}`;
		if (r.method === 'feed') {
			// The template as shipped emits at most templatePerPoll per poll: one feed per poll.
			const feeds = Math.ceil(n / templatePerPoll);
			const throttled =
				Math.max(0, feeds - RATE_LIMITS.createFeed.burst) / RATE_LIMITS.createFeed.rate;
			const cadence = (feeds - 1) * pollMinutes * 60;
			line += `; with the template's ${templatePerPoll} per poll: ${fmtInt(feeds)} feeds, createFeed alone ${fmtDuration(throttled)}, polls every ${pollMinutes} min ${fmtDuration(cadence)}`;
			// The same fulfillments by Confirm Shipment: one getOrder per order (order lookup on),
			// one confirmShipment per package (= feed messages).
			const packages = sum(r.amazon.feeds.map((f) => f.messages));
			const confirm = realLimitSeconds({ getOrder: n, confirmShipment: packages });
			const noLookup = realLimitSeconds({ confirmShipment: packages });
			lines.push(line);
			line = `      same fulfillments by Confirm Shipment (estimate: ${fmtInt(n)} getOrder, ${fmtInt(packages)} confirmShipment): ${fmtDuration(confirm.seconds)} (${confirm.op}); without the order lookup ${fmtDuration(noLookup.seconds)}`;
		}
		lines.push(line);
	}
	return lines;
}

/** PASS/FAIL lines for issue 10's targets; never changes the exit code. */
function targetLines(results) {
	const out = [];
	const verdict = (ok, text) => out.push(`${ok ? 'PASS' : 'FAIL'}  ${text}`);
	const byMethod = new Map();
	for (const r of results) {
		const key = `${r.method}${r.writeMode && r.writeMode !== 'patch' ? `, write mode ${r.writeMode}` : ''}`;
		if (!byMethod.has(key)) byMethod.set(key, []);
		byMethod.get(key).push(r);
	}
	for (const [key, runs] of byMethod) {
		const method = runs[0].method;
		const tag = `[${key}]`;
		const at = (n) => runs.find((r) => r.n === n);
		const r10 = at(10000);
		if (r10)
			verdict(
				r10.wallMs < 60_000 && r10.peakRss < 1024 * MiB,
				`${tag} 10,000 end to end < 60 s and < 1 GB: ${fmtS(r10.wallMs)} s, ${fmtMB(r10.peakRss)} MB`,
			);
		else out.push(`SKIP  ${tag} 10,000 end to end < 60 s and < 1 GB: N = 10,000 not run`);
		const r50 = at(50000);
		if (r50)
			verdict(
				!r50.error,
				`${tag} 50,000 without running out of memory: ${r50.error ? r50.error.split('\n')[0] : `peak ${fmtMB(r50.peakRss)} MB`}`,
			);
		const ok = runs.filter((r) => !r.error);
		if (ok.length >= 2) {
			const small = ok[0];
			const large = ok[ok.length - 1];
			const ratio = msPerFulfillment(large) / msPerFulfillment(small);
			verdict(
				ratio <= 1.3,
				`${tag} time per fulfillment at ${fmtInt(large.n)} within 1.3× that at ${fmtInt(small.n)}: ${ratio.toFixed(2)}× (${msPerFulfillment(large).toFixed(2)} vs ${msPerFulfillment(small).toFixed(2)} ms)`,
			);
		}
		for (const r of ok) {
			const at_ = `${tag} N = ${fmtInt(r.n)}:`;
			if (method === 'feed') {
				// Expected feeds: per execution, per marketplace, one per started 10 MiB.
				const bytes = sum(r.amazon.feeds.map((f) => f.bytes));
				const perExecutionFloor = r.executions.length;
				const allowed = Math.max(perExecutionFloor, 0) + Math.floor(bytes / FEED_LIMIT_BYTES);
				const created = r.amazon.calls.createFeed ?? 0;
				verdict(
					created <= allowed && r.amazon.feeds.every((f) => f.bytes <= FEED_LIMIT_BYTES),
					`${at_} one createFeed per marketplace per 10 MiB: ${created} feeds for ${r.executions.length} executions, ${(bytes / MiB).toFixed(1)} MiB, largest ${(Math.max(0, ...r.amazon.feeds.map((f) => f.bytes)) / MiB).toFixed(2)} MiB`,
				);
				const getFeed = r.amazon.calls.getFeed ?? 0;
				const statusRuns = sum(
					r.names.status.map((name) => (r.spans[name] ? r.spans[name].runs : 0)),
				);
				verdict(
					getFeed <= statusRuns * Math.max(1, r.amazon.feeds.length) && getFeed < emitted(r),
					`${at_} status calls per feed, not per item: ${getFeed} getFeed for ${r.amazon.feeds.length} feeds over ${statusRuns} status checks (${fmtInt(emitted(r))} items)`,
				);
			}
			const pages = r.netsuite.pageCalls;
			const needed = Math.ceil(r.netsuite.rowsRead / 1000);
			verdict(
				r.netsuite.largestPage <= 1000 && pages <= needed + r.polls + queriesOf(r),
				`${at_} NetSuite reads ≤ one page per 1,000 rows per query: ${pages} page calls for ${fmtInt(r.netsuite.rowsRead)} rows (${r.polls} polls, ${queriesOf(r)} lookup queries)`,
			);
			const cap = Math.max(...r.names.updateConcurrency);
			verdict(
				r.netsuite.peakConcurrency <= cap && r.netsuite.concurrencyRejected === 0,
				`${at_} NetSuite writes never above the concurrency cap: peak ${r.netsuite.peakConcurrency} (node setting ${cap}, account ${r.netsuite.concurrencyLimit}), ${r.netsuite.concurrencyRejected} rejected`,
			);
			verdict(
				r.netsuite.recordsPatchedMoreThanOnce === 0,
				`${at_} no PATCH repeated for the same record: ${r.netsuite.recordsPatchedMoreThanOnce} records patched twice or more (${fmtInt(r.netsuite.recordsPatched)} records)`,
			);
		}
	}
	return out;
}

/** SuiteQL calls that are lookups (status list, sales-order status), one page each. */
function queriesOf(r) {
	return r.netsuite.calls.suiteql ?? 0;
}

module.exports = {
	table,
	targetLines,
	realLimitLines,
	realLimitSeconds,
	emitted,
	msPerFulfillment,
};
