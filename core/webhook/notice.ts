import { createHmac, timingSafeEqual } from 'node:crypto';

import type { ReplayMemory } from './replay';

/**
 * The fulfillment notice NetSuite's User Event script posts (docs: ISSUE18 contract, suitescript/
 * README): a small JSON body signed with HMAC-SHA256 over `timestamp + "." + rawBody`. This module
 * decides the HTTP answer to a notice without n8n; the node only reads the request and sends it.
 * Nothing in the body is trusted beyond the fulfillment ID: the fulfillment itself is read from
 * NetSuite.
 */

export const MAX_NOTICE_BYTES = 4096;
export const DEFAULT_TOLERANCE_SECONDS = 300;
export const TIMESTAMP_HEADER = 'x-netsuite-notice-timestamp';
export const SIGNATURE_HEADER = 'x-netsuite-notice-signature';
const SIGNATURE_PREFIX = 'v1=';
/** 32 characters: 128 bits as hex, the least for an HMAC key anyone could guess at. */
export const MIN_SECRET_LENGTH = 32;

/** What is wrong with a signing secret, in words that never repeat it; undefined when fine. */
export function secretProblem(secret: string): string | undefined {
	if (!secret) return 'The signing secret is empty';
	if (secret !== secret.trim()) return 'The signing secret starts or ends with a space';
	if (secret.length < MIN_SECRET_LENGTH) {
		return `The signing secret is shorter than ${MIN_SECRET_LENGTH} characters; use a long random value, e.g. 64 hex characters`;
	}
	return undefined;
}

export interface NoticeBody {
	type?: string;
	fulfillmentId: string;
	event?: string;
	lastModified?: string;
	sentAt?: string;
	account?: string;
}

export type NoticeRejection =
	| 'tooLarge'
	| 'unsigned'
	| 'badSignature'
	| 'stale'
	| 'replayed'
	| 'malformed'
	| 'noFulfillmentId'
	| 'otherAccount';

export type NoticeCheck =
	| { ok: true; notice: NoticeBody; timestamp: number }
	| { ok: false; reason: NoticeRejection; status: number; message: string };

export interface VerifyOptions {
	rawBody: Buffer;
	/** Request headers, keys lower-cased (as node's http gives them). */
	headers: Record<string, string | string[] | undefined>;
	secret: string;
	/** Epoch ms. */
	now: number;
	toleranceSeconds?: number;
	replay?: ReplayMemory;
	/**
	 * The account ID of the NetSuite credential the fulfillment will be read with. A notice naming
	 * another account is refused: a sandbox refresh copies production's script deployments, URL and
	 * secret included, and the sandbox's internal IDs would then be read from production, where
	 * they name other records.
	 */
	account?: string;
}

/** The contract's answers. No text here may echo the secret, the signature or the body. */
const ANSWERS: Record<NoticeRejection, { status: number; message: string }> = {
	tooLarge: { status: 413, message: `Notice larger than ${MAX_NOTICE_BYTES} bytes` },
	unsigned: { status: 401, message: 'Notice is not signed' },
	badSignature: { status: 401, message: 'Notice signature does not match' },
	stale: { status: 408, message: 'Notice timestamp is outside the accepted window' },
	replayed: { status: 409, message: 'Notice already received' },
	malformed: { status: 400, message: 'Notice body is not a JSON object' },
	noFulfillmentId: {
		status: 400,
		message: 'Notice has no valid fulfillmentId (an internal ID, digits only)',
	},
	otherAccount: {
		status: 403,
		message:
			"Notice comes from another NetSuite account than this trigger's NetSuite credential (a sandbox whose script deployment still points here?)",
	},
};

function reject(reason: NoticeRejection): NoticeCheck {
	return { ok: false, reason, ...ANSWERS[reason] };
}

function header(headers: VerifyOptions['headers'], name: string): string | undefined {
	const value = headers[name];
	const one = Array.isArray(value) ? value[0] : value;
	return typeof one === 'string' ? one.trim() : undefined;
}

/**
 * NetSuite writes one account ID three ways: `1234567_SB1` (runtime.accountId, the credential),
 * `1234567-sb1` (host names), any case.
 */
export function sameAccount(a: string, b: string): boolean {
	const key = (id: string) => id.trim().toUpperCase().replace(/-/g, '_');
	return key(a) === key(b);
}

/** HMAC-SHA256 hex of `timestamp.rawBody`, as the User Event script signs it. */
export function signNotice(secret: string, timestamp: string | number, rawBody: Buffer | string) {
	return createHmac('sha256', Buffer.from(secret, 'utf8'))
		.update(`${timestamp}.`)
		.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
		.digest('hex');
}

/** Constant-time comparison of two hex signatures; unequal lengths are unequal without comparing. */
function sameSignature(given: string, expected: string): boolean {
	const a = Buffer.from(given, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	if (a.length !== b.length) return false;
	return timingSafeEqual(a, b);
}

function readFulfillmentId(value: unknown): string | undefined {
	const id =
		typeof value === 'string'
			? value.trim()
			: typeof value === 'number' && Number.isSafeInteger(value)
				? String(value)
				: '';
	return /^[1-9]\d{0,17}$/.test(id) ? id : undefined;
}

/**
 * Size, signature, timestamp window, replay, then the body: in that order, so an unsigned caller
 * learns nothing about the body and cannot fill the replay memory.
 */
export function verifyNotice(options: VerifyOptions): NoticeCheck {
	const { rawBody, headers } = options;
	if (rawBody.length > MAX_NOTICE_BYTES) return reject('tooLarge');
	const stamp = header(headers, TIMESTAMP_HEADER);
	const signature = header(headers, SIGNATURE_HEADER);
	if (!stamp || !signature || !options.secret) return reject('unsigned');
	if (!signature.startsWith(SIGNATURE_PREFIX)) return reject('badSignature');
	const expected = signNotice(options.secret, stamp, rawBody);
	if (!sameSignature(signature.slice(SIGNATURE_PREFIX.length).toLowerCase(), expected)) {
		return reject('badSignature');
	}
	// Checked after the signature: the timestamp is part of what was signed.
	if (!/^\d{1,12}$/.test(stamp)) return reject('stale');
	const timestamp = Number(stamp);
	const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	if (Math.abs(options.now / 1000 - timestamp) > tolerance) return reject('stale');
	// Remembered only once signed and fresh; kept as long as the window would accept it.
	if (options.replay && !options.replay.remember(`${stamp}.${expected}`, options.now, tolerance)) {
		return reject('replayed');
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return reject('malformed');
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return reject('malformed');
	const body = parsed as Record<string, unknown>;
	const fulfillmentId = readFulfillmentId(body.fulfillmentId);
	if (!fulfillmentId) return reject('noFulfillmentId');
	const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : undefined);
	// A notice without an account (a sender of its own) is taken on the signature alone.
	const account = text(body.account);
	if (account && options.account && !sameAccount(account, options.account)) {
		return reject('otherAccount');
	}
	return {
		ok: true,
		timestamp,
		notice: {
			type: text(body.type),
			fulfillmentId,
			event: text(body.event),
			lastModified: text(body.lastModified),
			sentAt: text(body.sentAt),
			account,
		},
	};
}
