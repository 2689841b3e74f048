const fs = require('fs');
const path = require('path');
const {
	parseProcessingReport,
	ProcessingReportError,
} = require('../../core/report/processingReport');

const fixture = (name) => fs.readFileSync(path.join(__dirname, '../fixtures/report', name), 'utf8');

describe('XML processing report', () => {
	test('all success: summary, no results', () => {
		expect(parseProcessingReport(fixture('all-success.xml'))).toEqual({
			kind: 'xml',
			documentTransactionId: '50012018001',
			statusCode: 'Complete',
			summary: { processed: 4, successful: 4, withError: 0, withWarning: 0 },
			results: [],
		});
	});

	test('a single Result element is a list of one', () => {
		const r = parseProcessingReport(fixture('single-result.xml'));
		expect(r.summary).toEqual({ processed: 2, successful: 1, withError: 1, withWarning: 0 });
		expect(r.results).toEqual([
			{
				messageId: 2,
				resultCode: 'Error',
				code: '18028',
				description:
					'Your order cannot be found using Merchant ID A1EXAMPLESELLER and Merchant Order 114-9999999-9999999.',
				additionalInfo: { amazonOrderId: '114-9999999-9999999' },
			},
		]);
	});

	test('mixed errors and warnings, namespaces, CDATA and character references', () => {
		const r = parseProcessingReport(fixture('mixed.xml'));
		expect(r.documentTransactionId).toBe('50012018003');
		expect(r.results.map((x) => [x.messageId, x.resultCode, x.code])).toEqual([
			[2, 'Error', '5004'],
			[3, 'Warning', '18306'],
			[5, 'Error', '18028'],
		]);
		expect(r.results[0].description).toBe(
			'The carrier-code field contains an invalid value: FEDEX. <see list>',
		);
		expect(r.results[0].additionalInfo).toEqual({
			amazonOrderId: '114-1234567-1234567',
			amazonOrderItemCode: '12345678901234',
		});
		expect(r.results[1].description).toBe(
			'The tracking ID 1Z&00 for UPS does not match the expected format for the carrier — please check “UPS”.',
		);
		expect(r.results[1].additionalInfo).toEqual({
			amazonOrderId: '114-2222222-2222222',
			sku: 'MUG-RED',
		});
		expect(r.results[2].additionalInfo).toEqual({});
	});

	test('many Results keep their order and message numbers', () => {
		const n = 500;
		const results = Array.from(
			{ length: n },
			(_, i) =>
				`<Result><MessageID>${i + 1}</MessageID><ResultCode>${i % 3 ? 'Error' : 'Warning'}</ResultCode><ResultMessageCode>${18000 + i}</ResultMessageCode><ResultDescription>r${i}</ResultDescription></Result>`,
		).join('');
		const xml = `<?xml version="1.0"?><AmazonEnvelope><Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>9</DocumentTransactionID><StatusCode>Complete</StatusCode>${results}</ProcessingReport></Message></AmazonEnvelope>`;
		const r = parseProcessingReport(xml);
		expect(r.results).toHaveLength(n);
		expect(r.results.map((x) => x.messageId)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
		expect(r.results.filter((x) => x.resultCode === 'Warning')).toHaveLength(Math.ceil(n / 3));
		expect(r.summary).toBeUndefined();
	});

	test('a bare ProcessingReport root is read too; other XML is refused with a reason', () => {
		const r = parseProcessingReport(
			'<ProcessingReport><StatusCode>Processing</StatusCode></ProcessingReport>',
		);
		expect(r).toMatchObject({ kind: 'xml', statusCode: 'Processing', results: [] });
		expect(() => parseProcessingReport('<AmazonEnvelope><Message/></AmazonEnvelope>')).toThrow(
			/no ProcessingReport \(root element <AmazonEnvelope>\)/,
		);
		expect(() => parseProcessingReport('<ProcessingReport><Result>')).toThrow(
			ProcessingReportError,
		);
		expect(() => parseProcessingReport('<ProcessingReport><Result>')).toThrow(
			/not well-formed XML: Element <Result> is not closed/,
		);
		expect(() =>
			parseProcessingReport(
				'<ProcessingReport><Result><MessageID>abc</MessageID></Result></ProcessingReport>',
			),
		).toThrow(/Result\/MessageID is 'abc'/);
	});
});

describe('flat-file processing report', () => {
	test('preamble of any shape, blank line, header, rows', () => {
		const r = parseProcessingReport(fixture('flat-file-report.txt'));
		expect(r.kind).toBe('flatFile');
		expect(r.summary).toEqual({ processed: 4, successful: 2, withError: 2, withWarning: 1 });
		expect(r.results).toEqual([
			{
				messageId: 2,
				resultCode: 'Error',
				code: '18028',
				description: expect.stringContaining('cannot be found'),
				additionalInfo: {
					amazonOrderId: '114-1234567-1234567',
					amazonOrderItemCode: '22345678901234',
				},
			},
			{
				messageId: 3,
				resultCode: 'Error',
				code: '5004',
				description: 'The carrier-code field contains an invalid value: Fedex.',
				additionalInfo: {
					amazonOrderId: '114-7777777-7777777',
					amazonOrderItemCode: '32345678901234',
				},
			},
			{
				messageId: 4,
				resultCode: 'Warning',
				code: '18306',
				description: expect.stringContaining('does not match the expected format'),
				additionalInfo: {
					amazonOrderId: '114-8888888-8888888',
					amazonOrderItemCode: '42345678901234',
				},
			},
		]);
	});

	test('all success: CRLF, no header row', () => {
		const r = parseProcessingReport(fixture('flat-file-all-success.txt'));
		expect(r).toEqual({
			kind: 'flatFile',
			summary: { processed: 3, successful: 3, withError: 0, withWarning: 0 },
			results: [],
		});
	});

	test('columns are found by name; a longer preamble is fine', () => {
		const text =
			'Feed Processing Summary\nBatch ID\t777\nsome other line\nNumber of records processed\t1\nNumber of records successful\t0\n\nerror-type\terror-code\toriginal-record-number\terror-message\nError\t99\t1\tBroken\n';
		const r = parseProcessingReport(text);
		expect(r.documentTransactionId).toBe('777');
		expect(r.results).toEqual([
			{ messageId: 1, resultCode: 'Error', code: '99', description: 'Broken', additionalInfo: {} },
		]);
	});

	test('something that is no report at all is refused', () => {
		expect(() => parseProcessingReport('hello\tworld\n')).toThrow(
			/neither an XML processing report nor a flat-file one/,
		);
		expect(() => parseProcessingReport('  \n')).toThrow(/empty/);
	});
});
