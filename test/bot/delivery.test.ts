import { describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { ProactiveSender } from '../../delivery/channel.js';
import type { Identity } from '../../domain/identity.js';
import type { UnitOfWork } from '../../domain/ports.js';
import { composeBot } from '../../bot/composeBot.js';
import { TestAdapter } from 'botbuilder';
import { cardOf, member, party, proactiveSender, textIn } from '../helpers/party.js';
import { channelIdentity } from '../helpers/conversation.js';
import { demoWorld, inviteContoso, people } from '../helpers/world.js';
import { sweep } from '../../delivery/sweeper.js';

const forbidden = () =>
  Object.assign(new Error('Forbidden: the bot is not installed for this user'), { statusCode: 403 });
const northwind = (n: number): Identity => ({
  tenantId: people.northwindAdminAgent.tenantId,
  userId: `00000000-0000-4000-8000-00000000102${n}`,
});

describe('delivery is a worker, one record per recipient', () => {
  it('a notification delivered (or given up) more than the retention period ago is forgotten with its delivery records; one still owed is kept', async () => {
    const world = await demoWorld();
    const p = party(world);
    const [alex, megan] = [member(people.fabrikamAdminAgent), member(people.contosoAdmin)];
    for (const who of [alex, megan]) await p.send(who, 'help');
    const first = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!first.ok) throw new Error(first.refusal.code);
    await p.deliver();
    const owed = async () => {
      const db = await world.store.snapshot();
      return {
        notifications: Object.values(db.outbox).map((n) => `${n.kind} ${n.invitationId}`),
        deliveries: Object.values(db.deliveries).map((d) => d.status),
      };
    };
    expect(await owed()).toEqual({ notifications: [`invitationSent ${first.value.id}`], deliveries: ['delivered'] });
    world.clock.advanceDays(30);
    expect((await sweep(world.service, undefined, 60)).pruned).toBe(0); // within the retention period
    // A second invitation whose card is still owed (Adatum's administrator has never written).
    const second = await world.service.invitations.create(people.fabrikamAdminAgent, {
      ...inviteContoso,
      customerDomain: 'adatum.com',
    });
    if (!second.ok) throw new Error(second.refusal.code);
    await p.deliver();
    world.clock.advanceDays(61); // both are older than the retention period now; the second is still owed
    const swept = await sweep(world.service, undefined, 60);
    expect(swept.pruned).toBe(1);
    const left = await owed();
    expect(left.notifications).not.toContain(`invitationSent ${first.value.id}`);
    expect(left.notifications).toContain(`invitationSent ${second.value.id}`);
    expect(left.deliveries).not.toContain('delivered');
    expect(left.deliveries).toContain('pending');
    // The invitation itself keeps its history, and the audit log is untouched.
    expect((await world.store.snapshot()).invitations[first.value.id]?.history.map((h) => h.action)).toEqual([
      'created',
      'expired',
    ]);
  });

  it('three recipients, the second fails permanently: the other two get exactly one copy each, however many turns and timer rounds follow', async () => {
    const world = await demoWorld();
    const holder: { adapter?: TestAdapter } = {};
    const real = proactiveSender(holder);
    const sales = member(northwind(2));
    // The channel refuses the sales agent's conversation (the bot was removed there) and serves everyone else.
    const send: ProactiveSender = (reference, logic) =>
      reference.conversation?.id === sales.conversationId ? Promise.reject(forbidden()) : real(reference, logic);
    const warnings: Array<{ details: object; message: string }> = [];
    const p = party(world, { send, warnings });
    holder.adapter = p.adapter;
    const [nora, helpdesk, megan] = [
      member(people.northwindAdminAgent),
      member(northwind(3)),
      member(people.contosoAdmin),
    ];
    for (const who of [nora, sales, helpdesk, megan]) await p.send(who, 'help');

    await p.send(megan, { value: { verb: 'terminateRelationship', relationshipId: 'rel-northwind-contoso' } });
    const seen = await p.send(megan, 'yes');
    for (let round = 0; round < 6; round++) {
      world.clock.advanceDays(1); // every retry is due again
      seen.push(...(await p.send(nora, 'help')), ...(await p.send(helpdesk, 'help')));
      await p.deliver();
      seen.push(...p.adapter.activeQueue.splice(0));
    }
    const terminationsTo = (who: { conversationId: string }) =>
      seen.filter((a) => a.conversation?.id === who.conversationId && /ended its relationship/.test(textIn(cardOf(a))));
    expect(terminationsTo(nora)).toHaveLength(1);
    expect(terminationsTo(helpdesk)).toHaveLength(1);
    expect(terminationsTo(sales)).toHaveLength(0);

    const db = await world.store.snapshot();
    const notification = Object.values(db.outbox).find((n) => n.kind === 'relationshipTerminated')!;
    const deliveries = Object.values(db.deliveries).filter((d) => d.notificationId === notification.id);
    const byPerson = Object.fromEntries(
      deliveries.map((d) => [
        d.target.kind === 'person' ? d.target.person.userId.slice(-4) : d.target.kind,
        [d.status, d.attempts],
      ]),
    );
    // Given up after the bound for a permanent failure (3), and never tried again.
    expect(byPerson).toEqual({ '1021': ['delivered', 1], '1022': ['failed', 3], '1023': ['delivered', 1] });
    expect(deliveries.find((d) => d.status === 'failed')?.lastError).toContain('Forbidden');
    expect(warnings.length).toBe(3);
  });

  it('a 403 is retried with exponential backoff and delivered once the channel accepts it', async () => {
    const world = await demoWorld();
    const holder: { adapter?: TestAdapter } = {};
    const real = proactiveSender(holder);
    let refuse = true;
    const p = party(world, {
      send: (reference, logic) => (refuse ? Promise.reject(forbidden()) : real(reference, logic)),
    });
    holder.adapter = p.adapter;
    const megan = member(people.contosoAdmin);
    await p.send(megan, 'help');
    p.adapter.activeQueue.splice(0);
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    await p.deliver();
    const first = Object.values((await world.store.snapshot()).deliveries)[0]!;
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('Forbidden') });
    // The next attempt waits 30 s; nothing is tried before then.
    expect(Date.parse(first.nextAttemptAt) - world.clock.now().getTime()).toBe(30_000);
    await p.deliver();
    expect(Object.values((await world.store.snapshot()).deliveries)[0]!.attempts).toBe(1);
    refuse = false;
    world.clock.advanceDays(1 / 24 / 60); // one minute
    await p.deliver();
    expect(Object.values((await world.store.snapshot()).deliveries)[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
    expect(
      p.adapter.activeQueue.filter((a) => a.conversation?.id === megan.conversationId && a.attachments?.length),
    ).toHaveLength(1);
    // The card copy was recorded with the delivery, so a decision updates it.
    expect(Object.values((await world.store.snapshot()).cardCopies).map((c) => c.viewerId)).toEqual([
      people.contosoAdmin.userId,
    ]);
  });

  it('an invitation card that reaches nobody is reported to the partner who sent it ("could not reach …")', async () => {
    const world = await demoWorld();
    const holder: { adapter?: TestAdapter } = {};
    const real = proactiveSender(holder);
    const megan = member(people.contosoAdmin);
    const p = party(world, {
      send: (reference, logic) =>
        reference.conversation?.id === megan.conversationId ? Promise.reject(forbidden()) : real(reference, logic),
    });
    holder.adapter = p.adapter;
    const alex = member(people.fabrikamAdminAgent);
    for (const who of [alex, megan]) await p.send(who, 'help');
    await p.send(alex, 'invite contoso.com');
    for (const answer of ['Microsoft 365', 'Directory Readers', '365', 'yes', 'skip', 'skip', 'keep'])
      await p.send(alex, answer);
    await p.send(alex, { value: { formAction: 'send' } });
    const told: Array<Partial<Activity>> = [];
    for (let n = 0; n < 4; n++) {
      world.clock.advanceDays(1);
      await p.deliver();
      told.push(...p.adapter.activeQueue.splice(0).filter((a) => a.conversation?.id === alex.conversationId));
    }
    expect(told).toHaveLength(1);
    expect(textIn(cardOf(told[0]))).toMatch(
      /Could not reach Megan Bowen \(Contoso\) for your invitation AAA-001.*Forbidden.*code AAA-001/,
    );
  });

  it('R21 a notice for an admin agent who never talked to the bot is never dropped: it waits past the retry bound, is counted as waiting, and reaches them right after their first message, saying the time left then', async () => {
    const world = await demoWorld();
    const p = party(world);
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, {
      ...inviteContoso,
      autoExtend: false,
    });
    if (!sent.ok) throw new Error(sent.refusal.code);
    const decided = await world.service.invitations.decide(people.contosoAdmin, {
      invitationId: sent.value.id,
      decision: 'approve',
    });
    if (!decided.ok) throw new Error(decided.refusal.code);
    world.clock.advanceDays(365 - 29); // 29 days before the end: the 30-day warning
    await sweep(world.service, undefined, 60);
    const alexDelivery = async () => {
      const db = await world.store.snapshot();
      const warning = Object.values(db.outbox).find(
        (n) => n.kind === 'relationshipExpiring' && n.recipient.kind === 'partner',
      )!;
      return Object.values(db.deliveries).find(
        (d) =>
          d.notificationId === warning.id &&
          d.target.kind === 'person' &&
          d.target.person.userId === people.fabrikamAdminAgent.userId,
      )!;
    };
    for (let day = 0; day < 12; day++) {
      await p.deliver();
      world.clock.advanceDays(0.25);
    }
    expect(await alexDelivery()).toMatchObject({ status: 'pending', waitingForRecipient: true });
    expect((await alexDelivery()).attempts).toBeGreaterThan(8); // past the bound that gives other failures up
    expect((await world.service.deliveries.backlog()).waiting).toBeGreaterThanOrEqual(1);
    const alex = member(people.fabrikamAdminAgent);
    p.adapter.activeQueue.splice(0);
    const replies = await p.send(alex, 'help');
    await p.deliver();
    // Sent by the worker once the turn is answered, into Alex's conversation (the test adapter collects both).
    const toAlex = [...replies, ...p.adapter.activeQueue].filter(
      (a) => a.conversation?.id === alex.conversationId && a.attachments?.length,
    );
    // R21: the time left when it is sent (26 days), not the 30-day threshold that wrote it.
    expect(toAlex.map((a) => textIn(cardOf(a)))).toEqual([expect.stringContaining('Contoso ends in 26 days')]);
    expect(await alexDelivery()).toMatchObject({ status: 'delivered' });
  });

  it('the administrator who writes first gets the card in the turn, and the worker does not send a second copy', async () => {
    const world = await demoWorld();
    const p = party(world);
    const megan = member(people.contosoAdmin, 'emulator');
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    await p.deliver(); // not reachable yet: retried later
    const replies = await p.send(megan, 'help'); // the card comes first in her turn
    expect(textIn(cardOf(replies[0]))).toContain('Fabrikam IT invites Contoso');
    world.clock.advanceDays(1);
    await p.deliver();
    expect(p.adapter.activeQueue.filter((a) => a.attachments?.length)).toEqual([]);
    expect(Object.values((await world.store.snapshot()).deliveries)[0]).toMatchObject({ status: 'delivered' });
  });

  it('R26 resend sends the card again to an administrator who has it already, once, and the partner is told to whom', async () => {
    const world = await demoWorld();
    const p = party(world);
    const [alex, megan] = [member(people.fabrikamAdminAgent), member(people.contosoAdmin)];
    for (const who of [alex, megan]) await p.send(who, 'help');
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    const cardsTo = (replies: Array<Partial<Activity>>, who: typeof megan) =>
      replies.filter((r) => r.conversation?.id === who.conversationId && r.attachments?.length).length;
    await p.deliver();
    expect(cardsTo(p.adapter.activeQueue.splice(0), megan)).toBe(1);
    const answer = await p.send(alex, `resend ${sent.value.code}`);
    expect(answer.filter((r) => r.conversation?.id === alex.conversationId).map((r) => r.text)).toEqual([
      expect.stringContaining('is being sent again to Megan Bowen (Contoso)'),
    ]);
    expect(cardsTo(answer, megan)).toBe(1); // delivered by the worker right after the turn
    await p.deliver();
    expect(cardsTo([...p.adapter.activeQueue.splice(0), ...(await p.send(megan, 'hello'))], megan)).toBe(0);
  });
});

