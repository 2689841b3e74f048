'use strict';
const {
	buildPlan,
	classifyInput,
	isProblem,
	lookupNeeds,
	groupInputs,
	salesOrderState,
	isPartialOrderStatus,
} = require('../../core/update/plan');
const { fulfillmentItem, input } = require('./helpers');

const NOW = '2026-11-20T12:10:00Z';
const LIST = {
	customlist_amz_order_status: {
		pending: '1',
		'fulfillment processed': '2',
		'partially fulfilled': '3',
		error: '4',
	},
};

function plan(inputs, lookups = {}) {
	const classified = [];
	const problems = [];
	for (const i of inputs) {
		const c = classifyInput(i);
		if (isProblem(c)) problems.push(c);
		else classified.push(c);
	}
	return {
		classified,
		result: buildPlan(classified, { listValues: LIST, orderStatus: {}, ...lookups }, NOW, problems),
	};
}

const patchFor = (p, type, id) => p.patches.filter((x) => x.recordType === type && x.id === id);

describe('fulfillment body', () => {
	test('accepted: sent flag, feed ID, confirmation time, error field cleared', () => {
		const { result } = plan([
			input(
				0,
				fulfillmentItem({ fulfillmentId: '1201', salesOrderId: '501', outcome: 'accepted' }),
			),
		]);
		expect(patchFor(result, 'itemFulfillment', '1201')[0].body).toEqual({
			custbody_amz_ship_confirmed: true,
			custbody_amz_feed_id: '50001',
			custbody_amz_confirmed_at: '2026-11-20T12:05:00Z',
			custbody_amz_ship_error: null,
		});
	});

	test('acceptedWithWarnings writes the warnings into the error field', () => {
		const item = fulfillmentItem({
			fulfillmentId: '1201',
			salesOrderId: '501',
			outcome: 'acceptedWithWarnings',
			warnings: [
				{
					resultCode: 'Warning',
					code: '5000',
					description: 'The tracking ID does not match the expected format.',
				},
			],
		});
		const body = patchFor(plan([input(0, item)]).result, 'itemFulfillment', '1201')[0].body;
		expect(body.custbody_amz_ship_confirmed).toBe(true);
		expect(body.custbody_amz_ship_error).toContain('[5000] The tracking ID does not match');
	});

	test.each(['rejected', 'failed', 'invalid'])(
		'%s: error text written, sent flag left untouched',
		(outcome) => {
			const item = fulfillmentItem({
				fulfillmentId: '1202',
				salesOrderId: '502',
				outcome,
				message: 'Amazon rejected 1 of 1 messages.',
				errors: [
					{
						resultCode: 'Error',
						code: '18028',
						description: 'Your order cannot be found.',
						hint: 'Check the Amazon order ID.',
					},
				],
			});
			const body = patchFor(plan([input(0, item)]).result, 'itemFulfillment', '1202')[0].body;
			expect(body).not.toHaveProperty('custbody_amz_ship_confirmed');
			expect(body).not.toHaveProperty('custbody_amz_feed_id');
			expect(body.custbody_amz_ship_error).toContain('Amazon rejected 1 of 1 messages.');
			expect(body.custbody_amz_ship_error).toContain(
				'[18028] Your order cannot be found. Hint: Check the Amazon order ID.',
			);
		},
	);

	test('invalid items without a result are recognised from their validation problems', () => {
		const item = fulfillmentItem({
			fulfillmentId: '1203',
			salesOrderId: '503',
			validation: [
				{
					field: 'carrierCode',
					message: 'Acme Freight has no Amazon carrier code.',
					fix: 'Map it in the carrier table.',
				},
			],
		});
		const { result } = plan([input(0, item, { missingOutcomeIsAccepted: true })]);
		const body = patchFor(result, 'itemFulfillment', '1203')[0].body;
		expect(body).not.toHaveProperty('custbody_amz_ship_confirmed');
		expect(body.custbody_amz_ship_error).toContain(
			'carrierCode: Acme Freight has no Amazon carrier code. Fix: Map it',
		);
	});

	test('a very long error text is cut to fit a text-area field', () => {
		const errors = Array.from({ length: 200 }, (_, i) => ({
			resultCode: 'Error',
			code: String(i),
			description: 'x'.repeat(50),
		}));
		const item = fulfillmentItem({
			fulfillmentId: '1202',
			salesOrderId: '502',
			outcome: 'rejected',
			errors,
		});
		const body = patchFor(plan([input(0, item)]).result, 'itemFulfillment', '1202')[0].body;
		expect(body.custbody_amz_ship_error.length).toBeLessThanOrEqual(3900);
		expect(body.custbody_amz_ship_error.endsWith('…')).toBe(true);
	});

	test('optional fields left empty are not written; additional fields are typed', () => {
		const item = fulfillmentItem({
			fulfillmentId: '1201',
			salesOrderId: '501',
			outcome: 'accepted',
		});
		const { result } = plan([
			input(0, item, {
				fulfillment: {
					feedIdFieldId: '',
					confirmedAtFieldId: '',
					extraFields: [
						{ fieldId: 'custbody_note', value: 'sent by n8n' },
						{ fieldId: 'custbody_count', value: '3', type: 'number' },
						{ fieldId: 'custbody_flag', value: 'true', type: 'boolean' },
						{ fieldId: 'custbody_reason', value: '7', type: 'listId' },
						{ fieldId: 'custbody_old', type: 'clear' },
						{ fieldId: 'custbody_amz_ship_confirmed', value: 'false', type: 'boolean' },
					],
				},
			}),
		]);
		const [patch] = patchFor(result, 'itemFulfillment', '1201');
		expect(patch.body).toEqual({
			custbody_amz_ship_confirmed: true,
			custbody_amz_ship_error: null,
			custbody_note: 'sent by n8n',
			custbody_count: 3,
			custbody_flag: true,
			custbody_reason: { id: '7' },
			custbody_old: null,
		});
		expect(result.warnings[0].join(' ')).toContain('custbody_amz_ship_confirmed was skipped');
	});
});

