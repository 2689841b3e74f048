export * from './carrierCodes';
export * from './carrierMapping';
export * from './dates';
export * from './shipments';
export * from './validate';
export * from './xmlFeed';
export * from './flatFileFeed';
export * from './batch';
export { escapeXml, findForbiddenChar, fulfillmentLabel, toQuantity } from './text';
