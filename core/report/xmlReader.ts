/**
 * A small XML reader for Amazon's processing reports: elements, attributes, text, the five
 * predefined entities and character references, CDATA, comments, processing instructions and the
 * XML declaration. DOCTYPE is refused (no entity expansion, so no billion-laughs), as is anything
 * malformed, with line and column. Iterative (no recursion), linear in the input.
 */

export interface XmlElement {
	/** Qualified name as written (`ns:Name`). */
	name: string;
	attributes: Record<string, string>;
	children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlParseError extends Error {
	constructor(
		message: string,
		readonly offset: number,
		readonly line: number,
		readonly column: number,
	) {
		super(`${message} (line ${line}, column ${column})`);
		this.name = 'XmlParseError';
	}
}

export interface XmlReadOptions {
	/** Nesting limit; processing reports are 5 levels deep. Default 200. */
	maxDepth?: number;
}

const NAME_RE = /[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]*/y;
// eslint-disable-next-line no-control-regex
const ILLEGAL_CHAR_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isLegalCodePoint(cp: number): boolean {
	return (
		cp === 0x9 ||
		cp === 0xa ||
		cp === 0xd ||
		(cp >= 0x20 && cp <= 0xd7ff) ||
		(cp >= 0xe000 && cp <= 0xfffd) ||
		(cp >= 0x10000 && cp <= 0x10ffff)
	);
}

function isWhitespace(s: string): boolean {
	return /^[ \t\r\n]*$/.test(s);
}

export function parseXml(input: string, options: XmlReadOptions = {}): XmlElement {
	const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
	const maxDepth = options.maxDepth ?? 200;

	const fail = (message: string, offset: number): never => {
		let line = 1;
		let lineStart = 0;
		for (let i = 0; i < offset && i < text.length; i++) {
			if (text.charCodeAt(i) === 10) {
				line++;
				lineStart = i + 1;
			}
		}
		throw new XmlParseError(message, offset, line, offset - lineStart + 1);
	};

	const illegal = ILLEGAL_CHAR_RE.exec(text);
	if (illegal)
		fail(
			`Character U+${illegal[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML`,
			illegal.index,
		);

	const decode = (raw: string, offset: number): string => {
		if (raw.indexOf('&') < 0) return raw;
		const out: string[] = [];
		let last = 0;
		let amp = raw.indexOf('&');
		while (amp >= 0) {
			const semi = raw.indexOf(';', amp + 1);
			if (semi < 0 || semi - amp > 12) fail('A bare & must be written &amp;', offset + amp);
			const ref = raw.slice(amp + 1, semi);
			let value: string | undefined;
			if (ref[0] === '#') {
				const cp =
					ref[1] === 'x'
						? /^#x[0-9a-fA-F]{1,6}$/.test(ref)
							? parseInt(ref.slice(2), 16)
							: NaN
						: /^#[0-9]{1,7}$/.test(ref)
							? parseInt(ref.slice(1), 10)
							: NaN;
				if (!isLegalCodePoint(cp))
					fail(`Character reference &${ref}; is not a legal XML character`, offset + amp);
				value = String.fromCodePoint(cp);
			} else {
				value = PREDEFINED[ref];
				if (value === undefined) fail(`Unknown entity &${ref};`, offset + amp);
			}
			out.push(raw.slice(last, amp), value as string);
			last = semi + 1;
			amp = raw.indexOf('&', last);
		}
		out.push(raw.slice(last));
		return out.join('');
	};

	const readName = (at: number): string => {
		NAME_RE.lastIndex = at;
		const m = NAME_RE.exec(text);
		if (!m) fail('Expected a name', at);
		return (m as RegExpExecArray)[0];
	};

	const skipSpace = (at: number): number => {
		let i = at;
		while (i < text.length) {
			const c = text.charCodeAt(i);
			if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
			i++;
		}
		return i;
	};

	let root: XmlElement | undefined;
	const stack: XmlElement[] = [];
	let pos = 0;

	while (pos < text.length) {
		const lt = text.indexOf('<', pos);
		const end = lt < 0 ? text.length : lt;
		if (end > pos) {
			const raw = text.slice(pos, end);
			const parent = stack[stack.length - 1];
			if (parent) {
				parent.children.push(decode(raw, pos));
			} else if (!isWhitespace(raw)) {
				fail(root ? 'Text after the root element' : 'Text before the root element', pos);
			}
		}
		if (lt < 0) break;
		pos = lt;
		if (text.startsWith('<!--', pos)) {
			const close = text.indexOf('-->', pos + 4);
			if (close < 0) fail('Unterminated comment', pos);
			pos = close + 3;
		} else if (text.startsWith('<![CDATA[', pos)) {
			const parent = stack[stack.length - 1];
			if (!parent) fail('CDATA outside the root element', pos);
			const close = text.indexOf(']]>', pos + 9);
			if (close < 0) fail('Unterminated CDATA section', pos);
			parent.children.push(text.slice(pos + 9, close));
			pos = close + 3;
		} else if (text.startsWith('<?', pos)) {
			const close = text.indexOf('?>', pos + 2);
			if (close < 0) fail('Unterminated processing instruction', pos);
			const target = readName(pos + 2);
			if (target.toLowerCase() === 'xml' && pos !== 0) {
				fail('The XML declaration must come first', pos);
			}
			pos = close + 2;
		} else if (text.startsWith('<!', pos)) {
			fail(
				text.startsWith('<!DOCTYPE', pos)
					? 'DOCTYPE declarations are not accepted in processing reports'
					: 'Unexpected markup declaration',
				pos,
			);
		} else if (text.startsWith('</', pos)) {
			const name = readName(pos + 2);
			const after = skipSpace(pos + 2 + name.length);
			if (text[after] !== '>') fail(`Expected > to close </${name}`, after);
			const open = stack.pop();
			if (!open) fail(`Closing tag </${name}> without an opening tag`, pos);
			if ((open as XmlElement).name !== name) {
				fail(`Closing tag </${name}> does not match <${(open as XmlElement).name}>`, pos);
			}
			pos = after + 1;
		} else {
			if (root && stack.length === 0) fail('A second root element', pos);
			const name = readName(pos + 1);
			const element: XmlElement = { name, attributes: {}, children: [] };
			let i = pos + 1 + name.length;
			let selfClosing = false;
			for (;;) {
				const before = i;
				i = skipSpace(i);
				const c = text[i];
				if (c === '>') {
					i++;
					break;
				}
				if (c === '/' && text[i + 1] === '>') {
					selfClosing = true;
					i += 2;
					break;
				}
				if (c === undefined) fail(`Unterminated start tag <${name}`, pos);
				if (i === before) fail(`Expected whitespace before an attribute in <${name}>`, i);
				const attr = readName(i);
				i = skipSpace(i + attr.length);
				if (text[i] !== '=') fail(`Attribute ${attr} in <${name}> has no value`, i);
				i = skipSpace(i + 1);
				const quote = text[i];
				if (quote !== '"' && quote !== "'")
					fail(`Attribute ${attr} in <${name}> must be quoted`, i);
				const close = text.indexOf(quote, i + 1);
				if (close < 0) fail(`Unterminated value of attribute ${attr}`, i);
				const rawValue = text.slice(i + 1, close);
				if (rawValue.indexOf('<') >= 0) fail(`< is not allowed in attribute ${attr}`, i);
				if (Object.prototype.hasOwnProperty.call(element.attributes, attr)) {
					fail(`Attribute ${attr} appears twice in <${name}>`, i);
				}
				element.attributes[attr] = decode(rawValue, i + 1);
				i = close + 1;
			}
			const parent = stack[stack.length - 1];
			if (parent) parent.children.push(element);
			else root = element;
			if (!selfClosing) {
				if (stack.length >= maxDepth) fail(`Elements nested deeper than ${maxDepth}`, pos);
				stack.push(element);
			}
			pos = i;
		}
	}
	if (stack.length > 0)
		fail(`Element <${stack[stack.length - 1].name}> is not closed`, text.length);
	if (!root) fail('No root element: the document is empty or not XML', 0);
	return root as XmlElement;
}

/** `ns:Name` → `Name`. */
export function localName(name: string): string {
	const colon = name.indexOf(':');
	return colon < 0 ? name : name.slice(colon + 1);
}

export function childElements(element: XmlElement, local?: string): XmlElement[] {
	const out: XmlElement[] = [];
	for (const c of element.children) {
		if (typeof c !== 'string' && (local === undefined || localName(c.name) === local)) out.push(c);
	}
	return out;
}

export function firstChild(element: XmlElement, local: string): XmlElement | undefined {
	for (const c of element.children) {
		if (typeof c !== 'string' && localName(c.name) === local) return c;
	}
	return undefined;
}

/** All text inside the element, descendants included, in document order. */
export function textContent(element: XmlElement): string {
	const out: string[] = [];
	const todo: XmlNode[] = [element];
	while (todo.length) {
		const node = todo.pop() as XmlNode;
		if (typeof node === 'string') out.push(node);
		else for (let i = node.children.length - 1; i >= 0; i--) todo.push(node.children[i]);
	}
	return out.join('');
}

/** Text of the first child called `local`, trimmed; undefined when there is no such child. */
export function childText(element: XmlElement, local: string): string | undefined {
	const child = firstChild(element, local);
	return child ? textContent(child).trim() : undefined;
}

/** Every descendant (and the element itself) called `local`, document order, iterative. */
export function findAll(element: XmlElement, local: string): XmlElement[] {
	const out: XmlElement[] = [];
	const todo: XmlElement[] = [element];
	while (todo.length) {
		const el = todo.pop() as XmlElement;
		if (localName(el.name) === local) out.push(el);
		for (let i = el.children.length - 1; i >= 0; i--) {
			const c = el.children[i];
			if (typeof c !== 'string') todo.push(c);
		}
	}
	return out;
}
