import type { DomainContext, Repositories } from '../ports.js';
import type { CardCopy, Delivery, DeliveryTarget, Notification, PersonRef } from '../types.js';
import { INVITATION_CARDS, isApproverRole } from '../types.js';

// Who is owed what, and how often to try. The delivery worker (delivery/) does the sending; these
// functions decide the recipients, the retry schedule and when to give up, inside units of work.

export interface DeliveryPolicy {
  /** First retry after this many seconds, doubling each time up to `maxBackoffSeconds`. */
  backoffSeconds: number;
  maxBackoffSeconds: number;
  /** Attempts before giving up when the failure may pass (a time-out, a 5xx, nobody to reach yet). */
  maxAttempts: number;
  /** Attempts before giving up when the channel said no (403, conversation not found, bot removed). */
  maxPermanentAttempts: number;
  /** How long a worker holds a delivery it took before another may take it (a crashed worker). */
  leaseSeconds: number;
  /**
   * How long a notice waits for a person the bot cannot reach yet (they never talked to it, and no
   * chat can be opened): tried every `maxBackoffSeconds`, and at once when they first talk to the bot.
   */
  holdDays: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  backoffSeconds: 30,
  maxBackoffSeconds: 3600,
  maxAttempts: 8,
  maxPermanentAttempts: 3,
  leaseSeconds: 120,
  holdDays: 30,
};

const addSeconds = (at: Date, seconds: number): string => new Date(at.getTime() + seconds * 1000).toISOString();

/** The wait before attempt n + 1 after n failed attempts: exponential, capped. */
export const backoffAfter = (policy: DeliveryPolicy, attempts: number): number =>
  Math.min(policy.backoffSeconds * 2 ** Math.max(attempts - 1, 0), policy.maxBackoffSeconds);

/** Kinds that change what an invitation card shows: every copy of it is updated. */
const CARD_CHANGING = new Set<Notification['kind']>([
  'invitationApproved',
  'invitationDeclined',
  'invitationExpired',
  'invitationCancelled',
]);

/** The people a notification is for. */
async function recipientsOf(repos: Repositories, notification: Notification): Promise<PersonRef[]> {
  const invitation = notification.invitationId ? await repos.invitations.get(notification.invitationId) : undefined;
  switch (notification.kind) {
    case 'invitationSent':
    case 'invitationResent':
    case 'invitationReminder': {
      // Every Global Administrator of the invited tenant, when the directory knows it (R10).
      if (!invitation) return [];
      const customer =
        (invitation.customerId ? await repos.customers.get(invitation.customerId) : undefined) ??
        (await repos.customers.findByDomain(invitation.customerDomain));
      return customer
        ? customer.users
            .filter((u) => isApproverRole(u.role))
            .map((u) => ({ tenantId: customer.tenantId, userId: u.id }))
        : [];
    }
    case 'invitationApproved':
    case 'invitationDeclined':
    case 'invitationExpired':
    case 'deliveryFailed':
    case 'requestAtMicrosoft':
    case 'requestFailed':
    case 'requestDelayed':
      // The partner user who sent the invitation.
      return invitation ? [{ tenantId: invitation.createdBy.tenantId, userId: invitation.createdBy.userId }] : [];
    case 'invitationCancelled':
      return [];
    case 'relationshipExpiring':
    case 'relationshipExpired':
    case 'relationshipExtended':
    case 'relationshipAutoExtendChanged': {
      // R21: the partner's admin agents, or the customer's Global Administrators.
      const relationship = notification.relationshipId
        ? await repos.relationships.get(notification.relationshipId)
        : undefined;
      if (!relationship) return [];
      if (notification.recipient.kind === 'partner') {
        const partner = await repos.partners.get(relationship.partnerId);
        return partner
          ? partner.users
              .filter((u) => u.roles.includes('adminAgent'))
              .map((u) => ({ tenantId: partner.tenantId, userId: u.id }))
          : [];
      }
      const customer = await repos.customers.get(relationship.customerId);
      return customer
        ? customer.users
            .filter((u) => isApproverRole(u.role))
            .map((u) => ({ tenantId: customer.tenantId, userId: u.id }))
        : [];
    }
    case 'accessReminder': {
      // R22: the admin agent who sent the request; for a relationship without one, every admin agent.
      const relationship = notification.relationshipId
        ? await repos.relationships.get(notification.relationshipId)
        : undefined;
      const partner = relationship ? await repos.partners.get(relationship.partnerId) : undefined;
      if (!relationship || !partner) return [];
      const request = relationship.invitationIds[0]
        ? await repos.invitations.get(relationship.invitationIds[0])
        : undefined;
      const sender = request
        ? partner.users.find((u) => u.id === request.createdBy.userId && u.roles.includes('adminAgent'))
        : undefined;
      const agents = sender ? [sender] : partner.users.filter((u) => u.roles.includes('adminAgent'));
      return agents.map((u) => ({ tenantId: partner.tenantId, userId: u.id }));
    }
    case 'relationshipTerminated': {
      const relationship = notification.relationshipId
        ? await repos.relationships.get(notification.relationshipId)
        : undefined;
      if (!relationship) return [];
      if (notification.recipient.kind === 'partner') {
        const partner = await repos.partners.get(relationship.partnerId);
        return partner ? partner.users.map((u) => ({ tenantId: partner.tenantId, userId: u.id })) : [];
      }
      const customer = await repos.customers.get(relationship.customerId);
      return customer
        ? customer.users
            .filter((u) => isApproverRole(u.role))
            .map((u) => ({ tenantId: customer.tenantId, userId: u.id }))
        : [];
    }
  }
}

