'use strict';
/**
 * The promise of the flow (issue 15), checked against what Amazon and NetSuite hold at the end.
 *
 * For every fulfillment (and every corrected version of it), after the flow ran to quiescence:
 * 1. confirmed: Amazon holds each of its packages exactly once (a correction edits the same
 *    package, never adds one), NetSuite shows it sent, and the sales order's status says what
 *    Amazon accepted (partial stays partial); or
 * 2. not confirmed, and told: nothing, or only packages Amazon really accepted, are on Amazon;
 *    NetSuite leaves it unsent (so it goes again once fixed) and its error field says what is
 *    wrong; or
 * 3. still in flight, visibly: the trigger holds it as emitted, and re-sends it within the window.
 * Never: confirmed on Amazon but left unsent and untold; marked sent while something was not sent;
 * skipped with no trace.
 *
 * Reads only the emulators' final state (amazon.inspect(), netsuite.inspect()), the trigger's
 * static data and the model of what NetSuite holds (world.js). Pure: no emulator, no n8n.
 */

const norm = (t) =>
	String(t ?? '')
		.trim()
		.toUpperCase();
const PROCESSED = 'Fulfillment Processed';
const PARTIAL = 'Partially Fulfilled';

/** The trigger's cursor in the workflow's static data (key `node:<trigger name>`). */
function cursorOf(staticData) {
	for (const [key, value] of Object.entries(staticData ?? {}))
		if (key.startsWith('node:') && value && typeof value === 'object' && value.emitted)
			return value;
	return null;
}

/** Emission time (epoch ms) of a fulfillment the cursor remembers, or null. */
function emittedAt(cursor, id) {
	const entry = cursor?.emitted?.[id];
	const m = /@(\d+)$/.exec(String(entry ?? ''));
	return m ? Number(m[1]) * 1000 : null;
}

/** An error text that says something: words, not a bare code. */
const says = (text) => /[a-z]{3,}\W+[a-z]{2,}\W+[a-z]{2,}/i.test(String(text ?? ''));

function unitsOf(packages) {
	const units = {};
	for (const p of packages)
		for (const i of p.items ?? []) {
			const id = String(i.orderItemId ?? i.amazonOrderItemId);
			units[id] = (units[id] ?? 0) + Number(i.quantity);
		}
	return units;
}

const sameUnits = (a, b) => {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
};

/**
 * @param model   world.model: { fulfillments: Map, salesOrders: Map }
 * @param state   { amazon, netsuite, staticData, now, resendAfterMs, method: 'feed'|'confirm' }
 * @returns {{ outcomes: Record<string, string>, violations: string[], figures: object }}
 */
