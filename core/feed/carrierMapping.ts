import type { Fulfillment, ValidationProblem } from '../fulfillment/types';
import { CarrierCodeList, OTHER_CARRIER_CODE } from './carrierCodes';
import { charLength } from './text';

/** One row of the user's carrier table: NetSuite ship method or carrier text → Amazon values. */
export interface CarrierRule {
	match: string;
	carrierCode: string;
	/** Only sent with `Other`; ignored for a listed code (Amazon refuses the pair). */
	carrierName?: string;
	shippingMethod?: string;
}

export interface CarrierMappingOptions {
	caseInsensitive?: boolean;
	/** `exact` (default): the whole text equals `match`; `contains`: `match` occurs in it, first rule wins. */
	matchMode?: 'exact' | 'contains';
	/** No rule matched: send `Other` with a carrier name (default), or refuse the fulfillment. */
	unmapped?: 'other' | 'refuse';
	/** CarrierName for the `Other` fallback (e.g. the ship method); defaults to the text that failed to match. */
	otherCarrierNameFrom?: string;
	extraCarrierCodes?: string[];
}

export interface ResolvedCarrier {
	carrierCode: string;
	carrierName?: string;
	shippingMethod?: string;
	/** Index of the rule that matched; absent for the `Other` fallback. */
	ruleIndex?: number;
}

export const MAX_TEXT_LENGTH = 50;

export function isCarrierProblem(
	value: ResolvedCarrier | ValidationProblem,
): value is ValidationProblem {
	return (value as ValidationProblem).field !== undefined;
}

/**
 * A compiled carrier table: rules are checked once, exact matches use a Map, so resolving a
 * fulfillment costs O(1) in exact mode (O(rules) in contains mode, and tables are short).
 */
export class CarrierMapper {
	readonly codes: CarrierCodeList;

	/** Problems with the table itself, one per bad rule. */
	readonly ruleProblems: ValidationProblem[] = [];

	private readonly badRules = new Map<number, ValidationProblem>();

	private readonly exact = new Map<string, number>();

	private readonly normalisedMatches: string[];

	constructor(
		readonly rules: readonly CarrierRule[],
		readonly options: CarrierMappingOptions = {},
	) {
		this.codes = new CarrierCodeList(options.extraCarrierCodes ?? []);
		this.normalisedMatches = rules.map((rule) => this.normalise(rule.match ?? ''));
		rules.forEach((rule, index) => {
			const problem = this.checkRule(rule, index);
			if (problem) {
				this.ruleProblems.push(problem);
				this.badRules.set(index, problem);
			}
			const key = this.normalisedMatches[index];
			// First rule wins, as in contains mode.
			if (key && !this.exact.has(key)) this.exact.set(key, index);
		});
	}

	private normalise(text: string): string {
		const trimmed = text.trim();
		return this.options.caseInsensitive ? trimmed.toLowerCase() : trimmed;
	}

	private checkRule(rule: CarrierRule, index: number): ValidationProblem | undefined {
		const name = `carrier table rule ${index + 1} ('${rule.match}')`;
		const field = `carrierMapping[${index}].carrierCode`;
		if (!rule.match || !rule.match.trim()) {
			return {
				field: `carrierMapping[${index}].match`,
				message: `The ${name} has no text to match`,
				fix: 'Enter the NetSuite ship method or carrier text this rule stands for, or delete the rule',
			};
		}
		const code = (rule.carrierCode ?? '').trim();
		if (!code) {
			return {
				field,
				message: `The ${name} has no Amazon carrier code`,
				fix: `Choose a code from Amazon's carrier list, or '${OTHER_CARRIER_CODE}' with a carrier name`,
			};
		}
		if (!this.codes.has(code)) {
			const { suggestions } = this.codes.lookup(code);
			return {
				field,
				message: `The ${name}: ${this.codes.describeUnknown(code)}`,
				fix: suggestions.length
					? `Change the code to '${suggestions[0]}' (exact case and spacing)`
					: `Use a code from Amazon's carrier list, add it under extra carrier codes if Amazon lists it for your marketplace, or use '${OTHER_CARRIER_CODE}' with a carrier name`,
			};
		}
		for (const key of ['carrierName', 'shippingMethod'] as const) {
			const value = rule[key];
			if (value && charLength(value) > MAX_TEXT_LENGTH) {
				return {
					field: `carrierMapping[${index}].${key}`,
					message: `The ${name} has a ${key} of ${charLength(value)} characters; Amazon allows ${MAX_TEXT_LENGTH}`,
					fix: `Shorten the ${key} of this rule to ${MAX_TEXT_LENGTH} characters or fewer`,
				};
			}
		}
		return undefined;
	}

