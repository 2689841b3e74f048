export * from './hosts';
export * from './tba';
export * from './m2m';
export * from './errors';
export * from './suiteql';
export * from './client';
