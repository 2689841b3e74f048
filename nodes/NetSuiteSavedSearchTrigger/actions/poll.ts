import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import { loadCursor, readCursor } from '../../../core/trigger/cursor';
import { describeEmptySample } from '../../../core/trigger/emptySample';
import { savedSearchColumns, suiteqlColumns } from '../../../core/trigger/grouping';
import { commitPoll, oversizedReason, runPoll, type PollOutcome } from '../../../core/trigger/poll';
import { buildNetSuiteClient } from '../../shared/netsuiteClient';
import { toNodeError } from '../helpers/errors';
import { oversizedLabel, reportOversized } from '../helpers/oversized';
import { deadlineFrom, readTriggerSettings } from '../helpers/parameters';
import { triggerSource } from '../helpers/reader';

const SAMPLE_SIZE = 3;

/**
 * One poll: read the fulfillments the cursor has not emitted (core/trigger/poll.ts decides), tell
 * NetSuite about any too big to send, move the cursor, and emit one item per fulfillment.
 */
export async function pollFulfillments(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const node = this.getNode();
	const manual = this.getMode() === 'manual';
	const settings = readTriggerSettings(this);
	const { source, fields, filters, zoneSet } = settings;

	const now = Date.now();
	const staticData = this.getWorkflowStaticData('node') as Record<string, unknown>;
	// Manual runs must not create or move the cursor (n8n would not save it anyway); they only
	// read it, to leave out what a scheduled execution of the active workflow is still sending.
	const state = manual ? undefined : loadCursor(staticData, now);
	const inFlight = manual ? readCursor(staticData) : undefined;

	const client = await buildNetSuiteClient(this, { concurrency: 1 });
	const { reader, search } = triggerSource(this, client, settings, state, now);

	let outcome: PollOutcome;
	try {
		outcome = await runPoll({
			reader,
			columns: source === 'suiteql' ? suiteqlColumns() : savedSearchColumns(fields),
			grouping: {
				source,
				search,
				fields,
				dates: settings.dates,
				netsuiteTimeZone: zoneSet || undefined,
				polledAt: new Date(now).toISOString(),
				includeRaw: settings.includeRaw,
			},
			filters,
			cursor: settings.cursor,
			state,
			sourceKey: `${source}:${search}:${settings.pageSize}`,
			now: () => Date.now(),
			deadline: deadlineFrom(this, now),
			maxFulfillments: manual ? SAMPLE_SIZE : settings.maxFulfillments,
			maxRowsPerFulfillment: settings.maxRowsPerFulfillment,
			zoneFromSource: zoneSet === '',
			manual,
			inFlight,
		});
	} catch (error) {
		// The cursor is untouched: the next poll reads the same fulfillments again.
		throw toNodeError(node, error, source);
	}

	/** Stepped past for their size, and the reason could not be written to NetSuite. */
	const untold =
		!manual && state
			? await reportOversized(client, fields, state, outcome, now, settings.cursor)
			: [];

	if (manual) {
		if (!outcome.emitted.length) {
			const { message, description } = describeEmptySample(outcome.stats, {
				errorField: fields.errorTextField,
			});
			const big = outcome.oversized.map((o) => `- ${oversizedLabel(o)}: ${oversizedReason(o)}`);
			throw new NodeOperationError(node, message, {
				description: [description, ...big].join('\n'),
			});
		}
	} else if (state) {
		commitPoll(state, outcome, Date.now());
	}

	if (untold.length) {
		// Stepped past either way (the cursor goes on); with nothing to emit, the error is how it
		// gets seen; otherwise the items go out and the next poll tries to write it again.
		if (!outcome.emitted.length) {
			throw new NodeOperationError(
				node,
				`${untold.length} fulfillment${untold.length === 1 ? '' : 's'} too big to send, and the reason could not be written to NetSuite`,
				{ description: untold.join('\n') },
			);
		}
		this.logger?.warn(untold.join('\n'));
	}

	if (!outcome.emitted.length) return null;
	// The fulfillment objects are this poll's own: the reason goes into them, no copy is made.
	return [
		outcome.emitted.map(({ fulfillment, reason }) => {
			if (fulfillment.source) (fulfillment.source as IDataObject).reason = reason;
			else (fulfillment as unknown as IDataObject).source = { reason };
			return { json: fulfillment as unknown as IDataObject };
		}),
	];
}
