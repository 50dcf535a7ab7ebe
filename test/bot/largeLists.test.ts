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

const pageButtons = (activity: Partial<Activity> | undefined) =>
  JSON.stringify(cardOf(activity)).match(/"verb":"relationshipsPage"[^}]*/g) ?? [];

describe('lists a page at a time, each a message Teams accepts', () => {
  it('"customers": five relationships a page, Previous and Next, every page a valid card under 40 KB', async () => {
    const world = await demoWorld(partnerWithRelationships(12));
    const p = party(world);
    const alex = member(people.fabrikamAdminAgent);
    const [first] = await p.send(alex, 'customers');
    expect(cardProblems(cardOf(first))).toEqual([]);
    expect(utf16Bytes(first!)).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES);
    // Each relationship's name is on its facts and its named buttons: counted once.
    const names = (activity: Partial<Activity> | undefined) => new Set(textIn(cardOf(activity)).match(/Fabrikam IT – (Contoso|Adatum) – Helpdesk \d\d/g) ?? []);
    expect(textIn(cardOf(first))).toContain('Page 1 of 3 · 12 relationships');
    expect(pageButtons(first)).toEqual(['"verb":"relationshipsPage","page":2,"days":""']);
    const [second] = await p.send(alex, { value: { verb: 'relationshipsPage', page: 2, days: '' } });
    expect(cardProblems(cardOf(second))).toEqual([]);
    expect(textIn(cardOf(second))).toContain('Page 2 of 3 · 12 relationships');
    expect(pageButtons(second)).toEqual(['"verb":"relationshipsPage","page":1,"days":""', '"verb":"relationshipsPage","page":3,"days":""']);
    const [last] = await p.send(alex, { value: { verb: 'relationshipsPage', page: 99, days: '' } }); // past the end: the last page
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
    expect(pageButtons(within30)).toEqual([]);
    // Within 90 days: all 12 (10 … 65 days), three pages.
    const [first] = await p.send(alex, 'ending');
    expect(textIn(cardOf(first))).toContain('Page 1 of 3 · 12 relationships');
    expect(textIn(cardOf(first)).indexOf('Helpdesk 00')).toBeLessThan(textIn(cardOf(first)).indexOf('Helpdesk 01'));
    expect(pageButtons(first)).toEqual(['"verb":"relationshipsPage","page":2,"days":90']);
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
    expect(pageButtons(second)).toEqual(['"verb":"relationshipsPage","page":1,"days":""']);
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
