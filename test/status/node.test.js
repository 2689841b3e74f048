/**
 * Amazon Feed Status through n8n's own engine (in-process runner) against the Amazon emulator.
 * Needs a build first: npx tsc -p tsconfig.json (the runner loads dist/ like n8n does).
 */
const { createRunner } = require('../harness/n8n-runner'); // before anything loads n8n-core
const fs = require('node:fs');
const path = require('node:path');
const { createAmazonEmulator } = require('../../emulators/amazon');
const { createTestClient, fulfillmentXml } = require('../../emulators/amazon/testkit');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const LOOP = require('./fixtures/feed-status-loop.workflow.json');

const ROOT = path.join(__dirname, '../..');
const BUILT = path.join(ROOT, 'dist/nodes/AmazonFeedStatus/AmazonFeedStatus.node.js');
const STATUS = 'Amazon Feed Status';
const OUT = { done: 0, rejected: 1, pending: 2, failed: 3 };

const O1 = '114-1000001-1000001';
const O2 = '114-1000002-1000002';
const UNKNOWN = '114-9999999-9999999';
const SEED = {
	marketplaceId: 'ATVPDKIKX0DER',
	amazonOrders: [
		{
			amazonOrderId: O1,
			orderStatus: 'Unshipped',
			items: [{ orderItemId: '11111111111111', quantityOrdered: 2, quantityShipped: 0 }],
		},
		{
			amazonOrderId: O2,
			orderStatus: 'Unshipped',
			items: [{ orderItemId: '22222222222221', quantityOrdered: 1, quantityShipped: 0 }],
		},
	],
};

/** What Amazon Shipment Feed emits for one fulfillment sent as message `messageId` of `feedId`. */
function sentItem(n, { orderId, messageId, tracking, itemId, quantity, feedId }) {
	return {
		fulfillmentId: String(1200 + n),
		fulfillmentNumber: `IF${1200 + n}`,
		salesOrderId: String(500 + n),
		amazonOrderId: orderId,
		lines: [{ line: '1', quantity, amazonOrderItemId: itemId }],
		packages: [{ packageId: '1', trackingNumber: tracking }],
		trackingNumbers: [tracking],
		amazon: {
			submission: {
				method: 'feed',
				marketplaceId: 'ATVPDKIKX0DER',
				amazonOrderId: orderId,
				feedType: 'POST_ORDER_FULFILLMENT_DATA',
				feedId,
				submittedAt: new Date().toISOString(),
				packages: [
					{
						messageId,
						packageId: '1',
						carrierCode: 'UPS',
						trackingNumber: tracking,
						shipDate: '2026-11-20T10:00:00Z',
						items: [{ amazonOrderItemId: itemId, quantity }],
					},
				],
			},
		},
	};
}

const SHIPMENTS = [
	{ n: 1, orderId: O1, tracking: '1Z999AA10000000001', itemId: '11111111111111', quantity: 2 },
	{ n: 2, orderId: O2, tracking: '1Z999AA10000000002', itemId: '22222222222221', quantity: 1 },
	{ n: 3, orderId: UNKNOWN, tracking: '1Z999AA10000000003', itemId: '99999999999991', quantity: 1 },
];

/** Submits one XML feed with the given shipments (message IDs 1..n) and returns the feed node's items. */
async function submit(shipments) {
	const xml = fulfillmentXml(
		shipments.map((s, i) => ({
			messageId: i + 1,
			orderId: s.orderId,
			carrierCode: 'UPS',
			tracking: s.tracking,
			items: [{ id: s.itemId, qty: s.quantity }],
		})),
	);
	const { feedId } = await amazon.submitFeed(xml);
	return shipments.map((s, i) => sentItem(s.n, { ...s, messageId: i + 1, feedId }));
}

function workflow(parameters = {}, nodeSettings = {}) {
	const wf = JSON.parse(JSON.stringify(LOOP));
	const node = wf.nodes.find((n) => n.name === STATUS);
	node.parameters = { ...node.parameters, ...parameters };
	Object.assign(node, nodeSettings);
	return wf;
}

/** Every item the node emitted, across all its runs, with its output and run index. */
function emitted(result) {
	const out = [];
	(result.runData[STATUS] ?? []).forEach((run, runIndex) =>
		run.forEach((items, output) =>
			(items ?? []).forEach((item) => out.push({ runIndex, output, item })),
		),
	);
	return out;
}

let emu;
let amazon;
let runner;

/** A fresh emulator per test (its call counters are per instance), the credential pointed at it. */
async function startEmulator() {
	emu = createAmazonEmulator({ seed: SEED, feedDelays: { inQueueMs: 0, inProgressMs: 0 } });
	const { url } = await emu.listen();
	amazon = createTestClient(url);
	return url;
}

