import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Database } from '../../data/schema.js';
import { BotProcess, LoopbackChannel, overHttp, type Speaker } from '../helpers/channel.js';
import { people } from '../helpers/world.js';

let dir = '';
const channel = new LoopbackChannel();
let bot: BotProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'customer-'));
  await channel.start();
  bot = new BotProcess({ DB_FILE: join(dir, 'db.json') });
  await bot.start();
}, 30_000);
afterAll(async () => {
  await bot?.stop();
  await channel.stop();
  await rm(dir, { recursive: true, force: true });
});

const say = (who: Speaker, content: string | Record<string, unknown>) => overHttp(channel, bot).say(who, content);
const execute = (who: Speaker, verb: string, data: Record<string, unknown>) =>
  overHttp(channel, bot).execute(who, verb, data);

const text = (value: unknown) => JSON.stringify(value);

it('scenarios 6–9 over HTTP: a partner invites, the administrator gets the card, outsiders are refused, approval by invoke, decline by Action.Submit, partners and Terminate', async () => {
  const alex: Speaker = { identity: people.fabrikamAdminAgent, conversationId: 'a:alex' };
  const nora: Speaker = { identity: people.northwindAdminAgent, conversationId: 'a:nora' };
  const megan: Speaker = { identity: people.contosoAdmin, conversationId: 'a:megan' };
  const diego: Speaker = { identity: people.contosoUser, conversationId: 'a:diego' };
  const ada: Speaker = { identity: people.adatumAdmin, conversationId: 'a:ada' };
  for (const who of [alex, nora, megan, diego]) await say(who, 'help');

  // Scenario 1 then 6: the card goes to Megan proactively, through the channel's connector.
  await say(alex, 'invite contoso.com');
  await say(alex, 'Azure');
  await say(alex, 'Directory Readers');
  await say(alex, '90');
  await say(alex, 'yes');
  await say(alex, 'skip');
  await say(alex, 'skip');
  await say(alex, 'keep');
  const sending = channel.received.length;
  const afterSend = await say(alex, { formAction: 'send' });
  const code = /Invitation \*\*([A-Z]{3}-\d{3})\*\*/.exec(
    afterSend.find((a) => a.conversationId === alex.conversationId)?.text ?? '',
  )?.[1];
  expect(code).toBeDefined();
  // The card is the delivery worker's: it arrives after Send has answered.
  const card = await channel.until(() =>
    channel.received.slice(sending).find((a) => a.conversationId === megan.conversationId),
  );
  expect(text(card?.attachments?.[0]?.content)).toContain('Fabrikam IT invites Contoso to work with it');
  const cardActivityId = `reply-${channel.received.indexOf(card!) + 1}`;
  const db = await bot.database();
  const invitation = Object.values(db.invitations).find((i) => i.code === code)!;

  // Scenario 8: refused, and nothing changes.
  const updatesBefore = channel.updated.length;
  const refused = await execute(diego, 'approve', { invitationId: invitation.id });
  expect(refused).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  expect(text(refused.value)).toContain(
    'Only a Global Administrator or a Customer Delegated Admin Relationship Administrator of the invited organisation',
  );
  // R23: another tenant's administrator learns nothing, not even that the invitation exists.
  const outsider = await execute({ ...ada, conversationId: 'a:ada' }, 'approve', { invitationId: invitation.id });
  expect(outsider).toEqual({
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: `There is no invitation ${invitation.id}. Check the code (it looks like ABC-123).`,
  });
  expect(channel.updated.length).toBe(updatesBefore);

  // Scenario 7: approval by Action.Execute; Megan's copy is updated in place; Alex is told.
  const before = channel.received.length;
  const approved = await execute(megan, 'approve', { invitationId: invitation.id });
  expect(approved).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  expect(text(approved.value)).toContain('Approved by Megan Bowen (Contoso)');
  await channel.until(
    () =>
      channel.updated.length > updatesBefore &&
      channel.received.slice(before).some((a) => a.conversationId === alex.conversationId),
  );
  const updates = channel.updated.slice(updatesBefore);
  expect(updates.map((u) => [u.conversationId, u.activityId])).toEqual([[megan.conversationId, cardActivityId]]);
  expect(text(updates[0]?.attachments?.[0]?.content)).toContain('Approved by Megan Bowen');
  const toAlex = channel.received.slice(before).filter((a) => a.conversationId === alex.conversationId);
  expect(text(toAlex[0]?.attachments?.[0]?.content)).toMatch(
    /Contoso approved your invitation [A-Z]{3}-\d{3}.*Directory Readers/,
  );
  expect(text((await execute(megan, 'decline', { invitationId: invitation.id })).value)).toContain(
    'This invitation was already approved by Megan Bowen',
  );

  // The Emulator's path: Northwind asks for more roles; Megan declines with Action.Submit.
  await say(nora, 'invite contoso.com');
  await say(nora, 'Azure');
  await say(nora, 'Exchange Administrator');
  await say(nora, '30');
  await say(nora, 'no');
  await say(nora, 'skip');
  await say(nora, 'skip');
  await say(nora, 'keep');
  await say(nora, 'send');
  const second = Object.values((await bot.database()).invitations).find((i) => i.partnerId === 'northwind')!;
  const declining = channel.received.length;
  const declined = await say(megan, { verb: 'decline', invitationId: second.id, reason: 'Not this quarter' });
  expect(declined.find((a) => a.conversationId === megan.conversationId && a.text)?.text).toContain(
    'Declined by Megan Bowen (Contoso)',
  );
  const toNora = await channel.until(() =>
    channel.received.slice(declining).find((a) => a.conversationId === nora.conversationId),
  );
  expect(text(toNora.attachments?.[0]?.content)).toMatch(/Contoso declined your invitation.*Not this quarter/);

  // Scenario 9: the multi-partner view and Terminate.
  const [partners] = await say(megan, 'partners');
  expect(text(partners?.attachments?.[0]?.content)).toMatch(/Northwind Traders.*Fabrikam IT/);
  await say(megan, { verb: 'terminateRelationship', relationshipId: 'rel-northwind-contoso' });
  const ending = channel.received.length;
  await say(megan, 'yes');
  const ended = await channel.until(() =>
    channel.received.slice(ending).find((a) => a.conversationId === nora.conversationId),
  );
  expect(text(ended.attachments?.[0]?.content)).toContain('Contoso ended its relationship with Northwind Traders');
  const final = await bot.database();
  expect(final.relationships['rel-northwind-contoso']?.status).toBe('terminated');
  expect(Object.values(final.subscriptions).map((s) => s.partnerOfRecordId)).toEqual(['northwind', 'northwind']);
}, 90_000);

