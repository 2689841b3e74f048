import { redactSecrets } from '../http/redact';
import { isTransientNetworkError, retryAfterMs, withRetry, type RetryPolicy } from '../http/retry';
import {
	headerValue,
	type Clock,
	type HttpRequest,
	type HttpResponse,
	type Transport,
} from '../http/transport';
import { bodyAsText } from './errors';
import { DEFAULT_LWA_TOKEN_URL } from './hosts';

/** Login with Amazon: the refresh token (per seller and region) buys a one-hour access token. */
export interface LwaCredentials {
	clientId: string;
	clientSecret: string;
	refreshToken: string;
}

export interface LwaToken {
	accessToken: string;
	/** Seconds, usually 3600. */
	expiresIn: number;
	tokenType?: string;
}

/** Credential field names as the n8n credential shows them, so errors can point at the right one. */
export const LWA_FIELD_NAMES = {
	clientId: 'LWA Client ID',
	clientSecret: 'LWA Client Secret',
	refreshToken: 'Refresh Token',
	tokenUrl: 'LWA Token URL Override',
} as const;

export class LwaError extends Error {
	constructor(
		message: string,
		/**
		 * LWA's `error` code (invalid_grant, invalid_client...) or a local one. Not named `code`:
		 * n8n's credential test shows an error's `code` instead of its message.
		 */
		readonly lwaCode: string,
		readonly httpStatus?: number,
		/** Which credential field to look at. */
		readonly field?: keyof typeof LWA_FIELD_NAMES,
	) {
		super(message);
		this.name = 'LwaError';
	}
}

export function lwaSecrets(credentials: Partial<LwaCredentials>): string[] {
	return [credentials.clientSecret, credentials.refreshToken].filter((s): s is string => !!s);
}

function missingField(credentials: Partial<LwaCredentials>): keyof LwaCredentials | undefined {
	for (const key of ['clientId', 'clientSecret', 'refreshToken'] as const) {
		if (!credentials[key] || !String(credentials[key]).trim()) return key;
	}
	return undefined;
}

/** The refresh-token grant as Amazon documents it: a form body, not JSON. */
/**
 * Marks a request as "refresh the LWA token": the credential fills in the grant, so node code
 * never handles the client secret or refresh token.
 */
export const LWA_GRANT_HEADER = 'x-lwa-grant';

/**
 * Carries a token the client refreshed itself. The credential moves it into `x-amz-access-token`
 * and drops it; without it the credential always sends its stored token, so n8n's own retry after
 * renewing the token (which re-authenticates the first attempt's options) never re-sends the old one.
 */
export const CLIENT_REFRESH_HEADER = 'x-n8n-amazon-access-token';

