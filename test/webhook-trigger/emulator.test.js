'use strict';
/**
 * A valid notice against the NetSuite emulator: the webhook trigger reads the notified fulfillment
 * by ID and emits exactly the item the poll trigger (SuiteQL default query) emits for it, or starts
 * nothing. Answer "When the Notice Is Verified" (the default) answers 200 before the read and logs
 * a skip or a slow NetSuite; "After Reading NetSuite" answers 200 with the poll's reason, or 202
 * (left to the poll) when NetSuite is too slow or failing.
 */
const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { emulatorCredentials } = require('../../emulators');
const { fakePoll } = require('../trigger/fake-poll');
const { fakeWebhook, notice, SECRET } = require('./fake-webhook');

let emulator;
let credentials;

beforeAll(async () => {
	emulator = createNetSuiteEmulator();
	const { url } = await emulator.listen();
	credentials = emulatorCredentials(url, url).netSuiteApi;
});
afterAll(async () => await emulator.close());
beforeEach(() => {
	emulator.setFaults({});
	emulator.reset();
});

const SUITEQL = { source: 'suiteql', startFrom: 'all' };
const AFTER_READ = { answer: 'afterRead' };
// Shipped, not sent, with tracking (test/trigger/emulator.test.js).
const SENDABLE = ['1201', '1202', '1203', '1204', '1205', '1207', '1208', '1209', '1212', '1213'];

// A new notice per call (its own sentAt and counter): the same bytes twice would be a replay.
let serial = 0;
const signed = (id, options = {}) =>
	notice(id, {
		rawBody: JSON.stringify({
			type: 'itemfulfillment.shipped',
			fulfillmentId: id,
			event: 'ship',
			lastModified: new Date().toISOString(),
			sentAt: new Date().toISOString(),
			account: '1234567_SB1',
			n: ++serial,
		}),
		...options,
	});

/** The item without the moment it was read, which differs between two reads by design. */
const comparable = (json) => ({ ...json, source: { ...json.source, polledAt: 'at read' } });

test.each(['whenVerified', 'afterRead'])(
	'each shipped, unsent Amazon fulfillment: the same item as the poll trigger, one per notice (Answer: %s)',
	async (mode) => {
		const [polled] = await fakePoll({ parameters: SUITEQL, credentials }).poll();
		const byId = Object.fromEntries(polled.map((i) => [i.json.fulfillmentId, i.json]));
		for (const id of SENDABLE) {
			const t = fakeWebhook({ credentials, parameters: { answer: mode } });
			const answer = await t.receive(signed(id));
			expect(answer.status).toBe(200);
			expect(answer.started).toBe(true);
			expect(answer.items).toHaveLength(1);
			expect(comparable(answer.items[0].json)).toEqual(comparable(byId[id]));
			expect(answer.items[0].json.source).toMatchObject({ kind: 'suiteql', reason: 'new' });
			expect(Date.parse(answer.items[0].json.source.polledAt)).toBeGreaterThan(Date.now() - 60000);
			// One SuiteQL read for one notice: nothing else of NetSuite is touched.
			expect(t.requests).toHaveLength(1);
			expect(t.requests[0].url).toMatch(/\/query\/v1\/suiteql/);
			expect(answer.body).toMatchObject({ fulfillmentId: id });
			expect(JSON.stringify(answer.body)).not.toContain(SECRET);
			// Answered before NetSuite is read, or after the read with what it decided.
			if (mode === 'whenVerified') {
				expect(answer.requestsBeforeAnswer).toBe(0);
				expect(answer.body).toEqual({ status: 'received', fulfillmentId: id });
			} else {
				expect(answer.requestsBeforeAnswer).toBeUndefined(); // n8n answers after webhook()
				expect(answer.body).toEqual({ status: 'accepted', fulfillmentId: id, reason: 'new' });
			}
		}
	},
);

