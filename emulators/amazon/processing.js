'use strict';

const { parseXml, XmlError } = require('./xml');
const { CODES, ORDER_ID_RE } = require('./orderStore');

/**
 * Processes an order-fulfillment feed the way Amazon does: the whole XML document is parsed and
 * schema-checked first (any failure ends the feed FATAL and applies nothing), then every message
 * (XML) or record (flat file) is checked and applied on its own; failed ones change nothing.
 *
 * → { status: 'DONE'|'FATAL', format: 'xml'|'flat', processed, successful, results, messages }
 *   results = [{ messageId, type: 'Error'|'Warning', code, description, amazonOrderId?, orderItemId? }]
 */

const FATAL_INVALID =
	'We are unable to process the XML feed because one or more items are invalid. Please re-submit the feed.';

// ---- XML schema (the parts of amzn-envelope.xsd / OrderFulfillment.xsd that apply) ----
// A sequence is a list of particles { names: [..], min, max, type? }; a choice is a particle with several names.
const T = {
	String: { maxLength: 50 },
	IDNumber: { pattern: /^\d{1,20}$/, patternText: '\\d{1,20}' },
	// XML Schema's \w is every character but punctuation, separators and "other" (not JavaScript's
	// ASCII \w): the same rule as the nodes (core/feed/validate.ts AMAZON_ORDER_ID_RE). An order ID
	// like 114-100000é-1000001 passes Amazon's schema and is refused as one message (18028).
	AmazonOrderID: {
		pattern: /^[^\p{P}\p{Z}\p{C}]{3}-[^\p{P}\p{Z}\p{C}]{7}-[^\p{P}\p{Z}\p{C}]{7}$/u,
		patternText: '\\w{3}-\\w{7}-\\w{7}',
	},
	AmazonOrderItemCode: { pattern: /^\d{14}$/, patternText: '\\d{14}' },
	DocumentVersion: { pattern: /^\d{1,2}\.\d{1,2}$/, patternText: '\\d{1,2}\\.\\d{1,2}' },
	dateTime: { dateTime: true },
	positiveInteger: { positiveInteger: true },
	boolean: { enumeration: ['true', 'false', '1', '0'] },
	OperationType: { enumeration: ['Update', 'Delete', 'PartialUpdate'] },
	CODCollectionMethod: { enumeration: ['DirectPayment'] },
	CountryCode: { length: 2 },
	Free: {},
};

const SEQ = {
	AmazonEnvelope: [
		{ names: ['Header'], min: 1, max: 1 },
		{ names: ['MessageType'], min: 1, max: 1, type: T.Free },
		{ names: ['MarketplaceName'], min: 0, max: 1, type: T.String },
		{ names: ['PurgeAndReplace'], min: 0, max: 1, type: T.boolean },
		{ names: ['EffectiveDate'], min: 0, max: 1, type: T.dateTime },
		{ names: ['Message'], min: 1, max: Infinity },
	],
	Header: [
		{ names: ['DocumentVersion'], min: 1, max: 1, type: T.DocumentVersion },
		{ names: ['MerchantIdentifier'], min: 1, max: 1, type: T.String },
	],
	Message: [
		{ names: ['MessageID'], min: 1, max: 1, type: T.IDNumber },
		{ names: ['OperationType'], min: 0, max: 1, type: T.OperationType },
		{ names: ['OrderFulfillment'], min: 1, max: 1 },
	],
	OrderFulfillment: [
		{
			names: ['AmazonOrderID', 'MerchantOrderID'],
			min: 1,
			max: 1,
			types: { AmazonOrderID: T.AmazonOrderID, MerchantOrderID: T.String },
		},
		{ names: ['MerchantFulfillmentID'], min: 0, max: 1, type: T.IDNumber },
		{ names: ['FulfillmentDate'], min: 1, max: 1, type: T.dateTime },
		{ names: ['FulfillmentData'], min: 0, max: 1 },
		{ names: ['CODCollectionMethod'], min: 0, max: 1, type: T.CODCollectionMethod },
		{ names: ['Item'], min: 0, max: Infinity },
		{ names: ['ShipFromAddress'], min: 0, max: 1 },
	],
	FulfillmentData: [
		{ names: ['CarrierCode'], min: 0, max: 1, type: T.String },
		{ names: ['CarrierName'], min: 0, max: 1, type: T.String },
		{ names: ['ShippingMethod'], min: 0, max: 1, type: T.String },
		{ names: ['ShipperTrackingNumber'], min: 0, max: 1, type: T.String },
	],
	Item: [
		{
			names: ['AmazonOrderItemCode', 'MerchantOrderItemID'],
			min: 1,
			max: 1,
			types: { AmazonOrderItemCode: T.AmazonOrderItemCode, MerchantOrderItemID: T.String },
		},
		{ names: ['MerchantFulfillmentItemID'], min: 0, max: 1, type: T.IDNumber },
		{ names: ['Quantity'], min: 0, max: 1, type: T.positiveInteger },
		{ names: ['TransparencyCode'], min: 0, max: 10, type: T.Free },
	],
	ShipFromAddress: [
		{ names: ['Name'], min: 1, max: 1, type: T.String },
		{ names: ['FormalTitle'], min: 0, max: 1, type: T.String },
		{ names: ['GivenName'], min: 0, max: 1, type: T.String },
		{ names: ['FamilyName'], min: 0, max: 1, type: T.String },
		{ names: ['AddressFieldOne'], min: 1, max: 1, type: T.String },
		{ names: ['AddressFieldTwo'], min: 0, max: 1, type: T.String },
		{ names: ['AddressFieldThree'], min: 0, max: 1, type: T.String },
		{ names: ['City'], min: 0, max: 1, type: T.String },
		{ names: ['County'], min: 0, max: 1, type: T.String },
		{ names: ['StateOrRegion'], min: 0, max: 1, type: T.String },
		{ names: ['PostalCode'], min: 0, max: 1, type: T.String },
		{ names: ['CountryCode'], min: 1, max: 1, type: T.CountryCode },
		{ names: ['PhoneNumber'], min: 0, max: 3, type: T.String },
	],
};

