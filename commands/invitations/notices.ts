import { invitationCard } from '../../cards/invitations/invitationCard.js';
import {
  invitationOutcomeCard,
  requestAtMicrosoftCard,
  requestDelayedCard,
  requestFailedCard,
  unreachableCard,
} from '../../cards/invitations/notices.js';
import { onlyCardCopies, type NoticeRenderer, type NoticeRenderers } from '../../delivery/notices.js';
import { localeFromTag, sayIn } from '../../translations/index.js';

/** The invitation card to an administrator (R10): sent, or reminded of 7 days before it expires (R21). */
const invitationToDecide: NoticeRenderer = async (notification, person, { invitations, deliveries }) => {
  const invitationId = notification.invitationId ?? '';
  const [details, shown] = await Promise.all([
    invitations.describe(invitationId),
    notification.kind === 'invitationSent' ? deliveries.hasCardCopy(invitationId, person.userId) : false,
  ]);
  // Decided or withdrawn meanwhile; or shown already (the administrator wrote first, or typed the code).
  if (!details || details.invitation.status !== 'pending' || shown) return undefined;
  return {
    copyOf: {
      invitationId,
      card:
        notification.kind === 'invitationReminder'
          ? 'reminder'
          : notification.kind === 'invitationResent'
            ? `resent ${notification.id}`
            : 'card',
    },
    card: (say) =>
      invitationCard(
        details,
        say,
        person.userId,
        notification.kind === 'invitationReminder'
          ? say('card.reminder', { date: say.date(details.invitation.expiresAt) })
          : undefined,
      ),
  };
};

/** The partner who sent it: approved (with the relationship), declined or expired (R15, R21). */
const outcome =
  (decided: 'approved' | 'declined' | 'expired'): NoticeRenderer =>
  async (notification, _person, { invitations, relationships }) => {
    const [details, described] = await Promise.all([
      invitations.describe(notification.invitationId ?? ''),
      notification.relationshipId ? relationships.describe(notification.relationshipId) : undefined,
    ]);
    if (!details) return undefined;
    return {
      card: (say) => invitationOutcomeCard(say, details, decided, described?.relationship, described?.partnerName),
    };
  };

/** "Could not reach …": the card reached nobody's chat; it waits for them. */
const unreachable: NoticeRenderer = async (notification, _person, { invitations, deliveries, people }) => {
  const details = await invitations.describe(notification.invitationId ?? '');
  const failed = notification.deliveryId ? await deliveries.delivery(notification.deliveryId) : undefined;
  if (!details || !failed) return undefined;
  const unreached = failed.target.kind === 'person' ? await people.describe(failed.target.person) : undefined;
  return { card: (say) => unreachableCard(say, details, unreached, failed) };
};

/** Connected: the request is at Microsoft; the links to pass on, in the customer's language too. */
const atMicrosoft: NoticeRenderer = async (notification, _person, { invitations }) => {
  const details = await invitations.describe(notification.invitationId ?? '');
  if (!details) return undefined;
  // The text to pass on is in the customer's language: its organisation's in Partner Center, else English.
  const customerSay = sayIn(localeFromTag(details.customerLanguage ?? 'en'));
  return { card: (say) => requestAtMicrosoftCard(say, details, customerSay) };
};

/** Connected: Microsoft does not answer; the bot keeps trying until the time it names. */
const delayed: NoticeRenderer = async (notification, _person, { invitations }) => {
  const details = await invitations.describe(notification.invitationId ?? '');
  // Made or given up meanwhile: the partner hears that instead.
  if (!details || details.invitation.microsoft?.state !== 'sending') return undefined;
  return { card: (say) => requestDelayedCard(say, details, notification.until ?? notification.createdAt) };
};

/** Connected: Microsoft refused the request or never answered; nothing was sent. */
const failed: NoticeRenderer = async (notification, _person, { invitations }) => {
  const details = await invitations.describe(notification.invitationId ?? '');
  if (!details) return undefined;
  return { card: (say) => requestFailedCard(say, details, notification.failure ?? 'unavailable') };
};

export const invitationNotices = {
  invitationSent: invitationToDecide,
  invitationReminder: invitationToDecide,
  invitationResent: invitationToDecide,
  invitationApproved: outcome('approved'),
  invitationDeclined: outcome('declined'),
  invitationExpired: outcome('expired'),
  invitationCancelled: onlyCardCopies,
  deliveryFailed: unreachable,
  requestAtMicrosoft: atMicrosoft,
  requestDelayed: delayed,
  requestFailed: failed,
} satisfies Partial<NoticeRenderers>;
