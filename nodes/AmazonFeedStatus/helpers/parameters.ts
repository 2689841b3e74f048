import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { MAX_IN_NODE_WAIT_MS } from '../../../core/status';
import { text } from '../../../core/shared/text';

const HOUR_MS = 60 * 60 * 1000;

/** How the feed checks of one execution behave (read from its first item with a feed ID). */
export interface StatusSettings {
	maxWaitMs: number;
	maxChecks: number;
	inNodeWaitMs: number;
	cancelStuckInQueue: boolean;
}

function nonNegative(value: unknown, fallback: number): number {
	const n = Number(value);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** The item's feed ID, '' when the expression gives nothing. */
export function readFeedId(context: IExecuteFunctions, index: number): string {
	return text(context.getNodeParameter('feedId', index, ''));
}

export function readStatusSettings(context: IExecuteFunctions, index: number): StatusSettings {
	const maxWaitHours = nonNegative(context.getNodeParameter('maxWaitHours', index, 8), 8);
	const options = context.getNodeParameter('options', index, {}) as IDataObject;
	return {
		maxWaitMs: maxWaitHours * HOUR_MS,
		maxChecks: Math.floor(nonNegative(options.maxChecks, 0)),
		inNodeWaitMs: Math.min(MAX_IN_NODE_WAIT_MS, nonNegative(options.inNodeWaitSeconds, 0) * 1000),
		cancelStuckInQueue: context.getNodeParameter('cancelStuckInQueue', index, false) === true,
	};
}
