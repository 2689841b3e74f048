'use strict';
/**
 * Amazon Shipment Feed with method Confirm Shipment, then Amazon Feed Status, run by n8n's engine
 * against the Amazon emulator: items leave the feed node with their final result, and the status
 * node routes them to Done / Rejected without calling Amazon. Needs a build (npx tsc -p tsconfig.json).
 */
// First: it loads n8n's engine before anything else loads n8n-core.
const {
	startAmazonRunner,
	confirmShipmentFeedNode,
	AMAZON_CREDENTIAL,
	PKG,
	ROOT,
} = require('../support/amazon-runner');
const fs = require('node:fs');
const path = require('node:path');
const { order, fulfillment } = require('./helpers');

const FEED = 'Amazon Shipment Feed';
const STATUS = 'Amazon Feed Status';
const OPEN = '114-4000001-4000001';
const CANCELLED = '114-4000002-4000002';

function workflow(feedParameters) {
	return {
		name: 'Confirm Shipment → Feed Status',
		nodes: [
			confirmShipmentFeedNode({
				id: 'd0000000-0000-4000-8000-000000000001',
				name: FEED,
				parameters: feedParameters,
			}),
			{
				id: 'd0000000-0000-4000-8000-000000000002',
				name: STATUS,
				type: `${PKG}.amazonFeedStatus`,
				typeVersion: 1,
				position: [200, 0],
				parameters: {},
				credentials: AMAZON_CREDENTIAL,
			},
		],
		connections: { [FEED]: { main: [[{ node: STATUS, type: 'main', index: 0 }], []] } },
		settings: { executionOrder: 'v1' },
	};
}

let emu;
let runner;
beforeAll(async () => {
	const file = path.join(ROOT, 'dist/nodes/AmazonShipmentFeed/actions/confirmShipment.js');
	if (!fs.existsSync(file)) throw new Error(`Build first (npx tsc -p tsconfig.json): ${file}`);
	({ emu, runner } = await startAmazonRunner({
		seed: {
			marketplaceId: 'ATVPDKIKX0DER',
			amazonOrders: [
				// n8n runs on the real clock: a ship-by date far ahead keeps this confirmation on time.
				order(
					OPEN,
					[
						['41000000000001', 'WIDGET-1', 2],
						['41000000000002', 'GADGET-2', 1],
					],
					{ latestShipDate: '2099-12-31T23:59:59Z' },
				),
				order(CANCELLED, [['42000000000001', 'WIDGET-1', 1]], { orderStatus: 'Canceled' }),
			],
		},
	}));
});
afterAll(async () => await emu?.close());
beforeEach(() => emu.reset());

const items = () => [
	// No order item IDs in NetSuite: matched by SKU after the lookup.
	fulfillment(
		5101,
		OPEN,
		[
			[1, undefined, 2, 'WIDGET-1'],
			[2, undefined, 1, 'GADGET-2'],
		],
		[
			['1Z999AA10123457001', [[1, 2]]],
			['1Z999AA10123457002', [[2, 1]]],
		],
	),
	fulfillment(5102, CANCELLED, [[1, '42000000000001', 1]], [['1Z999AA10123457003']]),
];

test('Confirm Shipment items pass Feed Status to Done / Rejected without a feed', async () => {
	const run = await runner.runManual(workflow({ lookUpOrder: true }), {
		startNodeName: FEED,
		items: items().map((json) => ({ json })),
	});
	expect(run.error).toBeNull();
	const submitted = run.items(FEED, 0);
	expect(submitted.map((j) => j.amazon.submission.method)).toEqual([
		'confirmShipment',
		'confirmShipment',
	]);
	expect(submitted[0].amazon.submission.packages.map((p) => p.packageReferenceId)).toEqual([
		'510101',
		'510102',
	]);
	const done = run.items(STATUS, 0);
	const rejected = run.items(STATUS, 1);
	expect(done.map((j) => [j.fulfillmentNumber, j.amazon.result.outcome])).toEqual([
		['IF5101', 'accepted'],
	]);
	expect(done[0].amazon.result.latestShipDate).toBe('2099-12-31T23:59:59Z');
	expect(rejected.map((j) => [j.fulfillmentNumber, j.amazon.result.errors[0].code])).toEqual([
		['IF5102', 'OrderCancelled'],
	]);
	expect(emu.inspect().orders[OPEN].orderStatus).toBe('Shipped');
	expect(emu.stats().calls.getFeed).toBeUndefined();
});

test('with the look-up, one Amazon client serves the whole execution (one set of rate-limit buckets)', async () => {
	// Every AmazonClient builds one RateLimiter; a second client would start with full buckets.
	const limits = require(path.join(ROOT, 'dist/core/amazon/rateLimits.js'));
	const Original = limits.RateLimiter;
	let built = 0;
	limits.RateLimiter = class extends Original {
		constructor(...args) {
			super(...args);
			built += 1;
		}
	};
	try {
		const run = await runner.runManual(workflow({ lookUpOrder: true }), {
			startNodeName: FEED,
			items: items().map((json) => ({ json })),
		});
		expect(run.error).toBeNull();
		expect(emu.stats().calls).toMatchObject({ getOrder: 2, confirmShipment: 2 });
		expect(built).toBe(1);
	} finally {
		limits.RateLimiter = Original;
	}
});

test('without the lookup, lines lacking order item IDs go to Invalid; preview sends nothing', async () => {
	const run = await runner.runManual(workflow({}), {
		startNodeName: FEED,
		items: items().map((json) => ({ json })),
	});
	expect(run.error).toBeNull();
	expect(run.items(FEED, 1).map((j) => j.fulfillmentNumber)).toEqual(['IF5101']);

	const preview = await runner.runManual(workflow({ options: { preview: true } }), {
		startNodeName: FEED,
		items: items().map((json) => ({ json })),
	});
	const [p] = preview.items(FEED, 0);
	expect(p.amazon.submission.method).toBe('preview');
	expect(JSON.parse(p.amazon.submission.document).confirmShipment[0].packageDetail).toMatchObject({
		packageReferenceId: '510201',
		carrierCode: 'UPS',
		trackingNumber: '1Z999AA10123457003',
	});
	expect(emu.inspect().orders[CANCELLED].packages).toEqual([]);
});