function checkPromise(model, state) {
	const violations = [];
	const outcomes = {};
	const orders = state.amazon.orders;
	const feeds = new Map((state.amazon.feeds ?? []).map((f) => [String(f.feedId), f]));
	const cursor = cursorOf(state.staticData);
	const figures = { confirmed: 0, told: 0, inFlight: 0, packages: 0, reconfirmations: 0 };

	// Every package on an Amazon order must belong to a fulfillment of that order.
	const ownerOf = new Map(); // amazonOrderId → Map(tracking → fulfillmentId)
	for (const f of model.fulfillments.values()) {
		if (!ownerOf.has(f.amazonOrderId)) ownerOf.set(f.amazonOrderId, new Map());
		for (const v of f.versions)
			for (const t of v.tracking) ownerOf.get(f.amazonOrderId).set(norm(t), f.id);
	}
	for (const [orderId, order] of Object.entries(orders)) {
		const owners = ownerOf.get(orderId) ?? new Map();
		for (const p of order.packages) {
			figures.packages++;
			figures.reconfirmations += Math.max(0, (p.confirmations ?? 1) - 1);
			if (!owners.has(norm(p.trackingNumber)))
				violations.push(
					`order ${orderId}: Amazon holds package ${p.trackingNumber}, which no fulfillment shipped`,
				);
		}
	}

	for (const f of model.fulfillments.values()) {
		const label = `fulfillment ${f.id} (order ${f.amazonOrderId})`;
		const ns = state.netsuite.itemFulfillments[f.id];
		if (!ns) {
			violations.push(`${label}: NetSuite does not hold it`);
			continue;
		}
		const latest = f.versions[f.versions.length - 1];
		const mine = new Set(f.versions.flatMap((v) => v.tracking.map(norm)));
		const packages = (orders[f.amazonOrderId]?.packages ?? []).filter((p) =>
			mine.has(norm(p.trackingNumber)),
		);
		const byBox = new Map();
		for (const p of packages) {
			const k = norm(p.trackingNumber);
			byBox.set(k, [...(byBox.get(k) ?? []), p]);
		}
		for (const [box, list] of byBox)
			if (list.length > 1)
				violations.push(`${label}: ${list.length} packages on Amazon for box ${box}`);
		const most = Math.max(...f.versions.map((v) => v.boxes.length));
		if (packages.length > most)
			violations.push(
				`${label}: Amazon holds ${packages.length} packages of it (${packages.map((p) => p.trackingNumber).join(', ')}); it never had more than ${most} boxes — a correction added instead of editing`,
			);

		const error = String(ns.error ?? '').trim();
		// What Amazon holds matches a version: exactly its boxes, its units.
		const matches = (v) => {
			const boxes = new Set(v.boxes.map(norm));
			return (
				packages.length === boxes.size &&
				packages.every((p) => boxes.has(norm(p.trackingNumber))) &&
				sameUnits(unitsOf(packages), v.units)
			);
		};
		const onAmazon = matches(latest);
		const matchesEarlier = f.versions.slice(0, -1).some(matches);

		if (ns.sentToAmazon) {
			if (onAmazon) {
				const unsent = latest.unsendable.filter((t) => !error.includes(t.trim()));
				if (unsent.length)
					violations.push(
						`${label}: marked sent, but tracking ${unsent.join(', ')} was not sent and NetSuite's error field does not say so`,
					);
				if (!ns.confirmedAt) violations.push(`${label}: marked sent without a confirmation time`);
				if (state.method === 'feed') {
					const feed = feeds.get(String(ns.feedId));
					if (!feed)
						violations.push(
							`${label}: NetSuite names feed ${ns.feedId}, which Amazon does not know`,
						);
					else if (feed.status !== 'DONE')
						violations.push(
							`${label}: NetSuite names feed ${ns.feedId}, which ended ${feed.status}`,
						);
				}
				outcomes[f.id] = 'confirmed';
			} else if (f.versions.length > 1 && matchesEarlier && says(error)) {
				// The correction was refused; Amazon keeps what it accepted before, and NetSuite says why.
				outcomes[f.id] = 'told';
			} else if (
				says(error) &&
				latest.boxes.every((t) => byBox.has(norm(t)) || error.includes(t.trim()))
			) {
				// Marked sent, and every box Amazon does not hold is named in the error field (e.g.
				// Amazon already shows the order shipped with another tracking number): visible.
				outcomes[f.id] = 'told';
			} else {
				const want = latest.boxes.filter((t) => !byBox.has(norm(t)));
				violations.push(
					`${label}: marked sent, but Amazon holds ${packages.length ? packages.map((p) => `${p.trackingNumber} ${JSON.stringify(unitsOf([p]))}`).join(', ') : 'nothing'}` +
						` (missing: ${want.join(', ') || 'none'}; units wanted ${JSON.stringify(latest.units)}); error field: ${JSON.stringify(error)}`,
				);
				outcomes[f.id] = 'sentButMissing';
			}
		} else if (error) {
			if (!says(error))
				violations.push(
					`${label}: left unsent with an error text that says nothing: ${JSON.stringify(error)}`,
				);
			outcomes[f.id] = 'told';
		} else {
			const at = emittedAt(cursor, f.id);
			const pendingFeed =
				state.method === 'feed' &&
				[...feeds.values()].some(
					(x) => /IN_QUEUE|IN_PROGRESS/.test(x.status) && (x.fulfillmentIds ?? []).includes(f.id),
				);
			if (at !== null && state.now - at <= state.resendAfterMs) {
				outcomes[f.id] = 'inFlight';
			} else if (pendingFeed) {
				outcomes[f.id] = 'inFlight';
			} else if (onAmazon) {
				violations.push(
					`${label}: confirmed on Amazon, but NetSuite leaves it unsent with no error and nothing in flight`,
				);
				outcomes[f.id] = 'confirmedUnsent';
			} else {
				violations.push(
					`${label}: skipped with no trace — unsent, no error in NetSuite, not in flight` +
						(at !== null
							? ` (last emitted ${Math.round((state.now - at) / 60000)} min ago)`
							: ' (never emitted)'),
				);
				outcomes[f.id] = 'skipped';
			}
		}
		if (outcomes[f.id] in figures) figures[outcomes[f.id]]++;
	}

	// The sales order's status says what Amazon accepted.
	for (const so of model.salesOrders.values()) {
		const ns = state.netsuite.salesOrders[so.id];
		const order = orders[so.amazonOrderId];
		const status = ns?.amazonOrderStatus ?? null;
		const full = !!order && order.items.every((i) => i.quantityShipped >= i.quantityOrdered);
		const shipped = !!order && order.items.some((i) => i.quantityShipped > 0);
		const mine = so.fulfillmentIds.map((id) => outcomes[id]);
		const label = `sales order ${so.id} (order ${so.amazonOrderId})`;
		if (mine.every((o) => o === 'confirmed')) {
			const want = full ? PROCESSED : PARTIAL;
			if (status !== want)
				violations.push(
					`${label}: every fulfillment confirmed, Amazon shows it ${full ? 'fully' : 'partly'} shipped, NetSuite's order status is "${status}" (want "${want}")`,
				);
		} else if (status === PROCESSED && !full)
			violations.push(
				`${label}: NetSuite's order status is "${PROCESSED}" but Amazon shows it ${shipped ? 'partly shipped' : 'not shipped'}`,
			);
	}
	return { outcomes, violations, figures };
}

module.exports = { checkPromise, cursorOf, emittedAt, norm };
