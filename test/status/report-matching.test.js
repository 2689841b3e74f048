/**
 * Issue 15, "the processing report is trusted without matching it to the feed": a report naming
 * another feed, or one that processed fewer messages than the feed node sent with no result for
 * the rest, must not route anything to Done. Each such fulfillment goes to Failed (stays unsent).
 */
const nock = require('nock');
const { makeClient, fakeClock } = require('../amazon/helpers');
const { checkFeedStatuses } = require('../../core/status/check');
const { reportFixture, feedItem, inputs, mockGetFeed, mockReport } = require('./helpers');

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

async function check(items) {
	const clock = fakeClock(Date.parse('2026-11-27T10:00:00Z'));
	const { client } = makeClient({ clock });
	return await checkFeedStatuses(client, inputs(items), { clock });
}

/** Items of one feed as the feed node leaves them: `sent` messages in the whole document. */
function sentItems(numbers, sent) {
	return numbers.map((n) => {
		const item = feedItem(n);
		item.amazon.submission.messageCount = sent;
		return item;
	});
}

function report({ processed, successful = processed, results = '' }) {
	return `<?xml version="1.0"?><AmazonEnvelope><Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>A1</MerchantIdentifier></Header><MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>50001</DocumentTransactionID><StatusCode>Complete</StatusCode><ProcessingSummary><MessagesProcessed>${processed}</MessagesProcessed><MessagesSuccessful>${successful}</MessagesSuccessful><MessagesWithError>${processed - successful}</MessagesWithError><MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary>${results}</ProcessingReport></Message></AmazonEnvelope>`;
}

test('a report naming another feed routes every item to Failed, not Done', async () => {
	mockGetFeed('50001', ['DONE', 'doc-other']);
	mockReport('doc-other', reportFixture('all-success.xml'), { feedId: '49999' });
	const result = await check(sentItems([1, 2, 3, 4], 4));
	expect(result.items.map((i) => i.route)).toEqual(['failed', 'failed', 'failed', 'failed']);
	expect(result.items[0].result).toMatchObject({ outcome: 'failed', feedId: '50001' });
	expect(result.items[0].result.message).toMatch(
		/report Amazon gave for feed 50001 .*names feed 49999 \(DocumentTransactionID\).*stays unsent/,
	);
});

test('fewer messages processed than sent and no per-message results: Failed, saying which packages are unknown', async () => {
	mockGetFeed('50001', ['DONE', 'doc-short']);
	mockReport('doc-short', report({ processed: 2 }));
	const result = await check(sentItems([1, 2, 3, 4], 4));
	expect(result.items.map((i) => i.route)).toEqual(['failed', 'failed', 'failed', 'failed']);
	expect(result.items[2].result.message).toMatch(
		/does not account for fulfillment IF1203 .*message 3 \(2 of 4 messages processed.*1ZTRACK0003 is unknown.*stays unsent/,
	);
});

test('the count the feed node recorded is what counts: 2 items here, 3 messages in the feed, 2 processed', async () => {
	mockGetFeed('50001', ['DONE', 'doc-part']);
	mockReport('doc-part', report({ processed: 2 }));
	const result = await check(sentItems([1, 2], 3));
	expect(result.items.map((i) => i.route)).toEqual(['failed', 'failed']);
});

test('an error result still rejects its fulfillment; messages without a result in a short report are Failed', async () => {
	mockGetFeed('50001', ['DONE', 'doc-mixed']);
	const error =
		'<Result><MessageID>2</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>18028</ResultMessageCode><ResultDescription>Your order cannot be found.</ResultDescription></Result>';
	mockReport('doc-mixed', report({ processed: 2, successful: 1, results: error }));
	const result = await check(sentItems([1, 2, 3], 3));
	expect(result.items.map((i) => i.route)).toEqual(['failed', 'rejected', 'failed']);
});

test('every message accounted for (all processed): Done as before', async () => {
	mockGetFeed('50001', ['DONE', 'doc-full']);
	mockReport('doc-full', report({ processed: 3 }));
	const result = await check(sentItems([1, 2, 3], 3));
	expect(result.items.map((i) => i.route)).toEqual(['done', 'done', 'done']);
});
