import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { FulfillmentItem } from '../../../core/fulfillment/types';
import { text } from '../../../core/shared/text';
import type {
	ExtraField,
	ExtraFieldType,
	StatusValueType,
	UpdateInput,
} from '../../../core/update/plan';
import type { BatchSettings } from '../../../core/update/batch';
import type { WriteMode } from '../../../core/update/run';

const MAX_CONCURRENCY = 10;

function extraFields(raw: unknown): ExtraField[] {
	const rows = ((raw as { field?: IDataObject[] } | undefined)?.field ?? []) as IDataObject[];
	return rows.map((row) => ({
		fieldId: text(row.fieldId),
		type: (text(row.type) || 'text') as ExtraFieldType,
		value: row.value,
	}));
}

/** One item's parameters, expressions resolved for that item. */
export function readInput(
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

/** NetSuite calls in flight at once, capped so one workflow cannot take the account's whole limit. */
export function readConcurrency(context: IExecuteFunctions): number {
	const asked = Math.floor(Number(context.getNodeParameter('options.concurrency', 0, 2)) || 2);
	return Math.min(MAX_CONCURRENCY, Math.max(1, asked));
}

/** One write mode per execution: the records of all items go out together. */
export function readWriteMode(context: IExecuteFunctions): {
	writeMode: WriteMode;
	batch?: BatchSettings;
} {
	const writeMode = (text(context.getNodeParameter('writeMode', 0, 'patch')) ||
		'patch') as WriteMode;
	if (writeMode !== 'restlet') return { writeMode };
	const batch = {
		scriptId: text(context.getNodeParameter('batchScriptId', 0, '')),
		deployId: text(context.getNodeParameter('batchDeployId', 0, '')),
		recordsPerCall: Number(context.getNodeParameter('batchSize', 0, 200)) || 200,
	};
	if (!batch.scriptId || !batch.deployId) {
		throw new NodeOperationError(
			context.getNode(),
			'Write Mode "RESTlet Batch" needs the Batch RESTlet Script ID and Deployment ID',
			{
				description:
					'Deploy suitescript/amz_batch_update_restlet.js (see suitescript/README.md) and enter the IDs from its External URL, or choose Write Mode "REST PATCH".',
			},
		);
	}
	return { writeMode, batch };
}
