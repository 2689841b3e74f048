import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { NetSuiteClient } from '../../core/netsuite/client';
import { accountSlots, DEFAULT_ACCOUNT_SLOTS } from '../../core/netsuite/accountSlots';
import type { ConcurrencyLimiter } from '../../core/http/concurrency';
import type { RetryPolicy } from '../../core/http/retry';
import { netSuiteSecrets } from '../../core/netsuite/errors';
import { netSuiteHosts } from '../../core/netsuite/hosts';
import { credentialTransport, n8nClock } from './transport';
import { text } from '../../core/shared/text';

type NetSuiteContext =
	| IExecuteFunctions
	| IPollFunctions
	| ILoadOptionsFunctions
	| IWebhookFunctions;

export const NETSUITE_CREDENTIAL_NAME = 'netSuiteApi';

export interface NetSuiteClientExtras {
	/** Requests in flight at once (the trigger pages one at a time: 1). */
	concurrency: number;
	/** Per-request timeout and retries, for callers that must answer within a bound (the webhook). */
	timeoutMs?: number;
	retry?: Partial<RetryPolicy>;
	/** Aborts the client's waits between retries (the webhook's time bound). */
	signal?: AbortSignal;
	/**
	 * False for a caller that holds one of the account's slots for its whole read and sends one
	 * request at a time (the webhook trigger, whose time bound starts when it has the slot).
	 */
	accountSlots?: false;
}

/**
 * A NetSuiteClient wired to n8n: every request signed by the `netSuiteApi` credential (n8n renews
 * a token on 401), hosts from its account ID and base URL overrides, and
 * n8n's sleep as the clock (cancellable where the context offers the execution's cancel signal).
 */
export async function buildNetSuiteClient(
	context: NetSuiteContext,
	{ concurrency, timeoutMs, retry, signal, accountSlots: shared }: NetSuiteClientExtras,
): Promise<NetSuiteClient> {
	const credentials = await context.getCredentials(NETSUITE_CREDENTIAL_NAME);
	try {
		const hosts = netSuiteHosts(text(credentials.accountId), {
			restBaseUrl: text(credentials.restBaseUrl),
			restletBaseUrl: text(credentials.restletBaseUrl),
		});
		return new NetSuiteClient({
			transport: credentialTransport(context, NETSUITE_CREDENTIAL_NAME, {
				tokenExpiredStatusCodes: [401],
			}),
			clock: n8nClock(
				signal
					? { getExecutionCancelSignal: () => signal }
					: 'getExecutionCancelSignal' in context
						? context
						: undefined,
			),
			hosts,
			concurrency,
			// Keyed by the REST host: one per account (and per emulator or proxy in front of one).
			accountSlots: shared === false ? undefined : slotsFor(credentials),
			timeoutMs,
			retry,
			secrets: netSuiteSecrets(credentials),
		});
	} catch (error) {
		throw new NodeOperationError(context.getNode(), (error as Error).message, {
			description: 'Check the Account ID and base URL overrides in the NetSuite API credential.',
		});
	}
}

/** This process's slots of the credential's NetSuite account (see core/netsuite/accountSlots.ts). */
export async function netSuiteAccountSlots(context: NetSuiteContext): Promise<ConcurrencyLimiter> {
	return slotsFor(await context.getCredentials(NETSUITE_CREDENTIAL_NAME));
}

function slotsFor(credentials: ICredentialDataDecryptedObject): ConcurrencyLimiter {
	const hosts = netSuiteHosts(text(credentials.accountId), {
		restBaseUrl: text(credentials.restBaseUrl),
	});
	// A credential saved before Concurrent Requests existed has none.
	const n = Number(credentials.accountConcurrency);
	const limit = Number.isInteger(n) && n >= 1 ? n : DEFAULT_ACCOUNT_SLOTS;
	// Keyed by the REST host: one per account (and per emulator or proxy in front of one).
	return accountSlots(hosts.restBaseUrl, limit);
}
