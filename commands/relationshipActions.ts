import { CardFactory, MessageFactory } from 'botbuilder';
import relationshipListTemplate from '../cards/relationshipList.json' with { type: 'json' };
import { expandCard } from '../cards/template.js';
import { adminRoleName } from '../domain/adminRoles.js';
import type { InvitationService } from '../domain/invitationService.js';
import { day } from '../domain/time.js';
import type { Relationship } from '../domain/types.js';
import type { KnownTurn } from './invitationActions.js';
import type { Say } from './strings.js';

const relationshipFacts = (say: Say, relationship: Relationship) => [
  { label: say('relationship.since'), value: day(relationship.startedAt) },
  { label: say('relationship.roles'), value: relationship.roles.map(adminRoleName).join(', ') || say('card.resellerOnly') },
  { label: say('relationship.ends'), value: relationship.endsAt ? day(relationship.endsAt) : say('value.notApplicable') },
];

/** "partners" for a customer and "customers" for a partner: the multi-partner view, with Terminate (R1, R19). */
export class RelationshipActions {
  constructor(private readonly service: InvitationService) {}

  async partners({ context, say, identity, me }: KnownTurn): Promise<void> {
    const result = await this.service.listPartnersOfCustomer(identity);
    if (!result.ok) return void (await context.sendActivity(result.refusal.message[say.locale]));
    const { customer, partners } = result.value;
    if (partners.length === 0) return void (await context.sendActivity(say('partners.none', { customer: customer.name })));
    const canTerminate = me.roles.includes('globalAdministrator');
    const items = partners.map((p) => ({
      name: say('value.partnerWithId', { name: p.partner.name, mpnId: p.partner.mpnId }),
      facts: [
        ...(p.relationship ? relationshipFacts(say, p.relationship) : [{ label: say('relationship.since'), value: say('relationship.noRelationship') }]),
        { label: say('relationship.subscriptions'), value: p.subscriptions.map((s) => say('value.subscription', { product: s.product, quantity: s.quantity })).join(', ') || say('relationship.noSubscriptions') },
      ],
      relationshipId: canTerminate && p.relationship ? p.relationship.id : '',
    }));
    await this.sendList(turnCard(say, say('partners.title', { customer: customer.name }), say('partners.intro', { customer: customer.name }), items), context);
  }

  async customers({ context, say, identity, me }: KnownTurn): Promise<void> {
    const result = await this.service.listCustomersOfPartner(identity);
    if (!result.ok) return void (await context.sendActivity(result.refusal.message[say.locale]));
    if (result.value.length === 0) return void (await context.sendActivity(say('customers.none', { partner: me.organisation })));
    const canTerminate = me.roles.includes('adminAgent');
    const items = result.value.map(({ customer, relationship }) => ({
      name: customer.name,
      facts: relationshipFacts(say, relationship),
      relationshipId: canTerminate ? relationship.id : '',
    }));
    await this.sendList(turnCard(say, say('customers.title', { partner: me.organisation }), '', items), context);
  }

  private async sendList(card: object, context: KnownTurn['context']): Promise<void> {
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }
}

function turnCard(say: Say, title: string, intro: string, items: object[]) {
  return expandCard(relationshipListTemplate, { title, intro, items, buttons: { terminate: say('button.terminate') } });
}
