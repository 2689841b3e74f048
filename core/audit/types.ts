/** The audit's data: what Amazon shows for an order, what NetSuite holds, and the verdict. */

export type AuditOutput = 'shippedNotConfirmed' | 'shipByClosing' | 'confirmedNotMarked';

/** An order as searchOrders returns it, reduced to what the audit compares. */
export interface AmazonOrderView {
	amazonOrderId: string;
	marketplaceId?: string;
	/** UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, ... */
	fulfillmentStatus: string;
	fulfilledBy?: string;
	createdTime?: string;
	lastUpdatedTime?: string;
	/** The end of the ship-by window (ISO 8601), when Amazon gives one. */
	latestShipDate?: string;
	/** Tracking numbers of the packages Amazon holds, as Amazon spells them. */
	packages: Array<{ trackingNumber: string; carrier?: string; shipTime?: string }>;
}

/** One item fulfillment as NetSuite holds it. */
export interface NetSuiteFulfillmentView {
	fulfillmentId: string;
	fulfillmentNumber?: string;
	salesOrderId?: string;
	salesOrderNumber?: string;
	/** NetSuite status: C = shipped. */
	status?: string;
	shipDate?: string;
	/** ISO 8601 (NetSuite's last-modified time). */
	lastModified?: string;
	sent: boolean;
	feedId?: string;
	errorText?: string;
	trackingNumbers: string[];
}

export interface AuditFulfillment extends NetSuiteFulfillmentView {
	/** Whether Amazon holds a package with one of its tracking numbers. */
	onAmazon: boolean;
	/** What the audit did to it, when it did something ("sent again", "marked sent"). */
	action?: string;
	/** The write failed: why, and what to do. */
	actionError?: string;
}

export interface AuditFinding {
	output: AuditOutput;
	amazonOrderId: string;
	marketplaceId?: string;
	amazonStatus: string;
	/** The reason in words, for a person. */
	reason: string;
	latestShipDate?: string;
	/** Hours until the ship-by window closes; negative once it has closed. */
	hoursToShipBy?: number;
	/** The fulfillments concerned (for ship-by closing: those NetSuite has, none shipped). */
	fulfillments: AuditFulfillment[];
	amazonPackages: string[];
}

export interface AuditCounts {
	/** Orders Amazon returned (after the merchant-fulfilled filter). */
	ordersChecked: number;
	shippedNotConfirmed: number;
	shipByClosing: number;
	confirmedNotMarked: number;
	/** Nothing to do: counted, not emitted. */
	consistent: number;
	/** Shipped in NetSuite within the grace period, not on Amazon yet: the flow is on it. */
	inFlight: number;
	/** Orders Amazon returned that are fulfilled by Amazon (FBA): left alone. */
	fulfilledByAmazon: number;
	sentAgain: number;
	markedSent: number;
	writeErrors: number;
}

export interface AuditSettings {
	/** Marketplaces to search (one region). */
	marketplaceIds: string[];
	/** Open orders created within this many days (Amazon cancels unconfirmed orders after 30). */
	lookbackDays: number;
	/** Report unshipped orders whose ship-by window closes within this many hours. */
	shipByWithinHours: number;
	/** A fulfillment shipped in NetSuite more recently than this is in flight, not lost. */
	graceMinutes: number;
	/** Also read orders Amazon shows shipped (updated within writeBackHours) for lost write-backs. */
	checkWriteBack: boolean;
	writeBackHours: number;
	/** Clear the sent flag and the refusal marker so the trigger sends them again. */
	sendAgain: boolean;
	/** Tick the sent flag of fulfillments Amazon already shows confirmed. */
	markSent: boolean;
	/** Orders per searchOrders page, 1–100 (one SuiteQL read per page). */
	pageSize: number;
	fields: AuditFields;
}

export interface AuditFields {
	amazonOrderIdField: string;
	sentFlagField: string;
	errorTextField: string;
	feedIdField?: string;
}

export const DEFAULT_AUDIT_FIELDS: AuditFields = {
	amazonOrderIdField: 'custbody_celigo_etail_order_id',
	sentFlagField: 'custbody_amz_ship_confirmed',
	errorTextField: 'custbody_amz_ship_error',
	feedIdField: 'custbody_amz_feed_id',
};

export const DEFAULT_AUDIT_SETTINGS: Omit<AuditSettings, 'marketplaceIds'> = {
	lookbackDays: 30,
	shipByWithinHours: 24,
	graceMinutes: 120,
	checkWriteBack: true,
	writeBackHours: 48,
	sendAgain: false,
	markSent: false,
	pageSize: 100,
	fields: DEFAULT_AUDIT_FIELDS,
};

export interface AuditSummary {
	checkedAt: string;
	counts: AuditCounts;
	/** The worst cases first: not confirmed past or nearest ship-by, then closing windows. */
	worst: Array<{
		amazonOrderId: string;
		output: AuditOutput;
		hoursToShipBy?: number;
		reason: string;
	}>;
	/** The summary as lines a person reads in Slack or an email. */
	text: string;
	calls: { searchOrders: number; suiteql: number; recordUpdates: number };
	/** Time spent, and the part of it spent waiting for Amazon's searchOrders quota. */
	durationMs: number;
	rateLimitWaitMs: number;
}

export interface AuditResult {
	shippedNotConfirmed: AuditFinding[];
	shipByClosing: AuditFinding[];
	confirmedNotMarked: AuditFinding[];
	summary: AuditSummary;
}
