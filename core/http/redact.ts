/**
 * Secrets must never reach logs, errors or node output. Every error message built from a
 * response or request passes through here with the credential's secret values.
 *
 * A hostile or merely chatty server echoes what it received in whatever form it received it, so
 * each secret is scrubbed raw, URL-encoded (once and twice, either hex case, `+` for spaces),
 * JSON-escaped, base64 (standard and URL-safe, at any alignment inside a longer base64 text) and
 * without its known prefixes (LWA's `Atzr|` / `Atza|`). A PEM key is also scrubbed line by line.
 * URLs lose their query string: pre-signed S3 links carry X-Amz-Signature and, on AWS,
 * X-Amz-Security-Token.
 */

const REDACTED = '[redacted]';
/** Shorter fragments would match ordinary text. */
const MIN_FORM_LENGTH = 6;
const KNOWN_PREFIXES = [/^Atz[ar]\|/, /^Bearer\s+/i];

function base64Forms(value: string): string[] {
	const bytes = Buffer.from(value, 'utf8');
	const out: string[] = [];
	// Inside a longer base64 text the secret starts at byte offset 0, 1 or 2 of a 3-byte group;
	// the groups wholly inside the secret encode the same way whatever surrounds it.
	for (let shift = 0; shift < 3; shift++) {
		const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
		const b64 = padded.toString('base64');
		const start = shift === 0 ? 0 : 4;
		const end = Math.floor(padded.length / 3) * 4;
		const core = b64.slice(start, end);
		if (core.length >= MIN_FORM_LENGTH) out.push(core);
		if (shift === 0) out.push(b64, b64.replace(/=+$/, ''));
	}
	return out.flatMap((b) => [b, b.replace(/\+/g, '-').replace(/\//g, '_')]);
}

function percentForms(value: string): string[] {
	const once = encodeURIComponent(value);
	const strict = once.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	const form = new URLSearchParams({ v: value }).toString().slice(2);
	const forms = [once, strict, form, encodeURIComponent(once)];
	return forms.flatMap((f) => [f, f.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())]);
}

const formCache = new Map<string, string[]>();

/** Every form of one secret that should never appear in a text, longest first. */
export function secretForms(secret: string | undefined): string[] {
	const raw = String(secret ?? '');
	const cached = formCache.get(raw);
	if (cached) return cached;
	const forms = computeForms(raw);
	// Errors are built often with the same few secrets; keep the cache small all the same.
	if (formCache.size >= 64) formCache.clear();
	formCache.set(raw, forms);
	return forms;
}

function computeForms(raw: string): string[] {
	if (raw.trim().length < 4) return [];
	const bases = new Set<string>([raw, raw.trim()]);
	for (const prefix of KNOWN_PREFIXES) {
		const bare = raw.trim().replace(prefix, '');
		if (bare !== raw.trim() && bare.length >= MIN_FORM_LENGTH) bases.add(bare);
	}
	// A PEM private key: its base64 lines can show up one at a time.
	if (/-----BEGIN [A-Z ]+-----/.test(raw)) {
		for (const line of raw.split(/\r?\n/)) {
			if (line.length >= 16 && !line.startsWith('-----')) bases.add(line.trim());
		}
		bases.add(raw.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''));
	}
	const forms = new Set<string>();
	for (const base of bases) {
		forms.add(base);
		forms.add(JSON.stringify(base).slice(1, -1));
		for (const f of percentForms(base)) forms.add(f);
		for (const f of base64Forms(base)) forms.add(f);
	}
	return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

/** `https://host/path?query#hash` → `https://host/path`, for every URL in a text. */
export function stripUrlQueries(text: string): string {
	// The query ends at a space or quote; punctuation right before it belongs to the sentence.
	return text.replace(
		/\b(https?:\/\/[^\s"'<>?#]*)[?#][^\s"'<>]*?(?=[.,;:!)\]]*(?:[\s"'<>]|$))/gi,
		'$1',
	);
}

/** A URL fit for an error text: no query string, no fragment, no user:password. */
export function urlForMessage(url: string): string {
	return stripUrlQueries(String(url ?? '')).replace(/^(https?:\/\/)[^/@\s]*@/i, '$1');
}

export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
	let out = stripUrlQueries(String(text ?? ''));
	const forms = new Set<string>();
	for (const secret of secrets) for (const f of secretForms(secret)) forms.add(f);
	for (const form of [...forms].sort((a, b) => b.length - a.length)) {
		if (out.includes(form)) out = out.split(form).join(REDACTED);
	}
	return (
		out
			.replace(/(oauth_signature=")[^"]*"/g, `$1${REDACTED}"`)
			.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${REDACTED}`)
			.replace(/(Atz[ar](?:\||%7C))[^\s"',}&]+/gi, `$1${REDACTED}`)
			// A signed link's parts wherever they are quoted (S3 echoes its canonical request).
			.replace(
				/(X-Amz-(?:Signature|Security-Token|Credential)(?:=|%3D))[^&\s"'<]+/gi,
				`$1${REDACTED}`,
			)
			.replace(/(<SignatureProvided>)[^<]*/g, `$1${REDACTED}`)
			.replace(
				/((?:client_secret|refresh_token|access_token|client_assertion)=)[^&\s"']+/g,
				`$1${REDACTED}`,
			)
	);
}
