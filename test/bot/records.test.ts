import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import { exportCsv } from '../../cards/records/exportCsv.js';
import { uploadToTeams } from '../../delivery/fileUpload.js';
import type { ExportRow } from '../../domain/records/history.js';
import { sayIn } from '../../translations/index.js';
import { cardProblems } from '../helpers/adaptiveCard.js';
import { cardOf, member, party, textIn } from '../helpers/party.js';
import { demoWorld, inviteContoso, people } from '../helpers/world.js';

// "history ABC-123" (an invitation's timeline) and "export" (the partner's records as CSV).

async function scenario() {
  const world = await demoWorld();
  const p = party(world);
  const [alex, megan, nora] = [
    member(people.fabrikamAdminAgent),
    member(people.contosoAdmin),
    member(people.northwindAdminAgent),
  ];
  for (const who of [alex, megan, nora]) await p.send(who, 'help');
  const sent = await world.service.invitations.create(people.fabrikamAdminAgent, {
    ...inviteContoso,
    message: undefined,
  });
  if (!sent.ok) throw new Error(sent.refusal.code);
  await p.deliver();
  world.clock.advanceDays(1);
  const decided = await world.service.invitations.decide(people.contosoAdmin, {
    invitationId: sent.value.id,
    decision: 'approve',
  });
  if (!decided.ok) throw new Error(decided.refusal.code);
  const relationship = decided.value.relationship!;
  await world.service.access.assign(people.fabrikamAdminAgent, relationship.id, [
    { groupId: '00000000-0000-4000-8000-000000003011', roles: ['directoryReaders'] },
  ]);
  await world.service.relationships.setAutoExtend(people.contosoAdmin, relationship.id, false);
  await p.deliver();
  p.adapter.activeQueue.splice(0);
  return { world, p, alex, megan, nora, invitation: sent.value, relationship };
}

describe('history', () => {
  it('R23 "history ABC-123" shows the timeline to both organisations: sent, delivered to whom, decided, the relationship\'s events', async () => {
    const { p, alex, megan, nora, world } = await scenario();
    const [card] = await p.send(alex, 'history AAA-001');
    expect(cardProblems(cardOf(card))).toEqual([]);
    const facts = (
      (cardOf(card)!.body as Array<{ facts?: Array<{ title: string; value: string }> }>)[2]!.facts ?? []
    ).map((f) => f.value);
    expect(facts).toEqual([
      'Sent by Alex Wilber (Fabrikam IT)',
      'Card delivered to Megan Bowen (Contoso)',
      'Approved by Megan Bowen (Contoso); the relationship started',
      'Access assigned by Alex Wilber (Fabrikam IT): Fabrikam Helpdesk Tier 1: Directory Readers',
      'Auto-extend turned off by Megan Bowen (Contoso)',
    ]);
    expect(textIn(cardOf(card))).toMatch(
      /History of AAA-001: “Fabrikam IT – Contoso – Directory 2026-11”.*24 Nov 2026, 12:00 UTC/,
    );
    // The customer sees the same timeline, in Russian if that is her language.
    await p.send(megan, 'language ru');
    const [ru] = await p.send(megan, 'история AAA-001');
    expect(textIn(cardOf(ru))).toMatch(
      /История AAA-001.*Отправлено: Alex Wilber \(Fabrikam IT\).*Доступ назначил\(а\) Alex Wilber \(Fabrikam IT\): Fabrikam Helpdesk Tier 1: Читатели каталогов/,
    );
    // R23: another partner is told it does not exist, and the attempt is audited.
    expect((await p.send(nora, 'history AAA-001')).map((a) => a.text)).toStrictEqual([
      'There is no invitation AAA-001. Check the code (it looks like ABC-123).',
    ]);
    expect(
      (await world.store.snapshot()).audit.filter((a) => a.action === 'history').map((a) => `${a.outcome} ${a.rule}`),
    ).toEqual(['refused R23']);
    expect((await p.send(alex, 'history')).map((a) => a.text)).toStrictEqual([
      'Which invitation or relationship? Type **history** and the invitation’s code, for example `history ABC-123`, or a relationship’s name.',
    ]);
  });
});

