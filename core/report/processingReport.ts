import {
	childElements,
	childText,
	findAll,
	firstChild,
	parseXml,
	type XmlElement,
} from './xmlReader';

/**
 * Amazon's processing reports (reference §3): the XML ProcessingReport of an XML feed and the
 * tab-separated report of a flat-file feed, read into one shape. Only failed or warned messages
 * have a Result; the summary counts the rest.
 */

export interface ReportSummary {
	processed: number;
	successful: number;
	withError: number;
	withWarning: number;
}

export interface ReportResult {
	/** XML MessageID or flat-file original-record-number; 0 when Amazon gave none (document-level). */
	messageId: number;
	resultCode: 'Error' | 'Warning';
	/** ResultMessageCode / error-code, as text ('' when absent). */
	code: string;
	description: string;
	additionalInfo: { amazonOrderId?: string; amazonOrderItemCode?: string; sku?: string };
}

export interface ProcessingReport {
	kind: 'xml' | 'flatFile';
	documentTransactionId?: string;
	/** XML StatusCode: Complete | Processing | Rejected. */
	statusCode?: string;
	/** Absent when the report carries no summary. */
	summary?: ReportSummary;
	results: ReportResult[];
}

export class ProcessingReportError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ProcessingReportError';
	}
}

function toCount(value: string | undefined, field: string): number {
	if (value === undefined || value === '') return 0;
	if (!/^\d+$/.test(value))
		throw new ProcessingReportError(`Processing report: ${field} is '${value}', not a count`);
	return Number(value);
}

/** Error unless it says Warning: an unknown result code must not pass as a success. */
function toResultCode(value: string | undefined): 'Error' | 'Warning' {
	return value !== undefined && value.trim().toLowerCase() === 'warning' ? 'Warning' : 'Error';
}

function toMessageId(value: string | undefined, where: string): number {
	if (value === undefined || value === '') return 0;
	if (!/^\d{1,20}$/.test(value)) {
		throw new ProcessingReportError(
			`Processing report: ${where} is '${value.slice(0, 40)}', not a message number`,
		);
	}
	return Number(value);
}

export function parseXmlProcessingReport(text: string): ProcessingReport {
	let root: XmlElement | undefined;
	let parseError: Error | undefined;
	try {
		root = parseXml(text);
	} catch (error) {
		parseError = error as Error;
	}
	// Re-thrown outside the catch: core stays free of n8n's error classes; the node wraps it.
	if (!root) {
		throw new ProcessingReportError(
			`The processing report is not well-formed XML: ${parseError?.message}`,
		);
	}
	const reports = findAll(root, 'ProcessingReport');
	if (reports.length === 0) {
		throw new ProcessingReportError(
			`The document is XML but has no ProcessingReport (root element <${root.name}>); is it the result document of this feed?`,
		);
	}
	const report: ProcessingReport = { kind: 'xml', results: [] };
	let summary: ReportSummary | undefined;
	for (const pr of reports) {
		report.documentTransactionId ??= childText(pr, 'DocumentTransactionID');
		report.statusCode ??= childText(pr, 'StatusCode');
		const s = firstChild(pr, 'ProcessingSummary');
		if (s) {
			summary ??= { processed: 0, successful: 0, withError: 0, withWarning: 0 };
			summary.processed += toCount(childText(s, 'MessagesProcessed'), 'MessagesProcessed');
			summary.successful += toCount(childText(s, 'MessagesSuccessful'), 'MessagesSuccessful');
			summary.withError += toCount(childText(s, 'MessagesWithError'), 'MessagesWithError');
			summary.withWarning += toCount(childText(s, 'MessagesWithWarning'), 'MessagesWithWarning');
		}
		// Result may be one element or many; childElements always gives a list.
		for (const r of childElements(pr, 'Result')) {
			const info = firstChild(r, 'AdditionalInfo');
			const additionalInfo: ReportResult['additionalInfo'] = {};
			if (info) {
				const orderId = childText(info, 'AmazonOrderID');
				const itemCode = childText(info, 'AmazonOrderItemCode');
				const sku = childText(info, 'SKU');
				if (orderId) additionalInfo.amazonOrderId = orderId;
				if (itemCode) additionalInfo.amazonOrderItemCode = itemCode;
				if (sku) additionalInfo.sku = sku;
			}
			report.results.push({
				messageId: toMessageId(childText(r, 'MessageID'), 'Result/MessageID'),
				resultCode: toResultCode(childText(r, 'ResultCode')),
				code: childText(r, 'ResultMessageCode') ?? '',
				description: childText(r, 'ResultDescription') ?? '',
				additionalInfo,
			});
		}
	}
	if (summary) report.summary = summary;
	return report;
}