test('the same item with custom field IDs and Include Raw, as the poll trigger gives them', async () => {
	const parameters = { options: { includeRaw: true }, fields: { marketplaceIdField: '' } };
	const [polled] = await fakePoll({
		parameters: { ...SUITEQL, ...parameters },
		credentials,
	}).poll();
	const item = polled.find((i) => i.json.fulfillmentId === '1204').json;
	const answer = await fakeWebhook({ credentials, parameters }).receive(signed('1204'));
	expect(answer.items[0].json.raw).toBeDefined();
	expect(comparable(answer.items[0].json)).toEqual(comparable(item));
});

describe('Answer: After Reading NetSuite. Nothing to send: 200 with the reason, no execution', () => {
	test.each([
		['1211', 'notShipped'], // packed, not shipped
		['1206', 'noTracking'],
		['1210', 'sent'], // the sent flag is ticked
		['987654', 'notFound'],
	])('fulfillment %s → %s', async (id, reason) => {
		const t = fakeWebhook({ credentials, parameters: AFTER_READ });
		const answer = await t.receive(signed(id));
		expect(answer.status).toBe(200);
		expect(answer.started).toBe(false);
		expect(answer.items).toBeUndefined();
		expect(answer.body).toMatchObject({ fulfillmentId: id, reason });
		expect(typeof answer.body.message).toBe('string');
	});

	test('not an Amazon order: no Amazon order ID on the sales order', async () => {
		const seed = JSON.parse(JSON.stringify(require('../../emulators/seed/default-seed.json')));
		const so = seed.netsuite.salesOrders.find((o) => o.id === '501');
		delete so.amazonOrderId;
		emulator.reset(seed);
		try {
			const answer = await fakeWebhook({ credentials, parameters: AFTER_READ }).receive(
				signed('1201'),
			);
			expect(answer.status).toBe(200);
			expect(answer.started).toBe(false);
			expect(answer.body).toMatchObject({ fulfillmentId: '1201', reason: 'notAmazon' });
		} finally {
			emulator.reset(require('../../emulators/seed/default-seed.json'));
		}
	});

	test('sent after the first notice: a later notice (an edit) starts nothing', async () => {
		const t = fakeWebhook({ credentials, parameters: AFTER_READ });
		expect((await t.receive(signed('1202'))).started).toBe(true);
		emulator.updateFulfillment('1202', { sentToAmazon: true });
		const later = await t.receive(signed('1202', { event: 'edit' }));
		expect(later.started).toBe(false);
		expect(later.body).toMatchObject({ reason: 'sent' });
	});

	test('a second notice for an unchanged fulfillment not yet marked sent: not emitted twice', async () => {
		const t = fakeWebhook({ credentials, parameters: AFTER_READ });
		expect((await t.receive(signed('1203'))).started).toBe(true);
		const again = await t.receive(signed('1203', { event: 'xedit' }));
		expect(again.started).toBe(false);
		expect(again.body).toMatchObject({ reason: 'remembered' });
		// Its tracking number corrected in NetSuite: emitted again, as the poll would.
		emulator.updateFulfillment('1203', { packages: [{ trackingNumber: '794612345999' }] });
		const corrected = await t.receive(signed('1203', { event: 'edit' }));
		expect(corrected.started).toBe(true);
		expect(corrected.items[0].json.trackingNumbers).toEqual(['794612345999']);
		expect(corrected.items[0].json.source.reason).toBe('changed');
	});

	test('Shipped Only and Require Tracking off: the poll rules the user set apply here too', async () => {
		const parameters = { ...AFTER_READ, shippedOnly: false, requireTracking: false };
		const [polled] = await fakePoll({
			parameters: { ...SUITEQL, ...parameters },
			credentials,
		}).poll();
		const t = fakeWebhook({ credentials, parameters });
		for (const id of ['1206', '1211']) {
			const answer = await t.receive(signed(id));
			expect(answer.started).toBe(true);
			expect(comparable(answer.items[0].json)).toEqual(
				comparable(polled.find((i) => i.json.fulfillmentId === id).json),
			);
		}
	});
});

