/**
 * Where SP-API lives: one host per region (sandbox = `sandbox.` prefix), one LWA token URL for all.
 * Overrides exist for the local emulator and for proxies.
 */
export type AmazonRegion = 'NA' | 'EU' | 'FE';

export const AMAZON_REGIONS: readonly AmazonRegion[] = ['NA', 'EU', 'FE'];

export const DEFAULT_LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

export interface AmazonMarketplace {
	id: string;
	/** Country code as Amazon uses it (UK, not GB). */
	country: string;
	name: string;
	region: AmazonRegion;
}

/**
 * Marketplace IDs from Amazon's "Marketplace IDs" page. The list grows: the feed node refuses an ID
 * not listed here unless the user names it under Additional Marketplace IDs.
 */
export const MARKETPLACES: readonly AmazonMarketplace[] = [
	{ id: 'A2EUQ1WTGCTBG2', country: 'CA', name: 'Canada', region: 'NA' },
	{ id: 'ATVPDKIKX0DER', country: 'US', name: 'United States', region: 'NA' },
	{ id: 'A1AM78C64UM0Y8', country: 'MX', name: 'Mexico', region: 'NA' },
	{ id: 'A2Q3Y263D00KWC', country: 'BR', name: 'Brazil', region: 'NA' },
	{ id: 'A28R8C7NBKEWEA', country: 'IE', name: 'Ireland', region: 'EU' },
	{ id: 'A1RKKUPIHCS9HS', country: 'ES', name: 'Spain', region: 'EU' },
	{ id: 'A1F83G8C2ARO7P', country: 'UK', name: 'United Kingdom', region: 'EU' },
	{ id: 'A13V1IB3VIYZZH', country: 'FR', name: 'France', region: 'EU' },
	{ id: 'AMEN7PMS3EDWL', country: 'BE', name: 'Belgium', region: 'EU' },
	{ id: 'A1805IZSGTT6HS', country: 'NL', name: 'Netherlands', region: 'EU' },
	{ id: 'A1PA6795UKMFR9', country: 'DE', name: 'Germany', region: 'EU' },
	{ id: 'APJ6JRA9NG5V4', country: 'IT', name: 'Italy', region: 'EU' },
	{ id: 'A2NODRKZP88ZB9', country: 'SE', name: 'Sweden', region: 'EU' },
	{ id: 'AE08WJ6YKNBMC', country: 'ZA', name: 'South Africa', region: 'EU' },
	{ id: 'A1C3SOZRARQ6R3', country: 'PL', name: 'Poland', region: 'EU' },
	{ id: 'ARBP9OOSHTCHU', country: 'EG', name: 'Egypt', region: 'EU' },
	{ id: 'A33AVAJ2PDY3EV', country: 'TR', name: 'Turkey', region: 'EU' },
	{ id: 'A17E79C6D8DWNP', country: 'SA', name: 'Saudi Arabia', region: 'EU' },
	{ id: 'A2VIGQ35RCS4UG', country: 'AE', name: 'United Arab Emirates', region: 'EU' },
	{ id: 'A21TJRUUN4KGV', country: 'IN', name: 'India', region: 'EU' },
	{ id: 'A19VAU5U5O7RUS', country: 'SG', name: 'Singapore', region: 'FE' },
	{ id: 'A39IBJ37TRP1C6', country: 'AU', name: 'Australia', region: 'FE' },
	{ id: 'A1VC38T7YXB528', country: 'JP', name: 'Japan', region: 'FE' },
];

export interface EndpointSettings {
	region: AmazonRegion | string;
	sandbox?: boolean;
	/** Full base URL (scheme + host [+ path]); when set it wins over region and sandbox. */
	endpoint?: string;
}

export function normaliseRegion(region: string): AmazonRegion {
	const upper = String(region ?? '')
		.trim()
		.toUpperCase();
	if ((AMAZON_REGIONS as readonly string[]).includes(upper)) return upper as AmazonRegion;
	throw new Error(
		`Unknown Amazon region "${region}". Set the credential's Region to NA (North America), EU (Europe, Middle East, India) or FE (Far East).`,
	);
}

export function productionHost(region: AmazonRegion | string): string {
	return `https://sellingpartnerapi-${normaliseRegion(region).toLowerCase()}.amazon.com`;
}

export function sandboxHost(region: AmazonRegion | string): string {
	return `https://sandbox.sellingpartnerapi-${normaliseRegion(region).toLowerCase()}.amazon.com`;
}

function checkUrl(value: string, field: string): string {
	const trimmed = value.trim().replace(/\/+$/, '');
	if (!/^https?:\/\/[^/\s]+/i.test(trimmed)) {
		throw new Error(
			`${field} "${trimmed}" is not a URL. Enter it with its scheme, e.g. http://127.0.0.1:4010, or leave it empty.`,
		);
	}
	return trimmed;
}

