'use strict';

const {
	packageReferenceId,
	parsePackageReferenceId,
	packageNumber,
} = require('../../core/confirm/packageReference');
const { sentFingerprint, changedSinceSent } = require('../../core/fulfillment/fingerprint');
const { fulfillment } = require('./helpers');

describe('packageReferenceId', () => {
	test('fulfillment id and two-digit package number; same input, same id', () => {
		expect(packageReferenceId('1201', 1)).toBe('120101');
		expect(packageReferenceId('1201', 12)).toBe('120112');
		expect(packageReferenceId('1201', 2)).toBe(packageReferenceId(' 1201 ', '2'));
		expect(parsePackageReferenceId('120112')).toEqual({ fulfillmentId: '1201', packageNumber: 12 });
	});

	test('no collisions between neighbouring fulfillments and packages', () => {
		const seen = new Set();
		for (let f = 1; f <= 300; f++)
			for (let p = 1; p <= 99; p++) seen.add(packageReferenceId(String(f), p));
		expect(seen.size).toBe(300 * 99);
	});

	test('very long ids fall back to an 18-digit hash; nonsense is refused with the fix', () => {
		const long = packageReferenceId('12345678901234567890', 3);
		expect(long).toMatch(/^9\d{17}$/);
		expect(packageReferenceId('12345678901234567890', 3)).toBe(long);
		expect(packageReferenceId('1234567890123456', 99)).toBe('123456789012345699');
		expect(() => packageReferenceId('IF1201', 1)).toThrow(/internal id \(digits\)/);
		expect(() => packageReferenceId('1201', 100)).toThrow(/at most 99 packages/);
	});

	test('package number: numeric package id, else its position', () => {
		const f = { packages: [{ packageId: 'A' }, { packageId: 'B' }] };
		expect(packageNumber(f, 'B')).toBe(2);
		expect(packageNumber({ packages: [] }, '7')).toBe(7);
	});
});

describe('sent fingerprint', () => {
	const base = () =>
		fulfillment(1201, '114-1-1', [[1, '21000000000001', 2, 'WIDGET-1']], [['1Z1', [[1, 2]]]]);

	test('changes with tracking, carrier and quantities, not with our own bookkeeping', () => {
		const fp = sentFingerprint(base());
		expect(fp).toMatch(/^s1:[0-9a-f]{16}$/);
		const tracking = base();
		tracking.packages[0].trackingNumber = '1Z2';
		tracking.trackingNumbers = ['1Z2'];
		const carrier = { ...base(), shipMethod: 'FedEx Ground' };
		const quantity = base();
		quantity.lines[0].quantity = 3;
		for (const changed of [tracking, carrier, quantity])
			expect(sentFingerprint(changed)).not.toBe(fp);
		const bookkeeping = {
			...base(),
			lastModified: '2026-12-01T00:00:00Z',
			source: { kind: 'suiteql' },
		};
		delete bookkeeping.lines[0].amazonOrderItemId; // looked up by SKU at send time
		expect(sentFingerprint(bookkeeping)).toBe(fp);
		expect(changedSinceSent(carrier, fp)).toBe(true);
		expect(changedSinceSent(base(), fp)).toBe(false);
		expect(changedSinceSent(carrier, '')).toBe(false); // sent before fingerprints existed
	});
});
