import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invalidItem } from '../helpers/output';
import { resolveMerchantIdentifier } from '../helpers/parameters';
import { prepareConfirm, previewConfirm, submitConfirm } from './confirmShipment';
import { previewFeed } from './feed/preview';
import { submitFeed } from './feed/submit';
import { prepareRun, type PreparedRun } from './prepare';

type MethodHandler = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	run: PreparedRun,
) => Promise<INodeExecutionData[]>;

/** One entry per method; `prepare` replaces the shared preparation when a method needs more. */
const METHODS: Record<
	string,
	{
		submit: MethodHandler;
		preview: MethodHandler;
		prepare?: (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<PreparedRun>;
	}
> = {
	feed: { submit: submitFeed, preview: previewFeed },
	confirmShipment: { submit: submitConfirm, preview: previewConfirm, prepare: prepareConfirm },
};

/** Output 0 `Submitted`, output 1 `Invalid`. Every output item is paired with its input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[], []];
	const method = String(this.getNodeParameter('method', 0, 'feed'));
	const handlers = METHODS[method];
	if (!handlers) {
		throw new NodeOperationError(this.getNode(), `The method '${method}' is not supported`, {
			description: `Choose one of: ${Object.keys(METHODS).join(', ')}`,
		});
	}
	const run = handlers.prepare ? await handlers.prepare.call(this, items) : prepareRun(this, items);
	await resolveMerchantIdentifier(this, run.settings);
	const checkedAt = new Date(run.now).toISOString();
	const invalid = run.invalid.map((rejected) =>
		invalidItem(items[rejected.index], rejected, checkedAt),
	);
	const handler = run.settings.preview ? handlers.preview : handlers.submit;
	const submitted = await handler.call(this, items, run);
	return [submitted, invalid];
}