const DATE_TIME_RE =
	/^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|1[0-4]):[0-5]\d)?$/;

function checkSimple(node, type, errors) {
	if (node.children.length) {
		errors.push({
			node: node.children[0],
			message: `cvc-type.3.1.2: Element '${node.name}' is a simple type, so it must have no element information item [children].`,
		});
		return;
	}
	// normalizedString/token types collapse whitespace before facets apply.
	const v = node.text.replace(/\s+/g, ' ').trim();
	const typeName =
		type === T.String ? 'String' : Object.keys(T).find((k) => T[k] === type) || node.name;
	if (type.maxLength !== undefined && v.length > type.maxLength)
		errors.push({
			node,
			message: `cvc-maxLength-valid: Value '${v}' with length = '${v.length}' is not facet-valid with respect to maxLength '${type.maxLength}' for type '${typeName}'.`,
		});
	if (type.length !== undefined && v.length !== type.length)
		errors.push({
			node,
			message: `cvc-length-valid: Value '${v}' with length = '${v.length}' is not facet-valid with respect to length '${type.length}' for type '${typeName}'.`,
		});
	if (type.pattern && !type.pattern.test(v))
		errors.push({
			node,
			message: `cvc-pattern-valid: Value '${v}' is not facet-valid with respect to pattern '${type.patternText}' for type '${typeName}'.`,
		});
	if (type.enumeration && !type.enumeration.includes(v))
		errors.push({
			node,
			message: `cvc-enumeration-valid: Value '${v}' is not facet-valid with respect to enumeration '[${type.enumeration.join(', ')}]'. It must be a value from the enumeration.`,
		});
	if (type.dateTime && !DATE_TIME_RE.test(v))
		errors.push({
			node,
			message: `cvc-datatype-valid.1.2.1: '${v}' is not a valid value for 'dateTime'.`,
		});
	if (type.positiveInteger) {
		if (!/^[+]?\d+$/.test(v))
			errors.push({
				node,
				message: `cvc-datatype-valid.1.2.1: '${v}' is not a valid value for 'integer'.`,
			});
		else if (Number(v) < 1)
			errors.push({
				node,
				message: `cvc-minInclusive-valid: Value '${v}' is not facet-valid with respect to minInclusive '1' for type 'positiveInteger'.`,
			});
	}
}

