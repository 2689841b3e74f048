export * from './packageReference';
export * from './fingerprint';
export * from './orderLookup';
export * from './run';
export * from './route';
