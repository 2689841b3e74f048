import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { finalResultRoute, unsentResultRoute } from '../../../core/status/finalResult';
import type { FulfillmentItem } from '../../../core/fulfillment/types';
import {
	checkFeedStatuses,
	fulfillmentLabel,
	MAX_IN_NODE_WAIT_MS,
	STATUS_ROUTES,
	type StatusItemInput,
} from '../../../core/status';
import { buildAmazonClient } from '../../shared/amazonClient';
import { n8nClock } from '../../shared/transport';
import { text } from '../../../core/shared/text';

const HOUR_MS = 60 * 60 * 1000;
/** A report download waits at most this long for Amazon's quota; beyond it the item stays Pending. */
const REPORT_QUOTA_WAIT_MS = 60 * 1000;

function nonNegative(value: unknown, fallback: number): number {
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function missingFeedIdError(context: IExecuteFunctions, index: number, json: IDataObject) {
	const item = json as Partial<FulfillmentItem>;
	const method = item.amazon?.submission?.method;
	const why =
		method && method !== 'feed'
			? ` It was sent with method '${method}', which creates no feed: only items sent as a feed need this node.`
			: '';
	return new NodeOperationError(
		context.getNode(),
		`No feed ID for ${fulfillmentLabel(item, index)} (item ${index})`,
		{
			itemIndex: index,
			description: `The Feed ID parameter is empty for this item.${why} Connect this node to the output of Amazon Shipment Feed (it sets amazon.submission.feedId), or to the Wait node that loops Pending back here, or set Feed ID to an expression that gives the feed ID.`,
		},
	);
}

/** Get Feed Status: one check per feed, each item routed to Done, Rejected, Pending or Failed. */
export async function getFeedStatus(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = STATUS_ROUTES.map(() => []);
	const failedOutput = outputs[STATUS_ROUTES.indexOf('failed')];
	if (!items.length) return outputs;

	const inputs: StatusItemInput[] = [];
	for (let i = 0; i < items.length; i++) {
		const json = items[i].json;
		// Confirm Shipment items arrive with their final result: routed as they are, no call.
		const final = finalResultRoute(json as Partial<FulfillmentItem>);
		if (final) {
			outputs[STATUS_ROUTES.indexOf(final)].push({ json, pairedItem: { item: i } });
			continue;
		}
		const feedId = text(this.getNodeParameter('feedId', i, ''));
		if (!feedId) {
			// Refused before a feed existed (Continue On Fail in the feed node): its result is final.
			const settled = unsentResultRoute(json as Partial<FulfillmentItem>);
			if (settled) {
				outputs[STATUS_ROUTES.indexOf(settled)].push({ json, pairedItem: { item: i } });
				continue;
			}
			const error = missingFeedIdError(this, i, json);
			if (!this.continueOnFail()) throw error;
			failedOutput.push({
				json: { ...json, error: { message: error.message, description: error.description } },
				pairedItem: { item: i },
			});
			continue;
		}
		inputs.push({ index: i, feedId, json: json as Partial<FulfillmentItem> });
	}
	if (!inputs.length) return outputs;

	const first = inputs[0].index;
	const maxWaitHours = nonNegative(this.getNodeParameter('maxWaitHours', first, 8), 8);
	const cancelStuckInQueue = this.getNodeParameter('cancelStuckInQueue', first, false) === true;
	const options = this.getNodeParameter('options', first, {}) as IDataObject;
	const inNodeWaitMs = Math.min(
		MAX_IN_NODE_WAIT_MS,
		nonNegative(options.inNodeWaitSeconds, 0) * 1000,
	);
	const maxChecks = Math.floor(nonNegative(options.maxChecks, 0));

	const { client } = await buildAmazonClient(this, {
		maxRateLimitWaitMs: { getFeedDocument: REPORT_QUOTA_WAIT_MS },
	});
	const run = await checkFeedStatuses(client, inputs, {
		clock: n8nClock(this),
		maxWaitMs: maxWaitHours * HOUR_MS,
		maxChecks,
		inNodeWaitMs,
		cancelStuckInQueue,
	});

	for (const status of run.items) {
		const json = items[status.index].json;
		const amazon = (json.amazon ?? {}) as IDataObject;
		outputs[STATUS_ROUTES.indexOf(status.route)].push({
			json: { ...json, amazon: { ...amazon, result: status.result as unknown as IDataObject } },
			pairedItem: { item: status.index },
		});
	}
	return outputs;
}
