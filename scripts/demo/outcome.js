'use strict';
/**
 * What happened, in a seller's terms: read from the execution's items (what n8n shows), then
 * cross-checked against the emulators' own state (what Amazon and NetSuite now hold).
 */
const { nodeOf, nodesOf } = require('./template');

/** Every item a node sent on one output, over all its runs (the status node runs once per check). */
function itemsOf(result, nodeName, outputIndex) {
	const runs = result.runData?.[nodeName] ?? [];
	return runs.flatMap((run) => run?.[outputIndex] ?? []).map((item) => item.json);
}

function indexOf(labels, wanted, fallback) {
	const i = (labels ?? []).findIndex((l) => String(l).toLowerCase() === wanted.toLowerCase());
	return i >= 0 ? i : fallback;
}

function label(json) {
	return json.fulfillmentNumber || `fulfillment ${json.fulfillmentId}`;
}

/**
 * @param {object} args
 * @param {object} args.workflow        the workflow that ran
 * @param {object} args.result          the final execution result (runData of every run)
 * @param {object} args.emulatorState   { netsuite: inspect(), amazon: inspect() }
 * @param {object} [args.outputLabels]  node name → output labels
 * @param {object} [args.documents]     { feed(feedId) → text, report(feedId) → text }
 */
function collectOutcome({ workflow, result, emulatorState, outputLabels = {}, documents = {} }) {
	const trigger = nodeOf(workflow, 'trigger').name;
	const feed = nodeOf(workflow, 'feed').name;
	const status = nodeOf(workflow, 'status').name;
	const updates = nodesOf(workflow, 'update').map((n) => n.name);

	const found = itemsOf(result, trigger, 0);
	const submitted = itemsOf(result, feed, indexOf(outputLabels[feed], 'Submitted', 0));
	const invalidItems = itemsOf(result, feed, indexOf(outputLabels[feed], 'Invalid', 1));
	const statusLabels = outputLabels[status];
	const done = itemsOf(result, status, indexOf(statusLabels, 'Done', 0));
	const rejectedItems = itemsOf(result, status, indexOf(statusLabels, 'Rejected', 1));
	const pendingChecks = itemsOf(result, status, indexOf(statusLabels, 'Pending', 2)).length;
	const failedItems = itemsOf(result, status, indexOf(statusLabels, 'Failed', 3));
	const updated = updates.flatMap((name) =>
		itemsOf(result, name, 0).map((json) => ({ name, json })),
	);

	const feeds = new Map();
	for (const json of submitted) {
		const s = json.amazon?.submission ?? {};
		const key = s.feedId ?? `preview:${s.marketplaceId}`;
		if (!feeds.has(key))
			feeds.set(key, {
				feedId: s.feedId ?? null,
				method: s.method,
				marketplaceId: s.marketplaceId,
				feedType: s.feedType,
				format: s.feedType === 'POST_FLAT_FILE_FULFILLMENT_DATA' ? 'flatFile' : 'xml',
				fulfillments: [],
				messages: 0,
			});
		const f = feeds.get(key);
		f.fulfillments.push(label(json));
		f.messages += (s.packages ?? []).length;
	}
	const amazonFeeds = new Map((emulatorState.amazon.feeds ?? []).map((f) => [String(f.feedId), f]));
	for (const f of feeds.values()) {
		const emu = f.feedId ? amazonFeeds.get(String(f.feedId)) : undefined;
		f.bytes = emu?.bytes ?? null;
		f.amazonStatus = emu?.status ?? null;
		if (f.feedId && documents.feed) f.document = safe(() => documents.feed(f.feedId));
		if (f.feedId && documents.report) f.report = safe(() => documents.report(f.feedId));
	}

	const accepted = done.map((json) => ({
		fulfillment: label(json),
		fulfillmentId: json.fulfillmentId,
		salesOrder: json.salesOrderNumber ?? json.salesOrderId,
		amazonOrderId: json.amazon?.submission?.amazonOrderId ?? json.amazonOrderId,
		feedId: json.amazon?.submission?.feedId,
		outcome: json.amazon?.result?.outcome,
		packages: (json.amazon?.submission?.packages ?? []).map((p) => ({
			trackingNumber: p.trackingNumber,
			carrierCode: p.carrierCode,
			carrierName: p.carrierName,
			shippingMethod: p.shippingMethod,
			items: (p.items ?? []).map((i) => ({
				amazonOrderItemId: i.amazonOrderItemId,
				quantity: i.quantity,
			})),
		})),
		trackingNotSent: json.amazon?.submission?.trackingNotSent ?? [],
		// What the feed node did on the seller's behalf (e.g. a promo insert line left out).
		notes: json.amazon?.submission?.notes ?? [],
		warnings: (json.amazon?.result?.warnings ?? []).map(reason),
	}));
	const rejected = rejectedItems.map((json) => ({
		fulfillment: label(json),
		fulfillmentId: json.fulfillmentId,
		amazonOrderId: json.amazon?.submission?.amazonOrderId ?? json.amazonOrderId,
		feedId: json.amazon?.submission?.feedId,
		message: json.amazon?.result?.message,
		reasons: (json.amazon?.result?.errors ?? []).map(reason),
	}));
	const invalid = invalidItems.map((json) => ({
		fulfillment: label(json),
		fulfillmentId: json.fulfillmentId,
		amazonOrderId: json.amazonOrderId,
		problems: (json.amazon?.validation ?? []).map((p) => ({
			field: p.field,
			message: p.message,
			fix: p.fix,
		})),
	}));
	const failed = failedItems.map((json) => ({
		fulfillment: label(json),
		fulfillmentId: json.fulfillmentId,
		feedId: json.amazon?.submission?.feedId,
		message: json.amazon?.result?.message,
	}));

	const netsuite = {
		fulfillmentsMarkedSent: [],
		errorsWritten: [],
		salesOrdersUpdated: [],
		warnings: [],
	};
	for (const { name, json } of updated) {
		const ns = json.netsuite ?? {};
		const outcome =
			json.amazon?.result?.outcome ?? (json.amazon?.validation ? 'invalid' : undefined);
		const good = outcome === 'accepted' || outcome === 'acceptedWithWarnings';
		if (ns.fulfillmentUpdated)
			(good ? netsuite.fulfillmentsMarkedSent : netsuite.errorsWritten).push(label(json));
		if (ns.salesOrderUpdated) {
			const so = json.salesOrderNumber ?? json.salesOrderId;
			if (!netsuite.salesOrdersUpdated.includes(so)) netsuite.salesOrdersUpdated.push(so);
		}
		for (const w of ns.warnings ?? []) netsuite.warnings.push(`${name}, ${label(json)}: ${w}`);
		if (json.error)
			netsuite.warnings.push(`${name}, ${label(json)}: ${json.error.message ?? json.error}`);
	}

	const summary = {
		fulfillmentsFound: found.length,
		found: found.map((json) => ({
			fulfillment: label(json),
			fulfillmentId: json.fulfillmentId,
			salesOrder: json.salesOrderNumber ?? json.salesOrderId,
			amazonOrderId: json.amazonOrderId,
			shipMethod: json.shipMethod,
			trackingNumbers: json.trackingNumbers ?? [],
		})),
		feeds: [...feeds.values()],
		statusChecks: (result.runData?.[status] ?? []).length,
		pendingChecks,
		accepted,
		rejected,
		invalid,
		failed,
		netsuite,
	};
	summary.crossCheck = crossCheck(summary, emulatorState);
	return summary;
}

