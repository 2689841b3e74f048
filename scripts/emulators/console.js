'use strict';
/**
 * What `npm run emulators` prints: the credential values as n8n's credential forms show them
 * (field label by field label, option names instead of internal values), and one line per request
 * the emulators answer, naming the fulfillment, order or feed it concerns.
 *
 * The labels and option names are those of credentials/*.ts as n8n 2.41's form shows them;
 * test/emulators/console.test.js checks them against the built credential types, and the browser
 * test (e2e/browser/readme-path.test.js) types them into the real forms.
 */

/** n8n names a new credential "<display name without ' API'> account". */
const defaultCredentialName = (displayName) => `${displayName.replace(/ API$/, '')} account`;

/** The two forms: which type to pick in n8n, then each field as the form labels it. */
const CREDENTIAL_FORMS = [
	{
		type: 'netSuiteApi',
		displayName: 'NetSuite API',
		fields: [
			{
				label: 'Authentication',
				key: 'authentication',
				options: { tba: 'Token-Based Authentication (TBA)' },
				formDefault: 'm2m',
				note: 'the form starts on OAuth 2.0: change it first',
			},
			{ label: 'Account ID', key: 'accountId' },
			{ label: 'Consumer Key', key: 'consumerKey' },
			{ label: 'Consumer Secret', key: 'consumerSecret' },
			{ label: 'Token ID', key: 'tokenId' },
			{ label: 'Token Secret', key: 'tokenSecret' },
			{ label: 'REST Base URL Override', key: 'restBaseUrl' },
			{ label: 'RESTlet Base URL Override', key: 'restletBaseUrl' },
		],
	},
	{
		type: 'amazonSpApi',
		displayName: 'Amazon Selling Partner API',
		fields: [
			// n8n's editor labels fields named clientId / clientSecret itself ("Client ID", "Client
			// Secret"), whatever the credential's displayName says.
			{ label: 'Client ID', key: 'clientId' },
			{ label: 'Client Secret', key: 'clientSecret' },
			{ label: 'Refresh Token', key: 'refreshToken' },
			{ label: 'Region', key: 'region', options: { NA: 'North America' }, formDefault: 'NA' },
			{ label: 'Seller ID (Merchant Token)', key: 'sellerId' },
			{ label: 'Sandbox', key: 'sandbox', boolean: true, formDefault: false },
			{ label: 'Endpoint Override', key: 'endpointOverride' },
			{ label: 'LWA Token URL Override', key: 'tokenUrlOverride' },
		],
	},
];

/** What to type or pick for one field of `data` (the credential data the emulators accept). */
function shownValue(field, data) {
	const value = data[field.key];
	if (field.options) {
		const name = field.options[value];
		if (!name) throw new Error(`No option name for ${field.key} = ${value}`);
		return value === field.formDefault ? `${name} (already selected)` : `${name} (pick it)`;
	}
	if (field.boolean) {
		const shown = value ? 'on' : 'off';
		return value === field.formDefault ? `${shown} (leave it)` : `${shown} (switch it)`;
	}
	return String(value ?? '');
}

/** The lines that tell a user how to fill in both credential forms for these emulators. */
function credentialInstructions(credentials) {
	const lines = [];
	const width =
		Math.max(...CREDENTIAL_FORMS.flatMap((form) => form.fields.map((f) => f.label.length))) + 2;
	for (const form of CREDENTIAL_FORMS) {
		const data = credentials[form.type];
		lines.push(
			`${form.displayName}: in n8n, Create credential > "${form.displayName}"; n8n names it "${defaultCredentialName(form.displayName)}".`,
		);
		for (const field of form.fields) {
			const note = field.note ? `   (${field.note})` : '';
			lines.push(`  ${field.label.padEnd(width, ' ')}${shownValue(field, data)}${note}`);
		}
		lines.push('  Leave every other field as it is. Save: the test connects to the emulator.');
		lines.push('');
	}
	return lines;
}