/** The SP-API base URL, without a trailing slash. */
export function resolveBaseUrl(settings: EndpointSettings): string {
	if (settings.endpoint && settings.endpoint.trim()) {
		return checkUrl(settings.endpoint, 'The Endpoint Override');
	}
	return settings.sandbox ? sandboxHost(settings.region) : productionHost(settings.region);
}

export function resolveTokenUrl(override?: string): string {
	if (override && override.trim()) return checkUrl(override, 'The LWA Token URL Override');
	return DEFAULT_LWA_TOKEN_URL;
}

export function findMarketplace(idOrCountry: string): AmazonMarketplace | undefined {
	const key = String(idOrCountry ?? '')
		.trim()
		.toUpperCase();
	const country = key === 'GB' ? 'UK' : key;
	return MARKETPLACES.find((m) => m.id === key || m.country === country);
}

/**
 * Accepts a marketplace ID or a country code (US, DE, UK...) and returns the ID.
 * Unknown IDs are returned unchanged: Amazon adds marketplaces and will answer for itself.
 */
export function resolveMarketplaceId(idOrCountry: string): string {
	const value = String(idOrCountry ?? '').trim();
	if (!value)
		throw new Error(
			'No Amazon marketplace given. Enter a marketplace ID such as ATVPDKIKX0DER (US).',
		);
	return findMarketplace(value)?.id ?? value;
}

export function marketplaceRegionProblem(
	marketplaceId: string,
	region: AmazonRegion | string,
): string | undefined {
	const wanted = normaliseRegion(region);
	const market = findMarketplace(marketplaceId);
	if (!market || market.region === wanted) return undefined;
	const inRegion = MARKETPLACES.filter((m) => m.region === wanted)
		.map((m) => m.country)
		.join(', ');
	return (
		`Marketplace ${market.id} (${market.name}) belongs to Amazon region ${market.region}, but the Amazon credential is set to region ${wanted} (${inRegion}). ` +
		`Use a credential for region ${market.region} (with that region's refresh token), or pick a marketplace of region ${wanted}.`
	);
}

/**
 * A refresh token is issued per region, and each regional host only serves its own marketplaces,
 * so a mismatch would fail at Amazon with an unhelpful error. Unknown IDs pass.
 */
export function assertMarketplaceInRegion(
	marketplaceId: string,
	region: AmazonRegion | string,
): void {
	const problem = marketplaceRegionProblem(marketplaceId, region);
	if (problem) throw new Error(problem);
}

/** Splits a user's list of marketplace IDs (commas, spaces or new lines). */
export function parseMarketplaceIds(text: string | undefined): string[] {
	return String(text ?? '')
		.split(/[\s,;]+/)
		.map((v) => v.trim().toUpperCase())
		.filter(Boolean);
}

export interface MarketplaceProblem {
	message: string;
	fix: string;
}

/**
 * Whether one fulfillment's marketplace can be sent with a credential of `region`, checked before
 * anything is sent: a marketplace of another region fails at Amazon only when its feed is created,
 * by which time the other marketplaces' feeds are already out. An ID on no region's list is refused
 * too (a typo would otherwise reach Amazon), unless it is one of `additionalIds`. Without a region
 * (credential not readable) only the unknown-ID check applies.
 */
export function checkMarketplace(
	marketplaceId: string,
	region: AmazonRegion | string | undefined,
	additionalIds: readonly string[] = [],
): MarketplaceProblem | undefined {
	const id = String(marketplaceId ?? '').trim();
	const market = MARKETPLACES.find((m) => m.id === id);
	if (!market) {
		if (additionalIds.includes(id.toUpperCase())) return undefined;
		const wanted = region ? normaliseRegion(region) : undefined;
		const examples = MARKETPLACES.filter((m) => !wanted || m.region === wanted)
			.slice(0, 6)
			.map((m) => `${m.id} (${m.country})`)
			.join(', ');
		return {
			message: `marketplace ID '${id.slice(0, 40)}' is not an Amazon marketplace this node knows`,
			fix: `Correct the marketplace ID (e.g. ${examples}) on the sales order or in the node's Marketplace setting; if Amazon opened a new marketplace, add its ID under Options > Additional Marketplace IDs`,
		};
	}
	if (!region) return undefined;
	const wanted = normaliseRegion(region);
	if (market.region === wanted) return undefined;
	const inRegion = MARKETPLACES.filter((m) => m.region === wanted)
		.map((m) => m.country)
		.join(', ');
	return {
		message: `marketplace ${market.id} (${market.name}) belongs to Amazon region ${market.region}, but the Amazon credential is for region ${wanted} (${inRegion})`,
		fix: `Send it with a second Amazon Shipment Feed node using a credential for region ${market.region} (with that region's refresh token), or correct the marketplace on the sales order if it is wrong`,
	};
}
