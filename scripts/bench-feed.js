#!/usr/bin/env node
/**
 * Linearity check for the feed domain (issue 10): validate → build → parse the document back →
 * parse a processing report → map results, for 1,000 / 10,000 / 50,000 fulfillments.
 * Prints ms per fulfillment; a quadratic step shows as a growing figure. Not a test: no assertions.
 * Usage: node scripts/bench-feed.js [N ...]
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

// Load the TypeScript sources directly (no build needed), like ts-jest does for the tests.
require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		compilerOptions: {
			module: ts.ModuleKind.CommonJS,
			target: ts.ScriptTarget.ES2020,
			esModuleInterop: true,
		},
		fileName: filename,
	});
	module._compile(outputText, filename);
};

const root = path.join(__dirname, '..');
const { CarrierMapper } = require(path.join(root, 'core/feed/carrierMapping.ts'));
const { prepareFulfillments } = require(path.join(root, 'core/feed/validate.ts'));
const { buildFeedDocuments } = require(path.join(root, 'core/feed/batch.ts'));
const { parseXml, findAll } = require(path.join(root, 'core/report/xmlReader.ts'));
const { parseProcessingReport } = require(path.join(root, 'core/report/processingReport.ts'));
const { mapReportToFulfillments } = require(path.join(root, 'core/report/results.ts'));

const marketplaces = ['ATVPDKIKX0DER', 'A1PA6795UKMFR9', 'A1F83G8C2ARO7P'];
const methods = [
	'UPS Ground',
	'FedEx 2Day',
	'Royal Mail Tracked 24',
	'Müller Spedition',
	'Local Courier & Co',
];
const rules = [
	{ match: 'UPS Ground', carrierCode: 'UPS', shippingMethod: 'Ground' },
	{ match: 'FedEx 2Day', carrierCode: 'FedEx', shippingMethod: 'Second Day' },
	{ match: 'Royal Mail Tracked 24', carrierCode: 'Royal Mail' },
	{ match: 'Müller Spedition', carrierCode: 'Other', carrierName: 'Müller Spedition' },
];

function pad(n, w) {
	return String(n).padStart(w, '0');
}

/** Mixed shapes: 1–3 lines, sometimes several packages with known contents, sometimes unknown. */
function generate(n) {
	const out = new Array(n);
	for (let i = 0; i < n; i++) {
		const lineCount = 1 + (i % 3);
		const lines = [];
		for (let l = 0; l < lineCount; l++) {
			lines.push({
				line: String(l + 1),
				quantity: 1 + ((i + l) % 4),
				amazonOrderItemId: `1${pad(i, 9)}${pad(l, 4)}`,
			});
		}
		let packages;
		if (i % 5 === 0 && lineCount > 1) {
			packages = lines.map((ln, k) => ({
				packageId: `P${k + 1}`,
				trackingNumber: `1Z${pad(i, 10)}${k}`,
				lines: [{ line: ln.line, quantity: ln.quantity }],
			}));
		} else if (i % 7 === 0) {
			packages = [1, 2].map((k) => ({
				packageId: String(k),
				trackingNumber: `TRK${pad(i, 10)}${k}`,
			}));
		} else {
			packages = [{ packageId: '1', trackingNumber: `1Z${pad(i, 12)}` }];
		}
		out[i] = {
			fulfillmentId: String(100000 + i),
			fulfillmentNumber: `IF${100000 + i}`,
			amazonOrderId: `${pad(i % 1000, 3)}-${pad(i, 7)}-${pad(i * 7, 7).slice(-7)}`,
			marketplaceId: marketplaces[i % marketplaces.length],
			shipDate: '2026-01-05',
			shipMethod: methods[i % methods.length],
			lines,
			packages,
			trackingNumbers: packages.map((p) => p.trackingNumber),
		};
	}
	return out;
}

