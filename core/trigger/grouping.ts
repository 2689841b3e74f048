import type { Fulfillment, FulfillmentLine, FulfillmentPackage } from '../fulfillment/types';
import { readRefusalMarker } from '../fulfillment/fingerprint';
import { codeKey, sameCode } from '../shared/text';
import { toEpoch, toIsoDate, toIsoDateTime } from './dates';
import { missingFulfillmentIdMessage } from './messages';
import type {
	AssembledFulfillment,
	Cell,
	FieldSettings,
	GroupingOptions,
	SourceRow,
} from './types';

/**
 * Searches return one row per fulfillment line (and SuiteQL one more per tracking number); the
 * trigger emits one item per fulfillment. Rows arrive page by page, sorted by fulfillment ID, so
 * the assembler keeps the fulfillment being read open until a row of another one (or the end)
 * shows it is complete: a fulfillment whose rows straddle two pages is emitted once, whole.
 */

/** Where a value is read: the first key present wins; `text` falls back to `value`. */
export interface ColumnRef {
	keys: string[];
	part: 'value' | 'text';
}

export interface ColumnMap {
	fulfillmentId: ColumnRef;
	fulfillmentNumber: ColumnRef;
	shipDate: ColumnRef;
	lastModified: ColumnRef;
	status: ColumnRef;
	shipMethod: ColumnRef;
	shipCarrier?: ColumnRef;
	salesOrderId: ColumnRef;
	/** Display text of the sales-order link, e.g. `Sales Order #SO501`, parsed when no number column. */
	salesOrderText?: ColumnRef;
	salesOrderNumber: ColumnRef;
	amazonOrderId: ColumnRef;
	marketplaceId?: ColumnRef;
	/** The sales order's date (or date/time): the item's purchaseDate, when the source has it. */
	purchaseDate?: ColumnRef;
	sentFlag: ColumnRef;
	/** Fingerprint of what was sent (corrections), when the source returns it. */
	sentFingerprint?: ColumnRef;
	/** The update node's error text (it starts with the refused fingerprint after a refusal). */
	errorText?: ColumnRef;
	/** Text holding one or many tracking numbers (`<BR>`- or comma-joined). */
	trackingNumbers: ColumnRef;
	line: ColumnRef;
	itemId: ColumnRef;
	sku: ColumnRef;
	quantity: ColumnRef;
	amazonOrderItemId: ColumnRef;
	orderLine: ColumnRef;
	/** NetSuite item type of the line (optional column). */
	itemType?: ColumnRef;
	packageTracking?: ColumnRef;
}

const ref = (part: 'value' | 'text', ...keys: string[]): ColumnRef => ({
	keys: keys.filter(Boolean).map((k) => k.toLowerCase()),
	part,
});

/** Columns of a saved search (RESTlet or REST), from the field settings. */
export function savedSearchColumns(fields: FieldSettings): ColumnMap {
	const joined = (field: string) => (field ? [field, `createdfrom.${field}`] : []);
	return {
		fulfillmentId: ref('value', 'internalid'),
		fulfillmentNumber: ref('value', fields.fulfillmentNumberColumn),
		shipDate: ref('value', fields.shipDateColumn),
		lastModified: ref('value', fields.lastModifiedColumn),
		status: ref('value', fields.statusColumn, 'statusref'),
		shipMethod: ref('text', fields.shipMethodColumn),
		shipCarrier: ref('text', 'shipcarrier'),
		salesOrderId: ref('value', fields.salesOrderColumn),
		salesOrderText: ref('text', fields.salesOrderColumn),
		salesOrderNumber: ref('value', fields.salesOrderNumberColumn),
		amazonOrderId: ref('value', ...joined(fields.amazonOrderIdField)),
		marketplaceId: fields.marketplaceIdField
			? ref('value', ...joined(fields.marketplaceIdField))
			: undefined,
		// Optional column "Created From : Date" (the sales order's date).
		purchaseDate: ref('value', 'createdfrom.trandate'),
		sentFlag: ref('value', fields.sentFlagField),
		sentFingerprint: fields.sentFingerprintField
			? ref('value', fields.sentFingerprintField)
			: undefined,
		errorText: fields.errorTextField ? ref('value', fields.errorTextField) : undefined,
		trackingNumbers: ref('text', fields.trackingNumbersColumn),
		line: ref('value', fields.lineColumn),
		itemId: ref('value', fields.itemColumn),
		sku: ref('text', fields.itemColumn),
		quantity: ref('value', fields.quantityColumn),
		amazonOrderItemId: ref('value', fields.amazonOrderItemIdField),
		orderLine: ref('value', fields.orderLineColumn),
		// Item : Type (joined) or a formula/column named itemtype; value `NonInvtPart`, text `Non-inventory Item`.
		itemType: ref('value', 'itemtype', 'item.type'),
		packageTracking: fields.packageTrackingField
			? ref('value', fields.packageTrackingField)
			: undefined,
	};
}

