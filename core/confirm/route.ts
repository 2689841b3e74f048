import type { AmazonOutcome, FulfillmentItem } from '../fulfillment/types';

/**
 * Confirm Shipment answers at once, so its items arrive at Amazon Feed Status with a final
 * `amazon.result` already. That node passes them to Done / Rejected / Failed as they are, without
 * calling Amazon, so one workflow can serve both methods.
 */

const ROUTE: Partial<Record<AmazonOutcome, 'done' | 'rejected' | 'failed'>> = {
	accepted: 'done',
	acceptedWithWarnings: 'done',
	rejected: 'rejected',
	failed: 'failed',
	invalid: 'failed',
};

/** The output for an item whose result is already final (Confirm Shipment), else undefined. */
export function finalResultRoute(
	json: Partial<FulfillmentItem>,
): 'done' | 'rejected' | 'failed' | undefined {
	if (json.amazon?.submission?.method !== 'confirmShipment') return undefined;
	const outcome = json.amazon?.result?.outcome;
	return outcome ? ROUTE[outcome] : undefined;
}

/**
 * The output for an item that reached the status node with no feed to check but a final result
 * already: the feed node's Continue On Fail path marks a refused feed's items `failed` (no feed
 * ID). They go to that output with their message instead of an error "no feed ID".
 */
export function unsentResultRoute(
	json: Partial<FulfillmentItem>,
): 'done' | 'rejected' | 'failed' | undefined {
	const outcome = json.amazon?.result?.outcome;
	return outcome ? ROUTE[outcome] : undefined;
}
