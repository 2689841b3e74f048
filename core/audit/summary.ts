import type { AuditCounts, AuditFinding, AuditResult, AuditSummary } from './types';

const LABEL: Record<AuditFinding['output'], string> = {
	shippedNotConfirmed: 'NOT CONFIRMED',
	shipByClosing: 'SHIP-BY CLOSING',
	confirmedNotMarked: 'NOT MARKED',
};
const RANK: Record<AuditFinding['output'], number> = {
	shippedNotConfirmed: 0,
	shipByClosing: 1,
	confirmedNotMarked: 2,
};

function when(hours: number | undefined): string {
	if (hours === undefined) return 'no ship-by date';
	const abs = Math.abs(hours);
	const t = abs >= 48 ? `${Math.round(abs / 24)} d` : `${Math.round(abs)} h`;
	return hours < 0 ? `ship-by passed ${t} ago` : `ship-by in ${t}`;
}

/** Worst first: what costs the seller soonest (not confirmed, past ship-by) leads. */
export function worstFirst(findings: AuditFinding[]): AuditFinding[] {
	return [...findings].sort(
		(a, b) =>
			RANK[a.output] - RANK[b.output] ||
			(a.hoursToShipBy ?? Infinity) - (b.hoursToShipBy ?? Infinity) ||
			a.amazonOrderId.localeCompare(b.amazonOrderId),
	);
}

export function buildSummary(
	result: Omit<AuditResult, 'summary'>,
	counts: AuditCounts,
	extra: Pick<AuditSummary, 'checkedAt' | 'calls' | 'durationMs' | 'rateLimitWaitMs'> & {
		shipByWithinHours: number;
	},
): AuditSummary {
	const all = worstFirst([
		...result.shippedNotConfirmed,
		...result.shipByClosing,
		...result.confirmedNotMarked,
	]);
	const worst = all.slice(0, 10).map((f) => ({
		amazonOrderId: f.amazonOrderId,
		output: f.output,
		...(f.hoursToShipBy !== undefined ? { hoursToShipBy: f.hoursToShipBy } : {}),
		reason: f.reason,
	}));
	const lines = [
		`Amazon order audit, ${extra.checkedAt.slice(0, 16).replace('T', ' ')} UTC: ${counts.ordersChecked} merchant-fulfilled orders checked`,
		`${counts.shippedNotConfirmed} shipped in NetSuite, not confirmed on Amazon${counts.sentAgain ? ` (${counts.sentAgain} fulfillments sent again)` : ''}`,
		`${counts.shipByClosing} not shipped yet, ship-by within ${extra.shipByWithinHours} h`,
		`${counts.confirmedNotMarked} confirmed on Amazon, not marked in NetSuite${counts.markedSent ? ` (${counts.markedSent} marked sent)` : ''}`,
		`${counts.consistent} consistent, ${counts.inFlight} in flight${counts.writeErrors ? `, ${counts.writeErrors} NetSuite updates failed` : ''}`,
	];
	if (all.length) {
		lines.push('Worst first:');
		for (const f of all.slice(0, 10)) {
			const who = f.fulfillments.map((x) => x.fulfillmentNumber ?? x.fulfillmentId).join(', ');
			lines.push(
				// The ship-by time matters while the order is open; a confirmed one is past it anyway.
				`- ${LABEL[f.output]} ${f.amazonOrderId}${f.output === 'confirmedNotMarked' ? '' : ` (${when(f.hoursToShipBy)})`}${who ? ` ${who}` : ''}`,
			);
		}
		if (all.length > 10) lines.push(`… and ${all.length - 10} more on the outputs`);
	} else lines.push('Nothing to do.');
	return {
		checkedAt: extra.checkedAt,
		counts,
		worst,
		text: lines.join('\n'),
		calls: extra.calls,
		durationMs: extra.durationMs,
		rateLimitWaitMs: extra.rateLimitWaitMs,
	};
}
