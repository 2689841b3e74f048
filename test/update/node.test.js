'use strict';
/**
 * The NetSuite Update Order node class run in-process with a minimal fake IExecuteFunctions
 * (test/update/fake-execute.js): default parameters on flow items, output shape, pairedItem,
 * continueOnFail, NodeApiError/NodeOperationError with itemIndex.
 */
const nock = require('nock');
const { NodeApiError, NodeOperationError } = require('n8n-workflow');
const { NetSuiteUpdateOrder } = require('../../nodes/NetSuiteUpdateOrder/NetSuiteUpdateOrder.node');
const { DEFAULT_CREDENTIALS } = require('../../emulators/credentials');
const { fakeExecuteFunctions } = require('./fake-execute');
const { fulfillmentItem } = require('./helpers');

const REST = 'https://1234567-sb1.suitetalk.api.netsuite.com';
const SUITEQL = '/services/rest/query/v1/suiteql';
const TBA = {
	authentication: 'tba',
	...DEFAULT_CREDENTIALS.netsuite,
	restBaseUrl: '',
	restletBaseUrl: '',
};
const LIST = [
	{ id: '1', name: 'Pending' },
	{ id: '2', name: 'Fulfillment Processed' },
	{ id: '3', name: 'Partially Fulfilled' },
	{ id: '4', name: 'Error' },
];

function listServer() {
	return nock(REST)
		.post(SUITEQL)
		.query(true)
		.reply(200, {
			links: [],
			count: 4,
			hasMore: false,
			offset: 0,
			totalResults: 4,
			items: LIST.map((r) => ({ links: [], ...r })),
		});
}

function patchServer(patches, fail = {}) {
	return nock(REST)
		.patch(/\/services\/rest\/record\/v1\/\w+\/\d+/)
		.times(50)
		.reply((uri, body) => {
			const [, type, id] = /record\/v1\/(\w+)\/(\d+)/.exec(uri);
			if (fail[`${type} ${id}`]) return fail[`${type} ${id}`];
			patches.push({ record: `${type} ${id}`, body });
			return [204, '', { Location: `${REST}${uri}` }];
		});
}

const items = () => [
	{ json: fulfillmentItem({ fulfillmentId: '1201', salesOrderId: '501', outcome: 'accepted' }) },
	{
		json: fulfillmentItem({
			fulfillmentId: '1202',
			salesOrderId: '502',
			outcome: 'rejected',
			message: 'Amazon rejected the shipment.',
			errors: [{ resultCode: 'Error', code: '18028', description: 'Your order cannot be found.' }],
		}),
	},
	{ json: fulfillmentItem({ fulfillmentId: '1203', salesOrderId: '501', outcome: 'accepted' }) },
];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

test('description: name, tool use, credential, defaults that read the flow items', () => {
	const { description } = new NetSuiteUpdateOrder();
	expect(description.name).toBe('netSuiteUpdateOrder');
	expect(description.displayName).toBe('NetSuite Update Order');
	expect(description.usableAsTool).toBe(true);
	expect(description.credentials).toEqual([{ name: 'netSuiteApi', required: true }]);
	const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]));
	expect(defaults.salesOrderId).toBe('={{ $json.salesOrderId }}');
	expect(defaults.fulfillmentId).toBe('={{ $json.fulfillmentId }}');
	expect(defaults.outcome).toBe('={{ $json.amazon?.result?.outcome }}');
	const concurrency = description.properties
		.find((p) => p.name === 'options')
		.options.find((o) => o.name === 'concurrency');
	expect(concurrency.default).toBe(2);
	expect(concurrency.typeOptions.maxValue).toBe(10);
});

test('default parameters: every record once, item kept whole with netsuite added, pairedItem on every item', async () => {
	const patches = [];
	listServer();
	patchServer(patches);
	const input = items();
	const { run, requests } = fakeExecuteFunctions({
		nodeClass: NetSuiteUpdateOrder,
		items: input,
		credentials: TBA,
	});
	const [out] = await run();

	expect(out).toHaveLength(3);
	out.forEach((o, i) => {
		expect(o.pairedItem).toEqual({ item: i });
		expect(o.json.amazon).toEqual(input[i].json.amazon);
		expect(o.json.fulfillmentId).toBe(input[i].json.fulfillmentId);
	});
	expect(out[0].json.netsuite).toMatchObject({
		salesOrderUpdated: true,
		fulfillmentUpdated: true,
		warnings: [],
	});
	expect(out[1].json.netsuite.salesOrderUpdated).toBe(false);
	expect(out[1].json.netsuite.fulfillmentUpdated).toBe(true);
	expect(out[1].json.netsuite.warnings.join(' ')).toContain('salesOrder 502 was left as it is');
	expect(new Date(out[0].json.netsuite.updatedAt).getTime()).not.toBeNaN();

	const records = patches.map((p) => p.record).sort();
	expect(records).toEqual([
		'itemFulfillment 1201',
		'itemFulfillment 1202',
		'itemFulfillment 1203',
		'salesOrder 501',
	]);
	expect(patches.find((p) => p.record === 'itemFulfillment 1202').body).toEqual({
		custbody_amz_ship_error: expect.stringContaining('[18028] Your order cannot be found.'),
	});
	// Every request was signed by the credential (TBA).
	expect(requests.every((r) => /^OAuth realm="1234567_SB1"/.test(r.headers.Authorization))).toBe(
		true,
	);
});

