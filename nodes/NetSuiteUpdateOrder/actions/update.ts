import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { UpdateInput } from '../../../core/update/plan';
import { runUpdate, type ItemError, type ItemOutcome } from '../../../core/update/run';
import { buildNetSuiteClient } from '../../shared/netsuiteClient';
import { errorJson, toNodeError } from '../helpers/errors';
import { readConcurrency, readInput, readWriteMode } from '../helpers/parameters';

/** Writes every item's outcome to NetSuite; each item comes out with what was written (or why not). */
export async function update(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (!items.length) return [[]];

	const concurrency = readConcurrency(this);
	const { writeMode, batch } = readWriteMode(this);
	const client = await buildNetSuiteClient(this, { concurrency });

	// Parameters that fail to resolve for one item stop that item only.
	const inputs: UpdateInput[] = [];
	const parameterErrors = new Map<number, ItemError>();
	for (let i = 0; i < items.length; i++) {
		try {
			inputs.push(readInput(this, i, items[i]));
		} catch (error) {
			parameterErrors.set(i, { kind: 'config', message: `Item ${i}: ${(error as Error).message}` });
		}
	}

	const run = await runUpdate(client, inputs, { now: Date.now(), concurrency, writeMode, batch });
	const byIndex = new Map(run.items.map((o) => [o.index, o]));
	const updatedAt = new Date().toISOString();

	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const outcome: ItemOutcome = byIndex.get(i) ?? {
			index: i,
			netsuite: { salesOrderUpdated: false, fulfillmentUpdated: false, warnings: [], updatedAt },
			error: parameterErrors.get(i),
		};
		const json: IDataObject = {
			...items[i].json,
			netsuite: outcome.netsuite as unknown as IDataObject,
		};
		if (outcome.error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), outcome.error, outcome.index);
			json.error = errorJson(outcome.error);
		}
		output.push({ json, pairedItem: { item: i } });
	}
	return [output];
}
