import { normaliseRegion, resolveBaseUrl, resolveTokenUrl, type AmazonRegion } from './hosts';
import { lwaSecrets } from './lwa';

/** Credential type name, shared by the credential class and the nodes. */
export const AMAZON_CREDENTIAL_NAME = 'amazonSpApi';

/** The `amazonSpApi` credential's fields as n8n hands them over (decrypted). */
export interface AmazonCredentialData {
	clientId?: string;
	clientSecret?: string;
	refreshToken?: string;
	region?: string;
	sandbox?: boolean;
	endpointOverride?: string;
	tokenUrlOverride?: string;
	accessToken?: string;
}

export interface AmazonSettings {
	region: AmazonRegion;
	sandbox: boolean;
	/** SP-API base URL, no trailing slash. */
	baseUrl: string;
	tokenUrl: string;
	/** Values to scrub from errors and logs. */
	secrets: string[];
}

/** What a node needs from the credential to build an AmazonClient. */
export function amazonSettings(data: AmazonCredentialData): AmazonSettings {
	const region = normaliseRegion(data.region || 'NA');
	return {
		region,
		sandbox: !!data.sandbox,
		baseUrl: resolveBaseUrl({ region, sandbox: !!data.sandbox, endpoint: data.endpointOverride }),
		tokenUrl: resolveTokenUrl(data.tokenUrlOverride),
		secrets: [
			...lwaSecrets({ clientSecret: data.clientSecret, refreshToken: data.refreshToken }),
			...(data.accessToken ? [data.accessToken] : []),
		],
	};
}
