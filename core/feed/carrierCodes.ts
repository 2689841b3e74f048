/**
 * Amazon's CarrierCode values (amzn-base.xsd enumeration, Apr 2021 copy; see the project's
 * amazon-sp-api reference §4). Case and spacing matter: Amazon only credits valid tracking when the
 * code matches exactly, so `FEDEX` for `FedEx` is a silent loss, which is why near misses are
 * caught and the exact spelling suggested. The list grows per marketplace: users can add codes.
 */
export const AMAZON_CARRIER_CODES: readonly string[] = [
	'USPS',
	'UPS',
	'UPSMI',
	'FedEx',
	'DHL',
	'Fastway',
	'GLS',
	'GO!',
	'Hermes Logistik Gruppe',
	'Royal Mail',
	'Parcelforce',
	'City Link',
	'TNT',
	'Target',
	'SagawaExpress',
	'NipponExpress',
	'YamatoTransport',
	'DHL Global Mail',
	'UPS Mail Innovations',
	'FedEx SmartPost',
	'OSM',
	'OnTrac',
	'Streamlite',
	'Newgistics',
	'Canada Post',
	'Blue Package',
	'Chronopost',
	'Deutsche Post',
	'DPD',
	'La Poste',
	'Parcelnet',
	'Poste Italiane',
	'SDA',
	'Smartmail',
	'FEDEX_JP',
	'JP_EXPRESS',
	'NITTSU',
	'SAGAWA',
	'YAMATO',
	'BlueDart',
	'AFL/Fedex',
	'Aramex',
	'India Post',
	'Professional',
	'DTDC',
	'Overnite Express',
	'First Flight',
	'Delhivery',
	'Lasership',
	'Yodel',
	'Other',
	'Amazon Shipping',
	'Seur',
	'Correos',
	'MRW',
	'Endopack',
	'Chrono Express',
	'Nacex',
	'Otro',
	'Correios',
	'Toll Global Express',
	'China Post',
	'AUSSIE_POST',
	'EUB',
	'Australia Post',
	'Yun Express',
	'4PX',
	'YANWEN',
	'SF Express',
	'BRT',
	'AustraliaPost-Consignment',
	'AustraliaPost-ArticleId',
	'Sendle',
	'CouriersPlease',
	'A-1',
	'AAA Cooper',
	'ABF',
	'ALLJOY',
	'Aras Kargo',
	'Arkas',
	'Arrow XL',
	'Asendia',
	'Asgard',
	'Assett',
	'AT POST',
	'ATS',
	'Balnak',
	'Beijing Quanfeng Express',
	'Best Buy',
	'Best Express',
	'BJS',
	'Boğaziçi',
	'Bombax',
	'Cart2India',
	'CDC',
	'CELERITAS',
	'CEVA',
	'Ceva Lojistik',
	'Cititrans',
	'Coliposte',
	'Colissimo',
	'Conway',
	'Correos Express',
	'Couriers Please',
	'CTTExpress',
	'DB Schenker',
	'DHL eCommerce',
	'DHL Express',
	'DHL Freight',
	'DHL Home Delivery',
	'DHL Kargo',
	'DHL-Paket',
	'DHLPL',
	'Digital Delivery',
	'DirectLog',
	'Dotzot',
	'DSV',
	'DX Freight',
	'ECMS',
	'Ecom Express',
	'Emirates Post',
	'Energo',
	'Envialia',
	'Estafeta',
	'Estes',
	'Fedex Freight',
	'Fillo Kargo',
	'First Flight China',
	'First Mile',
	'Gati',
	'GEL Express',
	'geodis',
	'Geodis Calberson',
	'Geopost Kargo',
	'Hermes Einrichtungsservice',
	'Home Logistics',
	'Hongkong Post',
	'Horoz Lojistik',
	'HS code',
	'Hunter Logistics',
	'ICC Worldwide',
	'IDS Netzwerk',
	'InPost',
	'iParcel',
	'Japan Post',
	'JCEX',
	'Kargokar',
	'Kuehne+Nagel',
	'Landmark',
	'Metro Kargo',
	'MNG Kargo',
	'Narpost Kargo',
	'Nexive',
	'Ninjavan',
	'Old Dominion',
	'OneWorldExpress',
	'Panther',
	'Pilot',
	'Pilot Freight',
	'Polish Post',
	'Post NL',
	'PostNord',
	'PTT Kargo',
	'PUROLATOR',
	'QExpress',
	'Qxpress',
	'R+L',
	'Raben Group',
	'Rhenus',
	'Rieck',
	'Rivigo',
	'Roadrunner',
	'Safexpress',
	'Saia',
	'Seino',
	'SEINO TRANSPORTATION',
	'Selem Kargo',
	'Self Delivery',
	'SENDLE',
	'SFC',
	'Ship Delight',
	'Ship Global US',
	'ShipEconomy',
	'ShipGlobal',
	'Shree Maruti Courier',
	'Shree Tirupati Courier',
	'Shunfeng Express',
	'Singapore Post',
	'South Eastern Freight Lines',
	'Speedex',
	'Spoton',
	'StarTrack-ArticleID',
	'StarTrack-Consignment',
	'STO Express',
	'Sürat Kargo',
	'Tezel Lojistik',
	'The Professional Couriers',
	'TIPSA',
	'TNT Kargo',
	'TNTIT',
	'Total Express',
	'Trackon',
	'TransFolha',
	'Tuffnells',
	'UPS Freight',
	'Urban Express',
	'VIR',
	'VNLIN',
	'WanbExpress',
	'Watkins and Shepard',
	'Whizzard',
	'WINIT',
	'XDP',
	'XPO Freight',
	'Xpressbees',
	'YDH',
	'Yellow Freight',
	'YTO Express',
	'Yunda Express',
	'Yurtiçi Kargo',
	'ZTO Express',
	'Tourline',
];

