import { CardFactory, type ConversationReference, MessageFactory, TurnContext } from 'botbuilder';
import partnerNotificationTemplate from '../cards/partnerNotification.json' with { type: 'json' };
import { expandCard } from '../cards/template.js';
import { adminRoleName } from '../domain/adminRoles.js';
import type { Identity } from '../domain/identity.js';
import type { InvitationService } from '../domain/invitationService.js';
import { day } from '../domain/time.js';
import type { Notification } from '../domain/types.js';
import type { ConversationStore, TenantEndpoint } from './conversationStore.js';
import { invitationCard } from './invitationCard.js';
import { type Locale, sayIn } from './strings.js';

/** Runs `logic` in a conversation the bot was in before (CloudAdapter.continueConversationAsync in the server). */
export type ProactiveSender = (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

/** Opens a Teams 1:1 chat with a user the bot has never talked to (CloudAdapter.createConversationAsync in the server). */
export type ConversationOpener = (endpoint: TenantEndpoint, userId: string, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

export interface DispatchLog {
  warn(details: object, message: string): void;
}

/**
 * Delivers what the outbox says the bot owes: invitation cards to the customer's administrators,
 * decisions and expiries to the partner, withdrawn invitations to every copy of their card. A
 * notification is marked delivered only when it reached someone; a failure (a 403 from Teams, a
 * recipient the bot has never talked to) leaves it in the outbox for the next round.
 */
export class NotificationDispatcher {
  private running: Promise<void> | undefined;

  constructor(
    private readonly service: InvitationService,
    private readonly conversations: ConversationStore,
    private readonly send: ProactiveSender,
    private readonly log: DispatchLog,
    private readonly open?: ConversationOpener,
  ) {}

  /** One round at a time, so two turns never deliver the same notification twice. */
  async dispatch(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.deliverAll().finally(() => {
      this.running = undefined;
    });
    await this.running;
  }

  private async deliverAll(): Promise<void> {
    for (const notification of await this.service.undeliveredNotifications()) {
      let delivered = false;
      try {
        delivered = await this.deliver(notification);
      } catch (error) {
        this.log.warn({ err: error, notificationId: notification.id, kind: notification.kind }, 'notification not delivered; kept for later');
      }
      if (delivered) await this.service.markNotificationDelivered(notification.id);
    }
  }

  private async deliver(notification: Notification): Promise<boolean> {
    switch (notification.kind) {
      case 'invitationSent':
        return this.sendInvitationCards(notification.invitationId ?? '');
      case 'invitationReminder':
        return this.sendInvitationCards(notification.invitationId ?? '', undefined, true);
      case 'invitationCancelled':
        await this.refreshCardCopies(notification.invitationId ?? '');
        return true;
      case 'invitationApproved':
      case 'invitationDeclined':
      case 'invitationExpired':
        await this.refreshCardCopies(notification.invitationId ?? '');
        return this.notifyPartnerOfInvitation(notification);
      case 'relationshipTerminated':
        return this.notifyTermination(notification);
    }
  }

  /** Sends the invitation card to every administrator of the invited tenant the bot can reach. */
  async sendInvitationCards(invitationId: string, only?: Identity, reminder = false): Promise<boolean> {
    const details = await this.service.describeInvitation(invitationId);
    if (!details?.customer) return false;
    const admins = only ? [only] : details.administratorIds.map((userId) => ({ tenantId: details.customer!.tenantId, userId }));
    let reached = 0;
    for (const admin of admins) {
      const deliver = async (context: TurnContext, reference: Partial<ConversationReference>, locale: Locale) => {
        const say = sayIn(locale);
        const card = invitationCard(details, say, admin.userId, reminder ? say('card.reminder', { date: day(details.invitation.expiresAt) }) : undefined);
        const sent = await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
        if (sent?.id) await this.conversations.addCardCopy(invitationId, { reference, activityId: sent.id, viewerId: admin.userId, locale });
      };
      const stored = await this.conversations.referenceOf(admin);
      if (stored) {
        await this.send(stored.reference, (context) => deliver(context, stored.reference, stored.locale));
        reached++;
        continue;
      }
      // Never talked to the bot: in Teams, open a 1:1 chat in the tenant (where the bot is installed).
      const endpoint = this.open ? await this.conversations.endpointOf(admin.tenantId) : undefined;
      if (!endpoint || !this.open) continue;
      try {
        await this.open(endpoint, admin.userId, async (context) => {
          const reference = TurnContext.getConversationReference(context.activity);
          await this.conversations.rememberReference(admin, reference, 'en');
          await deliver(context, reference, 'en');
        });
        reached++;
      } catch (error) {
        this.log.warn({ err: error, userId: admin.userId }, 'could not open a chat with the administrator; the card waits for their next message');
      }
    }
    return reached > 0;
  }

  /** Every copy of the card shows the invitation as it is now. */
  async refreshCardCopies(invitationId: string, except?: string): Promise<void> {
    const details = await this.service.describeInvitation(invitationId);
    if (!details) return;
    for (const copy of await this.conversations.cardCopies(invitationId)) {
      if (copy.activityId === except) continue;
      try {
        await this.send(copy.reference, async (context) => {
          const card = invitationCard(details, sayIn(copy.locale), copy.shared ? { shared: true } : copy.viewerId);
          await context.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: copy.activityId });
        });
      } catch (error) {
        this.log.warn({ err: error, invitationId, activityId: copy.activityId }, 'could not update a copy of the invitation card');
      }
    }
  }

  private async notifyPartnerOfInvitation(notification: Notification): Promise<boolean> {
    const details = await this.service.describeInvitation(notification.invitationId ?? '');
    if (!details) return true; // nothing left to tell
    const { invitation } = details;
    const relationship = notification.relationshipId ? (await this.service.describeRelationship(notification.relationshipId))?.relationship : undefined;
    const customer = details.customer?.name ?? invitation.customerDomain;
    return this.notifyPeople([{ tenantId: invitation.createdBy.tenantId, userId: invitation.createdBy.userId }], (say) => {
      const kind = notification.kind === 'invitationApproved' ? 'approved' : notification.kind === 'invitationDeclined' ? 'declined' : 'expired';
      const facts = [
        { label: say('field.decision'), value: say(`status.${kind}`) },
        ...(invitation.decidedBy ? [{ label: say('field.by'), value: `${invitation.decidedBy.name} (${invitation.decidedBy.organisation})` }] : []),
        { label: say('field.when'), value: day(invitation.decidedAt ?? invitation.expiresAt) },
        ...(invitation.reason ? [{ label: say('field.reason'), value: invitation.reason }] : []),
        ...(relationship
          ? [
              { label: say('field.grantedRoles'), value: relationship.roles.map(adminRoleName).join(', ') || say('card.resellerOnly') },
              { label: say('field.endsAt'), value: relationship.endsAt ? day(relationship.endsAt) : say('value.notApplicable') },
              { label: say('field.subscriptions'), value: say('value.unchangedSubscriptions') },
            ]
          : []),
      ];
      return { title: say(`notify.${kind}`, { customer, code: invitation.code }), color: kind === 'approved' ? 'Good' : 'Attention', facts };
    });
  }

  private async notifyTermination(notification: Notification): Promise<boolean> {
    const described = await this.service.describeRelationship(notification.relationshipId ?? '');
    if (!described) return true;
    const { relationship, partnerName, customerName } = described;
    const toPartner = notification.recipient.kind === 'partner';
    const people = await this.service.membersOf(toPartner ? { partnerId: relationship.partnerId } : { customerId: relationship.customerId, administratorsOnly: true });
    return this.notifyPeople(people, (say) => ({
      title: say(toPartner ? 'notify.terminatedByCustomer' : 'notify.terminatedByPartner', { customer: customerName, partner: partnerName }),
      color: 'Attention',
      facts: [
        { label: say('field.by'), value: relationship.terminatedBy ? `${relationship.terminatedBy.name} (${relationship.terminatedBy.organisation})` : '—' },
        { label: say('field.when'), value: day(relationship.terminatedAt ?? '') },
        { label: say('field.subscriptions'), value: say('value.unchangedSubscriptions') },
      ],
    }));
  }

  /** Sends a notification card to each person the bot can reach; true when at least one got it. */
  private async notifyPeople(people: Identity[], content: (say: ReturnType<typeof sayIn>) => object): Promise<boolean> {
    let reached = 0;
    for (const person of people) {
      const stored = await this.conversations.referenceOf(person);
      if (!stored) continue;
      const card = expandCard(partnerNotificationTemplate, content(sayIn(stored.locale)));
      await this.send(stored.reference, async (context) => {
        await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      });
      reached++;
    }
    return reached > 0;
  }
}
