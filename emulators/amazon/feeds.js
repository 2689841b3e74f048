'use strict';

const crypto = require('node:crypto');
const zlib = require('node:zlib');
const { spError, invalidInput } = require('./errors');
const { processXmlFeed, processFlatFeed, decodeDocument } = require('./processing');
const { xmlProcessingReport, flatFileProcessingReport } = require('./reports');
const { CODES } = require('./orderStore');
const { mulberry32 } = require('../common/prng');

/** Feeds API 2021-06-30: documents, feeds, their lifecycle and the per-seller order-feed queue. */

const ORDER_FEED_TYPES = new Set([
	'POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA',
	'POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA',
	'POST_FLAT_FILE_FULFILLMENT_DATA',
	'POST_FLAT_FILE_IL_SNAPSHOT_FEED',
	'POST_FLAT_FILE_IL_ALLOCATION_REQUESTS_CONFIRMATION_FEED',
	'POST_EXPECTED_SHIP_DATE_SOD_FLAT_FILE',
	'POST_INVOICE_CONFIRMATION_DATA',
	'POST_ORDER_ACKNOWLEDGEMENT_DATA',
	'POST_PAYMENT_ADJUSTMENT_DATA',
	'POST_ORDER_FULFILLMENT_DATA',
	'POST_EXPECTED_SHIP_DATE_SOD',
]);
const REMOVED_LISTINGS_FEED_TYPES = new Set([
	'POST_PRODUCT_DATA',
	'POST_INVENTORY_AVAILABILITY_DATA',
	'POST_PRODUCT_OVERRIDES_DATA',
	'POST_PRODUCT_PRICING_DATA',
	'POST_PRODUCT_IMAGE_DATA',
	'POST_PRODUCT_RELATIONSHIP_DATA',
	'POST_FLAT_FILE_INVLOADER_DATA',
	'POST_FLAT_FILE_BOOKLOADER_DATA',
	'POST_FLAT_FILE_CONVERGENCE_LISTINGS_DATA',
	'POST_FLAT_FILE_LISTINGS_DATA',
	'POST_FLAT_FILE_PRICEANDQUANTITYONLY_UPDATE_DATA',
	'POST_UIEE_BOOKLOADER_DATA',
]);
const OTHER_FEED_TYPES = new Set([
	'JSON_LISTINGS_FEED',
	'POST_FBA_INBOUND_CARTON_CONTENTS',
	'POST_FLAT_FILE_FBA_CREATE_INBOUND_PLAN',
	'UPLOAD_VAT_INVOICE',
]);
const PROCESSING_STATUSES = ['CANCELLED', 'DONE', 'FATAL', 'IN_PROGRESS', 'IN_QUEUE'];
const TERMINAL = new Set(['DONE', 'FATAL', 'CANCELLED']);

