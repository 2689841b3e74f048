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
	{
		salesOrder = {},
		fulfillment = {},
		missingOutcomeIsAccepted = false,
		outcome = item.amazon?.result?.outcome ?? '',
	} = {},
) {
	return {
		index,
		salesOrderId: item.salesOrderId ?? '',
		fulfillmentId: item.fulfillmentId ?? '',
		outcome,
		missingOutcomeIsAccepted,
		item,
		salesOrder: salesOrderSettings(salesOrder),
		fulfillment: fulfillmentSettings(fulfillment),
	};
}

/**
 * The UpdateInput for one item with Update Order set as in the template: no sales-order status,
 * on the fulfillment only the sent flag and the error text (plus what `fulfillment` adds).
 */
function templateInput(item, { outcome, fulfillment = {} } = {}) {
	return input(0, item, {
		outcome,
		salesOrder: {
			statusFieldId: '',
			processedValue: '',
			partialValue: '',
			errorValue: '',
			valueType: 'text',
			listId: '',
		},
		fulfillment: { feedIdFieldId: '', confirmedAtFieldId: '', ...fulfillment },
	});
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

/**
 * NetSuite emulator seed: eight sales orders, 501 still with unshipped quantity (D), the others fully
 * fulfilled (F), two fulfillments each (1201–1216), none sent.
 */
function eightOrdersSeed() {
	const salesOrders = [];
	const itemFulfillments = [];
	for (let n = 0; n < 8; n++) {
		const id = String(501 + n);
		salesOrders.push({
			id,
			tranid: `SO${id}`,
			trandate: '2026-11-18',
			status: n === 0 ? 'D' : 'F',
			amazonOrderId: `114-1000001-100000${n}`,
			amazonOrderStatus: '1',
			lines: [{ line: '1', item: '101', quantity: 4, amazonOrderItemId: `1234567890123${n}` }],
		});
		// Two fulfillments per order.
		for (let k = 0; k < 2; k++) {
			itemFulfillments.push({
				id: String(1201 + n * 2 + k),
				tranid: `IF${1201 + n * 2 + k}`,
				createdFrom: id,
				trandate: '2026-11-20',
				status: 'C',
				shipMethod: '9001',
				lastModified: '2026-11-20T10:00:00Z',
				sentToAmazon: false,
				lines: [
					{
						line: '1',
						item: '101',
						quantity: n === 0 ? 1 : 2,
						orderLine: '1',
						amazonOrderItemId: `1234567890123${n}`,
					},
				],
				packages: [{ trackingNumber: `1Z999AA1012345678${n}`, weight: 1 }],
			});
		}
	}
	return {
		now: '2026-11-20T12:00:00Z',
		marketplaceId: 'ATVPDKIKX0DER',
		amazonOrders: [],
		netsuite: {
			items: [
				{ id: '101', itemid: 'WIDGET-1', itemtype: 'InvtPart' },
				{ id: '9001', itemid: 'UPS Ground', itemtype: 'ShipItem' },
			],
			orderStatusList: [
				{ id: '1', name: 'Pending' },
				{ id: '2', name: 'Fulfillment Processed' },
				{ id: '3', name: 'Partially Fulfilled' },
				{ id: '4', name: 'Error' },
			],
			salesOrders,
			itemFulfillments,
			savedSearches: [],
		},
	};
}

/**
 * Update Order's input for eightOrdersSeed: every fulfillment accepted by Amazon except order 508's
 * second (rejected, carrier code).
 */
function eightOrdersItems() {
	const out = [];
	for (let n = 0; n < 8; n++) {
		for (let k = 0; k < 2; k++) {
			const fulfillmentId = String(1201 + n * 2 + k);
			// Order 508's second fulfillment was rejected by Amazon.
			const rejected = n === 7 && k === 1;
			out.push({
				json: fulfillmentItem({
					fulfillmentId,
					salesOrderId: String(501 + n),
					outcome: rejected ? 'rejected' : 'accepted',
					feedId: `5000${n}`,
					message: rejected ? 'Amazon rejected 1 of 1 messages.' : undefined,
					errors: rejected
						? [
								{
									resultCode: 'Error',
									code: '5004',
									description: 'The carrier-code field contains an invalid value.',
								},
							]
						: [],
				}),
			});
		}
	}
	return out;
}

module.exports = {
	eightOrdersSeed,
	eightOrdersItems,
	fulfillmentItem,
	salesOrderSettings,
	fulfillmentSettings,
	input,
	templateInput,
	instantClock,
};
