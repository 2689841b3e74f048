import { mapWithConcurrency } from '../http/concurrency';
import { NetSuiteApiError } from '../netsuite/errors';
import type { PatchResult, RestletCall } from '../netsuite/client';
import type { PlannedPatch } from './plan';

/**
 * Write mode "RESTlet batch": the planned record writes go through the package's second RESTlet
 * (suitescript/amz_batch_update_restlet.js), many records per call, instead of one REST PATCH
 * each. The plan, the order of writes (sales orders before fulfillments) and every per-record rule
 * stay in core/update/run.ts; this module only turns a list of writes into RESTlet calls and the
 * script's per-record answers back into one outcome per write.
 */

export const DEFAULT_BATCH_SCRIPT = 'customscript_amz_batch_update';
export const DEFAULT_BATCH_DEPLOY = 'customdeploy_amz_batch_update';
/** 11 units per record (lookupFields + submitFields) under the RESTlet's 5,000. */
export const MAX_RECORDS_PER_CALL = 400;
export const DEFAULT_RECORDS_PER_CALL = 200;
/** Follow-up calls for what one call left over (governance/time) before giving up on the rest. */
const MAX_CONTINUATIONS = 20;

export interface BatchSettings {
	scriptId: string;
	deployId: string;
	recordsPerCall: number;
}

export interface BatchClient {
	restlet<T = unknown>(call: RestletCall): Promise<T>;
}

export type WriteOutcome = { ok: true; result: PatchResult } | { ok: false; error: unknown };

interface BatchUpdate {
	type: 'salesorder' | 'itemfulfillment';
	id: string;
	values: Record<string, unknown>;
}

interface BatchResult {
	type?: string;
	id?: string;
	status?: 'updated' | 'unchanged' | 'error';
	error?: { code?: string; message?: string };
}

interface BatchAnswer {
	results?: BatchResult[];
	remaining?: BatchUpdate[];
	stoppedBy?: string;
}

const SCRIPT_TYPE: Record<PlannedPatch['recordType'], BatchUpdate['type']> = {
	salesOrder: 'salesorder',
	itemFulfillment: 'itemfulfillment',
};

/**
 * The REST body as submitFields values: a list reference `{id}` becomes its internal ID; booleans,
 * strings, numbers and null (clear) stay as they are.
 */
export function submitValues(body: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [field, value] of Object.entries(body)) {
		if (value && typeof value === 'object' && !Array.isArray(value) && 'id' in value) {
			out[field] = String((value as { id: unknown }).id);
		} else out[field] = value;
	}
	return out;
}

const key = (type: string, id: string) => `${type}:${id}`;

function recordError(patch: PlannedPatch, code: string, message: string): NetSuiteApiError {
	return new NetSuiteApiError({
		operation: 'batch record update (RESTlet)',
		record: `${patch.recordType} ${patch.id}`,
		statusCode: 200,
		code,
		detail: message,
	});
}

/**
 * Writes the patches through the batch RESTlet: calls of at most `recordsPerCall` records, run with
 * `concurrency`; what a call returns as `remaining` goes into a follow-up call. Every patch gets an
 * outcome: the script's per-record answer, or the call's error for the records it carried.
 */
export async function writeInBatches(
	client: BatchClient,
	patches: PlannedPatch[],
	settings: BatchSettings,
	concurrency: number,
): Promise<Map<PlannedPatch, WriteOutcome>> {
	const outcomes = new Map<PlannedPatch, WriteOutcome>();
	const byKey = new Map<string, PlannedPatch>();
	const sendable: PlannedPatch[] = [];
	for (const patch of patches) {
		if (!/^\d{1,20}$/.test(patch.id)) {
			outcomes.set(patch, {
				ok: false,
				error: recordError(
					patch,
					'INVALID_ID',
					`Write Mode "RESTlet batch" needs internal IDs (digits); "${patch.id.slice(0, 60)}" is not one. Use REST PATCH for external IDs (eid:…).`,
				),
			});
			continue;
		}
		byKey.set(key(SCRIPT_TYPE[patch.recordType], patch.id), patch);
		sendable.push(patch);
	}
	const size = Math.min(
		MAX_RECORDS_PER_CALL,
		Math.max(1, Math.floor(settings.recordsPerCall) || DEFAULT_RECORDS_PER_CALL),
	);
	const chunks: BatchUpdate[][] = [];
	for (let i = 0; i < sendable.length; i += size) {
		chunks.push(
			sendable.slice(i, i + size).map((p) => ({
				type: SCRIPT_TYPE[p.recordType],
				id: p.id,
				values: submitValues(p.body),
			})),
		);
	}

	const send = async (first: BatchUpdate[]) => {
		let updates = first;
		for (let call = 0; updates.length; call++) {
			const carried = updates.map((u) => byKey.get(key(u.type, u.id))!);
			if (call > MAX_CONTINUATIONS) {
				for (const patch of carried) {
					outcomes.set(patch, {
						ok: false,
						error: recordError(
							patch,
							'BATCH_NOT_FINISHED',
							`The batch RESTlet left this record unwritten after ${MAX_CONTINUATIONS} follow-up calls; the next run repeats it.`,
						),
					});
				}
				return;
			}
			let answer: BatchAnswer;
			try {
				answer = await client.restlet<BatchAnswer>({
					scriptId: settings.scriptId,
					deployId: settings.deployId,
					method: 'POST',
					body: { updates },
					record: `${updates.length} records`,
					// Safe to repeat: the script skips records that already hold the values.
					idempotent: true,
				});
			} catch (error) {
				for (const patch of carried) outcomes.set(patch, { ok: false, error });
				return;
			}
			const seen = new Set<PlannedPatch>();
			for (const r of answer?.results ?? []) {
				const patch = byKey.get(key(String(r.type), String(r.id)));
				if (!patch || seen.has(patch)) continue;
				seen.add(patch);
				if (r.status === 'updated' || r.status === 'unchanged') {
					outcomes.set(patch, { ok: true, result: { propertyValidation: [] } });
				} else {
					outcomes.set(patch, {
						ok: false,
						error: recordError(
							patch,
							r.error?.code ?? 'UNEXPECTED_ERROR',
							r.error?.message ?? 'The batch RESTlet gave no reason.',
						),
					});
				}
			}
			const remaining = Array.isArray(answer?.remaining) ? answer.remaining : [];
			const left = remaining.filter((u) => {
				const patch = byKey.get(key(String(u.type), String(u.id)));
				return patch && !seen.has(patch) && !outcomes.has(patch);
			});
			// Records neither answered nor handed back: the script did not say, so they count as failed.
			const leftPatches = new Set(left.map((u) => byKey.get(key(u.type, u.id))));
			for (const patch of carried) {
				if (!seen.has(patch) && !leftPatches.has(patch) && !outcomes.has(patch)) {
					outcomes.set(patch, {
						ok: false,
						error: recordError(
							patch,
							'NO_RESULT',
							'The batch RESTlet answered without a result for this record (is the deployed script the current suitescript/amz_batch_update_restlet.js?).',
						),
					});
				}
			}
			if (left.length && !seen.size) {
				// No progress at all: stop rather than call again with the same records.
				for (const patch of leftPatches) {
					outcomes.set(patch!, {
						ok: false,
						error: recordError(
							patch!,
							'BATCH_NO_PROGRESS',
							`The batch RESTlet wrote nothing and handed every record back (${answer.stoppedBy ?? 'no reason'}); the next run repeats it.`,
						),
					});
				}
				return;
			}
			updates = left;
		}
	};
	await mapWithConcurrency(chunks, Math.max(1, concurrency), send);
	return outcomes;
}
