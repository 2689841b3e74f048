/**
 * suitescript/amz_batch_update_restlet.js alone, with Oracle's SuiteCloud stubs for N/record,
 * N/search, N/runtime and N/error (jest.mock): how it spends governance, skips what is already
 * written, keeps going after one record's error and refuses malformed requests. The emulator tests
 * (test/update/batch.test.js) run the same file against records.
 */
import record from 'N/record';
import search from 'N/search';
import runtime from 'N/runtime';
import error from 'N/error';

jest.mock('N/record');
jest.mock('N/search');
jest.mock('N/runtime');
jest.mock('N/error');

global.log = { audit: jest.fn(), debug: jest.fn(), error: jest.fn() };

const script = require('../../suitescript/amz_batch_update_restlet');

const update = (id, values = { custbody_amz_ship_confirmed: true }) => ({
	type: 'itemfulfillment',
	id: String(id),
	values,
});

/** Remaining units as NetSuite counts them: `start`, minus 11 per record written (1 per skipped). */
function meter(start) {
	let left = start;
	runtime.getCurrentScript.mockReturnValue({ getRemainingUsage: () => left });
	search.lookupFields.mockImplementation(() => {
		left -= 1;
		return { custbody_amz_ship_confirmed: false };
	});
	record.submitFields.mockImplementation(({ id }) => {
		left -= 10;
		return Number(id);
	});
}

beforeEach(() => {
	jest.resetAllMocks();
	error.create.mockImplementation(({ name, message }) =>
		Object.assign(new Error(message), { name }),
	);
});

test('stops before the governance limit and hands back the records it did not reach', () => {
	// 31 records' worth of units + reserve: 20 kept back, 11 per record.
	meter(20 + 11 * 3 + 5);
	const answer = script.post({ updates: [1, 2, 3, 4, 5].map((i) => update(1200 + i)) });
	expect(answer.results.map((r) => r.status)).toEqual(['updated', 'updated', 'updated']);
	expect(answer.remaining.map((u) => u.id)).toEqual(['1204', '1205']);
	expect(answer.stoppedBy).toBe('governance');
	expect(record.submitFields).toHaveBeenCalledTimes(3);
	expect(record.submitFields).toHaveBeenCalledWith(
		expect.objectContaining({
			type: 'itemfulfillment',
			id: '1201',
			values: { custbody_amz_ship_confirmed: true },
		}),
	);
});

test('a record that already holds the values is not written again', () => {
	meter(5000);
	search.lookupFields.mockReturnValue({
		custbody_amz_ship_confirmed: true,
		custbody_amz_feed_id: '50001',
		custbody_amz_order_status: [{ value: '2', text: 'Fulfillment Processed' }],
		custbody_amz_ship_error: '',
	});
	const answer = script.post({
		updates: [
			update(1201, {
				custbody_amz_ship_confirmed: true,
				custbody_amz_feed_id: '50001',
				custbody_amz_ship_error: null,
			}),
			{ type: 'salesorder', id: '501', values: { custbody_amz_order_status: '2' } },
			update(1202, { custbody_amz_feed_id: '50002' }),
		],
	});
	expect(answer.results.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'updated']);
	expect(record.submitFields).toHaveBeenCalledTimes(1);
	expect(record.submitFields.mock.calls[0][0].id).toBe('1202');
});

test("one record's error is its own; the usage-limit error is not swallowed", () => {
	meter(5000);
	record.submitFields.mockImplementation(({ id }) => {
		if (id === '1202')
			throw Object.assign(new Error('That record does not exist.'), { name: 'RCRD_DSNT_EXIST' });
		return Number(id);
	});
	const answer = script.post({ updates: [update(1201), update(1202), update(1203)] });
	expect(answer.results).toEqual([
		{ type: 'itemfulfillment', id: '1201', status: 'updated' },
		{
			type: 'itemfulfillment',
			id: '1202',
			status: 'error',
			error: { code: 'RCRD_DSNT_EXIST', message: 'That record does not exist.' },
		},
		{ type: 'itemfulfillment', id: '1203', status: 'updated' },
	]);
	record.submitFields.mockImplementation(() => {
		throw Object.assign(new Error('Script Execution Usage Limit Exceeded'), {
			name: 'SSS_USAGE_LIMIT_EXCEEDED',
		});
	});
	expect(() => script.post({ updates: [update(1201)] })).toThrow(
		'Script Execution Usage Limit Exceeded',
	);
});

test('malformed requests are refused as a whole, before anything is written', () => {
	meter(5000);
	expect(() =>
		script.post({ updates: [update(1201), { type: 'employee', id: '7', values: {} }] }),
	).toThrow(/salesorder or itemfulfillment/);
	expect(() => script.post({ updates: [update('eid:x')] })).toThrow(/internal ID/);
	expect(() => script.post({ nothing: true })).toThrow(/updates/);
	expect(() => script.post('{not json')).toThrow(/JSON/);
	expect(record.submitFields).not.toHaveBeenCalled();
	// A list value sent as a REST reference object is that record's error, not a silent write.
	const answer = script.post({
		updates: [
			{ type: 'salesorder', id: '501', values: { custbody_amz_order_status: { id: '2' } } },
		],
	});
	expect(answer.results[0]).toMatchObject({
		status: 'error',
		error: { code: 'INVALID_FLD_VALUE' },
	});
});
