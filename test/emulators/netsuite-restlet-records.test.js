'use strict';

const { createNetSuiteEmulator } = require('../../emulators/netsuite');
const seed = require('../../emulators/seed/default-seed.json');
const { call, suiteql, restlet, withQuery } = require('./netsuite-helpers');

let emu;
let url;
beforeAll(async () => {
	emu = createNetSuiteEmulator();
	({ url } = await emu.listen());
});
afterAll(() => emu.close());
afterEach(() => {
	emu.reset();
	emu.setFaults({});
});

const recordUrl = (type, id, params) => withQuery(url, `/services/rest/record/v1/${type}/${id}`, params);

describe('saved-search RESTlet', () => {
	test('list returns the seeded searches and filters on q', async () => {
		const all = await restlet(url, { action: 'list' });
		expect(all.status).toBe(200);
		expect(all.json.searches.map((s) => s.scriptId)).toEqual(seed.netsuite.savedSearches.map((s) => s.scriptId));
		const some = await restlet(url, { action: 'list', q: 'to send' });
		expect(some.json.searches).toEqual([
			{ id: '1701', scriptId: 'customsearch_amz_if_to_send', title: 'Amazon fulfillments to send', recordType: 'itemfulfillment' },
		]);
	});

	test('run pages one row per fulfillment line, sorted by id then line, only shipped and unsent', async () => {
		const expected = seed.netsuite.itemFulfillments
			.filter((f) => f.status === 'C' && !f.sentToAmazon)
			.flatMap((f) => f.lines.map((l) => `${f.id}/${l.line}`));
		const rows = [];
		let page = 0;
		let first;
		for (;;) {
			const res = await restlet(url, { action: 'run', searchId: 'customsearch_amz_if_to_send', page, pageSize: 5 });
			expect(res.status).toBe(200);
			first = first || res.json;
			rows.push(...res.json.rows);
			page += 1;
			if (page >= res.json.pageCount) break;
		}
		expect(first.count).toBe(expected.length);
		expect(first.pageCount).toBe(Math.ceil(expected.length / 5));
		expect(rows.map((r) => `${r.id}/${r.values.line.value}`)).toEqual(expected);
		const r1204 = rows.filter((r) => r.id === '1204');
		expect(r1204[1].values).toMatchObject({
			trandate: { value: '11/19/2026' },
			shipmethod: { value: '9001', text: 'UPS Ground' },
			createdfrom: { value: '503', text: 'Sales Order #SO503' },
			'createdFrom.tranid': { value: 'SO503' },
			item: { value: '103', text: 'GIZMO-3' },
			quantity: { value: '2' },
			custcol_amz_package_tracking: { value: '1Z999AA10123456802' },
			trackingnumbers: { value: '1Z999AA10123456791<BR>1Z999AA10123456802' },
		});
		expect(first.columns.map((c) => c.key)).toContain('createdFrom.tranid');
	});

	test('the search by internal id equals the search by script id; errors use the RESTlet shape', async () => {
		const a = await restlet(url, { action: 'run', searchId: '1701', pageSize: 50 });
		const b = await restlet(url, { action: 'run', searchId: 'customsearch_amz_if_to_send', pageSize: 50 });
		expect(a.json.rows).toEqual(b.json.rows);
		const post = await call('POST', withQuery(url, '/app/site/hosting/restlet.nl', { script: 'customscript_amz_saved_search', deploy: 'customdeploy_amz_saved_search' }), {
			body: { action: 'run', searchId: '1701', pageSize: 50 },
		});
		expect(post.json.rows).toEqual(a.json.rows);
		const unknown = await restlet(url, { action: 'run', searchId: 'customsearch_amz_nope' });
		expect(unknown.status).toBe(400);
		expect(unknown.json.error.code).toBe('SAVED_SEARCH_NOT_FOUND'); // the shipped script's own error
		const outside = await restlet(url, { action: 'run', searchId: 'customsearch_nope' });
		expect(outside.json.error.code).toBe('SEARCH_NOT_ALLOWED');
		const badScript = await restlet(url, { action: 'list', script: 'customscript_other' });
		expect(badScript.status).toBe(400);
		expect(badScript.json.error.code).toBe('SSS_INVALID_SCRIPTLET_ID');
	});

	test('a fulfillment marked sent leaves the search', async () => {
		await call('PATCH', recordUrl('itemFulfillment', 1201), { body: { custbody_amz_ship_confirmed: true } });
		const res = await restlet(url, { action: 'run', searchId: '1701', pageSize: 1000 });
		expect(res.json.rows.map((r) => r.id)).not.toContain('1201');
	});
});

