export * from './types';
export * from './dates';
export * from './grouping';
export * from './cursor';
export * from './poll';
export * from './defaultQuery';
export * from './sources';
export * from './byId';