/**
 * Output columns the SuiteQL grouping reads. A custom query must return these aliases (one row per
 * fulfillment line, or per line and tracking number), sorted by fulfillment_id.
 */
export const SUITEQL_COLUMNS = {
	fulfillment_id: 'Item fulfillment internal ID (required; the query must ORDER BY it first)',
	fulfillment_number: 'Document number, e.g. IF1201',
	ship_date: "Ship date, TO_CHAR(f.trandate, 'YYYY-MM-DD')",
	last_modified: 'TO_CHAR(f.lastmodifieddate, \'YYYY-MM-DD"T"HH24:MI:SS\')',
	status: "Status letter ('C' = shipped)",
	ship_method: 'Ship method name, BUILTIN.DF(f.shipmethod)',
	sales_order_id: 'Sales order internal ID',
	sales_order_number: 'Sales order number, e.g. SO501',
	amazon_order_id: 'Amazon order ID',
	marketplace_id: 'Amazon marketplace ID (optional)',
	purchase_date:
		"The sales order's date, TO_CHAR(so.trandate, 'YYYY-MM-DD') (optional; becomes the item's purchaseDate)",
	sent_flag: "Sent-to-Amazon checkbox ('T'/'F')",
	sent_fingerprint:
		'Fingerprint written when it was sent (optional; needed to re-send corrected fulfillments)',
	error_text:
		'The error text NetSuite Update Order writes (optional; a fulfillment Amazon refused is then not sent again until it changes)',
	line: 'Fulfillment line key (required to merge the rows of one line)',
	item_id: 'Item internal ID',
	sku: 'Item name / SKU, BUILTIN.DF(tl.item)',
	quantity: 'Quantity shipped, ABS(tl.quantity)',
	amazon_order_item_id: 'Amazon order item ID of the line',
	order_line: 'Sales order line the fulfillment line answers',
	item_type:
		"NetSuite item type, item.itemtype (optional; 'NonInvtPart', 'Service', … lines without an Amazon order item ID can then be left out)",
	package_tracking: "Tracking number of the line's box (optional)",
	tracking_number: 'One tracking number (one row per number) or several joined by commas',
} as const;

