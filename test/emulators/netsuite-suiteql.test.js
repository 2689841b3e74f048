'use strict';

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const { generateSeed } = require('../../emulators/seed/generate');
const seed = require('../../emulators/seed/default-seed.json');
const { suiteql } = require('./netsuite-helpers');

let emu;
let url;
beforeAll(async () => {
	emu = createNetSuiteEmulator();
	({ url } = await emu.listen());
});
afterAll(() => emu.close());

const detail = (res) => res.json['o:errorDetails'][0];

describe('SuiteQL envelope and values', () => {
	test('keys are lower-cased, values are strings, NULL columns are omitted', async () => {
		const res = await suiteql(
			url,
			`SELECT f.ID AS IfId, f.TranId, tl.quantity, f.custbody_amz_feed_id, tl.createdfrom
			 FROM transaction f JOIN transactionline tl ON tl.transaction = f.id AND tl.mainline = 'F' AND tl.accountinglinetype = 'COGS'
			 WHERE f.id = 1201`,
		);
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ count: 1, hasMore: false, offset: 0, totalResults: 1 });
		const [item] = res.json.items;
		expect(item).toEqual({ links: [], ifid: '1201', tranid: 'IF1201', quantity: '-2', createdfrom: '501' });
		expect(item).not.toHaveProperty('custbody_amz_feed_id');
	});

	test('pages with limit/offset, hasMore and links', async () => {
		const q = "SELECT id FROM transaction WHERE type = 'ItemShip' ORDER BY id";
		const total = seed.netsuite.itemFulfillments.length;
		const ids = [];
		let offset = 0;
		let pages = 0;
		for (;;) {
			const res = await suiteql(url, q, { limit: 5, offset });
			expect(res.status).toBe(200);
			expect(res.json.totalResults).toBe(total);
			ids.push(...res.json.items.map((i) => i.id));
			pages += 1;
			const next = res.json.links.find((l) => l.rel === 'next');
			expect(Boolean(next)).toBe(res.json.hasMore);
			if (!res.json.hasMore) break;
			expect(next.href).toBe(`${url}/services/rest/query/v1/suiteql?limit=5&offset=${offset + 5}`);
			offset += 5;
		}
		expect(pages).toBe(Math.ceil(total / 5));
		expect(ids).toEqual(seed.netsuite.itemFulfillments.map((f) => f.id).sort());
	});

	test('limit above 1000 and an offset that is not a multiple of the limit are 400', async () => {
		const big = await suiteql(url, 'SELECT id FROM transaction', { limit: 1001 });
		expect(big.status).toBe(400);
		expect(detail(big)['o:errorQueryParam']).toBe('limit');
		const odd = await suiteql(url, 'SELECT id FROM transaction', { limit: 10, offset: 15 });
		expect(odd.status).toBe(400);
		expect(detail(odd)['o:errorQueryParam']).toBe('offset');
	});

	test('the 100,000-row cap: offset + limit beyond it is 400', async () => {
		const last = await suiteql(url, 'SELECT id FROM transaction', { limit: 1000, offset: 99000 });
		expect(last.status).toBe(200);
		const beyond = await suiteql(url, 'SELECT id FROM transaction', { limit: 1000, offset: 100000 });
		expect(beyond.status).toBe(400);
		expect(detail(beyond).detail).toMatch(/100000/);
	});

	test('unknown columns and tables answer 400 naming the field and record', async () => {
		const col = await suiteql(url, 'SELECT f.shipstatus FROM transaction f');
		expect(col.status).toBe(400);
		expect(detail(col).detail).toMatch(/Field 'shipstatus' for record 'transaction' was not found/);
		const table = await suiteql(url, 'SELECT id FROM itemfulfillment');
		expect(table.status).toBe(400);
		expect(detail(table).detail).toMatch(/Record 'itemfulfillment' was not found/);
	});

	test('bare date columns come back in the user date format; TO_CHAR gives ISO', async () => {
		const res = await suiteql(
			url,
			`SELECT trandate, TO_CHAR(trandate, 'YYYY-MM-DD') AS d, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD"T"HH24:MI:SS') AS lm
			 FROM transaction WHERE id = 1203`,
		);
		expect(res.json.items[0]).toMatchObject({ trandate: '11/20/2026', d: '2026-11-20', lm: '2026-11-20T09:30:00' });
	});
});