describe('Answer: After Reading NetSuite. NetSuite not readable in time: 202, no execution, left to the poll', () => {
	test('slower than the NetSuite Timeout option', async () => {
		emulator.setFaults({ '*': { latencyMs: 4000 } });
		const t = fakeWebhook({
			credentials,
			parameters: { ...AFTER_READ, options: { netsuiteTimeoutSeconds: 2 } },
		});
		const started = Date.now();
		const answer = await t.receive(signed('1201'));
		const took = Date.now() - started;
		expect(answer.status).toBe(202);
		expect(answer.started).toBe(false);
		expect(answer.body).toMatchObject({ fulfillmentId: '1201' });
		expect(took).toBeLessThan(4000); // answered before NetSuite (4 s), on a loaded machine too
		expect(JSON.stringify([answer.body, t.logs])).not.toContain(credentials.tokenSecret);
	});

	test("a burst: the reads wait for one of the account's slots, and NetSuite refuses none", async () => {
		// Twenty fulfillments shipped at once (a WMS, a multi-threaded CSV import), each read taking
		// 300 ms: the credential's Concurrent Requests (4 by default) keep them under the account's 5.
		emulator.setFaults({ '*': { latencyMs: 300 } });
		const ids = [...SENDABLE, ...SENDABLE];
		const answers = await Promise.all(
			ids.map((id) => fakeWebhook({ credentials, parameters: AFTER_READ }).receive(signed(id))),
		);
		expect(emulator.stats().concurrencyRejected).toBe(0);
		expect(emulator.stats().peakConcurrency).toBeLessThanOrEqual(4);
		expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
		expect(answers.every((a) => a.started)).toBe(true);
	});

	test('Concurrent Requests set above the account\'s limit: the reads refused a slot try again within NetSuite Timeout', async () => {
		// Other integrations take slots too, so 429s still come: retried rather than left an hour
		// for the safety-net poll.
		emulator.setFaults({ '*': { latencyMs: 300 } });
		const generous = { ...credentials, accountConcurrency: 20 };
		const ids = [...SENDABLE, ...SENDABLE];
		const answers = await Promise.all(
			ids.map((id) =>
				fakeWebhook({ credentials: generous, parameters: AFTER_READ }).receive(signed(id)),
			),
		);
		expect(emulator.stats().concurrencyRejected).toBeGreaterThan(0);
		expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
		expect(answers.every((a) => a.started)).toBe(true);
	});

	test('NetSuite answers 503 or 429', async () => {
		for (const fault of [{ rate503: 1 }, { rate429: 1 }]) {
			emulator.setFaults({ '*': fault });
			const answer = await fakeWebhook({
				credentials,
				parameters: { ...AFTER_READ, options: { netsuiteTimeoutSeconds: 2 } },
			}).receive(signed('1201'));
			expect(answer.status).toBe(202);
			expect(answer.started).toBe(false);
		}
	});
});

