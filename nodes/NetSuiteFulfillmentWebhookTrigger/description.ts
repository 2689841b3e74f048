import type { INodeProperties } from 'n8n-workflow';

import { properties as pollProperties } from '../NetSuiteSavedSearchTrigger/description';
import { DEFAULT_TOLERANCE_SECONDS } from '../../core/webhook/notice';

/** The poll trigger's parameters that apply to one fulfillment read by ID, with its defaults. */
const SHARED = [
	'shippedOnly',
	'requireTracking',
	'skipSent',
	'sentFlagField',
	'resendCorrections',
	'sentFingerprintField',
];
const SHARED_OPTIONS = ['includeRaw', 'maxRowsPerFulfillment', 'timeZone', 'resendAfterHours'];

/** Saved-search-only entries (shown for a saved-search source) do not apply: the read is SuiteQL. */
const forSuiteQl = (p: INodeProperties) => !p.displayOptions?.show?.['/source'];

function pollProperty(name: string): INodeProperties {
	const found = pollProperties.find((p) => p.name === name);
	if (!found) throw new Error(`The poll trigger has no parameter ${name}`);
	return found;
}

/** This trigger's own: the notice's time bound and NetSuite's. */
const WEBHOOK_OPTIONS: INodeProperties[] = [
	{
		displayName: 'NetSuite Timeout (Seconds)',
		name: 'netsuiteTimeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 2, maxValue: 40 },
		default: 15,
		description:
			'How long to wait for NetSuite when reading the notified fulfillment (NetSuite stops waiting for an answer given after the read after 45 seconds). When NetSuite does not answer in time, nothing is started (answered 202 when the answer comes after the read): the poll trigger picks the fulfillment up.',
	},
	{
		displayName: 'Timestamp Tolerance (Seconds)',
		name: 'toleranceSeconds',
		type: 'number',
		typeOptions: { minValue: 30, maxValue: 3600 },
		default: DEFAULT_TOLERANCE_SECONDS,
		description:
			'A notice signed longer ago (or further ahead) than this is refused (408), so a captured notice cannot be replayed later',
	},
];

const fields = pollProperty('fields');
const pollOptions = pollProperty('options');

export const properties: INodeProperties[] = [
	{
		displayName:
			"NetSuite's User Event amz_fulfillment_notice_ue.js posts a signed notice here when a fulfillment ships. Put the Production URL above into the deployment's parameter custscript_amz_notice_url, and the same secret in the NetSuite API Secret named in custscript_amz_notice_secret and in the NetSuite Notice Signing API credential. Keep a NetSuite Saved Search Trigger in the workflow as the safety net.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Answer',
		name: 'answer',
		type: 'options',
		options: [
			{
				name: 'When the Notice Is Verified',
				value: 'whenVerified',
				description:
					'Answer 200 as soon as the signature, time and shape are checked, then read NetSuite and start the workflow if there is something to send. Fastest for mass updates: a CSV import waits for each answer.',
			},
			{
				name: 'After Reading NetSuite',
				value: 'afterRead',
				description:
					'Read NetSuite first; the answer says whether the workflow started and, if not, why (NetSuite only writes it to the script log)',
			},
		],
		default: 'whenVerified',
		description:
			"When to answer NetSuite's notice. A refused notice (bad signature, stale, replayed, too large, malformed) is answered at once either way.",
	},
	...SHARED.map(pollProperty),
	{
		...fields,
		description:
			'Which NetSuite field holds what, as in the NetSuite Saved Search Trigger (use the same IDs in both)',
		options: (fields.options as INodeProperties[]).filter(forSuiteQl),
	},
	{
		...pollOptions,
		options: [
			...(pollOptions.options as INodeProperties[]).filter((o) => SHARED_OPTIONS.includes(o.name)),
			...WEBHOOK_OPTIONS,
		].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];
