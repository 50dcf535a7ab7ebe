import { CardFactory, type ConversationReference, MessageFactory, type TurnContext } from 'botbuilder';
import { invitationCard } from '../cards/invitations/invitationCard.js';
import type { CardJson } from '../cards/template.js';
import { DEFAULT_DELIVERY_POLICY, type DeliveryOutcome, type DeliveryPolicy } from '../domain/delivery/delivery.js';
import type { UseCases } from '../domain/useCases.js';
import type { Contact, Delivery, Notification, PersonRef } from '../domain/types.js';
import { localeFromTag, type Say, sayIn } from '../translations/index.js';
import { storedAddressOf } from '../turn/address.js';
import type { DeliveryChannel } from './channel.js';
import type { Notice, NoticeRenderers } from './notices.js';

export interface DeliveryLog {
  warn(details: object, message: string): void;
}

export interface DeliveryWorkerOptions {
  policy?: DeliveryPolicy;
  /** Deliveries taken per round, and sent at the same time. */
  batchSize?: number;
  /** How often the timer looks for retries that became due. */
  pollSeconds?: number;
  /** Told of every attempt's result (the operator's metrics); must not throw. */
  onAttempt?: (failure: DeliveryFailureReason | undefined) => void;
  /** Whether people's requests are being answered now: a round waits for them (up to `yieldMs`). */
  answering?: () => boolean;
  /** The longest a round waits for requests being answered. */
  yieldMs?: number;
}

/** Why an attempt failed, in a few words an operator can count by. */
export type DeliveryFailureReason = 'notReachable' | 'refused' | 'throttled' | 'channelError' | 'network' | 'other';

function failureReason(error: unknown): DeliveryFailureReason {
  if (error instanceof NotReachable) return 'notReachable';
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (isPermanent(error)) return 'refused';
  if (status === 429) return 'throttled';
  if (typeof status === 'number' && status >= 500) return 'channelError';
  const code = String((error as { code?: unknown })?.code ?? '');
  if (/^E[A-Z]+$/.test(code) || (error as Error)?.name === 'AbortError') return 'network';
  return 'other';
}

/** Channel errors that will not pass by themselves: the bot was removed or blocked, the conversation is gone. */
function isPermanent(error: unknown): boolean {
  const e = error as { statusCode?: unknown; code?: unknown; body?: { error?: { code?: unknown } } };
  const status = typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  const code = String(e?.code ?? e?.body?.error?.code ?? '');
  return (
    status === 401 ||
    status === 403 ||
    status === 404 ||
    /ConversationNotFound|BotNotInConversationRoster|BotDisabledByAdmin|Forbidden/i.test(code)
  );
}

class NotReachable extends Error {}

/** Notifications planned per unit of work. */
const PLAN_BATCH = 50;

const attachment = (card: CardJson) => MessageFactory.attachment(CardFactory.adaptiveCard(card));

/**
 * Delivers what the outbox says the bot owes, off the turn: woken after a commit and by a timer,
 * never awaited by a user's request. A notification becomes one delivery per recipient (the
 * domain decides who); each is served once, retried with backoff, and given up after a bound.
 * One round runs at a time in a process; a lease on each delivery keeps several processes apart.
 */
