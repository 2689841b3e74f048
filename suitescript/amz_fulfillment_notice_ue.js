/**
 * Tells n8n the moment an item fulfillment ships, for the n8n NetSuite Fulfillment Webhook Trigger
 * (n8n-nodes-netsuite-amazon-fulfillment). User Event on Item Fulfillment, afterSubmit only.
 *
 * When a fulfillment is saved as Shipped (shipstatus C) with at least one tracking number, it POSTs
 *   {"type":"itemfulfillment.shipped","fulfillmentId","event","lastModified","sentAt","account"}
 * to the URL in the script parameter custscript_amz_notice_url, with the headers
 *   X-NetSuite-Notice-Timestamp: <unix seconds>
 *   X-NetSuite-Notice-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
 * where the secret is the API Secret whose ID is in custscript_amz_notice_secret (custsecret_…).
 * The receiver trusts nothing but the fulfillment ID: it reads the fulfillment from NetSuite.
 *
 * Events: create and ship always; edit only when the fulfillment became Shipped or its tracking
 * numbers changed; xedit (inline edit, submitFields, CSV update) only when shipstatus was among the
 * changed fields. So n8n's own write-back (custbody_amz_* fields) does not notify again.
 *
 * It never fails the user's save: everything is caught and logged (never the secret), one POST at
 * most, no retries; n8n's polling trigger catches up on anything a lost notice missed.
 *
 * @NApiVersion 2.1
 * @NScriptType UserEventScript
 * @NModuleScope SameAccount
 */
