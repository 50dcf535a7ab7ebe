import { accessReminderCard } from '../../cards/access/notices.js';
import type { NoticeRenderer, NoticeRenderers } from '../../delivery/notices.js';
import { needsAccessAssignment } from '../../domain/access/access.js';

/** R22: the daily reminder while nobody has access to an approved relationship. */
const reminder: NoticeRenderer = async (notification, _person, { relationships }) => {
  const described = await relationships.describe(notification.relationshipId ?? '');
  // Assigned (or ended) since the reminder was written: nothing to remind of.
  if (!described || !needsAccessAssignment(described.relationship)) return undefined;
  return { card: (say) => accessReminderCard(say, { ...described, daysLeft: notification.daysLeft ?? 0 }) };
};

export const accessNotices = { accessReminder: reminder } satisfies Partial<NoticeRenderers>;