describe('sales order body', () => {
	const accepted = (i, f, so) =>
		input(i, fulfillmentItem({ fulfillmentId: f, salesOrderId: so, outcome: 'accepted' }));

	test('list value by name → {id} from the looked-up list', () => {
		const { result } = plan([accepted(0, '1201', '501')]);
		expect(patchFor(result, 'salesOrder', '501')[0].body).toEqual({
			custbody_amz_order_status: { id: '2' },
		});
	});

	test('list value by name matches case and spacing loosely, and reports unknown names with the list content', () => {
		const ok = plan([
			input(0, fulfillmentItem({ fulfillmentId: '1', salesOrderId: '5', outcome: 'accepted' }), {
				salesOrder: { processedValue: ' fulfillment PROCESSED ' },
			}),
		]);
		expect(patchFor(ok.result, 'salesOrder', '5')[0].body.custbody_amz_order_status).toEqual({
			id: '2',
		});
		const bad = plan([
			input(0, fulfillmentItem({ fulfillmentId: '1', salesOrderId: '5', outcome: 'accepted' }), {
				salesOrder: { processedValue: 'Done' },
			}),
		]);
		expect(patchFor(bad.result, 'salesOrder', '5')).toHaveLength(0);
		expect(bad.result.problems[0].message).toContain(
			'"Done" was not found in the list customlist_amz_order_status',
		);
		expect(bad.result.problems[0].description).toContain('fulfillment processed');
		// The fulfillment is still updated.
		expect(patchFor(bad.result, 'itemFulfillment', '1')).toHaveLength(1);
	});

	test('list value by internal ID → {id}', () => {
		const { result } = plan([
			input(0, fulfillmentItem({ fulfillmentId: '1', salesOrderId: '5', outcome: 'accepted' }), {
				salesOrder: { valueType: 'listId', processedValue: '2' },
			}),
		]);
		expect(patchFor(result, 'salesOrder', '5')[0].body).toEqual({
			custbody_amz_order_status: { id: '2' },
		});
	});

	test('text value → plain string', () => {
		const { result } = plan([
			input(0, fulfillmentItem({ fulfillmentId: '1', salesOrderId: '5', outcome: 'accepted' }), {
				salesOrder: { valueType: 'text', statusFieldId: 'custbody_amz_status_text' },
			}),
		]);
		expect(patchFor(result, 'salesOrder', '5')[0].body).toEqual({
			custbody_amz_status_text: 'Fulfillment Processed',
		});
	});

	test('partial order → partial value; complete order → processed; no partial value → processed', () => {
		const settings = { salesOrder: { partialValue: 'Partially Fulfilled' } };
		const inputs = [
			input(
				0,
				fulfillmentItem({ fulfillmentId: '1', salesOrderId: '501', outcome: 'accepted' }),
				settings,
			),
			input(
				1,
				fulfillmentItem({ fulfillmentId: '2', salesOrderId: '502', outcome: 'accepted' }),
				settings,
			),
			input(2, fulfillmentItem({ fulfillmentId: '3', salesOrderId: '503', outcome: 'accepted' })),
		];
		const { result } = plan(inputs, { orderStatus: { 501: 'D', 502: 'F', 503: 'B' } });
		expect(patchFor(result, 'salesOrder', '501')[0].body.custbody_amz_order_status).toEqual({
			id: '3',
		});
		expect(patchFor(result, 'salesOrder', '502')[0].body.custbody_amz_order_status).toEqual({
			id: '2',
		});
		expect(patchFor(result, 'salesOrder', '503')[0].body.custbody_amz_order_status).toEqual({
			id: '2',
		});
	});

	test('the order status is looked up only for orders where it matters', () => {
		const { classified } = plan([
			input(0, fulfillmentItem({ fulfillmentId: '1', salesOrderId: '501', outcome: 'accepted' }), {
				salesOrder: { partialValue: 'Partially Fulfilled' },
			}),
			input(1, fulfillmentItem({ fulfillmentId: '2', salesOrderId: '502', outcome: 'accepted' })),
			input(2, fulfillmentItem({ fulfillmentId: '3', salesOrderId: '503', outcome: 'rejected' }), {
				salesOrder: { partialValue: 'Partially Fulfilled', errorValue: 'Error' },
			}),
		]);
		const needs = lookupNeeds(groupInputs(classified));
		expect(needs.salesOrderIds).toEqual(['501']);
		expect(needs.lists.customlist_amz_order_status.sort()).toEqual([
			'Error',
			'Fulfillment Processed',
			'Partially Fulfilled',
		]);
	});

	test('failure: error value only when configured', () => {
		const rejected = (settings) =>
			input(
				0,
				fulfillmentItem({ fulfillmentId: '1', salesOrderId: '5', outcome: 'rejected' }),
				settings,
			);
		const without = plan([rejected()]).result;
		expect(patchFor(without, 'salesOrder', '5')).toHaveLength(0);
		expect(without.warnings[0].join(' ')).toContain('salesOrder 5 was left as it is');
		const withError = plan([rejected({ salesOrder: { errorValue: 'Error' } })]).result;
		expect(patchFor(withError, 'salesOrder', '5')[0].body).toEqual({
			custbody_amz_order_status: { id: '4' },
		});
	});

	test('missing sales order ID: fulfillment still updated, warning on the item', () => {
		const { result } = plan([
			input(0, fulfillmentItem({ fulfillmentId: '1', outcome: 'accepted' })),
		]);
		expect(result.patches.map((p) => p.recordType)).toEqual(['itemFulfillment']);
		expect(result.warnings[0].join(' ')).toContain('No sales order ID');
	});
});

