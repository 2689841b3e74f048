'use strict';
/**
 * A faster clock for the whole test process: `Date.now()`, `new Date()` and the global timers run
 * `scale` times faster than the wall clock, and `advance(ms)` jumps ahead (the schedule's 15
 * minutes between polls, a re-send window). The nodes, n8n, and both emulators (started with
 * timeScale 1) all read this one clock, so retry backoffs, rate-limit refills, token lifetimes,
 * Amazon's feed processing and persisted waits keep their real proportions while a test takes
 * seconds. Sockets' own timeouts (Node's internal timers) are not scaled.
 *
 * Install before anything captures `Date` or `setTimeout` in a closure that matters (the top of
 * the test file); jest's own timers were captured before the test file ran and stay real.
 */
const REAL = {
	Date: globalThis.Date,
	setTimeout: globalThis.setTimeout,
	setInterval: globalThis.setInterval,
};

let installed = null;

function install({ scale = 100 } = {}) {
	if (installed) return installed;
	const RealDate = REAL.Date;
	const realNow = RealDate.now.bind(RealDate);
	const origin = realNow();
	let offset = 0;
	const now = () => Math.floor(origin + (realNow() - origin) * scale + offset);

	class WarpDate extends RealDate {
		constructor(...args) {
			if (args.length === 0) super(now());
			else super(...args);
		}

		static now() {
			return now();
		}

		// Dates made before the warp (or by code holding the real Date) are still dates.
		static [Symbol.hasInstance](value) {
			return value instanceof RealDate;
		}
	}
	// `Date()` called as a function returns a string in JS; a class cannot be called, so wrap it.
	const DateFn = new Proxy(WarpDate, {
		apply: () => new WarpDate().toString(),
	});
	globalThis.Date = DateFn;
	globalThis.setTimeout = (fn, ms, ...args) =>
		REAL.setTimeout(fn, Math.max(0, (Number(ms) || 0) / scale), ...args);
	globalThis.setInterval = (fn, ms, ...args) =>
		REAL.setInterval(fn, Math.max(1, (Number(ms) || 0) / scale), ...args);

	installed = {
		scale,
		now,
		/** Moves the clock forward by `ms` of virtual time at once. */
		advance(ms) {
			offset += ms;
		},
		/** Sleeps `ms` of virtual time (ms / scale of real time). */
		sleep: (ms) => new Promise((resolve) => globalThis.setTimeout(resolve, Math.max(0, ms))),
		/** Real milliseconds, for the figures a test prints. */
		realNow,
		uninstall() {
			globalThis.Date = REAL.Date;
			globalThis.setTimeout = REAL.setTimeout;
			globalThis.setInterval = REAL.setInterval;
			installed = null;
		},
	};
	return installed;
}

module.exports = { install, REAL };