export function suiteqlColumns(): ColumnMap {
	return {
		fulfillmentId: ref('value', 'fulfillment_id'),
		fulfillmentNumber: ref('value', 'fulfillment_number'),
		shipDate: ref('value', 'ship_date'),
		lastModified: ref('value', 'last_modified'),
		status: ref('value', 'status'),
		shipMethod: ref('value', 'ship_method'),
		shipCarrier: ref('value', 'ship_carrier'),
		salesOrderId: ref('value', 'sales_order_id'),
		salesOrderNumber: ref('value', 'sales_order_number'),
		amazonOrderId: ref('value', 'amazon_order_id'),
		marketplaceId: ref('value', 'marketplace_id'),
		purchaseDate: ref('value', 'purchase_date'),
		sentFlag: ref('value', 'sent_flag'),
		sentFingerprint: ref('value', 'sent_fingerprint'),
		errorText: ref('value', 'error_text'),
		trackingNumbers: ref('value', 'tracking_number', 'tracking_numbers'),
		line: ref('value', 'line'),
		itemId: ref('value', 'item_id'),
		sku: ref('value', 'sku'),
		quantity: ref('value', 'quantity'),
		amazonOrderItemId: ref('value', 'amazon_order_item_id'),
		orderLine: ref('value', 'order_line'),
		itemType: ref('value', 'item_type'),
		packageTracking: ref('value', 'package_tracking'),
	};
}

/** RESTlet protocol row `{id, recordType, values: {key: {value, text}}}` → SourceRow. */
export function rowFromSavedSearch(row: unknown): SourceRow {
	const r = (row ?? {}) as { id?: unknown; values?: unknown };
	const cells: Record<string, Cell> = {};
	const values = (r.values ?? {}) as Record<string, unknown>;
	const raw: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(values)) {
		const cell = toCell(v);
		cells[key.toLowerCase()] = cell;
		raw[key] = cell.text !== undefined && cell.text !== cell.value ? cell : (cell.value ?? null);
	}
	const id = r.id === undefined || r.id === null || r.id === '' ? undefined : String(r.id);
	return { id, cells, raw };
}

/** SuiteQL (or flattened REST) row of plain values → SourceRow. */
export function rowFromFlat(row: Record<string, unknown>): SourceRow {
	const cells: Record<string, Cell> = {};
	const raw: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(row ?? {})) {
		if (key === 'links') continue;
		const cell = toCell(v);
		cells[key.toLowerCase()] = cell;
		raw[key] = v;
	}
	return { cells, raw };
}

function toCell(v: unknown): Cell {
	if (v && typeof v === 'object' && !Array.isArray(v)) {
		const o = v as Record<string, unknown>;
		if ('value' in o || 'text' in o) return { value: scalar(o.value), text: scalar(o.text) };
		// REST record-style references: {id, refName}
		if ('id' in o || 'refName' in o) return { value: scalar(o.id), text: scalar(o.refName) };
	}
	if (Array.isArray(v)) {
		// Multi-select columns: [{value, text}]
		const cells = v.map(toCell);
		return {
			value: cells.map((c) => c.value ?? '').join(','),
			text: cells.map((c) => c.text ?? c.value ?? '').join(','),
		};
	}
	const s = scalar(v);
	return { value: s, text: s };
}

function scalar(v: unknown): string | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v === 'boolean') return v ? 'T' : 'F';
	const s = String(v);
	return s === '' ? undefined : s;
}

function read(row: SourceRow, column: ColumnRef | undefined): string | undefined {
	if (!column) return undefined;
	for (const key of column.keys) {
		const cell = row.cells[key];
		if (!cell) continue;
		const v = column.part === 'text' ? (cell.text ?? cell.value) : (cell.value ?? cell.text);
		if (v !== undefined && v.trim() !== '' && v !== '- None -') return v.trim();
	}
	return undefined;
}

/**
 * Tracking text → numbers. NetSuite joins several with `<BR>` in saved searches; users and other
 * tools use commas, semicolons or new lines.
 */
export function splitTrackingNumbers(text: string | undefined): string[] {
	if (!text) return [];
	// Only markup is removed (`<b>`, `</span>`): `<`, `&` or `>` inside a number are kept, so a
	// number is never silently shortened into another one.
	return text
		.split(/<br\s*\/?>|[,;\n\r]+/i)
		.map((s) => s.replace(/<\/?[a-z][^<>]*>/gi, '').trim())
		.filter((s) => s.length > 0);
}

