/**
 * Which App Store localizations each storefront shows, so a change to one locale's metadata is
 * measured in the territories where people see it.
 *
 * Source: App Store Connect Help, "App Store localizations"
 * (https://developer.apple.com/help/app-store-connect/reference/app-store-localizations), the
 * languages Apple lists per country or region, checked against Apple's storefront list (each
 * storefront's `languages`; public copy: https://gist.github.com/fumoboy007/a1872bc894b0a851d7de74f754253bf8).
 * Per storefront we keep its default localization first, then the localizations of the
 * languages its own people speak. Apple also offers a few widely read languages in many
 * storefronts (in the United States: Arabic, Chinese, French, Korean, Portuguese, Russian,
 * Vietnamese); those reach a small minority there, and counting them would bury a locale's
 * effect under traffic that never saw it, so they are left out.
 * Where English is the default, Apple's English for the storefront is English (U.K.), and
 * English (U.S.) is shown when an app has no U.K. English (Apple's fallback), so both count.
 */
export const STOREFRONT_TABLE_SOURCE = "https://developer.apple.com/help/app-store-connect/reference/app-store-localizations";

const EN = ["en-GB", "en-US"];
const AR = ["ar-SA", "en-GB", "en-US"];
const FR = ["fr-FR", "en-GB", "en-US"];
const ES = ["es-MX", "en-GB", "en-US"];

