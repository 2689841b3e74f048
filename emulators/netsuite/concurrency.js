'use strict';

/**
 * The account-wide concurrency governor: every authenticated request holds one slot while it runs.
 * NetSuite shares the limit between all integrations of an account; occupy(n) simulates the others.
 */
function createConcurrency(limit = 5) {
	let inFlight = 0;
	let occupied = 0;
	let peak = 0;
	let rejected = 0;

	return {
		get limit() {
			return limit;
		},
		setLimit(n) {
			limit = n;
		},
		tryAcquire() {
			if (inFlight + occupied >= limit) {
				rejected += 1;
				return false;
			}
			inFlight += 1;
			peak = Math.max(peak, inFlight + occupied);
			return true;
		},
		release() {
			inFlight = Math.max(0, inFlight - 1);
		},
		/** Takes n slots as "another integration"; returns a function that gives them back. */
		occupy(n) {
			occupied += n;
			peak = Math.max(peak, inFlight + occupied);
			let released = false;
			return () => {
				if (released) return;
				released = true;
				occupied = Math.max(0, occupied - n);
			};
		},
		snapshot() {
			return { limit, inFlight, occupied, peakConcurrency: peak, rejected };
		},
		reset() {
			inFlight = 0;
			occupied = 0;
			peak = 0;
			rejected = 0;
		},
	};
}

module.exports = { createConcurrency };
