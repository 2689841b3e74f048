import type { IExecuteFunctions, INodeExecutionData, IDataObject } from 'n8n-workflow';

import { finalResultRoute, unsentResultRoute } from '../../../core/status/finalResult';
import type { FulfillmentItem } from '../../../core/fulfillment/types';
import { checkFeedStatuses, STATUS_ROUTES, type StatusItemInput } from '../../../core/status';
import { buildAmazonClient } from '../../shared/amazonClient';
import { n8nClock } from '../../shared/transport';
import { missingFeedIdError } from '../helpers/errors';
import { readFeedId, readStatusSettings } from '../helpers/parameters';

/** A report download waits at most this long for Amazon's quota; beyond it the item stays Pending. */
const REPORT_QUOTA_WAIT_MS = 60 * 1000;

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
		const feedId = readFeedId(this, i);
		if (!feedId) {
			// Refused before a feed existed (Continue On Fail in the feed node): its result is final.
			const settled = unsentResultRoute(json as Partial<FulfillmentItem>);
			if (settled) {
				outputs[STATUS_ROUTES.indexOf(settled)].push({ json, pairedItem: { item: i } });
				continue;
			}
			const error = missingFeedIdError(this.getNode(), i, json);
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

	const settings = readStatusSettings(this, inputs[0].index);
	const { client } = await buildAmazonClient(this, {
		maxRateLimitWaitMs: { getFeedDocument: REPORT_QUOTA_WAIT_MS },
	});
	const run = await checkFeedStatuses(client, inputs, {
		clock: n8nClock(this),
		...settings,
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
