/**
 * 1,000 generated fulfillments through the template workflow while both emulators inject faults
 * on every endpoint (429, 500, 503, held-then-closed connections, dropped connections, and
 * connections dropped AFTER the change was applied), on a schedule, until nothing is left to send.
 * Then: every box confirmed on Amazon once (re-sends of the same package are counted, a second
 * package for a box is a duplicate), every NetSuite record in its final state.
 */
const { install } = require('./helpers/timewarp');

const clock = install({ scale: Number(process.env.RELIABILITY_TIME_SCALE) || 300 });

const { runUnderFaults } = require('./helpers/fault-run'); // loads the runner before n8n-core

const COUNT = Number(process.env.RELIABILITY_COUNT) || 1000;

const holder = {};
afterAll(async () => {
	await holder.flow?.close();
	clock.uninstall();
});

test(`${COUNT} fulfillments under injected faults: every box confirmed once, nothing lost`, async () => {
	await runUnderFaults({ clock, count: COUNT, title: 'Reliability under faults:', holder });
}, 170_000);