export function isChecked(value: string | undefined): boolean | undefined {
	if (value === undefined) return undefined;
	return /^(t|true|yes|y|1|on)$/i.test(value.trim());
}

/** Status values meaning "shipped": SuiteQL `C`, saved-search `shipped`/`ItemShip:C`, text `Shipped`. */
export function isShippedStatus(value: string | undefined): boolean | undefined {
	if (value === undefined) return undefined;
	const v = value.trim().toLowerCase();
	if (/^(c|_?shipped|itemship:c)$/.test(v) || /:\s*shipped$/.test(v)) return true;
	return false;
}

function salesOrderNumberFromText(text: string | undefined): string | undefined {
	if (!text) return undefined;
	const m = /#\s*(\S+)\s*$/.exec(text);
	return m ? m[1] : undefined;
}

interface OpenGroup {
	id: string;
	firstRow: number;
	lastRow: number;
	rows: SourceRow[];
}

export class FulfillmentAssembler {
	private open?: OpenGroup;

	constructor(
		private readonly columns: ColumnMap,
		private options: GroupingOptions,
	) {}

	/** NetSuite told its user's zone (the RESTlet does): dates are read in it, and items carry it. */
	useTimeZone(timeZone: string): void {
		this.options = {
			...this.options,
			dates: { ...this.options.dates, timeZone },
			netsuiteTimeZone: timeZone,
		};
	}

	/** The fulfillment ID of a row: the ID column, else the saved-search row ID. */
	idOf(row: SourceRow): string | undefined {
		return read(row, this.columns.fulfillmentId) ?? row.id;
	}

	/** Adds a row; returns the fulfillment it completed, if any. */
	add(row: SourceRow, rowIndex: number): AssembledFulfillment | undefined {
		const id = this.idOf(row);
		if (!id) {
			throw new Error(missingFulfillmentIdMessage(rowIndex, this.options.source));
		}
		if (this.open && this.open.id === id) {
			this.open.rows.push(row);
			this.open.lastRow = rowIndex;
			return undefined;
		}
		const done = this.open ? this.build(this.open) : undefined;
		this.open = { id, firstRow: rowIndex, lastRow: rowIndex, rows: [row] };
		return done;
	}

	/** At the end of the result: the last fulfillment is complete. */
	flush(): AssembledFulfillment | undefined {
		const done = this.open ? this.build(this.open) : undefined;
		this.open = undefined;
		return done;
	}

	/** Rows read so far of the fulfillment still being read. */
	get pendingRows(): number {
		return this.open?.rows.length ?? 0;
	}

	/**
	 * Gives up the fulfillment still being read (too many rows to read whole): its rows are
	 * dropped, and what is known of it returned so it can be named.
	 */
	abandon():
		| { id: string; firstRow: number; rowsRead: number; fulfillmentNumber?: string }
		| undefined {
		const open = this.open;
		this.open = undefined;
		if (!open) return undefined;
		return {
			id: open.id,
			firstRow: open.firstRow,
			rowsRead: open.rows.length,
			fulfillmentNumber: read(open.rows[0], this.columns.fulfillmentNumber),
		};
	}

	/** The fulfillment still being read (its rows may continue on the next page). */
	get pending(): { id: string; firstRow: number } | undefined {
		return this.open ? { id: this.open.id, firstRow: this.open.firstRow } : undefined;
	}

