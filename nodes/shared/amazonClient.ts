import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { AmazonClient, type AmazonClientOptions } from '../../core/amazon/client';
import { sellerKey } from '../../core/amazon/limiterRegistry';
import { fetchLwaToken, LWA_GRANT_HEADER } from '../../core/amazon/lwa';
import {
	AMAZON_CREDENTIAL_NAME,
	amazonSettings,
	type AmazonCredentialData,
	type AmazonSettings,
} from '../../core/amazon/settings';
import type { Clock, Transport } from '../../core/http/transport';
import { credentialTransport, n8nClock, plainTransport } from './transport';

type AmazonContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export type AmazonClientExtras = Pick<
	AmazonClientOptions,
	'maxRateLimitWaitMs' | 'retry' | 'rateLimits' | 'onRetry'
>;

/**
 * Asks the credential for a fresh LWA token. The request carries only the `x-lwa-grant` marker;
 * the credential's `authenticate` turns it into the refresh-token grant, so node code never holds
 * the client secret or the refresh token. Needed on n8n 1.x, which renews a token only on 401
 * while SP-API answers an expired token with 403.
 */
export function lwaRefresher(
	transport: Transport,
	tokenUrl: string,
	clock?: Clock,
): () => Promise<string> {
	return async () => {
		const token = await fetchLwaToken(
			async () =>
				await transport({
					method: 'POST',
					url: tokenUrl,
					headers: { [LWA_GRANT_HEADER]: 'refresh_token', Accept: 'application/json' },
					responseType: 'json',
				}),
			tokenUrl,
			undefined,
			{ clock },
		);
		return token.accessToken;
	};
}

/**
 * Operations paced together by all executions of one seller in this n8n process. These are the
 * ones a burst of executions (one per fulfillment, from the webhook trigger) calls; the feed calls
 * come from one execution per batch and keep their own buckets.
 */
export const SHARED_PACING_OPERATIONS = ['confirmShipment', 'getOrder'] as const;

/**
 * An AmazonClient wired to n8n: SP-API calls signed by the `amazonSpApi` credential (n8n renews
 * the token on 401 and, on n8n 2.x, on 403), plain requests for the pre-signed S3 URLs (which must
 * not carry the token), n8n's cancellable sleep as the clock.
 */
export async function buildAmazonClient(
	context: AmazonContext,
	extras: AmazonClientExtras = {},
): Promise<{ client: AmazonClient; settings: AmazonSettings }> {
	const data = (await context.getCredentials(AMAZON_CREDENTIAL_NAME)) as AmazonCredentialData;
	let settings: AmazonSettings;
	try {
		settings = amazonSettings(data ?? {});
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description:
				'Check Region, Endpoint Override and LWA Token URL Override in the Amazon Selling Partner API credential.',
		});
	}
	const transport = credentialTransport(context, AMAZON_CREDENTIAL_NAME, {
		tokenExpiredStatusCodes: [401, 403],
	});
	const clock = n8nClock('getExecutionCancelSignal' in context ? context : undefined);
	const seller = sellerKey(data?.clientId, data?.refreshToken);
	const client = new AmazonClient({
		...extras,
		transport,
		presignedTransport: plainTransport(context),
		clock,
		baseUrl: settings.baseUrl,
		region: settings.region,
		secrets: settings.secrets,
		refreshAccessToken: lwaRefresher(transport, settings.tokenUrl, clock),
		...(seller ? { sharedRateLimits: { seller, operations: SHARED_PACING_OPERATIONS } } : {}),
	});
	return { client, settings };
}
