'use strict';
/**
 * The real-time model of `npm run bench` (issue 17): what a real NetSuite account would see of the
 * write-back (NetSuite Update Order) in each write mode, and how long a backlog takes from found to
 * written back. Arithmetic on stated assumptions, not a measurement: the emulator figures measure
 * the code, this turns NetSuite's documented limits and typical latencies into calls, concurrency
 * slot-seconds and minutes. Every assumption is in ASSUMPTIONS and printed with the figures.
 */

const ASSUMPTIONS = {
	/** One REST PATCH of a sales order or fulfillment, end to end (the issue's 0.5–1 s). */
	patchSeconds: 0.75,
	/** Fixed part of one RESTlet call: TLS, login, script start, the answer. */
	restletCallSeconds: 0.5,
	/**
	 * Per record inside the batch script: search.lookupFields + record.submitFields of inline-editable
	 * body fields (no record load/save, no HTTP). Not measured on a real account: the sensitivity
	 * line shows what the conclusions need.
	 */
	recordSeconds: 0.1,
	/** Records written per fulfillment: its own, plus its sales order (the generated seed: one order each). */
	salesOrdersPerFulfillment: 1,
	/** NetSuite Update Order's Concurrency (the template: 2) and the batch size (node default). */
	updateConcurrency: 2,
	recordsPerCall: 200,
	/** The account's concurrency limit, shared by every integration (standard tier, no SuiteCloud Plus). */
	accountConcurrency: 5,
	/** The trigger: one saved-search page of 1,000 rows through the RESTlet, 1.75 rows per fulfillment. */
	searchPageSeconds: 3,
	rowsPerFulfillment: 1.75,
	/** Amazon: the feed is processed in about 6 minutes; the template checks every 2 minutes. */
	amazonProcessingSeconds: 360,
	waitSeconds: 120,
	/** Building and uploading one feed (createFeedDocument, upload, createFeed). */
	feedSubmitSeconds: 5,
};

const SCHEDULES = {
	template: { label: 'template: every 15 min, 1,000 per poll', pollMinutes: 15, perPoll: 1000 },
	recommended: {
		label: 'recommended ≥ 5,000/day: every 5 min, 5,000 per poll',
		pollMinutes: 5,
		perPoll: 5000,
	},
};

/** The write-back of one execution of `n` fulfillments: calls, slot-seconds, wall seconds. */
function writeBack(n, mode, a = ASSUMPTIONS) {
	const phases = [Math.round(n * a.salesOrdersPerFulfillment), n]; // sales orders first, then fulfillments
	let calls = 0;
	let slotSeconds = 0;
	let wallSeconds = 0;
	for (const records of phases) {
		if (!records) continue;
		if (mode === 'patch') {
			calls += records;
			slotSeconds += records * a.patchSeconds;
			wallSeconds += (records * a.patchSeconds) / a.updateConcurrency;
		} else {
			const phaseCalls = Math.ceil(records / a.recordsPerCall);
			const perCall = a.restletCallSeconds + Math.min(records, a.recordsPerCall) * a.recordSeconds;
			calls += phaseCalls;
			slotSeconds += phaseCalls * a.restletCallSeconds + records * a.recordSeconds;
			wallSeconds += Math.ceil(phaseCalls / a.updateConcurrency) * perCall;
		}
	}
	return { calls, slotSeconds, wallSeconds };
}

/** One execution from poll to last write: search pages, feed, Amazon and the Wait loop, write-back. */
function executionSeconds(n, mode, a = ASSUMPTIONS) {
	const read = Math.ceil((n * a.rowsPerFulfillment) / 1000) * a.searchPageSeconds;
	const amazon = Math.ceil(a.amazonProcessingSeconds / a.waitSeconds) * a.waitSeconds;
	return read + a.feedSubmitSeconds + amazon + writeBack(n, mode, a).wallSeconds;
}

/** A backlog of `total` found at once: polls take perPoll each, every pollMinutes; when is the last written? */
function backlogMinutes(total, mode, schedule, a = ASSUMPTIONS) {
	const polls = Math.ceil(total / schedule.perPoll);
	const last = total - (polls - 1) * schedule.perPoll;
	const lastStart = (polls - 1) * schedule.pollMinutes * 60;
	// Every execution but the last is full; the slowest one may finish after the last one.
	const full = executionSeconds(Math.min(total, schedule.perPoll), mode, a);
	const end = Math.max(
		lastStart + executionSeconds(last, mode, a),
		(polls > 1 ? (polls - 2) * schedule.pollMinutes * 60 : 0) + full,
	);
	return { polls, minutes: end / 60 };
}

/** Write-back totals for N fulfillments handled in executions of at most perPoll. */
function totals(total, mode, perPoll, a = ASSUMPTIONS) {
	let calls = 0;
	let slotSeconds = 0;
	for (let left = total; left > 0; left -= perPoll) {
		const w = writeBack(Math.min(left, perPoll), mode, a);
		calls += w.calls;
		slotSeconds += w.slotSeconds;
	}
	return { calls, slotSeconds };
}

const fmt = (n, digits = 0) =>
	n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const fmtMin = (m) => (m >= 120 ? `${fmt(m / 60, 1)} h` : `${fmt(m, 1)} min`);

