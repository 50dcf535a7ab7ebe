import type { CardCopy } from '../types.js';
import { FeatureUseCases } from '../useCase.js';
import {
  claimCardSend,
  claimDueDeliveries,
  type DeliveryOutcome,
  type DeliveryPolicy,
  hasCardCopy,
  type PersonalCard,
  planAndTake,
  planUnplanned,
  pruneFinishedNotifications,
  recordDeliveryAttempts,
  releaseCardClaim,
  type TakenDeliveries,
} from './delivery.js';

/** What the outbox owes: notifications planned into deliveries, claimed, recorded; the card copies to update. */
export class Deliveries extends FeatureUseCases {
  cardCopies(invitationId: string) {
    return this.read((r) => r.cardCopies.listByInvitation(invitationId));
  }

  cardCopy(id: string) {
    return this.read((r) => r.cardCopies.get(id));
  }

  hasCardCopy(invitationId: string, viewerId: string) {
    return this.read((r) => hasCardCopy(r, invitationId, viewerId, this.ctx.clock()));
  }

  /** Claims sending this card to this person; undefined: another path sends it, or did. */
  claimCardSend(invitationId: string, viewerId: string, card: PersonalCard, leaseSeconds: number) {
    return this.deps.uow.run((r) => claimCardSend(this.ctx, r, invitationId, viewerId, card, leaseSeconds));
  }

  releaseCardClaim(id: string) {
    return this.deps.uow.run((r) => releaseCardClaim(this.ctx, r, id));
  }

  /**
   * A card shown in a turn (waiting cards, `code`): remembered so later changes update it too; `id`:
   * the claim it was sent under.
   */
  addCardCopy(copy: Omit<CardCopy, 'id' | 'createdAt'>, id = this.ctx.ids.newId()) {
    return this.run((r) => r.cardCopies.save({ ...copy, id, createdAt: this.ctx.clock().toISOString() }));
  }

  /**
   * Whether the delivery worker has anything to do: notifications to plan, deliveries due now. One
   * look on committed data, both asked together, without taking a unit of work: most wakes find nothing.
   */
  workWaiting(): Promise<{ toPlan: boolean; due: boolean }> {
    const now = this.ctx.clock().toISOString();
    return this.read(async (r) => {
      const [unplanned, due] = await Promise.all([r.outbox.listUnplanned(1), r.deliveries.listDue(now, 1)]);
      return { toPlan: unplanned.length > 0, due: due.length > 0 };
    });
  }

  /** Turns up to `limit` new notifications into their deliveries, in one unit of work; returns how many. */
  plan(limit: number): Promise<number> {
    return this.run((r) => planUnplanned(this.ctx, r, limit));
  }

  /** Plans up to `limit` new notifications and takes up to `take` of their deliveries, in one unit of work. */
  planAndTake(policy: DeliveryPolicy, limit: number, take: number): Promise<TakenDeliveries> {
    return this.run((r) => planAndTake(this.ctx, r, limit, policy, take));
  }

  claimDue(policy: DeliveryPolicy, limit: number) {
    return this.run((r) => claimDueDeliveries(this.ctx, r, policy, limit));
  }

  /** Forgets fully delivered notifications older than the retention, a batch per unit of work; returns how many. */
  async pruneFinished(retentionDays: number): Promise<number> {
    let total = 0;
    for (;;) {
      const pruned = await this.run((r) => pruneFinishedNotifications(this.ctx, r, retentionDays, 500));
      total += pruned;
      if (pruned < 500) return total;
    }
  }

  /** What the outbox still owes: notifications not yet planned, deliveries not yet made (due now or later). */
  backlog(): Promise<{ unplanned: number; pending: number; waiting: number }> {
    return this.read(async (r) => {
      const [unplanned, pending, waiting] = await Promise.all([
        r.outbox.countUnplanned(),
        r.deliveries.countPending(),
        r.deliveries.countWaitingForRecipient(),
      ]);
      return { unplanned, pending, waiting };
    });
  }

  recordAttempts(policy: DeliveryPolicy, attempts: ReadonlyArray<{ deliveryId: string; outcome: DeliveryOutcome }>) {
    return this.run((r) => recordDeliveryAttempts(this.ctx, r, policy, attempts));
  }

  notification(id: string) {
    return this.read((r) => r.outbox.get(id));
  }

  ofNotification(notificationId: string) {
    return this.read((r) => r.deliveries.listByNotification(notificationId));
  }

  delivery(id: string) {
    return this.read((r) => r.deliveries.get(id));
  }
}