/** Validate `node`'s children against its sequence; recurse into complex children. */
function validate(node, errors) {
	const seq = SEQ[node.name];
	const kids = node.children;
	let k = 0;
	for (let p = 0; p < seq.length; p++) {
		const part = seq[p];
		let count = 0;
		while (k < kids.length && part.names.includes(kids[k].name) && count < part.max) {
			const kid = kids[k];
			const type = part.types ? part.types[kid.name] : part.type;
			if (SEQ[kid.name] && !type) validate(kid, errors);
			else checkSimple(kid, type || T.Free, errors);
			count++;
			k++;
		}
		if (count < part.min) {
			const expected = part.names.join(', ');
			if (k < kids.length)
				errors.push({
					node: kids[k],
					message: `cvc-complex-type.2.4.a: Invalid content was found starting with element '${kids[k].name}'. One of '{${expected}}' is expected.`,
				});
			else
				errors.push({
					node,
					message: `cvc-complex-type.2.4.b: The content of element '${node.name}' is not complete. One of '{${expected}}' is expected.`,
				});
			return;
		}
	}
	if (k < kids.length) {
		const expected = nextExpected(seq, kids, k);
		errors.push({
			node: kids[k],
			message: expected
				? `cvc-complex-type.2.4.a: Invalid content was found starting with element '${kids[k].name}'. One of '{${expected}}' is expected.`
				: `cvc-complex-type.2.4.d: Invalid content was found starting with element '${kids[k].name}'. No child element is expected at this point.`,
		});
		return;
	}
	if (node.text.trim() !== '' && seq)
		errors.push({
			node,
			message: `cvc-complex-type.2.3: Element '${node.name}' cannot have character [children], because the type's content type is element-only.`,
		});
}

/** Names that could still follow the previous child (the rest of the sequence after its particle). */
function nextExpected(seq, kids, k) {
	const prev = kids[k - 1];
	const at = prev ? seq.findIndex((p) => p.names.includes(prev.name)) : -1;
	const names = [];
	for (let i = at + 1; i < seq.length; i++) names.push(...seq[i].names);
	if (at >= 0 && seq[at].max > 1) names.unshift(...seq[at].names);
	return names.join(', ');
}

const text = (node, name) => {
	const c = node && node.children.find((x) => x.name === name);
	return c ? c.text.replace(/\s+/g, ' ').trim() : undefined;
};

function decodeDocument(buffer, contentType) {
	const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType || '');
	const cs = charset ? charset[1].toLowerCase() : 'utf-8';
	let enc = 'utf-8';
	if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'windows-1252' || cs === 'cp1252')
		enc = 'latin1';
	let s = new TextDecoder(enc).decode(buffer);
	if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
	return s;
}

// ---- XML feed ----

function processXmlFeed(content, ctx) {
	const fatal = (results) => ({
		status: 'FATAL',
		format: 'xml',
		processed: 0,
		successful: 0,
		results,
		messages: 0,
	});
	let root;
	try {
		root = parseXml(content);
	} catch (e) {
		if (!(e instanceof XmlError)) throw e;
		return fatal([
			{
				messageId: 0,
				type: 'Error',
				code: 5001,
				description: `XML Parsing Fatal Error at Line ${e.line}, Column ${e.column}: ${e.message}`,
			},
		]);
	}
	if (root.name !== 'AmazonEnvelope' || root.attrs.xmlns !== undefined)
		return fatal([
			{
				messageId: 0,
				type: 'Error',
				code: 5001,
				description: `XML Parsing Error at Line ${root.line}, Column ${root.column}: cvc-elt.1: Cannot find the declaration of element '${root.name}'.`,
			},
		]);
	const messageType = text(root, 'MessageType');
	if (messageType !== undefined && messageType !== 'OrderFulfillment')
		return fatal([
			{
				messageId: 0,
				type: 'Error',
				code: 5000,
				description: `${FATAL_INVALID} The MessageType '${messageType}' does not match the feed type POST_ORDER_FULFILLMENT_DATA (expected OrderFulfillment).`,
			},
		]);
	const schemaErrors = [];
	validate(root, schemaErrors);
	if (schemaErrors.length) {
		const messageIdOf = (node) => {
			for (const m of root.children.filter((c) => c.name === 'Message')) {
				if (contains(m, node)) return Number(text(m, 'MessageID')) || 0;
			}
			return 0;
		};
		return fatal(
			schemaErrors.slice(0, 100).map((e) => ({
				messageId: messageIdOf(e.node),
				type: 'Error',
				code: 5001,
				description: `XML Parsing Error at Line ${e.node.line}, Column ${e.node.column}: ${e.message}`,
			})),
		);
	}
	const merchant = text(
		root.children.find((c) => c.name === 'Header'),
		'MerchantIdentifier',
	);
	if (merchant !== ctx.sellerId)
		return fatal([
			{
				messageId: 0,
				type: 'Error',
				code: 5000,
				description: `${FATAL_INVALID} The MerchantIdentifier '${merchant}' in the Header does not match the seller that submitted the feed (${ctx.sellerId}).`,
			},
		]);

	const messages = root.children.filter((c) => c.name === 'Message');
	const results = [];
	const seen = new Set();
	let successful = 0;
	for (const m of messages) {
		const messageId = Number(text(m, 'MessageID'));
		const of = m.children.find((c) => c.name === 'OrderFulfillment');
		const amazonOrderId = text(of, 'AmazonOrderID') || text(of, 'MerchantOrderID');
		const push = (list, type) => {
			for (const r of list)
				results.push({
					messageId,
					type,
					code: r.code,
					description: r.message,
					amazonOrderId,
					orderItemId: r.orderItemId,
				});
		};
		if (seen.has(messageId)) {
			push(
				[
					{
						code: CODES.DUPLICATE_MESSAGE_ID,
						message: `MessageID ${messageId} is used by more than one message in this feed; each message needs its own MessageID.`,
					},
				],
				'Error',
			);
			continue;
		}
		seen.add(messageId);
		if (text(m, 'OperationType') === 'Delete') {
			push(
				[
					{
						code: CODES.UNSUPPORTED_OPERATION,
						message: 'OperationType Delete is not supported for OrderFulfillment messages.',
					},
				],
				'Error',
			);
			continue;
		}
		const fd = of.children.find((c) => c.name === 'FulfillmentData');
		const shipment = {
			amazonOrderId,
			merchantOrderId: text(of, 'MerchantOrderID'),
			carrierCode: text(fd, 'CarrierCode'),
			carrierName: text(fd, 'CarrierName'),
			shippingMethod: text(fd, 'ShippingMethod'),
			trackingNumber: text(fd, 'ShipperTrackingNumber'),
			shipDate: text(of, 'FulfillmentDate'),
			items: of.children
				.filter((c) => c.name === 'Item')
				.map((it) => ({
					orderItemId:
						text(it, 'AmazonOrderItemCode') || `merchant:${text(it, 'MerchantOrderItemID')}`,
					quantity: text(it, 'Quantity') === undefined ? undefined : Number(text(it, 'Quantity')),
				})),
		};
		const outcome = ctx.applyShipment(shipment, { messageId });
		if (outcome.errors.length) push(outcome.errors, 'Error');
		else {
			successful++;
			push(outcome.warnings, 'Warning');
		}
	}
	return {
		status: 'DONE',
		format: 'xml',
		processed: messages.length,
		successful,
		results,
		messages: messages.length,
	};
}

