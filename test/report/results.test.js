const fs = require('fs');
const path = require('path');
const { parseProcessingReport } = require('../../core/report/processingReport');
const { mapReportToFulfillments, hintFor } = require('../../core/report/results');
const { buildFeedDocuments } = require('../../core/feed/batch');

const fixture = (name) => fs.readFileSync(path.join(__dirname, '../fixtures/report', name), 'utf8');

function prepared(key, amazonOrderId, packages = 1, items = 1) {
	return {
		key,
		marketplaceId: 'ATVPDKIKX0DER',
		amazonOrderId,
		shipments: Array.from({ length: packages }, (_, p) => ({
			packageId: `P${p + 1}`,
			carrierCode: 'UPS',
			trackingNumber: `T${key}-${p + 1}`,
			shipDate: '2026-01-05',
			items: Array.from({ length: items }, (_, i) => ({
				amazonOrderItemId: String(12345678901234 + i),
				quantity: 1,
			})),
		})),
	};
}

// Five messages: 4711 → 1; 4712 → 2, 3 (two packages); 4713 → 4; 4714 → 5.
const doc = buildFeedDocuments(
	[
		prepared('4711', '114-1111111-1111111'),
		prepared('4712', '114-1234567-1234567', 2),
		prepared('4713', '114-2222222-2222222'),
		prepared('4714', '114-3333333-3333333'),
	],
	{ merchantIdentifier: 'A1EXAMPLESELLER' },
)[0];

const outcome = (mapped, key) => mapped.byKey.get(key);

test('all success: every fulfillment accepted, with its message ids', () => {
	const mapped = mapReportToFulfillments(
		parseProcessingReport(fixture('all-success.xml')),
		doc.messages.slice(0, 4),
	);
	expect(mapped.outcomes.map((o) => [o.fulfillmentKey, o.outcome, o.messageIds])).toEqual([
		['4711', 'accepted', [1]],
		['4712', 'accepted', [2, 3]],
		['4713', 'accepted', [4]],
	]);
	expect(mapped.notes).toEqual([]);
});

test('mixed report: an error on one package rejects the fulfillment and says which package', () => {
	// Results: message 2 (4712 P1) Error 5004, message 3 (4712 P2) Warning, message 5 (4714) Error 18028.
	const mapped = mapReportToFulfillments(parseProcessingReport(fixture('mixed.xml')), doc.messages);
	expect(mapped.outcomes.map((o) => [o.fulfillmentKey, o.outcome])).toEqual([
		['4711', 'accepted'],
		['4712', 'rejected'],
		['4713', 'accepted'],
		['4714', 'rejected'],
	]);
	const rejected = outcome(mapped, '4712');
	expect(rejected.errors).toEqual([
		expect.objectContaining({
			messageId: 2,
			packageId: 'P1',
			code: '5004',
			amazonOrderId: '114-1234567-1234567',
			amazonOrderItemCode: '12345678901234',
			hint: expect.stringMatching(/fix the carrier table/),
		}),
	]);
	expect(rejected.warnings).toEqual([
		expect.objectContaining({
			messageId: 3,
			packageId: 'P2',
			resultCode: 'Warning',
			hint: expect.stringMatching(/^The shipment is confirmed/),
		}),
	]);
	expect(rejected.message).toMatch(
		/^Rejected by Amazon: package P1 \(message 2\): 5004 The carrier-code field/,
	);
	expect(outcome(mapped, '4714').errors[0]).toMatchObject({
		code: '18028',
		amazonOrderId: '114-3333333-3333333',
		hint: expect.stringMatching(/region and the marketplace/),
	});
});

test('warnings only → accepted with warnings', () => {
	const report = parseProcessingReport(fixture('mixed.xml'));
	report.results = report.results.filter((r) => r.resultCode === 'Warning');
	const mapped = mapReportToFulfillments(report, doc.messages);
	expect(outcome(mapped, '4712').outcome).toBe('acceptedWithWarnings');
	expect(outcome(mapped, '4712').message).toMatch(
		/^Accepted with warnings: package P2 \(message 3\): 18306 The tracking ID/,
	);
});