describe('export', () => {
  it("the CSV: one row per invitation and per relationship, RFC 4180 quoting, no formulas, a BOM, headers in the reader's language", () => {
    const row: ExportRow = {
      kind: 'invitation',
      code: 'AAA-001',
      name: 'Fabrikam, "West" – Contoso',
      customer: '=HYPERLINK("x")',
      domain: 'contoso.com',
      roles: ['directoryReaders', 'userAdministrator'],
      status: 'pending',
      from: '2026-11-24T12:00:00.000Z',
      decided: '',
      until: '2027-02-22T12:00:00.000Z',
      autoExtend: true,
    };
    const csv = exportCsv(sayIn('en'), [
      row,
      {
        ...row,
        kind: 'relationship',
        code: '',
        customer: 'Contoso',
        status: 'active',
        roles: [],
        until: '',
        accessAssigned: undefined,
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFType,Code,Relationship name,Customer,Domain,Admin roles,Status,Sent or started,Decided or terminated,Expires or ends,Auto-extend,Access assigned',
      'Invitation,AAA-001,"Fabrikam, ""West"" – Contoso","\'=HYPERLINK(""x"")",contoso.com,Directory Readers; User Administrator,Pending,2026-11-24,,2027-02-22,Yes,',
      'Relationship,,"Fabrikam, ""West"" – Contoso",Contoso,contoso.com,"Reseller relationship only, no admin roles",Active,2026-11-24,,,,',
      '',
    ]);
    expect(exportCsv(sayIn('ru'), [row]).split('\r\n')[1]).toContain('Приглашение,AAA-001');
  });

  it('in the Emulator "export" shows the CSV in a card; a customer\'s user is refused', async () => {
    const { p, world } = await scenario();
    const sam = member(people.fabrikamSalesAgent, 'emulator');
    const [card] = await p.send(sam, 'export');
    expect(cardProblems(cardOf(card))).toEqual([]);
    const text = textIn(cardOf(card));
    expect(text).toContain('Invitations and relationships of Fabrikam IT');
    expect(text).toContain('Files cannot be sent here, so here is the CSV (2 rows)');
    expect(text).toContain(
      'Invitation,AAA-001,Fabrikam IT – Contoso – Directory 2026-11,Contoso,contoso.onmicrosoft.com,Directory Readers; User Administrator,Approved,2026-11-24,2026-11-25,,Yes,',
    );
    expect(text).toContain(
      'Relationship,,Fabrikam IT – Contoso – Directory 2026-11,Contoso,contoso.onmicrosoft.com,Directory Readers; User Administrator,Active,2026-11-25,,2027-11-25,No,Yes',
    );
    expect((await p.send(member(people.contosoAdmin, 'emulator'), 'export')).map((a) => a.text)).toStrictEqual([
      expect.stringContaining('You are not a user of a partner known to this bot'),
    ]);
    void world;
  });

  it('in a Teams personal chat "export" asks consent, then uploads the CSV where Teams says and shows the file card; declining sends nothing', async () => {
    // A stand-in for the OneDrive upload session Teams opens: it records what is PUT to it.
    const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = 201; // not chained: writeHead's return value was undefined once under jest on Node 24
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const uploadUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload/session-1`;
    try {
      const { p, alex } = await scenario();
      const [consent] = await p.send(alex, 'export');
      expect(consent?.attachments?.[0]).toMatchObject({
        contentType: 'application/vnd.microsoft.teams.card.file.consent',
        name: 'fabrikam-it-invitations-2026-11-25.csv',
        content: {
          description: 'Invitations and relationships of Fabrikam IT as a CSV file (2 rows)',
          acceptContext: { export: 'partnerRecords' },
        },
      });
      const answer = async (action: 'accept' | 'decline') => {
        const value = {
          type: 'fileUpload',
          action,
          context: { export: 'partnerRecords' },
          uploadInfo: {
            name: 'fabrikam-it-invitations-2026-11-25.csv',
            uploadUrl,
            contentUrl: 'https://fabrikam-my.sharepoint.com/x.csv',
            uniqueId: 'u-1',
            fileType: 'csv',
          },
        };
        return p.send(alex, { type: 'invoke', name: 'fileConsent/invoke', value } as Partial<Activity>);
      };
      const accepted = await answer('accept');
      expect(received).toHaveLength(1);
      expect(received[0]!.body.startsWith('\uFEFFType,Code,Relationship name')).toBe(true);
      expect(received[0]!.headers['content-range']).toBe(
        `bytes 0-${Buffer.byteLength(received[0]!.body) - 1}/${Buffer.byteLength(received[0]!.body)}`,
      );
      const fileCard = accepted.find((a) => a.attachments?.length);
      expect(fileCard).toMatchObject({
        text: 'Here is the file: 2 rows.',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.card.file.info',
            contentUrl: 'https://fabrikam-my.sharepoint.com/x.csv',
            content: { uniqueId: 'u-1', fileType: 'csv' },
          },
        ],
      });
      const declined = await answer('decline');
      expect(declined.filter((a) => a.type === 'message').map((a) => a.text)).toStrictEqual(['Nothing was exported.']);
      expect(received).toHaveLength(1);
    } finally {
      server.close();
    }
  });

  it('an upload that fails is said in one sentence, with a way to try again', async () => {
    await expect(uploadToTeams('http://127.0.0.1:9/nothing-listens-here', Buffer.from('x'))).rejects.toThrow();
    const world = await demoWorld();
    const p = party(world, {
      upload: async () => {
        throw new Error('the upload was answered with 403');
      },
    });
    const alex = member(people.fabrikamAdminAgent);
    const replies = await p.send(alex, {
      type: 'invoke',
      name: 'fileConsent/invoke',
      value: {
        type: 'fileUpload',
        action: 'accept',
        context: {},
        uploadInfo: { uploadUrl: 'https://x', contentUrl: 'https://y', name: 'f.csv' },
      },
    } as Partial<Activity>);
    expect(replies.filter((a) => a.type === 'message').map((a) => a.text)).toStrictEqual([
      'I could not upload the file to your OneDrive (the upload was answered with 403). Please try **export** again.',
    ]);
  });
});
