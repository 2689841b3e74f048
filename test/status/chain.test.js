/**
 * The real chain: Amazon Shipment Feed → Amazon Feed Status → Pending → Wait (persisted) → Amazon
 * Feed Status, run by n8n's engine against the Amazon emulator. Needs a build (npx tsc -p tsconfig.json).
 */
// First: it loads n8n's engine before anything else loads n8n-core.
const { startAmazonRunner, AMAZON_CREDENTIAL, PKG, ROOT } = require('../support/amazon-runner');
const fs = require('node:fs');
const path = require('node:path');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { samples, carrierRules } = require('../fixtures/feed/fulfillments');

const FEED_NODE = path.join(ROOT, 'dist/nodes/AmazonShipmentFeed/AmazonShipmentFeed.node.js');
const STATUS_NODE = path.join(ROOT, 'dist/nodes/AmazonFeedStatus/AmazonFeedStatus.node.js');
const STATUS = 'Amazon Feed Status';
const ORDER = samples.complete.amazonOrderId;
const UNKNOWN_ORDER = '114-7654321-7654321';

const SEED = {
	marketplaceId: 'ATVPDKIKX0DER',
	amazonOrders: [
		{
			amazonOrderId: ORDER,
			orderStatus: 'Unshipped',
			items: samples.complete.lines.map((l) => ({
				orderItemId: l.amazonOrderItemId,
				quantityOrdered: l.quantity,
				quantityShipped: 0,
			})),
		},
	],
};

function workflow() {
	const credentials = AMAZON_CREDENTIAL;
	const node = (name, type, position, parameters = {}, extra = {}) => ({
		id: `c0000000-0000-4000-8000-${String(position[0] + position[1]).padStart(12, '0')}`,
		name,
		type,
		typeVersion: 1,
		position,
		parameters,
		...extra,
	});
	return {
		name: 'Shipment Feed → Feed Status loop',
		nodes: [
			node(
				'Amazon Shipment Feed',
				`${PKG}.amazonShipmentFeed`,
				[0, 0],
				{
					merchantIdentifier: DEFAULT_CREDENTIALS.amazon.sellerId,
					carrierMapping: {
						rule: carrierRules.map((r) => ({
							match: r.match,
							carrierCode: r.carrierCode,
							...(r.carrierName ? { carrierName: r.carrierName } : {}),
							...(r.shippingMethod ? { shippingMethod: r.shippingMethod } : {}),
						})),
					},
				},
				{ credentials },
			),
			node(STATUS, `${PKG}.amazonFeedStatus`, [200, 0], {}, { credentials }),
			node(
				'Wait',
				'n8n-nodes-base.wait',
				[200, 200],
				{ resume: 'timeInterval', amount: 3, unit: 'minutes' },
				{ typeVersion: 1.1, webhookId: 'c0000000-0000-4000-8000-0000000000ff' },
			),
		],
		connections: {
			'Amazon Shipment Feed': { main: [[{ node: STATUS, type: 'main', index: 0 }]] },
			[STATUS]: { main: [[], [], [{ node: 'Wait', type: 'main', index: 0 }], []] },
			Wait: { main: [[{ node: STATUS, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

let emu;
let runner;

beforeAll(async () => {
	for (const file of [FEED_NODE, STATUS_NODE]) {
		if (!fs.existsSync(file))
			throw new Error(`Build first (npx tsc -p tsconfig.json): ${file} is missing`);
	}
	// Long enough that the first status check certainly sees IN_QUEUE.
	({ emu, runner } = await startAmazonRunner({
		seed: SEED,
		feedDelays: { inQueueMs: 1500, inProgressMs: 50 },
	}));
});

afterAll(async () => {
	await emu?.close();
});

test('fulfillments sent by the feed node come back through the Wait loop: one accepted, a two-package one rejected per package', async () => {
	const unknown = { ...samples.multiPackageKnown, amazonOrderId: UNKNOWN_ORDER };
	const first = await runner.runManual(workflow(), {
		startNodeName: 'Amazon Shipment Feed',
		items: [samples.complete, unknown],
	});
	expect(first.error).toBeNull();
	expect(first.status).toBe('waiting');
	const pending = first.items(STATUS, 2);
	expect(pending.map((j) => [j.fulfillmentNumber, j.amazon.result.outcome])).toEqual([
		['IF4711', 'pending'],
		['IF4713', 'pending'],
	]);
	// Both fulfillments went into one feed; its message IDs are what the status node maps by.
	const feedId = pending[0].amazon.submission.feedId;
	expect(pending[1].amazon.submission.feedId).toBe(feedId);

	await emu.waitForFeeds();
	const final = await runner.resume(first.persisted, { now: first.waitTill });
	expect(final.status).toBe('success');
	const done = final.items(STATUS, 0);
	const rejected = final.items(STATUS, 1);
	expect(
		done.map((j) => [j.fulfillmentNumber, j.amazon.result.outcome, j.amazon.result.attempt]),
	).toEqual([['IF4711', 'accepted', 2]]);
	expect(rejected).toHaveLength(1);
	const r = rejected[0].amazon.result;
	expect(r.attempt).toBe(2);
	expect(r.errors.map((e) => [e.code, e.trackingNumber])).toEqual([
		['18028', '794600000001'],
		['18028', '794600000002'],
	]);
	expect(r.message).toMatch(
		/^Amazon rejected fulfillment IF4713 \(order 114-7654321-7654321\): package 794600000001: 18028 /,
	);
	expect(emu.stats().calls.getFeed).toBe(2);
	expect(emu.stats().calls.getFeedDocument).toBe(1);
});
