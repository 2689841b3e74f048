const { CarrierMapper } = require('../../core/feed/carrierMapping');
const {
	prepareFulfillments,
	checkFulfillment,
	AMAZON_ORDER_ID_RE,
} = require('../../core/feed/validate');
const { buildFeedDocuments } = require('../../core/feed/batch');
const { parseXml, findAll, childText } = require('../../core/report/xmlReader');
const { samples, carrierRules, base } = require('../fixtures/feed/fulfillments');
const { corpus, badRules } = require('../fixtures/feed/malformed');

const NOW = Date.parse('2026-01-07T12:00:00Z');
const mapper = new CarrierMapper([...carrierRules, ...badRules], { unmapped: 'other' });
const options = { now: NOW, defaultMarketplaceId: 'ATVPDKIKX0DER' };

describe('malformed fulfillments (corpus)', () => {
	const bad = corpus();
	const good = Object.values(samples);
	// Good and bad interleaved in one run, as the node receives them.
	const input = [];
	bad.forEach((c, i) => {
		input.push(c.fulfillment);
		if (good[i]) input.push(good[i]);
	});
	const { valid, invalid } = prepareFulfillments(input, mapper, options);

	test('the corpus has at least 30 cases', () => {
		expect(bad.length).toBeGreaterThanOrEqual(30);
	});

	test.each(bad.map((c) => [c.name, c]))('%s → precise problem', (_name, c) => {
		const rejected = invalid.find((r) => r.fulfillment === c.fulfillment);
		expect(rejected).toBeDefined();
		const problem = rejected.problems.find((p) => p.field === c.field);
		expect(problem).toBeDefined();
		expect(problem.message).toMatch(c.message);
		// Names the fulfillment, and says what to do.
		const id = c.fulfillment.fulfillmentNumber;
		expect(problem.message).toContain(id);
		expect(problem.fix.length).toBeGreaterThan(15);
	});

	test('the good fulfillments of the same run still go out in a well-formed document', () => {
		expect(valid.map((v) => v.fulfillment)).toEqual(good);
		const docs = buildFeedDocuments(valid, { merchantIdentifier: 'A1EXAMPLESELLER' });
		let messages = 0;
		for (const doc of docs) {
			const root = parseXml(doc.document);
			const ids = findAll(root, 'MessageID').map((m) => childText({ children: [m] }, 'MessageID'));
			expect(new Set(ids).size).toBe(ids.length);
			messages += ids.length;
		}
		expect(messages).toBe(valid.reduce((n, v) => n + v.shipments.length, 0));
	});
});

describe('run-level and option checks', () => {
	test('the same fulfillment twice: the second is a duplicate in this run, the first is sent', () => {
		const { valid, invalid } = prepareFulfillments(
			[samples.complete, samples.partial, { ...samples.complete }],
			mapper,
			options,
		);
		expect(valid.map((v) => v.index)).toEqual([0, 1]);
		expect(invalid).toHaveLength(1);
		expect(invalid[0].index).toBe(2);
		expect(invalid[0].problems).toEqual([
			expect.objectContaining({
				field: 'fulfillmentId',
				message: expect.stringMatching(
					/IF4711.*duplicate in this run \(same internal id as input item 1\)/,
				),
			}),
		]);
	});

	test('missing tracking is accepted when allowed, and the shipment has no tracking number', () => {
		const f = base({ packages: [], trackingNumbers: [] });
		expect(prepareFulfillments([f], mapper, options).invalid).toHaveLength(1);
		const { valid } = prepareFulfillments([f], mapper, { ...options, allowMissingTracking: true });
		expect(valid[0].shipments).toEqual([
			expect.not.objectContaining({ trackingNumber: expect.anything() }),
		]);
	});

	test('no marketplace anywhere is a problem; a per-item marketplace wins over the default', () => {
		const f = base({ marketplaceId: undefined });
		const none = prepareFulfillments([f], mapper, { now: NOW });
		expect(none.invalid[0].problems.map((p) => p.field)).toEqual(['marketplaceId']);
		const per = prepareFulfillments([samples.complete], mapper, {
			...options,
			perItem: [{ marketplaceId: 'A1F83G8C2ARO7P' }],
		});
		expect(per.valid[0].marketplaceId).toBe('A1F83G8C2ARO7P');
	});

	test('unmapped carriers are refused when the table says so', () => {
		const strict = new CarrierMapper(carrierRules, { unmapped: 'refuse' });
		const { invalid } = prepareFulfillments([samples.otherCarrier], strict, options);
		expect(invalid[0].problems[0]).toMatchObject({
			field: 'carrier',
			message: expect.stringMatching(/IF4715.*'Acme Freight Economy' matches no rule/),
		});
	});

	test('all problems of one fulfillment are reported together', () => {
		const f = base({
			amazonOrderId: 'x',
			shipDate: 'soon',
			lines: [{ line: '1', quantity: 0, amazonOrderItemId: '1' }],
		});
		const fields = checkFulfillment(f, { carrierCode: 'UPS' }, { now: NOW }).problems.map(
			(p) => p.field,
		);
		expect(fields).toEqual(
			expect.arrayContaining([
				'amazonOrderId',
				'shipDate',
				'lines[0].amazonOrderItemId',
				'lines[0].quantity',
			]),
		);
	});

	test('the order id pattern is as strict as the XSD \\w: letters pass, punctuation and spaces do not', () => {
		expect(AMAZON_ORDER_ID_RE.test('114-1234567-1234567')).toBe(true);
		expect(AMAZON_ORDER_ID_RE.test('A1B-1234567-123456Z')).toBe(true);
		expect(AMAZON_ORDER_ID_RE.test('114-1234567-123456.')).toBe(false);
		expect(AMAZON_ORDER_ID_RE.test('114-1234567-123456 ')).toBe(false);
	});

	test('a ship date within a day ahead (time zones) is fine; numeric strings count as quantities', () => {
		const f = base({
			shipDate: '2026-01-08',
			lines: [{ line: '1', quantity: '3', amazonOrderItemId: '12345678901234' }],
		});
		const { valid } = prepareFulfillments([f], mapper, options);
		expect(valid[0].shipments[0].items).toEqual([
			{ amazonOrderItemId: '12345678901234', quantity: 3 },
		]);
	});
});

test('lines with the same Amazon order item are merged into one Item, with a note', () => {
	const f = base({
		lines: [
			{ line: '1', quantity: 2, amazonOrderItemId: '12345678901234' },
			{ line: '2', quantity: 3, amazonOrderItemId: '12345678901234' },
			{ line: '3', quantity: 1, amazonOrderItemId: '22345678901234' },
		],
	});
	const { valid } = prepareFulfillments([f], mapper, options);
	expect(valid[0].shipments[0].items).toEqual([
		{ amazonOrderItemId: '12345678901234', quantity: 5 },
		{ amazonOrderItemId: '22345678901234', quantity: 1 },
	]);
	expect(valid[0].notes).toEqual([
		expect.stringMatching(/same Amazon order item 12345678901234 were merged.*quantities added/),
	]);
});
