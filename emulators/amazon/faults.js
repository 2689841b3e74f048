'use strict';

/**
 * Seeded fault injection. One PRNG draw per request decides the fault BEFORE the operation
 * touches state, so an injected error never half-applies (except rateDropAfter, by design).
 * Settings: { '<operation>' | '*': { rate429, rate500, rate503, rateTimeout, rateDrop,
 * rateDropAfter, latencyMs } }; an operation's own entry wins over '*', key by key.
 */

function mulberry32(seed) {
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

function createFaults(initial, faultSeed = 1) {
	let settings = initial || {};
	let random = mulberry32(faultSeed);

	function settingsFor(operation) {
		return { ...(settings['*'] || {}), ...(settings[operation] || {}) };
	}

	/** → { kind: null|'429'|'500'|'503'|'timeout'|'drop'|'dropAfter', latencyMs } */
	function decide(operation) {
		const s = settingsFor(operation);
		const latencyMs = Number(s.latencyMs) || 0;
		const hasRates = KINDS.some(([key]) => Number(s[key]) > 0);
		if (!hasRates) return { kind: null, latencyMs };
		// One draw, stacked ranges: rates add up (a total above 1 means "always some fault").
		const draw = random();
		let edge = 0;
		for (const [key, kind] of KINDS) {
			edge += Number(s[key]) || 0;
			if (draw < edge) return { kind, latencyMs };
		}
		return { kind: null, latencyMs };
	}

	return {
		decide,
		set(next, seed) {
			settings = next || {};
			if (seed !== undefined) random = mulberry32(seed);
		},
		get: () => settings,
		reseed(seed) {
			random = mulberry32(seed);
		},
	};
}

module.exports = { createFaults, mulberry32 };
