export * from './xmlReader';
export * from './processingReport';
export * from './results';
