import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { NetSuiteApiError } from '../../../core/netsuite/errors';
import type { ItemError } from '../../../core/update/run';
import { netSuiteNodeError } from '../../shared/netsuiteErrors';

/** The error as the item carries it under continueOnFail: NetSuite's own code and path kept. */
export function errorJson(error: ItemError): IDataObject {
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

/** The error that stops the node when continueOnFail is off, pinned to its item. */
export function toNodeError(node: INode, error: ItemError, itemIndex: number): Error {
	const cause = error.cause;
	if (error.kind === 'api' && cause instanceof NetSuiteApiError) {
		return netSuiteNodeError(node, cause, {
			message: error.message,
			description: error.description ?? cause.hint,
			itemIndex,
		});
	}
	if (error.kind === 'api') {
		return new NodeApiError(node, { message: error.message } as JsonObject, {
			message: error.message,
			description: error.description,
			itemIndex,
		});
	}
	return new NodeOperationError(node, error.message, {
		description: error.description,
		itemIndex,
	});
}
