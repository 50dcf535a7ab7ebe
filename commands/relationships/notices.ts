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

const DAY_MS = 86_400_000;

/**
 * R21: it ends soon, has ended, was extended, or its auto-extend changed. "Ends in N days" is the time left when the
 * card is sent (a notice delivered late, or after a pause, never states the threshold that triggered it).
 */
const lifecycle =
  (kind: RelationshipNoticeInput['kind']): NoticeRenderer =>
  async (notification, _person, { relationships, records }) => {
    const described = await relationships.describe(notification.relationshipId ?? '');
    if (!described) return undefined;
    const endsAt = described.relationship.endsAt;
    const daysLeft =
      kind === 'relationshipExpiring' && endsAt
        ? Math.max(1, Math.ceil((Date.parse(endsAt) - records.now().getTime()) / DAY_MS))
        : notification.daysLeft;
    return {
      card: (say) =>
        relationshipNoticeCard(say, {
          kind,
          ...described,
          side: notification.recipient.kind,
          ...(daysLeft !== undefined ? { daysLeft } : {}),
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