describe('several items of one sales order', () => {
	const so = (i, f, outcome, settings) =>
		input(i, fulfillmentItem({ fulfillmentId: f, salesOrderId: '501', outcome }), settings);

	test('one sales-order PATCH, one PATCH per fulfillment, each listing its items', () => {
		const { result } = plan([
			so(0, '1201', 'accepted'),
			so(1, '1202', 'acceptedWithWarnings'),
			so(2, '1203', 'accepted'),
		]);
		expect(patchFor(result, 'salesOrder', '501')).toHaveLength(1);
		expect(patchFor(result, 'salesOrder', '501')[0].itemIndexes).toEqual([0, 1, 2]);
		expect(
			result.patches.filter((p) => p.recordType === 'itemFulfillment').map((p) => p.id),
		).toEqual(['1201', '1202', '1203']);
	});

	test('one order and one fulfillment however their IDs are padded: each written once', () => {
		const { result } = plan([
			input(
				0,
				fulfillmentItem({ fulfillmentId: '1201', salesOrderId: '501', outcome: 'accepted' }),
			),
			input(
				1,
				fulfillmentItem({ fulfillmentId: '01201', salesOrderId: '0501', outcome: 'accepted' }),
			),
			input(
				2,
				fulfillmentItem({ fulfillmentId: '1202', salesOrderId: '00501', outcome: 'accepted' }),
			),
		]);
		const orders = result.patches.filter((p) => p.recordType === 'salesOrder');
		expect(orders.map((p) => [p.id, p.itemIndexes])).toEqual([['501', [0, 1, 2]]]);
		const fulfillments = result.patches.filter((p) => p.recordType === 'itemFulfillment');
		expect(fulfillments.map((p) => [p.id, p.itemIndexes])).toEqual([
			['1201', [0, 1]],
			['1202', [2]],
		]);
	});

	test.each([
		[
			'accepted + rejected, error value set → error',
			['accepted', 'rejected'],
			{ errorValue: 'Error', partialValue: 'Partially Fulfilled' },
			'error',
		],
		[
			'accepted + rejected, partial value only → partial',
			['accepted', 'failed'],
			{ partialValue: 'Partially Fulfilled' },
			'partial',
		],
		[
			'accepted + rejected, no error/partial value → left as it is',
			['accepted', 'invalid'],
			{},
			'none',
		],
		['all accepted → processed', ['accepted', 'acceptedWithWarnings'], {}, 'processed'],
	])('%s', (_name, outcomes, settings, state) => {
		const { classified } = plan(
			outcomes.map((o, i) => so(i, String(1201 + i), o, { salesOrder: settings })),
		);
		expect(salesOrderState(classified, classified[0].salesOrder, 'F')).toBe(state);
	});

	test('the same fulfillment twice: one PATCH, accepted wins, both items told', () => {
		const { result } = plan([so(0, '1201', 'rejected'), so(1, '1201', 'accepted')]);
		const patches = patchFor(result, 'itemFulfillment', '1201');
		expect(patches).toHaveLength(1);
		expect(patches[0].body.custbody_amz_ship_confirmed).toBe(true);
		expect(patches[0].itemIndexes).toEqual([0, 1]);
		expect(result.warnings[0].join(' ')).toContain('came 2 times');
	});
});