describe('a turn never waits for delivery', () => {
  it('Approve answers with the updated card while the partner notification and the other copies are still being sent', async () => {
    const world = await demoWorld();
    const holder: { adapter?: TestAdapter } = {};
    const real = proactiveSender(holder);
    let release: () => void = () => undefined;
    let blocking = false;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const p = party(world, {
      send: async (reference, logic) => (blocking ? gate.then(() => real(reference, logic)) : real(reference, logic)),
    });
    holder.adapter = p.adapter;
    const [alex, megan] = [member(people.fabrikamAdminAgent), member(people.contosoAdmin)];
    for (const who of [alex, megan]) await p.send(who, 'help');
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    await p.deliver();
    p.adapter.activeQueue.splice(0);
    blocking = true; // from now on every proactive send hangs until released
    const answer = await p.invoke(megan, 'approve', { invitationId: sent.value.id });
    expect(textIn(answer?.body.value)).toContain('Approved by Megan Bowen');
    expect(p.adapter.activeQueue.filter((a) => a.conversation?.id === alex.conversationId)).toEqual([]);
    release();
    await p.deliver();
    expect(
      p.adapter.activeQueue.filter(
        (a) => a.conversation?.id === alex.conversationId && /Contoso approved your invitation/.test(textIn(cardOf(a))),
      ),
    ).toHaveLength(1);
  });

  it('a round waits while requests are being answered, and for a bounded time only', async () => {
    for (const [yieldMs, releasedBy] of [
      [10_000, 'the requests answered'],
      [80, 'the bound'],
    ] as const) {
      const world = await demoWorld();
      let answering = false;
      const p = party(world, { delivery: { answering: () => answering, yieldMs } });
      const megan = member(people.contosoAdmin);
      await p.send(megan, 'help');
      p.adapter.activeQueue.splice(0);
      answering = true;
      const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
      if (!sent.ok) throw new Error(sent.refusal.code);
      const started = Date.now();
      p.worker.wake();
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(p.adapter.activeQueue).toEqual([]); // held back while requests are being answered
      if (releasedBy === 'the requests answered') answering = false;
      await p.deliver();
      expect(
        p.adapter.activeQueue.filter(
          (a) => a.conversation?.id === megan.conversationId && /Fabrikam/.test(textIn(cardOf(a))),
        ),
      ).toHaveLength(1);
      if (releasedBy === 'the bound') expect(Date.now() - started).toBeGreaterThanOrEqual(80);
    }
  });

  it('remembering where a user is costs no write when nothing changed', async () => {
    const world = await demoWorld();
    const saves: string[] = [];
    const counting: UnitOfWork = {
      read: (work) => world.store.read(work),
      run: (work) =>
        world.store.run((repos) =>
          work({
            ...repos,
            contacts: {
              ...repos.contacts,
              save: (c) => (saves.push(`contact ${c.person.userId}`), repos.contacts.save(c)),
              saveEndpoint: (e) => (saves.push(`endpoint ${e.tenantId}`), repos.contacts.saveEndpoint(e)),
            },
          }),
        ),
    };
    const { bot } = composeBot({
      unitOfWork: counting,
      ctx: world.ctx,
      storage: new (await import('botbuilder')).MemoryStorage(),
      channel: { send: () => Promise.resolve() },
      log: { warn: () => undefined },
    });
    const adapter = new TestAdapter((context) => bot.run(context), { channelId: 'msteams' });
    adapter.use(channelIdentity('msteams', people.fabrikamAdminAgent, 'en'));
    await adapter.receiveActivity('help');
    await adapter.receiveActivity('help');
    await adapter.receiveActivity('help');
    expect(saves).toEqual([
      `contact ${people.fabrikamAdminAgent.userId}`,
      `endpoint ${people.fabrikamAdminAgent.tenantId}`,
    ]);
  });
});

it('the summary card loses its Send / Edit / Cancel once sent, and says what it became', async () => {
  const world = await demoWorld();
  const p = party(world);
  const alex = member(people.fabrikamAdminAgent);
  for (const answer of ['invite adatum.com', 'Azure', 'none', 'skip', 'skip']) await p.send(alex, answer);
  const [summary] = await p.send(alex, 'keep');
  expect(textIn(cardOf(summary))).toContain('"formAction":"send"');
  await p.send(alex, { value: { formAction: 'send' } });
  const updated = p.updates.find((u) => u.id === summary!.id);
  expect(textIn(cardOf(updated))).toContain('Sent as invitation **AAA-001**.');
  expect(textIn(cardOf(updated))).not.toContain('formAction');
});
