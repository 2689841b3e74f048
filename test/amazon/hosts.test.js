const {
	resolveBaseUrl,
	resolveTokenUrl,
	resolveMarketplaceId,
	assertMarketplaceInRegion,
	checkMarketplace,
	parseMarketplaceIds,
	MARKETPLACES,
} = require('../../core/amazon/hosts');
const { amazonSettings } = require('../../core/amazon/settings');
const { SECRETS } = require('./helpers');

test('region selects the production or sandbox host; an override wins', () => {
	expect(resolveBaseUrl({ region: 'NA' })).toBe('https://sellingpartnerapi-na.amazon.com');
	expect(resolveBaseUrl({ region: 'eu', sandbox: true })).toBe(
		'https://sandbox.sellingpartnerapi-eu.amazon.com',
	);
	expect(resolveBaseUrl({ region: 'FE' })).toBe('https://sellingpartnerapi-fe.amazon.com');
	expect(resolveBaseUrl({ region: 'FE', sandbox: true, endpoint: 'http://127.0.0.1:4010/' })).toBe(
		'http://127.0.0.1:4010',
	);
	expect(() => resolveBaseUrl({ region: 'US' })).toThrow(/NA \(North America\), EU .*FE/);
	expect(() => resolveBaseUrl({ region: 'NA', endpoint: 'localhost:4010' })).toThrow(
		/Endpoint Override/,
	);
	expect(resolveTokenUrl('')).toBe('https://api.amazon.com/auth/o2/token');
	expect(resolveTokenUrl('http://127.0.0.1:4011/auth/o2/token')).toBe(
		'http://127.0.0.1:4011/auth/o2/token',
	);
});

test('marketplaces: country codes resolve, regions are checked, unknown IDs pass', () => {
	expect(resolveMarketplaceId('US')).toBe('ATVPDKIKX0DER');
	expect(resolveMarketplaceId('gb')).toBe('A1F83G8C2ARO7P');
	expect(resolveMarketplaceId('ANEWMARKET123')).toBe('ANEWMARKET123');
	expect(() => assertMarketplaceInRegion('A1VC38T7YXB528', 'FE')).not.toThrow();
	expect(() => assertMarketplaceInRegion('A1VC38T7YXB528', 'NA')).toThrow(
		/Japan\) belongs to Amazon region FE.*region NA \(CA, US, MX, BR\)/,
	);
	expect(() => assertMarketplaceInRegion('ANEWMARKET123', 'NA')).not.toThrow();
	expect(new Set(MARKETPLACES.map((m) => m.id)).size).toBe(MARKETPLACES.length);
});

test('checkMarketplace (before anything is sent): other region or unknown ID → the fix; allowed extra IDs pass', () => {
	expect(checkMarketplace('ATVPDKIKX0DER', 'NA')).toBeUndefined();
	expect(checkMarketplace('A1PA6795UKMFR9', 'NA')).toEqual({
		message: expect.stringMatching(/A1PA6795UKMFR9 \(Germany\) belongs to Amazon region EU/),
		fix: expect.stringMatching(/credential for region EU/),
	});
	expect(checkMarketplace('ATVPDKIKX0DEP', 'NA').fix).toMatch(
		/ATVPDKIKX0DER \(US\).*Additional Marketplace IDs/,
	);
	// Without a readable region only the list is checked.
	expect(checkMarketplace('A1PA6795UKMFR9', undefined)).toBeUndefined();
	expect(checkMarketplace('ANEWMARKET123', undefined)).toBeDefined();
	const extra = parseMarketplaceIds(' anewmarket123,\nA9OTHER ; ');
	expect(extra).toEqual(['ANEWMARKET123', 'A9OTHER']);
	expect(checkMarketplace('ANEWMARKET123', 'NA', extra)).toBeUndefined();
});

test('amazonSettings turns credential data into what the client needs', () => {
	const s = amazonSettings({
		region: 'EU',
		sandbox: true,
		clientSecret: SECRETS.clientSecret,
		refreshToken: SECRETS.refreshToken,
		accessToken: SECRETS.accessToken,
	});
	expect(s).toMatchObject({
		region: 'EU',
		baseUrl: 'https://sandbox.sellingpartnerapi-eu.amazon.com',
		tokenUrl: 'https://api.amazon.com/auth/o2/token',
	});
	expect(s.secrets).toEqual([SECRETS.clientSecret, SECRETS.refreshToken, SECRETS.accessToken]);
});