function credentialFor(url) {
	return {
		...DEFAULT_CREDENTIALS.amazon,
		region: 'NA',
		sandbox: false,
		endpointOverride: url,
		tokenUrlOverride: `${url}/auth/o2/token`,
		accessToken: '',
	};
}

beforeAll(async () => {
	if (!fs.existsSync(BUILT))
		throw new Error(`Build first (npx tsc -p tsconfig.json): ${BUILT} is missing`);
	runner = await createRunner({
		packageDir: ROOT,
		credentials: [{ id: '1', name: 'Amazon SP-API', type: 'amazonSpApi', data: {} }],
	});
});

beforeEach(async () => {
	runner.credentials.setData('amazonSpApi', '1', credentialFor(await startEmulator()));
});

afterEach(async () => {
	await emu?.close();
});

test('Pending → Wait (persisted) → Feed Status: resumed from stored JSON after Amazon finished, items end on Done/Rejected with attempt 2', async () => {
	// Long enough that the first check certainly sees IN_QUEUE; the test then waits it out.
	emu.setFeedDelays({ inQueueMs: 1500, inProgressMs: 50 });
	const items = await submit(SHIPMENTS);

	const first = await runner.runManual(workflow(), { startNodeName: 'Sent Fulfillments', items });
	expect(first.status).toBe('waiting');
	expect(first.waitTill.getTime()).toBeGreaterThan(Date.now() + 60 * 1000);
	const pending = first.items(STATUS, OUT.pending);
	expect(pending).toHaveLength(3);
	expect(pending.map((j) => j.amazon.result.outcome)).toEqual(['pending', 'pending', 'pending']);
	expect(pending[0].amazon.result).toMatchObject({
		processingStatus: 'IN_QUEUE',
		attempt: 1,
		feedId: items[0].amazon.submission.feedId,
	});
	const firstCheckedAt = pending[0].amazon.result.firstCheckedAt;
	expect(typeof first.persisted).toBe('string');

	await emu.waitForFeeds();
	// Only the stored text goes to the resume, as with n8n's database or a queue-mode worker.
	const final = await runner.resume(first.persisted, { now: first.waitTill });
	expect(final.status).toBe('success');
	expect(final.executionId).toBe(first.executionId);
	expect(final.runData[STATUS]).toHaveLength(2);

	const done = final.items(STATUS, OUT.done);
	const rejected = final.items(STATUS, OUT.rejected);
	expect(final.items(STATUS, OUT.pending)).toEqual([]);
	expect(final.items(STATUS, OUT.failed)).toEqual([]);
	expect(done.map((j) => j.fulfillmentNumber)).toEqual(['IF1201', 'IF1202']);
	expect(done.map((j) => [j.amazon.result.outcome, j.amazon.result.attempt])).toEqual([
		['accepted', 2],
		['accepted', 2],
	]);
	expect(done[0].amazon.result.firstCheckedAt).toBe(firstCheckedAt);
	expect(done[0].amazon.result.processingStatus).toBe('DONE');
	expect(done[0].amazon.result.resultFeedDocumentId).toEqual(expect.any(String));

	expect(rejected).toHaveLength(1);
	const r = rejected[0].amazon.result;
	expect(r).toMatchObject({ outcome: 'rejected', attempt: 2, firstCheckedAt });
	expect(r.errors[0]).toMatchObject({
		messageId: 3,
		code: '18028',
		amazonOrderId: UNKNOWN,
		trackingNumber: '1Z999AA10000000003',
	});
	expect(r.message).toMatch(
		/^Amazon rejected package 1Z999AA10000000003 of fulfillment IF1203 \(order 114-9999999-9999999\): 18028 .*— Amazon cannot find this order/,
	);
	// The input JSON travels whole: the submission is still there next to the result.
	expect(rejected[0].amazon.submission).toEqual(items[2].amazon.submission);
	expect(rejected[0].lines).toEqual(items[2].lines);
	expect(final.items('Done')).toHaveLength(2);
	expect(final.items('Rejected')).toHaveLength(1);

	// One getFeed per feed per run, one report download for the DONE feed.
	expect(emu.stats().calls.getFeed).toBe(2);
	expect(emu.stats().calls.getFeedDocument).toBe(1);
	// Every item on every output of both runs is paired to its input item.
	const all = emitted(final);
	expect(all).toHaveLength(6);
	expect(all.every(({ item }) => typeof item.pairedItem?.item === 'number')).toBe(true);
});