export class DeliveryWorker {
  private readonly policy: DeliveryPolicy;
  private readonly batchSize: number;
  private readonly pollSeconds: number;
  private readonly onAttempt: (failure: DeliveryFailureReason | undefined) => void;
  private readonly answering: () => boolean;
  private readonly yieldMs: number;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly service: UseCases,
    /** What each kind of notification says, rendered by its feature. */
    private readonly notices: NoticeRenderers,
    private readonly channel: DeliveryChannel,
    private readonly log: DeliveryLog,
    options: DeliveryWorkerOptions = {},
  ) {
    this.policy = options.policy ?? DEFAULT_DELIVERY_POLICY;
    this.batchSize = options.batchSize ?? 16;
    this.pollSeconds = options.pollSeconds ?? 5;
    this.onAttempt = options.onAttempt ?? (() => undefined);
    this.answering = options.answering ?? (() => false);
    this.yieldMs = options.yieldMs ?? 1000;
  }

  /** Something may be owed: run a round soon. Returns at once; rounds never overlap. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await new Promise<void>((resolve) => setImmediate(resolve)); // after the caller's turn, not inside it
        await this.yieldToRequests();
        await this.round().catch((error: unknown) =>
          this.log.warn({ err: error }, 'delivery round failed; it runs again on the next wake'),
        );
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  }

  /**
   * Proactive messages wait while people's requests are being answered, for a second at most: on
   * a busy instance the cards of a burst of Sends or decisions go out after the burst is answered,
   * instead of sharing the event loop with it.
   */
  private async yieldToRequests(): Promise<void> {
    const until = Date.now() + this.yieldMs;
    while (this.answering() && Date.now() < until && !this.stopped)
      await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Looks for due retries on an interval. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.wake(), this.pollSeconds * 1000);
    this.timer.unref();
    this.wake();
  }

  /** Stops the timer and waits for the round in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopped = true;
    while (this.running) await this.running;
  }

  /** Runs rounds until nothing is due now (tests, and before stopping). */
  async idle(): Promise<void> {
    if (!this.stopped) this.wake();
    while (this.running) await this.running;
  }

  /** Plans new notifications, then sends what is due, a batch at a time. Returns how many attempts were made. */
  async round(): Promise<number> {
    // Most wakes find nothing to do: one look, then a unit of work only for what there is.
    const waiting = await this.service.deliveries.workWaiting();
    let attempts = 0;
    // New notifications: planned, and a batch of their deliveries taken by this worker, in one unit of work.
    let left = 0;
    for (let more = waiting.toPlan; more;) {
      const planning = await this.service.deliveries.planAndTake(this.policy, PLAN_BATCH, this.batchSize);
      attempts += await this.attemptBatch(planning.taken);
      left += planning.left;
      more = planning.planned === PLAN_BATCH;
    }
    // The rest of what was planned, retries that became due, and what another instance let go.
    for (let more = waiting.due || left > 0; more;) {
      const due = await this.service.deliveries.claimDue(this.policy, this.batchSize);
      attempts += await this.attemptBatch(due.map((delivery) => ({ delivery })));
      more = due.length === this.batchSize; // what became due meanwhile comes with the next wake
    }
    return attempts;
  }

  /** Attempts a batch at once and records the outcomes in one unit of work (one durable write for the batch). */
  private async attemptBatch(
    batch: ReadonlyArray<{ delivery: Delivery; notification?: Notification }>,
  ): Promise<number> {
    if (batch.length === 0) return 0;
    // Started together: their look-ups go to the store together.
    const outcomes = await Promise.all(
      batch.map(async ({ delivery, notification }) => ({
        deliveryId: delivery.id,
        outcome: await this.attemptOne(delivery, notification),
      })),
    );
    await this.service.deliveries.recordAttempts(this.policy, outcomes);
    return batch.length;
  }

  private async attemptOne(delivery: Delivery, planned?: Notification): Promise<DeliveryOutcome> {
    let outcome: DeliveryOutcome;
    try {
      const notification = planned ?? (await this.service.deliveries.notification(delivery.notificationId));
      outcome = notification ? await this.attempt(notification, delivery) : { ok: true };
      this.onAttempt(outcome.ok ? undefined : 'other');
    } catch (error) {
      this.onAttempt(failureReason(error));
      const permanent = !(error instanceof NotReachable) && isPermanent(error);
      outcome = {
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        permanent,
        ...(error instanceof NotReachable ? { unreachable: true } : {}),
      };
      // Nobody to reach yet is expected (the card waits for the person's next message): no stack trace.
      this.log.warn(
        {
          ...(error instanceof NotReachable ? { reason: error.message } : { err: error }),
          deliveryId: delivery.id,
          notificationId: delivery.notificationId,
          attempt: delivery.attempts + 1,
          permanent,
        },
        error instanceof NotReachable
          ? 'delivery waits: nobody to reach yet (kept, and sent when the person first talks to the bot)'
          : 'delivery failed; retried later unless it has failed too often',
      );
    }
    return outcome;
  }

  private async attempt(notification: Notification, delivery: Delivery): Promise<DeliveryOutcome> {
    if (delivery.target.kind === 'cardCopy')
      return this.updateCardCopy(delivery.target.copyId, notification.invitationId);
    const person = delivery.target.person;
    // Asked for with what the notice reads, not after it; not needed when there is nothing left to tell.
    const contact = this.service.people.contactOf(person);
    contact.catch(() => undefined);
    const notice = await this.notices[notification.kind](notification, person, this.service);
    if (!notice) return { ok: true };
    if (notice.copyOf !== undefined) return this.sendInvitationCard(notice.copyOf, notice, person, contact);
    return this.sendToContact(person, notice.card, contact);
  }

  /**
   * A notification card in the person's own conversation with the bot; for someone who never talked
   * to it, in a new Teams 1:1 chat where the bot is installed in their organisation (day one: the
   * partner's admin agents, read from Microsoft, before any of them wrote to the bot).
   */
  private async sendToContact(
    person: PersonRef,
    build: (say: Say) => CardJson,
    lookup: Promise<Contact | undefined>,
  ): Promise<DeliveryOutcome> {
    const contact = await lookup;
    if (contact) {
      await this.channel.send(contact.address, async (context) => {
        await context.sendActivity(attachment(build(sayIn(localeFromTag(contact.locale)))));
      });
      return { ok: true };
    }
    const endpoint = this.channel.open ? await this.service.people.endpointOf(person.tenantId) : undefined;
    if (!endpoint || !this.channel.open)
      throw new NotReachable(
        'not reachable yet: this person has not talked to the bot and no Teams chat can be opened',
      );
    const locale = sayIn(localeFromTag(await this.service.people.languageOf(person))).locale;
    await this.channel.open(endpoint, person.userId, async (context) => {
      await this.service.people.rememberContact({ person, address: storedAddressOf(context), locale });
      await context.sendActivity(attachment(build(sayIn(localeFromTag(locale)))));
    });
    return { ok: true };
  }

  /**
   * The invitation card to one administrator: in their chat with the bot, or in a new Teams 1:1 chat.
   * Claimed first: their own turn, or another instance, may be sending the same card now.
   */
  private async sendInvitationCard(
    { invitationId, card }: NonNullable<Notice['copyOf']>,
    notice: Notice,
    person: PersonRef,
    lookup: Promise<Contact | undefined>,
  ): Promise<DeliveryOutcome> {
    const contact = await lookup;
    const endpoint = !contact && this.channel.open ? await this.service.people.endpointOf(person.tenantId) : undefined;
    if (!contact && (!endpoint || !this.channel.open))
      throw new NotReachable(
        'not reachable yet: this administrator has not talked to the bot and no Teams chat can be opened',
      );
    const claim = await this.service.deliveries.claimCardSend(
      invitationId,
      person.userId,
      card,
      this.policy.leaseSeconds,
    );
    if (claim === undefined) return { ok: true };
    const post = async (
      context: TurnContext,
      address: Partial<ConversationReference>,
      locale: string,
    ): Promise<DeliveryOutcome> => {
      const say = sayIn(localeFromTag(locale));
      const sent = await context.sendActivity(attachment(notice.card(say)));
      const copy = sent?.id
        ? {
            id: claim,
            invitationId,
            address: address as Record<string, unknown>,
            activityId: sent.id,
            viewerId: person.userId,
            shared: false,
            locale: say.locale,
          }
        : undefined;
      return { ok: true, ...(copy ? { copy } : {}) };
    };
    let outcome: DeliveryOutcome | undefined;
    try {
      if (contact) {
        await this.channel.send(contact.address, async (context) => {
          outcome = await post(context, contact.address, contact.locale);
        });
      } else if (endpoint && this.channel.open) {
        // Nobody has heard this person yet: their organisation's language, else English.
        const locale = sayIn(localeFromTag(await this.service.people.languageOf(person))).locale;
        await this.channel.open(endpoint, person.userId, async (context) => {
          const address = storedAddressOf(context);
          await this.service.people.rememberContact({ person, address, locale });
          outcome = await post(context, address, locale);
        });
      }
    } catch (error) {
      await this.service.deliveries.releaseCardClaim(claim).catch(() => undefined);
      throw error;
    }
    return outcome ?? { ok: true };
  }

  /** One copy of an invitation card, rebuilt as the invitation is now. */
  private async updateCardCopy(copyId: string, invitationId: string | undefined): Promise<DeliveryOutcome> {
    // The copy and its invitation together (the notification names the invitation the copy shows).
    const [copy, described] = await Promise.all([
      this.service.deliveries.cardCopy(copyId),
      invitationId ? this.service.invitations.describe(invitationId) : undefined,
    ]);
    if (!copy) return { ok: true };
    const details =
      described?.invitation.id === copy.invitationId
        ? described
        : await this.service.invitations.describe(copy.invitationId);
    if (!details) return { ok: true };
    const card = invitationCard(
      details,
      sayIn(localeFromTag(copy.locale)),
      copy.shared ? { shared: true } : copy.viewerId,
    );
    await this.channel.send(copy.address, async (context) => {
      await context.updateActivity({ ...attachment(card), id: copy.activityId });
    });
    return { ok: true };
  }
}
