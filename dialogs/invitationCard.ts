import invitationTemplate from '../cards/invitation.json' with { type: 'json' };
import { type CardJson, expandCard } from '../cards/template.js';
import { ADMIN_ROLES } from '../domain/adminRoles.js';
import type { InvitationDetails } from '../domain/invitations.js';
import { day } from '../domain/time.js';
import type { Say } from './strings.js';

/**
 * The customer's invitation card. `viewerId` decides the view: a Global Administrator of the invited
 * tenant sees Approve / Decline while the invitation is pending, anyone else a read-only card. The
 * card's `refresh` names the administrators, so Teams asks for each viewer's own view.
 */
export function invitationCard(details: InvitationDetails, say: Say, viewerId: string | undefined, extraNotice?: string): CardJson {
  const { invitation, partner, customer, existingPartners, administratorIds } = details;
  const customerName = customer?.name ?? invitation.customerDomain;
  const actionable = invitation.status === 'pending' && viewerId !== undefined && administratorIds.includes(viewerId);
  const hasRoles = invitation.roles.length > 0;
  const status = statusNotice(details, say, actionable);
  const facts = [
    { label: say('field.services'), value: invitation.services.map((s) => say(`service.${s}`)).join(', ') },
    { label: say('field.roles'), value: hasRoles ? String(invitation.roles.length) : say('card.resellerOnly') },
    ...(hasRoles
      ? [
          { label: say('field.duration'), value: say('value.days', { days: invitation.durationDays ?? 0 }) },
          { label: say('field.autoExtend'), value: invitation.autoExtend ? say('card.autoExtendOn') : say('value.no') },
        ]
      : []),
    { label: say('field.expires'), value: day(invitation.expiresAt) },
  ];
  const card = expandCard(invitationTemplate, {
    invitationId: invitation.id,
    title: say('card.title', { partner: partner.name, customer: customerName }),
    subtitle: say('card.subtitle', { mpnId: partner.mpnId, code: invitation.code }),
    notice: [extraNotice, status.text].filter(Boolean).join(' '),
    noticeColor: status.color,
    facts,
    roles: ADMIN_ROLES.filter((r) => invitation.roles.includes(r.id)).map((r) => ({ name: r.name, explanation: r.explanation[say.locale] })),
    message: invitation.message ?? '',
    partners: existingPartners.length ? existingPartners.map((p) => say('value.partnerWithId', { name: p.name, mpnId: p.mpnId })).join(', ') : say('card.noPartners'),
    unchanged: [say('card.unchanged.subscriptions'), say('card.unchanged.ownership'), say('card.unchanged.terms'), say('card.unchanged.partnerOfRecord')],
    actionable,
    adminUserIds: administratorIds,
    labels: {
      refresh: say('card.refresh'),
      roles: say('card.rolesTitle'),
      message: say('field.message'),
      partners: say('card.partners', { customer: customerName }),
      unchanged: say('card.unchanged'),
      reason: say('card.reason'),
      approve: say('card.approve'),
      decline: say('card.decline'),
    },
  });
  // Only a pending invitation needs per-viewer views; a decided one looks the same to everyone.
  if (invitation.status !== 'pending' || administratorIds.length === 0) delete card.refresh;
  return card;
}

export function statusNotice({ invitation, partner, customer }: InvitationDetails, say: Say, actionable: boolean): { text: string; color: string } {
  const by = invitation.decidedBy ? `${invitation.decidedBy.name} (${invitation.decidedBy.organisation})` : '';
  const date = invitation.decidedAt ? day(invitation.decidedAt) : '';
  switch (invitation.status) {
    case 'approved':
      return { text: say('card.approved', { name: by, date }), color: 'Good' };
    case 'declined':
      return { text: invitation.reason ? say('card.declinedReason', { name: by, date, reason: invitation.reason }) : say('card.declined', { name: by, date }), color: 'Attention' };
    case 'expired':
      return { text: say('card.expired', { date: day(invitation.expiresAt) }), color: 'Warning' };
    case 'cancelled':
      return { text: say('card.withdrawn', { partner: partner.name }), color: 'Warning' };
    default:
      return actionable ? { text: '', color: 'Default' } : { text: say('card.waiting', { customer: customer?.name ?? invitation.customerDomain }), color: 'Default' };
  }
}
