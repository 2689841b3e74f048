'use strict';

/**
 * Minimal, strict XML parser for the emulator. It is deliberately independent of the project's
 * own XML code so the emulator checks the project's documents on its own. Error messages follow
 * the Xerces wording that Amazon's processing reports quote ("Content is not allowed in prolog.").
 * No DTDs (Amazon's parsers reject them), no namespaces beyond keeping prefixed names as written.
 */

class XmlError extends Error {
	constructor(message, line, column) {
		super(message);
		this.line = line;
		this.column = column;
	}
}

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;
const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function parseXml(text) {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	const lineStarts = [0];
	for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
	const where = (pos) => {
		let lo = 0;
		let hi = lineStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (lineStarts[mid] <= pos) lo = mid;
			else hi = mid - 1;
		}
		return { line: lo + 1, column: pos - lineStarts[lo] + 1 };
	};
	const fail = (message, pos) => {
		const { line, column } = where(Math.min(pos, text.length));
		throw new XmlError(message, line, column);
	};

	let pos = 0;
	const isWs = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
	const skipWs = () => {
		while (pos < text.length && isWs(text[pos])) pos++;
	};
	const readName = () => {
		const start = pos;
		if (!NAME_START.test(text[pos] || '')) return null;
		pos++;
		while (pos < text.length && NAME_CHAR.test(text[pos])) pos++;
		return text.slice(start, pos);
	};
	const decode = (raw, startPos) =>
		raw.replace(/&([^;&<]*)(;?)/g, (m, name, semi, offset) => {
			const at = startPos + offset;
			if (name === '' || !/^(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*)$/.test(name)) {
				if (name.startsWith('#'))
					fail(
						'A decimal representation must immediately follow the "&#" in a character reference.',
						at,
					);
				fail("The entity name must immediately follow the '&' in the entity reference.", at);
			}
			if (!semi) fail(`The reference to entity "${name}" must end with the ';' delimiter.`, at);
			if (name[0] === '#') {
				const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
				return String.fromCodePoint(code);
			}
			if (!(name in ENTITIES)) fail(`The entity "${name}" was referenced, but not declared.`, at);
			return ENTITIES[name];
		});

	// Prolog: optional declaration (only at the very start), comments, PIs, whitespace.
	if (text.trim() === '') fail('Premature end of file.', 0);
	if (text.startsWith('<?xml') && isWs(text[5] || '')) {
		const end = text.indexOf('?>');
		if (end < 0)
			fail('XML document structures must start and end within the same entity.', text.length);
		pos = end + 2;
	}
	const skipMisc = (trailing) => {
		for (;;) {
			skipWs();
			if (text.startsWith('<!--', pos)) {
				const end = text.indexOf('-->', pos + 4);
				if (end < 0)
					fail('XML document structures must start and end within the same entity.', text.length);
				pos = end + 3;
			} else if (text.startsWith('<?', pos)) {
				if (/^<\?xml[\s?]/i.test(text.slice(pos, pos + 6)))
					fail(
						'The processing instruction target matching "[xX][mM][lL]" is not allowed.',
						pos + 2,
					);
				const end = text.indexOf('?>', pos + 2);
				if (end < 0)
					fail('XML document structures must start and end within the same entity.', text.length);
				pos = end + 2;
			} else if (text.startsWith('<!DOCTYPE', pos)) {
				fail(
					'DOCTYPE is disallowed when the feature "http://apache.org/xml/features/disallow-doctype-decl" set to true.',
					pos,
				);
			} else if (pos < text.length && text[pos] !== '<') {
				fail(
					trailing
						? 'Content is not allowed in trailing section.'
						: 'Content is not allowed in prolog.',
					pos,
				);
			} else return;
		}
	};
	skipMisc(false);
	if (pos >= text.length) fail('Premature end of file.', pos);

	const parseElement = () => {
		const startPos = pos;
		pos++; // '<'
		const name = readName();
		if (!name)
			fail('The markup in the document following the root element must be well-formed.', pos);
		const node = { name, attrs: {}, children: [], text: '', ...where(startPos) };
		for (;;) {
			const hadWs = pos < text.length && isWs(text[pos]);
			skipWs();
			if (pos >= text.length)
				fail('XML document structures must start and end within the same entity.', pos);
			if (text.startsWith('/>', pos)) {
				pos += 2;
				return node;
			}
			if (text[pos] === '>') {
				pos++;
				break;
			}
			if (!hadWs)
				fail(
					`Element type "${name}" must be followed by either attribute specifications, ">" or "/>".`,
					pos,
				);
			const attrPos = pos;
			const attr = readName();
			if (!attr)
				fail(
					`Element type "${name}" must be followed by either attribute specifications, ">" or "/>".`,
					pos,
				);
			skipWs();
			if (text[pos] !== '=')
				fail(
					`Attribute name "${attr}" associated with an element type "${name}" must be followed by the ' = ' character.`,
					pos,
				);
			pos++;
			skipWs();
			const q = text[pos];
			if (q !== '"' && q !== "'")
				fail(
					`Open quote is expected for attribute "${attr}" associated with an  element type  "${name}".`,
					pos,
				);
			const end = text.indexOf(q, pos + 1);
			if (end < 0)
				fail('XML document structures must start and end within the same entity.', text.length);
			const raw = text.slice(pos + 1, end);
			if (raw.includes('<'))
				fail(
					`The value of attribute "${attr}" associated with an element type "${name}" must not contain the '<' character.`,
					pos + 1 + raw.indexOf('<'),
				);
			if (attr in node.attrs)
				fail(`Attribute "${attr}" was already specified for element "${name}".`, attrPos);
			node.attrs[attr] = decode(raw, pos + 1);
			pos = end + 1;
		}
		// Content
		let textParts = '';
		for (;;) {
			if (pos >= text.length)
				fail('XML document structures must start and end within the same entity.', pos);
			const lt = text.indexOf('<', pos);
			if (lt < 0)
				fail('XML document structures must start and end within the same entity.', text.length);
			if (lt > pos) {
				textParts += decode(text.slice(pos, lt), pos);
				pos = lt;
			}
			if (text.startsWith('</', pos)) {
				pos += 2;
				const endName = readName();
				if (endName !== name)
					fail(
						`The element type "${name}" must be terminated by the matching end-tag "</${name}>".`,
						pos,
					);
				skipWs();
				if (text[pos] !== '>')
					fail(`The end-tag for element type "${name}" must end with a '>' delimiter.`, pos);
				pos++;
				node.text = textParts;
				return node;
			}
			if (text.startsWith('<!--', pos)) {
				const end = text.indexOf('-->', pos + 4);
				if (end < 0)
					fail('XML document structures must start and end within the same entity.', text.length);
				pos = end + 3;
			} else if (text.startsWith('<![CDATA[', pos)) {
				const end = text.indexOf(']]>', pos + 9);
				if (end < 0)
					fail('XML document structures must start and end within the same entity.', text.length);
				textParts += text.slice(pos + 9, end);
				pos = end + 3;
			} else if (text.startsWith('<?', pos)) {
				const end = text.indexOf('?>', pos + 2);
				if (end < 0)
					fail('XML document structures must start and end within the same entity.', text.length);
				pos = end + 2;
			} else {
				node.children.push(parseElement());
			}
		}
	};
	const root = parseElement();
	skipMisc(true);
	if (pos < text.length)
		fail('The markup in the document following the root element must be well-formed.', pos);
	return root;
}

function escapeXml(value) {
	return String(value)
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&apos;');
}

/** First child element with that name, or undefined. */
function child(node, name) {
	return node.children.find((c) => c.name === name);
}

module.exports = { parseXml, escapeXml, child, XmlError };
