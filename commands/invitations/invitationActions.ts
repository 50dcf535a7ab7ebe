import { invitationListCard } from '../../cards/invitations/invitationList.js';
import type { UseCases } from '../../domain/useCases.js';
import type { KnownTurn } from '../../turn/turnInfo.js';
import { type CardAnswer, sendAnswer } from '../cardAnswer.js';

export const INVITATIONS_PAGE_SIZE = 5;

/** "My invitations" and the Cancel / Resend buttons on it (R13, R14). */
export class InvitationActions {
  constructor(private readonly service: UseCases) {}

  /** "invitations" (or "invitations 2"): a page of them, as a new message. */
  async list(turn: KnownTurn, requestedPage = 1): Promise<void> {
    await sendAnswer(turn.context, await this.page(turn, requestedPage));
  }

  /**
   * Previous / Next: the page in place of the pressed card (Teams' Action.Execute; a new message for the Emulator's
   * Action.Submit).
   */
  async page({ say, identity, me }: KnownTurn, requestedPage: number): Promise<CardAnswer> {
    const page = Number.isInteger(requestedPage) && requestedPage > 0 ? requestedPage : 1;
    const result = await this.service.invitations.list(identity, { page, pageSize: INVITATIONS_PAGE_SIZE });
    if (!result.ok) return { message: say.refusal(result.refusal) };
    const { items, total, pageSize } = result.value;
    if (total === 0) return { message: say('invitations.none') };
    const names = await this.service.invitations.customerNames(items.map((i) => i.customerDomain));
    return {
      card: invitationListCard(say, {
        organisation: me.organisation,
        viewer: me.kind,
        page: result.value.page,
        pageSize,
        total,
        items,
        names,
      }),
    };
  }

  async cancel({ context, say, identity }: KnownTurn, ref: string): Promise<void> {
    const result = await this.service.invitations.cancel(identity, ref);
    if (!result.ok) return void (await context.sendActivity(say.refusal(result.refusal)));
    // Connected to Partner Center: Microsoft cannot withdraw a request pending approval; say so.
    const atMicrosoft = result.value.microsoft?.state === 'sent';
    await context.sendActivity(
      say(atMicrosoft ? 'invitations.cancelledAtMicrosoft' : 'invitations.cancelled', {
        code: result.value.code,
        expires: say.date(result.value.expiresAt),
      }),
    );
  }

  /** R26: says to whom the card is sent again, or that nothing was sent and why. */
  async resend({ context, say, identity }: KnownTurn, ref: string): Promise<void> {
    const result = await this.service.invitations.resend(identity, ref);
    if (!result.ok) return void (await context.sendActivity(say.refusal(result.refusal)));
    const { invitation, sentTo, customer, nothingSent } = result.value;
    const facts = { code: invitation.code, expires: say.date(invitation.expiresAt), domain: invitation.customerDomain };
    await context.sendActivity(
      nothingSent === 'notAtMicrosoftYet'
        ? say('invitations.resentNotYet', facts)
        : nothingSent === 'nobodyKnown'
          ? say('invitations.resentNobody', facts)
          : say('invitations.resent', {
              ...facts,
              names: sentTo.join(', '),
              customer: customer ?? invitation.customerDomain,
            }),
    );
  }
}
