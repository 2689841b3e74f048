'use strict';
// The real-time model (scripts/bench/model.js) counts calls the way the node sends them: the batch
// size and the order of writes must stay those of core/update/batch.ts and core/update/run.ts.
const { ASSUMPTIONS, writeBack, backlogMinutes, SCHEDULES } = require('../../scripts/bench/model');
const { DEFAULT_RECORDS_PER_CALL, MAX_RECORDS_PER_CALL } = require('../../core/update/batch');

test("the model's batch size is the node's, and fits the RESTlet's 5,000 governance units", () => {
	expect(ASSUMPTIONS.recordsPerCall).toBe(DEFAULT_RECORDS_PER_CALL);
	// lookupFields 1 + submitFields 10 per record, 20 kept back by the script.
	expect(MAX_RECORDS_PER_CALL * 11 + 20).toBeLessThanOrEqual(5000);
});

test('calls per mode: one PATCH per record; batch calls per phase (orders, then fulfillments)', () => {
	expect(writeBack(1000, 'patch').calls).toBe(2000);
	expect(writeBack(1000, 'restlet').calls).toBe(10);
	// 201 orders and 201 fulfillments: two calls per phase, not three for 402 records.
	expect(writeBack(201, 'restlet').calls).toBe(4);
});

test('a backlog takes at least one poll interval per extra poll', () => {
	const b = backlogMinutes(10000, 'restlet', SCHEDULES.template);
	expect(b.polls).toBe(10);
	expect(b.minutes).toBeGreaterThan(9 * 15);
});