describe('items refused before anything is written', () => {
	test('pending is a wiring mistake', () => {
		const { result } = plan([
			input(0, fulfillmentItem({ fulfillmentId: '1', salesOrderId: '5', outcome: 'pending' })),
		]);
		expect(result.patches).toHaveLength(0);
		expect(result.problems[0].message).toContain('still pending at Amazon');
		expect(result.problems[0].description).toContain('Pending output');
	});

	test('no outcome: refused unless the user said to treat it as accepted', () => {
		const item = fulfillmentItem({ fulfillmentId: '1', salesOrderId: '5' });
		expect(plan([input(0, item)]).result.problems[0].message).toContain(
			'carries no Amazon outcome',
		);
		const { result } = plan([input(0, item, { missingOutcomeIsAccepted: true })]);
		expect(result.problems).toHaveLength(0);
		expect(patchFor(result, 'itemFulfillment', '1')[0].body.custbody_amz_ship_confirmed).toBe(true);
	});

	test('missing or malformed IDs and field IDs are reported per item, others go ahead', () => {
		const { result } = plan([
			input(0, fulfillmentItem({ salesOrderId: '5', outcome: 'accepted' })),
			input(
				1,
				fulfillmentItem({ fulfillmentId: '12; DROP', salesOrderId: '5', outcome: 'accepted' }),
			),
			input(2, fulfillmentItem({ fulfillmentId: '7', salesOrderId: '6', outcome: 'accepted' }), {
				fulfillment: { sentFieldId: 'custbody amz' },
			}),
			input(3, fulfillmentItem({ fulfillmentId: '8', salesOrderId: '6', outcome: 'accepted' })),
		]);
		expect(result.problems.map((p) => p.index)).toEqual([0, 1, 2]);
		expect(result.problems[0].message).toContain('Item Fulfillment ID is empty');
		expect(result.problems[1].message).toContain('not a NetSuite internal ID');
		expect(result.problems[2].message).toContain('Sent Flag Field ID "custbody amz"');
		expect(result.patches.map((p) => `${p.recordType} ${p.id}`)).toEqual([
			'itemFulfillment 8',
			'salesOrder 6',
		]);
	});
});

test('order status letters', () => {
	expect(['B', 'D', 'E', 'SalesOrd:D', 'Partially Fulfilled'].every(isPartialOrderStatus)).toBe(
		true,
	);
	expect(['F', 'G', 'H', 'SalesOrd:G', 'Billed', '', undefined].some(isPartialOrderStatus)).toBe(
		false,
	);
});
