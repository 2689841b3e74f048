const { CarrierMapper } = require('../../core/feed/carrierMapping');
const { prepareFulfillments } = require('../../core/feed/validate');
const { buildFeedDocuments } = require('../../core/feed/batch');
const { checkZoneSetting } = require('../../core/feed/dates');
const { parseXml, findAll, childText, textContent } = require('../../core/report/xmlReader');
const { samples, carrierRules } = require('../fixtures/feed/fulfillments');
const { expectGolden } = require('../fixtures/feed/golden');

const NOW = Date.parse('2026-01-07T12:00:00Z');
const mapper = new CarrierMapper(carrierRules, { unmapped: 'other' });

function build(fulfillments, options = {}, perItem) {
	const { valid, invalid } = prepareFulfillments(fulfillments, mapper, {
		now: NOW,
		defaultMarketplaceId: 'ATVPDKIKX0DER',
		perItem,
		// As in the node: the ship date is resolved (zone, clamps) when the fulfillment is prepared.
		...(options.dateDefaults && checkZoneSetting(options.dateDefaults.zone ?? 'Z')
			? { dateDefaults: options.dateDefaults }
			: {}),
	});
	expect(invalid).toEqual([]);
	const docs = buildFeedDocuments(valid, { merchantIdentifier: 'A1EXAMPLESELLER', ...options });
	return { valid, docs };
}

function messagesOf(xml) {
	const root = parseXml(xml);
	return findAll(root, 'Message').map((m) => ({
		id: childText(m, 'MessageID'),
		order: findAll(m, 'AmazonOrderID').map(textContent)[0],
		tracking: findAll(m, 'ShipperTrackingNumber').map(textContent),
		carrierCode: findAll(m, 'CarrierCode').map(textContent)[0],
		carrierName: findAll(m, 'CarrierName').map(textContent)[0],
		shippingMethod: findAll(m, 'ShippingMethod').map(textContent)[0],
		items: findAll(m, 'Item').map((i) => [
			childText(i, 'AmazonOrderItemCode'),
			childText(i, 'Quantity'),
		]),
	}));
}

describe('XML order-fulfillment feed (golden documents)', () => {
	test('complete fulfillment: one message, listed carrier without CarrierName', () => {
		const { docs } = build([samples.complete]);
		expect(docs).toHaveLength(1);
		expect(docs[0].contentType).toBe('text/xml; charset=UTF-8');
		expect(docs[0].byteLength).toBe(Buffer.byteLength(docs[0].document, 'utf8'));
		expectGolden('feed/complete.xml', docs[0].document);
		const [m] = messagesOf(docs[0].document);
		expect(m).toMatchObject({
			id: '1',
			carrierCode: 'UPS',
			carrierName: undefined,
			shippingMethod: 'Ground',
		});
		expect(m.items).toEqual([
			['12345678901234', '2'],
			['22345678901234', '1'],
		]);
	});

	test('partial fulfillment sends only the shipped lines and quantities', () => {
		const { docs } = build([samples.partial]);
		expectGolden('feed/partial.xml', docs[0].document);
		expect(messagesOf(docs[0].document)[0].items).toEqual([
			['12345678901234', '2'],
			['32345678901234', '1'],
		]);
	});

	test('multi-package with known contents: one message per package with its own tracking', () => {
		const { docs } = build([samples.multiPackageKnown]);
		expectGolden('feed/multi-package-known.xml', docs[0].document);
		const ms = messagesOf(docs[0].document);
		expect(ms.map((m) => [m.id, m.tracking[0], m.items])).toEqual([
			['1', '794600000001', [['12345678901234', '2']]],
			[
				'2',
				'794600000002',
				[
					['12345678901234', '1'],
					['22345678901234', '1'],
				],
			],
		]);
		expect(docs[0].messages.map((m) => m.packageId)).toEqual(['P1', 'P2']);
		expect(ms[0].carrierCode).toBe('FedEx');
	});

	test('several tracking numbers, contents unknown: first sent with all lines, others listed', () => {
		const { docs, valid } = build([samples.multiTrackingUnknown]);
		expectGolden('feed/multi-tracking-unknown.xml', docs[0].document);
		const ms = messagesOf(docs[0].document);
		expect(ms).toHaveLength(1);
		expect(ms[0].tracking).toEqual(['1Z0000000000000001']);
		expect(ms[0].items).toHaveLength(2);
		expect(valid[0].trackingNotSent).toEqual(['1Z0000000000000002', '1Z0000000000000003']);
		expect(valid[0].notes.join(' ')).toMatch(/not sent: 1Z0000000000000002, 1Z0000000000000003/);
	});

	test('unmapped carrier falls back to Other with the ship method as CarrierName', () => {
		const { docs } = build([samples.otherCarrier]);
		expectGolden('feed/other-carrier.xml', docs[0].document);
		expect(messagesOf(docs[0].document)[0]).toMatchObject({
			carrierCode: 'Other',
			carrierName: 'Acme Freight Economy',
		});
	});

	test('special characters and non-ASCII text are escaped and survive a round trip', () => {
		const { docs } = build([samples.specialChars, samples.specialOther], {}, [
			undefined,
			{ shippingMethod: `Next Day & "Fast" <AM>` },
		]);
		expect(docs.map((d) => d.marketplaceId)).toEqual(['A1PA6795UKMFR9', 'ATVPDKIKX0DER']);
		expectGolden('feed/special-characters-de.xml', docs[0].document);
		expectGolden('feed/special-characters-us.xml', docs[1].document);
		expect(docs[0].document).toContain('A&amp;B&lt;C&gt;&quot;D&apos;E 配送');
		expect(docs[0].document).toContain(
			'<FulfillmentDate>2026-01-06T09:30:00+01:00</FulfillmentDate>',
		);
		const [de] = messagesOf(docs[0].document);
		expect(de).toMatchObject({
			tracking: [`A&B<C>"D'E 配送`],
			carrierName: 'Müller Spedition',
			shippingMethod: 'Stückgut',
		});
		const [us] = messagesOf(docs[1].document);
		expect(us).toMatchObject({
			carrierCode: 'Other',
			carrierName: `Tom & Jerry's <"Express">`,
			shippingMethod: `Next Day & "Fast" <AM>`,
		});
		expect(docs[0].byteLength).toBe(Buffer.byteLength(docs[0].document, 'utf8'));
		expect(docs[0].byteLength).toBeGreaterThan(docs[0].document.length);
	});

	test('date-only ship dates use the configured time and zone', () => {
		const { docs } = build([samples.complete], {
			dateDefaults: { time: '12:00:00', zone: '-08:00' },
		});
		expect(docs[0].document).toContain(
			'<FulfillmentDate>2026-01-05T12:00:00-08:00</FulfillmentDate>',
		);
		expect(() => build([samples.complete], { dateDefaults: { zone: 'Pacific Time' } })).toThrow(
			/time zone 'Pacific Time'/,
		);
	});

	test('the header names the merchant; a missing merchant identifier is refused', () => {
		const { docs } = build([samples.complete]);
		const root = parseXml(docs[0].document);
		expect(childText(findAll(root, 'Header')[0], 'MerchantIdentifier')).toBe('A1EXAMPLESELLER');
		expect(childText(root, 'MessageType')).toBe('OrderFulfillment');
		expect(() => build([samples.complete], { merchantIdentifier: ' ' })).toThrow(
			/merchant identifier/,
		);
	});
});