export function buildRefreshTokenRequest(
	credentials: LwaCredentials,
	tokenUrl: string = DEFAULT_LWA_TOKEN_URL,
): HttpRequest {
	const missing = missingField(credentials);
	if (missing) {
		throw new LwaError(
			`The Amazon credential has no ${LWA_FIELD_NAMES[missing]}. Fill it in (Seller Central > Apps and Services > Develop Apps).`,
			'missing_field',
			undefined,
			missing,
		);
	}
	const form = new URLSearchParams();
	form.set('grant_type', 'refresh_token');
	form.set('refresh_token', credentials.refreshToken.trim());
	form.set('client_id', credentials.clientId.trim());
	form.set('client_secret', credentials.clientSecret.trim());
	return {
		method: 'POST',
		url: tokenUrl,
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
			Accept: 'application/json',
		},
		body: form.toString(),
		responseType: 'json',
	};
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
	if (body && typeof body === 'object' && !(body instanceof Uint8Array)) {
		return body as Record<string, unknown>;
	}
	const text = bodyAsText(body).trim();
	if (!text.startsWith('{')) return undefined;
	try {
		return JSON.parse(text) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

const ADVICE: Record<string, { field?: keyof typeof LWA_FIELD_NAMES; text: string }> = {
	invalid_grant: {
		field: 'refreshToken',
		text: `Check the credential's ${LWA_FIELD_NAMES.refreshToken}: it is wrong, was revoked, or belongs to another app. Self-authorise the app again (Seller Central > Apps and Services > Develop Apps > Authorize) and paste the new token (it starts with "Atzr|"). A token is issued per region, so it must match the credential's Region.`,
	},
	invalid_client: {
		field: 'clientSecret',
		text: `Check the credential's ${LWA_FIELD_NAMES.clientId} and ${LWA_FIELD_NAMES.clientSecret} (Seller Central > Apps and Services > Develop Apps > View under LWA credentials). Client secrets are rotated periodically: paste the current one.`,
	},
	unauthorized_client: {
		field: 'clientId',
		text: `The app (${LWA_FIELD_NAMES.clientId}) may not use this grant. Check that the client ID is the SP-API app's LWA client ID and that the refresh token was issued for that same app.`,
	},
	invalid_request: {
		text: `Login with Amazon rejected the request as malformed. Check that ${LWA_FIELD_NAMES.clientId}, ${LWA_FIELD_NAMES.clientSecret} and ${LWA_FIELD_NAMES.refreshToken} contain no spaces or line breaks, and that the ${LWA_FIELD_NAMES.tokenUrl} (if set) points to a token endpoint.`,
	},
	unsupported_grant_type: {
		field: 'tokenUrl',
		text: `The token endpoint does not accept the refresh-token grant. Check the ${LWA_FIELD_NAMES.tokenUrl}, or leave it empty for ${DEFAULT_LWA_TOKEN_URL}.`,
	},
};

/** Turns LWA's answer into a token, or into an error that names the field to check and never the secret. */
export function parseTokenResponse(
	response: HttpResponse,
	credentials?: Partial<LwaCredentials>,
	/** Attempts made, when more than one: said in the error. */
	attempts = 1,
): LwaToken {
	const secrets = credentials ? lwaSecrets(credentials) : [];
	const body = parseBody(response.body);
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (ok && body && typeof body.access_token === 'string' && body.access_token) {
		const expiresIn = Number(body.expires_in);
		return {
			accessToken: body.access_token,
			expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
			tokenType: typeof body.token_type === 'string' ? body.token_type : undefined,
		};
	}
	const code =
		body && typeof body.error === 'string'
			? body.error
			: ok
				? 'no_access_token'
				: `http_${response.statusCode}`;
	const description =
		body && typeof body.error_description === 'string' ? body.error_description : '';
	const advice = ADVICE[code];
	const requestId = headerValue(response.headers, 'x-amzn-requestid');
	let text = `Amazon login (LWA) failed: ${code}`;
	if (description) text += ` (${description})`;
	text += '. ';
	if (advice) {
		text += advice.text;
	} else if (!ok && response.statusCode >= 500) {
		text += 'Login with Amazon had a server error; try again in a few minutes.';
	} else if (response.statusCode === 429) {
		text += 'Login with Amazon is throttling token requests; try again in a few minutes.';
	} else if (ok) {
		text += `The token endpoint answered without an access token. Check the ${LWA_FIELD_NAMES.tokenUrl}, or leave it empty for ${DEFAULT_LWA_TOKEN_URL}.`;
	} else {
		text += `Check ${LWA_FIELD_NAMES.clientId}, ${LWA_FIELD_NAMES.clientSecret}, ${LWA_FIELD_NAMES.refreshToken} and the ${LWA_FIELD_NAMES.tokenUrl}.`;
	}
	if (attempts > 1) text += ` (${attempts} attempts)`;
	if (requestId) text += ` [x-amzn-RequestId ${requestId}]`;
	throw new LwaError(redactSecrets(text, secrets), code, response.statusCode, advice?.field);
}

/** Token requests: 3 attempts in all, 1 s then 2 s apart (a Retry-After up to 10 s is honoured). */
export const LWA_RETRY: RetryPolicy = {
	maxAttempts: 3,
	baseDelayMs: 1000,
	maxDelayMs: 10_000,
	jitter: 0.2,
};

/** Answers that a repeat cannot change: the credential itself is wrong. */
const FINAL_LWA_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

export interface LwaRetryOptions {
	/** Sleeps between attempts; without a clock the request is sent once. */
	clock?: Clock;
	policy?: Partial<RetryPolicy>;
}

/**
 * Sends a token request until it gets an answer worth keeping: a throttled (429) or failed (5xx)
 * login, or no answer at all, is tried again within LWA_RETRY; a refused grant is final at once.
 * `send` builds the request anew each time.
 */
export async function fetchLwaToken(
	send: () => Promise<HttpResponse>,
	tokenUrl: string,
	credentials?: Partial<LwaCredentials>,
	options: LwaRetryOptions = {},
): Promise<LwaToken> {
	const policy: RetryPolicy = options.clock
		? { ...LWA_RETRY, ...options.policy }
		: { ...LWA_RETRY, maxAttempts: 1 };
	const clock: Clock = options.clock ?? {
		now: () => 0,
		random: () => 0.5,
		sleep: async () => undefined,
	};
	let attempts = 0;
	let response: HttpResponse | undefined;
	let failure: unknown;
	try {
		response = await withRetry(
			clock,
			policy,
			async () => {
				attempts++;
				return await send();
			},
			({ result, error }) => {
				if (!result) return { retry: isTransientNetworkError(error) };
				const status = result.statusCode;
				if (status !== 429 && status < 500) return { retry: false };
				const code = parseBody(result.body)?.error;
				if (typeof code === 'string' && FINAL_LWA_ERRORS.has(code)) return { retry: false };
				const wait = retryAfterMs(result.headers, clock.now());
				return {
					retry: true,
					minDelayMs: wait ? Math.min(wait, policy.maxDelayMs) : undefined,
				};
			},
		);
	} catch (error) {
		failure = error ?? new Error('request failed');
	}
	if (!response) {
		const reason = redactSecrets(
			String((failure as Error)?.message ?? failure),
			credentials ? lwaSecrets(credentials) : [],
		);
		throw new LwaError(
			`Could not reach the Amazon login (LWA) token endpoint ${tokenUrl}${attempts > 1 ? ` (${attempts} attempts)` : ''}: ${reason}. Check the network and the ${LWA_FIELD_NAMES.tokenUrl} (leave it empty for ${DEFAULT_LWA_TOKEN_URL}).`,
			'network',
			undefined,
			'tokenUrl',
		);
	}
	return parseTokenResponse(response, credentials, attempts);
}

/** Fetches an access token through any transport (n8n's httpRequest in the credential, fetch in tests). */
export async function requestAccessToken(
	transport: Transport,
	credentials: LwaCredentials,
	tokenUrl: string = DEFAULT_LWA_TOKEN_URL,
	options: LwaRetryOptions = {},
): Promise<LwaToken> {
	const request = buildRefreshTokenRequest(credentials, tokenUrl);
	return await fetchLwaToken(async () => await transport(request), tokenUrl, credentials, options);
}
