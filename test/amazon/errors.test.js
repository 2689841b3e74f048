const nock = require('nock');
const { S3, makeClient, expectNoSecrets } = require('./helpers');
const {
	parseS3ErrorXml,
	parseAmazonErrors,
	amazonErrorFromResponse,
} = require('../../core/amazon/errors');

const SIG_XML =
	'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><RequestId>S3REQ123</RequestId><HostId>abc</HostId></Error>';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

test('S3 SignatureDoesNotMatch on the upload becomes a clear error about the Content-Type, not retried', async () => {
	const { client } = makeClient();
	nock(S3)
		.put('/doc')
		.reply(403, SIG_XML, { 'Content-Type': 'application/xml', 'x-amz-request-id': 'S3REQ123' });
	const error = await client
		.uploadFeedDocument(`${S3}/doc`, 'text/xml; charset=UTF-8', '<x/>')
		.catch((e) => e);
	expect(error.name).toBe('AmazonApiError');
	expect(error.code).toBe('SignatureDoesNotMatch');
	expect(error.httpStatus).toBe(403);
	expect(error.requestId).toBe('S3REQ123');
	expect(error.operation).toBe('uploadFeedDocument');
	expect(error.message).toMatch(
		/Content-Type header identical to the contentType given to createFeedDocument/,
	);
	expect(client.stats.uploadFeedDocument.requests).toBe(1);
	expectNoSecrets(error.message);
});

test('an expired pre-signed URL says so', async () => {
	const { client } = makeClient();
	nock(S3)
		.get('/old')
		.reply(403, '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
	const error = await client.downloadFeedDocument({ url: `${S3}/old` }).catch((e) => e);
	expect(error.code).toBe('AccessDenied');
	expect(error.message).toMatch(/valid for 5 minutes/);
});

test('parsers read SP-API error lists, S3 XML and odd bodies', () => {
	expect(parseS3ErrorXml(Buffer.from(SIG_XML))).toMatchObject({
		code: 'SignatureDoesNotMatch',
		requestId: 'S3REQ123',
	});
	expect(parseS3ErrorXml('{"errors":[]}')).toBeUndefined();
	expect(
		parseAmazonErrors(
			'{"errors":[{"code":"InvalidInput","message":"bad","details":"x"},{"code":"B","message":"m"}]}',
		),
	).toEqual([
		{ code: 'InvalidInput', message: 'bad', details: 'x' },
		{ code: 'B', message: 'm' },
	]);
	const gateway = amazonErrorFromResponse('getFeed', {
		statusCode: 502,
		headers: {},
		body: '<html>Bad Gateway</html>',
	});
	expect(gateway).toMatchObject({ code: 'HTTP502', httpStatus: 502 });
	expect(gateway.message).toContain('Bad Gateway');
});
