'use strict';
/**
 * Reading the template workflow: which node plays which part (by type, so renamed nodes still
 * work), the credentials it references, and a check against the loaded node descriptions that
 * finds what n8n would flag on import (unknown node types, unknown or hidden parameters, broken
 * connections, missing credentials).
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const TEMPLATE_PATH = path.join(ROOT, 'workflows', 'netsuite-fulfillments-to-amazon.json');
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;

/** The four parts of the flow, by node type name (description.name). */
const ROLES = {
	trigger: 'netSuiteSavedSearchTrigger',
	feed: 'amazonShipmentFeed',
	status: 'amazonFeedStatus',
	update: 'netSuiteUpdateOrder',
	// The webhook template: NetSuite's notice starts the flow, the poll stays as the safety net.
	webhook: 'netSuiteFulfillmentWebhookTrigger',
};

/**
 * Required parameters the template leaves blank for the user: none (the seller ID comes from the
 * Amazon credential). Kept so a future blank-on-purpose parameter has one place to be named.
 */
const USER_FILLS_IN = [];

/** n8n base nodes the template may use (the runner loads these). */
const BASE_TYPES = [
	'n8n-nodes-base.wait',
	'n8n-nodes-base.stickyNote',
	// The audit template: an hourly schedule and the node to attach a notification to.
	'n8n-nodes-base.scheduleTrigger',
	'n8n-nodes-base.noOp',
];

function loadTemplate(file = TEMPLATE_PATH) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Nodes of the template that play a role, e.g. nodesOf(t, 'update') → [Update Order, Record Error]. */
function nodesOf(workflow, role) {
	const type = `${PACKAGE_NAME}.${ROLES[role]}`;
	return workflow.nodes.filter((n) => n.type === type);
}

function nodeOf(workflow, role) {
	const found = nodesOf(workflow, role);
	if (found.length !== 1)
		throw new Error(
			`The template should have exactly one ${ROLES[role]} node (${PACKAGE_NAME}.${ROLES[role]}); it has ${found.length}`,
		);
	return found[0];
}

/** Every credential reference in the workflow: [{ type, name, id, nodes: [...] }], one per type + name. */
function credentialRefs(workflow) {
	const refs = new Map();
	for (const node of workflow.nodes) {
		for (const [type, ref] of Object.entries(node.credentials ?? {})) {
			const key = `${type}\u0000${ref?.name ?? ''}`;
			if (!refs.has(key))
				refs.set(key, { type, name: ref?.name ?? '', id: ref?.id ?? '', nodes: [] });
			refs.get(key).nodes.push(node.name);
		}
	}
	return [...refs.values()];
}

/**
 * Credentials for the runner: every reference of the template, with the data the emulators
 * hand out for its type (`startEmulators().credentials`).
 */
function emulatorCredentialsFor(workflow, dataByType) {
	return credentialRefs(workflow).map((ref) => {
		const data = dataByType[ref.type];
		if (!data)
			throw new Error(
				`The template references a "${ref.type}" credential (nodes: ${ref.nodes.join(', ')}) that the emulators do not provide`,
			);
		return { id: ref.id || undefined, name: ref.name, type: ref.type, data: { ...data } };
	});
}

/** Output labels of a node type, e.g. ['Submitted', 'Invalid']; one 'Main' for a single output. */
function outputNames(description) {
	const outputs = Array.isArray(description.outputs) ? description.outputs : [];
	return outputs.map((o, i) => {
		if (description.outputNames?.[i]) return description.outputNames[i];
		if (o && typeof o === 'object' && o.displayName) return o.displayName;
		return outputs.length === 1 ? 'Main' : `Output ${i + 1}`;
	});
}

/**
 * Checks a workflow against the loaded node types like n8n's import and editor do.
 * @param workflow template JSON
 * @param nodeTypes the runner's NodeTypes (getByNameAndVersion, hasCredentialType)
 * @param {{ allowBlank?: string[] }} [options] required parameters the user fills in after import,
 *   as 'parameterName' or 'Node Name.parameterName', left blank on purpose
 * @returns {string[]} problems, empty when the template is clean
 */
