/**
 * Text rules shared by validation and the document builders. Non-ASCII text is fine (documents
 * are UTF-8); control characters are not: XML 1.0 forbids most of them and the flat file would
 * read a tab or line break as a new column or row.
 */

/** The first character that may not appear in a one-line field, or undefined. */
export function findForbiddenChar(value: string): { index: number; codePoint: number } | undefined {
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfffe || c === 0xffff) {
			return { index: i, codePoint: c };
		}
		if (c >= 0xd800 && c <= 0xdbff) {
			const next = value.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				i++;
				continue;
			}
			return { index: i, codePoint: c };
		}
		if (c >= 0xdc00 && c <= 0xdfff) return { index: i, codePoint: c };
	}
	return undefined;
}

const CHAR_NAMES: Record<number, string> = {
	0x09: 'tab',
	0x0a: 'line feed',
	0x0d: 'carriage return',
	0x00: 'NUL',
};

export function describeChar(codePoint: number): string {
	const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
	const name = CHAR_NAMES[codePoint];
	return name ? `U+${hex} (${name})` : `U+${hex}`;
}

/** Length as Amazon counts it for String ≤ 50: characters (code points), not UTF-16 units. */
export function charLength(value: string): number {
	let n = 0;
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) i++;
		n++;
	}
	return n;
}

const XML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;',
};

/**
 * Escapes text for an element. Characters illegal in XML 1.0 are refused, not stripped: validation
 * reports them per fulfillment first, so reaching here with one is a bug that must not go out silently.
 */
export function escapeXml(value: string): string {
	const bad = findForbiddenChar(value);
	if (bad) {
		throw new Error(
			`Cannot put ${describeChar(bad.codePoint)} into the XML feed (position ${bad.index + 1} of '${value.slice(0, 60)}'); validate fulfillments before building the document`,
		);
	}
	return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]) : value;
}

/** For the flat file: a tab, line break or other control character becomes one space. */
export function flattenTsvValue(value: string): string {
	// eslint-disable-next-line no-control-regex
	return value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

/** How a user finds the record: document number and internal id. */
export function fulfillmentLabel(f: {
	fulfillmentId?: string;
	fulfillmentNumber?: string;
}): string {
	const id = f.fulfillmentId ? String(f.fulfillmentId) : '';
	if (f.fulfillmentNumber && id) return `Fulfillment ${f.fulfillmentNumber} (internal id ${id})`;
	if (f.fulfillmentNumber) return `Fulfillment ${f.fulfillmentNumber} (no internal id)`;
	return id ? `Fulfillment internal id ${id}` : 'Fulfillment without id';
}

/** A positive whole quantity from a number or a digit string; undefined for anything else. */
export function toQuantity(value: unknown): number | undefined {
	if (typeof value === 'number') {
		return Number.isSafeInteger(value) && value > 0 ? value : undefined;
	}
	if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) {
		const n = Number(value);
		return n > 0 ? n : undefined;
	}
	return undefined;
}