	private findRule(text: string): number | undefined {
		const wanted = this.normalise(text);
		if (!wanted) return undefined;
		if ((this.options.matchMode ?? 'exact') === 'exact') return this.exact.get(wanted);
		for (let i = 0; i < this.normalisedMatches.length; i++) {
			const match = this.normalisedMatches[i];
			if (match && wanted.includes(match)) return i;
		}
		return undefined;
	}

	/**
	 * Resolves the first of `texts` (e.g. ship method, then ship carrier) that a rule matches.
	 * `otherCarrierName` overrides `options.otherCarrierNameFrom` per fulfillment.
	 */
	resolve(
		texts: Array<string | undefined> | string | undefined,
		otherCarrierName?: string,
	): ResolvedCarrier | ValidationProblem {
		const candidates = (Array.isArray(texts) ? texts : [texts]).filter(
			(t): t is string => typeof t === 'string' && t.trim() !== '',
		);
		for (const text of candidates) {
			const index = this.findRule(text);
			if (index === undefined) continue;
			const bad = this.badRules.get(index);
			if (bad) return bad;
			const rule = this.rules[index];
			const carrierCode = rule.carrierCode.trim();
			const result: ResolvedCarrier = { carrierCode, ruleIndex: index };
			if (rule.shippingMethod && rule.shippingMethod.trim()) {
				result.shippingMethod = rule.shippingMethod.trim();
			}
			if (carrierCode === OTHER_CARRIER_CODE) {
				const name =
					(rule.carrierName ?? '').trim() || (otherCarrierName ?? '').trim() || text.trim();
				return this.withOtherName(
					result,
					name,
					`carrier table rule ${index + 1} ('${rule.match}')`,
				);
			}
			return result;
		}
		const clip = (c: string) => (c.length > 60 ? `${c.slice(0, 60)}…` : c);
		const shown = candidates.length ? candidates.map((c) => `'${clip(c)}'`).join(' / ') : '(empty)';
		if (this.options.unmapped === 'refuse') {
			return {
				field: 'carrier',
				message: `Ship method/carrier ${shown} matches no rule of the carrier table, and unmapped carriers are refused`,
				fix: `Add a rule for ${candidates[0] ? `'${clip(candidates[0])}'` : 'this ship method'} to the carrier table, or set unmapped carriers to '${OTHER_CARRIER_CODE}'`,
			};
		}
		const name =
			(otherCarrierName ?? '').trim() ||
			(this.options.otherCarrierNameFrom ?? '').trim() ||
			(candidates[0] ?? '').trim();
		return this.withOtherName({ carrierCode: OTHER_CARRIER_CODE }, name, `ship method ${shown}`);
	}

	private withOtherName(
		result: ResolvedCarrier,
		name: string,
		source: string,
	): ResolvedCarrier | ValidationProblem {
		if (!name) {
			return {
				field: 'carrierName',
				message: `Carrier code '${OTHER_CARRIER_CODE}' (from ${source}) needs a carrier name, and none was found`,
				fix: `Fill the ship method in NetSuite, give the rule a carrier name, or map this carrier to a listed Amazon code`,
			};
		}
		if (charLength(name) > MAX_TEXT_LENGTH) {
			return {
				field: 'carrierName',
				message: `Carrier name '${name.slice(0, 60)}…' (from ${source}) has ${charLength(name)} characters; Amazon allows ${MAX_TEXT_LENGTH}`,
				fix: `Shorten the carrier name to ${MAX_TEXT_LENGTH} characters (give the carrier table rule a short carrier name) or map it to a listed Amazon code`,
			};
		}
		result.carrierName = name;
		return result;
	}

	/** Ship method first, then the separate ship carrier, then the first package's carrier. */
	resolveFulfillment(
		f: Fulfillment,
		otherCarrierName?: string,
	): ResolvedCarrier | ValidationProblem {
		const packageCarrier = f.packages?.find((p) => p.carrier)?.carrier;
		return this.resolve([f.shipMethod, f.shipCarrier, packageCarrier], otherCarrierName);
	}
}

/** One-off resolution; compile a `CarrierMapper` once when resolving many fulfillments. */
export function resolveCarrier(
	text: string | Array<string | undefined> | undefined,
	rules: readonly CarrierRule[],
	options: CarrierMappingOptions = {},
): ResolvedCarrier | ValidationProblem {
	return new CarrierMapper(rules, options).resolve(text);
}
