import type { AmazonClient } from '../amazon/client';
import type { Clock } from '../http/transport';
import type { NetSuiteClient } from '../netsuite/client';
import { DEFAULT_DATE_SETTINGS, type DateSettings } from '../trigger/dates';
import { amazonOrderView, classifyOrder, groupNetSuiteRows } from './classify';
import { buildAuditSuiteQl } from './query';
import { buildSummary } from './summary';
import type { AuditCounts, AuditFinding, AuditResult, AuditSettings } from './types';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** NetSuite's free-form text fields hold 300 characters on a default custom field; stay under. */
const NOTE_MAX = 290;
const MARKER = /^\s*\[fp:[^\]]*\]\s*/;

export interface AuditDeps {
	amazon: Pick<AmazonClient, 'searchOrders' | 'stats'>;
	netsuite: Pick<NetSuiteClient, 'suiteql' | 'patchRecord'>;
	clock: Clock;
	/** How NetSuite's wall-clock times read (the integration user's time zone). */
	dates?: DateSettings;
	/** Told after every page, for progress logs. */
	onPage?: (info: { search: string; orders: number; page: number }) => void;
}

function emptyCounts(): AuditCounts {
	return {
		ordersChecked: 0,
		shippedNotConfirmed: 0,
		shipByClosing: 0,
		confirmedNotMarked: 0,
		consistent: 0,
		inFlight: 0,
		fulfilledByAmazon: 0,
		sentAgain: 0,
		markedSent: 0,
		writeErrors: 0,
	};
}

const clip = (s: string) => (s.length > NOTE_MAX ? `${s.slice(0, NOTE_MAX - 1)}…` : s);

/**
 * The audit: pages through the merchant-fulfilled orders Amazon shows open (and, optionally, those
 * it shows shipped lately), reads what NetSuite holds for each page of orders in one SuiteQL
 * query, and sorts every order into a finding or a count. The optional writes come last, so a
 * failing write never hides a finding.
 */
export async function runAudit(deps: AuditDeps, settings: AuditSettings): Promise<AuditResult> {
	const { amazon, netsuite, clock } = deps;
	const started = clock.now();
	const now = started;
	const counts = emptyCounts();
	const findings: AuditFinding[] = [];
	const seen = new Set<string>();
	let suiteqlReads = 0;
	const searchStats = () => amazon.stats.searchOrders ?? { requests: 0, rateLimitWaitMs: 0 };
	const before = { ...searchStats() };

	const searches = [
		{
			name: 'open',
			fulfillmentStatuses: ['UNSHIPPED', 'PARTIALLY_SHIPPED'],
			createdAfter: new Date(now - settings.lookbackDays * DAY).toISOString(),
		},
		...(settings.checkWriteBack
			? [
					{
						name: 'shipped',
						fulfillmentStatuses: ['SHIPPED'],
						lastUpdatedAfter: new Date(now - settings.writeBackHours * HOUR).toISOString(),
					},
				]
			: []),
	];

	for (const { name, ...query } of searches) {
		let token: string | undefined;
		let page = 0;
		do {
			const result = await amazon.searchOrders({
				...query,
				marketplaceIds: settings.marketplaceIds,
				fulfilledBy: ['MERCHANT'],
				maxResultsPerPage: settings.pageSize,
				includedData: ['FULFILLMENT', 'PACKAGES'],
				...(token ? { paginationToken: token } : {}),
			});
			token = result.nextToken;
			page++;
			// An order that moved between the two searches is judged once, on its first sighting.
			const orders = result.orders
				.map(amazonOrderView)
				.filter((o) => o.amazonOrderId && !seen.has(o.amazonOrderId));
			for (const o of orders) seen.add(o.amazonOrderId);
			const merchant = orders.filter((o) => o.fulfilledBy !== 'AMAZON');
			counts.fulfilledByAmazon += orders.length - merchant.length;
			counts.ordersChecked += merchant.length;
			if (merchant.length) {
				const rows = await netsuite.suiteql(
					buildAuditSuiteQl(
						merchant.map((o) => o.amazonOrderId),
						settings.fields,
					),
				);
				suiteqlReads++;
				const byOrder = groupNetSuiteRows(rows.rows, deps.dates ?? DEFAULT_DATE_SETTINGS);
				for (const order of merchant) {
					const verdict = classifyOrder(
						order,
						byOrder.get(order.amazonOrderId) ?? [],
						now,
						settings,
					);
					if (verdict.kind === 'finding') {
						findings.push(verdict.finding);
						counts[verdict.finding.output]++;
					} else counts[verdict.kind]++;
				}
			}
			deps.onPage?.({ search: name, orders: orders.length, page });
		} while (token);
	}

	const recordUpdates = await applyActions(deps, settings, findings, counts, now);
	const after = searchStats();
	const result: AuditResult = {
		shippedNotConfirmed: findings.filter((f) => f.output === 'shippedNotConfirmed'),
		shipByClosing: findings.filter((f) => f.output === 'shipByClosing'),
		confirmedNotMarked: findings.filter((f) => f.output === 'confirmedNotMarked'),
		summary: undefined as never,
	};
	result.summary = buildSummary(result, counts, {
		checkedAt: new Date(now).toISOString(),
		calls: {
			searchOrders: after.requests - before.requests,
			suiteql: suiteqlReads,
			recordUpdates,
		},
		durationMs: clock.now() - started,
		rateLimitWaitMs: after.rateLimitWaitMs - before.rateLimitWaitMs,
		shipByWithinHours: settings.shipByWithinHours,
	});
	return result;
}

async function applyActions(
	deps: AuditDeps,
	settings: AuditSettings,
	findings: AuditFinding[],
	counts: AuditCounts,
	now: number,
): Promise<number> {
	const { fields } = settings;
	const at = new Date(now).toISOString().slice(0, 16).replace('T', ' ');
	let updates = 0;
	for (const finding of findings) {
		for (const f of finding.fulfillments) {
			let body: Record<string, unknown> | undefined;
			let action: string | undefined;
			if (settings.sendAgain && finding.output === 'shippedNotConfirmed' && !f.onAmazon) {
				// The trigger skips a fulfillment that is ticked sent, or whose error text starts with the
				// refusal marker of unchanged content; clearing both puts it back in the normal path.
				const before = (f.errorText ?? '').replace(MARKER, '').trim();
				body = {
					[fields.sentFlagField]: false,
					[fields.errorTextField]: clip(
						`[audit ${at} UTC] Sent again: Amazon showed order ${finding.amazonOrderId} ${finding.amazonStatus.toLowerCase()} without this package${f.sent ? ' although it was marked sent' : ''}.${before ? ` Before: ${before}` : ''}`,
					),
				};
				action = 'sent again';
			} else if (settings.markSent && f.onAmazon && !f.sent) {
				body = {
					[fields.sentFlagField]: true,
					[fields.errorTextField]: clip(
						`[audit ${at} UTC] Marked sent: Amazon already shows order ${finding.amazonOrderId} with package ${f.trackingNumbers.join(', ') || '(no tracking)'}.`,
					),
				};
				action = 'marked sent';
			}
			if (!body || !action) continue;
			try {
				updates++;
				await deps.netsuite.patchRecord('itemFulfillment', f.fulfillmentId, body);
				f.action = action;
				if (action === 'sent again') counts.sentAgain++;
				else counts.markedSent++;
			} catch (error) {
				counts.writeErrors++;
				f.actionError = `Could not update item fulfillment ${f.fulfillmentId} (${action}): ${(error as Error).message}. Nothing else was changed; run the audit again or edit the fulfillment by hand.`;
			}
		}
	}
	return updates;
}
