import { noticeCard as card, type Fact } from '../noticeCard.js';
import { needsAccessAssignment } from '../../domain/access/access.js';
import type { DirectoryEntry } from '../../domain/identity.js';
import type { InvitationDetails } from '../../domain/invitations/invitations.js';
import type { Delivery, Relationship } from '../../domain/types.js';
import { PARTNER_CENTER_FAILURES, type PartnerCenterFailure } from '../../domain/partnerCenterPort.js';
import type { Say } from '../../translations/index.js';
import microsoftRequestTemplate from './microsoftRequest.json' with { type: 'json' };
import { plainText } from '../../translations/plainText.js';
import { type CardJson, compileCard } from '../template.js';

const MICROSOFT_REQUEST = compileCard(microsoftRequestTemplate);

export function invitationOutcomeCard(
  say: Say,
  details: InvitationDetails,
  outcome: 'approved' | 'declined' | 'expired',
  relationship?: Relationship,
  partnerName = '',
): CardJson {
  const { invitation } = details;
  const customer = plainText(details.customer?.name ?? invitation.customerDomain);
  const facts: Fact[] = [
    { label: say('field.relationshipName'), value: plainText(invitation.relationshipName) },
    { label: say('field.decision'), value: say(`status.${outcome}`) },
    ...(invitation.decidedBy
      ? [
          {
            label: say('field.by'),
            value: plainText(`${invitation.decidedBy.name} (${invitation.decidedBy.organisation})`),
          },
        ]
      : []),
    { label: say('field.when'), value: say.date(invitation.decidedAt ?? invitation.expiresAt) },
    ...(invitation.reason ? [{ label: say('field.reason'), value: plainText(invitation.reason) }] : []),
    ...(relationship
      ? [
          { label: say('field.grantedRoles'), value: say.roles(relationship.roles) },
          {
            label: say('field.endsAt'),
            value: relationship.endsAt ? say.date(relationship.endsAt) : say('value.notApplicable'),
          },
          { label: say('field.subscriptions'), value: say('value.unchangedSubscriptions') },
        ]
      : []),
  ];
  // R22: the sender is asked at once to assign the approved roles to security groups.
  const assign =
    relationship && needsAccessAssignment(relationship)
      ? { relationshipId: relationship.id, text: say('notify.approved.assign', { partner: plainText(partnerName) }) }
      : undefined;
  if (assign) facts.push({ label: say('field.access'), value: say('value.noAccessAssigned') });
  return card(
    say,
    say(`notify.${outcome}`, { customer, code: invitation.code }),
    outcome === 'declined' ? 'Attention' : 'Default',
    facts,
    assign,
  ); // a green title is hard to read on white
}

/** The partner is told that an invitation card reached nobody's chat, and where it waits. */
export function unreachableCard(
  say: Say,
  details: InvitationDetails,
  person: DirectoryEntry | undefined,
  delivery: Delivery,
): CardJson {
  const code = details.invitation.code;
  const who = plainText(
    person
      ? `${person.name} (${person.organisation})`
      : delivery.target.kind === 'person'
        ? delivery.target.person.userId
        : '—',
  );
  return card(say, say('notify.unreachable', { person: who, code }), 'Warning', [
    { label: say('field.recipient'), value: who },
    { label: say('field.lastError'), value: plainText(delivery.lastError ?? '—') },
    { label: say('field.when'), value: say.date(delivery.failedAt ?? delivery.nextAttemptAt) },
    { label: say('field.status'), value: say('notify.unreachableDetail', { attempts: delivery.attempts, code }) },
  ]);
}

/**
 * Connected to Partner Center: the request is at Microsoft. The partner gets both links as buttons,
 * each labelled (partners confuse them; a URL as a fact runs off the card), and a text to send to
 * the customer in the customer's language — the usual way when the customer has never installed the
 * partner's app in Teams.
 */
export function requestAtMicrosoftCard(say: Say, details: InvitationDetails, customerSay: Say): CardJson {
  const { invitation } = details;
  const links = details.microsoftLinks ?? {};
  const customer = plainText(details.customer?.name ?? invitation.customerDomain);
  const partner = plainText(details.partner.name);
  const share = [
    links.adminRelationship
      ? customerSay('share.adminRelationship', {
          partner,
          customer,
          code: invitation.code,
          url: links.adminRelationship,
        })
      : '',
    links.reseller ? customerSay('share.reseller', { partner, url: links.reseller }) : '',
  ].filter(Boolean);
  return MICROSOFT_REQUEST.expand({
    title: say('notify.requestAtMicrosoft', { customer, code: invitation.code }),
    text: say('notify.requestAtMicrosoft.detail', { customer }),
    facts: [
      { label: say('field.relationshipName'), value: plainText(invitation.relationshipName) },
      { label: say('field.roles'), value: say.roles(invitation.roles) },
    ],
    shareLabel: say('field.forCustomer', { language: customerSay('language.self') }),
    share: share.join('\n\n'),
    adminRelationshipUrl: links.adminRelationship ?? '',
    resellerUrl: links.reseller ?? '',
    // The partner opens or copies the links; the customer approves (their card says so).
    labels: { adminRelationship: say('card.adminRelationshipLink'), reseller: say('card.resellerLink') },
  });
}

/** Connected to Partner Center: Microsoft does not answer; the bot keeps trying until `until`, nothing is lost. */
export function requestDelayedCard(say: Say, details: InvitationDetails, until: string): CardJson {
  const { invitation } = details;
  const customer = plainText(details.customer?.name ?? invitation.customerDomain);
  return card(say, say('notify.requestDelayed', { customer, code: invitation.code }), 'Warning', [
    { label: say('field.relationshipName'), value: plainText(invitation.relationshipName) },
    { label: say('field.status'), value: say('notify.requestDelayedDetail', { until: say.dateTime(until) }) },
  ]);
}

/** Connected to Partner Center: Microsoft refused the request, or stayed unreachable; nothing was sent, and why. */
export function requestFailedCard(say: Say, details: InvitationDetails, failure: string): CardJson {
  const { invitation } = details;
  const customer = plainText(details.customer?.name ?? invitation.customerDomain);
  const failed = invitation.history.findLast((h) => h.action === 'sendFailed');
  return card(say, say('notify.requestFailed', { customer, code: invitation.code }), 'Attention', [
    { label: say('field.relationshipName'), value: plainText(invitation.relationshipName) },
    { label: say('field.reason'), value: say(`microsoft.failure.${knownFailure(failure)}`) },
    { label: say('field.when'), value: say.date(failed?.at ?? invitation.createdAt) },
    // Created but neither locked nor deletable (Microsoft stopped answering): never left behind silently.
    ...(invitation.microsoft?.state === 'failed' && invitation.microsoft.relationshipId
      ? [
          {
            label: say('field.leftAtMicrosoft'),
            value: say('value.leftAtMicrosoft', { id: invitation.microsoft.relationshipId }),
          },
        ]
      : []),
  ]);
}

const knownFailure = (failure: string): PartnerCenterFailure =>
  PARTNER_CENTER_FAILURES.includes(failure as PartnerCenterFailure) ? (failure as PartnerCenterFailure) : 'unavailable';
