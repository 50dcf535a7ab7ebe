import type { Refusal } from '../domain/refusals.js';
import { en, type StringKey } from './en.js';
import { plainText } from './plainText.js';
import { ru } from './ru.js';

// The edge's words: one catalogue file per language (en.ts, ru.ts), and the formatting of what
// the domain hands over as raw facts (ISO dates, numbers, codes) with Intl, per language.
//
// Placeholders: {name} as given; {name|date} an ISO timestamp as a date; {name|number};
// {name|plural:noun} a number with the noun's plural form (`plural.noun.<category>`, # is the
// number); {name|key:prefix} the catalogue entry `prefix.<value>`; {name|region} a country code
// as the country's name; {name|market} a CSP market id as its name; {name|roles} role ids as names.

export type { StringKey } from './en.js';
export { plainText } from './plainText.js';
export type Locale = 'en' | 'ru';
export const LOCALES: readonly Locale[] = ['en', 'ru'];

const CATALOGUE: Record<Locale, Record<StringKey, string>> = { en, ru };
/** The Intl locale of each catalogue: British English matches the catalogue's spelling. */
const INTL_TAG: Record<Locale, string> = { en: 'en-GB', ru: 'ru-RU' };

/** "ru-RU" → "ru"; anything that is not Russian is English. */
export const localeFromTag = (tag: unknown): Locale =>
  typeof tag === 'string' && tag.toLowerCase().startsWith('ru') ? 'ru' : 'en';

export type Params = Record<string, string | number>;

interface Formatters {
  date: Intl.DateTimeFormat;
  dateTime: Intl.DateTimeFormat;
  number: Intl.NumberFormat;
  plural: Intl.PluralRules;
  region: Intl.DisplayNames;
}

// Intl objects are costly to build and immutable: one set per language, made once at load.
function makeFormatters(locale: Locale): Formatters {
  const tag = INTL_TAG[locale];
  return Object.freeze({
    date: new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }),
    dateTime: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
    number: new Intl.NumberFormat(tag),
    plural: new Intl.PluralRules(tag),
    region: new Intl.DisplayNames(tag, { type: 'region', fallback: 'code' }),
  });
}
const FORMATTERS: Readonly<Record<Locale, Formatters>> = Object.freeze({
  en: makeFormatters('en'),
  ru: makeFormatters('ru'),
});
const formattersOf = (locale: Locale): Formatters => FORMATTERS[locale];

const entry = (locale: Locale, key: string): string | undefined => (CATALOGUE[locale] as Record<string, string>)[key];

/** R16: the role's name as Microsoft writes it in this language (`adminRole.<id>.name`); an unknown id as it is. */
export const roleName = (locale: Locale, id: string): string => entry(locale, `adminRole.${id}.name`) ?? id;

/**
 * R16: the role id a typed name stands for, in any language ("Directory Readers", «Читатели
 * каталогов», "directoryReaders"), ignoring case and extra spaces; undefined if none.
 */
