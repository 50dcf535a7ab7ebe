import { describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { Relationship } from '../../domain/types.js';
import { cardProblems } from '../helpers/adaptiveCard.js';
import { cardOf, member, party, textIn } from '../helpers/party.js';
import { demoSeed, demoWorld, people } from '../helpers/world.js';

// A partner with many customers: what the bot sends stays a message Teams accepts. Teams refuses a
// bot message over 40 KB counted in UTF-16 (two bytes a character), with 413 MessageSizeTooBig.
const TEAMS_MESSAGE_LIMIT_BYTES = 40 * 1024;
const utf16Bytes = (activity: Partial<Activity>) => JSON.stringify(activity).length * 2;

const DAY = 86_400_000;
const START = Date.parse('2026-11-24T12:00:00.000Z'); // the test clock's start

/** Fabrikam IT with `count` active relationships with Contoso and Adatum; the k-th ends in 10 + 5k days. */
function partnerWithRelationships(count: number) {
  const seed = demoSeed();
  for (let k = 0; k < count; k++) {
    const relationship: Relationship = {
      id: `rel-many-${k}`,
      name: `Fabrikam IT – ${k % 2 ? 'Adatum' : 'Contoso'} – Helpdesk ${String(k).padStart(2, '0')}`,
      partnerId: 'fabrikam',
      customerId: k % 2 ? 'adatum' : 'contoso',
      roles: ['directoryReaders', 'userAdministrator'],
      startedAt: new Date(START - 300 * DAY).toISOString(),
      endsAt: new Date(START + (10 + 5 * k) * DAY).toISOString(),
      autoExtend: true,
      status: 'active',
      invitationIds: [],
      accessAssignments: [],
      history: [{ at: new Date(START - 300 * DAY).toISOString(), action: 'created', note: 'test data' }],
    };
    seed.relationships.push(relationship);
  }
  return seed;
}

type CardAction = { type?: string; verb?: string; data?: Record<string, unknown>; fallback?: CardAction };

/**
 * The card's Previous / Next: each an Action.Execute (its data as JSON) whose Action.Submit fallback sends the same,
 * with the verb.
 */
function pageButtons(card: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const action = node as CardAction;
    if (action.type === 'Action.Execute' && action.verb === 'relationshipsPage') {
      expect(action.fallback).toEqual(
        expect.objectContaining({ type: 'Action.Submit', data: { verb: 'relationshipsPage', ...action.data } }),
      );
      found.push(JSON.stringify(action.data));
      return;
    }
    Object.values(node).forEach(visit);
  };
  visit(card);
  return found;
}