export const AMAZON_CARRIER_CODE_SET: ReadonlySet<string> = new Set(AMAZON_CARRIER_CODES);

/** The code that means "not on the list"; it needs a CarrierName. */
export const OTHER_CARRIER_CODE = 'Other';

/** Key under which near misses collide: case and all whitespace ignored. */
export function carrierCodeKey(code: string): string {
	return code.replace(/\s+/g, '').toLowerCase();
}

export interface CarrierCodeLookup {
	/** True when `code` is on the list exactly as written. */
	exact: boolean;
	/** Exact codes that differ from `code` only in case or whitespace (empty when exact or unknown). */
	suggestions: string[];
}

/** Amazon's list plus the user's own codes, with near-miss suggestions. */
export class CarrierCodeList {
	private readonly codes: Set<string>;

	private readonly byKey = new Map<string, string[]>();

	constructor(extraCodes: readonly string[] = []) {
		this.codes = new Set(AMAZON_CARRIER_CODES);
		for (const extra of extraCodes) {
			const code = extra.trim();
			if (code) this.codes.add(code);
		}
		for (const code of this.codes) {
			const key = carrierCodeKey(code);
			const list = this.byKey.get(key);
			if (list) list.push(code);
			else this.byKey.set(key, [code]);
		}
	}

	has(code: string): boolean {
		return this.codes.has(code);
	}

	lookup(code: string): CarrierCodeLookup {
		if (this.codes.has(code)) return { exact: true, suggestions: [] };
		return { exact: false, suggestions: [...(this.byKey.get(carrierCodeKey(code)) ?? [])] };
	}

	/** Sentence for a code that is not on the list, with the exact spelling when it is a near miss. */
	describeUnknown(code: string): string {
		const { suggestions } = this.lookup(code);
		if (suggestions.length === 0) return `'${code}' is not an Amazon carrier code`;
		const options = suggestions.map((s) => `'${s}'`).join(' or ');
		return (
			`'${code}' is not an Amazon carrier code; did you mean ${options}? ` +
			'Amazon drops the valid-tracking credit for near misses'
		);
	}
}
