// `n8n-node build` copies icons; the template workflows ship in dist/ too so users find them in the package.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const from = path.join(root, 'workflows');
const to = path.join(root, 'dist', 'workflows');
if (fs.existsSync(from)) {
	fs.mkdirSync(to, { recursive: true });
	for (const file of fs.readdirSync(from).filter((f) => f.endsWith('.json'))) {
		fs.copyFileSync(path.join(from, file), path.join(to, file));
	}
}
