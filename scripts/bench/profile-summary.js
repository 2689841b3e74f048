#!/usr/bin/env node
'use strict';
/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function, heaviest first,
 * and inclusive time for functions whose file matches --filter.
 *   node scripts/bench/profile-summary.js <file.cpuprofile> [--top 30] [--filter /work/main/dist]
 */
const fs = require('node:fs');

function summarise(profile, { top = 30, filter } = {}) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const hits = new Map();
	const dt = profile.timeDeltas ?? [];
	profile.samples.forEach((id, i) => hits.set(id, (hits.get(id) ?? 0) + (dt[i] ?? 0)));
	const label = (n) => {
		const f = n.callFrame;
		const file = (f.url || '').replace(/^file:\/\//, '').replace(/.*node_modules\//, '~/');
		return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
	};
	const self = new Map();
	const inclusive = new Map();
	let total = 0;
	for (const [id, us] of hits) {
		total += us;
		const n = byId.get(id);
		self.set(label(n), (self.get(label(n)) ?? 0) + us);
		const seen = new Set();
		for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
			const l = label(byId.get(cur));
			if (seen.has(l)) continue;
			seen.add(l);
			if (!filter || l.includes(filter)) inclusive.set(l, (inclusive.get(l) ?? 0) + us);
		}
	}
	const fmt = ([l, us]) =>
		`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${l}`;
	const sort = (m) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(fmt);
	return { totalMs: total / 1000, self: sort(self), inclusive: sort(inclusive) };
}

if (require.main === module) {
	const [file, ...rest] = process.argv.slice(2);
	const opts = {};
	for (let k = 0; k < rest.length; k += 2) opts[rest[k].replace(/^--/, '')] = rest[k + 1];
	const s = summarise(JSON.parse(fs.readFileSync(file, 'utf8')), {
		top: Number(opts.top ?? 30),
		filter: opts.filter,
	});
	console.log(
		`total ${s.totalMs.toFixed(0)} ms\n-- self --\n${s.self.join('\n')}\n-- inclusive${opts.filter ? ` (${opts.filter})` : ''} --\n${s.inclusive.join('\n')}`,
	);
}

module.exports = { summarise };
