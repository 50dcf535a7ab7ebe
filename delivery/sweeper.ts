import type { InvitationService } from '../domain/invitationService.js';
import type { NotificationDispatcher } from './notificationDispatcher.js';

/**
 * What the clock does (R12, R18): expire invitations nobody decided in 90 days, remind the
 * administrators 7 days before, extend or expire relationships at their end date; then deliver
 * what that owes people (expired cards, the partner told, reminders).
 */
export async function sweep(service: InvitationService, dispatcher: NotificationDispatcher): Promise<{ expired: number; reminded: number; relationships: number }> {
  const expired = await service.expireInvitations();
  const reminded = await service.remindInvitations();
  const relationships = await service.expireRelationships();
  await dispatcher.dispatch();
  return { expired: expired.length, reminded: reminded.length, relationships: relationships.length };
}
