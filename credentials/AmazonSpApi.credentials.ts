import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	buildRefreshTokenRequest,
	CLIENT_REFRESH_HEADER,
	LWA_GRANT_HEADER,
	requestAccessToken,
} from '../core/amazon/lwa';
import { resolveTokenUrl } from '../core/amazon/hosts';
import type { Clock } from '../core/http/transport';
import { plainTransport } from '../nodes/shared/transport';

export class AmazonSpApi implements ICredentialType {
	name = 'amazonSpApi';

	displayName = 'Amazon Selling Partner API';

	icon = 'file:amazon.svg' as const;

	documentationUrl = 'https://developer-docs.amazon.com/sp-api/docs/self-authorization';

	properties: INodeProperties[] = [
		{
			displayName: 'LWA Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'amzn1.application-oa2-client.…',
			description:
				"Your SP-API app's Login with Amazon client ID. Seller Central > Apps and Services > Develop Apps > your app > LWA credentials > View.",
		},
		{
			displayName: 'LWA Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The client secret shown next to the client ID (Seller Central > Apps and Services > Develop Apps > LWA credentials > View). Amazon rotates it periodically; paste the current one.',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'Atzr|…',
			description:
				'Self-authorise the app for your seller account (Seller Central > Apps and Services > Develop Apps > Authorize app) and copy the refresh token, which starts with "Atzr|". A token is issued per region: use one credential per region.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'NA',
			options: [
				{
					name: 'North America',
					value: 'NA',
					description: 'Canada, United States, Mexico, Brazil (sellingpartnerapi-na.amazon.com)',
				},
				{
					name: 'Europe',
					value: 'EU',
					description:
						'Ireland, Spain, UK, France, Belgium, Netherlands, Germany, Italy, Sweden, South Africa, Poland, Saudi Arabia, Egypt, Turkey, UAE, India (sellingpartnerapi-eu.amazon.com)',
				},
				{
					name: 'Far East',
					value: 'FE',
					description: 'Singapore, Australia, Japan (sellingpartnerapi-fe.amazon.com)',
				},
			],
			description:
				'The SP-API region of your marketplaces; it must be the region the refresh token was issued for',
		},
		{
			displayName: 'Seller ID (Merchant Token)',
			name: 'sellerId',
			type: 'string',
			default: '',
			placeholder: 'A1EXAMPLESELLER',
			description:
				'Optional. Your seller ID, sent as MerchantIdentifier in XML order-fulfillment feeds: Seller Central > Settings > Account Info > Business Information > Merchant Token. Amazon Shipment Feed uses it when its own Merchant Identifier is empty.',
		},
		{
			displayName: 'Sandbox',
			name: 'sandbox',
			type: 'boolean',
			default: false,
			description:
				"Whether to call Amazon's static sandbox (sandbox.sellingpartnerapi-…) instead of production. The sandbox answers only canned examples and cannot process order-fulfillment feeds.",
		},
		{
			displayName: 'Endpoint Override',
			name: 'endpointOverride',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010',
			description:
				'Base URL for SP-API calls, e.g. the local emulator or a proxy. Leave empty to use the host derived from Region and Sandbox.',
		},
		{
			displayName: 'LWA Token URL Override',
			name: 'tokenUrlOverride',
			type: 'string',
			default: '',
			placeholder: 'https://api.amazon.com/auth/o2/token',
			description:
				'Token endpoint for the refresh-token grant, e.g. the local emulator. Leave empty for https://api.amazon.com/auth/o2/token (all regions).',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * Exchanges the refresh token for a one-hour access token; n8n stores it and renews it when it
	 * expires. A throttled or failing login is tried again a few times (see LWA_RETRY).
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const clock: Clock = {
			now: () => Date.now(),
			random: () => Math.random(),
			sleep: async (ms) => await sleep(ms),
		};
		const token = await requestAccessToken(
			plainTransport(this),
			{
				clientId: String(credentials.clientId ?? ''),
				clientSecret: String(credentials.clientSecret ?? ''),
				refreshToken: String(credentials.refreshToken ?? ''),
			},
			resolveTokenUrl(credentials.tokenUrlOverride as string | undefined),
			{ clock },
		);
		return { accessToken: token.accessToken };
	}

	// No AWS SigV4: Amazon dropped it in October 2023; the LWA token alone authorises.
	/**
	 * Adds the access token to SP-API calls. Two cases need more than a static header:
	 * a request marked with `x-lwa-grant: refresh_token` is the client's own token refresh (n8n 1.x
	 * renews tokens only on 401, while Amazon answers 403), so the credential fills in the secrets;
	 * and a token the client refreshed itself comes in `x-n8n-amazon-access-token` and is sent
	 * instead of the stored one.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers = { ...((requestOptions.headers ?? {}) as Record<string, string>) };
		const marker = Object.keys(headers).find((h) => h.toLowerCase() === LWA_GRANT_HEADER);
		if (marker) {
			delete headers[marker];
			const grant = buildRefreshTokenRequest(
				{
					clientId: String(credentials.clientId ?? ''),
					clientSecret: String(credentials.clientSecret ?? ''),
					refreshToken: String(credentials.refreshToken ?? ''),
				},
				resolveTokenUrl(credentials.tokenUrlOverride as string | undefined),
			);
			return {
				...requestOptions,
				method: 'POST',
				url: grant.url,
				headers: { ...headers, ...grant.headers },
				body: grant.body as string,
				json: false,
			};
		}
		// The stored token always replaces an `x-amz-access-token` already there: on n8n 2.x's retry
		// after a 403 the options are those of the first attempt, whose token n8n has just renewed.
		let clientToken: string | undefined;
		for (const name of Object.keys(headers)) {
			const lower = name.toLowerCase();
			if (lower === CLIENT_REFRESH_HEADER) clientToken = headers[name];
			if (lower === CLIENT_REFRESH_HEADER || lower === 'x-amz-access-token') delete headers[name];
		}
		headers['x-amz-access-token'] = clientToken || String(credentials.accessToken ?? '');
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				"={{ $credentials.endpointOverride && $credentials.endpointOverride.trim() ? $credentials.endpointOverride.trim() : 'https://' + ($credentials.sandbox ? 'sandbox.' : '') + 'sellingpartnerapi-' + String($credentials.region || 'NA').toLowerCase() + '.amazon.com' }}",
			url: '/sellers/v1/marketplaceParticipations',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Amazon accepted the login but refused the SP-API call: check that Region matches the refresh token, that the app has the "Inventory and Order Tracking" role, and the Endpoint Override (leave it empty for Amazon).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Amazon refused the access token: self-authorise the app again and paste the new Refresh Token, for the same Region.',
				},
			},
		],
	};
}
