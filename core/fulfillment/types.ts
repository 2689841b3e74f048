/**
 * The data contract between the four nodes. Each n8n item's `json` is a `FulfillmentItem`;
 * every node keeps what it received and adds its own section, so an item read at the end
 * tells its whole story. See docs/ARCHITECTURE.md for the flow.
 */

/** One line of an item fulfillment: what shipped, and which Amazon order item it answers. */
export interface FulfillmentLine {
	/** NetSuite line key on the fulfillment (line number or line id, as a string). */
	line: string;
	/** NetSuite item internal id. */
	itemId?: string;
	/** Item name / SKU as NetSuite shows it. */
	sku?: string;
	/** Units shipped on this fulfillment (positive). */
	quantity: number;
	/** Amazon OrderItemId (14 digits), usually copied from the sales order line into a custom column. */
	amazonOrderItemId?: string;
	/** The sales order line this fulfillment line answers. */
	orderLine?: string;
	/**
	 * NetSuite item type as the source gives it (`InvtPart`, `NonInvtPart`, `Service`, `Discount`,
	 * `OthCharge`, …, or a saved search's text such as `Non-inventory Item`). Lets the feed node tell
	 * a line that is not sold on Amazon (promo insert, service) from goods. Absent when not read.
	 */
	itemType?: string;
}

/** A box with its tracking number. `lines` is present only when NetSuite knows what went in which box. */
export interface FulfillmentPackage {
	/** Stable key within the fulfillment (NetSuite package line, or the tracking number's position). */
	packageId: string;
	trackingNumber?: string;
	carrier?: string;
	weight?: number;
	lines?: Array<{ line: string; quantity: number }>;
}

/** What the trigger emits: one item per NetSuite item fulfillment, however many rows the search returned. */
export interface Fulfillment {
	/** NetSuite internal id of the item fulfillment; also the feed's MerchantFulfillmentID. */
	fulfillmentId: string;
	/** Document number, e.g. IF1234. */
	fulfillmentNumber?: string;
	salesOrderId?: string;
	salesOrderNumber?: string;
	/** Amazon order id, 3-7-7. */
	amazonOrderId?: string;
	/** Marketplace id when NetSuite holds it (multi-marketplace sellers); otherwise the feed node's default. */
	marketplaceId?: string;
	/** When the goods left: ISO date `YYYY-MM-DD` or date-time. */
	shipDate?: string;
	/**
	 * IANA time zone of the NetSuite account (e.g. `America/Los_Angeles`): a date-only `shipDate` is a
	 * day in this zone, not midnight UTC. Absent when the trigger could not learn it.
	 */
	netsuiteTimeZone?: string;
	/**
	 * When the buyer placed the Amazon order (ISO 8601 date-time), when known: Amazon refuses a ship
	 * date before it, so the feed node never sends an earlier one.
	 */
	purchaseDate?: string;
	/** NetSuite ship method text (the carrier table matches on this). */
	shipMethod?: string;
	/** NetSuite ship carrier, when it is separate from the method. */
	shipCarrier?: string;
	/** NetSuite status letter or text; `C`/`shipped` when shipped. */
	status?: string;
	lastModified?: string;
	lines: FulfillmentLine[];
	packages: FulfillmentPackage[];
	/** Every tracking number found, in package order, de-duplicated. */
	trackingNumbers: string[];
	/** The source columns for anything custom, as NetSuite returned them (header row, then line rows). */
	raw?: { header: Record<string, unknown>; lines?: Array<Record<string, unknown>> };
	source?: {
		kind: 'suiteql' | 'savedSearch' | 'restSavedSearch';
		search?: string;
		polledAt: string;
		/**
		 * Why the trigger emitted it: first time, content changed, still unsent after the re-send
		 * window, or (`correction`) already sent but its tracking/carrier/quantities changed since.
		 */
		reason?: 'new' | 'changed' | 'resend' | 'sample' | 'correction';
	};
}