const time = (ms) => new Date(ms).toISOString().slice(11, 19);

/**
 * One line per request: time, system, method, path, status, and what it concerns (fulfillment,
 * sales order, feed with its fulfillments, Amazon order). Query strings (signatures) are not shown.
 *
 * @param {object} options
 * @param {(line: string) => void} options.write
 * @param {() => object} [options.netsuiteRecords] () => NetSuite emulator inspect()
 * @param {(feedId: string) => string | undefined} [options.feedDocument] Amazon feed input text
 * @param {() => object[]} [options.feeds] Amazon feeds (inspect().feeds)
 * @param {() => number} [options.now]
 */
function createRequestLog(options) {
	const now = options.now || (() => Date.now());
	const names = new Map(); // 'itemFulfillment 1201' → 'IF1201'
	const nameOf = (type, id) => {
		const key = `${type} ${id}`;
		if (!names.has(key) && options.netsuiteRecords) {
			const records = options.netsuiteRecords();
			for (const [fid, f] of Object.entries(records.itemFulfillments || {}))
				names.set(`itemFulfillment ${fid}`, f.tranid);
			for (const [sid, s] of Object.entries(records.salesOrders || {}))
				names.set(`salesOrder ${sid}`, s.tranid);
		}
		return names.get(key);
	};
	const feedFulfillments = (feedId) => {
		const text = options.feedDocument ? options.feedDocument(feedId) : undefined;
		if (!text) return [];
		const ids = [...text.matchAll(/<MerchantFulfillmentID>([^<]*)<\/MerchantFulfillmentID>/g)];
		const unique = [...new Set(ids.map((m) => m[1]))];
		return unique.map((id) => nameOf('itemFulfillment', id) || id);
	};
	const line = (system, entry, about) => {
		const status = entry.status ?? (entry.fault ? `fault ${entry.fault}` : '-');
		const text = `${time(now())} ${system.padEnd(8)} ${String(entry.method).padEnd(6)} ${entry.path} ${status}`;
		options.write(about ? `${text}  ${about}` : text);
	};

	function netsuite(entry) {
		let about = '';
		const record = /\/record\/v1\/(itemFulfillment|salesOrder)\/([^/?]+)/i.exec(entry.path || '');
		if (record) {
			const type = record[1].toLowerCase() === 'salesorder' ? 'salesOrder' : 'itemFulfillment';
			const name = nameOf(type, record[2]);
			about = `${type === 'salesOrder' ? 'sales order' : 'fulfillment'} ${name ? `${name} (${record[2]})` : record[2]}`;
		} else if (entry.rows !== undefined) {
			about = `${entry.rows} row${entry.rows === 1 ? '' : 's'}`;
		}
		if (entry.code) about = about ? `${about}, ${entry.code}` : entry.code;
		else if (entry.reason) about = about ? `${about}, ${entry.reason}` : entry.reason;
		line('NetSuite', entry, about);
	}

	function amazon(entry) {
		let about = '';
		const path = entry.path || '';
		const feed = /^\/feeds\/2021-06-30\/feeds\/([^/]+)$/.exec(path);
		const order = /^\/orders\/[^/]+\/orders\/([^/]+)/.exec(path);
		if (entry.operation === 'createFeed' && entry.status < 300 && options.feeds) {
			const last = options.feeds().at(-1);
			if (last) {
				const list = feedFulfillments(last.feedId);
				about = `feed ${last.feedId}${list.length ? `: ${list.join(', ')}` : ''}`;
			}
		} else if (feed && options.feeds) {
			const current = options.feeds().find((f) => String(f.feedId) === feed[1]);
			about = `feed ${feed[1]}${current ? ` ${current.status}` : ''}`;
		} else if (order) {
			about = `order ${decodeURIComponent(order[1])}`;
		}
		line('Amazon', entry, about);
	}

	return { netsuite, amazon };
}

module.exports = {
	CREDENTIAL_FORMS,
	credentialInstructions,
	createRequestLog,
	defaultCredentialName,
};
