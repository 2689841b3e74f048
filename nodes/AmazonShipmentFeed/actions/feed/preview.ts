import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { sentPackages, submission, withAmazon } from '../../helpers/output';
import type { PreparedRun } from '../prepare';
import { documentFileName, planDocuments } from './documents';

/**
 * Builds the documents exactly as they would be submitted and puts them on the items. No
 * credential is read and no request is made, so a mapping can be checked before going live.
 */
export async function previewFeed(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: PreparedRun,
): Promise<INodeExecutionData[]> {
	const { documents, byKey } = planDocuments(this, run);
	const builtAt = new Date(run.now).toISOString();
	const out: INodeExecutionData[] = [];
	for (let d = 0; d < documents.length; d++) {
		const doc = documents[d];
		for (let k = 0; k < doc.fulfillments.length; k++) {
			const sent = doc.fulfillments[k];
			const prepared = byKey.get(sent.key)!;
			const item = withAmazon(items[prepared.index], prepared.index, {
				submission: submission(prepared, {
					method: 'preview',
					feedType: doc.feedType,
					submittedAt: builtAt,
					packages: sentPackages(sent.packages, run.settings.dateDefaults),
					document: doc.document,
				}),
			});
			if (run.settings.attachDocuments && k === 0) {
				const mime = doc.contentType.split(';')[0];
				item.binary = {
					feed: await this.helpers.prepareBinaryData(
						Buffer.from(doc.document, 'utf8'),
						documentFileName(doc, d + 1),
						mime,
					),
				};
			}
			out.push(item);
		}
	}
	return out.sort((a, b) => pairedIndex(a) - pairedIndex(b));
}

export function pairedIndex(item: INodeExecutionData): number {
	const paired = item.pairedItem;
	if (paired && !Array.isArray(paired) && typeof paired === 'object') return paired.item;
	return 0;
}