/** Who and which card copies a notification goes to. */
async function targetsOf(repos: Repositories, notification: Notification): Promise<DeliveryTarget[]> {
  const [people, copies] = await Promise.all([
    recipientsOf(repos, notification),
    CARD_CHANGING.has(notification.kind) && notification.invitationId
      ? repos.cardCopies.listByInvitation(notification.invitationId).then((all) => all.filter(isShown))
      : [],
  ]);
  return [
    ...people.map((person): DeliveryTarget => ({ kind: 'person', person })),
    ...copies.map((copy): DeliveryTarget => ({ kind: 'cardCopy', copyId: copy.id })),
  ];
}

/**
 * Turns a notification into one delivery per recipient, once: the people it is for, and every copy
 * of the invitation card when the card's content changed. The new deliveries are due now, except
 * the first `take`, leased to the worker that planned them.
 */
async function recordPlan(
  ctx: DomainContext,
  repos: Repositories,
  notification: Notification,
  targets: readonly DeliveryTarget[],
  lease: DeliveryPolicy | undefined,
  take: number,
): Promise<Delivery[]> {
  const now = ctx.clock();
  const at = now.toISOString();
  const leased = lease && { claims: 1, nextAttemptAt: addSeconds(now, lease.leaseSeconds) };
  const deliveries = targets.map((target, k): Delivery => ({
    id: ctx.ids.newId(),
    notificationId: notification.id,
    target,
    status: 'pending',
    attempts: 0,
    ...(leased && k < take ? leased : { nextAttemptAt: at }),
  }));
  for (const delivery of deliveries) await repos.deliveries.save(delivery);
  await repos.outbox.save({ ...notification, plannedAt: at });
  return deliveries;
}

/** Plans up to `limit` unplanned notifications, oldest first, in one unit of work; returns how many. */
export async function planUnplanned(ctx: DomainContext, repos: Repositories, limit: number): Promise<number> {
  return (await planAndTake(ctx, repos, limit)).planned;
}

/** What planning gave the worker that planned. */
export interface TakenDeliveries {
  /** Notifications planned. */
  planned: number;
  /** Deliveries taken by this worker, each with the notification it delivers. */
  taken: Array<{ delivery: Delivery; notification: Notification }>;
  /** New deliveries left due now, for whichever worker claims them. */
  left: number;
}

/**
 * Plans up to `limit` unplanned notifications, as planUnplanned, and up to `take` of the new
 * deliveries are taken (leased) by the worker that planned them, in the same unit of work: nobody
 * else can have taken them before it commits, and a worker that stops lets them go when the lease
 * ends. The worker takes no more than it sends at once, so no lease runs out while it waits its turn.
 */
export async function planAndTake(
  ctx: DomainContext,
  repos: Repositories,
  limit: number,
  lease?: DeliveryPolicy,
  take = 0,
): Promise<TakenDeliveries> {
  const unplanned = await repos.outbox.listUnplanned(limit);
  // Every notification's recipients looked up together, then written in order.
  const targets = await Promise.all(unplanned.map((notification) => targetsOf(repos, notification)));
  const taken: TakenDeliveries['taken'] = [];
  let left = 0;
  for (const [k, notification] of unplanned.entries()) {
    const deliveries = await recordPlan(ctx, repos, notification, targets[k]!, lease, take - taken.length);
    for (const delivery of deliveries) {
      if (delivery.claims) taken.push({ delivery, notification });
      else left++;
    }
  }
  return { planned: unplanned.length, taken, left };
}

