import type { NetSuiteUpdateResult } from '../fulfillment/types';
import { mapWithConcurrency } from '../http/concurrency';
import type { PatchResult, RestletCall } from '../netsuite/client';
import { chunkIds, suiteqlIdList, suiteqlIdentifier } from '../netsuite/suiteql';
import { internalIdKey } from '../shared/ids';
import {
	buildPlan,
	classifyInput,
	groupInputs,
	isProblem,
	listKey,
	lookupNeeds,
	orderStatusOf,
	type ClassifiedInput,
	type ItemProblem,
	type Lookups,
	type PlannedPatch,
	type UpdateInput,
	type UpdatePlan,
} from './plan';
import { writeInBatches, type BatchSettings, type WriteOutcome } from './batch';

/**
 * Runs one NetSuite Update Order execution: plan, at most one SuiteQL query per custom list and
 * one per 1,000 sales orders, then one PATCH per record. The client caps concurrency and retries.
 */

/** The part of NetSuiteClient this needs (tests may pass a stub). */
export interface UpdateClient {
	suiteql<T = Record<string, unknown>>(query: string): Promise<{ rows: T[] }>;
	patchRecord(type: string, id: string, body: Record<string, unknown>): Promise<PatchResult>;
	/** Needed for write mode `restlet`. */
	restlet?<T = unknown>(call: RestletCall): Promise<T>;
}

/** `patch`: one REST PATCH per record. `restlet`: many records per call of the batch RESTlet. */
export type WriteMode = 'patch' | 'restlet';

export interface ItemError {
	/** `config`: fix the node's parameters or the item; `api`: NetSuite said no. */
	kind: 'config' | 'api';
	message: string;
	description?: string;
	/** e.g. `itemFulfillment 1201`. */
	record?: string;
	/** The underlying error (a NetSuiteApiError for `api`). */
	cause?: unknown;
}

export interface ItemOutcome {
	index: number;
	netsuite: NetSuiteUpdateResult;
	/** Set when anything for this item failed; the other items are unaffected. */
	error?: ItemError;
}

export interface RunOptions {
	/** Epoch ms of this run; becomes updatedAt and the default confirmation time. */
	now: number;
	/** Parallel PATCHes (or batch calls); the client's own cap applies on top. */
	concurrency: number;
	/** Default `patch`. */
	writeMode?: WriteMode;
	/** For write mode `restlet`: the deployed batch script and how many records per call. */
	batch?: BatchSettings;
}

export interface RunResult {
	items: ItemOutcome[];
	plan: UpdatePlan;
	lookups: Lookups;
}

function errorMessage(error: unknown): string {
	return (error as Error)?.message ?? String(error);
}

interface LoadedLookups {
	lookups: Lookups;
	/** Sales orders whose status was needed; the error of a failed status query. */
	statusNeeded: string[];
	statusFailure?: unknown;
}

/**
 * Each order's fulfillments NetSuite does not show sent. A split order whose other part Amazon
 * refused (or has not seen yet) is only partly on Amazon, though NetSuite calls it fully fulfilled.
 */
async function unsentFulfillmentsOf(
	client: UpdateClient,
	salesOrderIds: string[],
	sentFieldId: string,
): Promise<Record<string, string[]>> {
	const sent = suiteqlIdentifier(sentFieldId, 'Sent Flag Field');
	const { rows } = await client.suiteql<{ sales_order_id?: string; fulfillment_id?: string }>(
		`SELECT DISTINCT tl.createdfrom AS sales_order_id, f.id AS fulfillment_id FROM transaction f JOIN transactionline tl ON tl.transaction = f.id AND tl.mainline = 'F' WHERE f.type = 'ItemShip' AND NVL(f.${sent}, 'F') = 'F' AND tl.createdfrom IN (${suiteqlIdList(salesOrderIds, 'Sales Order ID')}) ORDER BY tl.createdfrom, f.id`,
	);
	const out: Record<string, string[]> = {};
	for (const row of rows) {
		if (row.sales_order_id === undefined || row.fulfillment_id === undefined) continue;
		(out[internalIdKey(row.sales_order_id)] ??= []).push(String(row.fulfillment_id));
	}
	return out;
}

