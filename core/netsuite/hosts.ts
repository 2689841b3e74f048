/**
 * NetSuite spells one account two ways: the TBA realm is upper-case with `_` (`1234567_SB1`), the
 * hosts are lower-case with `-` (`1234567-sb1.suitetalk.api.netsuite.com`). Mixing them up is the
 * most common cause of INVALID_LOGIN, so both are always derived from a single account ID here.
 */

export interface NetSuiteHosts {
	/** The realm form, e.g. `1234567_SB1`: what TBA puts in `realm=` and what the NetSuite UI shows. */
	realm: string;
	/** The host form, e.g. `1234567-sb1`. */
	hostId: string;
	/** REST web services base URL without trailing slash, e.g. `https://1234567-sb1.suitetalk.api.netsuite.com`. */
	restBaseUrl: string;
	/** RESTlet base URL without trailing slash, e.g. `https://1234567-sb1.restlets.api.netsuite.com`. */
	restletBaseUrl: string;
	/** OAuth 2.0 token endpoint (on the REST host). */
	tokenUrl: string;
}

export interface HostOverrides {
	/** Replaces the REST host (local emulator, proxy). Empty means NetSuite's own host. */
	restBaseUrl?: string;
	/** Replaces the RESTlet host. Empty means NetSuite's own host. */
	restletBaseUrl?: string;
}

const ACCOUNT_ID = /^[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)?$/;
const NETSUITE_URL =
	/^(?:https?:\/\/)?([A-Za-z0-9_-]+)\.(?:suitetalk\.api|restlets\.api|app|extforms)\.netsuite\.com\b/i;

/**
 * Accepts `1234567`, `1234567_SB1`, `1234567-sb1`, `TSTDRV1234567`, or a pasted NetSuite URL
 * (whose first host label is the account), and returns both spellings.
 */
export function parseAccountId(input: string): { realm: string; hostId: string } {
	const raw = String(input ?? '').trim();
	if (!raw) {
		throw new Error(
			'NetSuite account ID is empty. Enter it as shown under Setup > Company > Company Information > Account ID, e.g. 1234567 or 1234567_SB1 for a sandbox.',
		);
	}
	const fromUrl = NETSUITE_URL.exec(raw);
	const id = fromUrl ? fromUrl[1] : raw;
	if (!ACCOUNT_ID.test(id)) {
		throw new Error(
			`NetSuite account ID "${raw.slice(0, 60)}" is not valid: use letters and digits with at most one "_" or "-" before a suffix, e.g. 1234567 or 1234567_SB1 (Setup > Company > Company Information > Account ID).`,
		);
	}
	return { realm: id.toUpperCase().replace('-', '_'), hostId: id.toLowerCase().replace('_', '-') };
}

function normaliseBaseUrl(value: string, label: string): string {
	const trimmed = value.trim().replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(trimmed);
	} catch {
		url = undefined;
	}
	if (!url) {
		throw new Error(
			`${label} "${trimmed}" is not a URL. Use e.g. http://127.0.0.1:8080, or leave it empty for NetSuite.`,
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new Error(`${label} "${trimmed}" must start with http:// or https://.`);
	}
	if (url.search || url.hash) {
		throw new Error(`${label} "${trimmed}" must not contain a query string or fragment.`);
	}
	return trimmed;
}

export function netSuiteHosts(accountId: string, overrides: HostOverrides = {}): NetSuiteHosts {
	const { realm, hostId } = parseAccountId(accountId);
	const restBaseUrl = overrides.restBaseUrl?.trim()
		? normaliseBaseUrl(overrides.restBaseUrl, 'REST base URL')
		: `https://${hostId}.suitetalk.api.netsuite.com`;
	const restletBaseUrl = overrides.restletBaseUrl?.trim()
		? normaliseBaseUrl(overrides.restletBaseUrl, 'RESTlet base URL')
		: `https://${hostId}.restlets.api.netsuite.com`;
	return {
		realm,
		hostId,
		restBaseUrl,
		restletBaseUrl,
		tokenUrl: `${restBaseUrl}/services/rest/auth/oauth2/v1/token`,
	};
}
