import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	prepareFulfillments,
	type PreparedFulfillment,
	type RejectedFulfillment,
} from '../../../core/feed/validate';
import type { Fulfillment } from '../../../core/fulfillment/types';
import { readItem, readSettings, type PerItem, type RunSettings } from '../helpers/parameters';

/** The validated batch every method starts from (feed now, Confirm Shipment later). */
export interface PreparedRun {
	settings: RunSettings;
	valid: PreparedFulfillment[];
	/** `index` is the input item's index. */
	invalid: RejectedFulfillment[];
	now: number;
}

/**
 * Reads every item's mapping, then validates the whole batch at once (duplicates across items are
 * caught here). An item whose expressions fail to resolve is refused like an invalid one: the
 * others still go out.
 */
export interface ReadItems {
	fulfillments: Fulfillment[];
	perItem: PerItem[];
	/** Items whose mapping expressions failed, by index: refused like invalid ones, the rest go on. */
	readErrors: Map<number, string>;
}

/** Reads every item's mapping; a placeholder keeps indexes aligned for an item that fails. */
export function readItems(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: RunSettings,
): ReadItems {
	const fulfillments: Fulfillment[] = [];
	const perItem: PerItem[] = [];
	const readErrors = new Map<number, string>();
	items.forEach((item, i) => {
		try {
			const read = readItem(context, i, item, settings);
			fulfillments.push(read.fulfillment);
			perItem.push(read.perItem);
		} catch (error) {
			readErrors.set(i, (error as Error).message);
			fulfillments.push({ fulfillmentId: '', lines: [], packages: [], trackingNumbers: [] });
			perItem.push({});
		}
	});
	return { fulfillments, perItem, readErrors };
}

export function prepareRun(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	region?: string,
): PreparedRun {
	const settings = readSettings(context);
	const now = Date.now();
	const { fulfillments, perItem, readErrors } = readItems(context, items, settings);
	const { valid, invalid } = prepareFulfillments(fulfillments, settings.mapper, {
		now,
		allowMissingTracking: settings.allowMissingTracking,
		linesWithoutOrderItemId: settings.linesWithoutOrderItemId,
		dateDefaults: settings.dateDefaults,
		perItem,
		marketplaces: { region, additionalIds: settings.additionalMarketplaceIds },
	});
	for (const rejected of invalid) {
		const message = readErrors.get(rejected.index);
		if (message === undefined) continue;
		rejected.problems = [
			{
				field: 'parameters',
				message: `Item ${rejected.index + 1}: the mapping could not be read: ${message}`,
				fix: 'Check the expressions in Fulfillment Fields, Lines, Packages and Tracking Numbers for this item',
			},
		];
	}
	return { settings, valid, invalid, now };
}
