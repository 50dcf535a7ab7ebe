import { ADMIN_ROLES } from '../../domain/adminRoles.js';
import type { InvitationDetails } from '../../domain/invitations/invitations.js';
import type { Say, StringKey } from '../../translations/index.js';
import invitationTemplate from './invitation.json' with { type: 'json' };
import { plainText } from '../../translations/plainText.js';
import { type CardJson, compileCard } from '../template.js';

const INVITATION = compileCard(invitationTemplate);

/** Who a card is for: one person in a 1:1 chat, or everyone in a shared (group) chat. */
export type CardAudience = { viewerId: string | undefined } | { shared: true };

/**
 * The customer's invitation card. In a 1:1 chat the viewer decides the view: a Global Administrator
 * of the invited tenant sees Approve / Decline while the invitation is pending, anyone else a
 * read-only card. The `refresh` names the administrators (in a shared chat, every user of the
 * tenant), so Teams asks for each one's own view. In a shared chat the card as sent keeps the
 * buttons for clients without per-user views (Agents Playground, Emulator); pressing them as anyone
 * but an administrator is refused (R10).
 */
export function invitationCard(
  details: InvitationDetails,
  say: Say,
  audience: string | undefined | CardAudience,
  extraNotice?: string,
): CardJson {
  const { invitation, partner, customer, existingPartners, administratorIds, refreshUserIds } = details;
  // Names and the partner's message were typed by people: shown as plain text (R25).
  const customerName = plainText(customer?.name ?? invitation.customerDomain);
  const who: CardAudience = typeof audience === 'object' ? audience : { viewerId: audience };
  const shared = 'shared' in who;
  const viewerId = 'viewerId' in who ? who.viewerId : undefined;
  const actionable =
    invitation.status === 'pending' && (shared || (viewerId !== undefined && administratorIds.includes(viewerId)));
  const hasRoles = invitation.roles.length > 0;
  const status = statusNotice(details, say, actionable);
  const facts = [
    { label: say('field.relationshipName'), value: plainText(invitation.relationshipName) },
    { label: say('field.services'), value: invitation.services.map((s) => say(`service.${s}`)).join(', ') },
    { label: say('field.roles'), value: say.roles(invitation.roles) },
    ...(hasRoles
      ? [
          { label: say('field.duration'), value: say('value.days', { days: invitation.durationDays ?? 0 }) },
          { label: say('field.autoExtend'), value: invitation.autoExtend ? say('card.autoExtendOn') : say('value.no') },
        ]
      : []),
    { label: say('field.expires'), value: say.date(invitation.expiresAt) },
  ];
  const links = invitation.status === 'pending' ? (details.microsoftLinks ?? {}) : {};
  const card = INVITATION.expand({
    invitationId: invitation.id,
    microsoftNotice: invitation.status === 'pending' ? microsoftNotice(details, say, customerName) : '',
    // Connected to Partner Center, a GDAP request is approved at Microsoft, never on the card (R15).
    approveHere: !invitation.microsoft,
    adminRelationshipUrl: links.adminRelationship ?? '',
    resellerUrl: links.reseller ?? '',
    title: say('card.title', { partner: plainText(partner.name), customer: customerName }),
    subtitle: say('card.subtitle', { mpnId: partner.mpnId, code: invitation.code }),
    notice: [extraNotice, status.text].filter(Boolean).join(' '),
    noticeColor: status.color,
    facts,
    roles: ADMIN_ROLES.filter((r) => invitation.roles.includes(r.id)).map((r) => ({
      name: say.role(r.id),
      explanation: say(`adminRole.${r.id}.explanation` as StringKey),
    })),
    message: plainText(invitation.message ?? ''),
    // R1: connected, the bot knows only this partner's relationships: the full list is the customer's, at Microsoft.
    partners: details.customerPartnersUrl
      ? say('card.partnersAtMicrosoft', { customer: customerName, partner: plainText(partner.name) })
      : existingPartners.length
        ? existingPartners
            .map((p) => say('value.partnerWithId', { name: plainText(p.name), mpnId: plainText(p.mpnId) }))
            .join(', ')
        : say('card.noPartners'),
    partnersUrl: details.customerPartnersUrl ?? '',
    unchanged: [
      say('card.unchanged.subscriptions'),
      say('card.unchanged.ownership'),
      say('card.unchanged.terms'),
      say('card.unchanged.partnerOfRecord'),
    ],
    actionable,
    // Teams refreshes a card for at most 60 users, named by its own ids: administrators first.
    adminUserIds: (shared
      ? [...refreshUserIds.administrators, ...refreshUserIds.members]
      : refreshUserIds.administrators
    ).slice(0, 60),
    labels: {
      refresh: say('card.refresh'),
      roles: say('card.rolesTitle'),
      message: say('field.message'),
      partners: say('card.partners', { customer: customerName }),
      unchanged: say('card.unchanged'),
      reason: say('card.reason'),
      approve: say('card.approve'),
      decline: say('card.decline'),
      adminCenter: say('card.openAdminCenter'),
      reseller: say('card.openReseller'),
      partnersList: say('card.openPartnersList'),
    },
  });
  // Only a pending invitation needs per-viewer views; a decided one looks the same to everyone.
  if (invitation.status !== 'pending' || refreshUserIds.administrators.length === 0) delete card.refresh;
  return card;
}

/** Connected to Partner Center: where the approval happens, and how far Microsoft is. */
function microsoftNotice({ invitation, microsoftLinks }: InvitationDetails, say: Say, customerName: string): string {
  const request = invitation.microsoft;
  if (!request) return microsoftLinks?.reseller ? say('card.resellerNote') : '';
  if (request.state !== 'sent') return say('card.microsoftPreparing');
  if (request.status === 'approved' || request.status === 'activating') return say('card.microsoftActivating');
  return say('card.microsoftApproval', { customer: customerName });
}

export function statusNotice(
  { invitation, partner, customer }: InvitationDetails,
  say: Say,
  actionable: boolean,
): { text: string; color: string } {
  const by = invitation.decidedBy
    ? plainText(`${invitation.decidedBy.name} (${invitation.decidedBy.organisation})`)
    : '';
  const date = invitation.decidedAt ? say.date(invitation.decidedAt) : '';
  switch (invitation.status) {
    case 'approved':
      return { text: say('card.approved', { name: by, date }), color: 'Good' };
    case 'declined':
      return {
        text: invitation.reason
          ? say('card.declinedReason', { name: by, date, reason: plainText(invitation.reason) })
          : say('card.declined', { name: by, date }),
        color: 'Attention',
      };
    case 'expired':
      return { text: say('card.expired', { date: say.date(invitation.expiresAt) }), color: 'Warning' };
    case 'cancelled':
      return { text: say('card.withdrawn', { partner: plainText(partner.name) }), color: 'Warning' };
    default:
      return actionable
        ? { text: '', color: 'Default' }
        : {
            text: say('card.waiting', { customer: plainText(customer?.name ?? invitation.customerDomain) }),
            color: 'Default',
          };
  }
}
