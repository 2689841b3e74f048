'use strict';

/**
 * Amazon's CarrierCode values (amzn-base.xsd, Apr 2021 copy, as listed in the project's SP-API
 * reference §4). Matching is exact: case and spacing matter ('FedEx', not 'FEDEX').
 */
const CARRIER_CODES = new Set(
	`USPS|UPS|UPSMI|FedEx|DHL|Fastway|GLS|GO!|Hermes Logistik Gruppe|Royal Mail|Parcelforce|City Link|TNT|Target|
SagawaExpress|NipponExpress|YamatoTransport|DHL Global Mail|UPS Mail Innovations|FedEx SmartPost|OSM|OnTrac|Streamlite|
Newgistics|Canada Post|Blue Package|Chronopost|Deutsche Post|DPD|La Poste|Parcelnet|Poste Italiane|SDA|Smartmail|
FEDEX_JP|JP_EXPRESS|NITTSU|SAGAWA|YAMATO|BlueDart|AFL/Fedex|Aramex|India Post|Professional|DTDC|Overnite Express|
First Flight|Delhivery|Lasership|Yodel|Other|Amazon Shipping|Seur|Correos|MRW|Endopack|Chrono Express|Nacex|Otro|
Correios|Toll Global Express|China Post|AUSSIE_POST|EUB|Australia Post|Yun Express|4PX|YANWEN|SF Express|BRT|
AustraliaPost-Consignment|AustraliaPost-ArticleId|Sendle|CouriersPlease|A-1|AAA Cooper|ABF|ALLJOY|Aras Kargo|Arkas|
Arrow XL|Asendia|Asgard|Assett|AT POST|ATS|Balnak|Beijing Quanfeng Express|Best Buy|Best Express|BJS|Boğaziçi|
Bombax|Cart2India|CDC|CELERITAS|CEVA|Ceva Lojistik|Cititrans|Coliposte|Colissimo|Conway|Correos Express|
Couriers Please|CTTExpress|DB Schenker|DHL eCommerce|DHL Express|DHL Freight|DHL Home Delivery|DHL Kargo|DHL-Paket|
DHLPL|Digital Delivery|DirectLog|Dotzot|DSV|DX Freight|ECMS|Ecom Express|Emirates Post|Energo|Envialia|Estafeta|
Estes|Fedex Freight|Fillo Kargo|First Flight China|First Mile|Gati|GEL Express|geodis|Geodis Calberson|Geopost Kargo|
Hermes Einrichtungsservice|Home Logistics|Hongkong Post|Horoz Lojistik|HS code|Hunter Logistics|ICC Worldwide|
IDS Netzwerk|InPost|iParcel|Japan Post|JCEX|Kargokar|Kuehne+Nagel|Landmark|Metro Kargo|MNG Kargo|Narpost Kargo|
Nexive|Ninjavan|Old Dominion|OneWorldExpress|Panther|Pilot|Pilot Freight|Polish Post|Post NL|PostNord|PTT Kargo|
PUROLATOR|QExpress|Qxpress|R+L|Raben Group|Rhenus|Rieck|Rivigo|Roadrunner|Safexpress|Saia|Seino|
SEINO TRANSPORTATION|Selem Kargo|Self Delivery|SENDLE|SFC|Ship Delight|Ship Global US|ShipEconomy|ShipGlobal|
Shree Maruti Courier|Shree Tirupati Courier|Shunfeng Express|Singapore Post|South Eastern Freight Lines|Speedex|Spoton|
StarTrack-ArticleID|StarTrack-Consignment|STO Express|Sürat Kargo|Tezel Lojistik|The Professional Couriers|TIPSA|
TNT Kargo|TNTIT|Total Express|Trackon|TransFolha|Tuffnells|UPS Freight|Urban Express|VIR|VNLIN|WanbExpress|
Watkins and Shepard|Whizzard|WINIT|XDP|XPO Freight|Xpressbees|YDH|Yellow Freight|YTO Express|Yunda Express|
Yurtiçi Kargo|ZTO Express|Tourline`
		.replace(/\n/g, '')
		.split('|'),
);

/**
 * Usual tracking-number shapes for the big US carriers. Amazon only WARNS on a mismatch (the
 * shipment is still confirmed); other carriers are not checked.
 */
const TRACKING_FORMATS = {
	UPS: /^1Z[0-9A-Z]{16}$/,
	USPS: /^(\d{20,22}|\d{26}|\d{30}|\d{34}|[A-Z]{2}\d{9}[A-Z]{2})$/,
	FedEx: /^(\d{12}|\d{15}|\d{20}|\d{22})$/,
};

function isCarrierCode(code) {
	return CARRIER_CODES.has(code);
}

/** Returns true when the carrier has a known format and the tracking number does not fit it. */
function trackingFormatMismatch(carrierCode, trackingNumber) {
	const re = TRACKING_FORMATS[carrierCode];
	return Boolean(re && trackingNumber && !re.test(trackingNumber));
}

module.exports = { CARRIER_CODES, TRACKING_FORMATS, isCarrierCode, trackingFormatMismatch };
