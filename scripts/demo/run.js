'use strict';
/**
 * The demo's engine, shared with test/demo: start the emulators, run the template workflow with
 * n8n's own execution engine (the in-process runner) in production mode, follow its persisted
 * waits while Amazon's (emulated) feed processing really progresses, then a second scheduled poll.
 */
// The runner must be required before anything else loads n8n-core.
const { createRunner } = require('../../test/harness/n8n-runner');

const fs = require('node:fs');
const path = require('node:path');

const { startEmulators } = require('../../emulators');
const {
	ROOT,
	PACKAGE_NAME,
	loadTemplate,
	nodeOf,
	emulatorCredentialsFor,
	outputNames,
	validateTemplate,
	USER_FILLS_IN,
} = require('./template');
const { collectOutcome } = require('./outcome');

class DemoError extends Error {}

/**
 * Amazon takes minutes to process a feed; the demo keeps realistic delays and runs Amazon's clock
 * (delays, rate-limit refills, token lifetimes) TIME_SCALE times faster.
 */
const TIME_SCALE = 60;
const FEED_DELAYS = { inQueueMs: 150_000, inProgressMs: 210_000 };

/** dist/ must hold every file package.json lists, or n8n cannot load the package. */
function checkBuilt(root = ROOT) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = files.filter((f) => !fs.existsSync(path.join(root, f)));
	const noDist = !fs.existsSync(path.join(root, 'dist'));
	if (noDist || missing.length) {
		throw new DemoError(
			`The package is not built: ${noDist ? 'there is no dist/ folder' : `${missing.join(', ')} missing`}.\n` +
				'Run `npm run build` first (`npm run demo` does it for you).',
		);
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Runs the whole demo.
 * @param {object} [options]
 * @param {string} [options.root]          package folder with a built dist/
 * @param {object} [options.workflow]      template JSON (default: workflows/netsuite-fulfillments-to-amazon.json)
 * @param {object} [options.seed]          emulator seed (default: emulators/seed/default-seed.json)
 * @param {number} [options.timeScale]     Amazon's clock speed-up (default 60)
 * @param {object} [options.feedDelays]    Amazon's feed processing times, before scaling
 * @param {string} [options.startFrom]     trigger Start From for the demo (default 'all', see below)
 * @param {string|null} [options.outputDir] where feeds, reports and summary.json go (null: nowhere)
 * @param {(line: string) => void} [options.log] progress lines (default: nothing)
 * @returns {Promise<{ summary, first, final, second, workflow, emulatorState, durationMs }>}
 */
async function runDemo(options = {}) {
	const started = Date.now();
	const root = options.root ?? ROOT;
	const log = options.log ?? (() => {});
	const timeScale = options.timeScale ?? TIME_SCALE;
	checkBuilt(root);

	const template = options.workflow ?? loadTemplate();
	const workflow = JSON.parse(JSON.stringify(template));
	const trigger = nodeOf(workflow, 'trigger');
	// The seed's fulfillments shipped days ago; the template's safe default only sends what ships
	// after activation. The demo asks for everything not yet sent, as a seller catching up would.
	const startFrom = options.startFrom ?? 'all';
	if (startFrom) trigger.parameters.startFrom = startFrom;

	const emulators = await startEmulators({
		seed: options.seed,
		timeScale,
		amazon: { feedDelays: options.feedDelays ?? FEED_DELAYS },
	});
	try {
		const outputsByNode = {};
		const waitNodes = new Set(
			workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.wait').map((n) => n.name),
		);
		const statusNode = nodeOf(workflow, 'status').name;
		const hooks = {
			nodeExecuteAfter: (node, info) => {
				const labels = outputsByNode[node];
				if (!labels) return;
				const error = info.error ? `  ERROR: ${info.error.message}` : '';
				if (waitNodes.has(node)) {
					// Going to wait is reported by onResume (with waitTill); this is the way back.
					if (!info.waiting)
						log(
							`  ${clock(started)}  ${node.padEnd(38)} resumed with ${plural(info.itemCounts[0] ?? 0, 'item')}${error}`,
						);
					return;
				}
				const counts = info.itemCounts
					.map((n, i) =>
						labels.length > 1 ? `${labels[i] ?? `output ${i + 1}`} ${n}` : plural(n, 'item'),
					)
					.join(' · ');
				const again =
					info.runIndex > 0
						? ` (${node === statusNode ? 'check' : 'run'} ${info.runIndex + 1})`
						: '';
				log(`  ${clock(started)}  ${`${node}${again}`.padEnd(38)} ${counts}${error}`);
			},
		};
		const runner = await createRunner({
			packageDir: root,
			credentials: emulatorCredentialsFor(workflow, emulators.credentials),
			hooks,
		});
		const problems = validateTemplate(template, runner.nodeTypes, { allowBlank: USER_FILLS_IN });
		if (problems.length)
			throw new DemoError(
				`The template does not match the built nodes:\n  - ${problems.join('\n  - ')}`,
			);
		for (const node of workflow.nodes) {
			const description = runner.nodeTypes.getByNameAndVersion(
				node.type,
				node.typeVersion,
			).description;
			if (node.type !== 'n8n-nodes-base.stickyNote')
				outputsByNode[node.name] = outputNames(description);
		}

		log(
			`NetSuite emulator ${emulators.netsuite.url} · Amazon SP-API emulator ${emulators.amazon.url}`,
		);
		log(
			`Template as shipped, with credentials pointing at the emulators (seller ID ${emulators.credentials.amazonSpApi.sellerId} in the Amazon credential), and Start From = ${optionName(runner.nodeTypes, trigger, 'startFrom', startFrom)}.`,
		);
		log(
			`Amazon's clock runs ${timeScale}x faster: a 2-minute Wait takes ${fmtSeconds(120_000 / timeScale)}.`,
		);
		log('');
		log('First poll (the one n8n runs when the workflow is activated):');
		const first = await runner.runTriggered(workflow, { staticData: {} });
		if (!first.emitted)
			throw new DemoError(
				'The trigger found no fulfillment to send in the emulator. Is the saved search in the template customsearch_amz_if_to_send?',
			);
		let resumes = 0;
		let waitedMs = 0;
		const final = await runner.runToCompletion(first, {
			maxResumes: 60,
			onResume: async (waiting) => {
				// The Wait node set waitTill from the real clock; let Amazon's scaled clock move as much.
				const waitMs = waiting.waitTill.getTime() - Date.now();
				resumes++;
				waitedMs += waitMs;
				log(
					`  ${clock(started)}  ${'(Wait)'.padEnd(38)} execution ${waiting.executionId} stored as waiting until ${waiting.waitTill.toISOString().slice(11, 19)}, no worker held (${fmtSeconds(waitMs / timeScale)} here)`,
				);
				await sleep(waitMs / timeScale);
			},
		});
		if (final.status !== 'success') {
			const e = final.error;
			throw new DemoError(
				`The workflow ended with status ${final.status}${e ? `: ${e.node ? `${e.node}: ` : ''}${e.message}${e.description ? `\n  ${e.description}` : ''}` : ''}`,
			);
		}

		const emulatorState = {
			netsuite: emulators.netsuite.inspect(),
			amazon: emulators.amazon.inspect(),
		};
		const summary = collectOutcome({
			workflow,
			result: final,
			emulatorState,
			outputLabels: outputsByNode,
			documents: {
				feed: (id) => emulators.amazon.feedDocument(id),
				report: (id) => emulators.amazon.report(id),
			},
		});
		summary.waits = resumes;
		// What the same run takes in a real n8n: mostly its persisted waits.
		summary.amazonMinutes = Math.round(waitedMs / 60_000);

		log('');
		log('Second scheduled poll, with the static data n8n saved after the first run:');
		const second = await runner.runTriggered(workflow, {
			staticData: final.staticData,
			activation: 'none',
		});
		if (second.pollError) throw new DemoError(`The second poll failed: ${second.error.message}`);
		const again = second.emitted ? second.emittedItems.flat().map((i) => i.json) : [];
		summary.secondPoll = {
			emitted: again.length,
			fulfillments: again.map((f) => f.fulfillmentNumber ?? f.fulfillmentId),
		};
		log(
			again.length
				? `  ${clock(started)}  emitted ${again.length} fulfillment(s) again: ${summary.secondPoll.fulfillments.join(', ')}`
				: `  ${clock(started)}  nothing new to send (no execution started)`,
		);
		if (second.emitted && second.status === 'waiting') {
			// Do not leave a half-run second execution behind: finish it like the first.
			await runner.runToCompletion(second, {
				maxResumes: 60,
				onResume: (w) => sleep((w.waitTill.getTime() - Date.now()) / timeScale),
			});
		}

		summary.durationMs = Date.now() - started;
		if (options.outputDir) writeOutput(options.outputDir, summary);
		return {
			summary,
			first,
			final,
			second,
			workflow,
			emulatorState,
			durationMs: summary.durationMs,
		};
	} finally {
		await emulators.close();
	}
}

/** Feed documents, processing reports and summary.json into `dir`. */
function writeOutput(dir, summary) {
	fs.mkdirSync(dir, { recursive: true });
	for (const feed of summary.feeds) {
		if (feed.document) {
			feed.documentFile = `feed-${feed.feedId}.${feed.format === 'flatFile' ? 'txt' : 'xml'}`;
			fs.writeFileSync(path.join(dir, feed.documentFile), feed.document);
		}
		if (feed.report) {
			feed.reportFile = `report-${feed.feedId}.${/^\s*</.test(feed.report) ? 'xml' : 'txt'}`;
			fs.writeFileSync(path.join(dir, feed.reportFile), feed.report);
		}
	}
	const json = JSON.parse(
		JSON.stringify(summary, (key, value) =>
			key === 'document' || key === 'report' ? undefined : value,
		),
	);
	fs.writeFileSync(path.join(dir, 'summary.json'), `${JSON.stringify(json, null, 2)}\n`);
}

/** The label n8n shows for an options parameter's value. */
function optionName(nodeTypes, node, parameter, value) {
	const property = nodeTypes
		.getByNameAndVersion(node.type, node.typeVersion)
		.description.properties.find((p) => p.name === parameter);
	return property?.options?.find((o) => o.value === value)?.name ?? value;
}

function plural(n, word) {
	return `${n} ${n === 1 ? word : `${word}s`}`;
}

function clock(started) {
	const s = (Date.now() - started) / 1000;
	return `${s.toFixed(1).padStart(5)}s`;
}

function fmtSeconds(ms) {
	return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

module.exports = {
	runDemo,
	checkBuilt,
	writeOutput,
	DemoError,
	TIME_SCALE,
	FEED_DELAYS,
	PACKAGE_NAME,
};