/** Takes up to `limit` due deliveries for this worker: each is leased, so no other worker takes it meanwhile. */
export async function claimDueDeliveries(
  ctx: DomainContext,
  repos: Repositories,
  policy: DeliveryPolicy,
  limit: number,
): Promise<Delivery[]> {
  const now = ctx.clock();
  const due = await repos.deliveries.listDue(now.toISOString(), limit);
  const leased = due.map((d) => ({
    ...d,
    claims: (d.claims ?? 0) + 1,
    nextAttemptAt: addSeconds(now, policy.leaseSeconds),
  }));
  for (const delivery of leased) await repos.deliveries.save(delivery);
  return leased;
}

export type DeliveryOutcome =
  | { ok: true; copy?: Omit<CardCopy, 'id' | 'createdAt'> & { id?: string } }
  /**
   * `permanent`: the channel refused (403, 404); otherwise it may pass (time-out, 5xx). `unreachable`: the person
   * cannot be reached yet — the notice waits for them (policy `holdDays`) instead of being given up.
   */
  | { ok: false; error: string; permanent: boolean; unreachable?: boolean };

/**
 * Records one attempt. Delivered: marked with the card copy it made, in this same unit of work,
 * so a served recipient is never served again. Failed: retried with backoff until the bound, then
 * given up; an invitation card that reached nobody's chat is reported to the partner who sent it.
 */
export async function recordDeliveryAttempt(
  ctx: DomainContext,
  repos: Repositories,
  policy: DeliveryPolicy,
  deliveryId: string,
  outcome: DeliveryOutcome,
  /** The delivery as read in this unit already, if it was. */
  read?: Delivery,
): Promise<Delivery | undefined> {
  const delivery = read ?? (await repos.deliveries.get(deliveryId));
  if (!delivery || delivery.status !== 'pending') return delivery;
  const now = ctx.clock();
  const at = now.toISOString();
  const attempts = delivery.attempts + 1;
  if (outcome.ok) {
    // A claimed copy's record is replaced by the copy itself.
    if (outcome.copy)
      await repos.cardCopies.save({ ...outcome.copy, id: outcome.copy.id ?? ctx.ids.newId(), createdAt: at });
    const delivered: Delivery = { ...delivery, attempts, status: 'delivered', deliveredAt: at };
    await repos.deliveries.save(delivered);
    return delivered;
  }
  const error = outcome.error.slice(0, 300);
  if (outcome.unreachable) {
    // Nobody to reach yet (day one: an admin agent who never talked to the bot): kept until they can be.
    const notification = await repos.outbox.get(delivery.notificationId);
    const since = notification ? Date.parse(notification.createdAt) : now.getTime();
    if (now.getTime() - since < policy.holdDays * 86_400_000) {
      const waiting: Delivery = {
        ...delivery,
        attempts,
        lastError: error,
        waitingForRecipient: true,
        nextAttemptAt: addSeconds(now, Math.max(backoffAfter(policy, attempts), policy.backoffSeconds)),
      };
      await repos.deliveries.save(waiting);
      return waiting;
    }
  }
  const bound = outcome.permanent ? policy.maxPermanentAttempts : policy.maxAttempts;
  if (attempts < bound) {
    const retry: Delivery = {
      ...delivery,
      attempts,
      lastError: error,
      nextAttemptAt: addSeconds(now, backoffAfter(policy, attempts)),
    };
    await repos.deliveries.save(retry);
    return retry;
  }
  const failed: Delivery = { ...delivery, attempts, lastError: error, status: 'failed', failedAt: at };
  await repos.deliveries.save(failed);
  const notification = await repos.outbox.get(delivery.notificationId);
  if (notification && INVITATION_CARDS.has(notification.kind) && delivery.target.kind === 'person') {
    const invitation = notification.invitationId ? await repos.invitations.get(notification.invitationId) : undefined;
    if (invitation) {
      await repos.outbox.add({
        id: ctx.ids.newId(),
        createdAt: at,
        kind: 'deliveryFailed',
        recipient: { kind: 'partner', partnerId: invitation.partnerId },
        invitationId: invitation.id,
        deliveryId: delivery.id,
      });
    }
  }
  return failed;
}

/** Records the attempts of one batch in one unit of work (one durable write for the batch). */
export async function recordDeliveryAttempts(
  ctx: DomainContext,
  repos: Repositories,
  policy: DeliveryPolicy,
  attempts: ReadonlyArray<{ deliveryId: string; outcome: DeliveryOutcome }>,
): Promise<void> {
  // The batch's deliveries read together, then recorded in order.
  const unique = [...new Set(attempts.map((a) => a.deliveryId))];
  const read = new Map(
    (await Promise.all(unique.map((id) => repos.deliveries.get(id)))).flatMap((d) => (d ? [[d.id, d] as const] : [])),
  );
  for (const { deliveryId, outcome } of attempts) {
    await recordDeliveryAttempt(ctx, repos, policy, deliveryId, outcome, read.get(deliveryId));
    read.delete(deliveryId); // the same delivery twice in a batch: the second is read as the first left it
  }
}

