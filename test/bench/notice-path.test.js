'use strict';
/**
 * Smoke test of `npm run bench:notice` (scripts/bench-notice-path.js): a few singles and a small
 * mass update end to end against the emulators (each save running the shipped User Event, whose
 * signed notice starts the path), checking that the figures are printed and agree with what the
 * emulators saw. No timing assertions. Needs `npm run build` (dist/).
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { checkBuilt } = require('../../scripts/demo/run');

const ROOT = path.join(__dirname, '..', '..');

function runBench(args) {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			[path.join(ROOT, 'scripts', 'bench-notice-path.js'), ...args],
			{ cwd: ROOT, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout, stderr) =>
				error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr }),
		);
	});
}

test('singles and a mass update: every notice confirmed once, figures printed beside the poll path', async () => {
	checkBuilt(ROOT);
	const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-notice-')), 'out.json');
	const { stdout } = await runBench([
		'--singles',
		'2',
		'--single-gap-ms',
		'200',
		'--mass',
		'30',
		'--mass-time-scale',
		'50',
		'--json',
		json,
	]);
	const [singles, mass] = JSON.parse(fs.readFileSync(json, 'utf8'));
	for (const r of [singles, mass]) {
		expect(r.confirmed).toBe(r.fulfillments);
		expect(r.notConfirmed).toBe(0);
		// Amazon's count includes the 429s; every package went once more than it was refused.
		expect(r.confirmShipmentCalls).toBe(r.packages + r.throttled);
		expect(r.notice.p50).toBeGreaterThan(0);
		expect(r.notice.p95).toBeGreaterThanOrEqual(r.notice.p50);
		// Each save ran the shipped User Event, whose signed notice the receiver accepted.
		expect(r.userEvent).toBe(true);
		expect(r.userEvents).toMatchObject({
			runs: r.fulfillments,
			notices: r.fulfillments,
			noticeErrors: 0,
		});
		expect(r.rejectedNotices).toBe(0);
		// The poll path waits for the next poll: on average half the 15-minute interval.
		expect(r.poll.feed.p50).toBeGreaterThan(r.notice.p95);
	}
	expect(singles).toMatchObject({ fulfillments: 2, timeScale: 1 });
	expect(mass).toMatchObject({ fulfillments: 30, timeScale: 50 });
	expect(stdout).toMatch(/single shipments: 2 fulfillments/);
	expect(stdout).toMatch(/notice path, save → confirmed: p50 \d+\.\d s, p95 \d+\.\d s/);
	expect(stdout).toMatch(/poll every 15 min .*\+ feed .*p50 \d+\.\d s, p95 \d+\.\d s/);
	expect(stdout).toMatch(/all confirmed after \d+\.\d s; Amazon's limit allows \d+\.\d s/);
	expect(stdout).toMatch(
		/User Event \(1 thread; the receiver answers after its read\): 30 runs, 30 notices \(0 failed\)/,
	);
	expect(stdout).toMatch(/load average/);
}, 90_000);
