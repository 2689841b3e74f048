'use strict';
/** Builders shared by the update tests: input items as the flow produces them, and node settings. */

function fulfillmentItem({
	fulfillmentId,
	salesOrderId,
	outcome,
	feedId = '50001',
	warnings = [],
	errors = [],
	message,
	validation,
} = {}) {
	const item = {
		fulfillmentId,
		salesOrderId,
		amazonOrderId: '114-1000001-1000001',
		lines: [],
		packages: [],
		trackingNumbers: [],
		amazon: {
			submission: {
				method: 'feed',
				marketplaceId: 'ATVPDKIKX0DER',
				amazonOrderId: '114-1000001-1000001',
				feedId,
				submittedAt: '2026-11-20T12:00:00Z',
				packages: [],
			},
		},
	};
	if (outcome) {
		item.amazon.result = {
			outcome,
			message: message ?? (outcome === 'accepted' ? 'Amazon accepted the shipment.' : ''),
			warnings,
			errors,
			attempt: 1,
			checkedAt: '2026-11-20T12:05:00Z',
		};
	}
	if (validation) item.amazon.validation = validation;
	return item;
}

function salesOrderSettings(overrides = {}) {
	return {
		statusFieldId: 'custbody_amz_order_status',
		processedValue: 'Fulfillment Processed',
		partialValue: '',
		errorValue: '',
		valueType: 'listName',
		listId: 'customlist_amz_order_status',
		extraFields: [],
		...overrides,
	};
}

function fulfillmentSettings(overrides = {}) {
	return {
		sentFieldId: 'custbody_amz_ship_confirmed',
		feedIdFieldId: 'custbody_amz_feed_id',
		confirmedAtFieldId: 'custbody_amz_confirmed_at',
		errorFieldId: 'custbody_amz_ship_error',
		extraFields: [],
		...overrides,
	};
}

/** An UpdateInput for core/update as the node builds it from one item. */
function input(
	index,
	item,
	{ salesOrder = {}, fulfillment = {}, missingOutcomeIsAccepted = false } = {},
) {
	return {
		index,
		salesOrderId: item.salesOrderId ?? '',
		fulfillmentId: item.fulfillmentId ?? '',
		outcome: item.amazon?.result?.outcome ?? '',
		missingOutcomeIsAccepted,
		item,
		salesOrder: salesOrderSettings(salesOrder),
		fulfillment: fulfillmentSettings(fulfillment),
	};
}

/** A clock whose sleeps return at once, so retries do not slow the tests. */
function instantClock(start = Date.parse('2026-11-20T12:10:00Z')) {
	let now = start;
	return {
		now: () => now,
		random: () => 0.5,
		sleep: async (ms) => {
			now += ms;
		},
	};
}

module.exports = { fulfillmentItem, salesOrderSettings, fulfillmentSettings, input, instantClock };
