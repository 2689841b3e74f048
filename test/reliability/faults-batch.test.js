/**
 * The fault test of faults.test.js with both NetSuite update nodes in Write Mode "RESTlet batch":
 * the writes go through the shipped suitescript/amz_batch_update_restlet.js (run by the emulator),
 * whose calls get the same faults (including answers lost after the script wrote: the client repeats
 * the call, and the script finds the records already written).
 *
 * The run itself and its checks are in helpers/fault-run.js.
 */
const { install } = require('./helpers/timewarp');

const clock = install({ scale: Number(process.env.RELIABILITY_TIME_SCALE) || 300 });

const { runUnderFaults } = require('./helpers/fault-run'); // loads the runner before n8n-core

const COUNT = Number(process.env.RELIABILITY_COUNT) || 400;

const holder = {};
afterAll(async () => {
	await holder.flow?.close();
	clock.uninstall();
});

test(`RESTlet batch write-back: ${COUNT} fulfillments under injected faults, every box confirmed once, nothing lost`, async () => {
	const { ns } = await runUnderFaults({
		clock,
		count: COUNT,
		title: 'Reliability under faults (RESTlet batch write-back):',
		holder,
		patch: (wf) => {
			for (const node of wf.nodes.filter((n) => n.type.endsWith('.netSuiteUpdateOrder'))) {
				node.parameters.writeMode = 'restlet';
				// Small calls, so faults land on many of them.
				node.parameters.batchSize = 40;
			}
		},
	});
	// The write-back really went through the batch script, and no REST PATCH was made.
	expect(ns.calls.recordPatch ?? 0).toBe(0);
	expect(ns.suitescript.byScript.customscript_amz_batch_update.calls).toBeGreaterThan(0);
}, 170_000);
