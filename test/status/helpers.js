/** Items shaped like Amazon Shipment Feed's output, and nock answers for getFeed / getFeedDocument / download. */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const nock = require('nock');
const { NA, S3 } = require('../amazon/helpers');

const FEEDS = '/feeds/2021-06-30';
const REPORTS = path.join(__dirname, '../fixtures/report');

function reportFixture(name) {
	return fs.readFileSync(path.join(REPORTS, name), 'utf8');
}

/**
 * One fulfillment item after the feed node. packages: [[messageId, trackingNumber], ...].
 */
function feedItem(n, { feedId = '50001', packages, submittedAt, result, orderId } = {}) {
	const amazonOrderId = orderId ?? `114-${String(1000000 + n)}-${String(1000000 + n)}`;
	const pk = packages ?? [[n, `1ZTRACK${String(n).padStart(4, '0')}`]];
	return {
		fulfillmentId: String(1200 + n),
		fulfillmentNumber: `IF${1200 + n}`,
		salesOrderId: String(500 + n),
		amazonOrderId,
		lines: [],
		packages: pk.map(([, tracking], i) => ({ packageId: String(i + 1), trackingNumber: tracking })),
		trackingNumbers: pk.map(([, t]) => t),
		amazon: {
			submission: {
				method: 'feed',
				marketplaceId: 'ATVPDKIKX0DER',
				amazonOrderId,
				feedType: 'POST_ORDER_FULFILLMENT_DATA',
				feedId,
				submittedAt: submittedAt ?? '2026-11-27T09:55:00.000Z',
				packages: pk.map(([messageId, tracking], i) => ({
					messageId,
					packageId: String(i + 1),
					carrierCode: 'UPS',
					trackingNumber: tracking,
					shipDate: '2026-11-20T00:00:00Z',
					items: [{ amazonOrderItemId: '12345678901234', quantity: 1 }],
				})),
			},
			...(result ? { result } : {}),
		},
	};
}

/** StatusItemInput list (what the node hands to core). */
function inputs(items) {
	return items.map((json, index) => ({ index, feedId: json.amazon.submission.feedId, json }));
}

function feedBody(feedId, processingStatus, resultFeedDocumentId) {
	return {
		feedId,
		feedType: 'POST_ORDER_FULFILLMENT_DATA',
		marketplaceIds: ['ATVPDKIKX0DER'],
		createdTime: '2026-11-27T09:55:00Z',
		processingStatus,
		...(resultFeedDocumentId ? { resultFeedDocumentId } : {}),
	};
}

/** getFeed answers in sequence (a status string, or [status, docId]). */
function mockGetFeed(feedId, ...answers) {
	const scope = nock(NA);
	for (const a of answers) {
		const [status, doc] = Array.isArray(a) ? a : [a, undefined];
		scope.get(`${FEEDS}/feeds/${feedId}`).reply(200, feedBody(feedId, status, doc));
	}
	return scope;
}

/**
 * getFeedDocument + the S3 download of a report text (gzip unless plain). Like Amazon's, an XML
 * report names the feed it belongs to: its DocumentTransactionID is set to `feedId`.
 */
function mockReport(docId, report, { gzip = true, key = docId, feedId = '50001' } = {}) {
	const text = report.replace(
		/<DocumentTransactionID>[^<]*<\/DocumentTransactionID>/,
		`<DocumentTransactionID>${feedId}</DocumentTransactionID>`,
	);
	const api = nock(NA)
		.get(`${FEEDS}/documents/${docId}`)
		.reply(200, {
			feedDocumentId: docId,
			url: `${S3}/reports/${key}`,
			...(gzip ? { compressionAlgorithm: 'GZIP' } : {}),
		});
	const s3 = nock(S3)
		.get(`/reports/${key}`)
		.reply(200, gzip ? zlib.gzipSync(Buffer.from(text, 'utf8')) : text, {
			'content-type': 'text/xml; charset=UTF-8',
		});
	return { api, s3 };
}

/** A processing report with `count` messages; `errorEvery`-th ones fail, `warnEvery`-th warn. */
function manyResultsReport(count, { errorEvery = 3, warnEvery = 5 } = {}) {
	const results = [];
	let errors = 0;
	let warnings = 0;
	for (let id = 1; id <= count; id++) {
		if (id % errorEvery === 0) {
			errors++;
			results.push(
				`<Result><MessageID>${id}</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>18028</ResultMessageCode><ResultDescription>Your order cannot be found (message ${id}).</ResultDescription></Result>`,
			);
		} else if (id % warnEvery === 0) {
			warnings++;
			results.push(
				`<Result><MessageID>${id}</MessageID><ResultCode>Warning</ResultCode><ResultMessageCode>18306</ResultMessageCode><ResultDescription>The tracking ID T${id} for UPS does not match the expected format for the carrier.</ResultDescription></Result>`,
			);
		}
	}
	return `<?xml version="1.0"?><AmazonEnvelope><Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>A1</MerchantIdentifier></Header><MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>1</DocumentTransactionID><StatusCode>Complete</StatusCode><ProcessingSummary><MessagesProcessed>${count}</MessagesProcessed><MessagesSuccessful>${count - errors}</MessagesSuccessful><MessagesWithError>${errors}</MessagesWithError><MessagesWithWarning>${warnings}</MessagesWithWarning></ProcessingSummary>${results.join('')}</ProcessingReport></Message></AmazonEnvelope>`;
}

module.exports = {
	FEEDS,
	reportFixture,
	feedItem,
	inputs,
	feedBody,
	mockGetFeed,
	mockReport,
	manyResultsReport,
};
