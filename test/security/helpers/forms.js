'use strict';

/**
 * Every form in which a server or a log could echo a secret back, written independently of
 * core/http/redact.ts so the tests do not grade the redactor with its own list.
 */
function base64Cores(value) {
	const bytes = Buffer.from(value, 'utf8');
	const out = [];
	for (let shift = 0; shift < 3; shift++) {
		// The secret inside a longer base64 text, starting at each offset of a 3-byte group.
		const b64 = Buffer.concat([
			Buffer.from('xyz'.slice(0, shift)),
			bytes,
			Buffer.from('!!!'),
		]).toString('base64');
		const from = Math.ceil(shift / 3) * 4;
		const to = Math.floor((shift + bytes.length) / 3) * 4;
		const core = b64.slice(from, to);
		if (core.length >= 8) out.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return out;
}

/** { name: form } for one secret value. */
function formsOf(secret) {
	const forms = {
		raw: secret,
		'URL-encoded': encodeURIComponent(secret),
		'URL-encoded (lower-case hex)': encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) =>
			h.toLowerCase(),
		),
		'form-encoded': new URLSearchParams({ v: secret }).toString().slice(2),
		'URL-encoded twice': encodeURIComponent(encodeURIComponent(secret)),
		'JSON-escaped': JSON.stringify(secret).slice(1, -1),
		base64: Buffer.from(secret).toString('base64'),
		base64url: Buffer.from(secret).toString('base64url'),
	};
	base64Cores(secret).forEach((core, i) => (forms[`base64 inside a longer text #${i + 1}`] = core));
	const bare = secret.replace(/^Atz[ar]\|/, '');
	if (bare !== secret) {
		forms['without its prefix'] = bare;
		forms['without its prefix, base64'] = Buffer.from(bare).toString('base64').replace(/=+$/, '');
	}
	if (secret.includes('-----BEGIN')) {
		secret
			.split('\n')
			.filter((l) => l.length >= 16 && !l.startsWith('-----'))
			.forEach((l, i) => (forms[`PEM line ${i + 1}`] = l));
	}
	return forms;
}

/** Every form of every secret found in `text`: [] when clean. */
function leaksIn(text, secrets, where = 'text') {
	const hits = [];
	for (const [what, value] of Object.entries(secrets)) {
		if (!value || String(value).length < 6) continue;
		for (const [form, needle] of Object.entries(formsOf(String(value)))) {
			if (needle.length >= 6 && text.includes(needle)) hits.push(`${what} (${form}) in ${where}`);
		}
	}
	return [...new Set(hits)];
}

module.exports = { formsOf, leaksIn };
