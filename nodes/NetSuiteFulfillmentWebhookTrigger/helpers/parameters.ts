import type { IDataObject, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_TOLERANCE_SECONDS } from '../../../core/webhook/notice';
import {
	readTriggerSettings,
	type SettingsContext,
	type TriggerSettings,
} from '../../NetSuiteSavedSearchTrigger/helpers/parameters';

/**
 * The poll trigger's settings, read from this node's parameters with the ones a by-ID read has no
 * choice in fixed: the default SuiteQL query, and every notified fulfillment is news (no start
 * window: NetSuite says it just shipped).
 */
const FIXED: Record<string, unknown> = {
	source: 'suiteql',
	queryMode: 'default',
	startFrom: 'all',
	maxFulfillments: 1,
};

/** When the notice is answered: once verified (NetSuite is read after), or after the read. */
export type AnswerTiming = 'whenVerified' | 'afterRead';

export interface WebhookSettings {
	answer: AnswerTiming;
	trigger: TriggerSettings;
	toleranceSeconds: number;
	netsuiteTimeoutMs: number;
}

function within(value: unknown, fallback: number, min: number, max: number): number {
	const n = Number(value ?? fallback);
	return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

export function readWebhookSettings(context: IWebhookFunctions): WebhookSettings {
	const get = context.getNodeParameter.bind(context) as (
		name: string,
		fallback?: unknown,
		options?: IDataObject,
	) => unknown;
	const settingsContext = {
		getNode: () => context.getNode(),
		getTimezone: () => context.getTimezone(),
		getNodeParameter: (name: string, fallback?: unknown, options?: IDataObject) =>
			name in FIXED ? FIXED[name] : get(name, fallback, options),
	} as unknown as SettingsContext;
	const options = (get('options', {}) ?? {}) as IDataObject;
	return {
		answer: get('answer', 'whenVerified') === 'afterRead' ? 'afterRead' : 'whenVerified',
		trigger: readTriggerSettings(settingsContext as Pick<IPollFunctions, keyof SettingsContext>),
		toleranceSeconds: within(options.toleranceSeconds, DEFAULT_TOLERANCE_SECONDS, 30, 3600),
		netsuiteTimeoutMs: within(options.netsuiteTimeoutSeconds, 15, 2, 40) * 1000,
	};
}
