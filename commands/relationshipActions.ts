import { CardFactory, MessageFactory } from 'botbuilder';
import { customersCard, partnersCard } from '../cards/listCards.js';
import type { InvitationService } from '../domain/invitationService.js';
import type { KnownTurn } from '../turn/turnInfo.js';

/** "partners" for a customer and "customers" for a partner: the multi-partner view, with Terminate (R1, R19). */
export class RelationshipActions {
  constructor(private readonly service: InvitationService) {}

  async partners({ context, say, identity, me }: KnownTurn): Promise<void> {
    const result = await this.service.listPartnersOfCustomer(identity);
    if (!result.ok) return void (await context.sendActivity(say.refusal(result.refusal)));
    if (result.value.partners.length === 0) return void (await context.sendActivity(say('partners.none', { customer: result.value.customer.name })));
    const card = partnersCard(say, result.value, me.roles.includes('globalAdministrator'));
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  async customers({ context, say, identity, me }: KnownTurn): Promise<void> {
    const result = await this.service.listCustomersOfPartner(identity);
    if (!result.ok) return void (await context.sendActivity(say.refusal(result.refusal)));
    if (result.value.length === 0) return void (await context.sendActivity(say('customers.none', { partner: me.organisation })));
    const card = customersCard(say, me.organisation, result.value, me.roles.includes('adminAgent'));
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }
}