test('a failing record with Continue On Fail: error JSON on that item, the others updated', async () => {
	const patches = [];
	listServer();
	const notFound = [
		404,
		{
			title: 'Not Found',
			status: 404,
			'o:errorDetails': [
				{
					detail: 'The record instance does not exist. Provide a valid record instance ID.',
					'o:errorCode': 'NONEXISTENT_ID',
				},
			],
		},
	];
	patchServer(patches, { 'itemFulfillment 1203': notFound });
	const { run } = fakeExecuteFunctions({
		nodeClass: NetSuiteUpdateOrder,
		items: items(),
		credentials: TBA,
		continueOnFail: true,
	});
	const [out] = await run();

	expect(out).toHaveLength(3);
	expect(out[2].pairedItem).toEqual({ item: 2 });
	expect(out[2].json.error).toMatchObject({
		record: 'itemFulfillment 1203',
		httpCode: 404,
		code: 'NONEXISTENT_ID',
	});
	expect(out[2].json.error.message).toContain('itemFulfillment 1203');
	expect(out[2].json.netsuite).toMatchObject({
		fulfillmentUpdated: false,
		salesOrderUpdated: true,
	});
	expect(out[0].json.error).toBeUndefined();
	expect(patches.map((p) => p.record)).toEqual(
		expect.arrayContaining(['itemFulfillment 1201', 'itemFulfillment 1202', 'salesOrder 501']),
	);
});

test('without Continue On Fail: NodeApiError naming the record, code and detail, with itemIndex (after the others ran)', async () => {
	const patches = [];
	listServer();
	const badRef = [
		400,
		{
			title: 'Bad Request',
			status: 400,
			'o:errorDetails': [
				{
					detail: 'Invalid Field Value Done for the following field: custbody_amz_order_status',
					'o:errorCode': 'INVALID_KEY_OR_REF',
					'o:errorPath': 'custbody_amz_order_status',
				},
			],
		},
	];
	patchServer(patches, { 'salesOrder 501': badRef });
	const { run } = fakeExecuteFunctions({
		nodeClass: NetSuiteUpdateOrder,
		items: items(),
		credentials: TBA,
	});
	const error = await run().catch((e) => e);

	expect(error).toBeInstanceOf(NodeApiError);
	expect(error.context.itemIndex).toBe(0);
	expect(error.message).toContain('salesOrder 501');
	expect(error.message).toContain('INVALID_KEY_OR_REF');
	expect(error.message).toContain('Invalid Field Value Done');
	expect(error.httpCode).toBe('400');
	expect(patches.map((p) => p.record).sort()).toEqual([
		'itemFulfillment 1201',
		'itemFulfillment 1202',
		'itemFulfillment 1203',
	]);
});

test('pending items are refused with a NodeOperationError for that item; nothing is written for it', async () => {
	const patches = [];
	patchServer(patches);
	const input = [
		{ json: fulfillmentItem({ fulfillmentId: '1201', salesOrderId: '501', outcome: 'pending' }) },
	];
	const { run } = fakeExecuteFunctions({
		nodeClass: NetSuiteUpdateOrder,
		items: input,
		credentials: TBA,
	});
	const error = await run().catch((e) => e);
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error.message).toContain('still pending at Amazon');
	expect(error.context.itemIndex).toBe(0);
	expect(patches).toHaveLength(0);
});

test('items without an outcome are accepted only when the user says so; expressions per item', async () => {
	const patches = [];
	patchServer(patches);
	const input = [
		{ json: { fulfillmentId: '1201', so: '501', lines: [], packages: [], trackingNumbers: [] } },
	];
	const parameters = {
		salesOrderId: (json) => json.so,
		missingOutcome: 'accepted',
		statusValueType: 'text',
		fulfillmentFields: { field: [{ fieldId: 'custbody_sent_by', type: 'text', value: 'n8n' }] },
	};
	const { run } = fakeExecuteFunctions({
		nodeClass: NetSuiteUpdateOrder,
		items: input,
		credentials: TBA,
		parameters,
	});
	const [out] = await run();
	expect(out[0].json.netsuite).toMatchObject({ salesOrderUpdated: true, fulfillmentUpdated: true });
	const byRecord = Object.fromEntries(patches.map((p) => [p.record, p.body]));
	expect(byRecord['salesOrder 501']).toEqual({
		custbody_amz_order_status: 'Fulfillment Processed',
	});
	expect(byRecord['itemFulfillment 1201']).toMatchObject({
		custbody_amz_ship_confirmed: true,
		custbody_sent_by: 'n8n',
	});
});