describe('SuiteQL functions', () => {
	test('BUILTIN.DF gives display values', async () => {
		const res = await suiteql(
			url,
			`SELECT BUILTIN.DF(f.status) AS st, BUILTIN.DF(f.shipmethod) AS sm, BUILTIN.DF(tl.item) AS item,
			        BUILTIN.DF(tl.createdfrom) AS so, BUILTIN.DF(so.custbody_amz_order_status) AS amz
			 FROM transaction f
			 JOIN transactionline tl ON tl.transaction = f.id AND tl.mainline = 'F' AND tl.accountinglinetype = 'COGS'
			 JOIN transaction so ON so.id = tl.createdfrom
			 WHERE f.id = 1202`,
		);
		expect(res.json.items).toEqual([
			{ links: [], st: 'Item Fulfillment : Shipped', sm: 'FedEx Home Delivery', item: 'WIDGET-1', so: 'Sales Order #SO502', amz: 'Pending' },
		]);
	});

	test('NVL, NVL2, TO_DATE/TO_TIMESTAMP filters and FETCH FIRST', async () => {
		const res = await suiteql(
			url,
			`SELECT id, NVL(custbody_amz_feed_id, 'none') AS feed, NVL2(custbody_amz_feed_id, 'sent', 'new') AS state
			 FROM transaction
			 WHERE type = 'ItemShip' AND trandate >= TO_DATE('2026-11-19', 'YYYY-MM-DD')
			   AND lastmodifieddate < TO_TIMESTAMP('2026-11-19 16:30:00', 'YYYY-MM-DD HH24:MI:SS')
			 ORDER BY id FETCH FIRST 3 ROWS ONLY`,
		);
		expect(res.status).toBe(200);
		expect(res.json.items.map((i) => [i.id, i.feed, i.state])).toEqual([
			['1201', 'none', 'new'],
			['1202', 'none', 'new'],
			['1204', 'none', 'new'],
		]);
		const sent = await suiteql(url, "SELECT NVL2(custbody_amz_feed_id, 'sent', 'new') AS s FROM transaction WHERE id = 1210");
		expect(sent.json.items[0].s).toBe('sent');
	});

	test('the queries a trigger runs: headers, de-duplicated lines, tracking numbers', async () => {
		const headers = await suiteql(
			url,
			`SELECT f.id AS if_id, so.id AS so_id, so.custbody_celigo_etail_order_id AS amazon_order_id
			 FROM transaction f
			 JOIN transactionline h ON h.transaction = f.id AND h.mainline = 'T'
			 JOIN transaction so ON so.id = h.createdfrom AND so.type = 'SalesOrd'
			 WHERE f.type = 'ItemShip' AND f.status = 'C' AND NVL(f.custbody_amz_ship_confirmed, 'F') = 'F'
			 ORDER BY f.id`,
		);
		const expected = seed.netsuite.itemFulfillments.filter((f) => f.status === 'C' && !f.sentToAmazon);
		expect(headers.json.items.map((i) => i.if_id)).toEqual(expected.map((f) => f.id));
		expect(headers.json.items.find((i) => i.if_id === '1208').amazon_order_id).toBe('114-9999999-9999999');

		const lines = await suiteql(
			url,
			`SELECT tl.transaction AS if_id, tl.linesequencenumber AS line, ABS(tl.quantity) AS qty,
			        tl.custcol_celigo_etail_order_line_id AS amazon_item, tl.custcol_amz_package_tracking AS pkg
			 FROM transactionline tl
			 WHERE tl.transaction IN (1204, 1213) AND tl.mainline = 'F' AND tl.taxline = 'F'
			   AND (tl.accountinglinetype IS NULL OR tl.accountinglinetype = 'COGS')
			 ORDER BY tl.transaction, tl.linesequencenumber`,
		);
		expect(lines.json.items).toEqual([
			{ links: [], if_id: '1204', line: '1', qty: '1', amazon_item: '35030000000001', pkg: '1Z999AA10123456791' },
			{ links: [], if_id: '1204', line: '2', qty: '2', amazon_item: '35030000000002', pkg: '1Z999AA10123456802' },
			{ links: [], if_id: '1204', line: '3', qty: '1', amazon_item: '35030000000003', pkg: '1Z999AA10123456802' },
			{ links: [], if_id: '1213', line: '1', qty: '1', amazon_item: '35120000000001' },
			{ links: [], if_id: '1213', line: '2', qty: '1' },
		]);

		// Without the accounting-line filter every inventory line is counted twice, like NetSuite.
		const naive = await suiteql(url, "SELECT COUNT(*) AS n FROM transactionline WHERE transaction = 1204 AND mainline = 'F'");
		expect(naive.json.items[0].n).toBe('6');

		const tracking = await suiteql(
			url,
			`SELECT m.transaction AS if_id, tn.trackingnumber FROM trackingnumbermap m
			 JOIN trackingnumber tn ON tn.id = m.trackingnumber WHERE m.transaction IN (1205, 1206) ORDER BY tn.id`,
		);
		expect(tracking.json.items.map((i) => i.trackingnumber)).toEqual(['9400111899223197428490', '9400111899223197428506']);
	});

	test('a PATCH is visible to the next query (lastmodifieddate moves too)', async () => {
		const before = await suiteql(url, "SELECT TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS lm FROM transaction WHERE id = 1201");
		const { call } = require('./netsuite-helpers');
		const patch = await call('PATCH', `${url}/services/rest/record/v1/itemFulfillment/1201`, {
			body: { custbody_amz_ship_confirmed: true, custbody_amz_feed_id: '50001' },
		});
		expect(patch.status).toBe(204);
		const after = await suiteql(url, 'SELECT custbody_amz_ship_confirmed AS c, custbody_amz_feed_id AS f, TO_CHAR(lastmodifieddate, \'YYYY-MM-DD HH24:MI:SS\') AS lm FROM transaction WHERE id = 1201');
		expect(after.json.items[0]).toMatchObject({ c: 'T', f: '50001' });
		expect(after.json.items[0].lm > before.json.items[0].lm).toBe(true);
		emu.reset();
	});
});

describe('SuiteQL at volume', () => {
	test('50,000 generated fulfillments load and page quickly', async () => {
		const big = createNetSuiteEmulator({ seed: generateSeed({ count: 50000 }) });
		const { url: bigUrl } = await big.listen();
		try {
			const q = `SELECT f.id, so.custbody_celigo_etail_order_id AS oid FROM transaction f
				JOIN transactionline h ON h.transaction = f.id AND h.mainline = 'T'
				JOIN transaction so ON so.id = h.createdfrom
				WHERE f.type = 'ItemShip' AND f.status = 'C' ORDER BY f.id`;
			const first = await suiteql(bigUrl, q, { limit: 1000, offset: 0 });
			expect(first.json.totalResults).toBe(50000);
			const later = await suiteql(bigUrl, q, { limit: 1000, offset: 49000 });
			expect(later.json.count).toBe(1000);
			expect(later.json.hasMore).toBe(false);
			expect(later.json.items.at(-1).id).toBe(String(100000 + 2 * 49999 + 1));
		} finally {
			await big.close();
		}
	});
});
