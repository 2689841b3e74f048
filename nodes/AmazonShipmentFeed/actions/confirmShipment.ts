import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	confirmShipments,
	packageDetailFor,
	prepareConfirmBatch,
	withReferenceIds,
	type ConfirmedFulfillment,
	type PreparedConfirmBatch,
} from '../../../core/confirm/run';
import type { RejectedFulfillment } from '../../../core/feed/validate';
import type { SentPackage } from '../../../core/fulfillment/types';
import type { AmazonClient } from '../../../core/amazon/client';
import { buildAmazonClient } from '../../shared/amazonClient';
import { n8nClock } from '../../shared/transport';
import { submission, withAmazon } from '../helpers/output';
import { readSettings } from '../helpers/parameters';
import { pairedIndex } from './feed/preview';
import { prepareRun, readItems, type PreparedRun } from './prepare';

/**
 * Method "Confirm Shipment API": one Orders API confirmShipment call per package, answered at
 * once. Items leave on Submitted with `amazon.submission` (packages with their packageReferenceId)
 * and a final `amazon.result` in the Feed Status node's shape, so they can go straight to NetSuite
 * Update Order (or through Amazon Feed Status, which passes them on without calling Amazon).
 */

/** The shared preparation plus what confirming needs later: the orders looked up and the client that read them. */
export interface PreparedConfirm extends PreparedRun {
	confirm?: Pick<PreparedConfirmBatch, 'orders' | 'notes' | 'retryLater'>;
	/** The client that looked the orders up: submitting reuses it (its rate-limit buckets and token). */
	client?: AmazonClient;
}

function lookUpFirst(context: IExecuteFunctions): boolean {
	return context.getNodeParameter('lookUpOrder', 0, false) === true;
}

/**
 * With "Look Up the Order First", the orders are read before validation so that lines without an
 * Amazon order item ID can be matched by SKU; otherwise the feed's preparation is used as it is.
 */
export async function prepareConfirm(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	region?: string,
): Promise<PreparedConfirm> {
	const settings = readSettings(this);
	if (settings.preview || !lookUpFirst(this)) return prepareRun(this, items, region);
	const { fulfillments, perItem, readErrors } = readItems(this, items, settings);
	const { client } = await buildAmazonClient(this, {
		maxRateLimitWaitMs: settings.maxRateLimitWaitMs,
	});
	const clock = n8nClock(this);
	const now = clock.now();
	const batch = await prepareConfirmBatch(client, fulfillments, settings.mapper, {
		clock,
		now,
		lookUpOrders: true,
		allowMissingTracking: settings.allowMissingTracking,
		linesWithoutOrderItemId: settings.linesWithoutOrderItemId,
		dateDefaults: settings.dateDefaults,
		perItem,
		marketplaces: { region, additionalIds: settings.additionalMarketplaceIds },
	});
	const invalid: RejectedFulfillment[] = batch.invalid.map((rejected) => {
		const message = readErrors.get(rejected.index);
		if (message === undefined) return rejected;
		return {
			...rejected,
			problems: [
				{
					field: 'parameters',
					message: `Item ${rejected.index + 1}: the mapping could not be read: ${message}`,
					fix: 'Check the expressions in Fulfillment Fields, Lines, Packages and Tracking Numbers for this item',
				},
			],
		};
	});
	return {
		settings,
		valid: batch.valid,
		invalid,
		now,
		confirm: { orders: batch.orders, notes: batch.notes, retryLater: batch.retryLater },
		client,
	};
}

export async function submitConfirm(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: PreparedConfirm,
): Promise<INodeExecutionData[]> {
	const extra = run.confirm;
	// Their look-up was not done in time: `failed` without a call, for the next run.
	const retryLater = extra?.retryLater ?? [];
	let confirmed: ConfirmedFulfillment[] = [];
	if (run.valid.length) {
		const client =
			run.client ??
			(await buildAmazonClient(this, { maxRateLimitWaitMs: run.settings.maxRateLimitWaitMs }))
				.client;
		confirmed = await confirmShipments(client, run.valid, {
			clock: n8nClock(this),
			orders: extra?.orders,
			notes: extra?.notes,
			dateDefaults: run.settings.dateDefaults,
		});
	}
	return [...confirmed, ...retryLater]
		.map((c) => withAmazon(items[c.index], c.index, { submission: c.submission, result: c.result }))
		.sort((a, b) => pairedIndex(a) - pairedIndex(b));
}

/** The request bodies that would be sent, per package; no credential is read, nothing is sent. */
export async function previewConfirm(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: PreparedRun,
): Promise<INodeExecutionData[]> {
	const builtAt = new Date(run.now).toISOString();
	const lookUp = lookUpFirst(this);
	return run.valid.map((prepared) => {
		const requests: unknown[] = [];
		const packages: SentPackage[] = [];
		const notes = [...prepared.notes];
		if (lookUp) notes.push('Preview does not look the order up; Amazon is not called.');
		try {
			for (const shipment of withReferenceIds(prepared)) {
				const detail = packageDetailFor(shipment, prepared.fulfillment, run.settings.dateDefaults);
				requests.push({ marketplaceId: prepared.marketplaceId, packageDetail: detail });
				packages.push({
					packageReferenceId: detail.packageReferenceId,
					...(shipment.packageId !== undefined ? { packageId: shipment.packageId } : {}),
					carrierCode: detail.carrierCode,
					...(detail.carrierName ? { carrierName: detail.carrierName } : {}),
					...(detail.shippingMethod ? { shippingMethod: detail.shippingMethod } : {}),
					trackingNumber: detail.trackingNumber,
					shipDate: detail.shipDate,
					items: shipment.items,
				});
			}
		} catch (error) {
			notes.push(`Would not be sent: ${(error as Error).message}`);
		}
		const sub = submission(prepared, {
			method: 'preview',
			submittedAt: builtAt,
			packages,
			document: JSON.stringify(
				{ orderId: prepared.amazonOrderId, confirmShipment: requests },
				null,
				2,
			),
		});
		if (notes.length) sub.notes = notes;
		return withAmazon(items[prepared.index], prepared.index, { submission: sub });
	});
}