describe('lists a page at a time, each a message Teams accepts', () => {
  it('"customers": five relationships a page, Previous and Next, every page a valid card under 40 KB', async () => {
    const world = await demoWorld(partnerWithRelationships(12));
    const p = party(world);
    const alex = member(people.fabrikamAdminAgent);
    const [first] = await p.send(alex, 'customers');
    expect(cardProblems(cardOf(first))).toEqual([]);
    expect(utf16Bytes(first!)).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES);
    // Each relationship's name is on its facts and its named buttons: counted once.
    const names = (activity: Partial<Activity> | undefined) =>
      new Set(textIn(cardOf(activity)).match(/Fabrikam IT – (Contoso|Adatum) – Helpdesk \d\d/g) ?? []);
    expect(textIn(cardOf(first))).toContain('Page 1 of 3 · 12 relationships');
    expect(pageButtons(cardOf(first))).toEqual(['{"page":2,"days":""}']);
    // Next as Teams sends it (Action.Execute): the invoke is answered with page 2, in place of the card; nothing else
    // is sent.
    const next = await p.execute(alex, 'relationshipsPage', { page: 2, days: '' });
    expect(next.others).toEqual([]);
    expect(next.response?.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    const second = {
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: next.response!.body.value }],
    };
    expect(cardProblems(cardOf(second))).toEqual([]);
    expect(textIn(cardOf(second))).toContain('Page 2 of 3 · 12 relationships');
    expect(pageButtons(cardOf(second))).toEqual(['{"page":1,"days":""}', '{"page":3,"days":""}']);
    // The Emulator's Action.Submit fallback: a new message. Past the end: the last page.
    const [last] = await p.send(alex, { value: { verb: 'relationshipsPage', page: 99, days: '' } });
    expect(textIn(cardOf(last))).toContain('Page 3 of 3 · 12 relationships');
    expect([names(first).size, names(second).size, names(last).size]).toEqual([5, 5, 2]);
    expect(new Set([...names(first), ...names(second), ...names(last)]).size).toBe(12);
  });

  it('R21 "ending": the page buttons say which list they page (its days); soonest first', async () => {
    const world = await demoWorld(partnerWithRelationships(12));
    const p = party(world);
    const alex = member(people.fabrikamAdminAgent);
    // Ending within 30 days: 10, 15, 20, 25 and 30 days — five, one page, no buttons.
    const [within30] = await p.send(alex, 'ending 30');
    expect(textIn(cardOf(within30))).toContain('Relationships that end in the next 30 days');
    expect(pageButtons(cardOf(within30))).toEqual([]);
    // Within 90 days: all 12 (10 … 65 days), three pages.
    const [first] = await p.send(alex, 'ending');
    expect(textIn(cardOf(first))).toContain('Page 1 of 3 · 12 relationships');
    expect(textIn(cardOf(first)).indexOf('Helpdesk 00')).toBeLessThan(textIn(cardOf(first)).indexOf('Helpdesk 01'));
    expect(pageButtons(cardOf(first))).toEqual(['{"page":2,"days":90}']);
    const [second] = await p.send(alex, { value: { verb: 'relationshipsPage', page: 2, days: 90 } });
    expect(textIn(cardOf(second))).toContain('Relationships that end in the next 90 days');
    expect(textIn(cardOf(second))).toContain('Page 2 of 3 · 12 relationships');
  });

  it('R1 a customer\'s "partners": its relationships (R13: each its own) five a page; Next pages the customer\'s own list', async () => {
    const world = await demoWorld(partnerWithRelationships(12));
    const p = party(world);
    const megan = member(people.contosoAdmin);
    // Contoso: six of Fabrikam IT's and Northwind Traders' one.
    const [first] = await p.send(megan, 'partners');
    expect(cardProblems(cardOf(first))).toEqual([]);
    expect(utf16Bytes(first!)).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES);
    expect(textIn(cardOf(first))).toContain('Page 1 of 2 · 7 relationships');
    const [second] = await p.send(megan, { value: { verb: 'relationshipsPage', page: 2, days: '' } });
    expect(cardProblems(cardOf(second))).toEqual([]);
    expect(textIn(cardOf(second))).toContain('Page 2 of 2 · 7 relationships');
    expect(pageButtons(cardOf(second))).toEqual(['{"page":1,"days":""}']);
    const all = textIn(cardOf(first)) + textIn(cardOf(second));
    expect(new Set(all.match(/Fabrikam IT – Contoso – Helpdesk \d\d/g)).size).toBe(6);
    expect(all).toContain('Northwind Traders – Contoso – Directory 2025-03');
  });

  it('"export" where files cannot be sent: the card shows what fits under 40 KB and says how many rows more the file has', async () => {
    const world = await demoWorld(partnerWithRelationships(300));
    const p = party(world);
    const [card] = await p.send(member(people.fabrikamSalesAgent, 'emulator'), 'export');
    expect(cardProblems(cardOf(card))).toEqual([]);
    expect(utf16Bytes(card!)).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES);
    const text = textIn(cardOf(card));
    expect(text).toContain('here is the CSV (300 rows)');
    const shown = (text.match(/Relationship,,Fabrikam IT – (Contoso|Adatum) – Helpdesk/g) ?? []).length;
    expect(shown).toBeGreaterThan(50);
    expect(text).toContain(`and ${300 - shown} rows more`);
  });
});
