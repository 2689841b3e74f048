'use strict';
/**
 * Retry-After comes as seconds or as an HTTP-date (RFC 9110). All three callers — the NetSuite
 * client, the Amazon client and the LWA token request — read it through one parser, so a server
 * that sends a date is honoured everywhere instead of being retried at once.
 */
const nock = require('nock');
const { retryAfterMs } = require('../../core/http/retry');
const { NA, makeClient, fakeClock } = require('../amazon/helpers');
const { lwaRefresher } = require('../../nodes/shared/amazonClient');

const NOW = Date.parse('2026-11-27T10:00:00Z');

describe('retryAfterMs', () => {
	test.each([
		['7', 7000],
		['0', 0],
		['1.5', 1500],
		['Fri, 27 Nov 2026 10:00:09 GMT', 9000],
		['Fri, 27 Nov 2026 09:59:00 GMT', 0], // a date in the past: go now, never a negative wait
	])('%s → %d ms', (value, ms) => {
		expect(retryAfterMs({ 'Retry-After': value }, NOW)).toBe(ms);
	});

	test.each([[undefined], [''], ['soon'], ['-3']])('%s → no server wait', (value) => {
		expect(retryAfterMs(value === undefined ? {} : { 'retry-after': value }, NOW)).toBeUndefined();
	});
});

describe('an HTTP-date Retry-After is honoured', () => {
	beforeAll(() => nock.disableNetConnect());
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());

	test('by the Amazon client on a 503', async () => {
		const clock = fakeClock(NOW);
		const { client } = makeClient({ clock });
		nock(NA)
			.get('/feeds/2021-06-30/feeds/123')
			.reply(503, 'busy', { 'Retry-After': 'Fri, 27 Nov 2026 10:00:20 GMT' })
			.get('/feeds/2021-06-30/feeds/123')
			.reply(200, { feedId: '123', processingStatus: 'IN_QUEUE' });
		await client.getFeed('123');
		// The first backoff is ~1 s; Amazon asked for 20 s.
		expect(clock.sleeps[0]).toBe(20_000);
	});

	test('by the LWA token request on a 429', async () => {
		const clock = fakeClock(NOW);
		const answers = [
			{ statusCode: 429, headers: { 'retry-after': 'Fri, 27 Nov 2026 10:00:08 GMT' }, body: {} },
			{ statusCode: 200, headers: {}, body: { access_token: 'Atza|NEW', expires_in: 3600 } },
		];
		const refresh = lwaRefresher(
			async () => answers.shift(),
			'https://lwa.test/auth/o2/token',
			clock,
		);
		expect(await refresh()).toBe('Atza|NEW');
		expect(clock.sleeps).toEqual([8000]);
	});
});