function reason(r) {
	return {
		code: r.code,
		resultCode: r.resultCode,
		description: r.description,
		hint: r.hint,
		trackingNumber: r.trackingNumber,
	};
}

function safe(fn) {
	try {
		const v = fn();
		return v == null ? null : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
	} catch {
		return null;
	}
}

/** Does what the execution says match what Amazon and NetSuite now hold? */
function crossCheck(summary, state) {
	const problems = [];
	const orders = state.amazon.orders ?? {};
	const fulfillments = state.netsuite.itemFulfillments ?? {};
	const salesOrders = state.netsuite.salesOrders ?? {};
	const feedIds = new Set(summary.feeds.map((f) => String(f.feedId)));
	const emulatorFeeds = (state.amazon.feeds ?? []).filter((f) => feedIds.has(String(f.feedId)));

	if (emulatorFeeds.length !== summary.feeds.filter((f) => f.feedId).length)
		problems.push(
			`the execution names ${summary.feeds.length} feed(s); Amazon knows ${emulatorFeeds.length} of them`,
		);
	const otherFeeds = (state.amazon.feeds ?? []).filter((f) => !feedIds.has(String(f.feedId)));
	if (otherFeeds.length)
		problems.push(
			`Amazon has feed(s) the execution does not mention: ${otherFeeds.map((f) => f.feedId).join(', ')}`,
		);
	for (const f of emulatorFeeds)
		if (f.status !== 'DONE') problems.push(`feed ${f.feedId} is ${f.status} on Amazon, not DONE`);

	let packagesConfirmed = 0;
	for (const a of summary.accepted) {
		const order = orders[a.amazonOrderId];
		if (!order) {
			problems.push(`${a.fulfillment}: Amazon has no order ${a.amazonOrderId}`);
			continue;
		}
		for (const p of a.packages) {
			const onAmazon = order.packages.find((q) => q.trackingNumber === p.trackingNumber);
			if (!onAmazon) {
				problems.push(
					`${a.fulfillment}: package ${p.trackingNumber} is not on Amazon order ${a.amazonOrderId}`,
				);
				continue;
			}
			packagesConfirmed++;
			if (String(onAmazon.feedId) !== String(a.feedId))
				problems.push(
					`${a.fulfillment}: package ${p.trackingNumber} came from feed ${onAmazon.feedId}, not ${a.feedId}`,
				);
			if (p.items.length) {
				const want = p.items
					.map((i) => `${i.amazonOrderItemId}x${i.quantity}`)
					.sort()
					.join(',');
				const got = onAmazon.items
					.map((i) => `${i.orderItemId ?? i.amazonOrderItemId}x${i.quantity}`)
					.sort()
					.join(',');
				if (want !== got)
					problems.push(
						`${a.fulfillment}: package ${p.trackingNumber} holds ${got} on Amazon, sent ${want}`,
					);
			}
			if (onAmazon.carrierCode !== p.carrierCode)
				problems.push(
					`${a.fulfillment}: carrier ${onAmazon.carrierCode} on Amazon, sent ${p.carrierCode}`,
				);
		}
		const ns = fulfillments[a.fulfillmentId];
		if (!ns?.sentToAmazon) problems.push(`${a.fulfillment}: not marked sent in NetSuite`);
		else if (a.feedId && String(ns.feedId) !== String(a.feedId))
			problems.push(`${a.fulfillment}: NetSuite feed ID ${ns.feedId}, Amazon feed ${a.feedId}`);
	}
	for (const r of [...summary.rejected, ...summary.invalid, ...summary.failed]) {
		const ns = fulfillments[r.fulfillmentId];
		if (ns?.sentToAmazon)
			problems.push(`${r.fulfillment}: marked sent in NetSuite although Amazon did not accept it`);
		if (!ns?.error) problems.push(`${r.fulfillment}: no error text written to NetSuite`);
	}
	for (const r of summary.invalid) {
		const tracking = new Set(
			summary.found.find((f) => f.fulfillmentId === r.fulfillmentId)?.trackingNumbers ?? [],
		);
		for (const order of Object.values(orders))
			for (const p of order.packages)
				if (tracking.has(p.trackingNumber) && feedIds.has(String(p.feedId)))
					problems.push(
						`${r.fulfillment} was invalid but package ${p.trackingNumber} reached Amazon`,
					);
	}
	const amazonPackages = Object.values(orders)
		.flatMap((o) => o.packages)
		.filter((p) => feedIds.has(String(p.feedId))).length;
	if (amazonPackages !== packagesConfirmed)
		problems.push(
			`Amazon holds ${amazonPackages} package(s) from these feeds; the execution accounts for ${packagesConfirmed}`,
		);

	const marked = Object.entries(fulfillments).filter(
		([id, f]) => f.sentToAmazon && summary.found.some((x) => x.fulfillmentId === id),
	).length;
	if (marked !== summary.accepted.length)
		problems.push(
			`NetSuite marks ${marked} of the found fulfillments sent; Amazon accepted ${summary.accepted.length}`,
		);

	const ordersProcessed = Object.entries(salesOrders)
		.filter(
			([, so]) =>
				summary.netsuite.salesOrdersUpdated.includes(so.tranid) ||
				summary.netsuite.salesOrdersUpdated.includes(so.id),
		)
		.map(([, so]) => ({ salesOrder: so.tranid, amazonStatus: so.amazonOrderStatus }));

	return {
		ok: problems.length === 0,
		problems,
		amazon: { feeds: emulatorFeeds.length, packagesConfirmed: amazonPackages },
		netsuite: {
			fulfillmentsMarkedSent: marked,
			errorsOnFulfillments: Object.entries(fulfillments).filter(
				([id, f]) => f.error && summary.found.some((x) => x.fulfillmentId === id),
			).length,
			salesOrders: ordersProcessed,
		},
	};
}

module.exports = { collectOutcome, itemsOf, crossCheck };
