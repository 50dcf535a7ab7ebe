import {
  type RelationshipNoticeInput,
  relationshipNoticeCard,
  terminationCard,
} from '../../cards/relationships/notices.js';
import type { NoticeRenderer, NoticeRenderers } from '../../delivery/notices.js';

/** R19: the other side ended the relationship. */
const terminated: NoticeRenderer = async (notification, _person, { relationships }) => {
  const described = await relationships.describe(notification.relationshipId ?? '');
  if (!described) return undefined;
  return {
    card: (say) => terminationCard(say, described.relationship, described, notification.recipient.kind === 'partner'),
  };
};

/** R21: it ends soon, has ended, was extended, or its auto-extend changed. */
const lifecycle =
  (kind: RelationshipNoticeInput['kind']): NoticeRenderer =>
  async (notification, _person, { relationships }) => {
    const described = await relationships.describe(notification.relationshipId ?? '');
    if (!described) return undefined;
    return {
      card: (say) =>
        relationshipNoticeCard(say, {
          kind,
          ...described,
          side: notification.recipient.kind,
          ...(notification.daysLeft !== undefined ? { daysLeft: notification.daysLeft } : {}),
        }),
    };
  };

export const relationshipNotices = {
  relationshipTerminated: terminated,
  relationshipExpiring: lifecycle('relationshipExpiring'),
  relationshipExpired: lifecycle('relationshipExpired'),
  relationshipExtended: lifecycle('relationshipExtended'),
  relationshipAutoExtendChanged: lifecycle('relationshipAutoExtendChanged'),
} satisfies Partial<NoticeRenderers>;
