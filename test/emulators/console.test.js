'use strict';
/**
 * `npm run emulators` tells a user what to pick and type on n8n's two credential forms, label by
 * label, and shows each request as it arrives. Needs `npm run build` (reads the built credential
 * types, as n8n does).
 */
const path = require('node:path');
const { spawn } = require('node:child_process');

const { startEmulators } = require('../../emulators');
const {
	CREDENTIAL_FORMS,
	credentialInstructions,
	createRequestLog,
	defaultCredentialName,
} = require('../../scripts/emulators/console');
const { createTestClient, fulfillmentXml } = require('../../emulators/amazon/testkit');

const ROOT = path.join(__dirname, '..', '..');
const CREDENTIAL_TYPES = {
	netSuiteApi: () =>
		new (require(`${ROOT}/dist/credentials/NetSuiteApi.credentials.js`).NetSuiteApi)(),
	amazonSpApi: () =>
		new (require(`${ROOT}/dist/credentials/AmazonSpApi.credentials.js`).AmazonSpApi)(),
};

/** The label n8n 2.41's credential form shows: its own texts for clientId / clientSecret. */
const onScreen = (property) =>
	({ clientId: 'Client ID', clientSecret: 'Client Secret' })[property.name] ?? property.displayName;

/** Whether a credential property is on the form for these values (displayOptions.show only). */
function visible(property, data) {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([key, allowed]) => allowed.includes(data[key]));
}

/** Reads the printed lines back into credential data, as a user filling in the form would. */
function fillIn(lines, form, type) {
	const start = lines.findIndex((l) => l.startsWith(`${form.displayName}:`));
	const data = {};
	for (const property of type.properties) data[property.name] = property.default;
	for (const line of lines.slice(start + 1)) {
		if (!line.startsWith('  ') || line.startsWith('  Leave')) break;
		const property = type.properties
			.filter((p) => line.startsWith(`  ${onScreen(p)}  `))
			.sort((a, b) => onScreen(b).length - onScreen(a).length)[0];
		expect([line, property && property.displayName]).toEqual([line, expect.any(String)]);
		const value = line.slice(2 + onScreen(property).length).trim();
		if (property.type === 'options') {
			const option = property.options.find((o) => value.startsWith(`${o.name} (`));
			expect([line, option && option.name]).toEqual([line, expect.any(String)]);
			data[property.name] = option.value;
		} else if (property.type === 'boolean') {
			data[property.name] = value.startsWith('on');
		} else {
			data[property.name] = value;
		}
	}
	return data;
}

let emulators;
beforeAll(async () => {
	emulators = await startEmulators({});
});
afterAll(async () => {
	await emulators?.close();
});