function createFeeds({
	orders,
	signer,
	now,
	timeScale,
	feedDelays,
	gzipReports,
	forceFeedStatus,
	fatalFeedRate,
	feedSeed,
	sellerId,
	marketplaces,
	logger,
}) {
	const documents = new Map();
	const feeds = new Map();
	const timers = new Set();
	let feedSeq = 50001000001; // SP-API feed IDs are numeric strings
	let ordinal = 0;
	let forced = { ...(forceFeedStatus || {}) };
	let random = mulberry32(feedSeed || 1);
	let fatalRate = fatalFeedRate || 0;
	let delays = { inQueueMs: 3000, inProgressMs: 5000, ...(feedDelays || {}) };

	const iso = (ms) => new Date(ms).toISOString();
	const newDocumentId = () =>
		`amzn1.tortuga.4.na.${crypto.randomUUID()}.T${crypto.randomBytes(7).toString('hex').toUpperCase().slice(0, 13)}`;

	function later(ms, fn) {
		const t = setTimeout(
			() => {
				timers.delete(t);
				try {
					fn();
				} catch (e) {
					if (logger)
						logger({ level: 'error', message: `feed scheduling failed: ${e.stack || e}` });
				}
			},
			Math.max(0, ms / timeScale),
		);
		if (t.unref) t.unref();
		timers.add(t);
		return t;
	}

	// ---- documents ----
	function createFeedDocument(body, baseUrl) {
		if (
			!body ||
			typeof body !== 'object' ||
			typeof body.contentType !== 'string' ||
			body.contentType === ''
		)
			throw invalidInput(
				'Invalid input',
				'contentType is required (for example "text/xml; charset=UTF-8").',
			);
		const id = newDocumentId();
		documents.set(id, {
			feedDocumentId: id,
			contentType: body.contentType,
			body: null,
			kind: 'input',
			createdAt: now(),
			compressed: false,
		});
		return {
			status: 201,
			body: {
				feedDocumentId: id,
				url: signer.presign(baseUrl, 'PUT', `feed-documents/${id}`, body.contentType),
			},
		};
	}

	function upload(id, buffer) {
		const doc = documents.get(id);
		if (!doc || doc.kind !== 'input') return false;
		doc.body = buffer;
		doc.uploadedAt = now();
		return true;
	}

	function getFeedDocument(id, query, baseUrl) {
		const doc = documents.get(id);
		if (!doc) {
			if (!/^[\w.\-|]+$/.test(id)) throw invalidInput(`Invalid feedDocumentId: ${id}`);
			throw spError(
				404,
				'NotFound',
				'The requested feed document was not found.',
				`feedDocumentId ${id}`,
			);
		}
		const contentEncoding =
			query.get('enableContentEncodingUrlHeader') === 'true' && doc.compressed;
		const url = signer.presign(
			baseUrl,
			'GET',
			`feed-documents/${id}`,
			undefined,
			contentEncoding ? { 'response-content-encoding': 'gzip' } : {},
		);
		const out = { feedDocumentId: id, url };
		if (doc.compressed && !contentEncoding) out.compressionAlgorithm = 'GZIP';
		return { status: 200, body: out };
	}

	// ---- feeds ----
	function createFeed(body) {
		if (!body || typeof body !== 'object')
			throw invalidInput(
				'Invalid input',
				'The request body must be a CreateFeedSpecification JSON object.',
			);
		const { feedType, marketplaceIds, inputFeedDocumentId, feedOptions } = body;
		if (typeof feedType !== 'string' || !feedType)
			throw invalidInput('Invalid input', 'feedType is required.');
		if (
			!ORDER_FEED_TYPES.has(feedType) &&
			!REMOVED_LISTINGS_FEED_TYPES.has(feedType) &&
			!OTHER_FEED_TYPES.has(feedType)
		)
			throw invalidInput(
				`Invalid feed type: ${feedType}`,
				'See the Feed Type Values page for supported feed types.',
			);
		if (
			!Array.isArray(marketplaceIds) ||
			marketplaceIds.length < 1 ||
			marketplaceIds.length > 25 ||
			marketplaceIds.some((m) => typeof m !== 'string')
		)
			throw invalidInput(
				'Invalid input',
				'marketplaceIds must be an array of 1 to 25 marketplace IDs.',
			);
		if (marketplaceIds.length > 1)
			throw invalidInput(
				'Multiple marketplaces are not supported for this feed type.',
				'Submit one feed per marketplace.',
			);
		const known = marketplaces();
		if (!known.includes(marketplaceIds[0]))
			throw invalidInput(
				`Invalid marketplaceId: ${marketplaceIds[0]}`,
				`The seller does not participate in marketplace ${marketplaceIds[0]}.`,
			);
		if (typeof inputFeedDocumentId !== 'string' || !inputFeedDocumentId)
			throw invalidInput('Invalid input', 'inputFeedDocumentId is required.');
		const doc = documents.get(inputFeedDocumentId);
		if (!doc || doc.kind !== 'input')
			throw invalidInput(
				`Invalid inputFeedDocumentId: ${inputFeedDocumentId}`,
				'Create the document with createFeedDocument first.',
			);
		if (!doc.body)
			throw invalidInput(
				`The feed document ${inputFeedDocumentId} has no content.`,
				'Upload the feed content to the document URL before calling createFeed.',
			);
		if (
			feedOptions !== undefined &&
			(typeof feedOptions !== 'object' ||
				feedOptions === null ||
				Object.values(feedOptions).some((v) => typeof v !== 'string'))
		)
			throw invalidInput('Invalid input', 'feedOptions must map strings to strings.');
		ordinal++;
		const feedId = String(feedSeq++);
		const feed = {
			feedId,
			feedType,
			marketplaceIds: [...marketplaceIds],
			inputFeedDocumentId,
			feedOptions: feedOptions || undefined,
			createdTime: now(),
			processingStatus: 'IN_QUEUE',
			processingStartTime: null,
			processingEndTime: null,
			resultFeedDocumentId: null,
			sellerId,
			ordinal,
			ready: false,
			// Amazon copies the document at submission; later uploads to the same URL do not change the feed.
			content: Buffer.from(doc.body),
			contentType: doc.contentType,
			messages: null,
			forced:
				forced[feedId] ||
				forced[String(ordinal)] ||
				(fatalRate > 0 && random() < fatalRate ? 'FATAL' : null),
		};
		feeds.set(feedId, feed);
		if (feed.forced !== 'STUCK')
			later(delays.inQueueMs, () => {
				feed.ready = true;
				pump();
			});
		return { status: 202, body: { feedId } };
	}

	const isOrderFeed = (f) => ORDER_FEED_TYPES.has(f.feedType);

	/** Start every feed that may start: order feeds of a seller one at a time, in submission order. */
	function pump() {
		const queued = [...feeds.values()]
			.filter((f) => f.processingStatus === 'IN_QUEUE' && f.ready)
			.sort((a, b) => a.ordinal - b.ordinal);
		for (const f of queued) {
			if (f.forced === 'STUCK') continue;
			if (f.forced === 'CANCELLED') {
				f.processingStatus = 'CANCELLED';
				f.processingEndTime = now();
				continue;
			}
			if (isOrderFeed(f)) {
				const busy = [...feeds.values()].some(
					(o) =>
						o !== f &&
						o.sellerId === f.sellerId &&
						isOrderFeed(o) &&
						o.processingStatus === 'IN_PROGRESS',
				);
				if (busy) continue;
			}
			start(f);
		}
	}

	function start(feed) {
		feed.processingStatus = 'IN_PROGRESS';
		feed.processingStartTime = now();
		if (feed.forced === 'STUCK_IN_PROGRESS') return;
		later(delays.inProgressMs, () => {
			finish(feed);
			pump();
		});
	}

	function finish(feed) {
		if (feed.processingStatus !== 'IN_PROGRESS') return;
		let outcome;
		if (feed.forced === 'FATAL') {
			outcome = {
				status: 'FATAL',
				format: feed.feedType === 'POST_FLAT_FILE_FULFILLMENT_DATA' ? 'flat' : 'xml',
				processed: 0,
				successful: 0,
				messages: null,
				results: [
					{
						messageId: 0,
						type: 'Error',
						code: 5000,
						description:
							'The feed could not be processed because of an internal error (emulator fault injection). No messages were applied; submit the feed again.',
					},
				],
			};
		} else outcome = processFeed(feed);
		feed.messages = outcome.messages;
		feed.results = outcome.results;
		const text =
			outcome.format === 'flat'
				? flatFileProcessingReport(outcome)
				: xmlProcessingReport({
						...outcome,
						feedId: feed.feedId,
						sellerId,
						statusCode: outcome.status === 'FATAL' ? 'Rejected' : 'Complete',
					});
		const reportId = newDocumentId();
		const raw = Buffer.from(text, 'utf8');
		documents.set(reportId, {
			feedDocumentId: reportId,
			contentType:
				outcome.format === 'flat'
					? 'text/tab-separated-values; charset=UTF-8'
					: 'text/xml; charset=UTF-8',
			body: gzipReports ? zlib.gzipSync(raw) : raw,
			text,
			compressed: gzipReports,
			kind: 'result',
			createdAt: now(),
			feedId: feed.feedId,
		});
		feed.resultFeedDocumentId = reportId;
		feed.processingStatus = outcome.status;
		feed.processingEndTime = now();
	}

	function processFeed(feed) {
		const marketplaceId = feed.marketplaceIds[0];
		const content = decodeDocument(feed.content, feed.contentType);
		const lookup = (id) => {
			const order = orders.get(id);
			return order && order.marketplaceId === marketplaceId ? order : null;
		};
		const notFound = (shipment) => ({
			code: CODES.ORDER_NOT_FOUND,
			message: shipment.merchantOrderId
				? `Your order cannot be found using Merchant ID ${sellerId} and Merchant Order ID ${shipment.merchantOrderId}.`
				: `Your order cannot be found using Merchant ID ${sellerId} and Amazon Order ID ${shipment.amazonOrderId} in marketplace ${marketplaceId}.`,
		});
		const ctx = {
			sellerId,
			applyShipment(shipment, meta) {
				const order = shipment.merchantOrderId ? null : lookup(shipment.amazonOrderId);
				if (!order) return { errors: [notFound(shipment)], warnings: [] };
				const existing = shipment.trackingNumber
					? orders.findByTracking(order, shipment.trackingNumber)
					: undefined;
				const checked = orders.check(order, shipment, existing);
				if (checked.errors.length === 0)
					orders.apply(
						order,
						shipment,
						checked.items,
						existing,
						{ via: 'feed', feedId: feed.feedId, messageId: meta.messageId },
						iso(now()),
					);
				return checked;
			},
			applyShipmentRows(rows, meta) {
				const shipment0 = rows[0].shipment;
				const order = lookup(shipment0.amazonOrderId);
				if (!order)
					return {
						rows: rows.map((r) => ({
							recordNumber: r.recordNumber,
							errors: [notFound(r.shipment)],
							warnings: [],
						})),
					};
				const existing = shipment0.trackingNumber
					? orders.findByTracking(order, shipment0.trackingNumber)
					: undefined;
				const out = [];
				let accepted = [];
				let firstOk = null;
				let finalItems = [];
				for (const r of rows) {
					if (r.shipment.items.length === 0 && accepted.length > 0) {
						out.push({
							recordNumber: r.recordNumber,
							errors: [
								{
									code: CODES.INVALID_FIELD,
									message:
										'order-item-id is required when several rows describe the same package (same order-id and tracking-number).',
								},
							],
							warnings: [],
						});
						continue;
					}
					const candidate = { ...r.shipment, items: [...accepted, ...r.shipment.items] };
					const checked = orders.check(order, candidate, existing);
					const rowErrors = checked.errors.filter(
						(e) =>
							!e.orderItemId ||
							r.shipment.items.some((i) => i.orderItemId === e.orderItemId) ||
							r.shipment.items.length === 0,
					);
					if (rowErrors.length)
						out.push({ recordNumber: r.recordNumber, errors: rowErrors, warnings: [] });
					else {
						accepted = r.shipment.items.length
							? checked.items.map((i) => ({ ...i }))
							: checked.items;
						finalItems = checked.items;
						out.push({
							recordNumber: r.recordNumber,
							errors: [],
							warnings: firstOk ? [] : checked.warnings,
						});
						if (!firstOk) firstOk = r.shipment;
					}
				}
				if (firstOk)
					orders.apply(
						order,
						firstOk,
						finalItems,
						existing,
						{ via: 'feed', feedId: feed.feedId, messageId: meta.messageId },
						iso(now()),
					);
				return { rows: out };
			},
		};
		if (feed.feedType === 'POST_ORDER_FULFILLMENT_DATA') return processXmlFeed(content, ctx);
		if (feed.feedType === 'POST_FLAT_FILE_FULFILLMENT_DATA') return processFlatFeed(content, ctx);
		const removed = REMOVED_LISTINGS_FEED_TYPES.has(feed.feedType);
		return {
			status: 'FATAL',
			format: feed.feedType.includes('FLAT_FILE') ? 'flat' : 'xml',
			processed: 0,
			successful: 0,
			messages: null,
			results: [
				{
					messageId: 0,
					type: 'Error',
					code: 5000,
					description: removed
						? `The feed type ${feed.feedType} is no longer supported (XML and flat-file listings feeds were removed on 31 July 2025).`
						: `The emulator does not process feed type ${feed.feedType}; only POST_ORDER_FULFILLMENT_DATA and POST_FLAT_FILE_FULFILLMENT_DATA are emulated.`,
				},
			],
		};
	}

	function feedJson(f) {
		const out = {
			feedId: f.feedId,
			feedType: f.feedType,
			marketplaceIds: f.marketplaceIds,
			createdTime: iso(f.createdTime),
			processingStatus: f.processingStatus,
		};
		if (f.processingStartTime) out.processingStartTime = iso(f.processingStartTime);
		if (f.processingEndTime) out.processingEndTime = iso(f.processingEndTime);
		if (f.resultFeedDocumentId) out.resultFeedDocumentId = f.resultFeedDocumentId;
		return out;
	}

	function findFeed(feedId) {
		const f = feeds.get(feedId);
		if (f) return f;
		if (!/^\d+$/.test(feedId)) throw invalidInput(`Invalid feedId: ${feedId}`);
		throw spError(404, 'NotFound', 'The requested feed was not found.', `feedId ${feedId}`);
	}

	function getFeed(feedId) {
		return { status: 200, body: feedJson(findFeed(feedId)) };
	}

	function cancelFeed(feedId) {
		const f = findFeed(feedId);
		if (f.processingStatus !== 'IN_QUEUE')
			throw invalidInput(
				`The feed ${feedId} cannot be cancelled because its processingStatus is ${f.processingStatus}. Only feeds IN_QUEUE can be cancelled.`,
			);
		f.processingStatus = 'CANCELLED';
		f.processingEndTime = now();
		pump();
		return { status: 200, body: null };
	}

	function getFeeds(query) {
		let filters;
		let offset = 0;
		const nextToken = query.get('nextToken');
		if (nextToken) {
			try {
				({ f: filters, o: offset } = JSON.parse(
					Buffer.from(nextToken, 'base64url').toString('utf8'),
				));
			} catch {
				throw invalidInput('Invalid nextToken.');
			}
		} else {
			const list = (k) =>
				query.get(k)
					? query
							.get(k)
							.split(',')
							.map((s) => s.trim())
							.filter(Boolean)
					: undefined;
			filters = {
				feedTypes: list('feedTypes'),
				marketplaceIds: list('marketplaceIds'),
				processingStatuses: list('processingStatuses'),
				pageSize: query.get('pageSize') ? Number(query.get('pageSize')) : 10,
				createdSince: query.get('createdSince')
					? Date.parse(query.get('createdSince'))
					: now() - 90 * 864e5,
				createdUntil: query.get('createdUntil') ? Date.parse(query.get('createdUntil')) : now(),
			};
			if (!filters.feedTypes) throw invalidInput('Either feedTypes or nextToken is required.');
			if (filters.feedTypes.length > 10) throw invalidInput('feedTypes accepts at most 10 values.');
			if (filters.marketplaceIds && filters.marketplaceIds.length > 10)
				throw invalidInput('marketplaceIds accepts at most 10 values.');
			if (!Number.isInteger(filters.pageSize) || filters.pageSize < 1 || filters.pageSize > 100)
				throw invalidInput('pageSize must be between 1 and 100.');
			const bad = (filters.processingStatuses || []).find((s) => !PROCESSING_STATUSES.includes(s));
			if (bad) throw invalidInput(`Invalid processingStatuses value: ${bad}`);
			if (Number.isNaN(filters.createdSince) || Number.isNaN(filters.createdUntil))
				throw invalidInput('createdSince/createdUntil must be ISO 8601 date-times.');
		}
		const matching = [...feeds.values()]
			.filter((f) => filters.feedTypes.includes(f.feedType))
			.filter(
				(f) =>
					!filters.marketplaceIds ||
					f.marketplaceIds.some((m) => filters.marketplaceIds.includes(m)),
			)
			.filter(
				(f) =>
					!filters.processingStatuses || filters.processingStatuses.includes(f.processingStatus),
			)
			.filter((f) => f.createdTime >= filters.createdSince && f.createdTime <= filters.createdUntil)
			.sort((a, b) => b.ordinal - a.ordinal);
		const page = matching.slice(offset, offset + filters.pageSize);
		const body = { feeds: page.map(feedJson) };
		if (offset + filters.pageSize < matching.length)
			body.nextToken = Buffer.from(
				JSON.stringify({ f: filters, o: offset + filters.pageSize }),
			).toString('base64url');
		return { status: 200, body };
	}

	function snapshot() {
		return {
			feeds: [...feeds.values()].map((f) => ({
				feedId: f.feedId,
				feedType: f.feedType,
				marketplaceId: f.marketplaceIds[0],
				status: f.processingStatus,
				messages: f.messages,
				bytes: f.content.length,
				createdAt: iso(f.createdTime),
				resultFeedDocumentId: f.resultFeedDocumentId,
				forced: f.forced || undefined,
			})),
			documents: Object.fromEntries(
				[...documents.values()].map((d) => [
					d.feedDocumentId,
					{
						contentType: d.contentType,
						bytes: d.body ? d.body.length : 0,
						kind: d.kind,
						feedId: d.feedId,
					},
				]),
			),
		};
	}

	return {
		createFeedDocument,
		upload,
		getFeedDocument,
		createFeed,
		getFeed,
		getFeeds,
		cancelFeed,
		document: (id) => documents.get(id),
		feed: (id) => feeds.get(id),
		snapshot,
		feedDocument(feedId) {
			const f = feeds.get(feedId);
			return f ? f.content.toString('utf8') : undefined;
		},
		report(feedId) {
			const f = feeds.get(feedId);
			const d = f && f.resultFeedDocumentId && documents.get(f.resultFeedDocumentId);
			return d ? d.text : undefined;
		},
		forceFeedStatus(key, status) {
			forced[String(key)] = status;
			const f = feeds.get(String(key));
			if (f && f.processingStatus === 'IN_QUEUE') f.forced = status;
		},
		setFatalFeedRate(rate) {
			fatalRate = rate || 0;
		},
		setFeedDelays(d) {
			delays = { ...delays, ...d };
		},
		pending: () =>
			[...feeds.values()].filter(
				(f) =>
					!TERMINAL.has(f.processingStatus) &&
					f.forced !== 'STUCK' &&
					f.forced !== 'STUCK_IN_PROGRESS',
			).length,
		clearTimers() {
			for (const t of timers) clearTimeout(t);
			timers.clear();
		},
		reset() {
			for (const t of timers) clearTimeout(t);
			timers.clear();
			documents.clear();
			feeds.clear();
			feedSeq = 50001000001;
			ordinal = 0;
			forced = { ...(forceFeedStatus || {}) };
			random = mulberry32(feedSeed || 1);
		},
	};
}

module.exports = { createFeeds, ORDER_FEED_TYPES };
