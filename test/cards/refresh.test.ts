import { expect, it } from '@jest/globals';
import { invitationCard } from '../../cards/invitations/invitationCard.js';
import { sayIn } from '../../translations/index.js';
import { demoWorld, inviteContoso, people } from '../helpers/world.js';

it('refresh.userIds holds Teams ids (29:…), not object ids, administrators first, at most 60', async () => {
  const world = await demoWorld();
  const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
  if (!sent.ok) throw new Error(sent.refusal.code);
  const details = (await world.service.invitations.describe(sent.value.id))!;
  const members = Array.from({ length: 70 }, (_, n) => `29:member-${n}`);
  const withIds = { ...details, refreshUserIds: { administrators: ['29:admin-a', '29:admin-b'], members } };
  const shared = invitationCard(withIds, sayIn('en'), { shared: true }) as { refresh: { userIds: string[] } };
  expect(shared.refresh.userIds).toHaveLength(60);
  expect(shared.refresh.userIds.slice(0, 3)).toEqual(['29:admin-a', '29:admin-b', '29:member-0']);
  const personal = invitationCard(withIds, sayIn('en'), people.contosoAdmin.userId) as {
    refresh: { userIds: string[] };
  };
  expect(personal.refresh.userIds).toEqual(['29:admin-a', '29:admin-b']);
  // No administrator the bot can name in Teams: no refresh at all (the card as sent is what everyone sees).
  expect(
    invitationCard({ ...details, refreshUserIds: { administrators: [], members } }, sayIn('en'), { shared: true })
      .refresh,
  ).toBeUndefined();
});
