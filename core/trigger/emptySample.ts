import type { SkipReason } from './cursor';

/**
 * What a manual run ("Execute workflow") says when NetSuite has nothing to send: in words, per
 * reason, with what makes a fulfillment go out again. No internal reason codes.
 */
export interface EmptySampleStats {
	rows: number;
	fulfillments: number;
	skipped: Partial<Record<SkipReason, number>>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One sentence part per reason; `n` is how many fulfillments it concerns. */
function reasonText(reason: SkipReason, n: number, errorField: string): string {
	const errorWhere = errorField ? `its error field (${errorField})` : 'its error field';
	const are = n === 1 ? 'is' : 'are';
	switch (reason) {
		case 'sent':
			return `${plural(n, 'is', 'are')} already sent to Amazon (the sent flag is ticked)`;
		case 'refused':
			return `${n} ${n === 1 ? 'was' : 'were'} refused by Amazon or found invalid, and ${n === 1 ? 'has' : 'have'} not changed since. The reason is in ${errorWhere} on the fulfillment: fix what it says in NetSuite (tracking, carrier, lines, Amazon order ID, ship date) and the next run sends it again; to send it again unchanged (e.g. after fixing the order on Amazon's side), clear the error text`;
		case 'noTracking':
			return `${n} ${are} shipped without a tracking number yet`;
		case 'notShipped':
			return `${n} ${are} not shipped yet (picked or packed)`;
		case 'inFlight':
			return `${n} ${are} in flight in a scheduled execution of this workflow (sent within the re-send window, not yet marked sent in NetSuite), so a manual run leaves ${n === 1 ? 'it' : 'them'} out rather than send ${n === 1 ? 'it' : 'them'} to Amazon twice`;
		case 'noDate':
			return `${n} ${n === 1 ? 'has' : 'have'} no date the trigger can read (check Date Format and the last-modified column)`;
		case 'beforeStart':
			return `${n} changed before the Start From point`;
		case 'remembered':
			return `${n} ${are} already on their way (emitted by an earlier poll)`;
		case 'repeatedInPoll':
			return `${n} appeared twice in the search results`;
		case 'beforeResume':
			return `${n} ${are} before the point this poll resumed from`;
		case 'splitAtResume':
			return `${n} ${are} read in full by the next poll`;
		case 'oversized':
			return `${n} ${are} too big to send (more result rows than Options > Max Rows per Fulfillment), so the trigger steps past ${n === 1 ? 'it' : 'them'}: split ${n === 1 ? 'it' : 'them'} into smaller fulfillments or raise that option. A scheduled poll writes this into ${errorWhere}`;
		default:
			return `${n} skipped`;
	}
}

// Most actionable first.
const ORDER: SkipReason[] = [
	'oversized',
	'refused',
	'noTracking',
	'notShipped',
	'inFlight',
	'sent',
	'noDate',
	'beforeStart',
	'remembered',
	'repeatedInPoll',
	'beforeResume',
	'splitAtResume',
];

export function describeEmptySample(
	stats: EmptySampleStats,
	options: { errorField?: string } = {},
): { message: string; description: string } {
	const message = 'Nothing to send: NetSuite has no fulfillment ready for Amazon';
	if (!stats.fulfillments) {
		return {
			message,
			description:
				'The search returned no fulfillment. It should list shipped item fulfillments whose sent flag is not ticked; check its criteria, or ship a fulfillment with a tracking number.',
		};
	}
	const reasons = Object.entries(stats.skipped)
		.filter(([, n]) => (n ?? 0) > 0)
		.sort(([a], [b]) => ORDER.indexOf(a as SkipReason) - ORDER.indexOf(b as SkipReason))
		.map(([reason, n]) => `${reasonText(reason as SkipReason, n!, options.errorField ?? '')}.`);
	const found = `The search returned ${plural(stats.fulfillments, 'fulfillment', 'fulfillments')}, and none is ready to send:`;
	return {
		message,
		description: [found, ...reasons.map((r) => `- ${r}`)].join('\n'),
	};
}
