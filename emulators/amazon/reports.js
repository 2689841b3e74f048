'use strict';

const { escapeXml } = require('./xml');

/**
 * Amazon's processing report formats: the XML ProcessingReport for XML feeds and the
 * tab-separated report with a "Feed Processing Summary" preamble for flat-file feeds.
 * Result entries exist only for messages/records with an error or a warning.
 */
function xmlProcessingReport({ feedId, sellerId, statusCode, processed, successful, results }) {
	const withError = new Set(results.filter((r) => r.type === 'Error').map((r) => r.messageId)).size;
	const withWarning = new Set(results.filter((r) => r.type === 'Warning').map((r) => r.messageId))
		.size;
	const out = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
		'\t<Header>',
		'\t\t<DocumentVersion>1.02</DocumentVersion>',
		`\t\t<MerchantIdentifier>${escapeXml(sellerId)}</MerchantIdentifier>`,
		'\t</Header>',
		'\t<MessageType>ProcessingReport</MessageType>',
		'\t<Message>',
		'\t\t<MessageID>1</MessageID>',
		'\t\t<ProcessingReport>',
		`\t\t\t<DocumentTransactionID>${escapeXml(feedId)}</DocumentTransactionID>`,
		`\t\t\t<StatusCode>${statusCode}</StatusCode>`,
		'\t\t\t<ProcessingSummary>',
		`\t\t\t\t<MessagesProcessed>${processed}</MessagesProcessed>`,
		`\t\t\t\t<MessagesSuccessful>${successful}</MessagesSuccessful>`,
		`\t\t\t\t<MessagesWithError>${statusCode === 'Rejected' ? Math.max(withError, 1) : withError}</MessagesWithError>`,
		`\t\t\t\t<MessagesWithWarning>${withWarning}</MessagesWithWarning>`,
		'\t\t\t</ProcessingSummary>',
	];
	for (const r of results) {
		out.push(
			'\t\t\t<Result>',
			`\t\t\t\t<MessageID>${r.messageId}</MessageID>`,
			`\t\t\t\t<ResultCode>${r.type}</ResultCode>`,
			`\t\t\t\t<ResultMessageCode>${r.code}</ResultMessageCode>`,
			`\t\t\t\t<ResultDescription>${escapeXml(r.description)}</ResultDescription>`,
		);
		if (r.amazonOrderId || r.orderItemId) {
			out.push('\t\t\t\t<AdditionalInfo>');
			if (r.amazonOrderId)
				out.push(`\t\t\t\t\t<AmazonOrderID>${escapeXml(r.amazonOrderId)}</AmazonOrderID>`);
			if (r.orderItemId)
				out.push(
					`\t\t\t\t\t<AmazonOrderItemCode>${escapeXml(r.orderItemId)}</AmazonOrderItemCode>`,
				);
			out.push('\t\t\t\t</AdditionalInfo>');
		}
		out.push('\t\t\t</Result>');
	}
	out.push('\t\t</ProcessingReport>', '\t</Message>', '</AmazonEnvelope>', '');
	return out.join('\n');
}

const clean = (v) => String(v ?? '').replace(/[\t\r\n]+/g, ' ');

function flatFileProcessingReport({ processed, successful, results }) {
	const lines = [
		'Feed Processing Summary:',
		`\tNumber of records processed\t\t${processed}`,
		`\tNumber of records successful\t\t${successful}`,
		'',
		'original-record-number\torder-id\torder-item-id\terror-code\terror-type\terror-message',
	];
	for (const r of results)
		lines.push(
			[r.messageId, r.amazonOrderId, r.orderItemId, r.code, r.type, r.description]
				.map(clean)
				.join('\t'),
		);
	return lines.join('\n') + '\n';
}

module.exports = { xmlProcessingReport, flatFileProcessingReport };