function contains(parent, node) {
	if (parent === node) return true;
	return parent.children.some((c) => contains(c, node));
}

// ---- Flat file (tab-separated) ----

const FLAT_COLUMNS = [
	'order-id',
	'order-item-id',
	'quantity',
	'ship-date',
	'carrier-code',
	'carrier-name',
	'tracking-number',
	'ship-method',
	'transparency_code',
	'ship_from_address_name',
	'ship_from_address_line1',
	'ship_from_address_line2',
	'ship_from_address_line3',
	'ship_from_address_city',
	'ship_from_address_county',
	'ship_from_address_state_or_region',
	'ship_from_address_postalcode',
	'ship_from_address_countrycode',
	'cod-collection-method',
];
const SHIP_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function processFlatFeed(content, ctx) {
	let lines = content.split(/\r?\n/);
	while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
	if (lines.length && lines[0].startsWith('TemplateType=')) lines = lines.slice(1);
	const header = (lines[0] || '').split('\t').map((h) => h.trim());
	const dataLines = lines.slice(1).filter((l) => l.trim() !== '');
	const unknown = header.filter((h) => !FLAT_COLUMNS.includes(h));
	const dup = header.filter((h, i) => header.indexOf(h) !== i);
	let headerProblem = null;
	if (!header.includes('order-id')) headerProblem = "the column 'order-id' is missing";
	else if (unknown.length)
		headerProblem = `unknown column(s) ${unknown.map((u) => `'${u}'`).join(', ')}`;
	else if (dup.length) headerProblem = `duplicate column(s) ${dup.map((u) => `'${u}'`).join(', ')}`;
	if (headerProblem) {
		const results = dataLines.map((l, i) => ({
			messageId: i + 1,
			type: 'Error',
			code: CODES.INVALID_HEADER,
			description: `The header row of the file is invalid (${headerProblem}). Use the Shipping Confirmation template column names (order-id, order-item-id, quantity, ship-date, carrier-code, carrier-name, tracking-number, ship-method).`,
			amazonOrderId: l.split('\t')[0],
		}));
		if (results.length === 0)
			results.push({
				messageId: 0,
				type: 'Error',
				code: CODES.INVALID_HEADER,
				description: `The header row of the file is invalid (${headerProblem}) and the file has no records.`,
			});
		return {
			status: 'DONE',
			format: 'flat',
			processed: dataLines.length,
			successful: 0,
			results,
			messages: dataLines.length,
		};
	}
	const rows = dataLines.map((l, i) => {
		const cells = l.split('\t');
		const row = { recordNumber: i + 1 };
		header.forEach((h, c) => (row[h] = (cells[c] || '').trim()));
		return row;
	});
	// A package = rows with the same order-id and tracking-number; checked row by row, applied once.
	const groups = new Map();
	const results = [];
	const rowErrors = new Map();
	for (const row of rows) {
		const errs = [];
		if (!ORDER_ID_RE.test(row['order-id']))
			errs.push({
				code: CODES.INVALID_FIELD,
				message: `The order-id '${row['order-id']}' is not a valid Amazon order ID (format 3-7-7 digits).`,
			});
		if (row['order-item-id'] && !/^\d{14}$/.test(row['order-item-id']))
			errs.push({
				code: CODES.INVALID_FIELD,
				message: `The order-item-id '${row['order-item-id']}' is not valid (14 digits expected).`,
			});
		if (row.quantity && !/^\d+$/.test(row.quantity))
			errs.push({
				code: CODES.INVALID_FIELD,
				message: `The quantity '${row.quantity}' is not a positive whole number.`,
			});
		else if (row.quantity && Number(row.quantity) < 1)
			errs.push({
				code: CODES.INVALID_FIELD,
				message: `The quantity '${row.quantity}' must be at least 1.`,
			});
		const shipDate = row['ship-date'] || '';
		if (!shipDate)
			errs.push({
				code: CODES.INVALID_FIELD,
				message: 'The ship-date field is required (yyyy-mm-dd).',
			});
		else if (!SHIP_DATE_RE.test(shipDate) && !DATE_TIME_RE.test(shipDate))
			errs.push({
				code: CODES.INVALID_FIELD,
				message: `The ship-date '${shipDate}' is not a valid date (yyyy-mm-dd).`,
			});
		for (const f of ['carrier-name', 'tracking-number', 'ship-method'])
			if ((row[f] || '').length > 50)
				errs.push({
					code: CODES.INVALID_FIELD,
					message: `The ${f} '${row[f]}' is longer than 50 characters.`,
				});
		if (errs.length) {
			rowErrors.set(row.recordNumber, errs);
			continue;
		}
		const key = `${row['order-id']}\t${(row['tracking-number'] || '').toUpperCase()}`;
		if (!groups.has(key)) groups.set(key, []);
		groups.get(key).push(row);
	}
	const okRows = new Set();
	const warnRows = new Map();
	for (const group of groups.values()) {
		const first = group[0];
		const outcome = ctx.applyShipmentRows(
			group.map((row) => ({
				recordNumber: row.recordNumber,
				shipment: {
					amazonOrderId: row['order-id'],
					carrierCode: row['carrier-code'] || undefined,
					carrierName: row['carrier-name'] || undefined,
					shippingMethod: row['ship-method'] || undefined,
					trackingNumber: row['tracking-number'] || undefined,
					shipDate: row['ship-date'],
					items: row['order-item-id']
						? [
								{
									orderItemId: row['order-item-id'],
									quantity: row.quantity ? Number(row.quantity) : undefined,
								},
							]
						: [],
				},
			})),
			{ messageId: first.recordNumber },
		);
		for (const r of outcome.rows) {
			if (r.errors.length) rowErrors.set(r.recordNumber, r.errors);
			else {
				okRows.add(r.recordNumber);
				if (r.warnings.length) warnRows.set(r.recordNumber, r.warnings);
			}
		}
	}
	for (const row of rows) {
		const errs = rowErrors.get(row.recordNumber);
		const warns = warnRows.get(row.recordNumber);
		for (const e of errs || [])
			results.push({
				messageId: row.recordNumber,
				type: 'Error',
				code: e.code,
				description: e.message,
				amazonOrderId: row['order-id'],
				orderItemId: row['order-item-id'] || e.orderItemId,
			});
		for (const w of warns || [])
			results.push({
				messageId: row.recordNumber,
				type: 'Warning',
				code: w.code,
				description: w.message,
				amazonOrderId: row['order-id'],
				orderItemId: row['order-item-id'],
			});
	}
	return {
		status: 'DONE',
		format: 'flat',
		processed: rows.length,
		successful: okRows.size,
		results,
		messages: rows.length,
	};
}

module.exports = { processXmlFeed, processFlatFeed, decodeDocument, FLAT_COLUMNS, FATAL_INVALID };
