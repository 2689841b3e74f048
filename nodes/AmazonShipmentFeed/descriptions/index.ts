import type { INodeProperties } from 'n8n-workflow';

import { carrierProperties } from './carriers';
import { feedProperties, mappingProperties, marketplaceProperties, methodProperties } from './feed';
import { optionProperties } from './options';

export { CUSTOM_MARKETPLACE, FROM_ITEM_MARKETPLACE } from './feed';

export const properties: INodeProperties[] = [
	...methodProperties,
	...feedProperties,
	...marketplaceProperties,
	...mappingProperties,
	...carrierProperties,
	...optionProperties,
];