	private build(group: OpenGroup): AssembledFulfillment {
		const c = this.columns;
		const dates = this.options.dates;
		const first = (column: ColumnRef | undefined) => firstValue(group.rows, column);
		const { lines, rawLines, boxesByLine } = readLines(group.rows, c, this.options.includeRaw);
		const tracking = trackingNumbersOf(group.rows, c, boxesByLine);
		const fulfillment: Fulfillment = {
			fulfillmentId: group.id,
			lines,
			packages: packagesOf(tracking, lines, boxesByLine),
			trackingNumbers: tracking,
		};
		this.setHeaderFields(fulfillment, first);
		if (this.options.includeRaw) fulfillment.raw = { header: group.rows[0].raw, lines: rawLines };
		fulfillment.source = {
			kind: this.options.source,
			search: this.options.search,
			polledAt: this.options.polledAt,
		};
		return {
			fulfillment,
			firstRow: group.firstRow,
			lastRow: group.lastRow,
			sent: isChecked(first(c.sentFlag)),
			sentFingerprint: first(c.sentFingerprint),
			refusedFingerprint: readRefusalMarker(first(c.errorText)),
			shipped: isShippedStatus(first(c.status)),
			changedAt: latest(toEpoch(first(c.lastModified), dates), toEpoch(first(c.shipDate), dates)),
		};
	}

	/** The fulfillment's own fields (not its lines), each from the first row that has it. */
	private setHeaderFields(
		fulfillment: Fulfillment,
		first: (column: ColumnRef | undefined) => string | undefined,
	): void {
		const c = this.columns;
		const dates = this.options.dates;
		const set = <K extends keyof Fulfillment>(key: K, value: Fulfillment[K] | undefined) => {
			if (value !== undefined) fulfillment[key] = value;
		};
		const shipDateText = first(c.shipDate);
		const lastModifiedText = first(c.lastModified);
		set('fulfillmentNumber', first(c.fulfillmentNumber));
		set('salesOrderId', first(c.salesOrderId));
		set(
			'salesOrderNumber',
			first(c.salesOrderNumber) ?? salesOrderNumberFromText(first(c.salesOrderText)),
		);
		set('amazonOrderId', first(c.amazonOrderId));
		set('marketplaceId', first(c.marketplaceId));
		set('shipDate', toIsoDate(shipDateText, dates.order) ?? shipDateText);
		// Only a zone the user set (or NetSuite told): a guessed one would mislead the feed node.
		set('netsuiteTimeZone', this.options.netsuiteTimeZone);
		set('purchaseDate', toIsoDateTime(first(c.purchaseDate), dates));
		set('shipMethod', first(c.shipMethod));
		set('shipCarrier', first(c.shipCarrier));
		set('status', first(c.status));
		set('lastModified', toIsoDateTime(lastModifiedText, dates) ?? lastModifiedText);
	}
}

function firstValue(rows: SourceRow[], column: ColumnRef | undefined): string | undefined {
	for (const row of rows) {
		const v = read(row, column);
		if (v !== undefined) return v;
	}
	return undefined;
}

/** The lines of one fulfillment, and the box tracking numbers each line's rows name. */
interface LinesRead {
	lines: FulfillmentLine[];
	rawLines: Array<Record<string, unknown>>;
	/** Line key → tracking numbers of the boxes it went in (empty when the source does not say). */
	boxesByLine: Map<string, string[]>;
}

function readLines(rows: SourceRow[], c: ColumnMap, includeRaw: boolean | undefined): LinesRead {
	const found: LinesRead = { lines: [], rawLines: [], boxesByLine: new Map() };
	rows.forEach((row, i) => {
		const itemId = read(row, c.itemId);
		const quantityText = read(row, c.quantity);
		// A row without item and quantity is a header/summary row (e.g. mainline), not a line.
		if (itemId === undefined && quantityText === undefined) return;
		const lineKey = read(row, c.line) ?? `row${i + 1}`;
		const boxes = splitTrackingNumbers(read(row, c.packageTracking));
		const known = found.boxesByLine.get(lineKey);
		if (known) {
			// The same line again: SuiteQL repeats it once per tracking number.
			for (const b of boxes) if (!known.includes(b)) known.push(b);
			return;
		}
		found.lines.push(lineOf(row, c, lineKey, itemId, quantityText));
		if (includeRaw) found.rawLines.push(row.raw);
		found.boxesByLine.set(lineKey, boxes);
	});
	return found;
}

