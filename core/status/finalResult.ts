import type { FulfillmentItem } from '../fulfillment/types';
import { routeOf, type StatusRoute } from './results';

/**
 * Items that reach Amazon Feed Status with a final `amazon.result` already go to that result's
 * output as they are, without calling Amazon — so one workflow serves both methods.
 */
type FinalRoute = Exclude<StatusRoute, 'pending'>;

function finalRoute(json: Partial<FulfillmentItem>): FinalRoute | undefined {
	const outcome = json.amazon?.result?.outcome;
	if (!outcome || outcome === 'pending') return undefined;
	return routeOf(outcome) as FinalRoute;
}

/** Confirm Shipment answers at once: its items carry their final result. */
export function finalResultRoute(json: Partial<FulfillmentItem>): FinalRoute | undefined {
	if (json.amazon?.submission?.method !== 'confirmShipment') return undefined;
	return finalRoute(json);
}

/**
 * An item with no feed to check but a final result: the feed node's Continue On Fail path marks
 * a refused feed's items `failed` (no feed ID). They go to that output with their message instead
 * of an error "no feed ID".
 */
export function unsentResultRoute(json: Partial<FulfillmentItem>): FinalRoute | undefined {
	return finalRoute(json);
}