/** Storefront (ISO 3166-1 alpha-2, as the analytics reports name territories) → locales shown there, default first. */
export const STOREFRONT_LOCALES: Readonly<Record<string, readonly string[]>> = {
  // United States and Canada
  US: ["en-US", "es-MX"],
  CA: ["en-CA", "fr-CA"],
  // Europe
  AL: EN, // Albania
  AT: ["de-DE"], // Austria
  BA: ["hr", ...EN], // Bosnia and Herzegovina
  BE: ["nl-NL", "fr-FR", ...EN], // Belgium
  BG: EN, // Bulgaria
  BY: ["ru", ...EN], // Belarus
  CH: ["de-DE", "fr-FR", "it"], // Switzerland
  CY: ["el", ...EN], // Cyprus
  CZ: ["cs", ...EN], // Czechia
  DE: ["de-DE"], // Germany
  DK: ["da", ...EN], // Denmark
  EE: ["ru", ...EN], // Estonia
  ES: ["es-ES", "ca"], // Spain
  FI: ["fi", "sv", ...EN], // Finland
  FR: ["fr-FR"], // France
  GB: ["en-GB"], // United Kingdom
  GE: EN, // Georgia
  GR: ["el", ...EN], // Greece
  HR: ["hr", ...EN], // Croatia
  HU: ["hu", ...EN], // Hungary
  IE: EN, // Ireland
  IS: EN, // Iceland
  IT: ["it"], // Italy
  LT: EN, // Lithuania
  LU: ["fr-FR", "de-DE", ...EN], // Luxembourg
  LV: ["ru", ...EN], // Latvia
  MD: ["ro", "ru", ...EN], // Moldova
  ME: EN, // Montenegro
  MK: EN, // North Macedonia
  MT: EN, // Malta
  NL: ["nl-NL", ...EN], // Netherlands
  NO: ["no", ...EN], // Norway
  PL: ["pl", ...EN], // Poland
  PT: ["pt-PT", ...EN], // Portugal
  RO: ["ro", ...EN], // Romania
  RS: EN, // Serbia
  RU: ["ru", ...EN], // Russia
  SE: ["sv", ...EN], // Sweden
  SI: EN, // Slovenia
  SK: ["sk", ...EN], // Slovakia
  TR: ["tr", ...EN], // Türkiye
  UA: ["uk", "ru", ...EN], // Ukraine
  XK: EN, // Kosovo
  // Latin America and the Caribbean
  AG: EN, // Antigua and Barbuda
  AI: EN, // Anguilla
  AR: ES, // Argentina
  BB: EN, // Barbados
  BM: EN, // Bermuda
  BO: ES, // Bolivia
  BR: ["pt-BR"], // Brazil
  BS: EN, // Bahamas
  BZ: ES, // Belize
  CL: ES, // Chile
  CO: ES, // Colombia
  CR: ES, // Costa Rica
  DM: EN, // Dominica
  DO: ES, // Dominican Republic
  EC: ES, // Ecuador
  GD: EN, // Grenada
  GT: ES, // Guatemala
  GY: EN, // Guyana
  HN: ES, // Honduras
  JM: EN, // Jamaica
  KN: EN, // Saint Kitts and Nevis
  KY: EN, // Cayman Islands
  LC: EN, // Saint Lucia
  MS: EN, // Montserrat
  MX: ["es-MX"], // Mexico
  NI: ES, // Nicaragua
  PA: ES, // Panama
  PE: ES, // Peru
  PY: ES, // Paraguay
  SR: ["nl-NL", ...EN], // Suriname
  SV: ES, // El Salvador
  TC: EN, // Turks and Caicos Islands
  TT: EN, // Trinidad and Tobago
  UY: ES, // Uruguay
  VC: EN, // Saint Vincent and the Grenadines
  VE: ES, // Venezuela
  VG: EN, // British Virgin Islands
  // Africa, the Middle East and India
  AE: AR, // United Arab Emirates
  AM: ["ru", ...EN], // Armenia
  AO: ["pt-PT", ...EN], // Angola
  AZ: ["ru", ...EN], // Azerbaijan
  BF: FR, // Burkina Faso
  BH: AR, // Bahrain
  BJ: FR, // Benin
  BW: EN, // Botswana
  CD: FR, // Democratic Republic of the Congo
  CG: FR, // Republic of the Congo
  CI: FR, // Côte d’Ivoire
  CM: FR, // Cameroon
  CV: ["pt-PT", ...EN], // Cabo Verde
  DZ: ["ar-SA", "fr-FR", ...EN], // Algeria
  EG: AR, // Egypt
  GA: FR, // Gabon
  GH: EN, // Ghana
  GM: EN, // Gambia
  GW: ["pt-PT", "fr-FR", ...EN], // Guinea-Bissau
  IL: ["he", "ar-SA", "ru", ...EN], // Israel
  IN: ["hi", ...EN], // India
  IQ: AR, // Iraq
  JO: AR, // Jordan
  KE: EN, // Kenya
  KW: AR, // Kuwait
  LB: ["ar-SA", "fr-FR", ...EN], // Lebanon
  LR: EN, // Liberia
  LY: AR, // Libya
  MA: ["ar-SA", "fr-FR", ...EN], // Morocco
  MG: FR, // Madagascar
  ML: FR, // Mali
  MR: ["ar-SA", "fr-FR", ...EN], // Mauritania
  MU: ["fr-FR", ...EN], // Mauritius
  MW: EN, // Malawi
  MZ: ["pt-PT", ...EN], // Mozambique
  NA: EN, // Namibia
  NE: FR, // Niger
  NG: EN, // Nigeria
  OM: AR, // Oman
  QA: AR, // Qatar
  RW: ["fr-FR", ...EN], // Rwanda
  SA: AR, // Saudi Arabia
  SC: ["fr-FR", ...EN], // Seychelles
  SL: EN, // Sierra Leone
  SN: FR, // Senegal
  ST: ["pt-PT", ...EN], // São Tomé and Príncipe
  SZ: EN, // Eswatini
  TD: ["fr-FR", "ar-SA", ...EN], // Chad
  TJ: ["ru", ...EN], // Tajikistan
  TM: ["ru", ...EN], // Turkmenistan
  TN: ["ar-SA", "fr-FR", ...EN], // Tunisia
  TZ: EN, // Tanzania
  UG: EN, // Uganda
  YE: AR, // Yemen
  ZA: EN, // South Africa
  ZM: EN, // Zambia
  ZW: EN, // Zimbabwe
  // Asia Pacific
  AF: EN, // Afghanistan
  AU: ["en-AU"], // Australia
  BN: ["ms", ...EN], // Brunei
  BT: EN, // Bhutan
  CN: ["zh-Hans"], // China mainland
  FJ: EN, // Fiji
  FM: EN, // Micronesia
  HK: ["zh-Hant", ...EN], // Hong Kong
  ID: ["id", ...EN], // Indonesia
  JP: ["ja"], // Japan
  KG: ["ru", ...EN], // Kyrgyzstan
  KH: EN, // Cambodia
  KR: ["ko"], // Republic of Korea
  KZ: ["ru", ...EN], // Kazakhstan
  LA: EN, // Laos
  LK: EN, // Sri Lanka
  MM: EN, // Myanmar
  MN: EN, // Mongolia
  MO: ["zh-Hant", ...EN], // Macao
  MV: EN, // Maldives
  MY: ["ms", ...EN], // Malaysia
  NP: EN, // Nepal
  NR: EN, // Nauru
  NZ: ["en-AU", ...EN], // New Zealand
  PG: EN, // Papua New Guinea
  PH: EN, // Philippines
  PK: EN, // Pakistan
  PW: EN, // Palau
  SB: EN, // Solomon Islands
  SG: ["zh-Hans", "ms", ...EN], // Singapore
  TH: ["th", ...EN], // Thailand
  TO: EN, // Tonga
  TW: ["zh-Hant"], // Taiwan
  UZ: ["ru", ...EN], // Uzbekistan
  VN: ["vi", ...EN], // Vietnam
  VU: ["fr-FR", ...EN], // Vanuatu
};

/** Every App Store storefront, by code. */
export const STOREFRONTS: readonly string[] = Object.keys(STOREFRONT_LOCALES).sort();

/** The storefronts showing a locale, in code order (empty for a locale no storefront shows). */
export function territoriesShowing(locale: string): string[] {
  return STOREFRONTS.filter((t) => STOREFRONT_LOCALES[t].includes(locale));
}
