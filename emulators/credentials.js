'use strict';

// Test values for the local emulators only. They are NOT secrets and never work against a real account.
const DEFAULT_CREDENTIALS = Object.freeze({
	netsuite: Object.freeze({
		accountId: '1234567_SB1',
		consumerKey: 'emu-consumer-key-0000000000000000000000000000000000000000000000000001',
		consumerSecret: 'emu-consumer-secret-000000000000000000000000000000000000000000000001',
		tokenId: 'emu-token-id-000000000000000000000000000000000000000000000000000001',
		tokenSecret: 'emu-token-secret-0000000000000000000000000000000000000000000000001',
		m2m: Object.freeze({
			clientId: 'emu-m2m-client-id-00000000000000000000000000000000000000000000001',
			certificateId: 'emu-cert-id-0000000000000000000001',
		}),
	}),
	amazon: Object.freeze({
		clientId: 'amzn1.application-oa2-client.emulator0000000000000000000001',
		clientSecret: 'amzn1.oa2-cs.v1.emulator00000000000000000000000000000000000000000001',
		refreshToken: 'Atzr|emulator-refresh-token-0000000000000000000000000000000000000001',
		sellerId: 'A1EXAMPLESELLER',
	}),
});

module.exports = { DEFAULT_CREDENTIALS };
