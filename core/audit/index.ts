export * from './types';
export * from './classify';
export * from './query';
export * from './run';
export * from './summary';
