'use strict';
/**
 * Through n8n's engine: with Look Up the Order First, a fulfillment whose SKU matching needs a
 * look-up Amazon throttles past Max Rate-Limit Wait leaves on Submitted as `failed` (Feed Status →
 * Failed, retried by the next run), not on Invalid. Needs a build (npx tsc -p tsconfig.json).
 */
const {
	startAmazonRunner,
	confirmShipmentFeedNode,
	AMAZON_CREDENTIAL,
	PKG,
} = require('../support/amazon-runner'); // before anything loads n8n-core
const { order, fulfillment } = require('./helpers');

const FEED = 'Amazon Shipment Feed';
const STATUS = 'Amazon Feed Status';
const FIRST = '114-4100001-4100001';
const THROTTLED = '114-4100002-4100002';

const workflow = {
	name: 'Confirm Shipment, look-up throttled',
	nodes: [
		confirmShipmentFeedNode({
			id: 'f0000000-0000-4000-8000-000000000001',
			name: FEED,
			parameters: { lookUpOrder: true, options: { maxRateLimitWaitSeconds: 1 } },
		}),
		{
			id: 'f0000000-0000-4000-8000-000000000002',
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

let emu;
let runner;
beforeAll(async () => {
	({ emu, runner } = await startAmazonRunner({
		seed: {
			marketplaceId: 'ATVPDKIKX0DER',
			amazonOrders: [FIRST, THROTTLED].map((id, k) =>
				order(id, [[`4${k + 1}100000000001`, 'WIDGET-1', 1]], {
					latestShipDate: '2099-12-31T23:59:59Z',
				}),
			),
		},
		// One getOrder goes through, the next is answered 429 (Amazon's refill: one per 2 s).
		rateLimitOverrides: { getOrder: { rate: 0.5, burst: 1 } },
	}));
});
afterAll(async () => await emu?.close());

test('a look-up not done in time sends its fulfillment to Failed, not Invalid', async () => {
	const run = await runner.runManual(workflow, {
		startNodeName: FEED,
		items: [
			fulfillment(5201, FIRST, [[1, undefined, 1, 'WIDGET-1']], [['1Z999AA10123458001']]),
			fulfillment(5202, THROTTLED, [[1, undefined, 1, 'WIDGET-1']], [['1Z999AA10123458002']]),
		].map((json) => ({ json })),
	});
	expect(run.error).toBeNull();
	expect(run.items(FEED, 1)).toEqual([]);
	expect(run.items(STATUS, 0).map((j) => j.fulfillmentNumber)).toEqual(['IF5201']);
	const failed = run.items(STATUS, 3);
	expect(failed.map((j) => [j.fulfillmentNumber, j.amazon.result.errors[0].code])).toEqual([
		['IF5202', 'QuotaExceeded'],
	]);
	expect(failed[0].amazon.result.message).toMatch(/order look-up .* was not done in time/);
	expect(emu.inspect().orders[THROTTLED].packages).toEqual([]);
});
