import type { ExportRow } from '../../domain/records/history.js';
import type { Say, StringKey } from '../../translations/index.js';
import { plainText } from '../../translations/plainText.js';
import exportTextTemplate from './exportText.json' with { type: 'json' };
import { type CardJson, compileCard } from '../template.js';

const EXPORT_TEXT = compileCard(exportTextTemplate);

// "export": the partner's invitations and relationships as a CSV file (RFC 4180, UTF-8 with a BOM
// so that spreadsheet programs read non-Latin names), headers and values in the reader's language.

/** A cell: quoted when it must be; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const day = (iso: string) => iso.slice(0, 10);
// The relationship statuses are words for sentences ("already terminated"); a column starts them with a capital.
const capitalised = (word: string) => word.charAt(0).toLocaleUpperCase() + word.slice(1);

export function exportCsv(say: Say, rows: readonly ExportRow[]): string {
  const header = [
    'kind',
    'code',
    'name',
    'customer',
    'domain',
    'roles',
    'status',
    'from',
    'decided',
    'until',
    'autoExtend',
    'accessAssigned',
  ].map((c) => say(`export.column.${c}` as StringKey));
  const yesNo = (v: boolean | undefined) => (v === undefined ? '' : say(v ? 'value.yes' : 'value.no'));
  const lines = rows.map((r) => [
    say(`export.kind.${r.kind}` as StringKey),
    r.code,
    r.name,
    r.customer,
    r.domain,
    r.roles.length > 0 ? r.roles.map((id) => say.role(id)).join('; ') : say('card.resellerOnly'),
    r.kind === 'invitation'
      ? say(`status.${r.status}` as StringKey)
      : capitalised(say(`relationshipStatus.${r.status}` as StringKey)),
    day(r.from),
    r.decided ? day(r.decided) : '',
    r.until ? day(r.until) : '',
    r.kind === 'relationship' && r.until === '' ? '' : yesNo(r.autoExtend),
    yesNo(r.accessAssigned),
  ]);
  return `\uFEFF${[header, ...lines].map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** The file's name: the partner and the day, in plain ASCII. */
export const exportFileName = (partnerName: string, now: Date): string =>
  `${
    partnerName
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'partner'
  }-invitations-${now.toISOString().slice(0, 10)}.csv`;

/**
 * How much of the CSV a card shows: Teams refuses a message over 40 KB counted in UTF-16 (two bytes
 * a character), so the lines and their TextBlocks stay under 15,000 characters; the file has them all.
 */
export const INLINE_EXPORT_CHARACTERS = 15_000;
/** What a line's TextBlock adds to the card's JSON around its text. */
const TEXT_BLOCK_CHARACTERS = 110;

/** Where files cannot be sent (the Emulator, group chats): the same CSV in a card, a line per row, as many as fit. */
export function exportTextCard(say: Say, partnerName: string, csv: string): CardJson {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean);
  let budget = INLINE_EXPORT_CHARACTERS;
  let fit = 0; // the header and the rows that fit
  while (fit < lines.length && (budget -= lines[fit]!.length + TEXT_BLOCK_CHARACTERS) >= 0) fit++;
  const shown = lines.slice(0, Math.max(fit, 2));
  return EXPORT_TEXT.expand({
    title: say('export.title', { partner: plainText(partnerName) }),
    intro: say('export.inline', { count: lines.length - 1 }),
    lines: shown.map((line) => ({ text: plainText(line) })),
    more: lines.length > shown.length ? say('export.more', { count: lines.length - shown.length }) : '',
  });
}
