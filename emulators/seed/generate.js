#!/usr/bin/env node
'use strict';

const { mulberry32 } = require('../common/prng');

/*
 * Deterministic seed generator for volume tests: N item fulfillments, each with its sales order and
 * the matching Amazon order. Record i depends only on (i, startId, marketplaceId), so the same
 * arguments always give the same seed and a bigger seed extends a smaller one (timestamps aside).
 *
 *   node emulators/seed/generate.js --count 1000 [--start-id 100000] [--marketplace ATVPDKIKX0DER]
 *        [--now 2026-11-20T12:00:00Z] > seed.json
 *
 * Mix: 1-4 lines (qty 1-3), 0-3 packages (some with known contents via packageTracking), mostly
 * mapped ship methods (UPS/FedEx/USPS) and a few unmapped ones (Acme Freight, Local Courier).
 * Every fulfillment is shipped (C), not yet sent, and never ships more than is left on Amazon.
 */

const DEFAULTS = { count: 1000, startId: 100000, marketplaceId: 'ATVPDKIKX0DER', now: '2026-11-20T12:00:00Z' };

const ORDER_PREFIX = { ATVPDKIKX0DER: '114', A2EUQ1WTGCTBG2: '702', A1AM78C64UM0Y8: '701', A1F83G8C2ARO7P: '203' };

const SKU_COUNT = 40;
const SKUS = Array.from({ length: SKU_COUNT }, (_, k) => ({
	id: String(2001 + k),
	itemid: `SKU-${String(k + 1).padStart(3, '0')}`,
	displayname: `Generated product ${k + 1}`,
	itemtype: 'InvtPart',
	asin: `B0${String(2001 + k).padStart(8, '0')}`,
}));

// [id, name, weight (share of fulfillments), tracking format]
const SHIP_METHODS = [
	['9001', 'UPS Ground', 30, 'ups'],
	['9002', 'FedEx Home Delivery', 20, 'fedex'],
	['9003', 'USPS Priority Mail', 20, 'usps'],
	['9005', 'UPS 2nd Day Air', 10, 'ups'],
	['9006', 'FedEx Ground', 13, 'fedex'],
	['9004', 'Acme Freight', 5, 'acme'], // no Amazon carrier code
	['9007', 'Local Courier', 2, 'acme'], // no Amazon carrier code
];
const SHIP_WEIGHT_TOTAL = SHIP_METHODS.reduce((a, m) => a + m[2], 0);

function hash32(text) {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}


const pad = (n, w) => String(n).padStart(w, '0');
const ALNUM = 'ABCDEFGHJKLMNPRSTUVWXY0123456789';

function digits(rand, n) {
	let s = '';
	for (let k = 0; k < n; k++) s += Math.floor(rand() * 10);
	return s;
}

function trackingNumber(rand, format) {
	switch (format) {
		case 'ups': {
			let acct = '';
			for (let k = 0; k < 6; k++) acct += ALNUM[Math.floor(rand() * ALNUM.length)];
			return `1Z${acct}${digits(rand, 10)}`;
		}
		case 'fedex':
			return digits(rand, 12);
		case 'usps':
			return `9400${digits(rand, 18)}`;
		default:
			return `ACME-${digits(rand, 8)}`;
	}
}

function pick(rand, weights) {
	let r = rand() * weights.reduce((a, b) => a + b, 0);
	for (let k = 0; k < weights.length; k++) {
		r -= weights[k];
		if (r < 0) return k;
	}
	return weights.length - 1;
}

function normalize(args = {}) {
	const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) };
	o.count = Number(o.count);
	o.startId = Number(o.startId);
	if (!Number.isInteger(o.count) || o.count < 0) throw new Error(`count must be a non-negative integer, got ${args.count}`);
	if (!Number.isInteger(o.startId) || o.startId < 1) throw new Error(`startId must be a positive integer, got ${args.startId}`);
	if (o.startId + 2 * o.count > 9e8) throw new Error('startId + 2 × count must stay below 900,000,000');
	o.nowMs = Date.parse(o.now);
	if (!Number.isFinite(o.nowMs)) throw new Error(`now must be an ISO date-time, got ${o.now}`);
	// Spread lastModified over the 30 days before `now`, oldest first, at least 1 s apart.
	o.stepMs = Math.max(1000, Math.floor((30 * 86400000) / Math.max(1, o.count)));
	return o;
}

