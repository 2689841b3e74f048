'use strict';
/** The demo's end-of-run summary, written for a seller rather than a developer. */

function plural(n, word, many = `${word}s`) {
	return `${n} ${n === 1 ? word : many}`;
}

function heading(text, n) {
	return `  ${`${text} `.padEnd(40, '.')} ${n}`;
}

function kb(bytes) {
	if (bytes == null) return 'size unknown';
	return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} KB`;
}

function units(items) {
	const n = items.reduce((sum, i) => sum + Number(i.quantity || 0), 0);
	return n ? plural(n, 'unit') : 'everything left on the order';
}

/**
 * @param summary collectOutcome() result plus secondPoll, durationMs, waits
 * @param {{ outputDir?: string, files?: string[] }} [where]
 * @returns {string[]} lines
 */
function formatSummary(summary, where = {}) {
	const out = [];
	out.push('What happened');
	out.push(
		heading('Shipped fulfillments found in NetSuite', summary.fulfillmentsFound) +
			(summary.found.length ? `  (${summary.found.map((f) => f.fulfillment).join(', ')})` : ''),
	);

	out.push(heading('Feeds sent to Amazon', summary.feeds.filter((f) => f.feedId).length));
	for (const f of summary.feeds) {
		out.push(
			`      feed ${f.feedId ?? '(preview, not sent)'}: ${plural(f.fulfillments.length, 'fulfillment')}, ` +
				`${plural(f.messages, 'shipment message')}, ${kb(f.bytes)}, marketplace ${f.marketplaceId}` +
				(f.amazonStatus ? `, Amazon status ${f.amazonStatus}` : ''),
		);
	}
	if (summary.statusChecks)
		out.push(
			`      Amazon was asked ${plural(summary.statusChecks, 'time')}, with ${plural(summary.waits ?? 0, 'persisted wait')} in between` +
				(summary.amazonMinutes ? ` (about ${summary.amazonMinutes} minutes in a real n8n)` : ''),
		);

	out.push(heading('Accepted by Amazon (shipment confirmed)', summary.accepted.length));
	for (const a of summary.accepted) {
		const boxes = a.packages
			.map(
				(p) =>
					`${p.carrierCode}${p.carrierName ? ` (${p.carrierName})` : ''} ${p.trackingNumber}: ${units(p.items)}`,
			)
			.join('; ');
		out.push(`      ${a.fulfillment.padEnd(8)} order ${a.amazonOrderId}  ${boxes}`);
		if (a.trackingNotSent.length)
			out.push(`               not sent (box contents unknown): ${a.trackingNotSent.join(', ')}`);
		for (const note of (a.notes ?? []).filter((n) => /^Left out /.test(n)))
			out.push(`               ${note}`);
		for (const w of a.warnings)
			out.push(`               warning ${w.code}: ${w.description}${w.hint ? ` (${w.hint})` : ''}`);
	}

	out.push(heading('Rejected by Amazon', summary.rejected.length));
	for (const r of summary.rejected) {
		out.push(`      ${r.fulfillment.padEnd(8)} order ${r.amazonOrderId}`);
		const reasons = r.reasons.length ? r.reasons : [{ description: r.message }];
		for (const why of reasons) {
			out.push(`               Amazon ${why.code ? `${why.code}: ` : ''}${why.description}`);
			if (why.hint) out.push(`               what to do: ${why.hint}`);
		}
	}

	out.push(heading('Not sent: invalid in NetSuite', summary.invalid.length));
	for (const r of summary.invalid) {
		for (const [i, p] of r.problems.entries()) {
			out.push(`      ${(i ? '' : r.fulfillment).padEnd(8)} ${p.message}`);
			out.push(`               fix: ${p.fix}`);
		}
	}

	out.push(heading('Failed (Amazon could not process the feed)', summary.failed.length));
	for (const r of summary.failed) out.push(`      ${r.fulfillment.padEnd(8)} ${r.message}`);

	const ns = summary.netsuite;
	out.push(
		heading(
			'NetSuite records updated',
			ns.fulfillmentsMarkedSent.length + ns.errorsWritten.length + ns.salesOrdersUpdated.length,
		),
	);
	out.push(
		`      ${plural(ns.fulfillmentsMarkedSent.length, 'fulfillment')} marked sent to Amazon (with feed ID and time)`,
	);
	out.push(
		`      ${plural(ns.errorsWritten.length, 'fulfillment')} with Amazon's error or the fix written on it, left unsent so a corrected one goes out again`,
	);
	const byStatus = {};
	for (const so of summary.crossCheck.netsuite.salesOrders)
		byStatus[so.amazonStatus ?? 'unchanged'] = [
			...(byStatus[so.amazonStatus ?? 'unchanged'] ?? []),
			so.salesOrder,
		];
	out.push(
		`      ${plural(ns.salesOrdersUpdated.length, 'sales order')} updated` +
			(Object.keys(byStatus).length
				? `: ${Object.entries(byStatus)
						.map(([s, list]) => `${s} (${list.join(', ')})`)
						.join('; ')}`
				: ''),
	);
	// The same NetSuite warning for many records is shown once, with the fulfillments it concerns.
	const notes = new Map();
	for (const w of ns.warnings) {
		const m = /^(.*?), (\S+): (?:\w+ \d+: )?(.*)$/.exec(w);
		const key = m ? `${m[1]}: ${m[3]}` : w;
		if (!notes.has(key)) notes.set(key, []);
		if (m) notes.get(key).push(m[2]);
	}
	for (const [text, who] of notes)
		out.push(`      note: ${text}${who.length ? ` (${who.join(', ')})` : ''}`);

	out.push('');
	const cc = summary.crossCheck;
	if (cc.ok)
		out.push(
			`Cross-checked with the emulators: Amazon holds ${plural(cc.amazon.packagesConfirmed, 'confirmed package')} ` +
				`from ${plural(cc.amazon.feeds, 'feed')}; NetSuite marks ${plural(cc.netsuite.fulfillmentsMarkedSent, 'fulfillment')} sent ` +
				`and shows ${plural(cc.netsuite.errorsOnFulfillments, 'error note')}. They agree with the execution.`,
		);
	else {
		out.push('Cross-check with the emulators FAILED:');
		for (const p of cc.problems) out.push(`  - ${p}`);
	}

	if (summary.secondPoll)
		out.push(
			summary.secondPoll.emitted
				? `Second poll: emitted ${plural(summary.secondPoll.emitted, 'fulfillment')} again (${summary.secondPoll.fulfillments.join(', ')}).`
				: 'Second poll: nothing new to send. Accepted fulfillments are ticked in NetSuite; the others go out again once corrected in NetSuite.',
		);
	if (where.outputDir) {
		out.push('');
		out.push(`Files in ${where.outputDir}/`);
		for (const f of summary.feeds) {
			if (f.documentFile)
				out.push(`  ${f.documentFile.padEnd(24)} the feed document sent to Amazon`);
			if (f.reportFile) out.push(`  ${f.reportFile.padEnd(24)} Amazon's processing report`);
		}
		out.push(`  ${'summary.json'.padEnd(24)} this summary, per fulfillment`);
	}
	return out;
}

module.exports = { formatSummary };
