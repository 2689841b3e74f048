'use strict';

// NetSuite's concurrency limit is per account and shared: the clients of many executions in one
// n8n process together must never have more requests in flight than the credential allows.
const { NetSuiteClient } = require('../../core/netsuite/client');
const { netSuiteHosts } = require('../../core/netsuite/hosts');
const { accountSlots } = require('../../core/netsuite/accountSlots');
const { ConcurrencyLimiter } = require('../../core/http/concurrency');
const { fakeClock } = require('./helpers');

/** A transport that answers after `ms` of real time and records how many were in flight at once. */
function meteredTransport(ms = 20) {
	const meter = { inFlight: 0, peak: 0, calls: 0 };
	const transport = async () => {
		meter.calls++;
		meter.inFlight++;
		meter.peak = Math.max(meter.peak, meter.inFlight);
		await new Promise((resolve) => setTimeout(resolve, ms));
		meter.inFlight--;
		return { statusCode: 200, headers: {}, body: { items: [], hasMore: false } };
	};
	return { transport, meter };
}

function clientOf(account, transport, slots, concurrency = 2) {
	return new NetSuiteClient({
		transport,
		clock: fakeClock(),
		hosts: netSuiteHosts(account),
		concurrency,
		accountSlots: slots,
	});
}

const suiteql = (client) => client.suiteqlPage('SELECT id FROM transaction', 10, 0);

test('ten executions of one account at once: never more requests in flight than its slots', async () => {
	const { transport, meter } = meteredTransport();
	const slots = accountSlots('https://111111.suitetalk.api.netsuite.com', 3);
	const clients = Array.from({ length: 10 }, () => clientOf('111111', transport, slots));
	await Promise.all(clients.flatMap((c) => [suiteql(c), suiteql(c), suiteql(c)]));
	expect(meter.calls).toBe(30);
	expect(meter.peak).toBe(3); // 10 clients × 2 would have been 20
});

test('without shared slots each client caps only itself (what the slots are for)', async () => {
	const { transport, meter } = meteredTransport();
	const clients = Array.from({ length: 10 }, () => clientOf('222222', transport, undefined));
	await Promise.all(clients.flatMap((c) => [suiteql(c), suiteql(c)]));
	expect(meter.peak).toBe(20);
});

test('accounts do not share slots; one account is one limiter whatever the case of its ID', async () => {
	const a = accountSlots('https://333333.suitetalk.api.netsuite.com', 2);
	expect(accountSlots('https://333333.SUITETALK.api.netsuite.com', 2)).toBe(a);
	expect(accountSlots('https://444444.suitetalk.api.netsuite.com', 2)).not.toBe(a);
	const { transport, meter } = meteredTransport();
	const one = clientOf('333333', transport, a);
	const other = clientOf('444444', transport, accountSlots('https://444444.suitetalk.api.netsuite.com', 2));
	await Promise.all([suiteql(one), suiteql(one), suiteql(other), suiteql(other)]);
	expect(meter.peak).toBe(4);
});

test('a changed credential setting applies to the shared slots, and waiting requests start when it rises', async () => {
	const key = 'https://555555.suitetalk.api.netsuite.com';
	const slots = accountSlots(key, 1);
	const { transport, meter } = meteredTransport(30);
	const clients = Array.from({ length: 4 }, () => clientOf('555555', transport, slots));
	const running = Promise.all(clients.map(suiteql));
	await new Promise((resolve) => setTimeout(resolve, 5));
	expect(meter.inFlight).toBe(1);
	expect(accountSlots(key, 3)).toBe(slots);
	await new Promise((resolve) => setTimeout(resolve, 5));
	expect(meter.inFlight).toBe(3);
	await running;
	expect(meter.peak).toBe(3);
});

test('a limiter runs at most its limit and serves the waiting in the order they came', async () => {
	const limiter = new ConcurrencyLimiter(2);
	let inFlight = 0;
	let peak = 0;
	const order = [];
	const task = (n) => async () => {
		inFlight++;
		peak = Math.max(peak, inFlight);
		order.push(n);
		await new Promise((resolve) => setTimeout(resolve, 2));
		inFlight--;
	};
	await Promise.all(Array.from({ length: 8 }, (_, n) => limiter.run(task(n))));
	expect(peak).toBe(2);
	expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
});
