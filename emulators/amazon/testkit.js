'use strict';

const zlib = require('node:zlib');
const { DEFAULT_CREDENTIALS } = require('../credentials');
const { parseXml } = require('./xml');

/**
 * Small fetch-based client for the emulator's own tests and the demo: exactly the HTTP calls a
 * real SP-API client makes, nothing emulator-specific.
 */
function createTestClient(url, credentials = DEFAULT_CREDENTIALS.amazon) {
	let accessToken = null;

	async function token(overrides = {}) {
		const res = await fetch(`${url}/auth/o2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: credentials.refreshToken,
				client_id: credentials.clientId,
				client_secret: credentials.clientSecret,
				...overrides,
			}).toString(),
		});
		const body = await res.json();
		if (res.status === 200 && !Object.keys(overrides).length) accessToken = body.access_token;
		return { status: res.status, body };
	}

	async function sp(method, path, body, { headers = {}, token: tk } = {}) {
		if (!accessToken && tk === undefined) await token();
		const h = { ...headers };
		const t = tk === undefined ? accessToken : tk;
		if (t !== null) h['x-amz-access-token'] = t;
		if (body !== undefined) h['content-type'] = 'application/json';
		const res = await fetch(`${url}${path}`, {
			method,
			headers: h,
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {
			json = undefined;
		}
		return { status: res.status, body: json, text, headers: res.headers };
	}

	/** createFeedDocument → PUT → createFeed; returns { feedId, feedDocumentId, uploadStatus }. */
	async function submitFeed(
		content,
		{
			feedType = 'POST_ORDER_FULFILLMENT_DATA',
			contentType,
			uploadContentType,
			marketplaceId = 'ATVPDKIKX0DER',
		} = {},
	) {
		const ct =
			contentType ||
			(feedType === 'POST_FLAT_FILE_FULFILLMENT_DATA'
				? 'text/tab-separated-values; charset=UTF-8'
				: 'text/xml; charset=UTF-8');
		const doc = await sp('POST', '/feeds/2021-06-30/documents', { contentType: ct });
		if (doc.status !== 201) throw new Error(`createFeedDocument ${doc.status} ${doc.text}`);
		const up = await fetch(doc.body.url, {
			method: 'PUT',
			headers: { 'content-type': uploadContentType || ct },
			body: content,
		});
		const upText = await up.text();
		if (up.status !== 200)
			return {
				uploadStatus: up.status,
				uploadBody: upText,
				feedDocumentId: doc.body.feedDocumentId,
			};
		const feed = await sp('POST', '/feeds/2021-06-30/feeds', {
			feedType,
			marketplaceIds: [marketplaceId],
			inputFeedDocumentId: doc.body.feedDocumentId,
		});
		if (feed.status !== 202) throw new Error(`createFeed ${feed.status} ${feed.text}`);
		return { feedId: feed.body.feedId, feedDocumentId: doc.body.feedDocumentId, uploadStatus: 200 };
	}

	/** getFeed → getFeedDocument → download (+gunzip). */
	async function downloadReport(feedId) {
		const feed = await sp('GET', `/feeds/2021-06-30/feeds/${feedId}`);
		if (!feed.body.resultFeedDocumentId)
			throw new Error(`feed ${feedId} has no result document (${feed.body.processingStatus})`);
		const doc = await sp(
			'GET',
			`/feeds/2021-06-30/documents/${encodeURIComponent(feed.body.resultFeedDocumentId)}`,
		);
		const res = await fetch(doc.body.url);
		let buf = Buffer.from(await res.arrayBuffer());
		if (doc.body.compressionAlgorithm === 'GZIP') buf = zlib.gunzipSync(buf);
		return {
			feed: feed.body,
			document: doc.body,
			text: buf.toString('utf8'),
			contentType: res.headers.get('content-type'),
		};
	}

	return {
		token,
		sp,
		submitFeed,
		downloadReport,
		get accessToken() {
			return accessToken;
		},
	};
}

/** XML ProcessingReport → { statusCode, summary: {...numbers}, results: [{messageId, resultCode, code, description, amazonOrderId}] } */
function parseProcessingReport(text) {
	const root = parseXml(text);
	const pr = root.children
		.find((c) => c.name === 'Message')
		.children.find((c) => c.name === 'ProcessingReport');
	const t = (n, name) => (n.children.find((c) => c.name === name) || {}).text;
	const summaryNode = pr.children.find((c) => c.name === 'ProcessingSummary');
	const summary = Object.fromEntries(summaryNode.children.map((c) => [c.name, Number(c.text)]));
	const results = pr.children
		.filter((c) => c.name === 'Result')
		.map((r) => {
			const add = r.children.find((c) => c.name === 'AdditionalInfo');
			return {
				messageId: Number(t(r, 'MessageID')),
				resultCode: t(r, 'ResultCode'),
				code: Number(t(r, 'ResultMessageCode')),
				description: t(r, 'ResultDescription'),
				amazonOrderId: add ? t(add, 'AmazonOrderID') : undefined,
			};
		});
	return {
		documentTransactionId: t(pr, 'DocumentTransactionID'),
		statusCode: t(pr, 'StatusCode'),
		summary,
		results,
	};
}

/** Flat-file report → { processed, successful, rows: [{record, orderId, orderItemId, code, type, message}] } (preamble length variable). */
function parseFlatReport(text) {
	const lines = text.split('\n');
	const num = (label) =>
		Number((lines.find((l) => l.includes(label)) || '').split('\t').filter(Boolean).pop());
	const headerAt = lines.findIndex((l) => l.startsWith('original-record-number'));
	const rows = lines
		.slice(headerAt + 1)
		.filter((l) => l.trim())
		.map((l) => {
			const [record, orderId, orderItemId, code, type, message] = l.split('\t');
			return { record: Number(record), orderId, orderItemId, code: Number(code), type, message };
		});
	return {
		processed: num('records processed'),
		successful: num('records successful'),
		rows,
		headerAt,
	};
}

/** Build an OrderFulfillment envelope from simple message objects. */
function fulfillmentXml(messages, merchant = 'A1EXAMPLESELLER') {
	const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
	const body = messages
		.map((m, i) => {
			const fd = [
				m.carrierCode !== undefined ? `<CarrierCode>${esc(m.carrierCode)}</CarrierCode>` : '',
				m.carrierName !== undefined ? `<CarrierName>${esc(m.carrierName)}</CarrierName>` : '',
				m.shippingMethod !== undefined
					? `<ShippingMethod>${esc(m.shippingMethod)}</ShippingMethod>`
					: '',
				m.tracking !== undefined
					? `<ShipperTrackingNumber>${esc(m.tracking)}</ShipperTrackingNumber>`
					: '',
			].join('');
			const items = (m.items || [])
				.map(
					(it) =>
						`<Item><AmazonOrderItemCode>${it.id}</AmazonOrderItemCode>${it.qty !== undefined ? `<Quantity>${it.qty}</Quantity>` : ''}</Item>`,
				)
				.join('');
			return `<Message><MessageID>${m.messageId || i + 1}</MessageID><OrderFulfillment><AmazonOrderID>${m.orderId}</AmazonOrderID><FulfillmentDate>${m.date || '2026-11-20T10:00:00Z'}</FulfillmentDate><FulfillmentData>${fd}</FulfillmentData>${items}</OrderFulfillment></Message>`;
		})
		.join('\n');
	return `<?xml version="1.0" encoding="UTF-8"?>\n<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">\n<Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${merchant}</MerchantIdentifier></Header>\n<MessageType>OrderFulfillment</MessageType>\n${body}\n</AmazonEnvelope>\n`;
}

module.exports = { createTestClient, parseProcessingReport, parseFlatReport, fulfillmentXml };
