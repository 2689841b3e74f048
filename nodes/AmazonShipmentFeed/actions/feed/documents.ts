import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildFeedDocuments, type FeedDocument } from '../../../../core/feed/batch';
import type { PreparedFulfillment } from '../../../../core/feed/validate';
import type { PreparedRun } from '../prepare';

export interface DocumentPlan {
	documents: FeedDocument[];
	/** Fulfillment key (NetSuite internal id) → its validated form. */
	byKey: Map<string, PreparedFulfillment>;
}

/** As few documents as possible: one per marketplace, split only past the size limit. */
export function planDocuments(context: IExecuteFunctions, run: PreparedRun): DocumentPlan {
	const { settings } = run;
	const byKey = new Map(run.valid.map((p) => [p.key, p]));
	if (run.valid.length === 0) return { documents: [], byKey };
	let documents: FeedDocument[] | undefined;
	let failure: Error | undefined;
	try {
		documents = buildFeedDocuments(run.valid, {
			feedType: settings.feedType,
			merchantIdentifier: settings.merchantIdentifier,
			maxBytes: settings.maxBytes,
			dateDefaults: settings.dateDefaults,
		});
	} catch (error) {
		failure = error as Error;
	}
	if (!documents) {
		throw new NodeOperationError(
			context.getNode(),
			failure?.message ?? 'The feed could not be built',
			{
				description: 'Check the Merchant Identifier and the ship time options of the node.',
			},
		);
	}
	return { documents, byKey };
}

export function documentFileName(doc: FeedDocument, ordinal: number): string {
	const ext = doc.feedType === 'POST_ORDER_FULFILLMENT_DATA' ? 'xml' : 'tsv';
	return `amazon-fulfillment-feed-${doc.marketplaceId}-${ordinal}.${ext}`;
}