export function roleIdFromName(text: string): string | undefined {
  const wanted = text
    .trim()
    .replace(/^[«"'“]+|[»"'”]+$/g, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase();
  for (const locale of LOCALES) {
    for (const [key, name] of Object.entries(CATALOGUE[locale])) {
      const id = /^adminRole\.(\w+)\.name$/.exec(key)?.[1];
      if (id && (name.toLocaleLowerCase() === wanted || id.toLowerCase() === wanted)) return id;
    }
  }
  return undefined;
}

export function formatDate(locale: Locale, iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : formattersOf(locale).date.format(at);
}

/** A moment in a timeline: date and time, UTC (said so in the card). */
export function formatDateTime(locale: Locale, iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${formattersOf(locale).dateTime.format(at)} UTC`;
}

export function formatNumber(locale: Locale, value: number): string {
  return formattersOf(locale).number.format(value);
}

function formatValue(
  locale: Locale,
  value: string | number,
  format: string | undefined,
  argument: string | undefined,
): string {
  switch (format) {
    case undefined:
      return String(value);
    case 'date':
      return formatDate(locale, String(value));
    case 'time':
      return formatDateTime(locale, String(value));
    case 'number':
      return Number.isFinite(Number(value)) ? formatNumber(locale, Number(value)) : String(value);
    case 'plural': {
      const n = Number(value);
      const form =
        entry(locale, `plural.${argument}.${formattersOf(locale).plural.select(n)}`) ??
        entry(locale, `plural.${argument}.other`) ??
        '#';
      return form.replace('#', formatNumber(locale, n));
    }
    case 'key':
      return entry(locale, `${argument}.${value}`) ?? String(value);
    case 'roles':
      // A comma-separated list of role ids (a refusal's fact) as names in this language.
      return String(value)
        .split(',')
        .filter(Boolean)
        .map((id) => roleName(locale, id))
        .join(', ');
    case 'market':
      // R8: a multi-country market by its catalogue name, a single-country one by the country's name.
      return entry(locale, `market.${value}`) ?? formatValue(locale, value, 'region', undefined);
    case 'microsoftStatus':
      // A GDAP relationship's status at Microsoft, in words.
      return entry(locale, `microsoft.status.${value}`) ?? String(value);
    case 'failure':
      // Why Microsoft said no (a PartnerCenterFailure code), in words.
      return entry(locale, `microsoft.failure.${value}`) ?? String(value);
    case 'region':
      return /^[A-Za-z]{2}$/.test(String(value))
        ? (formattersOf(locale).region.of(String(value).toUpperCase()) ?? String(value))
        : String(value);
    default:
      return String(value);
  }
}

function format(
  locale: Locale,
  template: string,
  params: Params,
  escape: (text: string) => string = (text) => text,
): string {
  return template.replace(
    /\{(\w+)(?:\|(\w+)(?::([\w.]+))?)?\}/g,
    (whole, name: string, fmt?: string, argument?: string) =>
      Object.hasOwn(params, name)
        ? fmt === undefined
          ? escape(String(params[name]))
          : formatValue(locale, params[name]!, fmt, argument)
        : whole,
  );
}

export function t(locale: Locale, key: StringKey, params: Params = {}): string {
  return format(locale, CATALOGUE[locale][key], params);
}

/** A domain refusal in words: the catalogue's `refusal.<code>` with the refusal's facts. */
export function refusalText(locale: Locale, refusal: Refusal): string {
  const template = entry(locale, `refusal.${refusal.code}`);
  // A refusal's facts may be text someone typed (a domain, a name, a role): plain text (R25).
  return template === undefined ? refusal.code : format(locale, template, refusal.params, plainText);
}

/** The same word in every language: "cancel" and "отмена" both cancel, whatever the user's language. */
export function isCommand(text: string, key: StringKey): boolean {
  const typed = text.trim().toLowerCase();
  return LOCALES.some((l) => CATALOGUE[l][key] === typed);
}

/** "yes" / "да" → true, "no" / "нет" → false, anything else undefined. Buttons send the same words. */
export function parseYesNo(text: string): boolean | undefined {
  return isCommand(text, 'command.yes') ? true : isCommand(text, 'command.no') ? false : undefined;
}

/** A command's word in every language ("invite", "пригласить"). */
export function commandWords(key: StringKey): string[] {
  return LOCALES.map((l) => CATALOGUE[l][key]);
}

/** The words after a command ("invite contoso.com" → "contoso.com"), or undefined when `text` is not that command. */
export function commandArgument(text: string, key: StringKey): string | undefined {
  const typed = text.trim().replace(/\s+/g, ' ');
  for (const l of LOCALES) {
    const word = CATALOGUE[l][key];
    const lower = typed.toLowerCase();
    if (lower === word) return '';
    if (lower.startsWith(`${word} `)) return typed.slice(word.length + 1).trim();
  }
  return undefined;
}

/** A translator bound to one locale. */
export interface Say {
  locale: Locale;
  (key: StringKey, params?: Params): string;
  refusal(refusal: Refusal): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  number(value: number): string;
  /** An admin role's Entra name in this language (R16), from its id. */
  role(id: string): string;
  /** Role names joined, or "reseller relationship only" when there are none. */
  roles(ids: readonly string[]): string;
}

function makeSay(locale: Locale): Say {
  const fn = ((key: StringKey, params?: Params) => t(locale, key, params)) as Say;
  fn.locale = locale;
  fn.refusal = (r) => refusalText(locale, r);
  fn.date = (iso) => formatDate(locale, iso);
  fn.dateTime = (iso) => formatDateTime(locale, iso);
  fn.number = (value) => formatNumber(locale, value);
  fn.role = (id) => roleName(locale, id);
  fn.roles = (ids) =>
    ids.length > 0 ? ids.map((id) => roleName(locale, id)).join(', ') : t(locale, 'card.resellerOnly');
  return Object.freeze(fn);
}
const SAY: Readonly<Record<Locale, Say>> = Object.freeze({ en: makeSay('en'), ru: makeSay('ru') });

export const sayIn = (locale: Locale): Say => SAY[locale] ?? SAY.en;
