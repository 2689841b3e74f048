'use strict';

/**
 * The Amazon emulator and the project's client on one fake clock: the client's pacing and the
 * emulator's token buckets see the same time, so rate-limit tests need no real waiting.
 */
const { createAmazonEmulator } = require('../../emulators/amazon');
const { createTestClient } = require('../../emulators/amazon/testkit');
const { AmazonClient } = require('../../core/amazon/client');
const { CarrierMapper } = require('../../core/feed/carrierMapping');
const { fetchTransport, fakeClock } = require('../amazon/helpers');

const MARKETPLACE = 'ATVPDKIKX0DER';
const T0 = Date.parse('2026-11-20T12:00:00Z');

function order(amazonOrderId, items, extra = {}) {
	return {
		amazonOrderId,
		marketplaceId: MARKETPLACE,
		orderStatus: 'Unshipped',
		purchaseDate: '2026-11-18T09:00:00Z',
		latestShipDate: '2026-11-25T23:59:59Z',
		items: items.map(([orderItemId, sellerSku, quantityOrdered]) => ({
			orderItemId,
			sellerSku,
			quantityOrdered,
			quantityShipped: 0,
		})),
		...extra,
	};
}

async function startAmazon(amazonOrders, options = {}) {
	const clock = fakeClock(options.start ?? T0);
	const emu = createAmazonEmulator({
		seed: { marketplaceId: MARKETPLACE, amazonOrders },
		clock: { now: () => clock.t },
		...(options.emulator || {}),
	});
	const { url } = await emu.listen();
	const token = await createTestClient(url).token();
	const calls = [];
	const client = new AmazonClient({
		transport: fetchTransport({
			extraHeaders: { 'x-amz-access-token': token.body.access_token },
			log: calls,
		}),
		presignedTransport: fetchTransport(),
		clock,
		baseUrl: url,
		retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 },
		...(options.client || {}),
	});
	return { emu, client, clock, calls, close: () => emu.close() };
}

const mapper = () =>
	new CarrierMapper([
		{ match: 'UPS Ground', carrierCode: 'UPS', shippingMethod: 'Ground' },
		{ match: 'Local Courier', carrierCode: 'Other', carrierName: 'Speedy Local' },
	]);

/** A trigger-shaped fulfillment; `packages` = [[tracking, [[line, qty], ...]], ...]. */
function fulfillment(id, amazonOrderId, lines, packages, extra = {}) {
	return {
		fulfillmentId: String(id),
		fulfillmentNumber: `IF${id}`,
		salesOrderId: '501',
		amazonOrderId,
		marketplaceId: MARKETPLACE,
		shipDate: '2026-11-20',
		shipMethod: 'UPS Ground',
		status: 'C',
		lines: lines.map(([line, amazonOrderItemId, quantity, sku]) => ({
			line: String(line),
			quantity,
			...(amazonOrderItemId ? { amazonOrderItemId } : {}),
			...(sku ? { sku } : {}),
		})),
		packages: packages.map(([trackingNumber, contents], i) => ({
			packageId: String(i + 1),
			trackingNumber,
			...(contents
				? { lines: contents.map(([line, quantity]) => ({ line: String(line), quantity })) }
				: {}),
		})),
		trackingNumbers: packages.map(([t]) => t),
		source: { kind: 'suiteql', polledAt: '2026-11-20T11:59:00Z', reason: 'new' },
		...extra,
	};
}

const confirmCalls = (calls) => calls.filter((c) => /shipmentConfirmation$/.test(c.url));

module.exports = { MARKETPLACE, T0, order, startAmazon, mapper, fulfillment, confirmCalls };
