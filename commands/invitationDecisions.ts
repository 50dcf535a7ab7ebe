import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { invitationCard, statusNotice } from '../cards/invitationCard.js';
import type { CardJson } from '../cards/template.js';
import type { Identity } from '../domain/identity.js';
import type { InvitationService } from '../domain/invitationService.js';
import { refusal } from '../domain/refusals.js';
import type { Say } from '../translations/index.js';
import type { KnownTurn } from '../turn/turnInfo.js';

export interface DecisionAnswer {
  /** The card this user should now see (the invoke response), when there is an invitation to show. */
  card?: CardJson;
  /** One sentence for this user alone: a refusal, or what happened. */
  message: string;
}

const asRecord = (data: unknown): Record<string, unknown> => (typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {});

/**
 * The customer's side of an invitation card. One handler for Approve and Decline whether they come
 * as Teams' adaptiveCard/action invoke or as the Emulator's Action.Submit message (R10, R11, R12, R15).
 * The answer is this user's card only: the other copies and the partner are the delivery worker's.
 */
export class InvitationDecisions {
  constructor(private readonly service: InvitationService) {}

  async decide(say: Say, identity: Identity | undefined, verb: string, data: unknown): Promise<DecisionAnswer> {
    const fields = asRecord(data);
    const invitationId = typeof fields.invitationId === 'string' ? fields.invitationId.slice(0, 100) : '';
    const reason = typeof fields.reason === 'string' ? fields.reason : undefined;
    const who = identity ?? { tenantId: '', userId: '' };
    const { result, details } = await this.service.decideAndDescribe(who, { invitationId, decision: verb, ...(reason !== undefined ? { reason } : {}) });
    if (!result.ok) {
      const message = say.refusal(result.refusal);
      return { ...(details ? { card: invitationCard(details, say, who.userId, message) } : {}), message };
    }
    if (!details) return { message: '' };
    return { card: invitationCard(details, say, who.userId), message: statusNotice(details, say, false).text };
  }

  /** The card as this viewer should see it now (Teams' refresh). */
  async view(say: Say, viewerId: string | undefined, data: unknown): Promise<CardJson | undefined> {
    const id = asRecord(data).invitationId;
    const details = typeof id === 'string' ? await this.service.describeInvitation(id) : undefined;
    return details ? invitationCard(details, say, viewerId) : undefined;
  }

  /** "code ABC-123": the invitation's card, for the inviting partner's users and the invited tenant's users only. */
  async showByCode({ context, say, identity, me }: KnownTurn, code: string): Promise<void> {
    const details = await this.service.describeInvitation(code.trim());
    const mine = details && (details.customer?.tenantId === identity.tenantId || (me.kind === 'partner' && identity.tenantId === details.partner.tenantId));
    if (!details || !mine) {
      await context.sendActivity(say.refusal(refusal('unknownInvitation', { value: code.slice(0, 40) })));
      return;
    }
    await this.sendCard({ context, say, identity, me }, details.invitation.id);
  }

  /** Cards a customer administrator has not seen yet, shown before anything else in their turn. */
  async deliverWaiting(turn: KnownTurn): Promise<void> {
    if (turn.me.kind !== 'customer' || !turn.me.roles.includes('globalAdministrator')) return;
    for (const invitation of await this.service.pendingInvitationsFor(turn.identity)) {
      if (!(await this.service.hasCardCopy(invitation.id, turn.identity.userId))) await this.sendCard(turn, invitation.id);
    }
  }

  private async sendCard({ context, say, identity }: KnownTurn, invitationId: string): Promise<void> {
    const details = await this.service.describeInvitation(invitationId);
    if (!details) return;
    const conversation = context.activity.conversation;
    const shared = conversation?.isGroup === true || (conversation?.conversationType !== undefined && conversation.conversationType !== 'personal');
    const card = invitationCard(details, say, shared ? { shared: true } : identity.userId);
    const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    if (sent?.id) {
      const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(context.activity);
      const address = JSON.parse(JSON.stringify(reference)) as Record<string, unknown>;
      await this.service.addCardCopy({ invitationId, address, activityId: sent.id, viewerId: identity.userId, shared, locale: say.locale });
    }
  }
}
