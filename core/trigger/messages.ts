import type { OversizedFulfillment, SourceKind } from './types';

/**
 * What the trigger's reading says to people, kept apart from the decisions so the wording can be
 * read (and changed) in one place. Tests assert these texts: keep them byte for byte.
 */

/** What staff read on a fulfillment stepped past for its size, and what to do about it. */
export function oversizedReason(o: OversizedFulfillment): string {
	return `Not sent to Amazon: this fulfillment has more than ${o.maxRows.toLocaleString('en-US')} result rows (lines × tracking numbers), more than the trigger reads for one fulfillment, so it was stepped past. Split it into smaller fulfillments, or raise the trigger's Options > Max Rows per Fulfillment (up to 99,000).`;
}

/** A result row without a fulfillment ID: which row, and how to make the source return one. */
export function missingFulfillmentIdMessage(rowIndex: number, source: SourceKind): string {
	return `Row ${rowIndex + 1} of the ${describeSource(source)} has no fulfillment internal ID: ${idHint(source)}`;
}

function describeSource(source: SourceKind): string {
	return source === 'suiteql' ? 'SuiteQL result' : 'saved search result';
}

function idHint(source: SourceKind): string {
	return source === 'suiteql'
		? 'select the item fulfillment ID AS fulfillment_id.'
		: 'the search must be an item fulfillment (transaction) search, or add the Internal ID column.';
}