it('scenario 6 in Teams: an administrator who never talked to the bot gets a new 1:1 chat with the card, created in their tenant', async () => {
  const adatumUser: Speaker = {
    identity: { ...people.adatumAdmin, userId: '00000000-0000-4000-8000-000000002022' },
    conversationId: 'a:adam',
  };
  const sam: Speaker = { identity: people.fabrikamSalesAgent, conversationId: 'a:sam' };
  await say(adatumUser, 'help'); // someone in Adatum's tenant has the bot: Teams can be reached there
  for (const answer of ['invite adatum.com', 'Azure', 'skip', 'skip', 'keep']) await say(sam, answer);
  const createdBefore = channel.created.length;
  const sending = channel.received.length;
  await say(sam, 'send');
  const chat = `created-${createdBefore + 1}`;
  const card = await channel.until(() => channel.received.slice(sending).find((a) => a.conversationId === chat));
  expect(channel.created.slice(createdBefore)).toEqual([
    expect.objectContaining({
      isGroup: false,
      tenantId: people.adatumAdmin.tenantId,
      members: [expect.objectContaining({ id: people.adatumAdmin.userId })],
    }),
  ]);
  // R16 Adatum's language in Partner Center is Russian: a chat nobody has written in yet is opened in it.
  expect(JSON.stringify(card.attachments?.[0]?.content)).toContain('Fabrikam IT приглашает Adatum к сотрудничеству');
  // Ada answers in that chat: her copy of the card is updated in place.
  const db = await bot.database();
  const invitation = Object.values(db.invitations).find((i) => i.customerDomain === 'adatum.com')!;
  const approved = await execute({ identity: people.adatumAdmin, conversationId: chat }, 'approve', {
    invitationId: invitation.id,
  });
  expect(JSON.stringify(approved.value)).toContain('Approved by Ada Admin (Adatum)'); // she answered from an English client
  await channel.until(() => channel.updated.some((u) => u.conversationId === chat));
}, 60_000);

it('R11 100 concurrent approve / decline invokes over HTTP: one decision, one relationship, one partner notification', async () => {
  const tom: Speaker = { identity: people.usGovAdminAgent, conversationId: 'a:tom' };
  const rita: Speaker = { identity: people.relecloudGovAdmin, conversationId: 'a:rita' };
  await say(rita, 'help');
  for (const answer of ['invite relecloud.gov', 'Azure', 'Global Reader', '60', 'no', 'skip', 'skip', 'keep'])
    await say(tom, answer);
  await say(tom, 'send');
  const db = await bot.database();
  const invitation = Object.values(db.invitations).find((i) => i.customerDomain === 'relecloud.gov')!;
  const before = channel.received.length;
  const answers = await Promise.all(
    Array.from({ length: 100 }, (_, n) =>
      execute(rita, n % 2 ? 'approve' : 'decline', { invitationId: invitation.id }),
    ),
  );
  const texts = answers.map((a) => JSON.stringify(a.value));
  expect(texts.filter((t) => !t.includes('This invitation was already'))).toHaveLength(1);
  const after = await bot.database();
  expect(Object.values(after.relationships).filter((r) => r.partnerId === 'tailspin-gov')).toHaveLength(
    after.invitations[invitation.id]!.status === 'approved' ? 1 : 0,
  );
  // Tom is told once: his one delivery is marked delivered, and nothing else is owed him.
  await channel.until(() => channel.received.slice(before).some((a) => a.conversationId === tom.conversationId));
  const decision = Object.values(after.outbox).find(
    (n) => n.invitationId === invitation.id && (n.kind === 'invitationApproved' || n.kind === 'invitationDeclined'),
  )!;
  const settled = async () => {
    const db = await bot.database();
    return Object.values(db.deliveries).filter((d) => d.notificationId === decision.id && d.status === 'pending')
      .length === 0
      ? db
      : undefined;
  };
  let final: Database | undefined;
  for (let n = 0; n < 500 && !(final = await settled()); n++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(
    Object.values(final!.deliveries).filter((d) => d.notificationId === decision.id && d.target.kind === 'person'),
  ).toHaveLength(1);
  expect(channel.received.slice(before).filter((a) => a.conversationId === tom.conversationId)).toHaveLength(1);
}, 60_000);
