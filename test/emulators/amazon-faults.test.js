'use strict';

const { createAmazonEmulator } = require('../../emulators/amazon');
const {
	createTestClient,
	parseProcessingReport,
	fulfillmentXml,
} = require('../../emulators/amazon/testkit');

const O1 = '114-1000001-1000001';
const SEED = {
	marketplaceId: 'ATVPDKIKX0DER',
	amazonOrders: [
		{ amazonOrderId: O1, items: [{ orderItemId: '11111111111111', quantityOrdered: 50 }] },
	],
};
const xml = fulfillmentXml([
	{
		orderId: O1,
		carrierCode: 'UPS',
		tracking: '1Z999AA10123456784',
		items: [{ id: '11111111111111', qty: 1 }],
	},
]);

async function start(options = {}) {
	const emu = createAmazonEmulator({
		seed: SEED,
		rateLimits: false,
		feedDelays: { inQueueMs: 0, inProgressMs: 0 },
		...options,
	});
	const client = createTestClient((await emu.listen()).url);
	await client.token();
	return { emu, client };
}

describe('Amazon emulator: fault injection', () => {
	let emu;
	let client;
	afterEach(() => emu.close());

	async function statuses(operationPath, n) {
		const out = [];
		for (let i = 0; i < n; i++) out.push((await client.sp('GET', operationPath)).status);
		return out;
	}

	test('seeded error rates are reproducible and counted in stats()', async () => {
		const faults = { getOrder: { rate429: 0.2, rate500: 0.2, rate503: 0.2 } };
		({ emu, client } = await start({ faults, faultSeed: 42 }));
		const first = await statuses(`/orders/2026-01-01/orders/${O1}`, 60);
		await emu.close();
		({ emu, client } = await start({ faults, faultSeed: 42 }));
		const second = await statuses(`/orders/2026-01-01/orders/${O1}`, 60);
		expect(second).toEqual(first);
		for (const s of [200, 429, 500, 503]) expect(first).toContain(s);
		const injected = first.filter((s) => s !== 200).length;
		expect(emu.stats()).toMatchObject({
			calls: { getOrder: 60 },
			faultsInjected: { getOrder: injected },
		});
		const r503 = await (async () => {
			emu.setFaults({ getOrder: { rate503: 1 } });
			return client.sp('GET', `/orders/2026-01-01/orders/${O1}`);
		})();
		expect(r503.body.errors[0].code).toBe('ServiceUnavailable');
		emu.setFaults({ '*': { rate429: 1 } });
		const r429 = await client.sp('POST', '/feeds/2021-06-30/documents', {
			contentType: 'text/xml',
		});
		expect(r429.status).toBe(429);
		expect(r429.body.errors[0].code).toBe('QuotaExceeded');
		emu.setFaults({});
		expect((await client.sp('GET', `/orders/2026-01-01/orders/${O1}`)).status).toBe(200);
	});

	test('an injected error never half-applies (confirmShipment 500 leaves the order unchanged)', async () => {
		({ emu, client } = await start({ faults: { confirmShipment: { rate500: 1 } } }));
		const res = await client.sp('POST', `/orders/v0/orders/${O1}/shipmentConfirmation`, {
			marketplaceId: 'ATVPDKIKX0DER',
			packageDetail: {
				packageReferenceId: '1',
				carrierCode: 'UPS',
				trackingNumber: '1Z999AA10123456784',
				shipDate: '2026-11-20T10:00:00Z',
				orderItems: [{ orderItemId: '11111111111111', quantity: 1 }],
			},
		});
		expect(res.status).toBe(500);
		expect(res.body.errors[0].code).toBe('InternalFailure');
		expect(emu.inspect().orders[O1].packages).toEqual([]);
	});

	test('drop destroys the socket; dropAfter applies first, then drops', async () => {
		({ emu, client } = await start({ faults: { getOrder: { rateDrop: 1 } } }));
		await expect(client.sp('GET', `/orders/2026-01-01/orders/${O1}`)).rejects.toThrow();
		emu.setFaults({ confirmShipment: { rateDropAfter: 1 } });
		const body = {
			marketplaceId: 'ATVPDKIKX0DER',
			packageDetail: {
				packageReferenceId: '1',
				carrierCode: 'UPS',
				trackingNumber: '1Z999AA10123456784',
				shipDate: '2026-11-20T10:00:00Z',
				orderItems: [{ orderItemId: '11111111111111', quantity: 1 }],
			},
		};
		await expect(
			client.sp('POST', `/orders/v0/orders/${O1}/shipmentConfirmation`, body),
		).rejects.toThrow();
		expect(emu.inspect().orders[O1].packages).toHaveLength(1); // it landed
	});

	test('500After creates the feed, then answers 500 (an ambiguous createFeed)', async () => {
		({ emu, client } = await start({ faults: { createFeed: { rate500After: 1 } } }));
		const doc = await client.sp('POST', '/feeds/2021-06-30/documents', {
			contentType: 'text/xml; charset=UTF-8',
		});
		const up = await fetch(doc.body.url, {
			method: 'PUT',
			headers: { 'content-type': 'text/xml; charset=UTF-8' },
			body: xml,
		});
		expect(up.status).toBe(200);
		const res = await client.sp('POST', '/feeds/2021-06-30/feeds', {
			feedType: 'POST_ORDER_FULFILLMENT_DATA',
			marketplaceIds: ['ATVPDKIKX0DER'],
			inputFeedDocumentId: doc.body.feedDocumentId,
		});
		expect(res.status).toBe(500);
		expect(res.body.errors[0].code).toBe('InternalFailure');
		expect(emu.inspect().feeds).toHaveLength(1); // it was created all the same
		expect(emu.stats().faultsInjected.createFeed).toBe(1);
	});

	test('timeout holds the request until the client gives up; latency delays the answer', async () => {
		({ emu, client } = await start({ faults: { getOrder: { rateTimeout: 1 } } }));
		const t0 = Date.now();
		await expect(
			fetch(`${emu.url}/orders/2026-01-01/orders/${O1}`, {
				headers: { 'x-amz-access-token': client.accessToken },
				signal: AbortSignal.timeout(150),
			}),
		).rejects.toThrow();
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
		emu.setFaults({ getOrder: { latencyMs: 120 } });
		const t1 = Date.now();
		expect((await client.sp('GET', `/orders/2026-01-01/orders/${O1}`)).status).toBe(200);
		expect(Date.now() - t1).toBeGreaterThanOrEqual(110);
		// An S3 fault answers in S3's XML dialect.
		emu.setFaults({ uploadFeedDocument: { rate500: 1 } });
		const doc = await client.sp('POST', '/feeds/2021-06-30/documents', { contentType: 'text/xml' });
		const up = await fetch(doc.body.url, {
			method: 'PUT',
			headers: { 'content-type': 'text/xml' },
			body: '<a/>',
		});
		expect(up.status).toBe(500);
		expect(await up.text()).toContain('<Code>InternalError</Code>');
	});

	test('forced FATAL feed: report with StatusCode Rejected, nothing applied', async () => {
		({ emu, client } = await start({ forceFeedStatus: { 1: 'FATAL' } }));
		const { feedId } = await client.submitFeed(xml);
		await emu.waitForFeeds();
		const { feed, text } = await client.downloadReport(feedId);
		expect(feed.processingStatus).toBe('FATAL');
		const report = parseProcessingReport(text);
		expect(report.statusCode).toBe('Rejected');
		expect(report.results[0].resultCode).toBe('Error');
		expect(emu.inspect().orders[O1].packages).toEqual([]);
		// The second feed (not forced) goes through.
		const second = await client.submitFeed(xml);
		await emu.waitForFeeds();
		expect(
			(await client.sp('GET', `/feeds/2021-06-30/feeds/${second.feedId}`)).body.processingStatus,
		).toBe('DONE');
	});

	test('forced CANCELLED and STUCK feeds; a feed stuck IN_PROGRESS blocks the next order feed', async () => {
		({ emu, client } = await start({ feedDelays: { inQueueMs: 40, inProgressMs: 0 } }));
		const a = await client.submitFeed(xml);
		emu.forceFeedStatus(2, 'CANCELLED');
		emu.forceFeedStatus(3, 'STUCK');
		emu.forceFeedStatus(a.feedId, 'STUCK');
		const b = await client.submitFeed(xml);
		const c = await client.submitFeed(xml);
		await emu.waitForFeeds();
		await new Promise((r) => setTimeout(r, 30));
		const status = async (id) => (await client.sp('GET', `/feeds/2021-06-30/feeds/${id}`)).body;
		expect((await status(a.feedId)).processingStatus).toBe('IN_QUEUE');
		expect(await status(b.feedId)).toMatchObject({ processingStatus: 'CANCELLED' });
		expect((await status(b.feedId)).resultFeedDocumentId).toBeUndefined();
		expect((await status(c.feedId)).processingStatus).toBe('IN_QUEUE');
		expect(emu.inspect().orders[O1].packages).toEqual([]);

		emu.forceFeedStatus(4, 'STUCK_IN_PROGRESS');
		const d = await client.submitFeed(xml);
		const e = await client.submitFeed(xml);
		await new Promise((r) => setTimeout(r, 50));
		expect((await status(d.feedId)).processingStatus).toBe('IN_PROGRESS');
		expect((await status(e.feedId)).processingStatus).toBe('IN_QUEUE');
	});

	test('fatalFeedRate fails a seeded share of feeds', async () => {
		({ emu, client } = await start({ fatalFeedRate: 1 }));
		const { feedId } = await client.submitFeed(xml);
		await emu.waitForFeeds();
		expect(
			(await client.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`)).body.processingStatus,
		).toBe('FATAL');
		emu.setFatalFeedRate(0);
		const next = await client.submitFeed(xml);
		await emu.waitForFeeds();
		expect(
			(await client.sp('GET', `/feeds/2021-06-30/feeds/${next.feedId}`)).body.processingStatus,
		).toBe('DONE');
	});
});

describe('stats after reset', () => {
	test('calls made after reset() are counted again', async () => {
		const { createAmazonEmulator } = require('../../emulators/amazon');
		const emu = createAmazonEmulator({
			seed: { marketplaceId: 'ATVPDKIKX0DER', amazonOrders: [] },
		});
		const { url } = await emu.listen();
		try {
			const body = new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: 'x',
				client_id: 'y',
				client_secret: 'z',
			});
			await fetch(`${url}/auth/o2/token`, { method: 'POST', body });
			expect(emu.stats().calls.lwaToken).toBe(1);
			emu.reset();
			expect(emu.stats().calls.lwaToken).toBeUndefined();
			await fetch(`${url}/auth/o2/token`, { method: 'POST', body });
			expect(emu.stats().calls.lwaToken).toBe(1);
		} finally {
			await emu.close();
		}
	});
});
