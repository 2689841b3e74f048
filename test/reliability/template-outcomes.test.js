'use strict';
/**
 * The template records every fulfillment's outcome in the execution that sent it (issue 15: "one
 * failing write stops the outcomes of the others"). NetSuite refuses the write for one accepted
 * fulfillment: the other accepted ones are still marked sent, the rejected and invalid ones still
 * get their error written, all in that same execution; the refused one stays unsent with the reason
 * on its item. And a fulfillment that is invalid before anything is sent is written in the same
 * pass as the submission, before the first Wait for Amazon (not minutes to hours later).
 */
const { install } = require('./helpers/timewarp');

const clock = install({ scale: 300 });

const http = require('node:http');

const { startFlow, itemsOf } = require('./helpers/flow');

const REFUSED = '1201'; // accepted by Amazon; NetSuite refuses to update it
const ACCEPTED = ['1202', '1203', '1204', '1205', '1207', '1213', '1214'];
const REJECTED = ['1208', '1209', '1212'];
const INVALID = ['1215'];

/** A pass-through to the NetSuite emulator that refuses every PATCH of one fulfillment. */
function refusingProxy(refusedPath) {
	const state = { target: null, refused: 0 };
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			if (req.method === 'PATCH' && req.url.split('?')[0] === refusedPath) {
				state.refused++;
				const body = JSON.stringify({
					type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1',
					title: 'Bad Request',
					status: 400,
					'o:errorDetails': [
						{
							detail: 'This record is locked by a user-event script (emulated refusal).',
							'o:errorCode': 'USER_ERROR',
						},
					],
				});
				res.writeHead(400, { 'Content-Type': 'application/vnd.oracle.resource+json; type=error' });
				return res.end(body);
			}
			// Same Host header: the emulator checks the TBA signature against the URL n8n signed.
			const forward = http.request(
				`${state.target}${req.url}`,
				{ method: req.method, headers: req.headers },
				(upstream) => {
					res.writeHead(upstream.statusCode, upstream.headers);
					upstream.pipe(res);
				},
			);
			forward.on('error', () => res.destroy());
			forward.end(Buffer.concat(chunks));
		});
	});
	return {
		state,
		listen: () =>
			new Promise((resolve) =>
				server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)),
			),
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

let flow;
let proxy;
let run;
/** NetSuite's fulfillments when Amazon Feed Status first ran (before any Wait for Amazon). */
let atFirstCheck;

beforeAll(async () => {
	proxy = refusingProxy(`/services/rest/record/v1/itemFulfillment/${REFUSED}`);
	const proxyUrl = await proxy.listen();
	flow = await startFlow({
		clock,
		credentialData: (data, emulators) => {
			proxy.state.target = emulators.netsuite.url;
			data.netSuiteApi.restBaseUrl = proxyUrl;
			data.netSuiteApi.restletBaseUrl = proxyUrl;
		},
		hooks: {
			nodeExecuteBefore: (node) => {
				if (!atFirstCheck && node === flow.names.status)
					atFirstCheck = flow.emulators.netsuite.inspect().itemFulfillments;
			},
		},
	});
	run = await flow.tick();
}, 120_000);

afterAll(async () => {
	await flow?.close();
	await proxy?.close();
});

test('one execution from the poll to the last write, not stopped by the refused write', () => {
	expect(proxy.state.refused).toBeGreaterThan(0);
	expect(run.emitted).toBe(1 + ACCEPTED.length + REJECTED.length + INVALID.length);
	expect(run.status).toBe('success');
	expect(new Set(run.executions.map((e) => e.executionId)).size).toBe(1);
});

test('every other fulfillment has its outcome in NetSuite after that execution', () => {
	const ns = flow.emulators.netsuite.inspect().itemFulfillments;
	for (const id of ACCEPTED)
		expect([id, ns[id].sentToAmazon, ns[id].feedId]).toEqual([id, true, expect.any(String)]);
	for (const id of [...REJECTED, ...INVALID])
		expect([id, ns[id].sentToAmazon, ns[id].error]).toEqual([
			id,
			false,
			expect.stringMatching(/\S/),
		]);
});

test('the refused one stays unsent, and its item says which record NetSuite refused and why', () => {
	const ns = flow.emulators.netsuite.inspect().itemFulfillments;
	expect(ns[REFUSED].sentToAmazon).toBe(false);
	const item = itemsOf(run, flow.names.update).find((i) => i.fulfillmentId === REFUSED);
	expect(item.error).toMatchObject({ record: `itemFulfillment ${REFUSED}` });
	expect(JSON.stringify(item.error)).toMatch(/locked by a user-event script/);
	expect(item.netsuite.fulfillmentUpdated).toBe(false);
});

test('the invalid fulfillment was written before the first Wait for Amazon', () => {
	// Before Amazon Feed Status first runs, so before any Wait: in the same pass as the submission.
	expect(atFirstCheck).toBeDefined();
	for (const id of INVALID) {
		expect(atFirstCheck[id].error).toMatch(/\S/);
		expect(atFirstCheck[id].sentToAmazon).toBe(false);
	}
	// Nothing Amazon answered is known yet at that point.
	for (const id of REJECTED) expect(atFirstCheck[id].error).toBeNull();
});