/**
 * A person talked to the bot for the first time: what waits for them is due now (the worker sends it
 * right after their turn, never inside it). Returns how many.
 */
export async function releaseWaitingFor(
  ctx: DomainContext,
  repos: Repositories,
  deliveryIds: readonly string[],
): Promise<number> {
  const at = ctx.clock().toISOString();
  let released = 0;
  // Read again in this unit: a worker may have delivered one meanwhile.
  for (const delivery of await Promise.all(deliveryIds.map((id) => repos.deliveries.get(id)))) {
    if (!delivery || delivery.status !== 'pending') continue;
    // One a worker holds now (taken, its outcome not yet recorded) is that worker's to finish.
    const inFlight = (delivery.claims ?? 0) > delivery.attempts;
    if (!delivery.waitingForRecipient || delivery.nextAttemptAt <= at || inFlight) continue;
    await repos.deliveries.save({ ...delivery, nextAttemptAt: at });
    released++;
  }
  return released;
}

/** A copy shown somewhere (not a claim still being sent). */
export const isShown = (copy: CardCopy): boolean => copy.activityId !== '';

/**
 * A recipient who has a copy of this invitation's card in their own chat, or one being sent to them
 * now, needs no other.
 */
export async function hasCardCopy(
  repos: Repositories,
  invitationId: string,
  viewerId: string,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  return (await repos.cardCopies.listByInvitation(invitationId)).some(
    (c) => c.viewerId === viewerId && !c.shared && (isShown(c) || (c.claimedUntil ?? '') > at),
  );
}

/**
 * Which card a personal copy is: the invitation card, the reminder of it, or one resend of it (those
 * two are further cards on purpose; a resend is named by its notification).
 */
export type PersonalCard = 'card' | 'reminder' | `resent ${string}`;

/** One id per person and card: two paths that send it write the same record, so only one can claim it. */
export const personalCopyId = (invitationId: string, viewerId: string, card: PersonalCard): string =>
  `${card}:${invitationId}:${viewerId}`;

/**
 * Claims sending an invitation card to one person, before it is sent: whoever claims it sends it
 * (the delivery worker, the person's own turn, on any instance); another finds it claimed or shown
 * and sends nothing. Two claiming at once write the same record: the store lets one commit. A claim
 * not followed by the copy (the sender stopped) lapses after `leaseSeconds`. Returns the copy's id,
 * or undefined when it is not this caller's to send.
 */
export async function claimCardSend(
  ctx: DomainContext,
  repos: Repositories,
  invitationId: string,
  viewerId: string,
  card: PersonalCard,
  leaseSeconds: number,
): Promise<string | undefined> {
  const now = ctx.clock();
  const id = personalCopyId(invitationId, viewerId, card);
  const [existing, shown] = await Promise.all([
    repos.cardCopies.get(id),
    card === 'card' ? hasCardCopy(repos, invitationId, viewerId, now) : false,
  ]);
  if (shown || (existing && (isShown(existing) || (existing.claimedUntil ?? '') > now.toISOString()))) return undefined;
  await repos.cardCopies.save({
    id,
    invitationId,
    address: {},
    activityId: '',
    viewerId,
    shared: false,
    locale: '',
    createdAt: now.toISOString(),
    claimedUntil: addSeconds(now, leaseSeconds),
  });
  return id;
}

/** The send failed: the claim is let go at once, so a retry (or the person's next turn) may send it. */
export async function releaseCardClaim(ctx: DomainContext, repos: Repositories, id: string): Promise<void> {
  const claim = await repos.cardCopies.get(id);
  if (claim && !isShown(claim)) await repos.cardCopies.save({ ...claim, claimedUntil: ctx.clock().toISOString() });
}

/**
 * Forgets notifications that were fully dealt with (every delivery made or given up) more than
 * `retentionDays` ago, with their delivery records: the outbox of a busy partner would otherwise only
 * grow. The invitations and relationships keep their own history; the audit log keeps everything.
 */
export async function pruneFinishedNotifications(
  ctx: DomainContext,
  repos: Repositories,
  retentionDays: number,
  limit: number,
): Promise<number> {
  const before = new Date(ctx.clock().getTime() - retentionDays * 86_400_000).toISOString();
  let pruned = 0;
  for (const notification of await repos.outbox.listPlannedBefore(before, limit)) {
    const deliveries = await repos.deliveries.listByNotification(notification.id);
    if (deliveries.some((d) => d.status === 'pending')) continue;
    for (const delivery of deliveries) await repos.deliveries.remove(delivery.id);
    await repos.outbox.remove(notification.id);
    pruned++;
  }
  return pruned;
}
