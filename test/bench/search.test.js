'use strict';
/** The bench's saved search: the tracking criterion suitescript/README.md recommends is applied. */

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { generateSeed } = require('../../emulators/seed/generate');
const { benchSeed } = require('../../scripts/bench/workflow');
const { restlet } = require('../emulators/netsuite-helpers');

async function fulfillmentsInSearch(seed) {
	const emulator = createNetSuiteEmulator({ seed });
	const { url } = await emulator.listen();
	try {
		const res = await restlet(url, {
			action: 'run',
			searchId: 'customsearch_amz_if_to_send',
			pageSize: 1000,
		});
		return res.json.rows;
	} finally {
		await emulator.close();
	}
}

test('the to-send search leaves out fulfillments without any tracking number', async () => {
	const seed = generateSeed({ count: 120 });
	const untracked = seed.netsuite.itemFulfillments.filter(
		(f) => !f.packages.length && !f.lines.some((l) => l.packageTracking),
	);
	expect(untracked.length).toBeGreaterThan(0);
	const plain = await fulfillmentsInSearch(generateSeed({ count: 120 }));
	const rows = await fulfillmentsInSearch(benchSeed(seed));
	const ids = new Set(rows.map((r) => r.id));
	for (const f of untracked) expect(ids.has(String(f.id))).toBe(false);
	expect(new Set(plain.map((r) => r.id)).size).toBe(ids.size + untracked.length);
	expect(
		rows.every(
			(r) => r.values.trackingnumbers.value || r.values.custcol_amz_package_tracking.value,
		),
	).toBe(true);
});
