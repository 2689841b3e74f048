import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { DateTimeDefaults } from '../../../core/feed/dates';
import { fulfillmentLabel } from '../../../core/feed/text';
import type { PreparedFulfillment, RejectedFulfillment } from '../../../core/feed/validate';
import { fulfillmentDate } from '../../../core/feed/xmlFeed';
import type {
	AmazonResult,
	AmazonSubmission,
	FulfillmentItem,
	SentPackage,
	ValidationProblem,
} from '../../../core/fulfillment/types';

type AmazonSection = NonNullable<FulfillmentItem['amazon']>;

/** The item's existing `amazon` section without what an earlier run or loop left behind. */
function freshAmazon(json: IDataObject): IDataObject {
	const previous = (
		json.amazon && typeof json.amazon === 'object' ? json.amazon : {}
	) as IDataObject;
	const rest: IDataObject = {};
	for (const [key, value] of Object.entries(previous)) {
		if (key !== 'submission' && key !== 'result' && key !== 'validation') rest[key] = value;
	}
	return rest;
}

export function withAmazon(
	item: INodeExecutionData,
	index: number,
	section: Partial<AmazonSection>,
	extra: IDataObject = {},
): INodeExecutionData {
	return {
		json: {
			...item.json,
			...extra,
			amazon: { ...freshAmazon(item.json), ...(section as IDataObject) },
		},
		pairedItem: { item: index },
	};
}

export function invalidMessage(problems: ValidationProblem[]): string {
	const n = problems.length;
	return `Not sent to Amazon (${n} problem${n === 1 ? '' : 's'}): ${problems
		.map((p) => `${p.message}. Fix: ${p.fix}.`)
		.join(' ')}`;
}

export function invalidItem(
	item: INodeExecutionData,
	rejected: RejectedFulfillment,
	checkedAt: string,
): INodeExecutionData {
	const problems = rejected.problems.length
		? rejected.problems
		: [
				{
					field: 'fulfillment',
					message: `${fulfillmentLabel(rejected.fulfillment)}: it could not be confirmed`,
					fix: 'Check the mapping of this item',
				},
			];
	const result: AmazonResult = {
		outcome: 'invalid',
		message: invalidMessage(problems),
		warnings: [],
		errors: [],
		attempt: 0,
		checkedAt,
	};
	return withAmazon(item, rejected.index, { validation: problems, result });
}

/** Packages as sent, with the FulfillmentDate Amazon received rather than the raw NetSuite date. */
export function sentPackages(
	packages: SentPackage[],
	dateDefaults: DateTimeDefaults,
): SentPackage[] {
	return packages.map((p) => ({ ...p, shipDate: fulfillmentDate(p.shipDate, dateDefaults) }));
}

export function submission(
	prepared: PreparedFulfillment,
	fields: Omit<AmazonSubmission, 'marketplaceId' | 'amazonOrderId' | 'trackingNotSent' | 'notes'>,
): AmazonSubmission {
	const { method, ...rest } = fields;
	return {
		method,
		marketplaceId: prepared.marketplaceId,
		amazonOrderId: prepared.amazonOrderId,
		...rest,
		trackingNotSent: prepared.trackingNotSent,
		...(prepared.notes.length ? { notes: prepared.notes } : {}),
	};
}
