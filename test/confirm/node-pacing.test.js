'use strict';
/**
 * Issue 18, through n8n's engine: 20 executions of Amazon Shipment Feed (Confirm Shipment) started
 * at once, as 20 webhook notices would start them, each building its own Amazon client from the
 * credential. They pace together (same LWA client ID and refresh token), so Amazon's emulator with
 * its real limit (2/s, burst 10, real time) sees the burst of 10 and then one call per 0.5 s,
 * instead of 20 calls at once and 10 × 429. Needs a build (npx tsc -p tsconfig.json).
 */
// First: it loads n8n's engine before anything else loads n8n-core.
const { startAmazonRunner, confirmShipmentFeedNode } = require('../support/amazon-runner');
const { order, fulfillment } = require('./helpers');

jest.setTimeout(60_000);

const FEED = 'Amazon Shipment Feed';
const N = 20;
const orderId = (i) => `114-${String(5100000 + i)}-${String(5100000 + i)}`;
const itemId = (i) => `51${String(i).padStart(12, '0')}`;

const workflow = {
	name: 'Confirm Shipment',
	nodes: [confirmShipmentFeedNode({ id: 'e0000000-0000-4000-8000-000000000001', name: FEED })],
	connections: {},
	settings: { executionOrder: 'v1' },
};

let emu;
let runner;
const statuses = [];
beforeAll(async () => {
	({ emu, runner } = await startAmazonRunner({
		seed: {
			marketplaceId: 'ATVPDKIKX0DER',
			amazonOrders: Array.from({ length: N }, (_, k) =>
				order(orderId(k + 1), [[itemId(k + 1), 'WIDGET-1', 1]], {
					latestShipDate: '2099-12-31T23:59:59Z',
				}),
			),
		},
		logger: (entry) => statuses.push(entry),
	}));
});
afterAll(async () => await emu?.close());

test('20 executions at once share the seller’s Confirm Shipment pacing: all confirmed, no 429 storm', async () => {
	const started = Date.now();
	const runs = await Promise.all(
		Array.from({ length: N }, (_, k) =>
			runner.runManual(workflow, {
				startNodeName: FEED,
				items: [
					{
						json: fulfillment(
							7100 + k,
							orderId(k + 1),
							[[1, itemId(k + 1), 1]],
							[[`1Z999AA1${String(7100 + k).padStart(10, '0')}`]],
						),
					},
				],
			}),
		),
	);
	const wallMs = Date.now() - started;
	for (const run of runs) {
		expect(run.error).toBeNull();
		const [item] = run.items(FEED, 0);
		expect(item.amazon.result.outcome).toBe('accepted');
	}
	const confirm = statuses.filter((s) => s.operation === 'confirmShipment');
	expect(confirm.filter((s) => s.status === 204)).toHaveLength(N);
	// Each execution on its own would burst: 10 of the 20 refused. Shared, at most a stray one.
	expect(confirm.filter((s) => s.status === 429).length).toBeLessThanOrEqual(2);
	// The 10 after the burst went one per 0.5 s: about 5 s, not at once.
	expect(wallMs).toBeGreaterThanOrEqual(4500);
	for (let k = 1; k <= N; k++) expect(emu.inspect().orders[orderId(k)].orderStatus).toBe('Shipped');
});