describe('records', () => {
	test('GET itemFulfillment with expanded sublists (type is case-insensitive)', async () => {
		const res = await call('GET', recordUrl('itemfulfillment', 1204, { expandSubResources: 'true' }));
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({
			id: '1204',
			tranId: 'IF1204',
			createdFrom: { id: '503', refName: 'Sales Order #SO503' },
			shipStatus: { id: 'C', refName: 'Shipped' },
			shipMethod: { id: '9001', refName: 'UPS Ground' },
			custbody_amz_ship_confirmed: false,
			custbody_celigo_etail_order_id: '114-1000503-2000503',
		});
		expect(res.json.item.items.map((i) => [i.line, i.quantity, i.custcol_amz_package_tracking])).toEqual([
			[1, 1, '1Z999AA10123456791'],
			[2, 2, '1Z999AA10123456802'],
			[3, 1, '1Z999AA10123456802'],
		]);
		expect(res.json.package.items.map((p) => p.packageTrackingNumber)).toEqual(['1Z999AA10123456791', '1Z999AA10123456802']);
		const lean = await call('GET', recordUrl('itemFulfillment', 1204));
		expect(lean.json.item).toEqual({ links: [{ rel: 'self', href: `${url}/services/rest/record/v1/itemFulfillment/1204/item` }] });
	});

	test('PATCH: 204 + Location, list field by id, ignored field reported, state visible in GET and inspect', async () => {
		const res = await call('PATCH', recordUrl('salesOrder', 502), {
			body: { custbody_amz_order_status: { id: '3' }, custbody_amz_feed_id: '50001', custbody_not_here: 'x' },
		});
		expect(res.status).toBe(204);
		expect(res.text).toBe('');
		expect(res.headers.get('location')).toBe(`${url}/services/rest/record/v1/salesOrder/502`);
		expect(res.headers.get('x-netsuite-propertyvalidation')).toMatch(/custbody_not_here is ignored/);
		const got = await call('GET', recordUrl('salesOrder', 502));
		expect(got.json.custbody_amz_order_status).toMatchObject({ id: '3', refName: 'Partially Fulfilled' });
		expect(emu.inspect().salesOrders['502']).toMatchObject({ amazonOrderStatus: 'Partially Fulfilled', feedId: '50001' });
		const byName = await call('PATCH', recordUrl('salesOrder', 502), { body: { custbody_amz_order_status: { refName: 'Fulfillment Processed' } } });
		expect(byName.status).toBe(204);
		expect(emu.inspect().salesOrders['502'].amazonOrderStatus).toBe('Fulfillment Processed');
	});

	test('PATCH errors: read-only field, unknown list key, wrong checkbox type, unknown id', async () => {
		const ro = await call('PATCH', recordUrl('itemFulfillment', 1201), { body: { tranId: 'X' } });
		expect(ro.status).toBe(400);
		expect(ro.json['o:errorDetails'][0]['o:errorPath']).toBe('tranId');
		const key = await call('PATCH', recordUrl('salesOrder', 501), { body: { custbody_amz_order_status: { id: '9' } } });
		expect(key.status).toBe(400);
		expect(key.json['o:errorDetails'][0]).toMatchObject({ 'o:errorCode': 'INVALID_KEY_OR_REF', 'o:errorPath': 'custbody_amz_order_status' });
		const box = await call('PATCH', recordUrl('itemFulfillment', 1201), { body: { custbody_amz_ship_confirmed: 'T' } });
		expect(box.status).toBe(400);
		const missing = await call('PATCH', recordUrl('itemFulfillment', 999999), { body: { custbody_amz_feed_id: '1' } });
		expect(missing.status).toBe(404);
		expect(missing.json['o:errorDetails'][0]['o:errorCode']).toBe('NONEXISTENT_ID');
		// Nothing was half-applied by the rejected requests.
		expect(emu.inspect().itemFulfillments['1201']).toMatchObject({ sentToAmazon: false, feedId: null });
	});

	test('test helpers change fulfillments (tracking) and add new ones', async () => {
		emu.updateFulfillment('1206', { packages: [{ trackingNumber: '1Z999AA10123456999' }] });
		expect(emu.inspect().itemFulfillments['1206'].trackingNumbers).toEqual(['1Z999AA10123456999']);
		emu.addFulfillment({ id: '1299', createdFrom: '505', trandate: '2026-11-20', status: 'C', shipMethod: '9001', lines: [{ line: '1', item: '103', quantity: 1, orderLine: '1' }], packages: [] });
		const res = await suiteql(url, "SELECT tl.custcol_celigo_etail_order_line_id AS a FROM transactionline tl WHERE tl.transaction = 1299 AND tl.mainline = 'F' AND tl.accountinglinetype = 'COGS'");
		expect(res.json.items).toEqual([{ links: [], a: '35050000000001' }]); // sourced from the sales order line
	});
});

