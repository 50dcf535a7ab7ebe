import type { WhoManagesView } from '../../domain/access/useCases.js';
import type { WhatCanManage } from '../../domain/access/whoManages.js';
import type { Say } from '../../translations/index.js';
import { plainText } from '../../translations/plainText.js';
import { type CardJson, compileCard } from '../template.js';
import whoManagesTemplate from './whoManages.json' with { type: 'json' };

const WHO_MANAGES = compileCard(whoManagesTemplate);

/** At most this many relationships on the card, and this many members named a group: Teams' 40 KB. */
export const RELATIONSHIPS_SHOWN = 10;
export const MEMBERS_NAMED = 10;

// R30: per active relationship, its roles and (the partner's view) the groups holding them and,
// connected, their members; the customer's own view names partners and roles only.
export function whoManagesCard(say: Say, answer: WhoManagesView): CardJson {
  const customer = plainText(answer.customer.name);
  const shown = answer.relationships.slice(0, RELATIONSHIPS_SHOWN);
  const partner = answer.view === 'partner';
  const membersOf = (groupId: string): string => {
    if (answer.membersUnavailable) return say('whoManages.membersUnavailable');
    const members = answer.members?.[groupId];
    if (!members) return '';
    if (members.length === 0) return say('whoManages.noMembers');
    const named = members
      .slice(0, MEMBERS_NAMED)
      .map((m) => plainText(m.name))
      .join(', ');
    return members.length > MEMBERS_NAMED
      ? say('whoManages.membersMore', { names: named, more: members.length - MEMBERS_NAMED })
      : say('whoManages.members', { names: named });
  };
  return WHO_MANAGES.expand({
    title: say('whoManages.title', { customer }),
    intro:
      answer.relationships.length === 0
        ? say(partner ? 'whoManages.noneForPartner' : 'whoManages.noneForCustomer', {
            customer,
            partner: plainText(answer.relationships[0]?.partnerName ?? ''),
          })
        : say(partner ? 'whoManages.introPartner' : 'whoManages.introCustomer', { customer }),
    relationships: shown.map(({ relationship, partnerName, groups }) => ({
      name: plainText(relationship.name),
      facts: [
        ...(partner ? [] : [{ label: say('field.partner'), value: plainText(partnerName) }]),
        { label: say('relationship.roles'), value: say.roles(relationship.roles) },
        { label: say('relationship.ends'), value: relationship.endsAt ? say.date(relationship.endsAt) : '—' },
      ],
      groups: !partner
        ? []
        : (groups ?? []).length === 0
          ? [{ text: say('whoManages.noAccess') }]
          : (groups ?? []).map((g) => {
              const members = membersOf(g.id);
              const line = say('whoManages.group', { group: plainText(g.name), roles: say.roles(g.roles) });
              return { text: members ? `${line}\n\n${members}` : line };
            }),
    })),
    more:
      answer.relationships.length > shown.length
        ? say('whoManages.more', { shown: shown.length, total: answer.relationships.length })
        : '',
  });
}

/** R30 asked about a person: per relationship they can manage, the customer, the groups and roles. */
export function whatCanManageCard(say: Say, answer: WhatCanManage): CardJson {
  const person = plainText(
    answer.person.name === answer.person.email ? answer.person.email : `${answer.person.name} (${answer.person.email})`,
  );
  const shown = answer.relationships.slice(0, RELATIONSHIPS_SHOWN);
  return WHO_MANAGES.expand({
    title: say('whatCanManage.title', { person }),
    intro: say(answer.relationships.length === 0 ? 'whatCanManage.none' : 'whatCanManage.intro', { person }),
    relationships: shown.map(({ relationship, customerName, groups }) => ({
      name: plainText(relationship.name),
      facts: [
        { label: say('field.customer'), value: plainText(customerName) },
        { label: say('relationship.ends'), value: relationship.endsAt ? say.date(relationship.endsAt) : '—' },
      ],
      groups: (groups ?? []).map((g) => ({
        text: say('whatCanManage.through', { group: plainText(g.name), roles: say.roles(g.roles) }),
      })),
    })),
    more:
      answer.relationships.length > shown.length
        ? say('whoManages.more', { shown: shown.length, total: answer.relationships.length })
        : '',
  });
}
