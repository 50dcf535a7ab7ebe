import { describe, expect, it } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { Locale } from '../../translations/index.js';
import { sweep } from '../../delivery/sweeper.js';
import { cardProblems } from '../helpers/adaptiveCard.js';
import { cardOf, member, party } from '../helpers/party.js';
import { demoWorld, people } from '../helpers/world.js';

// Every card template, expanded by the code that really uses it, in both languages, parsed and
// validated by the adaptivecards library: zero problems. Each kind is recognised by its title.
const KINDS: Record<string, Record<Locale, RegExp>> = {
  inviteSummary: { en: /Invitation to Contoso/, ru: /Приглашение для Contoso/ },
  invitationList: { en: /Invitations of Fabrikam IT/, ru: /Приглашения Fabrikam IT/ },
  invitationPending: {
    en: /Fabrikam IT invites Contoso.*"verb":"approve"/,
    ru: /Fabrikam IT приглашает Contoso.*"verb":"approve"/,
  },
  invitationReadOnly: {
    en: /Waiting for a Global Administrator or a Customer Delegated Admin Relationship Administrator of Contoso/,
    ru: /Ожидает решения: глобальный администратор или администратор делегированных административных отношений клиента \(Contoso\)/,
  },
  invitationApproved: { en: /Approved by Megan Bowen/, ru: /Одобрено: Megan Bowen/ },
  invitationWithdrawn: { en: /Withdrawn by Fabrikam IT/, ru: /Отозвано партнёром Fabrikam IT/ },
  invitationExpired: { en: /Expired on/, ru: /Срок истёк/ },
  partnerNotification: { en: /Contoso approved your invitation/, ru: /Contoso одобрил ваше приглашение/ },
  expiryNotification: {
    en: /Your invitation [A-Z]{3}-\d{3} to Contoso expired/,
    ru: /Срок вашего приглашения [A-Z]{3}-\d{3} для Contoso истёк/,
  },
  relationshipList: { en: /Partners of Contoso/, ru: /Партнёры Contoso/ },
  whoManages: {
    en: /Who can manage Contoso.*Helpdesk Administrator/,
    ru: /Кто может управлять Contoso.*Администратор службы поддержки/,
  },
  terminationNotification: {
    en: /Contoso ended its relationship with Northwind Traders/,
    ru: /Contoso прекратил отношения с Northwind Traders/,
  },
};

async function everyCard(locale: Locale): Promise<unknown[]> {
  const world = await demoWorld();
  const p = party(world);
  const alex = member(people.fabrikamAdminAgent, 'msteams', locale);
  const megan = member(people.contosoAdmin, 'msteams', locale);
  const diego = member(people.contosoUser, 'msteams', locale);
  const nora = member(people.northwindAdminAgent, 'msteams', locale);
  const seen: Array<Partial<Activity>> = [];
  const run = async (who: ReturnType<typeof member>, what: string | Partial<Activity>) =>
    seen.push(...(await p.send(who, what)));
  const yes = locale === 'ru' ? 'да' : 'yes';
  for (const who of [alex, megan, diego, nora]) await run(who, 'help');
  const invite = async () => {
    for (const answer of [
      'invite contoso.com',
      'Azure',
      'Directory Readers',
      '30',
      yes,
      locale === 'ru' ? 'пропустить' : 'skip',
      'Hello',
      locale === 'ru' ? 'оставить' : 'keep',
    ])
      await run(alex, answer);
    await run(alex, { value: { formAction: 'send' } });
  };
  await invite();
  await run(alex, 'invitations');
  let id = Object.values((await world.store.snapshot()).invitations).find((i) => i.status === 'pending')!.id;
  const refreshed = await p.execute(diego, 'refreshInvitation', { invitationId: id });
  const approved = await p.execute(megan, 'approve', { invitationId: id });
  seen.push(...approved.all);
  const cards: unknown[] = [refreshed.response?.body.value, approved.response?.body.value];
  await run(alex, `cancel ${(await world.store.snapshot()).invitations[id]!.code}`); // refused: already approved
  await invite(); // further roles
  id = Object.values((await world.store.snapshot()).invitations).find((i) => i.status === 'pending')!.id;
  await run(alex, `cancel ${(await world.store.snapshot()).invitations[id]!.code}`);
  await invite();
  world.clock.advanceDays(91);
  await sweep(world.service);
  await p.deliver();
  seen.push(...p.adapter.activeQueue.splice(0));
  await run(megan, 'partners');
  await run(nora, locale === 'ru' ? 'кто управляет contoso.com' : 'who manages contoso.com');
  await run(megan, { value: { verb: 'terminateRelationship', relationshipId: 'rel-northwind-contoso' } });
  await run(megan, yes);
  return [...cards, ...seen.map(cardOf), ...p.updates.map(cardOf)].filter((c) => c !== undefined);
}

describe.each(['en', 'ru'] as const)('every card in %s', (locale) => {
  it('parses and validates with zero problems, and every template is among them', async () => {
    const cards = await everyCard(locale);
    for (const card of cards)
      expect({ card: JSON.stringify(card).slice(0, 120), problems: cardProblems(card) }).toEqual({
        card: JSON.stringify(card).slice(0, 120),
        problems: [],
      });
    const missing = Object.entries(KINDS)
      .filter(([, pattern]) => !cards.some((c) => pattern[locale].test(JSON.stringify(c))))
      .map(([kind]) => kind);
    expect(missing).toEqual([]);
  });
});