define(['N/https', 'N/crypto', 'N/encode', 'N/runtime', 'N/record'], /**
 * Types: @hitc/netsuite-types (scripts/suitescript/tsconfig.json checks them).
 * @param {typeof import('N/https')} https
 * @param {typeof import('N/crypto')} crypto
 * @param {typeof import('N/encode')} encode
 * @param {typeof import('N/runtime')} runtime
 * @param {typeof import('N/record')} record
 */ (https, crypto, encode, runtime, record) => {
	const TITLE = 'amz fulfillment notice';
	const EVENTS = ['create', 'edit', 'xedit', 'ship'];
	/** The package sublists and their tracking field; which one is filled depends on the carrier integration. */
	const PACKAGE_SUBLISTS = [
		['package', 'packagetrackingnumber'],
		['packageups', 'packagetrackingnumberups'],
		['packagefedex', 'packagetrackingnumberfedex'],
		['packageusps', 'packagetrackingnumberusps'],
	];
	/** The contract's limit on the body; ours is far below it, but an odd last-modified text must not pass it. */
	const MAX_BODY_BYTES = 4096;

	/** @param {string} text @returns {number} its length in UTF-8 bytes */
	function utf8Bytes(text) {
		let n = 0;
		for (const ch of text) {
			const c = ch.codePointAt(0) || 0;
			n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
		}
		return n;
	}

	/**
	 * @param {import('N/record').Record} rec
	 * @param {string} field
	 */
	function value(rec, field) {
		try {
			const v = rec.getValue({ fieldId: field });
			return v === null || v === undefined ? '' : v;
		} catch (e) {
			return '';
		}
	}

	/**
	 * The record's tracking numbers across the four package sublists, sorted, without blanks.
	 * @param {import('N/record').Record} rec
	 * @returns {string[]}
	 */
	function trackingNumbers(rec) {
		const out = [];
		PACKAGE_SUBLISTS.forEach(([sublistId, fieldId]) => {
			let lines = 0;
			try {
				lines = rec.getLineCount({ sublistId });
			} catch (e) {
				lines = 0; // a sublist this account's carrier set-up does not have
			}
			for (let line = 0; line < lines; line++) {
				const t = String(rec.getSublistValue({ sublistId, fieldId, line }) || '').trim();
				if (t) out.push(t);
			}
		});
		return out.sort();
	}

	/** @param {import('N/record').Record} rec */
	const isShipped = (rec) => String(value(rec, 'shipstatus')) === 'C';

	/** lastmodifieddate as ISO 8601 UTC, or its raw text when it is not a date. */
	function lastModified(rec) {
		const v = value(rec, 'lastmodifieddate');
		if (v instanceof Date && !isNaN(v.getTime())) return v.toISOString();
		const parsed = new Date(String(v));
		return v !== '' && !isNaN(parsed.getTime()) ? parsed.toISOString() : String(v);
	}

	/**
	 * The fulfillment as saved, or null when this save should not notify.
	 * @param {import('N/types').EntryPoints.UserEvent.afterSubmitContext} context
	 * @param {string} event
	 */
	function shippedRecord(context, event) {
		const rec = context.newRecord;
		if (event === 'xedit') {
			// newRecord holds only the changed fields: notify only when shipstatus was one of them.
			const changed = (rec.getFields ? rec.getFields() : []).map((f) => String(f).toLowerCase());
			if (changed.indexOf('shipstatus') < 0) return null;
			const full = record.load({ type: record.Type.ITEM_FULFILLMENT, id: rec.id });
			return isShipped(full) && trackingNumbers(full).length ? full : null;
		}
		if (!isShipped(rec)) return null;
		const tracking = trackingNumbers(rec);
		if (!tracking.length) return null;
		const old = context.oldRecord;
		if (event === 'edit' && old && isShipped(old)) {
			// Already shipped before this save: only a change of tracking numbers is news.
			if (trackingNumbers(old).join('\n') === tracking.join('\n')) return null;
		}
		return rec;
	}

	/** @param {string} secretId @param {string} message @returns {string} lower-case hex */
	function sign(secretId, message) {
		const key = crypto.createSecretKey({ secret: secretId, encoding: encode.Encoding.UTF_8 });
		const hmac = crypto.createHmac({ algorithm: crypto.HashAlg.SHA256, key });
		hmac.update({ input: message, inputEncoding: encode.Encoding.UTF_8 });
		return String(hmac.digest({ outputEncoding: encode.Encoding.HEX })).toLowerCase();
	}

	/** @param {import('N/types').EntryPoints.UserEvent.afterSubmitContext} context */
	function afterSubmit(context) {
		try {
			const event = String(context.type || '').toLowerCase();
			if (EVENTS.indexOf(event) < 0) return;
			const script = runtime.getCurrentScript();
			const url = String(script.getParameter({ name: 'custscript_amz_notice_url' }) || '').trim();
			const secretId = String(
				script.getParameter({ name: 'custscript_amz_notice_secret' }) || '',
			).trim();
			if (!url || !secretId) {
				log.error({
					title: TITLE,
					details: 'Set the parameters custscript_amz_notice_url and custscript_amz_notice_secret.',
				});
				return;
			}
			const rec = shippedRecord(context, event);
			if (!rec) return;
			const fulfillmentId = String(context.newRecord.id || rec.id);
			const body = JSON.stringify({
				type: 'itemfulfillment.shipped',
				fulfillmentId,
				event,
				lastModified: lastModified(rec),
				sentAt: new Date().toISOString(),
				account: String(runtime.accountId || ''),
			});
			if (utf8Bytes(body) > MAX_BODY_BYTES) {
				log.error({ title: TITLE, details: `Fulfillment ${fulfillmentId}: notice too large.` });
				return;
			}
			const timestamp = String(Math.floor(Date.now() / 1000));
			const signature = sign(secretId, `${timestamp}.${body}`);
			const response = https.post({
				url,
				body,
				headers: {
					'Content-Type': 'application/json',
					'X-NetSuite-Notice-Timestamp': timestamp,
					'X-NetSuite-Notice-Signature': `v1=${signature}`,
				},
			});
			const code = Number(response && response.code);
			if (code >= 200 && code < 300) {
				log.debug({
					title: TITLE,
					details: `Fulfillment ${fulfillmentId} (${event}): HTTP ${code}`,
				});
			} else {
				log.error({
					title: TITLE,
					details: `Fulfillment ${fulfillmentId} (${event}): n8n answered HTTP ${code}; the polling trigger will pick it up.`,
				});
			}
		} catch (e) {
			// After the commit a throw cannot undo the save; keep it out of the user's way.
			log.error({
				title: TITLE,
				details: `${(e && e.name) || 'ERROR'}: ${(e && e.message) || e}; the polling trigger will pick it up.`,
			});
		}
	}

	return { afterSubmit };
});
