'use strict';
/**
 * An ICredentialsHelper that behaves like n8n's CLI CredentialsHelper
 * (packages/cli/src/credentials-helper.ts) over an in-memory credential store:
 * - getDecrypted returns a fresh copy of the plain data (with the type's defaults filled in,
 *   as n8n does), found by credential type + id, else name, else the only one of that type;
 * - authenticate applies the type's `authenticate` (function called as-is; generic
 *   `{ type: 'generic', properties: { headers|qs|body|auth } }` with `={{$credentials.x}}`
 *   resolved);
 * - preAuthentication runs the type's `preAuthentication` when its hidden `expirable` property is
 *   empty, or when forced after a retry status code, and stores the result back (n8n persists it
 *   to the database), counting calls for tests.
 */
require('./n8n-env').prepareN8nEnvironment();

const { ICredentialsHelper } = require('n8n-workflow');

class HarnessCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {import('./node-types').NodeTypes} nodeTypes
	 * @param {Array<{id?: string, name?: string, type: string, data: object}>} credentials
	 */
	constructor(nodeTypes, credentials = []) {
		super();
		this.nodeTypes = nodeTypes;
		this.store = credentials.map((c, i) => ({
			id: c.id ?? `cred-${i + 1}`,
			name: c.name ?? c.type,
			type: c.type,
			data: structuredClone(c.data ?? {}),
		}));
		this.counters = {
			preAuthentication: 0,
			authenticate: 0,
			getDecrypted: 0,
			updateCredentials: 0,
		};
		/** Per credential type: how often preAuthentication ran. */
		this.preAuthenticationsByType = {};
	}

	/** The stored entry (by type + id, else name, else the only one of the type). */
	find(nodeCredentials, type) {
		const ofType = this.store.filter((c) => c.type === type);
		const id = nodeCredentials?.id;
		const name = nodeCredentials?.name;
		const found =
			(id && ofType.find((c) => c.id === id)) ||
			(name && ofType.find((c) => c.name === name)) ||
			(ofType.length === 1 ? ofType[0] : undefined);
		if (!found) {
			throw new Error(
				`No credentials of type "${type}" for ${JSON.stringify(nodeCredentials ?? {})} were given to the runner`,
			);
		}
		return found;
	}

	/** Current plain data of a credential (after preAuthentication stored tokens), for tests. */
	getData(type, idOrName) {
		return structuredClone(
			this.find(idOrName ? { id: idOrName, name: idOrName } : undefined, type).data,
		);
	}

	/** Replace fields of a stored credential (e.g. expire a token in a test). */
	setData(type, idOrName, patch) {
		Object.assign(
			this.find(idOrName ? { id: idOrName, name: idOrName } : undefined, type).data,
			patch,
		);
	}

	getParentTypes(name) {
		return this.nodeTypes.getParentTypes(name);
	}

	isCredentialUsableByNode() {
		return true;
	}

	async getDecrypted(_additionalData, nodeCredentials, type) {
		this.counters.getDecrypted++;
		const entry = this.find(nodeCredentials, type);
		const data = structuredClone(entry.data);
		if (this.nodeTypes.hasCredentialType(type)) {
			for (const prop of this.nodeTypes.getCredentialsProperties(type)) {
				if (data[prop.name] === undefined && prop.default !== undefined)
					data[prop.name] = structuredClone(prop.default);
			}
		}
		return data;
	}

	async getCredentials(nodeCredentials, type) {
		const entry = this.find(nodeCredentials, type);
		return {
			id: entry.id,
			name: entry.name,
			type: entry.type,
			getData: () => structuredClone(entry.data),
			getDataToSave: () => ({ data: JSON.stringify(entry.data) }),
		};
	}

	getCredentialsProperties(type) {
		return this.nodeTypes.getCredentialsProperties(type);
	}

	async updateCredentials(nodeCredentials, type, data) {
		this.counters.updateCredentials++;
		const entry = this.find(nodeCredentials, type);
		entry.data = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		const entry = this.find(nodeCredentials, type);
		entry.data = { ...entry.data, oauthTokenData: structuredClone(data.oauthTokenData ?? data) };
	}

	async authenticate(credentials, typeName, incomingRequestOptions, workflow, node) {
		this.counters.authenticate++;
		const requestOptions = incomingRequestOptions;
		const credentialType = this.nodeTypes.getCredentialType(typeName);
		const { authenticate } = credentialType;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}
		if (authenticate && typeof authenticate === 'object') {
			if (requestOptions.headers === undefined) requestOptions.headers = {};
			if (authenticate.type === 'generic') {
				for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
					for (const [key, value] of Object.entries(outerValue)) {
						const k = resolveValue(key, credentials, workflow, node);
						const v = resolveValue(value, credentials, workflow, node);
						if (!requestOptions[outerKey]) requestOptions[outerKey] = {};
						requestOptions[outerKey][k] = v;
					}
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.nodeTypes.getCredentialType(typeName);
		const expirable = this.getCredentialsProperties(typeName).find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function')
			return undefined;
		const current = credentials[expirable.name];
		if (!(current === '' || current === undefined || current === null || credentialsExpired))
			return undefined;
		const output = await this.runPreAuthentication(helpers, credentials, typeName);
		// n8n only persists when the expirable property came back.
		if (!output || output[expirable.name] === undefined) return undefined;
		const merged = Object.assign(credentials, output);
		if (
			node?.credentials?.[typeName] !== undefined ||
			this.store.some((c) => c.type === typeName)
		) {
			await this.updateCredentials(node?.credentials?.[typeName], typeName, merged);
		}
		return merged;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const credentialType = this.nodeTypes.getCredentialType(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		this.counters.preAuthentication++;
		this.preAuthenticationsByType[typeName] = (this.preAuthenticationsByType[typeName] ?? 0) + 1;
		return await credentialType.preAuthentication.call(helpers, credentials);
	}
}

/**
 * Resolves `={{$credentials.x}}`-style values like n8n's CredentialsHelper.resolveValue. Uses
 * n8n-workflow's expression engine when a workflow and node are given, else a small resolver
 * for `$credentials.<field>` / `$credentials["field"]` inside `{{ }}` templates.
 */
function resolveValue(value, credentials, workflow, node) {
	if (typeof value !== 'string' || value.charAt(0) !== '=') return value;
	if (workflow && node) {
		try {
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			if (!resolved) return '';
			return resolved.toString();
		} catch {
			// fall through to the small resolver
		}
	}
	return simpleResolve(value, credentials);
}

function simpleResolve(value, credentials) {
	const template = value.slice(1);
	return template.replace(/\{\{\s*([\s\S]+?)\s*\}\}/g, (_m, expr) => {
		const match = /^\$credentials(?:\.([A-Za-z_$][\w$]*)|\[\s*['"]([^'"]+)['"]\s*\])$/.exec(
			expr.trim(),
		);
		if (!match) throw new Error(`The harness cannot resolve the credential expression "${expr}"`);
		const v = credentials[match[1] ?? match[2]];
		return v === undefined || v === null ? '' : String(v);
	});
}

module.exports = { HarnessCredentialsHelper, resolveValue, simpleResolve };