/** The model's lines for `npm run bench`, and its figures for the targets. */
function modelReport(sizes = [1000, 10000, 50000], a = ASSUMPTIONS) {
	const lines = [];
	const figures = [];
	lines.push('Real-time model of the write-back (assumptions, not measurements):');
	lines.push(
		`  REST PATCH ${a.patchSeconds} s per record; RESTlet call ${a.restletCallSeconds} s + ${a.recordSeconds} s per record (lookupFields + submitFields); ` +
			`${1 + a.salesOrdersPerFulfillment} records per fulfillment (fulfillment + sales order); Update Order concurrency ${a.updateConcurrency}, ${a.recordsPerCall} records per call; ` +
			`account concurrency ${a.accountConcurrency}; search page ${a.searchPageSeconds} s per 1,000 rows (${a.rowsPerFulfillment} rows per fulfillment); Amazon ${a.amazonProcessingSeconds / 60} min, checked every ${a.waitSeconds / 60} min; feed ${a.feedSubmitSeconds} s.`,
	);
	const header = [
		'fulfillments',
		'mode',
		'NetSuite calls',
		'per 50 fulfillments',
		'slot-seconds',
		'slot-hours',
		'share of 5 slots for 1 h',
	];
	const rows = [];
	for (const n of sizes) {
		const perPoll = SCHEDULES.recommended.perPoll;
		const patch = totals(n, 'patch', perPoll, a);
		const batch = totals(n, 'restlet', perPoll, a);
		for (const [mode, t] of [
			['REST PATCH', patch],
			['RESTlet batch', batch],
		]) {
			rows.push([
				fmt(n),
				mode,
				fmt(t.calls),
				fmt((t.calls / n) * 50, 2),
				fmt(t.slotSeconds),
				fmt(t.slotSeconds / 3600, 2),
				`${fmt((100 * t.slotSeconds) / (a.accountConcurrency * 3600), 0)} %`,
			]);
		}
		const backlog = {};
		for (const [key, schedule] of Object.entries(SCHEDULES)) {
			backlog[key] = {
				patch: backlogMinutes(n, 'patch', schedule, a),
				restlet: backlogMinutes(n, 'restlet', schedule, a),
			};
		}
		figures.push({ n, patch, batch, ratio: patch.slotSeconds / batch.slotSeconds, backlog });
	}
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells) =>
		`  ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
	lines.push(line(header));
	for (const r of rows) lines.push(line(r));
	for (const f of figures) {
		lines.push(
			`  ${fmt(f.n)}: RESTlet batch uses ${fmt(f.ratio, 1)}× fewer slot-seconds than REST PATCH.`,
		);
	}
	lines.push(
		'  Backlog found at once → confirmed by Amazon → written back (the last fulfillment):',
	);
	for (const f of figures) {
		for (const [key, schedule] of Object.entries(SCHEDULES)) {
			const b = f.backlog[key];
			lines.push(
				`    ${fmt(f.n).padStart(6)} with ${schedule.label}: ${b.patch.polls} poll(s); REST PATCH ${fmtMin(b.patch.minutes)}, RESTlet batch ${fmtMin(b.restlet.minutes)}`,
			);
		}
	}
	// What the 10× conclusion depends on: the per-record time inside the script.
	const at = (recordSeconds) => {
		const b = { ...a, recordSeconds };
		return (
			totals(10000, 'patch', 5000, b).slotSeconds / totals(10000, 'restlet', 5000, b).slotSeconds
		);
	};
	lines.push(
		`  Sensitivity (10,000): slot-seconds ratio ${[0.05, 0.065, 0.1, 0.15, 0.2].map((s) => `${fmt(at(s), 1)}× at ${s * 1000} ms/record`).join(', ')}.`,
	);
	return { lines, figures };
}

/** PASS/FAIL lines for the issue's model targets. */
function modelTargetLines(figures) {
	const out = [];
	const pass = (ok) => (ok ? 'PASS' : 'FAIL');
	for (const f of figures) {
		const per50 = (f.batch.calls / f.n) * 50;
		out.push(
			`${pass(per50 <= 1)} model: RESTlet batch ≤ 1 NetSuite call per 50 fulfillments at ${fmt(f.n)} (${fmt(per50, 2)})`,
		);
	}
	const ten = figures.find((f) => f.n === 10000);
	if (ten) {
		out.push(
			`${pass(ten.ratio >= 10)} model: ≥ 10× fewer slot-seconds at 10,000 (${fmt(ten.ratio, 1)}×)`,
		);
		const m = ten.backlog.recommended.restlet.minutes;
		out.push(
			`${pass(m <= 30)} model: backlog of 10,000 written back within 30 min with the recommended schedule and RESTlet batch (${fmtMin(m)})`,
		);
	}
	return out;
}

module.exports = {
	ASSUMPTIONS,
	SCHEDULES,
	writeBack,
	executionSeconds,
	backlogMinutes,
	totals,
	modelReport,
	modelTargetLines,
};

if (require.main === module) {
	const { lines, figures } = modelReport();
	for (const l of lines) console.log(l);
	for (const l of modelTargetLines(figures)) console.log(`  ${l}`);
}
