'use strict';

const { netSuiteHosts, parseAccountId } = require('../../core/netsuite/hosts');

describe('account ID → realm and hosts', () => {
	test.each([
		['1234567_SB1', '1234567_SB1', '1234567-sb1'],
		['1234567-sb1', '1234567_SB1', '1234567-sb1'],
		[' 1234567_sb1 ', '1234567_SB1', '1234567-sb1'],
		['1234567', '1234567', '1234567'],
		['1234567_RP', '1234567_RP', '1234567-rp'],
		['TSTDRV2698307', 'TSTDRV2698307', 'tstdrv2698307'],
	])('%s → realm %s, host %s', (input, realm, hostId) => {
		const hosts = netSuiteHosts(input);
		expect(hosts.realm).toBe(realm);
		expect(hosts.hostId).toBe(hostId);
		expect(hosts.restBaseUrl).toBe(`https://${hostId}.suitetalk.api.netsuite.com`);
		expect(hosts.restletBaseUrl).toBe(`https://${hostId}.restlets.api.netsuite.com`);
		expect(hosts.tokenUrl).toBe(
			`https://${hostId}.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token`,
		);
	});

	test('a pasted NetSuite URL yields its account', () => {
		expect(parseAccountId('https://1234567-sb1.app.netsuite.com/app/center/card.nl')).toEqual({
			realm: '1234567_SB1',
			hostId: '1234567-sb1',
		});
	});

	test.each([
		'',
		'   ',
		'1234567 SB1',
		'1234567__SB1',
		'1234567_SB1_x',
		'acme.netsuite.com',
		'12/34',
	])('invalid account ID %j is refused with an explanation', (input) => {
		expect(() => netSuiteHosts(input)).toThrow(/account ID .*(empty|not valid)|1234567_SB1/i);
	});

	test('base-URL overrides replace the hosts and the token URL; trailing slashes are dropped', () => {
		const hosts = netSuiteHosts('1234567_SB1', {
			restBaseUrl: 'http://127.0.0.1:8091/',
			restletBaseUrl: ' http://127.0.0.1:8092 ',
		});
		expect(hosts.restBaseUrl).toBe('http://127.0.0.1:8091');
		expect(hosts.restletBaseUrl).toBe('http://127.0.0.1:8092');
		expect(hosts.tokenUrl).toBe('http://127.0.0.1:8091/services/rest/auth/oauth2/v1/token');
		expect(hosts.realm).toBe('1234567_SB1');
		// Empty overrides mean NetSuite's own hosts.
		expect(netSuiteHosts('1234567', { restBaseUrl: '', restletBaseUrl: '  ' }).restBaseUrl).toBe(
			'https://1234567.suitetalk.api.netsuite.com',
		);
	});

	test('a malformed override is refused with the field named', () => {
		expect(() => netSuiteHosts('1234567', { restBaseUrl: '127.0.0.1:8091' })).toThrow(
			/REST base URL/,
		);
		expect(() => netSuiteHosts('1234567', { restletBaseUrl: 'ftp://x' })).toThrow(
			/RESTlet base URL .*http/,
		);
	});
});