test('single Result: only that fulfillment is rejected; the summary counting errors does not reject the others', () => {
	const mapped = mapReportToFulfillments(
		parseProcessingReport(fixture('single-result.xml')),
		doc.messages.slice(0, 2),
	);
	expect(mapped.outcomes.map((o) => o.outcome)).toEqual(['accepted', 'rejected']);
});

test('a document-level rejection (MessageID 0, nothing processed) rejects every fulfillment with the hint', () => {
	const mapped = mapReportToFulfillments(
		parseProcessingReport(fixture('document-rejected.xml')),
		doc.messages,
	);
	expect(mapped.outcomes.every((o) => o.outcome === 'rejected')).toBe(true);
	expect(mapped.outcomes[0].errors[0]).toMatchObject({
		messageId: 0,
		hint: expect.stringMatching(/wrong feed type/),
	});
	expect(mapped.unmatched).toHaveLength(1);
});

test('a report that processed nothing and says nothing still rejects rather than accepting', () => {
	const report = {
		kind: 'xml',
		statusCode: 'Complete',
		summary: { processed: 0, successful: 0, withError: 0, withWarning: 0 },
		results: [],
	};
	const mapped = mapReportToFulfillments(report, doc.messages);
	expect(mapped.outcomes.every((o) => o.outcome === 'rejected')).toBe(true);
	expect(mapped.outcomes[0].errors[0].description).toMatch(/processed none of the messages/);
});

test('fewer messages processed than sent, no result for them: unaccounted, not accepted; results for unknown messages are kept aside', () => {
	const report = {
		kind: 'xml',
		summary: { processed: 3, successful: 3, withError: 0, withWarning: 1 },
		results: [
			{ messageId: 99, resultCode: 'Warning', code: '1', description: 'odd', additionalInfo: {} },
		],
	};
	const mapped = mapReportToFulfillments(report, doc.messages);
	expect(mapped.complete).toBe(false);
	expect(mapped.outcomes.every((o) => o.outcome === 'unaccounted')).toBe(true);
	expect(mapped.outcomes[0].message).toMatch(
		/does not account for message 1 \(3 of 5 messages processed/,
	);
	expect(mapped.notes[0]).toBe('Amazon reports 3 messages processed, but the document had 5');
	expect(mapped.unmatched).toEqual([expect.objectContaining({ messageId: 99 })]);
});

test('flat-file report rows map back through row numbers', () => {
	const flat = buildFeedDocuments(
		[
			prepared('4711', '114-1111111-1111111', 1, 1),
			prepared('4712', '114-1234567-1234567', 1, 2),
			prepared('4713', '114-7777777-7777777'),
			prepared('4714', '114-8888888-8888888'),
		],
		{ feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA' },
	)[0];
	// Rows: 1 → 4711; 2, 3 → 4712; 4 → 4713; 5 → 4714. The fixture's summary is for 4 rows: this
	// document has 5, all processed.
	const report = parseProcessingReport(fixture('flat-file-report.txt'));
	report.summary.processed = 5;
	const mapped = mapReportToFulfillments(report, flat.messages);
	expect(mapped.outcomes.map((o) => [o.fulfillmentKey, o.outcome])).toEqual([
		['4711', 'accepted'],
		['4712', 'rejected'],
		['4713', 'acceptedWithWarnings'],
		['4714', 'accepted'],
	]);
	// With a report that counts the header as record 1, the offset shifts every row by one.
	const shifted = mapReportToFulfillments(report, flat.messages, { recordNumberOffset: -1 });
	expect(shifted.outcomes.map((o) => o.outcome)).toEqual([
		'rejected',
		'rejected',
		'accepted',
		'accepted',
	]);
});

test('hints for known codes and texts', () => {
	expect(hintFor('18028', '', 'Error')).toMatch(/check the Amazon order ID/);
	expect(hintFor('5004', '', 'Error')).toMatch(/carrier table/);
	expect(
		hintFor(
			'',
			'We are unable to process the XML feed because one or more items are invalid.',
			'Error',
		),
	).toMatch(/feed type/);
	expect(hintFor('8560', 'Something new', 'Error')).toBeUndefined();
});
