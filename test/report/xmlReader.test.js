const {
	parseXml,
	XmlParseError,
	findAll,
	childText,
	textContent,
	localName,
	childElements,
} = require('../../core/report/xmlReader');

describe('XML reader', () => {
	test('elements, attributes, entities, character references, CDATA, comments, PIs', () => {
		const root = parseXml(
			`\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><?pi data?>\n<a:Root xmlns:a="urn:x" k='v &amp; w' n="&#65;&#x42;">` +
				`<Text>1 &lt; 2 &gt; 0 &quot;q&quot; &apos;s&apos; &#x1F600;</Text><Empty/><Empty a="1" />` +
				`<C><![CDATA[<not> & markup]]> tail</C><!-- inside --></a:Root>\n`,
		);
		expect(root.name).toBe('a:Root');
		expect(localName(root.name)).toBe('Root');
		expect(root.attributes).toEqual({ 'xmlns:a': 'urn:x', k: 'v & w', n: 'AB' });
		expect(childText(root, 'Text')).toBe(`1 < 2 > 0 "q" 's' 😀`);
		expect(childElements(root, 'Empty')).toHaveLength(2);
		expect(childText(root, 'C')).toBe('<not> & markup tail');
		expect(childText(root, 'Missing')).toBeUndefined();
	});

	test('deep and wide documents are read without recursion', () => {
		const depth = 150;
		const deep = '<a>'.repeat(depth) + 'x' + '</a>'.repeat(depth);
		expect(textContent(parseXml(deep))).toBe('x');
		expect(() => parseXml('<a>'.repeat(300) + '</a>'.repeat(300))).toThrow(
			/nested deeper than 200/,
		);
		const wide = '<r>' + '<i>1</i>'.repeat(20000) + '</r>';
		expect(findAll(parseXml(wide), 'i')).toHaveLength(20000);
	});

	test.each([
		['', /No root element/],
		['just text', /Text before the root element/],
		['<a>', /<a> is not closed/],
		['<a></b>', /<\/b> does not match <a>/],
		['</a>', /without an opening tag/],
		['<a/><b/>', /second root element/],
		['<a/>trailing', /Text after the root element/],
		['<a>x & y</a>', /bare & must be written &amp;/],
		['<a>&nbsp;</a>', /Unknown entity &nbsp;/],
		['<a>&#0;</a>', /not a legal XML character/],
		['<a>&#xD800;</a>', /not a legal XML character/],
		['<a b=c/>', /must be quoted/],
		['<a b="1" b="2"/>', /appears twice/],
		['<a b="<"/>', /< is not allowed/],
		['<a><!-- open</a>', /Unterminated comment/],
		['<a><![CDATA[x</a>', /Unterminated CDATA/],
		['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', /DOCTYPE declarations are not accepted/],
		['<a/>\n<?xml version="1.0"?>', /XML declaration must come first/],
		['<a>\u0001</a>', /U\+0001 is not allowed/],
		['<a', /Unterminated start tag/],
		['<1a/>', /Expected a name/],
	])('rejects %j', (input, message) => {
		expect(() => parseXml(input)).toThrow(message);
		try {
			parseXml(input);
		} catch (error) {
			expect(error).toBeInstanceOf(XmlParseError);
			expect(error.message).toMatch(/\(line \d+, column \d+\)$/);
		}
	});

	test('errors give the line and column', () => {
		expect(() => parseXml('<a>\n  <b>\n  </c>\n</a>')).toThrow(
			'Closing tag </c> does not match <b> (line 3, column 3)',
		);
	});
});