async function loadLookups(
	client: UpdateClient,
	classified: ClassifiedInput[],
): Promise<LoadedLookups> {
	const needs = lookupNeeds(groupInputs(classified));
	const lookups: Lookups = { listValues: {}, listErrors: {}, orderStatus: {} };
	let statusFailure: unknown;
	const tasks: Array<Promise<void>> = [];
	for (const listId of Object.keys(needs.lists)) {
		tasks.push(
			(async () => {
				try {
					const table = suiteqlIdentifier(listId, 'Status List ID');
					const { rows } = await client.suiteql<{ id?: string; name?: string }>(
						`SELECT id, name FROM ${table} ORDER BY id`,
					);
					const values: Record<string, string> = {};
					for (const row of rows) {
						if (row.name !== undefined && row.id !== undefined)
							values[listKey(String(row.name))] ??= String(row.id);
					}
					lookups.listValues[listId] = values;
				} catch (error) {
					lookups.listErrors![listId] = `Reading the list ${listId} failed: ${errorMessage(error)}`;
				}
			})(),
		);
	}
	if (needs.salesOrderIds.length) {
		tasks.push(
			(async () => {
				try {
					for (const chunk of chunkIds(needs.salesOrderIds)) {
						const { rows } = await client.suiteql<{ id?: string; status?: string }>(
							`SELECT id, status FROM transaction WHERE type = 'SalesOrd' AND id IN (${suiteqlIdList(chunk, 'Sales Order ID')}) ORDER BY id`,
						);
						// Both answers or neither: an order's status without its unsent fulfillments
						// would read a split order as complete.
						const unsent = needs.sentFieldId
							? await unsentFulfillmentsOf(client, chunk, needs.sentFieldId)
							: {};
						for (const row of rows) {
							if (row.id !== undefined)
								lookups.orderStatus[internalIdKey(row.id)] = String(row.status ?? '');
						}
						lookups.unsentFulfillments = { ...lookups.unsentFulfillments, ...unsent };
					}
				} catch (error) {
					lookups.orderStatusError = errorMessage(error);
					statusFailure = error;
				}
			})(),
		);
	}
	await Promise.all(tasks);
	return { lookups, statusNeeded: needs.salesOrderIds, statusFailure };
}

function apiError(patch: PlannedPatch, error: unknown): ItemError {
	return {
		kind: 'api',
		message: errorMessage(error),
		record: `${patch.recordType} ${patch.id}`,
		cause: error,
	};
}

