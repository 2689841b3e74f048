'use strict';
/**
 * Node and credential type registries built the way n8n builds them for installed
 * community packages: n8n-core's PackageDirectoryLoader reads package.json `n8n.nodes` /
 * `n8n.credentials` (dist files), adds `pollTimes` to polling nodes, and every node type is
 * registered as `<package name>.<description.name>`.
 */
require('./n8n-env').prepareN8nEnvironment();

const path = require('node:path');
const { PackageDirectoryLoader } = require('n8n-core');
const { NodeHelpers } = require('n8n-workflow');

/** Built-in nodes the project's workflows use; loaded from n8n-nodes-base's dist like n8n does. */
const BASE_NODES = {
	wait: 'dist/nodes/Wait/Wait.node.js',
	stickyNote: 'dist/nodes/StickyNote/StickyNote.node.js',
	noOp: 'dist/nodes/NoOp/NoOp.node.js',
	manualTrigger: 'dist/nodes/ManualTrigger/ManualTrigger.node.js',
	scheduleTrigger: 'dist/nodes/Schedule/ScheduleTrigger.node.js',
};

/**
 * The Wait node imports the Form helpers, which require `sanitize-html`, whose parser
 * (htmlparser2 10) is ESM only. Plain Node 24 require()s it natively; jest's module registry
 * cannot (without --experimental-vm-modules), and jest hooks every way back to Node's own
 * loader. So under jest only, `sanitize-html` is replaced by an escape-everything stand-in.
 * Only Form/webhook pages use it; time-interval waits never do.
 */
function sanitizeHtmlStandIn(text) {
	const map = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' };
	return String(text ?? '').replace(/[<>&"']/g, (c) => map[c]);
}
sanitizeHtmlStandIn.simpleTransform = () => (tagName, attribs) => ({ tagName, attribs });
sanitizeHtmlStandIn.defaults = { allowedTags: [], allowedAttributes: {} };

function shimEsmOnlyDependenciesUnderJest(fromDir) {
	// `jest` is injected into every module jest loads; it is undefined under plain node.
	if (typeof jest === 'undefined') return;
	let resolved;
	try {
		resolved = require.resolve('sanitize-html', { paths: [fromDir] });
	} catch {
		return;
	}
	jest.doMock(resolved, () => sanitizeHtmlStandIn);
}

class NodeTypes {
	constructor() {
		/** @type {Record<string, {type: any, sourcePath: string}>} full type name → loaded class */
		this.nodeTypes = {};
		/** @type {Record<string, {type: any, sourcePath: string}>} credential name → loaded class */
		this.credentialTypes = {};
		this.packages = [];
	}

	/** Loads a community package folder (must contain package.json and the built dist/). */
	async loadPackage(directory) {
		const loader = new PackageDirectoryLoader(path.resolve(directory));
		await loader.loadAll();
		this.addLoader(loader);
		return {
			packageName: loader.packageName,
			nodes: Object.keys(loader.nodeTypes).map((n) => `${loader.packageName}.${n}`),
			credentials: Object.keys(loader.credentialTypes),
		};
	}

	/** Loads selected n8n-nodes-base nodes (default: wait, stickyNote, noOp, manualTrigger). */
	loadBaseNodes(names = Object.keys(BASE_NODES)) {
		const dir = path.dirname(require.resolve('n8n-nodes-base/package.json'));
		shimEsmOnlyDependenciesUnderJest(dir);
		const loader = new PackageDirectoryLoader(dir);
		for (const name of names) {
			if (!BASE_NODES[name])
				throw new Error(
					`Unknown base node "${name}" (known: ${Object.keys(BASE_NODES).join(', ')})`,
				);
			loader.loadNodeFromFile(BASE_NODES[name]);
		}
		this.addLoader(loader);
	}

	addLoader(loader) {
		for (const [name, data] of Object.entries(loader.nodeTypes)) {
			this.nodeTypes[`${loader.packageName}.${name}`] = data;
		}
		Object.assign(this.credentialTypes, loader.credentialTypes);
		this.packages.push(loader.packageName);
	}

	// --- INodeTypes (n8n-workflow) ---
	getByName(nodeType) {
		const data = this.nodeTypes[nodeType];
		if (!data) throw new Error(`Unrecognized node type: ${nodeType}`);
		return data.type;
	}

	getByNameAndVersion(nodeType, version) {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		const known = {};
		for (const [name, data] of Object.entries(this.nodeTypes))
			known[name] = { className: data.type.constructor.name, sourcePath: data.sourcePath };
		return known;
	}

	// --- credential types ---
	getCredentialType(name) {
		const data = this.credentialTypes[name];
		if (!data) throw new Error(`Unknown credential type: ${name}`);
		return data.type;
	}

	hasCredentialType(name) {
		return Boolean(this.credentialTypes[name]);
	}

	/** Direct and indirect `extends` of a credential type (what n8n's getParentTypes returns). */
	getParentTypes(name) {
		if (!this.hasCredentialType(name)) return [];
		const direct = this.getCredentialType(name).extends ?? [];
		return direct.flatMap((p) => [p, ...this.getParentTypes(p)]);
	}

	/** Own properties after inherited ones, like n8n's CredentialTypes.getCredentialsProperties. */
	getCredentialsProperties(name) {
		const type = this.getCredentialType(name);
		const inherited = (type.extends ?? []).flatMap((p) =>
			this.hasCredentialType(p) ? this.getCredentialsProperties(p) : [],
		);
		const own = type.properties ?? [];
		const ownNames = new Set(own.map((p) => p.name));
		return [...inherited.filter((p) => !ownNames.has(p.name)), ...own];
	}
}

module.exports = { NodeTypes, BASE_NODES };
