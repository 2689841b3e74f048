'use strict';

const { compareInternalIds, internalIdKey, sameInternalId } = require('../../core/shared/ids');

describe('NetSuite internal IDs', () => {
	test("'0012' and '12' are one record, as NetSuite reads them; other IDs stay apart", () => {
		expect(sameInternalId('0012', '12')).toBe(true);
		expect(sameInternalId(' 12 ', 12)).toBe(true);
		expect(sameInternalId('000', '0')).toBe(true);
		expect(sameInternalId('12', '120')).toBe(false);
		expect(sameInternalId('12', '')).toBe(false);
		expect(internalIdKey('0012')).toBe('12');
		expect(internalIdKey('000')).toBe('0');
	});

	test('external IDs compare as written (no zeros dropped, case kept)', () => {
		expect(sameInternalId('eid:0012', 'eid:12')).toBe(false);
		expect(sameInternalId('eid:SO-1', 'eid:so-1')).toBe(false);
		expect(internalIdKey('eid:007')).toBe('eid:007');
	});

	test('order is numeric at any length, also past 2^53, and ignores leading zeros', () => {
		expect(compareInternalIds('900', '1000')).toBeLessThan(0);
		expect(compareInternalIds('0900', '900')).toBe(0);
		expect(compareInternalIds('0013', '12')).toBeGreaterThan(0);
		expect(compareInternalIds('9007199254740993', '9007199254740992')).toBeGreaterThan(0);
		expect(['1000', '0099', '900', '100'].sort(compareInternalIds)).toEqual([
			'0099',
			'100',
			'900',
			'1000',
		]);
	});
});
