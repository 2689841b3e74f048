/**
 * Model-based reliability test (docs/RELIABILITY.md): fast-check generates cases — fulfillments
 * (several packages, partial lines, split orders, corrections, unknown box contents, odd
 * characters, bad data, marketplaces in the credential's region), settings (template, source,
 * per-poll limit) and faults (transport faults on both services, FATAL or stuck feeds, a crash
 * between two steps or inside the NetSuite updates, n8n restarts) — runs the template workflow
 * over several polls and days of emulator time, and checks the promise (promise.js) for every
 * fulfillment. A failure is shrunk to a minimal case; the report prints the seed and path to
 * replay it (`SOAK_SEED=<seed> SOAK_PATH=<path> npm run soak`).
 *
 * A fixed set of cases runs here (MODEL_CASES, MODEL_SEED to change it); `npm run soak` runs
 * thousands. Cases whose fixes are pending are listed in cases.js (PENDING_FIXES, FINDINGS).
 */
const { install } = require('../helpers/timewarp');

const clock = install({ scale: 300 });

const { runModel } = require('./property');
const { checkPromise } = require('./promise');
const { PENDING_FIXES, FINDINGS } = require('./cases');

const CASES = Number(process.env.MODEL_CASES) || 25;
const SEED = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : 20261205;

afterAll(() => clock.uninstall());

test(`the promise holds for every fulfillment of ${CASES} generated cases (seed ${SEED})`, async () => {
	const started = clock.realNow();
	const result = await runModel({ cases: CASES, seed: SEED, clock });
	const t = result.totals;
	console.log(
		[
			`Model-based test: seed ${SEED}, ${t.cases} cases, ${t.fulfillments} fulfillments`,
			`  confirmed ${t.confirmed}, not confirmed and told ${t.told}, in flight ${t.inFlight}`,
			`  packages on Amazon ${t.packages} (re-confirmations ${t.reconfirmations}), polls ${t.polls}, crashes ${t.crashes}`,
			`  pending case switches: ${result.pending.join(', ') || 'none'}`,
			`  ${Math.round((clock.realNow() - started) / 1000)} s`,
		].join('\n'),
	);
	if (result.failed)
		throw new Error(
			`${result.report}\n${result.details.errorInstance?.message ?? ''}\nMinimal case: ${JSON.stringify(result.counterexample)}`,
		);
	// The cases reached every outcome the promise allows, and the generators produced work.
	expect(t.cases).toBe(CASES);
	expect(t.confirmed).toBeGreaterThan(0);
	expect(t.told).toBeGreaterThan(0);
	expect(t.crashes).toBeGreaterThan(0);
}, 300_000);

test('every pending switch names its fix', () => {
	for (const [name, why] of Object.entries({ ...PENDING_FIXES, ...FINDINGS }))
		expect(`${name}: ${why}`).toMatch(/^\w+: .{20,}/);
});

// The checker itself must be able to fail: each broken state below is one the promise forbids.
describe('the promise checker finds what the promise forbids', () => {
	const model = () => ({
		fulfillments: new Map([
			[
				'11',
				{
					id: '11',
					salesOrderId: '10',
					amazonOrderId: '114-0000001-0000001',
					versions: [
						{ tracking: ['1ZA', '1ZB'], boxes: ['1ZA', '1ZB'], unsendable: [], units: { 1: 2 } },
					],
				},
			],
		]),
		salesOrders: new Map([
			['10', { id: '10', amazonOrderId: '114-0000001-0000001', fulfillmentIds: ['11'] }],
		]),
	});
	const pkg = (t, q = 1, extra = {}) => ({
		trackingNumber: t,
		items: [{ orderItemId: '1', quantity: q }],
		confirmations: 1,
		...extra,
	});
	const state = ({
		packages = [pkg('1ZA'), pkg('1ZB')],
		f = {},
		so = 'Fulfillment Processed',
		staticData = {},
	} = {}) => ({
		amazon: {
			orders: {
				'114-0000001-0000001': {
					items: [
						{
							orderItemId: '1',
							quantityOrdered: 2,
							quantityShipped: packages.reduce((a, p) => a + p.items[0].quantity, 0),
						},
					],
					packages,
				},
			},
			feeds: [{ feedId: '5', status: 'DONE' }],
		},
		netsuite: {
			itemFulfillments: {
				11: { sentToAmazon: true, feedId: '5', confirmedAt: 'x', error: null, ...f },
			},
			salesOrders: { 10: { amazonOrderStatus: so } },
		},
		staticData,
		now: 10_000_000,
		resendAfterMs: 3_600_000,
		method: 'feed',
	});

	test('a correct confirmation passes', () => {
		expect(checkPromise(model(), state()).violations).toEqual([]);
	});
	test('marked sent with a box missing on Amazon', () => {
		expect(checkPromise(model(), state({ packages: [pkg('1ZA', 2)] })).violations.join()).toMatch(
			/marked sent/,
		);
	});
	test('the same box twice on Amazon', () => {
		expect(
			checkPromise(
				model(),
				state({ packages: [pkg('1ZA'), pkg('1ZB'), pkg('1ZB', 0)] }),
			).violations.join(),
		).toMatch(/2 packages on Amazon for box 1ZB/);
	});
	test('a package nobody shipped', () => {
		expect(
			checkPromise(
				model(),
				state({ packages: [pkg('1ZA'), pkg('1ZB'), pkg('1ZX', 0)] }),
			).violations.join(),
		).toMatch(/no fulfillment shipped/);
	});
	test('confirmed on Amazon, unsent and untold', () => {
		expect(checkPromise(model(), state({ f: { sentToAmazon: false } })).violations.join()).toMatch(
			/confirmed on Amazon, but NetSuite leaves it unsent/,
		);
	});
	test('skipped with no trace', () => {
		expect(
			checkPromise(
				model(),
				state({ packages: [], f: { sentToAmazon: false }, so: 'Pending' }),
			).violations.join(),
		).toMatch(/skipped with no trace/);
	});
	test('in flight within the re-send window is allowed; past it, not', () => {
		const staticData = (at) => ({ 'node:Trigger': { emitted: { 11: `abc@${at}` } } });
		const inFlight = state({
			packages: [],
			f: { sentToAmazon: false },
			so: 'Pending',
			staticData: staticData(9_000),
		});
		expect(checkPromise(model(), inFlight).violations).toEqual([]);
		const stale = state({
			packages: [],
			f: { sentToAmazon: false },
			so: 'Pending',
			staticData: staticData(1_000),
		});
		expect(checkPromise(model(), stale).violations.join()).toMatch(/skipped with no trace/);
	});
	test('not confirmed with an error that says what is wrong is allowed', () => {
		const told = state({
			packages: [],
			f: {
				sentToAmazon: false,
				error: 'Amazon: rejected. Order 114-0000001-0000001 was cancelled.',
			},
			so: 'Error',
		});
		expect(checkPromise(model(), told).violations).toEqual([]);
	});
	test("the order's status claims more than Amazon accepted", () => {
		const partial = state({ packages: [pkg('1ZA'), pkg('1ZB', 0)] });
		partial.amazon.orders['114-0000001-0000001'].items[0].quantityShipped = 1;
		expect(checkPromise(model(), partial).violations.join()).toMatch(/order status/);
	});
});
