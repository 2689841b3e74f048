import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { runAudit, type AuditResult } from '../../../core/audit';
import { buildAmazonClient } from '../../shared/amazonClient';
import { buildNetSuiteClient } from '../../shared/netsuiteClient';
import { n8nClock } from '../../shared/transport';
import { readAuditSettings, readTimeZone } from '../helpers/parameters';

/** One audit per execution, whatever the number of input items: it reads Amazon, not the items. */
export async function audit(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const timeZone = readTimeZone(this);
	const { client: amazon, settings: amazonSettings } = await buildAmazonClient(this);
	const netsuite = await buildNetSuiteClient(this, { concurrency: 1 });
	const settings = readAuditSettings(this, amazonSettings.region);
	let result: AuditResult;
	try {
		result = await runAudit(
			{ amazon, netsuite, clock: n8nClock(this), dates: { order: 'YMD', timeZone } },
			settings,
		);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			description:
				'The audit stopped before it read every order; nothing was changed in NetSuite. Run it again later (Amazon allows one searchOrders call per ~3 minutes once its burst of 20 is spent).',
		});
	}
	// Every finding comes from the one audit the first input item started.
	const out = (list: object[]) =>
		list.map((json) => ({ json: json as IDataObject, pairedItem: { item: 0 } }));
	return [
		out(result.shippedNotConfirmed),
		out(result.shipByClosing),
		out(result.confirmedNotMarked),
		out([result.summary]),
	];
}
