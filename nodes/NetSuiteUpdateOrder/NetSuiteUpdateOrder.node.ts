import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type JsonObject,
} from 'n8n-workflow';

import type { FulfillmentItem } from '../../core/fulfillment/types';
import { NetSuiteApiError } from '../../core/netsuite/errors';
import type {
	ExtraField,
	ExtraFieldType,
	StatusValueType,
	UpdateInput,
} from '../../core/update/plan';
import { runUpdate, type ItemError, type ItemOutcome, type WriteMode } from '../../core/update/run';
import { buildNetSuiteClient } from '../shared/netsuiteClient';
import { properties } from './description';
import { text } from '../../core/shared/text';

const MAX_CONCURRENCY = 10;

function extraFields(raw: unknown): ExtraField[] {
	const rows = ((raw as { field?: IDataObject[] } | undefined)?.field ?? []) as IDataObject[];
	return rows.map((row) => ({
		fieldId: text(row.fieldId),
		type: (text(row.type) || 'text') as ExtraFieldType,
		value: row.value,
	}));
}

/** Reads one item's parameters (expressions resolved for that item). */
function readInput(
	context: IExecuteFunctions,
	index: number,
	item: INodeExecutionData,
): UpdateInput {
	const p = <T = unknown>(name: string, fallback?: unknown) =>
		context.getNodeParameter(name, index, fallback) as T;
	return {
		index,
		salesOrderId: text(p('salesOrderId', '')),
		fulfillmentId: text(p('fulfillmentId', '')),
		outcome: text(p('outcome', '')),
		missingOutcomeIsAccepted: p('missingOutcome', 'error') === 'accepted',
		item: item.json as unknown as Partial<FulfillmentItem>,
		salesOrder: {
			statusFieldId: text(p('statusFieldId', '')),
			valueType: (text(p('statusValueType', 'listName')) || 'listName') as StatusValueType,
			listId: text(p('statusListId', '')),
			processedValue: text(p('processedValue', '')),
			partialValue: text(p('partialValue', '')),
			errorValue: text(p('errorValue', '')),
			extraFields: extraFields(p('salesOrderFields', {})),
		},
		fulfillment: {
			sentFieldId: text(p('sentFieldId', '')),
			feedIdFieldId: text(p('feedIdFieldId', '')),
			confirmedAtFieldId: text(p('confirmedAtFieldId', '')),
			errorFieldId: text(p('errorFieldId', '')),
			sentFingerprintFieldId: text(p('options.sentFingerprintFieldId', '')),
			extraFields: extraFields(p('fulfillmentFields', {})),
		},
	};
}

function errorJson(error: ItemError): IDataObject {
	const out: IDataObject = { message: error.message };
	if (error.description) out.description = error.description;
	if (error.record) out.record = error.record;
	const cause = error.cause;
	if (cause instanceof NetSuiteApiError) {
		if (cause.statusCode) out.httpCode = cause.statusCode;
		if (cause.code) out.code = cause.code;
		if (cause.detail) out.detail = cause.detail;
		if (cause.errorPath) out.errorPath = cause.errorPath;
	}
	return out;
}

function toNodeError(context: IExecuteFunctions, outcome: ItemOutcome): Error {
	const error = outcome.error!;
	const itemIndex = outcome.index;
	const cause = error.cause;
	if (error.kind === 'api' && cause instanceof NetSuiteApiError) {
		return new NodeApiError(context.getNode(), cause.toJSON() as JsonObject, {
			message: error.message,
			description: error.description ?? cause.hint,
			httpCode: cause.statusCode ? String(cause.statusCode) : undefined,
			itemIndex,
		});
	}
	if (error.kind === 'api') {
		return new NodeApiError(context.getNode(), { message: error.message } as JsonObject, {
			message: error.message,
			description: error.description,
			itemIndex,
		});
	}
	return new NodeOperationError(context.getNode(), error.message, {
		description: error.description,
		itemIndex,
	});
}

export class NetSuiteUpdateOrder implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NetSuite Update Order',
		name: 'netSuiteUpdateOrder',
		icon: { light: 'file:netSuiteUpdateOrder.svg', dark: 'file:netSuiteUpdateOrder.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ "Fulfillment " + ($parameter["fulfillmentId"] || "") }}',
		description:
			"Record Amazon's answer in NetSuite: mark item fulfillments sent (or store Amazon's error) and set the sales order's Amazon status",
		defaults: { name: 'NetSuite Update Order' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'netSuiteApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		if (!items.length) return [[]];

		const concurrency = Math.min(
			MAX_CONCURRENCY,
			Math.max(1, Math.floor(Number(this.getNodeParameter('options.concurrency', 0, 2)) || 2)),
		);
		const client = await buildNetSuiteClient(this, { concurrency });

		// Parameters that fail to resolve for one item stop that item only.
		const inputs: UpdateInput[] = [];
		const parameterErrors = new Map<number, ItemError>();
		for (let i = 0; i < items.length; i++) {
			try {
				inputs.push(readInput(this, i, items[i]));
			} catch (error) {
				parameterErrors.set(i, {
					kind: 'config',
					message: `Item ${i}: ${(error as Error).message}`,
				});
			}
		}

		// One write mode per execution: the records of all items go out together.
		const writeMode = (text(this.getNodeParameter('writeMode', 0, 'patch')) ||
			'patch') as WriteMode;
		const batch =
			writeMode === 'restlet'
				? {
						scriptId: text(this.getNodeParameter('batchScriptId', 0, '')),
						deployId: text(this.getNodeParameter('batchDeployId', 0, '')),
						recordsPerCall: Number(this.getNodeParameter('batchSize', 0, 200)) || 200,
					}
				: undefined;
		if (batch && (!batch.scriptId || !batch.deployId)) {
			throw new NodeOperationError(
				this.getNode(),
				'Write Mode "RESTlet Batch" needs the Batch RESTlet Script ID and Deployment ID',
				{
					description:
						'Deploy suitescript/amz_batch_update_restlet.js (see suitescript/README.md) and enter the IDs from its External URL, or choose Write Mode "REST PATCH".',
				},
			);
		}
		const run = await runUpdate(client, inputs, {
			now: Date.now(),
			concurrency,
			writeMode,
			batch,
		});
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
				if (!this.continueOnFail()) throw toNodeError(this, outcome);
				json.error = errorJson(outcome.error);
			}
			output.push({ json, pairedItem: { item: i } });
		}
		return [output];
	}
}
