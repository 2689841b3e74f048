export * from './items';
export * from './results';
export * from './check';
