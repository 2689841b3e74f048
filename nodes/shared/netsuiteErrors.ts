import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import type { NetSuiteApiError } from '../../core/netsuite/errors';

/** NetSuite's refusal as an n8n API error: its code and detail in the JSON, our fix as the description. */
export function netSuiteNodeError(
	node: INode,
	cause: NetSuiteApiError,
	options: { message?: string; description?: string; itemIndex?: number } = {},
): NodeApiError {
	return new NodeApiError(node, cause.toJSON() as JsonObject, {
		message: options.message ?? cause.message,
		description: options.description ?? cause.hint,
		httpCode: cause.statusCode ? String(cause.statusCode) : undefined,
		itemIndex: options.itemIndex,
	});
}