describe('Answer: When the Notice Is Verified (default). Answered 200 before NetSuite is read', () => {
	const logged = (t, level) => t.logs.filter(([l]) => l === level).map(([, m]) => m);

	test.each([
		['1211', 'notShipped'],
		['1206', 'noTracking'],
		['1210', 'sent'],
		['987654', 'notFound'],
	])("fulfillment %s: nothing started, the reason (%s) in n8n's log", async (id, reason) => {
		const t = fakeWebhook({ credentials });
		const answer = await t.receive(signed(id));
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ status: 'received', fulfillmentId: id });
		expect(answer.requestsBeforeAnswer).toBe(0);
		expect(t.requests).toHaveLength(1); // then read
		expect(answer.started).toBe(false);
		expect(answer.result).toEqual({ noWebhookResponse: true });
		expect(logged(t, 'info')).toEqual([
			expect.stringMatching(
				new RegExp(`^Fulfillment notice ${id}: nothing to send \\(${reason}: `),
			),
		]);
	});

	test('a slow NetSuite does not hold the answer; nothing started, the warning in the log', async () => {
		emulator.setFaults({ '*': { latencyMs: 4000 } });
		const t = fakeWebhook({ credentials, parameters: { options: { netsuiteTimeoutSeconds: 2 } } });
		const answer = await t.receive(signed('1201'));
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ status: 'received', fulfillmentId: '1201' });
		expect(answer.answeredAfterMs).toBeLessThan(1000);
		expect(answer.tookMs).toBeGreaterThanOrEqual(1900); // the read waited out its 2 s
		expect(answer.started).toBe(false);
		expect(logged(t, 'warn')).toEqual([
			expect.stringMatching(
				/^Fulfillment notice 1201: NetSuite could not be read .*left to the poll trigger$/,
			),
		]);
		expect(JSON.stringify([answer.body, t.logs])).not.toContain(credentials.tokenSecret);
	});

	test('NetSuite answers 503 or 429: answered 200 all the same, nothing started', async () => {
		for (const fault of [{ rate503: 1 }, { rate429: 1 }]) {
			emulator.setFaults({ '*': fault });
			const t = fakeWebhook({
				credentials,
				parameters: { options: { netsuiteTimeoutSeconds: 2 } },
			});
			const answer = await t.receive(signed('1201'));
			expect(answer.status).toBe(200);
			expect(answer.started).toBe(false);
			expect(logged(t, 'warn')).toHaveLength(1);
		}
	});

	test("a burst (a CSV import answered at once): the reads queue within NetSuite's concurrency, none refused", async () => {
		// Answered at once, a one-thread import sends its notices as fast as it saves. Forty reads
		// of 300 ms at once would be refused 429 beyond the account's 5 and retried until their
		// timeout; each waits for one of the account's slots and NetSuite refuses none.
		emulator.setFaults({ '*': { latencyMs: 300 } });
		const ids = [...SENDABLE, ...SENDABLE, ...SENDABLE, ...SENDABLE];
		const answers = await Promise.all(
			ids.map((id) => fakeWebhook({ credentials }).receive(signed(id))),
		);
		expect(answers.map((a) => [a.status, a.requestsBeforeAnswer])).toEqual(ids.map(() => [200, 0]));
		expect(Math.max(...answers.map((a) => a.answeredAfterMs))).toBeLessThan(1500);
		expect(answers.every((a) => a.started)).toBe(true);
		expect(emulator.stats().concurrencyRejected).toBe(0);
		expect(emulator.stats().peakConcurrency).toBeLessThanOrEqual(4);
		// Queued, not all at once: 40 reads 4 at a time take at least 10 × 300 ms.
		expect(Math.max(...answers.map((a) => a.tookMs))).toBeGreaterThanOrEqual(2800);
	});
});

test.each(['whenVerified', 'afterRead'])(
	'a NetSuite set-up error is a failed execution, without any secret in the error (Answer: %s)',
	async (mode) => {
		const wrong = { ...credentials, tokenSecret: 'wrong-token-secret-0123456789abcdef' };
		const answer = await fakeWebhook({ credentials: wrong, parameters: { answer: mode } }).receive(
			signed('1201'),
		);
		expect(answer.started).toBe(false);
		expect(answer.thrown).toBeDefined();
		// Answered already when verified; otherwise n8n answers the throw with its error status.
		expect(answer.status).toBe(mode === 'whenVerified' ? 200 : 500);
		const text = JSON.stringify({
			message: answer.thrown.message,
			description: answer.thrown.description,
			cause: String(answer.thrown.cause ?? ''),
		});
		for (const secret of [wrong.tokenSecret, wrong.consumerSecret, SECRET]) {
			expect(text).not.toContain(secret);
		}
	},
);
