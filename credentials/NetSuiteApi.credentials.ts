import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { netSuiteHosts } from '../core/netsuite/hosts';
import { buildTokenRequest, parseTokenResponse, type M2mAlgorithm } from '../core/netsuite/m2m';
import { tbaAuthorizationHeader, type QueryValue } from '../core/netsuite/tba';
import { text } from '../core/shared/text';

const AUDIT_TRAIL =
	'If NetSuite answers INVALID_LOGIN, the real reason is in Setup > Users/Roles > User Management > View Login Audit Trail.';

/** The request URL as it will be sent: `baseURL` + relative `url` (credential tests use both). */
function absoluteUrl(options: IHttpRequestOptions): string {
	if (/^https?:\/\//i.test(options.url)) return options.url;
	const base = (options.baseURL ?? '').replace(/\/+$/, '');
	const path = options.url.startsWith('/') ? options.url : `/${options.url}`;
	return `${base}${path}`;
}

function withoutAuthorization(headers: IDataObject | undefined): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() !== 'authorization') out[key] = value;
	}
	return out;
}

/**
 * TBA: signs this exact request (method, URL, every query parameter) with a fresh nonce, so n8n's
 * retry after a failure is signed again. M2M: the bearer token fetched by preAuthentication.
 */
export const authenticateNetSuite: IAuthenticate = async (
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> => {
	const headers = withoutAuthorization(requestOptions.headers);
	if (credentials.authentication === 'm2m') {
		const token = text(credentials.accessToken);
		if (!token) {
			throw new Error(
				'NetSuite OAuth 2.0: no access token was obtained. Check the client ID, certificate ID and private key.',
			);
		}
		headers.Authorization = `Bearer ${token}`;
		return { ...requestOptions, headers };
	}
	headers.Authorization = tbaAuthorizationHeader(
		{
			method: requestOptions.method ?? 'GET',
			url: absoluteUrl(requestOptions),
			qs: requestOptions.qs as Record<string, QueryValue> | undefined,
		},
		{
			accountId: text(credentials.accountId),
			consumerKey: text(credentials.consumerKey),
			consumerSecret: text(credentials.consumerSecret),
			tokenId: text(credentials.tokenId),
			tokenSecret: text(credentials.tokenSecret),
		},
	);
	return { ...requestOptions, headers };
};

export class NetSuiteApi implements ICredentialType {
	name = 'netSuiteApi';

	displayName = 'NetSuite API';

	icon = 'file:netsuite.svg' as const;

	documentationUrl =
		'https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_162755359851.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			default: 'm2m',
			options: [
				{
					name: 'OAuth 2.0 Client Credentials (Machine to Machine)',
					value: 'm2m',
					description:
						'Recommended. A certificate-signed token request; no user tokens. Oracle stops new TBA integrations in 2027.1.',
				},
				{
					name: 'Token-Based Authentication (TBA)',
					value: 'tba',
					description:
						'OAuth 1.0a with HMAC-SHA256, using an access token created for a user and role',
				},
			],
			description: 'How n8n signs in to NetSuite',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1234567 or 1234567_SB1',
			description: `Setup > Company > Company Information > Account ID. A sandbox looks like 1234567_SB1 (1234567-sb1 is accepted too); the realm and hosts are derived from it. ${AUDIT_TRAIL}`,
		},
		// Token-Based Authentication
		{
			displayName: 'Consumer Key',
			name: 'consumerKey',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['tba'] } },
			description:
				'Shown once when you save the integration record (Setup > Integration > Manage Integrations > New, with "Token-Based Authentication" ticked)',
		},
		{
			displayName: 'Consumer Secret',
			name: 'consumerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['tba'] } },
			description: `Shown once, next to the consumer key, when the integration record is saved. If lost, reset the credentials on the integration record. ${AUDIT_TRAIL}`,
		},
		{
			displayName: 'Token ID',
			name: 'tokenId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['tba'] } },
			description:
				'Setup > Users/Roles > Access Tokens > New: pick the integration record, the user and a role with the "REST Web Services", "Log in using Access Tokens" and record permissions. Requires the Token-based Authentication feature (Setup > Company > Enable Features > SuiteCloud).',
		},
		{
			displayName: 'Token Secret',
			name: 'tokenSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['tba'] } },
			description: `Shown once, next to the token ID, when the access token is saved. ${AUDIT_TRAIL} Usual causes: realm format, role permissions, TBA feature off, or a wrong consumer/token secret.`,
		},
		// OAuth 2.0 client credentials (M2M)
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['m2m'] } },
			description:
				'Client ID of the integration record (Setup > Integration > Manage Integrations), which must have "Client Credentials (Machine to Machine) Grant" ticked and the REST Web Services and RESTlets scopes',
		},
		{
			displayName: 'Certificate ID',
			name: 'certificateId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['m2m'] } },
			description:
				'Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup: upload the public certificate, map it to the integration record, an entity and a role, then copy the Certificate ID',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 5 },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['m2m'] } },
			placeholder: '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----',
			description: `Unencrypted PEM private key of the certificate uploaded to NetSuite (e.g. made with: openssl req -x509 -newkey rsa:3072 -keyout key.pem -out cert.pem -nodes -days 730). ${AUDIT_TRAIL}`,
		},
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			default: 'PS256',
			displayOptions: { show: { authentication: ['m2m'] } },
			options: [
				{ name: 'PS256 (RSA Key)', value: 'PS256' },
				{ name: 'ES256 (EC P-256 Key)', value: 'ES256' },
			],
			description: 'Signature algorithm of the token request; it must match the key type',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Concurrent Requests',
			name: 'accountConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
			default: 4,
			description:
				"At most this many NetSuite requests in flight for this account from all workflows of this n8n process together. NetSuite's limit is per account and shared with every other integration (5 on the standard tier, 15 on Tier 1, plus 10 per SuiteCloud Plus licence); keep room for them. In queue mode each worker counts its own.",
		},
		{
			displayName: 'REST Base URL Override',
			name: 'restBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8080',
			description:
				'Leave empty for NetSuite (https://<account>.suitetalk.api.netsuite.com); set for the local emulator or a proxy. Also used for the OAuth 2.0 token endpoint.',
		},
		{
			displayName: 'RESTlet Base URL Override',
			name: 'restletBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8080',
			description:
				'Leave empty for NetSuite (https://<account>.restlets.api.netsuite.com); set for the local emulator or a proxy',
		},
	];

	/** M2M only: exchanges a signed JWT for a one-hour token, which n8n stores and renews on 401. */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		if (credentials.authentication !== 'm2m') return {};
		const hosts = netSuiteHosts(text(credentials.accountId), {
			restBaseUrl: text(credentials.restBaseUrl),
		});
		const privateKey = text(credentials.privateKey);
		const request = buildTokenRequest(
			{
				clientId: text(credentials.clientId),
				certificateId: text(credentials.certificateId),
				privateKey,
				algorithm: (text(credentials.algorithm) || 'PS256') as M2mAlgorithm,
			},
			{ tokenUrl: hosts.tokenUrl, now: Date.now() },
		);
		try {
			const response = (await this.helpers.httpRequest({
				method: request.method,
				url: request.url,
				headers: request.headers,
				body: request.body,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as { statusCode: number; body: unknown };
			const token = parseTokenResponse(response.statusCode, response.body, [
				privateKey,
				request.body,
				text(credentials.clientId),
			]);
			return { accessToken: token.accessToken };
		} catch (error) {
			// n8n's credential test shows only `code` when an error has one: keep the message.
			throw new Error((error as Error).message);
		}
	}

	authenticate = authenticateNetSuite;

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				"={{ String($credentials.restBaseUrl || '').trim() ? String($credentials.restBaseUrl).trim().replace(/\\/+$/, '') : 'https://' + String($credentials.accountId || '').trim().toLowerCase().replace('_', '-') + '.suitetalk.api.netsuite.com' }}",
			url: '/services/rest/query/v1/suiteql',
			method: 'POST',
			qs: { limit: 1 },
			headers: { Prefer: 'transient' },
			// A primary-key lookup on the table the trigger reads: cheap, and it proves the role may
			// query transactions, not just that the login works.
			body: { q: 'SELECT id FROM transaction WHERE id = -1' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: `NetSuite refused the login (INVALID_LOGIN). Check the Account ID (a sandbox is 1234567_SB1), the secrets (consumer and token secret, or client ID, certificate ID and private key), that the role has "REST Web Services" and the Token-Based Authentication / OAuth 2.0 feature is on. ${AUDIT_TRAIL}`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'NetSuite accepted the login but refused REST access: give the role "REST Web Services" (Full) and, for TBA, "Log in using Access Tokens".',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'NetSuite accepted the login but refused a SuiteQL query on transactions: give the role "Find Transaction" (View) and "Item Fulfillment" (Edit), and check the REST Base URL Override.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No NetSuite REST API at this address: check the Account ID and the REST Base URL Override (leave it empty for NetSuite).',
				},
			},
		],
	};
}
