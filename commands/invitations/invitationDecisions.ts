import { DEFAULT_DELIVERY_POLICY } from '../../domain/delivery/delivery.js';
import { isApproverRole } from '../../domain/types.js';
import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { invitationCard, statusNotice } from '../../cards/invitations/invitationCard.js';
import type { CardJson } from '../../cards/template.js';
import type { Identity } from '../../domain/identity.js';
import type { UseCases } from '../../domain/useCases.js';
import { localeFromTag, type Say, sayIn } from '../../translations/index.js';
import { storedAddressOf } from '../../turn/address.js';
import type { KnownTurn, OpenTurn } from '../../turn/turnInfo.js';

export interface DecisionAnswer {
  /** The card this user should now see (the invoke response), when there is an invitation to show. */
  card?: CardJson;
  /** One sentence for this user alone: a refusal, or what happened. */
  message: string;
}

/**
 * The language a card action is answered in: the turn's — the language the person chose, else
 * their client's — where the turn did not read their choice (a Teams card action), the one kept
 * with their contact, else the client's.
 */
function answerIn(turn: OpenTurn, chosenLanguage: string | undefined): Say {
  return turn.languageUnread && chosenLanguage ? sayIn(localeFromTag(chosenLanguage)) : turn.say;
}

/** Who acts when the channel says nobody: matches no organisation, so sees nothing. */
const NOBODY: Identity = { tenantId: '', userId: '' };

const asRecord = (data: unknown): Record<string, unknown> =>
  typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};

/**
 * The customer's side of an invitation card. One handler for Approve and Decline whether they come
 * as Teams' adaptiveCard/action invoke or as the Emulator's Action.Submit message (R10, R11, R12, R15).
 * The answer is this user's card only: the other copies and the partner are the delivery worker's.
 */
export class InvitationDecisions {
  constructor(private readonly service: UseCases) {}

  async decide(turn: OpenTurn, verb: string, data: unknown): Promise<DecisionAnswer> {
    const fields = asRecord(data);
    const invitationId = typeof fields.invitationId === 'string' ? fields.invitationId.slice(0, 100) : '';
    const reason = typeof fields.reason === 'string' ? fields.reason : undefined;
    const who = turn.identity ?? NOBODY;
    const withLanguage = turn.languageUnread === true && turn.identity !== undefined;
    const { result, details, chosenLanguage } = await this.service.invitations.decideAndDescribe(
      who,
      { invitationId, decision: verb, ...(reason !== undefined ? { reason } : {}) },
      { withLanguage },
    );
    const say = answerIn(turn, chosenLanguage);
    if (!result.ok) {
      const message = say.refusal(result.refusal);
      // To an outsider the invitation does not exist (R23): no card, only the sentence.
      const visible =
        details && result.refusal.code !== 'unknownInvitation' && result.refusal.code !== 'invitationNotVisible';
      return { ...(visible ? { card: invitationCard(details, say, who.userId, message) } : {}), message };
    }
    if (!details) return { message: '' };
    return { card: invitationCard(details, say, who.userId), message: statusNotice(details, say, false).text };
  }

  /** The card as this viewer should see it now (Teams' refresh); to an outsider, "no such invitation" (R23). */
  async view(turn: OpenTurn, data: unknown): Promise<{ card: CardJson } | { message: string }> {
    const id = asRecord(data).invitationId;
    const identity = turn.identity;
    const [result, chosenLanguage] = await Promise.all([
      this.service.invitations.view(identity ?? NOBODY, typeof id === 'string' ? id : '', 'refreshInvitation'),
      turn.languageUnread && identity ? this.service.people.chosenLanguage(identity) : undefined,
    ]);
    const say = answerIn(turn, chosenLanguage);
    return result.ok
      ? { card: invitationCard(result.value, say, identity?.userId) }
      : { message: say.refusal(result.refusal) };
  }

  /** "code ABC-123" and Open: the invitation's card, for the two organisations it involves only (R23). */
  async showByCode({ context, say, identity, me }: KnownTurn, code: string, action = 'showInvitation'): Promise<void> {
    const result = await this.service.invitations.view(identity, code, action);
    if (!result.ok) {
      await context.sendActivity(say.refusal(result.refusal));
      return;
    }
    await this.sendCard({ context, say, identity, me }, result.value.invitation.id);
  }

  /**
   * Cards a customer administrator has not seen yet, shown before anything else in their turn; each
   * claimed first, as the delivery worker does (it may be sending the same card now, on any instance).
   */
  async deliverWaiting(turn: KnownTurn): Promise<void> {
    if (turn.me.kind !== 'customer' || !turn.me.roles.some(isApproverRole)) return;
    if (isShared(turn.context)) return; // a card for one person is not shown to a group chat unasked
    for (const invitation of await this.service.invitations.pendingFor(turn.identity)) {
      const claim = await this.service.deliveries.claimCardSend(
        invitation.id,
        turn.identity.userId,
        'card',
        WAITING_CARD_LEASE_SECONDS,
      );
      if (claim === undefined) continue;
      try {
        await this.sendCard(turn, invitation.id, claim);
      } catch (error) {
        await this.service.deliveries.releaseCardClaim(claim).catch(() => undefined);
        throw error;
      }
    }
  }

  private async sendCard({ context, say, identity }: KnownTurn, invitationId: string, claim?: string): Promise<void> {
    const details = await this.service.invitations.describe(invitationId);
    if (!details) {
      if (claim) await this.service.deliveries.releaseCardClaim(claim);
      return;
    }
    const shared = isShared(context);
    const card = invitationCard(details, say, shared ? { shared: true } : identity.userId);
    const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    if (sent?.id) {
      await this.service.deliveries.addCardCopy(
        {
          invitationId,
          address: storedAddressOf(context),
          activityId: sent.id,
          viewerId: identity.userId,
          shared,
          locale: say.locale,
        },
        claim,
      );
    }
  }
}

/** As long as the worker's: a claim that outlives it belongs to an instance that stopped. */
const WAITING_CARD_LEASE_SECONDS = DEFAULT_DELIVERY_POLICY.leaseSeconds;

/** A group chat or a channel: what is posted there everyone in it sees. */
function isShared(context: TurnContext): boolean {
  const conversation = context.activity.conversation;
  return (
    conversation?.isGroup === true ||
    (conversation?.conversationType !== undefined && conversation.conversationType !== 'personal')
  );
}
