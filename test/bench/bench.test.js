'use strict';
/**
 * Smoke test of `npm run bench` itself (scripts/bench.js): a tiny N end to end through the child
 * process, the emulators and n8n's engine, checking that the figures and target lines are printed
 * and agree with what the emulators saw. No timing assertions. Needs `npm run build` (dist/).
 */
const { execFile } = require('node:child_process');
const path = require('node:path');

const { checkBuilt } = require('../../scripts/demo/run');
const { parseArgs } = require('../../scripts/bench');
const { realLimitSeconds } = require('../../scripts/bench/report');

const ROOT = path.join(__dirname, '..', '..');

function runBench(args) {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			[path.join(ROOT, 'scripts', 'bench.js'), ...args],
			{ cwd: ROOT, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
			(error, stdout, stderr) => (error ? reject(Object.assign(error, { stdout, stderr })) : resolve(stdout)),
		);
	});
}

const row = (out, label) => {
	const line = out.split('\n').find((l) => l.startsWith('|') && l.split('|')[1].trim() === label);
	if (!line) throw new Error(`no row "${label}" in:\n${out}`);
	return line.split('|').slice(2, -1).map((c) => c.trim());
};

describe('npm run bench (tiny N)', () => {
	let out;
	beforeAll(async () => {
		checkBuilt(ROOT);
		out = await runBench(['--sizes', '20,40', '--method', 'feed', '--quiet']);
	}, 90_000);

	test('prints one column per N with wall, CPU, memory and per-fulfillment figures', () => {
		expect(row(out, 'fulfillments in the seed')).toEqual(['20', '40']);
		for (const label of ['wall time, s', 'CPU time (user+system), s', 'peak RSS (50 ms samples), MB', 'time per fulfillment, ms']) {
			for (const value of row(out, label)) expect(Number(value)).toBeGreaterThan(0);
		}
		expect(out).toMatch(/Time per fulfillment at N = 40 vs N = 20: \d+\.\d\d×/);
	});

	test('counts the calls each side saw: every emitted fulfillment patched twice, one feed per execution', () => {
		const emitted = row(out, 'emitted by the trigger (with tracking)').map(Number);
		const patches = row(out, 'NetSuite record PATCHes').map(Number);
		expect(emitted.every((n) => n > 0)).toBe(true);
		// Sales order + fulfillment per accepted fulfillment (the seed has no Amazon rejections).
		expect(patches).toEqual(emitted.map((n) => 2 * n));
		expect(row(out, 'Amazon createFeedDocument / createFeed')).toEqual(['1 / 1', '1 / 1']);
		expect(row(out, 'records patched more than once')).toEqual(['0', '0']);
	});

	test('prints the real-rate-limit estimate and PASS/FAIL lines without failing', () => {
		expect(out).toMatch(/Under Amazon's real rate limits/);
		expect(out).toMatch(/(PASS|FAIL) {2}\[feed\] N = 40: no PATCH repeated for the same record/);
		expect(out).toMatch(/SKIP {2}\[feed\] 10,000 end to end/);
	});
});

describe('bench options and the real-limit arithmetic', () => {
	test('--sizes and --method are read; bad values are refused', () => {
		expect(parseArgs(['--sizes', '5000,1000,5000', '--method', 'feed'])).toMatchObject({
			sizes: [1000, 5000],
			method: 'feed',
		});
		expect(() => parseArgs(['--sizes', '0'])).toThrow(/positive whole numbers/);
		expect(() => parseArgs(['--method', 'fax'])).toThrow(/feed, confirmShipment or both/);
	});

	test("Amazon's burst is free, then each call waits for the restore rate", () => {
		// createFeed: burst 15, then one per 120 s.
		expect(realLimitSeconds({ createFeed: 15 }).seconds).toBe(0);
		expect(realLimitSeconds({ createFeed: 25 })).toMatchObject({ op: 'createFeed', seconds: 1200 });
		// confirmShipment: burst 10, then 2 per second; the slowest operation sets the floor.
		expect(realLimitSeconds({ confirmShipment: 210, createFeed: 16 })).toMatchObject({
			op: 'createFeed',
			seconds: 120,
		});
		expect(realLimitSeconds({ confirmShipment: 2010 })).toMatchObject({ seconds: 1000 });
	});
});
