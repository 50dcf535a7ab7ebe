import { CardFactory, MessageFactory } from 'botbuilder';
import { invitationListCard } from '../cards/listCards.js';
import type { InvitationService } from '../domain/invitationService.js';
import type { KnownTurn } from '../turn/turnInfo.js';

export const INVITATIONS_PAGE_SIZE = 5;

/** "My invitations" and the Cancel / Resend buttons on it (R13, R14). */
export class InvitationActions {
  constructor(private readonly service: InvitationService) {}

  async list({ context, say, identity, me }: KnownTurn, requestedPage = 1): Promise<void> {
    const page = Number.isInteger(requestedPage) && requestedPage > 0 ? requestedPage : 1;
    const result = await this.service.listInvitations(identity, { page, pageSize: INVITATIONS_PAGE_SIZE });
    if (!result.ok) {
      await context.sendActivity(say.refusal(result.refusal));
      return;
    }
    const { items, total, pageSize } = result.value;
    if (total === 0) {
      await context.sendActivity(say('invitations.none'));
      return;
    }
    const names = await this.service.customerNames(items.map((i) => i.customerDomain));
    const card = invitationListCard(say, { organisation: me.organisation, viewer: me.kind, page: result.value.page, pageSize, total, items, names });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  async cancel({ context, say, identity }: KnownTurn, ref: string): Promise<void> {
    const result = await this.service.cancelInvitation(identity, ref);
    if (!result.ok) return void (await context.sendActivity(say.refusal(result.refusal)));
    // Connected to Partner Center: Microsoft cannot withdraw a request pending approval; say so.
    const atMicrosoft = result.value.microsoft?.state === 'sent';
    await context.sendActivity(say(atMicrosoft ? 'invitations.cancelledAtMicrosoft' : 'invitations.cancelled', { code: result.value.code, expires: say.date(result.value.expiresAt) }));
  }

  async resend({ context, say, identity }: KnownTurn, ref: string): Promise<void> {
    const result = await this.service.resendInvitation(identity, ref);
    await context.sendActivity(result.ok ? say('invitations.resent', { code: result.value.code, expires: say.date(result.value.expiresAt) }) : say.refusal(result.refusal));
  }
}
