import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { invalidItem } from '../helpers/output';
import { credentialRegion, resolveMerchantIdentifier } from '../helpers/parameters';
import { prepareConfirm, previewConfirm, submitConfirm } from './confirmShipment';
import { previewFeed } from './feed/preview';
import { submitFeed } from './feed/submit';
import { prepareRun, type PreparedRun } from './prepare';

/**
 * A method prepares its own run (`R`: the shared validation plus what the method needs later, such
 * as the orders it looked up and the client that read them), then submits or previews that run.
 */
interface Method<R extends PreparedRun> {
	prepare: (this: IExecuteFunctions, items: INodeExecutionData[], region?: string) => Promise<R>;
	submit: (
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		run: R,
	) => Promise<INodeExecutionData[]>;
	preview: (
		this: IExecuteFunctions,
		items: INodeExecutionData[],
		run: R,
	) => Promise<INodeExecutionData[]>;
}

type Runner = (
	this: IExecuteFunctions,
	items: INodeExecutionData[],
) => Promise<INodeExecutionData[][]>;

/** Binds a method to its own prepared state, so no handler ever sees another method's run. */
function runner<R extends PreparedRun>(method: Method<R>): Runner {
	return async function (this: IExecuteFunctions, items) {
		// Every marketplace is checked against the credential's region before anything is sent.
		const region = await credentialRegion(this);
		const run = await method.prepare.call(this, items, region);
		await resolveMerchantIdentifier(this, run.settings);
		const checkedAt = new Date(run.now).toISOString();
		const invalid = run.invalid.map((rejected) =>
			invalidItem(items[rejected.index], rejected, checkedAt),
		);
		const handler = run.settings.preview ? method.preview : method.submit;
		const submitted = await handler.call(this, items, run);
		return [submitted, invalid];
	};
}

async function prepareShared(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	region?: string,
): Promise<PreparedRun> {
	return prepareRun(this, items, region);
}

const METHODS: Record<string, Runner> = {
	feed: runner({ prepare: prepareShared, submit: submitFeed, preview: previewFeed }),
	confirmShipment: runner({
		prepare: prepareConfirm,
		submit: submitConfirm,
		preview: previewConfirm,
	}),
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
	return await handlers.call(this, items);
}
