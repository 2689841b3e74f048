export * from './client';
export * from './errors';
export * from './hosts';
export * from './lwa';
export * from './rateLimits';
export * from './settings';