function lineOf(
	row: SourceRow,
	c: ColumnMap,
	lineKey: string,
	itemId: string | undefined,
	quantityText: string | undefined,
): FulfillmentLine {
	const quantity = Math.abs(Number(quantityText ?? 0));
	const line: FulfillmentLine = {
		line: lineKey,
		quantity: Number.isFinite(quantity) ? quantity : 0,
	};
	if (itemId !== undefined) line.itemId = itemId;
	const sku = read(row, c.sku);
	if (sku !== undefined) line.sku = sku;
	const amazonOrderItemId = read(row, c.amazonOrderItemId);
	if (amazonOrderItemId !== undefined) line.amazonOrderItemId = amazonOrderItemId;
	const orderLine = read(row, c.orderLine);
	if (orderLine !== undefined) line.orderLine = orderLine;
	const itemType = read(row, c.itemType);
	if (itemType !== undefined) line.itemType = itemType;
	return line;
}

/**
 * The fulfillment's tracking numbers, each once whatever its case: the tracking column's in row
 * order, then numbers only known from the lines' box column (they count as tracking numbers too).
 */
function trackingNumbersOf(
	rows: SourceRow[],
	c: ColumnMap,
	boxesByLine: Map<string, string[]>,
): string[] {
	const tracking: string[] = [];
	const seen = new Set<string>();
	const add = (t: string) => {
		const key = codeKey(t);
		if (seen.has(key)) return;
		seen.add(key);
		tracking.push(t);
	};
	for (const row of rows)
		for (const t of splitTrackingNumbers(read(row, c.trackingNumbers))) add(t);
	for (const boxes of boxesByLine.values()) for (const b of boxes) add(b);
	return tracking;
}

/** One package per tracking number, with its lines when NetSuite knows what went in which box. */
function packagesOf(
	tracking: string[],
	lines: FulfillmentLine[],
	boxesByLine: Map<string, string[]>,
): FulfillmentPackage[] {
	const contentsKnown = Array.from(boxesByLine.values()).some((b) => b.length > 0);
	return tracking.map((trackingNumber, i) => {
		const pkg: FulfillmentPackage = { packageId: String(i + 1), trackingNumber };
		if (!contentsKnown) return pkg;
		const contents = packageContents(trackingNumber, lines, boxesByLine);
		if (contents.length) pkg.lines = contents;
		return pkg;
	});
}

/** The lines that went wholly into the box with this tracking number. */
function packageContents(
	trackingNumber: string,
	lines: FulfillmentLine[],
	boxesByLine: Map<string, string[]>,
): Array<{ line: string; quantity: number }> {
	const contents: Array<{ line: string; quantity: number }> = [];
	for (const line of lines) {
		const boxes = boxesByLine.get(line.line) ?? [];
		// A line split over several boxes has no per-box quantity: leave it unassigned.
		if (boxes.length === 1 && sameCode(boxes[0], trackingNumber)) {
			contents.push({ line: line.line, quantity: line.quantity });
		}
	}
	return contents;
}

/**
 * When the fulfillment last changed, for the cursor: the later of its last-modified and ship
 * dates, either when only one is known.
 */
function latest(modified: number | undefined, shipped: number | undefined): number | undefined {
	if (modified === undefined) return shipped;
	if (shipped === undefined) return modified;
	return Math.max(modified, shipped);
}

/** Groups a complete, sorted row list at once (tests, manual runs). */
export function groupRows(
	rows: SourceRow[],
	columns: ColumnMap,
	options: GroupingOptions,
): AssembledFulfillment[] {
	const assembler = new FulfillmentAssembler(columns, options);
	const out: AssembledFulfillment[] = [];
	rows.forEach((row, i) => {
		const done = assembler.add(row, i);
		if (done) out.push(done);
	});
	const last = assembler.flush();
	if (last) out.push(last);
	return out;
}
