/**
 * A value read from NetSuite, Amazon or a node parameter, as trimmed text: '' for nothing.
 * One definition, so every reader treats `null`, numbers and padding alike.
 */
export function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Tracking numbers and carrier codes compare without case: `1z…` and `1Z…` are one package. */
export function sameCode(a: unknown, b: unknown): boolean {
	return codeKey(a) === codeKey(b);
}

/** Like text(), but undefined for nothing, for optional fields that should be left out rather than empty. */
export function optionalText(value: unknown): string | undefined {
	return text(value) || undefined;
}

/** Upper-cased text, the key under which codes compare (see sameCode). */
export function codeKey(value: unknown): string {
	return text(value).toUpperCase();
}
