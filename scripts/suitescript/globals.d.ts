// The globals a SuiteScript 2.x server script has (besides the N/ modules it imports): the AMD
// loader and the log module (@hitc/netsuite-types declares the modules, not these globals).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Factory = (...modules: any[]) => unknown;
declare function define(deps: string[], factory: Factory): void;
declare const log: typeof import('N/log');