const FLAT_HEADER = 'original-record-number';

/**
 * Flat-file report: a preamble of any length (summary lines such as
 * `Number of records processed<TAB>3`), a blank line, the header row, then one row per problem.
 * Columns are found by name, so extra or reordered columns still read correctly.
 */
export function parseFlatFileProcessingReport(text: string): ProcessingReport {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const lines = body.split(/\r?\n/);
	const report: ProcessingReport = { kind: 'flatFile', results: [] };
	let processed: number | undefined;
	let successful: number | undefined;
	let headerAt = -1;
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (
			line
				.toLowerCase()
				.split('\t')
				.some((c) => c.trim() === FLAT_HEADER)
		) {
			headerAt = i;
			break;
		}
		// Summary lines may be indented with tabs: the label is the first non-empty cell.
		const cells = line
			.split('\t')
			.map((c) => c.trim())
			.filter((c) => c !== '');
		if (cells.length === 0) continue;
		const label = cells[0].toLowerCase().replace(/[:.]+$/, '');
		const value = cells[1];
		const number = value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
		if (/records? processed/.test(label)) processed = number;
		else if (/records? successful/.test(label)) successful = number;
		else if (/(batch|transaction) id|document transaction/.test(label) && value) {
			report.documentTransactionId = value;
		}
	}
	const looksLikeReport =
		headerAt >= 0 ||
		processed !== undefined ||
		/feed processing summary/i.test(body.slice(0, 2000));
	if (!looksLikeReport) {
		throw new ProcessingReportError(
			"The document is neither an XML processing report nor a flat-file one (no 'original-record-number' header or processing summary)",
		);
	}
	let withError = 0;
	let withWarning = 0;
	if (headerAt >= 0) {
		const columns = lines[headerAt].split('\t').map((c) => c.trim().toLowerCase());
		const col = (name: string) => columns.indexOf(name);
		const cRecord = col('original-record-number');
		const cOrder = col('order-id');
		const cItem = col('order-item-id');
		const cCode = col('error-code');
		const cType = col('error-type');
		const cMessage = col('error-message');
		const errorRecords = new Set<number>();
		const warningRecords = new Set<number>();
		for (let i = headerAt + 1; i < lines.length; i++) {
			if (lines[i].trim() === '') continue;
			const cells = lines[i].split('\t');
			const cell = (c: number) => (c >= 0 && c < cells.length ? cells[c].trim() : '');
			const messageId = toMessageId(
				cell(cRecord),
				`original-record-number on report line ${i + 1}`,
			);
			const resultCode = toResultCode(cell(cType));
			const additionalInfo: ReportResult['additionalInfo'] = {};
			if (cell(cOrder)) additionalInfo.amazonOrderId = cell(cOrder);
			if (cell(cItem)) additionalInfo.amazonOrderItemCode = cell(cItem);
			report.results.push({
				messageId,
				resultCode,
				code: cell(cCode),
				description: cell(cMessage),
				additionalInfo,
			});
			(resultCode === 'Error' ? errorRecords : warningRecords).add(messageId);
		}
		withError = errorRecords.size;
		for (const r of warningRecords) if (!errorRecords.has(r)) withWarning++;
	}
	if (processed !== undefined || successful !== undefined) {
		report.summary = {
			processed: processed ?? 0,
			successful: successful ?? 0,
			withError,
			withWarning,
		};
	}
	return report;
}

/** Reads either kind: XML when the first non-blank character is `<`, flat file otherwise. */
export function parseProcessingReport(text: string): ProcessingReport {
	if (typeof text !== 'string')
		throw new ProcessingReportError('The processing report is not text');
	const start = text.replace(/^\uFEFF/, '').trimStart();
	if (start === '') throw new ProcessingReportError('The processing report is empty');
	return start[0] === '<' ? parseXmlProcessingReport(text) : parseFlatFileProcessingReport(text);
}
