'use strict';

const crypto = require('node:crypto');
const {
	buildClientAssertion,
	buildTokenRequest,
	parseTokenResponse,
	normalisePem,
} = require('../../core/netsuite/m2m');
const { netSuiteHosts } = require('../../core/netsuite/hosts');

const HOSTS = netSuiteHosts('1234567_SB1');
const NOW = Date.UTC(2026, 4, 1, 8, 30, 0);

const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key) => key.export({ type: 'pkcs8', format: 'pem' });

function decode(jwt) {
	const [h, c, s] = jwt.split('.');
	const json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
	return {
		header: json(h),
		claims: json(c),
		signingInput: `${h}.${c}`,
		signature: Buffer.from(s, 'base64url'),
	};
}

const creds = (algorithm, privateKey) => ({
	clientId: 'client-abc',
	certificateId: 'cert-XYZ',
	privateKey,
	algorithm,
});

describe('M2M client assertion (JWT)', () => {
	test('PS256: header, claims, and an RSA-PSS signature the public key verifies', () => {
		const jwt = buildClientAssertion(creds('PS256', pem(rsa.privateKey)), {
			tokenUrl: HOSTS.tokenUrl,
			now: NOW,
		});
		const { header, claims, signingInput, signature } = decode(jwt);
		expect(header).toEqual({ typ: 'JWT', alg: 'PS256', kid: 'cert-XYZ' });
		expect(claims.iss).toBe('client-abc');
		expect(claims.scope).toBe('restlets,rest_webservices');
		expect(claims.aud).toBe(
			'https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
		);
		expect(claims.iat).toBe(NOW / 1000);
		expect(claims.exp).toBeGreaterThan(claims.iat);
		expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
		const ok = crypto.verify(
			'sha256',
			Buffer.from(signingInput),
			{
				key: rsa.publicKey,
				padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
				saltLength: 32,
			},
			signature,
		);
		expect(ok).toBe(true);
		// A tampered payload must not verify (the check can fail).
		expect(
			crypto.verify(
				'sha256',
				Buffer.from(signingInput + 'x'),
				{ key: rsa.publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
				signature,
			),
		).toBe(false);
	});

	test('ES256: 64-byte IEEE P1363 signature the public key verifies', () => {
		const jwt = buildClientAssertion(creds('ES256', pem(ec.privateKey)), {
			tokenUrl: HOSTS.tokenUrl,
			now: NOW,
		});
		const { header, claims, signingInput, signature } = decode(jwt);
		expect(header).toEqual({ typ: 'JWT', alg: 'ES256', kid: 'cert-XYZ' });
		expect(claims.aud).toBe(HOSTS.tokenUrl);
		expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
		expect(signature).toHaveLength(64);
		expect(
			crypto.verify(
				'sha256',
				Buffer.from(signingInput),
				{ key: ec.publicKey, dsaEncoding: 'ieee-p1363' },
				signature,
			),
		).toBe(true);
	});

	test('token request: form body with the client-credentials grant and the assertion', () => {
		const req = buildTokenRequest(creds('PS256', pem(rsa.privateKey)), {
			tokenUrl: HOSTS.tokenUrl,
			now: NOW,
		});
		expect(req.method).toBe('POST');
		expect(req.url).toBe(HOSTS.tokenUrl);
		expect(req.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
		const form = new URLSearchParams(req.body);
		expect(form.get('grant_type')).toBe('client_credentials');
		expect(form.get('client_assertion_type')).toBe(
			'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
		);
		expect(decode(form.get('client_assertion')).header.kid).toBe('cert-XYZ');
	});

	test('a PEM pasted on one line or with literal \\n still loads', () => {
		const original = pem(rsa.privateKey);
		const oneLine = original.replace(/\n/g, ' ');
		const escaped = original.replace(/\n/g, '\\n');
		for (const variant of [oneLine, escaped]) {
			expect(normalisePem(variant)).toBe(original);
			expect(() =>
				buildClientAssertion(creds('PS256', variant), { tokenUrl: HOSTS.tokenUrl, now: NOW }),
			).not.toThrow();
		}
	});

	test('a key that does not fit the algorithm, or is not a key, is refused without echoing it', () => {
		expect(() =>
			buildClientAssertion(creds('ES256', pem(rsa.privateKey)), {
				tokenUrl: HOSTS.tokenUrl,
				now: NOW,
			}),
		).toThrow(/rsa.*ES256/);
		const garbage =
			'-----BEGIN PRIVATE KEY-----\nPRIVATE-KEY-SECRET-kk3\n-----END PRIVATE KEY-----';
		let error;
		try {
			buildClientAssertion(creds('PS256', garbage), { tokenUrl: HOSTS.tokenUrl, now: NOW });
		} catch (e) {
			error = e;
		}
		expect(error.message).toMatch(/private key could not be read/);
		expect(error.message + JSON.stringify(error)).not.toContain('PRIVATE-KEY-SECRET-kk3');
	});
});

describe('token response', () => {
	test('a good answer gives the token and its lifetime', () => {
		expect(
			parseTokenResponse(200, {
				access_token: 'eyJ.tok',
				expires_in: '3600',
				token_type: 'Bearer',
			}),
		).toEqual({
			accessToken: 'eyJ.tok',
			expiresInSeconds: 3600,
		});
		expect(
			parseTokenResponse(200, '{"access_token":"abc","expires_in":1800}').expiresInSeconds,
		).toBe(1800);
	});

	test("an OAuth error names NetSuite's error and says what to check", () => {
		let error;
		try {
			parseTokenResponse(400, {
				error: 'invalid_client',
				error_description: 'Invalid client assertion',
			});
		} catch (e) {
			error = e;
		}
		expect(error.name).toBe('NetSuiteApiError');
		expect(error.statusCode).toBe(400);
		expect(error.code).toBe('invalid_client');
		expect(error.message).toContain('Invalid client assertion');
		expect(error.message).toMatch(/Certificate ID|certificate ID/);
		expect(error.message).toContain('Login Audit Trail');
	});

	test('a 2xx without a token is an error, not a silent success', () => {
		expect(() => parseTokenResponse(200, '<html>login</html>')).toThrow(/without an access_token/);
	});
});
