/**
 * A value read from NetSuite, Amazon or a node parameter, as trimmed text: '' for nothing.
 * One definition, so every reader treats `null`, numbers and padding alike.
 */
export function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/** Tracking numbers and carrier codes compare without case: `1z…` and `1Z…` are one package. */
export function sameCode(a: unknown, b: unknown): boolean {
	return text(a).toUpperCase() === text(b).toUpperCase();
}