describe('flat-file order-fulfillment feed', () => {
	test('8-column form: one row per item per package, yyyy-mm-dd, carrier-name only for Other', () => {
		const { docs } = build(
			[samples.complete, samples.multiPackageKnown, samples.otherCarrier, samples.specialOther],
			{ feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA' },
		);
		expect(docs).toHaveLength(1);
		expect(docs[0].contentType).toBe('text/tab-separated-values; charset=UTF-8');
		expectGolden('feed/flat-file.tsv', docs[0].document);
		const rows = docs[0].document
			.replace(/\n$/, '')
			.split('\n')
			.map((r) => r.split('\t'));
		expect(rows[0]).toEqual([
			'order-id',
			'order-item-id',
			'quantity',
			'ship-date',
			'carrier-code',
			'carrier-name',
			'tracking-number',
			'ship-method',
		]);
		expect(rows.every((r) => r.length === 8)).toBe(true);
		// complete: 2 items; multi-package: 1 + 2 rows; other: 2; specialOther: 2
		expect(rows).toHaveLength(1 + 2 + 3 + 2 + 2);
		expect(rows[3]).toEqual([
			'114-1234567-1234567',
			'12345678901234',
			'2',
			'2026-01-05',
			'FedEx',
			'',
			'794600000001',
			'Second Day',
		]);
		expect(rows[6][5]).toBe('Acme Freight Economy');
		expect(docs[0].messages.map((m) => m.messageId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(docs[0].messages[3]).toMatchObject({
			fulfillmentKey: '4713',
			packageId: 'P2',
			amazonOrderItemId: '12345678901234',
		});
	});

	test('full template when a ship-from address is given; non-ASCII stays UTF-8', () => {
		const { docs } = build([samples.specialChars], {
			feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA',
			shipFrom: {
				name: 'Lager Süd',
				line1: 'Hauptstraße 1',
				city: 'München',
				postalCode: '80331',
				countryCode: 'DE',
			},
		});
		expectGolden('feed/flat-file-ship-from.tsv', docs[0].document);
		const rows = docs[0].document
			.replace(/\n$/, '')
			.split('\n')
			.map((r) => r.split('\t'));
		expect(rows[0]).toHaveLength(18);
		expect(rows[1]).toHaveLength(18);
		expect(rows[1][3]).toBe('2026-01-06');
		expect(rows[1][6]).toBe(`A&B<C>"D'E 配送`);
		expect(rows[1][rows[1].length - 1]).toBe('DE');
	});
});
