'use strict';

/** mulberry32: tiny, fast, seedable; good enough to make fault runs reproducible. */
function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const KINDS = [
	['rate429', '429'],
	['rate500', '500'],
	['rate503', '503'],
	['rateTimeout', 'timeout'],
	['rateDrop', 'drop'],
	['rateDropAfter', 'dropAfter'],
];

/**
 * Decides, per request and before any state changes, whether to inject a fault. One draw per
 * request from a seeded PRNG, compared with the cumulative rates, so a run is reproducible.
 */
function createFaults(initial = {}, faultSeed = 1) {
	let faults = initial || {};
	let random = prng(faultSeed);

	function settingsFor(operation) {
		return { ...(faults['*'] || {}), ...(faults[operation] || {}) };
	}

	return {
		set(next) {
			faults = next || {};
		},
		get() {
			return faults;
		},
		reseed(seed = faultSeed) {
			random = prng(seed);
		},
		/** → { kind: null|'429'|'500'|'503'|'timeout'|'drop'|'dropAfter', latencyMs } */
		decide(operation) {
			const s = settingsFor(operation);
			const latencyMs = Number(s.latencyMs) || 0;
			const active = KINDS.filter(([key]) => Number(s[key]) > 0);
			if (active.length === 0) return { kind: null, latencyMs };
			const draw = random();
			let acc = 0;
			for (const [key, kind] of active) {
				acc += Number(s[key]);
				if (draw < acc) return { kind, latencyMs };
			}
			return { kind: null, latencyMs };
		},
	};
}

module.exports = { createFaults, prng };