test('attempt limit through the loop: a feed stuck IN_QUEUE fails at the 3rd check and is cancelled when asked', async () => {
	emu.forceFeedStatus(1, 'STUCK');
	const items = await submit(SHIPMENTS.slice(0, 1));
	const final = await runner.runToCompletion(
		runner.runManual(workflow({ cancelStuckInQueue: true, options: { maxChecks: 3 } }), {
			startNodeName: 'Sent Fulfillments',
			items,
		}),
		{ maxResumes: 5 },
	);
	expect(final.status).toBe('success');
	expect(final.resumes).toBe(2);
	const failed = final.items(STATUS, OUT.failed);
	expect(failed).toHaveLength(1);
	expect(failed[0].amazon.result).toMatchObject({
		outcome: 'failed',
		attempt: 3,
		processingStatus: 'CANCELLED',
	});
	expect(failed[0].amazon.result.message).toMatch(/checked 3 times .*cancelled the feed/);
	expect(emu.inspect().feeds[0].status).toBe('CANCELLED');
	expect(emu.stats().calls.getFeed).toBe(3);
	expect(emu.stats().calls.cancelFeed).toBe(1);
});

test('two feeds in one run: one getFeed and one report per feed; FATAL feed items go to Failed', async () => {
	emu.forceFeedStatus(2, 'FATAL');
	const a = await submit(SHIPMENTS.slice(0, 1));
	const b = await submit(SHIPMENTS.slice(1, 2));
	await emu.waitForFeeds();
	const result = await runner.runManual(workflow(), {
		startNodeName: 'Sent Fulfillments',
		items: [a[0], b[0]],
	});
	expect(result.status).toBe('success');
	expect(result.items(STATUS, OUT.done).map((j) => j.fulfillmentNumber)).toEqual(['IF1201']);
	const failed = result.items(STATUS, OUT.failed);
	expect(failed.map((j) => j.fulfillmentNumber)).toEqual(['IF1202']);
	expect(failed[0].amazon.result.processingStatus).toBe('FATAL');
	expect(failed[0].amazon.result.message).toMatch(/some, none or all/);
	expect(emu.stats().calls.getFeed).toBe(2);
	// The DONE feed's report, and the FATAL feed's report for its reason.
	expect(emu.stats().calls.getFeedDocument).toBe(2);
	expect(emitted(result).map(({ item }) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
});

test('an item without a feed ID stops the node with an error naming the item', async () => {
	const items = [{ fulfillmentId: '1201', fulfillmentNumber: 'IF1201', lines: [], packages: [] }];
	const result = await runner.runManual(workflow(), { startNodeName: 'Sent Fulfillments', items });
	expect(result.status).toBe('error');
	expect(result.error.message).toMatch(/No feed ID for fulfillment IF1201 \(item 0\)/);
	expect(emu.stats().calls.getFeed).toBeUndefined();
});

test('with "continue" on error, an item without a feed ID goes to Failed with the error; the others are checked', async () => {
	const good = await submit(SHIPMENTS.slice(0, 1));
	await emu.waitForFeeds();
	const bad = { fulfillmentId: '1299', fulfillmentNumber: 'IF1299', lines: [], packages: [] };
	const result = await runner.runManual(workflow({}, { onError: 'continueRegularOutput' }), {
		startNodeName: 'Sent Fulfillments',
		items: [bad, good[0]],
	});
	expect(result.status).toBe('success');
	const failed = result.items(STATUS, OUT.failed);
	expect(failed).toHaveLength(1);
	expect(failed[0].error.message).toMatch(/No feed ID for fulfillment IF1299/);
	expect(result.items(STATUS, OUT.done).map((j) => j.fulfillmentNumber)).toEqual(['IF1201']);
});

test("items the feed node already marked failed (Continue On Fail, no feed ID) go to Failed with their message, without an error or a call", async () => {
	const good = await submit(SHIPMENTS.slice(0, 1));
	await emu.waitForFeeds();
	const message =
		'Amazon refused the XML feed for marketplace ATVPDKIKX0DER with 1 fulfillment: InvalidInput: bad header';
	const refused = {
		fulfillmentId: '1298',
		fulfillmentNumber: 'IF1298',
		lines: [],
		packages: [],
		amazon: {
			result: { outcome: 'failed', message, warnings: [], errors: [], attempt: 0, checkedAt: 'x' },
		},
		error: { message },
	};
	// The node's default error handling: the failed item must not stop the run.
	const result = await runner.runManual(workflow(), {
		startNodeName: 'Sent Fulfillments',
		items: [refused, good[0]],
	});
	expect(result.status).toBe('success');
	const failed = result.items(STATUS, OUT.failed);
	expect(failed.map((j) => j.fulfillmentNumber)).toEqual(['IF1298']);
	expect(failed[0].amazon.result).toMatchObject({ outcome: 'failed', message });
	expect(result.items(STATUS, OUT.done).map((j) => j.fulfillmentNumber)).toEqual(['IF1201']);
	// Only the good item's feed was asked about.
	expect(emu.stats().calls.getFeed).toBe(1);
});
