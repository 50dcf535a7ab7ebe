import { needsAccessAssignment } from '../../domain/access/access.js';
import type { CustomerPartners, PartnerCustomer } from '../../domain/relationships/relationships.js';
import { type Page, pageOf } from '../../domain/pages.js';
import type { Relationship, SecurityGroup } from '../../domain/types.js';
import { describeAssignments } from '../access/accessCard.js';
import type { Say } from '../../translations/index.js';
import relationshipListTemplate from './relationshipList.json' with { type: 'json' };
import { plainText } from '../../translations/plainText.js';
import { type CardJson, compileCard } from '../template.js';

const RELATIONSHIP_LIST = compileCard(relationshipListTemplate);

/** `groups`: the partner's security groups, to name them (the partner's view); the customer sees how many (R22). */
const relationshipFacts = (say: Say, relationship: Relationship, groups?: readonly SecurityGroup[]) => [
  { label: say('field.relationshipName'), value: plainText(relationship.name) },
  { label: say('relationship.since'), value: say.date(relationship.startedAt) },
  { label: say('relationship.roles'), value: say.roles(relationship.roles) },
  {
    label: say('relationship.ends'),
    value: relationship.endsAt ? say.date(relationship.endsAt) : say('value.notApplicable'),
  },
  ...(relationship.endsAt
    ? [{ label: say('field.autoExtend'), value: say(relationship.autoExtend ? 'value.yes' : 'value.no') }]
    : []),
  // R29: made outside the bot (in Partner Center or by another tool) and found at Microsoft.
  ...(relationship.origin === 'microsoft' ? [{ label: say('field.origin'), value: say('value.madeOutsideBot') }] : []),
  ...(relationship.roles.length > 0
    ? [
        {
          label: say('field.access'),
          value: groups
            ? describeAssignments(say, relationship, groups)
            : relationship.accessAssignments.length > 0
              ? say('value.accessAssignedCount', { count: relationship.accessAssignments.length })
              : say('value.noAccessAssigned'),
        },
      ]
    : []),
];

/** Where a list of relationships is in its pages; `days` says which list ("ending"), none for "customers". */
export interface RelationshipPageInput {
  page: number;
  pageSize: number;
  total: number;
  days?: number;
}

const relationshipList = (
  say: Say,
  title: string,
  intro: string,
  items: object[],
  paging?: RelationshipPageInput,
): CardJson => {
  const pages = paging ? Math.max(Math.ceil(paging.total / paging.pageSize), 1) : 1;
  return RELATIONSHIP_LIST.expand({
    title,
    intro,
    items,
    pageText: paging && pages > 1 ? say('relationships.page', { page: paging.page, pages, total: paging.total }) : '',
    buttons: { previous: say('button.previous'), next: say('button.next') },
    hasPrevious: paging !== undefined && paging.page > 1,
    hasNext: paging !== undefined && paging.page < pages,
    previousPage: (paging?.page ?? 1) - 1,
    nextPage: (paging?.page ?? 1) + 1,
    days: paging?.days ?? '',
  });
};

/**
 * The multi-partner view for a customer's user (R1); Terminate for its Global Administrators (R19).
 * `pageSize` items a page: a customer may have many relationships (R13), a card must stay small.
 */
export function partnersCard(
  say: Say,
  { customer, partners }: CustomerPartners,
  canTerminate: boolean,
  paging: { page: number; pageSize: number } = { page: 1, pageSize: 5 },
): CardJson {
  // One item per relationship (R13: each is its own), then the partner's subscriptions; a partner
  // with subscriptions only is listed once, without Terminate.
  const items = partners.flatMap((p) => {
    const name = say('value.partnerWithId', { name: plainText(p.partner.name), mpnId: plainText(p.partner.mpnId) });
    const subscriptions = {
      label: say('relationship.subscriptions'),
      value:
        p.subscriptions
          .map((s) => say('value.subscription', { product: plainText(s.product), quantity: s.quantity }))
          .join(', ') || say('relationship.noSubscriptions'),
    };
    if (p.relationships.length === 0)
      return [
        {
          name,
          facts: [{ label: say('relationship.since'), value: say('relationship.noRelationship') }, subscriptions],
          relationshipId: '',
          ...NO_BUTTONS,
        },
      ];
    return p.relationships.map((relationship, n) => ({
      name,
      facts: [...relationshipFacts(say, relationship), ...(n === p.relationships.length - 1 ? [subscriptions] : [])],
      relationshipId: relationship.id,
      ...relationshipButtons(say, relationship, {
        terminate: canTerminate,
        assign: false,
        autoExtendOff: canTerminate && relationship.autoExtend,
      }),
    }));
  });
  const name = plainText(customer.name);
  const page = pageOf(items, paging, paging.pageSize);
  return relationshipList(
    say,
    say('partners.title', { customer: name }),
    say('partners.intro', { customer: name, count: partners.length }),
    page.items,
    page,
  );
}

const NO_BUTTONS = {
  terminateTitle: '',
  terminateTooltip: '',
  assignTitle: '',
  assignTooltip: '',
  autoExtendOffTitle: '',
  autoExtendOffTooltip: '',
};

/**
 * A relationship's buttons: short titles, as Teams shows a button's title on one line and cuts a
 * long one; each names its relationship in its tooltip (what assistive technology reads), and
 * Terminate asks to confirm, naming it. Empty: not offered.
 */
function relationshipButtons(
  say: Say,
  relationship: Relationship,
  offer: { terminate: boolean; assign: boolean; autoExtendOff: boolean },
) {
  const name = plainText(relationship.name);
  // Offered while nothing is assigned, and to change what is (R22).
  const assign = needsAccessAssignment(relationship);
  return {
    terminateTitle: offer.terminate ? say('button.terminate') : '',
    terminateTooltip: offer.terminate ? say('button.terminateNamed', { name }) : '',
    assignTitle: offer.assign ? say(assign ? 'button.assignAccess' : 'button.changeAccess') : '',
    assignTooltip: offer.assign ? say(assign ? 'button.assignAccessNamed' : 'button.changeAccessNamed', { name }) : '',
    // R18: either side may turn auto-extend off.
    autoExtendOffTitle: offer.autoExtendOff ? say('button.turnOffAutoExtend') : '',
    autoExtendOffTooltip: offer.autoExtendOff ? say('button.turnOffAutoExtendNamed', { name }) : '',
  };
}

/**
 * A page of a partner's active customer relationships; for its admin agents, Assign access (R22)
 * and Terminate (R19). `title` replaces the default one (the "ending" list).
 */
export function customersCard(
  say: Say,
  partnerName: string,
  customers: Page<PartnerCustomer>,
  isAdminAgent: boolean,
  options: { title?: string; days?: number } = {},
): CardJson {
  const items = customers.items.map(({ customer, relationship, securityGroups }) => ({
    name: plainText(customer.name),
    facts: relationshipFacts(say, relationship, securityGroups),
    relationshipId: relationship.id,
    ...relationshipButtons(say, relationship, {
      terminate: isAdminAgent,
      assign: isAdminAgent && relationship.roles.length > 0,
      autoExtendOff: isAdminAgent && relationship.autoExtend,
    }),
  }));
  return relationshipList(
    say,
    options.title ?? say('customers.title', { partner: plainText(partnerName) }),
    '',
    items,
    { ...customers, ...(options.days ? { days: options.days } : {}) },
  );
}
