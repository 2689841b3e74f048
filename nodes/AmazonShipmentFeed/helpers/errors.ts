import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, JsonObject } from 'n8n-workflow';

import { AmazonApiError, AmazonInputError } from '../../../core/amazon/errors';
import type { FeedDocument } from '../../../core/feed/batch';

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}

export function feedLabel(doc: FeedDocument, ordinal: number, total: number): string {
	const format = doc.feedType === 'POST_ORDER_FULFILLMENT_DATA' ? 'XML' : 'flat-file';
	const part = total > 1 ? ` (document ${ordinal} of ${total})` : '';
	return `The ${format} feed for marketplace ${doc.marketplaceId}${part} with ${doc.fulfillments.length} fulfillment${doc.fulfillments.length === 1 ? '' : 's'}`;
}

export interface Failure {
	message: string;
	description: string;
	error: unknown;
}

export function describeFailure(error: unknown, label: string, earlier: string[]): Failure {
	const already = earlier.length
		? ` Already submitted in this run (not repeated): ${earlier.join(', ')}.`
		: '';
	if (error instanceof AmazonApiError) {
		const request = error.requestId ? ` [x-amzn-RequestId ${error.requestId}]` : '';
		return {
			message: `Amazon refused ${lowerFirst(label)}: ${error.code || 'error'}: ${error.amazonMessage || error.message}${request}`,
			description: `${error.message}${already}`,
			error,
		};
	}
	if (error instanceof AmazonInputError) {
		return {
			message: `${label} was not sent: ${error.message}`,
			description: `Field ${error.field}.${already}`,
			error,
		};
	}
	return {
		message: `${label} was not sent: ${(error as Error)?.message ?? String(error)}`,
		description: already.trim(),
		error,
	};
}

export function toNodeError(node: INode, failure: Failure, itemIndex: number): Error {
	const error = failure.error;
	if (error instanceof AmazonApiError) {
		return new NodeApiError(node, error.toJSON() as JsonObject, {
			message: failure.message,
			description: failure.description,
			httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
			itemIndex,
		});
	}
	return new NodeOperationError(node, failure.message, {
		description: failure.description,
		itemIndex,
	});
}

export function errorJson(failure: Failure, doc: FeedDocument): IDataObject {
	const out: IDataObject = {
		message: failure.message,
		description: failure.description,
		marketplaceId: doc.marketplaceId,
		feedType: doc.feedType,
	};
	const error = failure.error;
	if (error instanceof AmazonApiError) {
		out.code = error.code;
		if (error.httpStatus) out.httpCode = error.httpStatus;
		if (error.requestId) out.requestId = error.requestId;
		// createFeed failed after the upload: this document can be reused for 2 days.
		if (error.feedDocumentId) out.feedDocumentId = error.feedDocumentId;
	}
	return out;
}
