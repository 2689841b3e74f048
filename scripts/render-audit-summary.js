#!/usr/bin/env node
'use strict';
/**
 * Renders the README's picture of the audit summary (docs/images/audit-summary.png): runs the
 * Amazon Order Audit node on the audit seed against the emulators, lays the Summary item out as a
 * chat message, and screenshots it with headless Chromium. Needs a build and /usr/bin/chromium.
 *
 *   node scripts/render-audit-summary.js [out.png]
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { startEmulators } = require('../emulators');
const { auditSeed } = require('../emulators/seed/audit-seed');
const { auditRunner, runAudit } = require('../test/audit/helpers');

const esc = (s) =>
	String(s).replace(
		/[&<>"]/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
	);

function html(summary) {
	const [title, ...rest] = summary.text.split('\n');
	const lines = rest
		.map((line) => {
			if (line.startsWith('- ')) {
				const m = /^- (NOT CONFIRMED|SHIP-BY CLOSING|NOT MARKED) (.*)$/.exec(line);
				const tag = m
					? `<span class="tag ${m[1].split(' ')[1] === 'CONFIRMED' ? 'red' : m[1] === 'SHIP-BY CLOSING' ? 'amber' : 'blue'}">${esc(m[1])}</span> `
					: '';
				return `<li>${tag}${esc(m ? m[2] : line.slice(2))}</li>`;
			}
			if (line === 'Worst first:') return '<div class="h">Worst first</div>';
			return `<div class="count">${esc(line)}</div>`;
		})
		.join('\n');
	return `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#f4f5f7;font:15px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d1c1d}
.card{margin:18px;background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:18px 22px;width:820px}
.from{font-weight:700}.from small{font-weight:400;color:#616061;margin-left:6px}
.title{margin:6px 0 10px;font-weight:600}
.count{padding:1px 0}.h{margin-top:12px;font-weight:700}
ul{margin:6px 0 0;padding-left:18px}li{margin:3px 0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.tag{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;font-size:11px;font-weight:700;border-radius:4px;padding:1px 6px;color:#fff}
.red{background:#c62828}.amber{background:#e08a00}.blue{background:#1565c0}
.foot{margin-top:12px;color:#616061;font-size:12px}
</style></head><body><div class="card">
<div class="from">n8n · Amazon order audit<small>hourly</small></div>
<div class="title">${esc(title)}</div>
${lines.replace(/(<li>[\s\S]*<\/li>)/, '<ul>$1</ul>')}
<div class="foot">${summary.calls.searchOrders} searchOrders calls · ${summary.calls.suiteql} NetSuite reads · ${summary.durationMs} ms</div>
</div></body></html>`;
}

(async () => {
	const out = path.resolve(
		process.argv[2] || path.join(__dirname, '..', 'docs', 'images', 'audit-summary.png'),
	);
	const emulators = await startEmulators({ seed: auditSeed() });
	let summary;
	try {
		const result = await runAudit(await auditRunner(emulators));
		if (result.error) throw new Error(result.error.message);
		summary = result.summary;
	} finally {
		await emulators.close();
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-summary-'));
	const page = path.join(dir, 'summary.html');
	fs.writeFileSync(page, html(summary));
	execFileSync(
		'/usr/bin/chromium',
		[
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--hide-scrollbars',
			'--force-device-scale-factor=1',
			`--screenshot=${out}`,
			'--window-size=880,500',
			`file://${page}`,
		],
		{ stdio: 'ignore' },
	);
	fs.rmSync(dir, { recursive: true, force: true });
	console.log(summary.text);
	console.log(`\nwrote ${out}`);
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
