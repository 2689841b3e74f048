const { buildFeedDocuments, DEFAULT_MAX_FEED_BYTES } = require('../../core/feed/batch');
const { parseXml, findAll, textContent } = require('../../core/report/xmlReader');

/** A validated fulfillment as batching receives it; `packages` packages of `items` items each. */
function prepared(key, marketplaceId, packages = 1, items = 1) {
	return {
		key,
		marketplaceId,
		amazonOrderId: `114-${String(key).padStart(7, '0')}-1234567`,
		shipments: Array.from({ length: packages }, (_, p) => ({
			packageId: `P${p + 1}`,
			carrierCode: 'UPS',
			trackingNumber: `1Z${key}X${p + 1}`,
			shipDate: '2026-01-05',
			items: Array.from({ length: items }, (_, i) => ({
				amazonOrderItemId: String(10000000000000 + i),
				quantity: 1,
			})),
		})),
	};
}

function idsIn(doc) {
	return findAll(parseXml(doc.document), 'MessageID').map(textContent).map(Number);
}

const base = { merchantIdentifier: 'A1EXAMPLESELLER' };

test('one document per marketplace, in first-seen order, MessageIDs 1..n in each', () => {
	const input = [
		prepared('1', 'US'),
		prepared('2', 'DE', 2),
		prepared('3', 'US', 3),
		prepared('4', 'DE'),
	];
	const docs = buildFeedDocuments(input, base);
	expect(docs.map((d) => d.marketplaceId)).toEqual(['US', 'DE']);
	expect(idsIn(docs[0])).toEqual([1, 2, 3, 4]);
	expect(idsIn(docs[1])).toEqual([1, 2, 3]);
	expect(docs[0].messages.map((m) => [m.messageId, m.fulfillmentKey, m.packageId])).toEqual([
		[1, '1', 'P1'],
		[2, '3', 'P1'],
		[3, '3', 'P2'],
		[4, '3', 'P3'],
	]);
	expect(docs[0].fulfillments.map((f) => [f.key, f.packages.map((p) => p.messageId)])).toEqual([
		['1', [1]],
		['3', [2, 3, 4]],
	]);
	expect(docs.every((d) => !d.exceedsLimit)).toBe(true);
	expect(DEFAULT_MAX_FEED_BYTES).toBe(10485760);
});

test('a small size limit splits documents between fulfillments, never inside one', () => {
	const input = Array.from({ length: 12 }, (_, i) => prepared(String(i + 1), 'US', 1 + (i % 3)));
	const single = buildFeedDocuments(input, base)[0];
	const maxBytes = Math.floor(single.byteLength / 4);
	const docs = buildFeedDocuments(input, { ...base, maxBytes });
	expect(docs.length).toBeGreaterThan(3);
	const seen = new Map();
	docs.forEach((doc, d) => {
		expect(doc.byteLength).toBe(Buffer.byteLength(doc.document, 'utf8'));
		expect(doc.byteLength).toBeLessThanOrEqual(maxBytes);
		const ids = idsIn(doc);
		expect(ids).toEqual(ids.map((_, i) => i + 1));
		for (const m of doc.messages) {
			expect(seen.get(m.fulfillmentKey) ?? d).toBe(d);
			seen.set(m.fulfillmentKey, d);
		}
	});
	// Every package of every fulfillment went out exactly once.
	const sent = docs.flatMap((d) => d.messages.map((m) => `${m.fulfillmentKey}/${m.packageId}`));
	expect(sent).toEqual(input.flatMap((f) => f.shipments.map((s) => `${f.key}/${s.packageId}`)));
});

test('a fulfillment larger than the limit goes alone and is flagged, not dropped', () => {
	const docs = buildFeedDocuments(
		[prepared('1', 'US'), prepared('2', 'US', 20, 5), prepared('3', 'US')],
		{ ...base, maxBytes: 2000 },
	);
	expect(docs.map((d) => d.fulfillments.map((f) => f.key))).toEqual([['1'], ['2'], ['3']]);
	expect(docs.map((d) => Boolean(d.exceedsLimit))).toEqual([false, true, false]);
});

test('the flat-file split counts UTF-8 bytes and numbers rows per document', () => {
	const input = Array.from({ length: 6 }, (_, i) => ({
		...prepared(String(i + 1), 'DE', 1, 2),
		shipments: prepared(String(i + 1), 'DE', 1, 2).shipments.map((s) => ({
			...s,
			carrierCode: 'Other',
			carrierName: 'Müller Spedition 配送',
		})),
	}));
	const one = buildFeedDocuments(input, { feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA' })[0];
	expect(one.byteLength).toBe(Buffer.byteLength(one.document, 'utf8'));
	expect(one.byteLength).toBeGreaterThan(one.document.length);
	const docs = buildFeedDocuments(input, {
		feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA',
		maxBytes: Math.ceil(one.byteLength / 2),
	});
	// Each document repeats the header row, so half the bytes hold fewer than half the fulfillments.
	expect(docs).toHaveLength(3);
	expect(docs.flatMap((d) => d.fulfillments.map((f) => f.key))).toEqual([
		'1',
		'2',
		'3',
		'4',
		'5',
		'6',
	]);
	for (const doc of docs) {
		const rows = doc.document.replace(/\n$/, '').split('\n');
		expect(rows[0].startsWith('order-id\t')).toBe(true);
		expect(doc.messages.map((m) => m.messageId)).toEqual(rows.slice(1).map((_, i) => i + 1));
		expect(doc.byteLength).toBeLessThanOrEqual(Math.ceil(one.byteLength / 2));
	}
});
