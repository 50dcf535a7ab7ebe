import { ADMIN_ROLES, findAdminRole, orderRoles } from './adminRoles.js';
import { ok, refuse, type Result } from './refusals.js';
import { SERVICES, type Service } from './types.js';

// Parsers for everything a person types (R20). Each returns the normalised value or a refusal
// that says what is wrong, so a prompt can show it and ask again.

export const MIN_DURATION_DAYS = 1;
export const MAX_DURATION_DAYS = 730;
export const DEFAULT_DURATION_DAYS = 730;
export const MAX_MESSAGE_LENGTH = 500;
export const MAX_REASON_LENGTH = 500;
export const MAX_RELATIONSHIP_NAME = 50; // Partner Center's limit for a GDAP relationship's name

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function parseDomain(input: string): Result<string> {
  const value = input.trim().toLowerCase().replace(/\.$/, '');
  const labels = value.split('.');
  const valid =
    value.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l)) &&
    /^[a-z]{2,63}$/.test(labels[labels.length - 1] ?? '');
  return valid ? ok(value) : refuse('invalidDomain', { value: input.trim().slice(0, 100) });
}

export function parseEmail(input: string): Result<string> {
  const value = input.trim();
  const at = value.lastIndexOf('@');
  const local = value.slice(0, at);
  const domain = at > 0 ? parseDomain(value.slice(at + 1)) : undefined;
  const valid =
    at > 0 &&
    local.length <= 64 &&
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    domain?.ok === true;
  return valid && domain.ok ? ok(`${local}@${domain.value}`) : refuse('invalidEmail', { value: value.slice(0, 100) });
}

export function parseDuration(input: string | number): Result<number> {
  const text = String(input).trim();
  const days = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(days) && days >= MIN_DURATION_DAYS && days <= MAX_DURATION_DAYS
    ? ok(days)
    : refuse('durationOutOfRange', { value: text.slice(0, 20) });
}

/** Role ids or Entra names; returns ids in least-privilege order. */
export function parseRoles(inputs: readonly string[]): Result<string[]> {
  const ids: string[] = [];
  for (const input of inputs) {
    const role = findAdminRole(input);
    if (!role)
      return refuse('unknownRole', { role: input.slice(0, 60), known: ADMIN_ROLES.map((r) => r.id).join(',') });
    ids.push(role.id);
  }
  return ok(orderRoles(ids));
}

export function parseServices(inputs: readonly string[]): Result<Service[]> {
  const wanted = new Set(inputs.map((s) => s.trim().toLowerCase()));
  const services = SERVICES.filter((s) => wanted.has(s.toLowerCase()));
  return services.length > 0 && services.length === wanted.size
    ? ok(services)
    : refuse('invalidServices', { known: SERVICES.join(', ') });
}

/**
 * R25: characters that change what text looks like without being seen — bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks U+200E U+200F U+061C, zero-width
 * U+200B–U+200D, U+2060, U+FEFF — are removed from what one party typed, before anyone else sees it.
 */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u061C\uFEFF]/g;
export const withoutInvisible = (text: string): string => text.replace(INVISIBLE, '');

/** The scripts a homoglyph is taken from: a word mixing two of them imitates a word of one. */
const SCRIPTS: ReadonlyArray<[string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
];

/** R25: the first word of `text` that mixes Latin, Greek and Cyrillic letters ("Nοrthwind" with a Greek ο). */
export function mixedScriptWord(text: string): string | undefined {
  return text
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .find((word) => SCRIPTS.filter(([, letter]) => letter.test(word)).length > 1);
}

export function parseOptionalText(input: string | undefined, field: string, max: number): Result<string | undefined> {
  const value = withoutInvisible(input ?? '').trim();
  if (value.length > max) return refuse('textTooLong', { field, max: String(max), length: String(value.length) });
  return ok(value.length > 0 ? value : undefined);
}

export const INVITATION_CODE = /^[A-Z]{3}-\d{3}$/;

/** A relationship's name (R13): one line, 1 to 50 characters, spaces folded. */
export function parseRelationshipName(input: string): Result<string> {
  const value = withoutInvisible(String(input))
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (value.length < 1 || value.length > MAX_RELATIONSHIP_NAME)
    return refuse('invalidRelationshipName', {
      value: value.slice(0, 80),
      max: String(MAX_RELATIONSHIP_NAME),
      length: String(value.length),
    });
  // R25: shown to the customer as the partner's; a word may not imitate another organisation's name.
  const mixed = mixedScriptWord(value);
  return mixed ? refuse('mixedScriptName', { word: mixed }) : ok(value);
}
