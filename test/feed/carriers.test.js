const {
	AMAZON_CARRIER_CODES,
	AMAZON_CARRIER_CODE_SET,
	CarrierCodeList,
} = require('../../core/feed/carrierCodes');
const {
	CarrierMapper,
	resolveCarrier,
	isCarrierProblem,
} = require('../../core/feed/carrierMapping');

describe("Amazon's carrier code list", () => {
	test('holds the 222 reference values with exact case and spacing', () => {
		expect(AMAZON_CARRIER_CODES).toHaveLength(222);
		expect(AMAZON_CARRIER_CODE_SET.size).toBe(222);
		for (const code of [
			'FedEx',
			'Royal Mail',
			'DHL eCommerce',
			'Other',
			'Yurtiçi Kargo',
			'GO!',
			'AFL/Fedex',
		]) {
			expect(AMAZON_CARRIER_CODE_SET.has(code)).toBe(true);
		}
		expect(AMAZON_CARRIER_CODE_SET.has('FEDEX')).toBe(false);
	});

	test.each([
		['FEDEX', ['FedEx']],
		['ups ', ['UPS']],
		['Royal mail', ['Royal Mail']],
		['royalmail', ['Royal Mail']],
		['sendle', ['Sendle', 'SENDLE']],
		['Carrier Pigeon', []],
	])('near miss %j suggests %j', (input, suggestions) => {
		const list = new CarrierCodeList();
		expect(list.lookup(input)).toEqual({ exact: false, suggestions });
	});

	test('users can add codes Amazon lists for their marketplace', () => {
		const list = new CarrierCodeList(['Evri', ' PostNL Extra ']);
		expect(list.has('Evri')).toBe(true);
		expect(list.has('PostNL Extra')).toBe(true);
		expect(list.lookup('EVRI').suggestions).toEqual(['Evri']);
		expect(new CarrierCodeList().has('Evri')).toBe(false);
	});
});

describe('carrier table', () => {
	const rules = [
		{
			match: 'UPS Ground',
			carrierCode: 'UPS',
			carrierName: 'United Parcel',
			shippingMethod: 'Ground',
		},
		{ match: 'FedEx', carrierCode: 'FedEx' },
		{ match: 'Haulier', carrierCode: 'Other', carrierName: 'Smith Haulage' },
		{ match: 'Local', carrierCode: 'Other' },
	];

	test('exact match, case-sensitive by default; CarrierName is not kept for a listed code', () => {
		expect(resolveCarrier('UPS Ground', rules)).toEqual({
			carrierCode: 'UPS',
			shippingMethod: 'Ground',
			ruleIndex: 0,
		});
		expect(resolveCarrier('ups ground', rules)).toEqual({
			carrierCode: 'Other',
			carrierName: 'ups ground',
		});
		expect(resolveCarrier('ups ground', rules, { caseInsensitive: true })).toMatchObject({
			carrierCode: 'UPS',
		});
	});

	test('contains mode takes the first rule whose text occurs in the ship method', () => {
		const r = resolveCarrier('FedEx Home Delivery', rules, { matchMode: 'contains' });
		expect(r).toEqual({ carrierCode: 'FedEx', ruleIndex: 1 });
		expect(resolveCarrier('FedEx Home Delivery', rules)).toMatchObject({ carrierCode: 'Other' });
	});

	test('Other rules carry their own name, or fall back to the matched text', () => {
		expect(resolveCarrier('Haulier', rules)).toEqual({
			carrierCode: 'Other',
			carrierName: 'Smith Haulage',
			ruleIndex: 2,
		});
		expect(resolveCarrier('Local', rules)).toEqual({
			carrierCode: 'Other',
			carrierName: 'Local',
			ruleIndex: 3,
		});
	});

	test('unmapped: Other with the chosen name, or refused', () => {
		expect(resolveCarrier('Bob Courier', rules, { otherCarrierNameFrom: 'Bob & Sons' })).toEqual({
			carrierCode: 'Other',
			carrierName: 'Bob & Sons',
		});
		const refused = resolveCarrier('Bob Courier', rules, { unmapped: 'refuse' });
		expect(isCarrierProblem(refused)).toBe(true);
		expect(refused).toMatchObject({
			field: 'carrier',
			fix: expect.stringContaining("'Bob Courier'"),
		});
	});

	test('a rule with a near-miss code is a problem naming the rule and the exact code', () => {
		const mapper = new CarrierMapper([...rules, { match: 'Fedex Saver', carrierCode: 'FEDEX' }]);
		expect(mapper.ruleProblems).toEqual([
			{
				field: 'carrierMapping[4].carrierCode',
				message:
					"The carrier table rule 5 ('Fedex Saver'): 'FEDEX' is not an Amazon carrier code; did you mean 'FedEx'? Amazon drops the valid-tracking credit for near misses",
				fix: "Change the code to 'FedEx' (exact case and spacing)",
			},
		]);
		expect(mapper.resolve('Fedex Saver')).toBe(mapper.ruleProblems[0]);
		// Other rules keep working.
		expect(mapper.resolve('UPS Ground')).toMatchObject({ carrierCode: 'UPS' });
	});

	test('extra codes make a rule valid; over-long rule texts are problems', () => {
		const extra = new CarrierMapper([{ match: 'Evri', carrierCode: 'Evri' }], {
			extraCarrierCodes: ['Evri'],
		});
		expect(extra.ruleProblems).toEqual([]);
		const long = new CarrierMapper([
			{ match: 'X', carrierCode: 'UPS', shippingMethod: 'y'.repeat(51) },
		]);
		expect(long.ruleProblems[0]).toMatchObject({
			field: 'carrierMapping[0].shippingMethod',
			message: expect.stringMatching(/51 characters; Amazon allows 50/),
		});
	});

	test('a fulfillment is matched on ship method, then ship carrier, then package carrier', () => {
		const mapper = new CarrierMapper(rules);
		expect(
			mapper.resolveFulfillment({ shipMethod: 'Next Day', shipCarrier: 'FedEx', packages: [] }),
		).toMatchObject({ carrierCode: 'FedEx' });
		expect(
			mapper.resolveFulfillment({ packages: [{ packageId: '1', carrier: 'Haulier' }] }),
		).toMatchObject({ carrierName: 'Smith Haulage' });
	});
});
