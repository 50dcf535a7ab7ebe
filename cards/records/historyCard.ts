import type { HistoryEntry, InvitationHistory, RelationshipHistory } from '../../domain/records/history.js';
import type { Say, StringKey } from '../../translations/index.js';
import { plainText } from '../../translations/plainText.js';
import historyTemplate from './history.json' with { type: 'json' };
import { type CardJson, compileCard } from '../template.js';

const HISTORY = compileCard(historyTemplate);

// "history ABC-123": the invitation's timeline, one line per event, in the reader's language.

const who = (person?: { name: string; organisation: string }) =>
  person ? plainText(person.organisation ? `${person.name} (${person.organisation})` : person.name) : '—';

/** "Tier 1: directoryReaders, userAdministrator; …" (as the domain notes it) with role names in this language. */
const assignmentsNote = (say: Say, note: string) =>
  note
    .split('; ')
    .map((part) => {
      const at = part.lastIndexOf(': ');
      return at < 0 ? plainText(part) : `${plainText(part.slice(0, at))}: ${say.roles(part.slice(at + 2).split(', '))}`;
    })
    .join('; ');

function entryText(say: Say, entry: HistoryEntry): string {
  const params = { by: who(entry.by), to: who(entry.to) };
  switch (entry.event) {
    case 'declined':
      return entry.note
        ? say('history.declinedReason', { ...params, reason: plainText(entry.note) })
        : say('history.declined', params);
    case 'notDelivered':
      return say('history.notDelivered', { ...params, error: plainText(entry.note ?? '—') });
    case 'extended':
      return say('history.extended', { date: entry.note ? say.date(entry.note) : '—' });
    case 'autoExtendChanged':
      return say(entry.note === 'on' ? 'history.autoExtendOn' : 'history.autoExtendOff', params);
    case 'expiryWarned':
      return say('history.expiryWarned', { days: Number(entry.note) || 0 });
    case 'accessAssigned':
      return say('history.accessAssigned', { ...params, groups: assignmentsNote(say, entry.note ?? '') });
    case 'sendFailed':
      return say('history.sendFailed', { failure: entry.note ?? 'unavailable' });
    case 'imported':
      return say('history.imported', { note: entry.note ?? 'active' });
    default:
      return say(`history.${entry.event}` as StringKey, params);
  }
}

export function historyCard(
  say: Say,
  { invitation, relationship, entries }: InvitationHistory,
  customerName: string,
): CardJson {
  return HISTORY.expand({
    title: say('history.title', { code: invitation.code, name: plainText(invitation.relationshipName) }),
    facts: [
      { label: say('field.customer'), value: plainText(customerName) },
      { label: say('field.status'), value: say(`status.${invitation.status}`) },
      { label: say('field.roles'), value: say.roles(invitation.roles) },
      ...(relationship
        ? [
            {
              label: say('field.relationshipStatus'),
              value: say(`relationshipStatus.${relationship.status}` as StringKey),
            },
          ]
        : []),
    ],
    entries: entries.map((entry) => ({ at: say.dateTime(entry.at), text: entryText(say, entry) })),
  });
}

/** "history <relationship name>": a relationship made outside the bot (R29), its own events. */
export function relationshipHistoryCard(
  say: Say,
  { relationship, customerName, entries }: RelationshipHistory,
): CardJson {
  return HISTORY.expand({
    title: say('history.relationshipTitle', { name: plainText(relationship.name) }),
    facts: [
      { label: say('field.customer'), value: plainText(customerName) },
      {
        label: say('field.relationshipStatus'),
        value: say(`relationshipStatus.${relationship.status}` as StringKey),
      },
      { label: say('field.roles'), value: say.roles(relationship.roles) },
      ...(relationship.origin === 'microsoft'
        ? [{ label: say('field.origin'), value: say('value.madeOutsideBot') }]
        : []),
    ],
    entries: entries.map((entry) => ({ at: say.dateTime(entry.at), text: entryText(say, entry) })),
  });
}