/** One shipment confirmation as sent: a feed message or a Confirm Shipment call covers one package. */
export interface SentPackage {
	/** XML MessageID / flat-file row number; absent for Confirm Shipment. */
	messageId?: number;
	/** For Confirm Shipment: the deterministic packageReferenceId. */
	packageReferenceId?: string;
	packageId?: string;
	carrierCode: string;
	carrierName?: string;
	shippingMethod?: string;
	trackingNumber?: string;
	shipDate: string;
	items: Array<{ amazonOrderItemId: string; quantity: number }>;
	/** Confirm Shipment only: what happened to this package (it answers per call). */
	outcome?: 'confirmed' | 'rejected' | 'failed' | 'alreadyOnAmazon' | 'notSent';
	/** Confirm Shipment only: why it was not sent, or what Amazon said. */
	detail?: string;
	/** Confirm Shipment only: Amazon's x-amzn-RequestId of the call. */
	requestId?: string;
}

/** Added by Amazon Shipment Feed. */
export interface AmazonSubmission {
	method: 'feed' | 'confirmShipment' | 'preview';
	marketplaceId: string;
	amazonOrderId: string;
	feedType?: 'POST_ORDER_FULFILLMENT_DATA' | 'POST_FLAT_FILE_FULFILLMENT_DATA';
	feedId?: string;
	feedDocumentId?: string;
	submittedAt: string;
	/**
	 * Messages (XML) or rows (flat file) in the whole feed document, this and every other
	 * fulfillment of the feed: Feed Status checks that Amazon's report accounts for all of them.
	 */
	messageCount?: number;
	packages: SentPackage[];
	/** Tracking numbers that could not be sent (package contents unknown); listed so nobody thinks they were. */
	trackingNotSent?: string[];
	/** The built document, only in preview mode. */
	document?: string;
	/** What the feed node did on the user's behalf (merged lines, tracking numbers not sent). */
	notes?: string[];
}

export interface AmazonMessageResult {
	messageId?: number;
	resultCode: 'Error' | 'Warning';
	code: string;
	description: string;
	hint?: string;
	/** Where it points, when known (added by Feed Status). */
	packageId?: string;
	trackingNumber?: string;
	amazonOrderId?: string;
}

export type AmazonOutcome =
	| 'accepted'
	| 'acceptedWithWarnings'
	| 'rejected'
	| 'failed'
	| 'pending'
	| 'invalid';

/** Added by Feed Status (and by Confirm Shipment, which answers at once). */
export interface AmazonResult {
	outcome: AmazonOutcome;
	/** Amazon's feed processingStatus, when a feed was involved. */
	processingStatus?: string;
	/** Human-readable summary a seller can act on. */
	message: string;
	warnings: AmazonMessageResult[];
	errors: AmazonMessageResult[];
	/** Status checks made so far; travels in the item so queue-mode workers need no memory. */
	attempt: number;
	/** The feed these checks were about: a re-sent fulfillment (new feed) starts counting again. */
	feedId?: string;
	firstCheckedAt?: string;
	checkedAt: string;
	resultFeedDocumentId?: string;
	/** Only when the order was looked up first: the end of Amazon's ship-by window. */
	latestShipDate?: string;
	/** Confirmed after `latestShipDate`: counts against the seller's late-shipment rate. */
	late?: boolean;
}

/** Added by the feed node's Invalid output: what is wrong and how to fix it, per field. */
export interface ValidationProblem {
	field: string;
	message: string;
	fix: string;
}

/** Added by NetSuite Update Order. */
export interface NetSuiteUpdateResult {
	salesOrderUpdated: boolean;
	fulfillmentUpdated: boolean;
	/** Fields NetSuite ignored (X-NetSuite-PropertyValidation), reported rather than hidden. */
	warnings: string[];
	updatedAt: string;
}

export interface FulfillmentItem extends Fulfillment {
	amazon?: {
		submission?: AmazonSubmission;
		result?: AmazonResult;
		validation?: ValidationProblem[];
	};
	netsuite?: NetSuiteUpdateResult;
}
