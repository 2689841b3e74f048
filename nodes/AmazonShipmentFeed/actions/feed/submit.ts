import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { AmazonClient, SubmitFeedResult } from '../../../../core/amazon/client';
import type { FeedDocument } from '../../../../core/feed/batch';
import type { AmazonResult } from '../../../../core/fulfillment/types';
import { buildAmazonClient } from '../../../shared/amazonClient';
import {
	describeFailure,
	errorJson,
	feedLabel,
	toNodeError,
	type Failure,
} from '../../helpers/errors';
import { sentPackages, submission, withAmazon } from '../../helpers/output';
import type { PreparedRun } from '../prepare';
import { planDocuments } from './documents';
import { pairedIndex } from './preview';

/**
 * Submits each document once (createFeedDocument → upload → createFeed), one after the other:
 * Amazon runs a seller's order feeds in sequence anyway and createFeed's quota is small. A feed
 * that fails does not stop the others: its fulfillments leave as failed items (Feed Status passes
 * them to Failed, NetSuite Record Error writes why), so what was sent is never thrown away with
 * the run. Only when no feed at all went out (and Continue On Fail is off) does the node fail.
 */
export async function submitFeed(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: PreparedRun,
): Promise<INodeExecutionData[]> {
	const { documents, byKey } = planDocuments(this, run);
	if (documents.length === 0) return [];
	const { client } = await buildAmazonClient(this, {
		maxRateLimitWaitMs: run.settings.maxRateLimitWaitMs,
	});
	const out: INodeExecutionData[] = [];
	const submitted: string[] = [];
	const failed: Array<{ doc: FeedDocument; failure: Failure }> = [];
	for (let d = 0; d < documents.length; d++) {
		const doc = documents[d];
		const label = feedLabel(doc, d + 1, documents.length);
		const result = await send(client, doc);
		if ('failure' in result) {
			failed.push({ doc, failure: describeFailure(result.failure, label, submitted) });
			continue;
		}
		submitted.push(`feed ${result.feedId} (${doc.marketplaceId})`);
		const submittedAt = new Date().toISOString();
		for (const sent of doc.fulfillments) {
			const prepared = byKey.get(sent.key)!;
			out.push(
				withAmazon(items[prepared.index], prepared.index, {
					submission: submission(prepared, {
						method: 'feed',
						feedType: doc.feedType,
						feedId: result.feedId,
						feedDocumentId: result.feedDocumentId,
						submittedAt,
						messageCount: doc.messages.length,
						packages: sentPackages(sent.packages, run.settings.dateDefaults),
					}),
				}),
			);
		}
	}
	if (failed.length > 0 && submitted.length === 0 && !this.continueOnFail()) {
		// Nothing went out: failing the run loses nothing, and the trigger offers them again.
		const first = failed[0];
		throw toNodeError(
			this.getNode(),
			first.failure,
			byKey.get(first.doc.fulfillments[0].key)!.index,
		);
	}
	const checkedAt = new Date().toISOString();
	for (const { doc, failure } of failed) {
		const amazonResult: AmazonResult = {
			outcome: 'failed',
			message: `${failure.message} The fulfillment stays unsent in NetSuite, so the next run sends it again.`,
			warnings: [],
			errors: [],
			attempt: 0,
			checkedAt,
		};
		for (const sent of doc.fulfillments) {
			const prepared = byKey.get(sent.key)!;
			out.push(
				withAmazon(
					items[prepared.index],
					prepared.index,
					{ result: amazonResult },
					{ error: errorJson(failure, doc) },
				),
			);
		}
	}
	return out.sort((a, b) => pairedIndex(a) - pairedIndex(b));
}

async function send(
	client: AmazonClient,
	doc: FeedDocument,
): Promise<SubmitFeedResult | { failure: unknown }> {
	try {
		return await client.submitFeed({
			feedType: doc.feedType,
			marketplaceId: doc.marketplaceId,
			contentType: doc.contentType,
			document: doc.document,
		});
	} catch (error) {
		return { failure: error ?? new Error('submitFeed failed') };
	}
}
