'use strict';

/**
 * Seeded fault injection, shared by both emulators. One PRNG draw per request decides the fault
 * BEFORE the operation touches state, so an injected error never half-applies (except
 * rateDropAfter, rate500After and rateTimeoutAfter, by design: the operation is applied, then the
 * answer is lost, is a 500, or never comes; rate500After and rateTimeoutAfter: Amazon emulator only). Settings: { '<operation>' | '*': { rate429, rate500, rate503, rateTimeout, rateDrop,
 * rateDropAfter, rate500After, rateTimeoutAfter, latencyMs } }; an operation's own entry wins over '*',
 * key by key. Rates stack: a total above 1 means "always some fault".
 *
 * Misanswers (only where the emulator opts in with { misanswers: true }; the NetSuite emulator
 * does): HTTP 200 with a body that is not the answer expected — rateHtml (an HTML page, e.g. a
 * maintenance or login page from a proxy), rateTruncated (the real JSON answer cut off half-way,
 * so the operation did run), rateNoItems (a JSON object without the list the caller pages
 * through: `items` for REST collections, `rows` for the RESTlet).
 */
const { mulberry32 } = require('./prng');

const KINDS = [
	['rate429', '429'],
	['rate500', '500'],
	['rate503', '503'],
	['rateTimeout', 'timeout'],
	['rateDrop', 'drop'],
	['rateDropAfter', 'dropAfter'],
	['rate500After', '500After'],
	['rateTimeoutAfter', 'timeoutAfter'],
];
const MISANSWERS = [
	['rateHtml', 'html'],
	['rateTruncated', 'truncated'],
	['rateNoItems', 'noItems'],
];

function createFaults(initial, faultSeed = 1, { misanswers = false } = {}) {
	// Appended after the transport faults, so the draws of existing settings stay the same.
	const kinds = misanswers ? [...KINDS, ...MISANSWERS] : KINDS;
	let settings = initial || {};
	let random = mulberry32(faultSeed);

	function settingsFor(operation) {
		return { ...(settings['*'] || {}), ...(settings[operation] || {}) };
	}

	/** → { kind: null|'429'|'500'|'503'|'timeout'|'drop'|'dropAfter'|'500After'|'timeoutAfter'|'html'|'truncated'|'noItems', latencyMs } */
	function decide(operation) {
		const s = settingsFor(operation);
		const latencyMs = Number(s.latencyMs) || 0;
		if (!kinds.some(([key]) => Number(s[key]) > 0)) return { kind: null, latencyMs };
		const draw = random();
		let edge = 0;
		for (const [key, kind] of kinds) {
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
		reseed(seed = faultSeed) {
			random = mulberry32(seed);
		},
	};
}

module.exports = { createFaults };
