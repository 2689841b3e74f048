/** Unit tests import the TypeScript sources directly; integration tests load the built dist/ like n8n does. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true, esModuleInterop: true, resolveJsonModule: true, useUnknownInCatchVariables: false, skipLibCheck: true, target: 'es2020', module: 'commonjs' }, diagnostics: false }],
	},
	moduleFileExtensions: ['ts', 'js', 'json'],
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json', '<rootDir>/.e2e', '<rootDir>/output'],
	testTimeout: 30000,
};
