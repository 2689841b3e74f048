/**
 * Issue 15, "ship dates on the wrong day": a date-only NetSuite ship date is a day in the NetSuite
 * account's time zone, never sent later than now or before the order's purchase date.
 */
const { resolveShipDate, zonedEpochMs, formatInZone } = require('../../core/feed/dates');

const NOW = Date.parse('2026-07-10T20:00:00Z');
const LA = 'America/Los_Angeles';

test('a date-only ship date is that day in the account zone (with DST), not midnight UTC', () => {
	expect(resolveShipDate('2026-01-05', { itemZone: LA, now: NOW }).value).toBe(
		'2026-01-05T00:00:00-08:00',
	);
	expect(resolveShipDate('2026-07-05', { itemZone: LA, now: NOW }).value).toBe(
		'2026-07-05T00:00:00-07:00',
	);
	expect(resolveShipDate('2026-07-05', { itemZone: 'Asia/Tokyo', now: NOW }).value).toBe(
		'2026-07-05T00:00:00+09:00',
	);
	// A time without a zone is the account's wall clock too.
	expect(resolveShipDate('2026-07-05T15:30:00', { itemZone: LA, now: NOW }).value).toBe(
		'2026-07-05T15:30:00-07:00',
	);
});

test('the node setting wins over the item; neither: UTC; the configured time is used', () => {
	const r = resolveShipDate('2026-07-05', {
		itemZone: LA,
		defaults: { zone: 'Europe/Berlin', time: '15:00:00' },
		now: NOW,
	});
	expect(r).toMatchObject({ value: '2026-07-05T15:00:00+02:00', zoneFrom: 'node' });
	expect(resolveShipDate('2026-07-05', { now: NOW })).toMatchObject({
		value: '2026-07-05T00:00:00Z',
		zoneFrom: 'utc',
	});
	// An unknown item zone is ignored rather than guessed.
	expect(resolveShipDate('2026-07-05', { itemZone: 'Mars/Olympus', now: NOW }).zoneFrom).toBe(
		'utc',
	);
});

test('never before the purchase date: a same-day order is sent at its purchase time', () => {
	// Ordered 10:04 in Los Angeles, shipped the same day: midnight would be before the order.
	const r = resolveShipDate('2026-07-05', {
		itemZone: LA,
		purchaseDate: '2026-07-05T17:04:00Z',
		now: NOW,
	});
	expect(r).toMatchObject({ value: '2026-07-05T10:04:00-07:00', clamped: 'purchase' });
	expect(r.note).toMatch(/before the order was placed/);
	// Without the zone (UTC midnight) the purchase clamp still keeps it valid.
	expect(
		resolveShipDate('2026-07-05', { purchaseDate: '2026-07-05T17:04:00Z', now: NOW }).value,
	).toBe('2026-07-05T17:04:00Z');
	// Days before the order is a wrong date or a wrong order: refused with the fix.
	const wrong = resolveShipDate('2026-07-01', {
		itemZone: LA,
		purchaseDate: '2026-07-05T17:04:00Z',
		now: NOW,
	});
	expect(wrong.problem.message).toMatch(/before the Amazon order was placed/);
});

test('never in the future: later today is sent as now; more than a day ahead is refused', () => {
	const later = resolveShipDate('2026-07-10T18:00:00', { itemZone: LA, now: NOW });
	expect(later).toMatchObject({ value: '2026-07-10T13:00:00-07:00', clamped: 'now' });
	expect(resolveShipDate('2026-07-13', { itemZone: LA, now: NOW }).problem.message).toMatch(
		/in the future/,
	);
});

test('a wall time in a DST gap moves forward; formatting shows the zone offset of that instant', () => {
	const t = zonedEpochMs('2026-03-08', '02:30:00', LA);
	expect(formatInZone(t, LA)).toBe('2026-03-08T03:30:00-07:00');
	expect(formatInZone(Date.parse('2026-11-01T08:30:00Z'), LA)).toBe('2026-11-01T01:30:00-07:00');
});
