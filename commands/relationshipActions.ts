import { CardFactory, MessageFactory } from 'botbuilder';
import { customersCard, partnersCard } from '../cards/listCards.js';
import type { InvitationService } from '../domain/invitationService.js';
import { refusal } from '../domain/refusals.js';
import { plainText } from '../translations/index.js';
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

  /** R18 from a warning card: either side turns auto-extend on (refused with the reason while Global Administrator is included). */
  async turnOnAutoExtend({ context, say, identity }: KnownTurn, relationshipId: string): Promise<void> {
    const result = await this.service.setRelationshipAutoExtend(identity, relationshipId, true);
    await context.sendActivity(result.ok ? say('relationship.autoExtendOn', { name: plainText(result.value.name) }) : say.refusal(result.refusal));
  }

  /** R21 "Request again": the invite dialog for the same customer (a new request, under a new name); undefined when not allowed. */
  async requestAgain({ context, say, me }: KnownTurn, relationshipId: string): Promise<string | undefined> {
    const described = await this.service.describeRelationship(relationshipId);
    const domain = described && described.relationship.partnerId === me.partnerId ? described.customerDomain : undefined;
    if (!domain) {
      await context.sendActivity(say.refusal(refusal('unknownRelationship', { value: relationshipId.slice(0, 40) })));
      return undefined;
    }
    return domain;
  }

  /** R21: "ending" / "ending 30": the relationships that end in the next 90 (or 30) days, soonest first. */
  async ending({ context, say, identity, me }: KnownTurn, argument: string): Promise<void> {
    const days = argument.trim() === '30' ? 30 : 90;
    const result = await this.service.listEndingRelationships(identity, days);
    if (!result.ok) return void (await context.sendActivity(say.refusal(result.refusal)));
    if (result.value.length === 0) return void (await context.sendActivity(say('ending.none', { days })));
    const card = customersCard(say, me.organisation, result.value, me.roles.includes('adminAgent'), say('ending.title', { days }));
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
