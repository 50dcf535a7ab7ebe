import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import invitationListTemplate from '../cards/invitationList.json' with { type: 'json' };
import { expandCard } from '../cards/template.js';
import type { DirectoryEntry, Identity } from '../domain/identity.js';
import type { InvitationService } from '../domain/invitationService.js';
import { day } from '../domain/time.js';
import type { Say } from './strings.js';

export const INVITATIONS_PAGE_SIZE = 5;

/** A known user's turn: enough for a card action or a one-line command. */
export interface KnownTurn {
  context: TurnContext;
  say: Say;
  identity: Identity;
  me: DirectoryEntry;
}

/** One small handler per card verb; the card sends ids only, everything else is looked up. */
export type CardActionHandler = (turn: KnownTurn, data: Record<string, unknown>) => Promise<void>;

/** "My invitations" and the Cancel / Resend buttons on it (R13, R14). */
export class InvitationActions {
  constructor(private readonly service: InvitationService) {}

  readonly cardActions: Record<string, CardActionHandler> = {
    cancelInvitation: (turn, data) => this.cancel(turn, String(data.invitationId ?? '')),
    resendInvitation: (turn, data) => this.resend(turn, String(data.invitationId ?? '')),
    invitationsPage: (turn, data) => this.list(turn, Number(data.page)),
  };

  async list({ context, say, identity, me }: KnownTurn, requestedPage = 1): Promise<void> {
    const page = Number.isInteger(requestedPage) && requestedPage > 0 ? requestedPage : 1;
    const result = await this.service.listInvitations(identity, { page, pageSize: INVITATIONS_PAGE_SIZE });
    if (!result.ok) {
      await context.sendActivity(result.refusal.message[say.locale]);
      return;
    }
    const { items, total, pageSize } = result.value;
    if (total === 0) {
      await context.sendActivity(say('invitations.none'));
      return;
    }
    const names = new Map((await this.service.customerNames()).map((c) => [c.domain, c.name]));
    const pages = Math.ceil(total / pageSize);
    const card = expandCard(invitationListTemplate, {
      title: say('invitations.title', { organisation: me.organisation }),
      pageText: say('invitations.page', { page: result.value.page, pages, total }),
      labels: { status: say('field.status'), created: say('field.created'), expires: say('field.expires') },
      buttons: { cancel: say('button.cancel'), resend: say('button.resend'), open: say('button.open'), previous: say('button.previous'), next: say('button.next') },
      items: items.map((i) => ({
        id: i.id,
        code: i.code,
        customer: names.get(i.customerDomain) ? `${names.get(i.customerDomain)} (${i.customerDomain})` : i.customerDomain,
        status: say(`status.${i.status}`),
        created: day(i.createdAt),
        expires: day(i.expiresAt),
        // The partner manages its invitations; the customer's administrator opens the card to decide.
        pending: me.kind === 'partner' && i.status === 'pending',
        openable: me.kind === 'customer' && i.status === 'pending',
      })),
      hasPrevious: result.value.page > 1,
      hasNext: result.value.page < pages,
      previousPage: result.value.page - 1,
      nextPage: result.value.page + 1,
    });
    await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  }

  async cancel({ context, say, identity }: KnownTurn, ref: string): Promise<void> {
    const result = await this.service.cancelInvitation(identity, ref);
    await context.sendActivity(result.ok ? say('invitations.cancelled', { code: result.value.code }) : result.refusal.message[say.locale]);
  }

  async resend({ context, say, identity }: KnownTurn, ref: string): Promise<void> {
    const result = await this.service.resendInvitation(identity, ref);
    await context.sendActivity(result.ok ? say('invitations.resent', { code: result.value.code, expires: day(result.value.expiresAt) }) : result.refusal.message[say.locale]);
  }
}
