import type {
	ILoadOptionsFunctions,
	INodePropertyOptions,
	ResourceMapperFields,
} from 'n8n-workflow';

import { AMAZON_CARRIER_CODES, OTHER_CARRIER_CODE } from '../../../core/feed/carrierCodes';
import { FULFILLMENT_FIELDS } from './fields';

/** Value of the carrier-code option that reveals a free-text code field. */
export const CUSTOM_CARRIER_CODE = '__custom__';

export function splitCodes(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
	if (typeof value !== 'string') return [];
	return value
		.split(/[,\n]/)
		.map((v) => v.trim())
		.filter(Boolean);
}

export const resourceMapping = {
	/** The fields are fixed (Amazon's feed), so no request is needed to list them. */
	async getFulfillmentFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		return { fields: FULFILLMENT_FIELDS.map((field) => ({ ...field })) };
	},
};

export const loadOptions = {
	/** Amazon's carrier list (exact spelling), the user's extra codes, 'Other', and a free-text choice. */
	async getCarrierCodes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		let extra: string[] = [];
		try {
			extra = splitCodes(this.getCurrentNodeParameter('carrierOptions.extraCarrierCodes'));
		} catch {
			extra = [];
		}
		const codes = [...new Set([...AMAZON_CARRIER_CODES, ...extra])]
			.filter((code) => code !== OTHER_CARRIER_CODE)
			.sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
		return [
			{
				name: 'Other (Send the Carrier Name)',
				value: OTHER_CARRIER_CODE,
				description: 'For carriers not on Amazon’s list; Amazon then needs a carrier name',
			},
			{
				name: 'Custom Code…',
				value: CUSTOM_CARRIER_CODE,
				description: 'Type a code Amazon lists for your marketplace but this list lacks',
			},
			...codes.map((code) => ({ name: code, value: code })),
		];
	},
};