describe('concurrency limit', () => {
	test('requests beyond the limit get 429 on REST and 400 SSS_REQUEST_LIMIT_EXCEEDED on RESTlets', async () => {
		const release = emu.occupy(5);
		try {
			const rest = await suiteql(url, 'SELECT id FROM transaction');
			expect(rest.status).toBe(429);
			expect(rest.json['o:errorDetails'][0]['o:errorCode']).toBe('CONCURRENCY_LIMIT_EXCEEDED');
			const rl = await restlet(url, { action: 'list' });
			expect(rl.status).toBe(400);
			expect(rl.json.error.code).toBe('SSS_REQUEST_LIMIT_EXCEEDED');
		} finally {
			release();
		}
		expect((await suiteql(url, 'SELECT id FROM transaction')).status).toBe(200);
	});

	test('parallel requests over the limit: some rejected, peak never above the limit', async () => {
		const slow = createNetSuiteEmulator({ concurrencyLimit: 2, latencyMs: { suiteql: 150 } });
		const { url: slowUrl } = await slow.listen();
		try {
			const results = await Promise.all(Array.from({ length: 5 }, () => suiteql(slowUrl, 'SELECT id FROM transaction')));
			const statuses = results.map((r) => r.status).sort();
			expect(statuses).toEqual([200, 200, 429, 429, 429]);
			expect(slow.stats().peakConcurrency).toBe(2);
		} finally {
			await slow.close();
		}
	});
});

describe('faults', () => {
	const counts = async (n, fn) => {
		const out = {};
		for (let i = 0; i < n; i++) {
			const s = await fn().then((r) => r.status, () => 'network');
			out[s] = (out[s] || 0) + 1;
		}
		return out;
	};

	test('rates are drawn from a seeded PRNG: the same seed gives the same sequence', async () => {
		const run = async () => {
			const e = createNetSuiteEmulator({ faults: { suiteql: { rate500: 0.3, rate503: 0.2 } }, faultSeed: 7 });
			const { url: u } = await e.listen();
			const seq = [];
			for (let i = 0; i < 20; i++) seq.push((await suiteql(u, 'SELECT id FROM transaction')).status);
			await e.close();
			return { seq, stats: e.stats() };
		};
		const a = await run();
		const b = await run();
		expect(a.seq).toEqual(b.seq);
		expect(a.seq).toContain(500);
		expect(a.seq).toContain(503);
		expect(a.seq).toContain(200);
		expect(a.stats.faultsInjected.suiteql).toBe(a.seq.filter((s) => s !== 200).length);
	});

	test('rate429 on a RESTlet looks like overload (400 SSS_REQUEST_LIMIT_EXCEEDED); on REST it is 429', async () => {
		emu.setFaults({ '*': { rate429: 1 } });
		expect((await restlet(url, { action: 'list' })).json.error.code).toBe('SSS_REQUEST_LIMIT_EXCEEDED');
		expect((await suiteql(url, 'SELECT id FROM transaction')).status).toBe(429);
	});

	test('an injected error never half-applies a PATCH; rateDropAfter applies then drops', async () => {
		emu.setFaults({ recordPatch: { rate500: 1 } });
		const failed = await call('PATCH', recordUrl('itemFulfillment', 1202), { body: { custbody_amz_feed_id: 'F1' } });
		expect(failed.status).toBe(500);
		expect(emu.inspect().itemFulfillments['1202'].feedId).toBeNull();
		emu.setFaults({ recordPatch: { rateDropAfter: 1 } });
		await expect(call('PATCH', recordUrl('itemFulfillment', 1202), { body: { custbody_amz_feed_id: 'F2' } })).rejects.toThrow();
		expect(emu.inspect().itemFulfillments['1202'].feedId).toBe('F2');
	});

	test('rateDrop destroys the socket; rateTimeout never answers; latencyMs delays', async () => {
		emu.setFaults({ suiteql: { rateDrop: 1 } });
		await expect(suiteql(url, 'SELECT id FROM transaction')).rejects.toThrow();
		emu.setFaults({ suiteql: { rateTimeout: 1 } });
		const controller = new AbortController();
		const pending = fetch(`${url}/services/rest/query/v1/suiteql`, { method: 'POST', signal: controller.signal, body: '{}' });
		const outcome = await Promise.race([pending.then(() => 'answered', () => 'aborted'), new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
		expect(outcome).toBe('still waiting');
		controller.abort();
		emu.setFaults({ suiteql: { latencyMs: 200 } });
		const started = Date.now();
		expect((await suiteql(url, 'SELECT id FROM transaction')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		expect(emu.stats().faultsInjected.suiteql).toBe(2);
	});
});