/** The three records of fulfillment i (0-based). */
function fulfillmentAt(i, o) {
	const rand = mulberry32(hash32(`${o.startId}|${i}|${o.marketplaceId}`));
	const n = o.startId + i;
	const soId = String(o.startId + 2 * i);
	const ifId = String(o.startId + 2 * i + 1);
	const prefix = ORDER_PREFIX[o.marketplaceId] || '114';
	const amazonOrderId = `${prefix}-${pad(n % 1e7, 7)}-${digits(rand, 7)}`;

	const lineCount = 1 + pick(rand, [55, 25, 12, 8]);
	const skuStart = Math.floor(rand() * SKU_COUNT);
	const lines = [];
	for (let k = 0; k < lineCount; k++) {
		const sku = SKUS[(skuStart + k * 7) % SKU_COUNT]; // distinct SKUs per order
		const ordered = 1 + Math.floor(rand() * 3);
		// One order in ten is shipped short on its first line (partial fulfillment).
		const shipped = k === 0 && ordered > 1 && rand() < 0.1 ? ordered - 1 : ordered;
		lines.push({ sku, ordered, shipped, orderItemId: String(1e13 + n * 10 + k + 1) });
	}

	const m = SHIP_METHODS[pick(rand, SHIP_METHODS.map((s) => s[2]))];
	let packageCount = pick(rand, [12, 63, 17, 8]);
	const knownContents = packageCount >= 2 && rand() < 0.5;
	if (knownContents) packageCount = Math.min(packageCount, lineCount);
	const packages = [];
	for (let k = 0; k < packageCount; k++) {
		packages.push({ trackingNumber: trackingNumber(rand, m[3]), weight: Math.round((0.2 + rand() * 9.8) * 10) / 10 });
	}

	const lastModifiedMs = o.nowMs - (o.count - i) * o.stepMs;
	const lastModified = new Date(lastModifiedMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const trandate = lastModified.slice(0, 10);
	const orderDate = new Date(lastModifiedMs - 2 * 86400000).toISOString();

	const amazonOrder = {
		amazonOrderId,
		marketplaceId: o.marketplaceId,
		orderStatus: 'Unshipped',
		purchaseDate: orderDate.replace(/\.\d{3}Z$/, 'Z'),
		latestShipDate: new Date(lastModifiedMs + 2 * 86400000).toISOString().slice(0, 10) + 'T07:59:59Z',
		fulfillmentChannel: 'MFN',
		items: lines.map((l) => ({
			orderItemId: l.orderItemId,
			sellerSku: l.sku.itemid,
			asin: l.sku.asin,
			quantityOrdered: l.ordered,
			quantityShipped: 0,
		})),
	};
	const salesOrder = {
		id: soId,
		tranid: `SO${soId}`,
		trandate: orderDate.slice(0, 10),
		status: lines.some((l) => l.shipped < l.ordered) ? 'E' : 'F',
		amazonOrderId,
		amazonOrderStatus: '1',
		...(o.marketplaceId !== DEFAULTS.marketplaceId ? { marketplaceId: o.marketplaceId } : {}),
		lines: lines.map((l, k) => ({
			line: String(k + 1),
			item: l.sku.id,
			quantity: l.ordered,
			amazonOrderItemId: l.orderItemId,
		})),
	};
	const itemFulfillment = {
		id: ifId,
		tranid: `IF${ifId}`,
		createdFrom: soId,
		trandate,
		status: 'C',
		shipMethod: m[0],
		lastModified,
		sentToAmazon: false,
		lines: lines.map((l, k) => ({
			line: String(k + 1),
			item: l.sku.id,
			quantity: l.shipped,
			orderLine: String(k + 1),
			amazonOrderItemId: l.orderItemId,
			...(knownContents ? { packageTracking: packages[k % packages.length].trackingNumber } : {}),
		})),
		packages,
	};
	return { amazonOrder, salesOrder, itemFulfillment };
}

function catalog() {
	return {
		items: [
			...SKUS.map(({ id, itemid, displayname, itemtype }) => ({ id, itemid, displayname, itemtype })),
			...SHIP_METHODS.map(([id, itemid]) => ({ id, itemid, itemtype: 'ShipItem' })),
		],
		orderStatusList: [
			{ id: '1', name: 'Pending' },
			{ id: '2', name: 'Fulfillment Processed' },
			{ id: '3', name: 'Partially Fulfilled' },
			{ id: '4', name: 'Error' },
		],
		savedSearches: [
			{ id: '1701', scriptId: 'customsearch_amz_if_to_send', title: 'Amazon fulfillments to send', recordType: 'itemfulfillment', criteria: { status: ['C'], sentToAmazon: false } },
			{ id: '1702', scriptId: 'customsearch_amz_if_all', title: 'Amazon item fulfillments (all)', recordType: 'itemfulfillment', criteria: {} },
		],
	};
}

/** Yields { amazonOrder, salesOrder, itemFulfillment } for i = 0..count-1. */
function* iterateFulfillments(args) {
	const o = normalize(args);
	for (let i = 0; i < o.count; i++) yield fulfillmentAt(i, o);
}

/** The whole seed as one object (fine up to a few hundred thousand fulfillments). */
function generateSeed(args = {}) {
	const o = normalize(args);
	const amazonOrders = new Array(o.count);
	const salesOrders = new Array(o.count);
	const itemFulfillments = new Array(o.count);
	for (let i = 0; i < o.count; i++) {
		const r = fulfillmentAt(i, o);
		amazonOrders[i] = r.amazonOrder;
		salesOrders[i] = r.salesOrder;
		itemFulfillments[i] = r.itemFulfillment;
	}
	const { items, orderStatusList, savedSearches } = catalog();
	return {
		now: o.now,
		marketplaceId: o.marketplaceId,
		amazonOrders,
		netsuite: { items, orderStatusList, salesOrders, itemFulfillments, savedSearches },
	};
}

/**
 * Writes the same JSON as JSON.stringify(generateSeed(args)) to a writable stream, a chunk at a
 * time, without holding the seed in memory (three deterministic passes over the records).
 */
async function writeSeed(out, args = {}) {
	const o = normalize(args);
	let buffer = '';
	const flush = async (force) => {
		if (!force && buffer.length < 1 << 20) return;
		const chunk = buffer;
		buffer = '';
		if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
	};
	const section = async (open, key) => {
		buffer += open;
		for (let i = 0; i < o.count; i++) {
			buffer += (i ? ',' : '') + JSON.stringify(fulfillmentAt(i, o)[key]);
			await flush(false);
		}
		buffer += ']';
	};
	const { items, orderStatusList, savedSearches } = catalog();
	buffer += `{"now":${JSON.stringify(o.now)},"marketplaceId":${JSON.stringify(o.marketplaceId)},`;
	await section('"amazonOrders":[', 'amazonOrder');
	buffer += `,"netsuite":{"items":${JSON.stringify(items)},"orderStatusList":${JSON.stringify(orderStatusList)},`;
	await section('"salesOrders":[', 'salesOrder');
	await section(',"itemFulfillments":[', 'itemFulfillment');
	buffer += `,"savedSearches":${JSON.stringify(savedSearches)}}}\n`;
	await flush(true);
}

function parseArgs(argv) {
	const args = {};
	const names = { '--count': 'count', '--start-id': 'startId', '--startId': 'startId', '--marketplace': 'marketplaceId', '--marketplaceId': 'marketplaceId', '--now': 'now' };
	for (let k = 0; k < argv.length; k++) {
		const [flag, inline] = argv[k].split('=');
		const name = names[flag];
		if (!name) throw new Error(`unknown option ${flag} (use --count, --start-id, --marketplace, --now)`);
		args[name] = inline ?? argv[++k];
	}
	return args;
}

if (require.main === module) {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`${err.message}\n`);
		process.exit(2);
	}
	writeSeed(process.stdout, args).catch((err) => {
		process.stderr.write(`${err.message}\n`);
		process.exit(1);
	});
}

module.exports = { generateSeed, writeSeed, iterateFulfillments, fulfillmentAt, SHIP_METHODS, DEFAULTS };