describe('credential values, as the n8n forms show them', () => {
	test('every printed label and option is on the form; filling it in gives the data the emulators accept', () => {
		const lines = credentialInstructions(emulators.credentials);
		expect(lines.join('\n')).not.toMatch(
			/restletBaseUrl|endpointOverride|tokenUrlOverride|"tba"|"NA"|accessToken/,
		);
		for (const form of CREDENTIAL_FORMS) {
			const type = CREDENTIAL_TYPES[form.type]();
			expect(type.displayName).toBe(form.displayName);
			const expected = emulators.credentials[form.type];
			const data = fillIn(lines, form, type);
			// What the user typed is the emulators' credential data (the hidden token excepted).
			for (const property of type.properties) {
				if (property.type === 'hidden') continue;
				if (!visible(property, data)) continue;
				expect([form.type, property.name, data[property.name]]).toEqual([
					form.type,
					property.name,
					expected[property.name] ?? property.default,
				]);
			}
			// Every required field on the form is printed.
			for (const property of type.properties.filter((p) => p.required && visible(p, data)))
				expect(lines.some((l) => l.startsWith(`  ${onScreen(property)}  `))).toBe(true);
		}
	});

	test('says which credential type to pick, the name n8n gives it, and that NetSuite starts on OAuth 2.0', () => {
		const text = credentialInstructions(emulators.credentials).join('\n');
		expect(text).toContain('"NetSuite API"; n8n names it "NetSuite account"');
		expect(text).toContain(
			'"Amazon Selling Partner API"; n8n names it "Amazon Selling Partner account"',
		);
		expect(text).toMatch(
			/Authentication +Token-Based Authentication \(TBA\) \(pick it\) +\(the form starts on OAuth 2\.0/,
		);
		expect(text).toMatch(/Region +North America \(already selected\)/);
		expect(
			CREDENTIAL_TYPES.netSuiteApi().properties.find((p) => p.name === 'authentication').default,
		).toBe('m2m');
		expect(defaultCredentialName('Slack API')).toBe('Slack account');
	});
});

describe('request log', () => {
	test('one line per request: method, path, status and the fulfillment or feed it concerns', async () => {
		const lines = [];
		let ns;
		const log = createRequestLog({
			write: (line) => lines.push(line),
			netsuiteRecords: () => ns.netsuite.inspect(),
			feedDocument: (id) => ns.amazon.feedDocument(id),
			feeds: () => ns.amazon.inspect().feeds,
		});
		ns = await startEmulators({
			netsuite: { logger: log.netsuite },
			amazon: { logger: log.amazon },
		});
		try {
			const patch = await fetch(`${ns.netsuite.url}/services/rest/record/v1/itemFulfillment/1201`, {
				method: 'PATCH',
				headers: { 'Content-Type': 'application/json' },
				body: '{}',
			});
			expect(patch.status).toBe(401);
			expect(lines.at(-1)).toMatch(
				/^\d\d:\d\d:\d\d NetSuite PATCH +\/services\/rest\/record\/v1\/itemFulfillment\/1201 401 +fulfillment IF1201 \(1201\)/,
			);

			const client = createTestClient(ns.amazon.url);
			await client.token();
			const xml = fulfillmentXml([
				{ orderId: '114-1000001-1000001', carrierCode: 'UPS', tracking: '1Z999AA10123456784' },
			]).replace(
				'</AmazonOrderID>',
				'</AmazonOrderID><MerchantFulfillmentID>1201</MerchantFulfillmentID>',
			);
			const { feedId } = await client.submitFeed(xml);
			expect(lines.find((l) => / POST +\/feeds\/2021-06-30\/feeds 202/.test(l))).toMatch(
				new RegExp(`feed ${feedId}: IF1201$`),
			);
			await client.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`);
			expect(lines.at(-1)).toMatch(
				new RegExp(`Amazon +GET +/feeds/2021-06-30/feeds/${feedId} 200 +feed ${feedId} IN_QUEUE`),
			);
			// Signed query strings (S3 links) are never printed.
			expect(lines.join('\n')).not.toMatch(/X-Amz-Signature|oauth_signature/);
		} finally {
			await ns.close();
		}
	});

	test('`npm run emulators` prints the form values and then logs requests', async () => {
		const child = spawn(process.execPath, [path.join(ROOT, 'scripts/emulators.js')], {
			env: { ...process.env, NETSUITE_EMULATOR_PORT: '4791', AMAZON_EMULATOR_PORT: '4792' },
		});
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		try {
			await waitFor(() => out.includes('Requests as they arrive'));
			expect(out).toContain('  REST Base URL Override      http://127.0.0.1:4791');
			expect(out).toContain('  LWA Token URL Override      http://127.0.0.1:4792/auth/o2/token');
			await fetch('http://127.0.0.1:4791/services/rest/record/v1/salesOrder/501', {
				method: 'PATCH',
			});
			await waitFor(() => /salesOrder\/501 401 +sales order SO501 \(501\)/.test(out));
		} finally {
			child.kill('SIGTERM');
		}
	});
});

async function waitFor(check, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 50));
	}
}
