/**
 * Two projects: the package's tests (unit tests import the TypeScript sources directly; integration
 * tests load the built dist/ like n8n does), and unit tests of the SuiteScript files in suitescript/
 * with Oracle's SuiteCloud stubs (@oracle/suitecloud-unit-testing: its AMD-to-CommonJS transformer
 * and its N/ module stubs, which jest.mock turns into mocks).
 */
const ORACLE = '<rootDir>/node_modules/@oracle/suitecloud-unit-testing';

module.exports = {
	testTimeout: 30000,
	projects: [
		{
			displayName: 'package',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.test.js'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/suitescript/'],
			transform: {
				'^.+\\.ts$': [
					'ts-jest',
					{
						tsconfig: {
							isolatedModules: true,
							esModuleInterop: true,
							resolveJsonModule: true,
							useUnknownInCatchVariables: false,
							skipLibCheck: true,
							target: 'es2020',
							module: 'commonjs',
						},
						diagnostics: false,
					},
				],
			},
			moduleFileExtensions: ['ts', 'js', 'json'],
			modulePathIgnorePatterns: [
				'<rootDir>/dist/package.json',
				'<rootDir>/.e2e',
				'<rootDir>/output',
			],
		},
		{
			displayName: 'suitescript',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/suitescript'],
			testMatch: ['**/*.test.js'],
			transform: { '^.+\\.js$': `${ORACLE}/jest-configuration/SuiteCloudJestTransformer.js` },
			transformIgnorePatterns: ['/node_modules/(?!@oracle/suitecloud-unit-testing/stubs)'],
			moduleNameMapper: {
				'^N/(record|search|runtime|error|log|https|crypto|encode)$': `${ORACLE}/stubs/$1/$1.js`,
			},
		},
	],
};