function validateTemplate(workflow, nodeTypes, { allowBlank = [] } = {}) {
	const { NodeHelpers } = require('n8n-workflow');
	const problems = [];
	for (const key of ['pinData', 'staticData'])
		if (workflow[key] && Object.keys(workflow[key]).length) problems.push(`template has ${key}`);
	if (workflow.meta?.instanceId) problems.push('template has meta.instanceId');
	if (workflow.settings?.executionOrder !== 'v1')
		problems.push('settings.executionOrder is not "v1"');

	const names = new Set();
	const ids = new Set();
	const descriptions = new Map();
	for (const node of workflow.nodes) {
		const where = `node "${node.name}"`;
		if (names.has(node.name)) problems.push(`${where}: duplicate name`);
		names.add(node.name);
		if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(node.id ?? ''))
			problems.push(`${where}: id "${node.id}" is not a uuid`);
		if (ids.has(node.id)) problems.push(`${where}: duplicate id`);
		ids.add(node.id);
		if (
			!Array.isArray(node.position) ||
			node.position.length !== 2 ||
			!node.position.every(Number.isFinite)
		)
			problems.push(`${where}: position must be [x, y]`);
		if (!node.type.startsWith(`${PACKAGE_NAME}.`) && !BASE_TYPES.includes(node.type))
			problems.push(`${where}: type ${node.type} is neither this package's nor a known base node`);

		let type;
		try {
			type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		} catch (error) {
			problems.push(`${where}: ${error.message}`);
			continue;
		}
		const description = type.description;
		const versions = [].concat(description.version);
		if (!versions.includes(node.typeVersion))
			problems.push(`${where}: typeVersion ${node.typeVersion} not in [${versions.join(', ')}]`);
		descriptions.set(node.name, description);
		problems.push(
			...parameterProblems(node, description, NodeHelpers, allowBlank).map((p) => `${where}: ${p}`),
		);

		for (const cred of description.credentials ?? []) {
			if (!cred.required) continue;
			if (
				cred.displayOptions &&
				!NodeHelpers.displayParameter(node.parameters, cred, node, description)
			)
				continue;
			if (!node.credentials?.[cred.name])
				problems.push(`${where}: required credential ${cred.name} is not referenced`);
		}
		for (const [credType, ref] of Object.entries(node.credentials ?? {})) {
			if (!nodeTypes.hasCredentialType(credType))
				problems.push(`${where}: unknown credential type ${credType}`);
			if (!(description.credentials ?? []).some((c) => c.name === credType))
				problems.push(`${where}: credential ${credType} is not one this node uses`);
			if (!ref || typeof ref.name !== 'string' || !ref.name || ref.id !== '')
				problems.push(
					`${where}: credential ${credType} must be a blank reference { id: "", name }`,
				);
		}
	}

	for (const [source, byType] of Object.entries(workflow.connections ?? {})) {
		if (!names.has(source)) {
			problems.push(`connection from unknown node "${source}"`);
			continue;
		}
		const outputs = descriptions.get(source) ? outputNames(descriptions.get(source)) : null;
		for (const [kind, perOutput] of Object.entries(byType)) {
			if (kind !== 'main') problems.push(`"${source}": connection type ${kind} is not main`);
			if (outputs && perOutput.length > outputs.length)
				problems.push(
					`"${source}" has ${outputs.length} output(s) but connections for ${perOutput.length}`,
				);
			perOutput.forEach((targets, index) => {
				for (const t of targets ?? []) {
					if (!names.has(t.node))
						problems.push(`"${source}" output ${index} points at unknown node "${t.node}"`);
					else if (t.index !== 0 || t.type !== 'main')
						problems.push(`"${source}" → "${t.node}": input must be main/0`);
					else if (descriptions.get(t.node)?.inputs?.length === 0)
						problems.push(`"${source}" → "${t.node}": that node has no input`);
				}
			});
		}
	}
	return problems;
}

/** Parameters n8n would drop (unknown or hidden by displayOptions) or flag as missing. */
function parameterProblems(node, description, NodeHelpers, allowBlank = []) {
	const problems = [];
	const resolved = NodeHelpers.getNodeParameters(
		description.properties,
		node.parameters ?? {},
		true,
		false,
		node,
		description,
	);
	compareKept(node.parameters ?? {}, resolved ?? {}, '', problems);
	const issues = NodeHelpers.getNodeParametersIssues(description.properties, node, description);
	for (const [name, messages] of Object.entries(issues?.parameters ?? {})) {
		const blank = node.parameters?.[name] === '';
		if (blank && (allowBlank.includes(name) || allowBlank.includes(`${node.name}.${name}`)))
			continue;
		problems.push(`parameter ${name}: ${messages.join('; ')}`);
	}
	return problems;
}

function compareKept(given, kept, prefix, problems) {
	for (const [key, value] of Object.entries(given)) {
		const name = `${prefix}${key}`;
		if (!kept || !(key in kept)) {
			problems.push(`parameter ${name} is unknown or hidden, n8n drops it`);
			continue;
		}
		const k = kept[key];
		if (value && typeof value === 'object' && !Array.isArray(value) && !('__rl' in value)) {
			if (k && typeof k === 'object') compareKept(value, k, `${name}.`, problems);
		} else if (Array.isArray(value) && Array.isArray(k)) {
			value.forEach((v, i) => {
				if (v && typeof v === 'object') compareKept(v, k[i], `${name}[${i}].`, problems);
			});
		}
	}
}

module.exports = {
	ROOT,
	TEMPLATE_PATH,
	PACKAGE_NAME,
	ROLES,
	BASE_TYPES,
	USER_FILLS_IN,
	loadTemplate,
	nodesOf,
	nodeOf,
	credentialRefs,
	emulatorCredentialsFor,
	outputNames,
	validateTemplate,
};
