import { noticeCard as card } from '../noticeCard.js';
import type { Relationship } from '../../domain/types.js';
import type { Say } from '../../translations/index.js';
import relationshipNoticeTemplate from './relationshipNotice.json' with { type: 'json' };
import { plainText } from '../../translations/plainText.js';
import { type CardJson, compileCard } from '../template.js';

const RELATIONSHIP_NOTICE = compileCard(relationshipNoticeTemplate);

export function terminationCard(
  say: Say,
  relationship: Relationship,
  names: { partnerName: string; customerName: string },
  toPartner: boolean,
): CardJson {
  return card(
    say,
    say(toPartner ? 'notify.terminatedByCustomer' : 'notify.terminatedByPartner', {
      customer: plainText(names.customerName),
      partner: plainText(names.partnerName),
    }),
    'Attention',
    [
      { label: say('field.relationshipName'), value: plainText(relationship.name) },
      {
        label: say('field.by'),
        value: relationship.terminatedBy
          ? plainText(`${relationship.terminatedBy.name} (${relationship.terminatedBy.organisation})`)
          : '—',
      },
      { label: say('field.when'), value: relationship.terminatedAt ? say.date(relationship.terminatedAt) : '—' },
      { label: say('field.subscriptions'), value: say('value.unchangedSubscriptions') },
    ],
  );
}

export interface RelationshipNoticeInput {
  kind: 'relationshipExpiring' | 'relationshipExpired' | 'relationshipExtended' | 'relationshipAutoExtendChanged';
  relationship: Relationship;
  partnerName: string;
  customerName: string;
  /** The reader's side: the partner may request again; either side may turn on auto-extend (R18). */
  side: 'partner' | 'customer';
  daysLeft?: number;
}

/**
 * R21: a relationship ends soon, has ended, or was extended; with Turn on auto-extend and Request again where they
 * apply.
 */
export function relationshipNoticeCard(say: Say, input: RelationshipNoticeInput): CardJson {
  const { relationship, kind } = input;
  const names = {
    name: plainText(relationship.name),
    partner: plainText(input.partnerName),
    customer: plainText(input.customerName),
  };
  const expiring = kind === 'relationshipExpiring';
  const withGlobalAdmin = relationship.roles.includes('globalAdministrator');
  const title =
    kind === 'relationshipExpiring'
      ? say('notice.expiring', { ...names, days: input.daysLeft ?? 0 })
      : kind === 'relationshipExpired'
        ? say('notice.expired', names)
        : kind === 'relationshipAutoExtendChanged'
          ? say(relationship.autoExtend ? 'notice.autoExtendOn' : 'notice.autoExtendOff', {
              ...names,
              by: plainText(relationship.history.at(-1)?.by?.organisation ?? ''),
            })
          : say('notice.extended', { ...names, date: relationship.endsAt ? say.date(relationship.endsAt) : '' });
  const text = expiring
    ? say(withGlobalAdmin ? 'notice.expiring.globalAdmin' : 'notice.expiring.text')
    : kind === 'relationshipExpired' && input.side === 'partner'
      ? say('notice.expired.text')
      : '';
  return RELATIONSHIP_NOTICE.expand({
    title,
    color: kind === 'relationshipExtended' || kind === 'relationshipAutoExtendChanged' ? 'Default' : 'Attention',
    text,
    facts: [
      { label: say('field.relationshipName'), value: names.name },
      {
        label: say(input.side === 'partner' ? 'field.customer' : 'field.partner'),
        value: input.side === 'partner' ? names.customer : names.partner,
      },
      { label: say('relationship.roles'), value: say.roles(relationship.roles) },
      {
        label: say('relationship.ends'),
        value: relationship.endsAt ? say.date(relationship.endsAt) : say('value.notApplicable'),
      },
    ],
    relationshipId: relationship.id,
    canTurnOnAutoExtend: expiring && !withGlobalAdmin,
    canRequestAgain: (expiring || kind === 'relationshipExpired') && input.side === 'partner',
    buttons: { autoExtend: say('button.turnOnAutoExtend'), requestAgain: say('button.requestAgain') },
  });
}
