const { toIsoDateTime } = require('../../core/trigger/dates');
const { zoneOffsetMinutes } = require('../../core/shared/zones');

describe('time-zone offsets (one cached formatter per zone)', () => {
	const winter = Date.UTC(2026, 0, 15, 12);
	const summer = Date.UTC(2026, 6, 15, 12);

	test('alternating zones and seasons each get their own offset', () => {
		const seen = [];
		for (let k = 0; k < 3; k++) {
			seen.push(
				zoneOffsetMinutes('America/New_York', winter),
				zoneOffsetMinutes('Europe/Berlin', summer),
				zoneOffsetMinutes('America/New_York', summer),
				zoneOffsetMinutes('Asia/Kolkata', winter),
				zoneOffsetMinutes('UTC', summer),
			);
		}
		expect(seen).toEqual([
			-300, 120, -240, 330, 0, -300, 120, -240, 330, 0, -300, 120, -240, 330, 0,
		]);
	});

	test('NetSuite date-times convert with the offset of their own date', () => {
		const settings = (timeZone) => ({ order: 'MDY', timeZone });
		expect(toIsoDateTime('1/15/2026 9:30 am', settings('America/New_York'))).toBe(
			'2026-01-15T14:30:00.000Z',
		);
		expect(toIsoDateTime('7/15/2026 9:30 am', settings('America/New_York'))).toBe(
			'2026-07-15T13:30:00.000Z',
		);
		expect(toIsoDateTime('7/15/2026 9:30 am', settings('Europe/Berlin'))).toBe(
			'2026-07-15T07:30:00.000Z',
		);
	});
});