export async function runUpdate(
	client: UpdateClient,
	inputs: UpdateInput[],
	options: RunOptions,
): Promise<RunResult> {
	const nowIso = new Date(options.now).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const classified: ClassifiedInput[] = [];
	const problems: ItemProblem[] = [];
	for (const input of inputs) {
		const c = classifyInput(input);
		if (isProblem(c)) problems.push(c);
		else classified.push(c);
	}

	const loaded: LoadedLookups = classified.length
		? await loadLookups(client, classified)
		: { lookups: { listValues: {}, orderStatus: {} }, statusNeeded: [] };
	const lookups = loaded.lookups;
	const plan = buildPlan(classified, lookups, nowIso, problems);

	const outcomes = new Map<number, ItemOutcome>();
	for (const input of inputs) {
		outcomes.set(input.index, {
			index: input.index,
			netsuite: {
				salesOrderUpdated: false,
				fulfillmentUpdated: false,
				warnings: [...(plan.warnings[input.index] ?? [])],
				updatedAt: nowIso,
			},
		});
	}
	for (const problem of plan.problems) {
		const outcome = outcomes.get(problem.index)!;
		outcome.error ??= {
			kind: 'config',
			message: problem.message,
			description: problem.description,
		};
	}

	const patchErrors = new Map<number, { itemFulfillment?: ItemError; salesOrder?: ItemError }>();
	const byIndex = new Map(classified.map((c) => [c.index, c]));
	// A sales order whose status could not be read got no PATCH: for its fulfillments that counts
	// as a failed order update (below), so they are repeated rather than marked sent.
	const statusUnread = new Set<number>();
	if (lookups.orderStatusError) {
		const planned = new Set(
			plan.patches.filter((p) => p.recordType === 'salesOrder').map((p) => p.id),
		);
		const unread = new Set(
			loaded.statusNeeded.filter(
				(id) => orderStatusOf(lookups, id) === undefined && !planned.has(id),
			),
		);
		for (const c of classified) {
			if (c.kind !== 'success' || !unread.has(c.salesOrderId)) continue;
			const record = `salesOrder ${c.salesOrderId}`;
			const outcome = outcomes.get(c.index)!;
			// Replaced by the fuller error below; any other planning problem stays first.
			if (outcome.error?.message.startsWith(`${record}: could not read the order's status`))
				outcome.error = undefined;
			statusUnread.add(c.index);
			patchErrors.set(c.index, {
				salesOrder: {
					kind: 'api',
					message: `${record}: could not read the order's status to choose between "${c.salesOrder.processedValue}" and "${c.salesOrder.partialValue}", so its Amazon status was not set.`,
					description: lookups.orderStatusError,
					record,
					cause: loaded.statusFailure,
				},
			});
		}
	}
	// Any other sales order that needed a write and got none (status value not in the list, the
	// list unreadable or answered oddly, a bad additional field): its accepted fulfillments are held
	// back the same way, or the order's status would stay behind for good.
	const orderNotSet = new Map<number, string>();
	for (const c of classified) {
		const unwritten = plan.unwrittenOrders[c.salesOrderId];
		if (c.kind !== 'success' || !unwritten || statusUnread.has(c.index)) continue;
		const record = `salesOrder ${c.salesOrderId}`;
		const outcome = outcomes.get(c.index)!;
		if (outcome.error?.message === unwritten.message) outcome.error = undefined;
		const reason = unwritten.message.startsWith(`${record}: `)
			? unwritten.message.slice(record.length + 2)
			: unwritten.message;
		orderNotSet.set(
			c.index,
			`Amazon accepted this fulfillment, but ${record} was not updated: ${reason}.${unwritten.description ? ` ${unwritten.description}` : ''} It was left unsent so that the next run repeats it.`,
		);
		patchErrors.set(c.index, {
			salesOrder: {
				kind: unwritten.kind,
				message: unwritten.message,
				description: unwritten.description,
				record,
			},
		});
	}
	const record = (patch: PlannedPatch, outcome: WriteOutcome) => {
		for (const index of patch.itemIndexes) {
			const item = outcomes.get(index)!;
			if (outcome.ok) {
				if (patch.recordType === 'salesOrder') item.netsuite.salesOrderUpdated = true;
				else item.netsuite.fulfillmentUpdated = true;
				for (const w of outcome.result.propertyValidation) {
					item.netsuite.warnings.push(`${patch.recordType} ${patch.id}: ${w}`);
				}
			} else {
				const errors = patchErrors.get(index) ?? {};
				errors[patch.recordType] = apiError(patch, outcome.error);
				patchErrors.set(index, errors);
			}
		}
	};
	const concurrency = Math.max(1, options.concurrency);
	const batch = options.writeMode === 'restlet' ? options.batch : undefined;
	if (options.writeMode === 'restlet' && (!batch || !client.restlet)) {
		throw new Error(
			'Write mode "restlet" needs the batch RESTlet settings and a client that calls RESTlets.',
		);
	}
	/** Writes one phase (all sales orders, or all fulfillments) in the chosen mode. */
	const write = async (patches: PlannedPatch[]) => {
		if (batch && client.restlet) {
			const results = await writeInBatches(
				client as Required<Pick<UpdateClient, 'restlet'>>,
				patches,
				batch,
				concurrency,
			);
			for (const patch of patches) record(patch, results.get(patch)!);
			return;
		}
		await mapWithConcurrency(patches, concurrency, async (patch) => {
			try {
				record(patch, {
					ok: true,
					result: await client.patchRecord(patch.recordType, patch.id, patch.body),
				});
			} catch (error) {
				record(patch, { ok: false, error });
			}
		});
	};
	// The fulfillment's sent flag is the flow's commit mark: once ticked, the trigger never offers
	// the fulfillment again. So sales orders are written first, and an accepted fulfillment whose
	// sales order could not be written (PATCH failed, or its status could not be read) is updated
	// WITHOUT the sent flag: a later run repeats it (Amazon receives the same package again, which
	// updates it) instead of leaving the order's status behind for good.
	await write(plan.patches.filter((p) => p.recordType === 'salesOrder'));
	const fulfillmentPatches = plan.patches
		.filter((p) => p.recordType !== 'salesOrder')
		.map((patch) => {
			const held = patch.itemIndexes
				.map((i) => byIndex.get(i))
				.find((c) => c?.kind === 'success' && patchErrors.get(c.index)?.salesOrder);
			const sentField = held?.fulfillment.sentFieldId;
			if (!held || !sentField || !(sentField in patch.body)) return patch;
			const order = patchErrors.get(held.index)!.salesOrder!;
			const body = { ...patch.body };
			delete body[sentField];
			const note = statusUnread.has(held.index)
				? `Amazon accepted this fulfillment, but the order status of ${order.record} could not be set: reading its current status failed (${lookups.orderStatusError}). It was left unsent so that the next run repeats it.`
				: (orderNotSet.get(held.index) ??
					`Amazon accepted this fulfillment, but ${order.record ?? 'the sales order'} could not be updated (${order.message}). It was left unsent so that the next run repeats it.`);
			if (held.fulfillment.errorFieldId) body[held.fulfillment.errorFieldId] = note.slice(0, 3900);
			for (const i of patch.itemIndexes) {
				const salesOrderError = patchErrors.get(i)?.salesOrder;
				if (!salesOrderError) continue;
				const unsent = `${patch.recordType} ${patch.id} was left unsent (its sent flag not ticked) so that the next run repeats it.`;
				salesOrderError.description = statusUnread.has(i)
					? `${lookups.orderStatusError} ${unsent}`
					: orderNotSet.has(i) && salesOrderError.description
						? `${salesOrderError.description} ${unsent}`
						: unsent;
			}
			return { ...patch, body };
		});
	await write(fulfillmentPatches);
	// Deterministic whatever finished first: a planning problem, then the fulfillment, then the order.
	for (const [index, errors] of patchErrors) {
		const outcome = outcomes.get(index)!;
		const first = errors.itemFulfillment ?? errors.salesOrder!;
		if (errors.itemFulfillment && errors.salesOrder) {
			first.description = `The sales order update failed too: ${errors.salesOrder.message}`;
		}
		outcome.error ??= first;
	}

	return { items: inputs.map((i) => outcomes.get(i.index)!), plan, lookups };
}