/** A processing report with an error on every 50th message and a warning on every 70th. */
function reportFor(doc) {
	const parts = [
		'<?xml version="1.0" encoding="UTF-8"?><AmazonEnvelope><MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID><ProcessingReport><DocumentTransactionID>1</DocumentTransactionID><StatusCode>Complete</StatusCode>',
	];
	let errors = 0;
	let warnings = 0;
	const results = [];
	for (const m of doc.messages) {
		if (m.messageId % 50 === 0) {
			errors++;
			results.push(
				`<Result><MessageID>${m.messageId}</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>18028</ResultMessageCode><ResultDescription>Your order cannot be found &amp; so on</ResultDescription><AdditionalInfo><AmazonOrderID>${m.amazonOrderId}</AmazonOrderID></AdditionalInfo></Result>`,
			);
		} else if (m.messageId % 70 === 0) {
			warnings++;
			results.push(
				`<Result><MessageID>${m.messageId}</MessageID><ResultCode>Warning</ResultCode><ResultMessageCode>18306</ResultMessageCode><ResultDescription>The tracking ID X for UPS does not match the expected format for the carrier</ResultDescription></Result>`,
			);
		}
	}
	const n = doc.messages.length;
	parts.push(
		`<ProcessingSummary><MessagesProcessed>${n}</MessagesProcessed><MessagesSuccessful>${n - errors}</MessagesSuccessful><MessagesWithError>${errors}</MessagesWithError><MessagesWithWarning>${warnings}</MessagesWithWarning></ProcessingSummary>`,
	);
	parts.push(...results, '</ProcessingReport></Message></AmazonEnvelope>');
	return parts.join('');
}

function run(n) {
	const input = generate(n);
	const mapper = new CarrierMapper(rules, { unmapped: 'other' });
	const t0 = process.hrtime.bigint();
	const { valid, invalid } = prepareFulfillments(input, mapper, {
		now: Date.parse('2026-01-07T00:00:00Z'),
	});
	const t1 = process.hrtime.bigint();
	const docs = buildFeedDocuments(valid, { merchantIdentifier: 'A1EXAMPLESELLER' });
	const t2 = process.hrtime.bigint();
	let messages = 0;
	for (const doc of docs) messages += findAll(parseXml(doc.document), 'Message').length;
	const t3 = process.hrtime.bigint();
	const reports = docs.map(reportFor);
	const t4 = process.hrtime.bigint();
	const counts = { accepted: 0, acceptedWithWarnings: 0, rejected: 0 };
	docs.forEach((doc, d) => {
		const mapped = mapReportToFulfillments(parseProcessingReport(reports[d]), doc.messages);
		for (const o of mapped.outcomes) counts[o.outcome]++;
	});
	const t5 = process.hrtime.bigint();
	const ms = (a, b) => Number(b - a) / 1e6;
	const per = (a, b) => (ms(a, b) / n).toFixed(4);
	const bytes = docs.reduce((s, d) => s + d.byteLength, 0);
	console.log(
		`N=${String(n).padStart(6)}  valid=${valid.length} invalid=${invalid.length} docs=${docs.length} messages=${messages} bytes=${bytes}\n` +
			`   ms/fulfillment: validate ${per(t0, t1)}  build ${per(t1, t2)}  parse-doc ${per(t2, t3)}  ` +
			`report+map ${per(t4, t5)}  total ${((ms(t0, t3) + ms(t4, t5)) / n).toFixed(4)}  ` +
			`outcomes ${JSON.stringify(counts)}`,
	);
	return (ms(t0, t3) + ms(t4, t5)) / n;
}

const sizes = process.argv
	.slice(2)
	.map(Number)
	.filter((x) => x > 0);
const list = sizes.length ? sizes : [1000, 10000, 50000];
run(500); // warm-up (JIT), not reported in the ratio
const results = list.map(run);
if (results.length > 1) {
	console.log(
		`ratio ms/fulfillment largest/smallest N: ${(results[results.length - 1] / results[0]).toFixed(2)} (issue 10 target ≤ 1.3)`,
	);
}
