import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import type { FulfillmentItem } from '../../../core/fulfillment/types';
import { fulfillmentLabel } from '../../../core/status';

/** An item with no feed ID: names the fulfillment and says where the ID should come from. */
export function missingFeedIdError(node: INode, index: number, json: IDataObject) {
	const item = json as Partial<FulfillmentItem>;
	const method = item.amazon?.submission?.method;
	const why =
		method && method !== 'feed'
			? ` It was sent with method '${method}', which creates no feed: only items sent as a feed need this node.`
			: '';
	return new NodeOperationError(
		node,
		`No feed ID for ${fulfillmentLabel(item, index)} (item ${index})`,
		{
			itemIndex: index,
			description: `The Feed ID parameter is empty for this item.${why} Connect this node to the output of Amazon Shipment Feed (it sets amazon.submission.feedId), or to the Wait node that loops Pending back here, or set Feed ID to an expression that gives the feed ID.`,
		},
	);
}
