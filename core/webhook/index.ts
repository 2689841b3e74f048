export * from './notice';
export * from './replay';
