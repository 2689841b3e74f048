'use strict';
/**
 * A manual run ("Execute workflow") with nothing to send says so in words, with no internal reason
 * codes, and says how a refused fulfillment goes out again.
 */
const { describeEmptySample } = require('../../core/trigger/emptySample');

const CODES =
	/\b(noTracking|notShipped|inFlight|refused:|sent:|beforeStart|noDate|repeatedInPoll|splitAtResume|beforeResume|remembered)\b/;

test('everything sent or refused: each reason in words, the refused ones with how to send them again', () => {
	const { message, description } = describeEmptySample(
		{ rows: 9, fulfillments: 6, skipped: { sent: 1, refused: 4, noTracking: 1 } },
		{ errorField: 'custbody_amz_ship_error' },
	);
	expect(message).toBe('Nothing to send: NetSuite has no fulfillment ready for Amazon');
	expect(description).not.toMatch(CODES);
	expect(description).not.toMatch(/No fulfillment to show/);
	const lines = description.split('\n');
	expect(lines[0]).toBe('The search returned 6 fulfillments, and none is ready to send:');
	// Most actionable first: the refused ones, with where the reason is and what clears it.
	expect(lines[1]).toMatch(
		/^- 4 were refused by Amazon or found invalid, and have not changed since\./,
	);
	expect(lines[1]).toMatch(/custbody_amz_ship_error/);
	expect(lines[1]).toMatch(/fix what it says in NetSuite .* the next run sends it again/);
	expect(lines[1]).toMatch(/clear the error text/);
	expect(lines[2]).toBe('- 1 is shipped without a tracking number yet.');
	expect(lines[3]).toBe('- 1 is already sent to Amazon (the sent flag is ticked).');
});

test('an empty search says what the search should return', () => {
	const { description } = describeEmptySample({ rows: 0, fulfillments: 0, skipped: {} });
	expect(description).toMatch(/returned no fulfillment.*sent flag is not ticked/);
});

test('in flight in a scheduled execution: says so and why it is left out', () => {
	const { description } = describeEmptySample({
		rows: 2,
		fulfillments: 2,
		skipped: { inFlight: 2 },
	});
	expect(description).toMatch(/2 are in flight in a scheduled execution/);
	expect(description).toMatch(/rather than send them to Amazon twice/);
});
