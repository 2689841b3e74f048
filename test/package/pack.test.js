'use strict';
/**
 * What `npm pack` puts in the published tarball: only what a user's n8n needs (the built JavaScript, the
 * nodes' codex and icons, the template workflows, the SuiteScript to deploy), nothing of the build or of
 * the tests. Type declarations in particular trip n8n's scanner (`cred-filename-against-convention` on
 * `dist/credentials/*.d.ts`), so a verified-node submission would be refused.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function packedFiles() {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	return JSON.parse(out)[0].files.map((file) => file.path);
}

describe('the published package', () => {
	let files;
	beforeAll(() => {
		files = packedFiles();
	});

	test('holds only runtime JavaScript, codex, icons, templates and the SuiteScript', () => {
		const allowed = [
			/^(LICENSE|README\.md|package\.json|index\.js)$/,
			/^dist\/.+\.js$/,
			/^dist\/nodes\/[^/]+\/[^/]+\.node\.json$/,
			/^dist\/workflows\/[^/]+\.json$/,
			/^dist\/(nodes|credentials)\/.+\.svg$/,
			/^suitescript\/[^/]+\.(js|md)$/,
		];
		const unexpected = files.filter((file) => !allowed.some((pattern) => pattern.test(file)));
		expect(unexpected).toEqual([]);
	});

	test('ships no type declarations, source maps, build info or test code', () => {
		const leftovers = files.filter((file) =>
			/\.d\.ts$|\.map$|tsbuildinfo|^dist\/package\.json$|^(test|emulators|scripts|e2e|core|nodes|credentials)\//.test(
				file,
			),
		);
		expect(leftovers).toEqual([]);
	});

	test('has every node and credential n8n loads, with its icon', () => {
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(files).toContain(entry);
		}
		for (const node of pkg.n8n.nodes) {
			const dir = path.posix.dirname(node);
			expect(files.some((file) => file.startsWith(`${dir}/`) && file.endsWith('.svg'))).toBe(true);
			expect(files).toContain(node.replace(/\.js$/, '.json'));
		}
	});

	test('has the template workflows and the RESTlet to deploy', () => {
		const templates = fs.readdirSync(path.join(root, 'workflows')).filter((f) => f.endsWith('.json'));
		expect(templates.length).toBeGreaterThan(0);
		for (const template of templates) expect(files).toContain(`dist/workflows/${template}`);
		const scripts = fs.readdirSync(path.join(root, 'suitescript')).filter((f) => f.endsWith('.js'));
		for (const script of scripts) expect(files).toContain(`suitescript/${script}`);
	});
});
