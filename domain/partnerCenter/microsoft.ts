import { ADMIN_ROLES } from '../adminRoles.js';
import { audit, SYSTEM } from '../audit.js';
import { expire, grant, INVITATION_LIFETIME_DAYS, transition } from '../invitations/invitations.js';
import { addDays } from '../time.js';
import { customerFor } from './estate.js';
import type { MicrosoftRelationship, PartnerCenter, RelationshipRequest } from '../partnerCenterPort.js';
import { PartnerCenterError } from '../partnerCenterPort.js';
import type { DomainContext, Repositories, UnitOfWork } from '../ports.js';
import type { ActorRef, Customer, Invitation, Relationship } from '../types.js';

// Connected to Partner Center (PARTNER_CENTER=graph): the request is made at Microsoft, and Microsoft's
// statuses move the bot's records. Calls to Microsoft happen between units of work, never inside
// one; each outcome is recorded in one unit with the notifications it owes.

/** Waits between attempts to reach Microsoft for one request (about 40 minutes in all), then the partner is told. */
export const SEND_RETRY_SECONDS = [30, 60, 120, 300, 600, 1200] as const;

/** Who approved or ended something in Microsoft's own portal: the bot does not learn the person. */
export const ADMIN_CENTER = 'Microsoft 365 admin center';

const templateIdsOf = (roles: readonly string[]): string[] =>
  roles.map((id) => ADMIN_ROLES.find((r) => r.id === id)?.templateId ?? id);

export function relationshipRequestOf(
  invitation: Invitation,
  customerTenantId: string,
  customerName?: string,
): RelationshipRequest {
  return {
    displayName: invitation.relationshipName,
    customerTenantId,
    ...(customerName ? { customerName } : {}),
    roleTemplateIds: templateIdsOf(invitation.roles),
    durationDays: invitation.durationDays ?? 730,
    autoExtend: invitation.autoExtend,
  };
}

export type SendOutcome = 'sent' | 'retrying' | 'failed' | 'skipped';

/** Pending invitations whose request is due to be made at Microsoft. */
export async function requestsDue(ctx: DomainContext, repos: Repositories, limit: number): Promise<Invitation[]> {
  const now = ctx.clock().toISOString();
  // Withdrawn while still being made: what an earlier attempt may have made is cleared up.
  const candidates = [
    ...(await repos.invitations.list({ status: 'pending', atMicrosoft: 'sending' })),
    ...(await repos.invitations.list({ status: 'cancelled', atMicrosoft: 'sending' })),
  ];
  return candidates
    .filter(
      (i) =>
        i.microsoft?.state === 'sending' &&
        (i.status !== 'pending' || !i.microsoft.nextAttemptAt || i.microsoft.nextAttemptAt <= now),
    )
    .slice(0, limit);
}

/**
 * Makes one invitation's request at Microsoft: the relationship is created (or found, when an
 * earlier attempt created it and then lost the answer: its name is unique for the partner) and
 * locked for approval. When Microsoft cannot be reached it is tried again later; when Microsoft
 * refuses, or stays unreachable, what was created is deleted and the partner is told.
 */
export async function sendRequest(
  ctx: DomainContext,
  uow: UnitOfWork,
  pc: PartnerCenter,
  invitationId: string,
): Promise<SendOutcome> {
  const invitation = await uow.read((r) => r.invitations.get(invitationId));
  if (!invitation || invitation.microsoft?.state !== 'sending') return 'skipped';
  if (invitation.status !== 'pending') return withdrawWhileSending(uow, pc, invitation);
  let relationship: MicrosoftRelationship | undefined;
  try {
    const customer = invitation.customerId ? await uow.read((r) => r.customers.get(invitation.customerId!)) : undefined;
    const tenant = invitation.customerTenantId
      ? { tenantId: invitation.customerTenantId, displayName: customer?.name ?? invitation.customerDomain }
      : await pc.findCustomerTenant(invitation.customerDomain);
    if (!tenant) throw new PartnerCenterError('customerTenantNotFound', `no tenant for ${invitation.customerDomain}`);
    relationship = await pc.findRelationshipByName(invitation.relationshipName);
    // R13: a relationship of this name with another customer was made outside the bot.
    if (relationship && relationship.customerTenantId !== tenant.tenantId) {
      relationship = undefined;
      throw new PartnerCenterError(
        'nameTaken',
        `“${invitation.relationshipName}” already names a relationship with another customer`,
      );
    }
    relationship ??= await pc.createRelationship(
      relationshipRequestOf(invitation, tenant.tenantId, tenant.displayName),
    );
    if (relationship.status === 'created') {
      await pc.lockForApproval(relationship.id);
      relationship = (await pc.getRelationship(relationship.id)) ?? relationship;
    }
    const made = relationship;
    await uow.run((r) => recordRequestAtMicrosoft(ctx, r, invitationId, made, tenant.tenantId));
    return 'sent';
  } catch (error) {
    if (!(error instanceof PartnerCenterError)) throw error;
    const attempts = invitation.microsoft.attempts + 1;
    const schedule = ctx.sendRetrySeconds ?? SEND_RETRY_SECONDS;
    const wait = schedule[attempts - 1];
    if (error.failure === 'unavailable' && wait !== undefined) {
      const nextAttemptAt = new Date(ctx.clock().getTime() + wait * 1000).toISOString();
      // The partner hears at the first failure until when the bot keeps trying.
      const givesUpAt = new Date(
        ctx.clock().getTime() + schedule.slice(attempts - 1).reduce((a, b) => a + b, 0) * 1000,
      ).toISOString();
      await uow.run((r) => recordSendAttempt(ctx, r, invitationId, attempts, nextAttemptAt, givesUpAt));
      return 'retrying';
    }
    // Nothing is left half-made: a relationship that was created but not locked is deleted.
    let leftBehind: string | undefined;
    if (relationship && relationship.status === 'created') {
      const made = relationship;
      await pc.deleteRelationship(made.id, made.etag).catch(() => (leftBehind = made.id));
    }
    await uow.run((r) => recordSendFailed(ctx, r, invitationId, error.failure, attempts, leftBehind));
    return 'failed';
  }
}

/**
 * Withdrawn before Microsoft had it: a relationship an earlier attempt created is deleted; one it
 * locked (the answer lost) cannot be, and is followed like any request at Microsoft.
 */
async function withdrawWhileSending(uow: UnitOfWork, pc: PartnerCenter, invitation: Invitation): Promise<SendOutcome> {
  const made = await pc.findRelationshipByName(invitation.relationshipName).catch(() => undefined);
  const mine =
    made && invitation.customerTenantId !== undefined && made.customerTenantId !== invitation.customerTenantId
      ? undefined
      : made;
  if (mine?.status === 'created') await pc.deleteRelationship(mine.id, mine.etag);
  const locked = mine && mine.status !== 'created' ? mine : undefined;
  await uow.run(async (r) => {
    const now = await r.invitations.get(invitation.id);
    if (!now?.microsoft || now.microsoft.state !== 'sending') return;
    const microsoft = locked
      ? {
          state: 'sent' as const,
          relationshipId: locked.id,
          status: locked.status,
          etag: locked.etag,
          attempts: now.microsoft.attempts,
        }
      : { state: 'failed' as const, attempts: now.microsoft.attempts };
    await r.invitations.save({ ...now, microsoft });
  });
  return 'skipped';
}

async function recordSendAttempt(
  ctx: DomainContext,
  repos: Repositories,
  invitationId: string,
  attempts: number,
  nextAttemptAt: string,
  givesUpAt: string,
): Promise<void> {
  const invitation = await repos.invitations.get(invitationId);
  if (!invitation?.microsoft || invitation.microsoft.state !== 'sending') return;
  await repos.invitations.save({ ...invitation, microsoft: { ...invitation.microsoft, attempts, nextAttemptAt } });
  if (attempts === 1) {
    await repos.outbox.add({
      id: ctx.ids.newId(),
      createdAt: ctx.clock().toISOString(),
      kind: 'requestDelayed',
      recipient: { kind: 'partner', partnerId: invitation.partnerId },
      invitationId,
      until: givesUpAt,
    });
  }
}

/**
 * Microsoft has the request, locked for approval: the customer is sent the card (it links to it) and the partner the
 * links.
 */
export async function recordRequestAtMicrosoft(
  ctx: DomainContext,
  repos: Repositories,
  invitationId: string,
  relationship: MicrosoftRelationship,
  customerTenantId: string,
): Promise<Invitation | undefined> {
  const invitation = await repos.invitations.get(invitationId);
  if (!invitation?.microsoft || invitation.microsoft.state !== 'sending') return undefined; // recorded already
  const at = ctx.clock().toISOString();
  const sent: Invitation = {
    ...invitation,
    customerTenantId,
    // Microsoft's 90 days count from the lock (R12): never earlier than the bot's own count.
    expiresAt: [invitation.expiresAt, addDays(at, INVITATION_LIFETIME_DAYS)].sort().at(-1)!,
    microsoft: {
      state: 'sent',
      relationshipId: relationship.id,
      status: relationship.status,
      etag: relationship.etag,
      attempts: invitation.microsoft.attempts + 1,
    },
    history: [...invitation.history, { at, action: 'sentToMicrosoft', note: relationship.id }],
  };
  await repos.invitations.save(sent);
  const recipient = {
    kind: 'customer' as const,
    domain: invitation.customerDomain,
    ...(invitation.customerId ? { customerId: invitation.customerId } : {}),
  };
  await repos.outbox.add({ id: ctx.ids.newId(), createdAt: at, kind: 'invitationSent', recipient, invitationId });
  await repos.outbox.add({
    id: ctx.ids.newId(),
    createdAt: at,
    kind: 'requestAtMicrosoft',
    recipient: { kind: 'partner', partnerId: invitation.partnerId },
    invitationId,
  });
  await audit(repos, ctx, SYSTEM, 'sendToMicrosoft', 'invitation', invitationId);
  return sent;
}

/** Microsoft refused the request or could not be reached: nothing is pending any more, and the partner is told why. */
export async function recordSendFailed(
  ctx: DomainContext,
  repos: Repositories,
  invitationId: string,
  failure: string,
  attempts: number,
  leftBehind?: string,
): Promise<Invitation | undefined> {
  const invitation = await repos.invitations.get(invitationId);
  if (!invitation?.microsoft || invitation.microsoft.state !== 'sending') return undefined;
  const at = ctx.clock().toISOString();
  const failed: Invitation = {
    ...invitation,
    status: invitation.status === 'pending' ? transition(invitation, 'cancel') : invitation.status,
    microsoft: { state: 'failed', failure, attempts, ...(leftBehind ? { relationshipId: leftBehind } : {}) },
    history: [...invitation.history, { at, action: 'sendFailed', note: failure }],
  };
  await repos.invitations.save(failed);
  await repos.outbox.add({
    id: ctx.ids.newId(),
    createdAt: at,
    kind: 'requestFailed',
    recipient: { kind: 'partner', partnerId: invitation.partnerId },
    invitationId,
    failure,
  });
  await audit(repos, ctx, SYSTEM, 'sendToMicrosoft', 'invitation', invitationId);
  return failed;
}

// --- following Microsoft's statuses ---------------------------------------------------------------

/** A request Microsoft may still approve: followed (through the sync pass) until Microsoft's own end. */
export const STILL_APPROVABLE: ReadonlySet<string | undefined> = new Set(['approvalPending', 'approved', 'activating']);

const CUSTOMER_DECIDED: ReadonlySet<string> = new Set(['approved', 'activating', 'active']);

export async function applyRequestStatus(
  ctx: DomainContext,
  repos: Repositories,
  invitationId: string,
  relationship: MicrosoftRelationship,
): Promise<boolean> {
  const invitation = await repos.invitations.get(invitationId);
  if (
    !invitation?.microsoft ||
    (invitation.status !== 'pending' && invitation.status !== 'declined' && invitation.status !== 'cancelled')
  )
    return false;
  // Final at Microsoft: the request is no longer followed (an approval goes on as its relationship).
  const final = !STILL_APPROVABLE.has(relationship.status) && relationship.status !== 'created';
  const microsoft = {
    ...invitation.microsoft,
    state: final ? ('done' as const) : invitation.microsoft.state,
    status: relationship.status,
    etag: relationship.etag,
  };
  if (relationship.status === 'active') {
    await approveFromMicrosoft(ctx, repos, { ...invitation, microsoft }, relationship);
    return true;
  }
  if (relationship.status === 'expired' && invitation.status === 'pending') {
    // Nobody approved it at Microsoft within 90 days (R12).
    await expire(repos, ctx, { ...invitation, microsoft });
    return true;
  }
  await repos.invitations.save({ ...invitation, microsoft });
  return CUSTOMER_DECIDED.has(relationship.status);
}

/** R15: Microsoft says the customer approved and the relationship is active: as an approval on the card. */
async function approveFromMicrosoft(
  ctx: DomainContext,
  repos: Repositories,
  invitation: Invitation,
  relationship: MicrosoftRelationship,
): Promise<void> {
  const partner = await repos.partners.get(invitation.partnerId);
  if (!partner) throw new Error(`Invitation ${invitation.id} names unknown partner ${invitation.partnerId}`);
  const customer = await customerOf(ctx, repos, invitation, relationship, partner);
  const at = ctx.clock().toISOString();
  const by: ActorRef = {
    tenantId: customer.tenantId,
    userId: 'microsoft-admin-center',
    name: ADMIN_CENTER,
    organisation: customer.name,
  };
  const granted = await grant(repos, ctx, invitation, partner, customer, relationship.activatedAt ?? at, by);
  const withLink: Relationship = {
    ...granted,
    ...(relationship.endsAt ? { endsAt: relationship.endsAt } : {}),
    autoExtend: relationship.autoExtend,
    microsoft: { id: relationship.id, status: relationship.status, etag: relationship.etag },
  };
  await repos.relationships.save(withLink);
  const { reason: _declinedFor, ...undecided } = invitation; // a decline recorded by the bot, overtaken by Microsoft
  await repos.invitations.save({
    ...undecided,
    customerId: customer.id,
    customerTenantId: customer.tenantId,
    status: transition(invitation, 'approveAtMicrosoft'),
    decidedAt: at,
    decidedBy: by,
    relationshipId: withLink.id,
    history: [...invitation.history, { at, action: 'approved', by }],
  });
  await repos.outbox.add({
    id: ctx.ids.newId(),
    createdAt: at,
    kind: 'invitationApproved',
    recipient: { kind: 'partner', partnerId: partner.id },
    invitationId: invitation.id,
    relationshipId: withLink.id,
  });
  await audit(repos, ctx, SYSTEM, 'approve', 'invitation', invitation.id);
}

/**
 * The customer of an approved request: from the directory, or — for a tenant the bot has not met —
 * recorded now from what Microsoft says. Microsoft does not say the country; a GDAP relationship
 * exists only within one market (R8), so the partner's country and cloud stand in for it.
 */
async function customerOf(
  ctx: DomainContext,
  repos: Repositories,
  invitation: Invitation,
  relationship: MicrosoftRelationship,
  partner: { country: string; cloud: Customer['cloud'] },
): Promise<Customer> {
  const known =
    (invitation.customerId ? await repos.customers.get(invitation.customerId) : undefined) ??
    (await repos.customers.findByTenant(relationship.customerTenantId)) ??
    (await repos.customers.findByDomain(invitation.customerDomain));
  if (known) return known;
  return customerFor(ctx, repos, partner, {
    tenantId: relationship.customerTenantId,
    name: invitation.customerDomain,
    domain: invitation.customerDomain,
  });
}

const ENDED_BY_TERMINATION: ReadonlySet<string> = new Set(['terminationRequested', 'terminating', 'terminated']);

export async function applyRelationshipStatus(
  ctx: DomainContext,
  repos: Repositories,
  relationshipId: string,
  now: MicrosoftRelationship,
): Promise<boolean> {
  const relationship = await repos.relationships.get(relationshipId);
  if (!relationship?.microsoft) return false;
  const at = ctx.clock().toISOString();
  const microsoft = { ...relationship.microsoft, status: now.status, etag: now.etag };
  // Ended in the bot already (terminated through it, or expired): Microsoft's status is followed to its end, quietly.
  if (relationship.status !== 'active') {
    await repos.relationships.save({ ...relationship, microsoft });
    return false;
  }
  const partner = { kind: 'partner' as const, partnerId: relationship.partnerId };
  const customer = await repos.customers.get(relationship.customerId);
  const customerSide = {
    kind: 'customer' as const,
    customerId: relationship.customerId,
    domain: customer?.verifiedDomains[0] ?? '',
  };
  if (ENDED_BY_TERMINATION.has(now.status)) {
    // Ended at Microsoft, not through the bot (the bot records its own terminations when it asks).
    const by: ActorRef = {
      tenantId: customer?.tenantId ?? '',
      userId: 'microsoft-admin-center',
      name: ADMIN_CENTER,
      organisation: customer?.name ?? '',
    };
    await repos.relationships.save({
      ...relationship,
      microsoft,
      status: 'terminated',
      terminatedAt: at,
      terminatedBy: by,
      history: [...relationship.history, { at, action: 'terminated', by }],
    });
    await repos.outbox.add({
      id: ctx.ids.newId(),
      createdAt: at,
      kind: 'relationshipTerminated',
      recipient: partner,
      relationshipId,
    });
    await audit(repos, ctx, SYSTEM, 'terminate', 'relationship', relationshipId);
    return true;
  }
  if (now.status === 'expired' || now.status === 'expiring') {
    await repos.relationships.save({
      ...relationship,
      microsoft,
      status: 'expired',
      history: [...relationship.history, { at, action: 'expired' }],
    });
    for (const recipient of [partner, customerSide])
      await repos.outbox.add({
        id: ctx.ids.newId(),
        createdAt: at,
        kind: 'relationshipExpired',
        recipient,
        relationshipId,
      });
    await audit(repos, ctx, SYSTEM, 'expire', 'relationship', relationshipId);
    return true;
  }
  let changed: Relationship = { ...relationship, microsoft };
  let notify: 'relationshipExtended' | 'relationshipAutoExtendChanged' | undefined;
  if (now.endsAt && relationship.endsAt && Date.parse(now.endsAt) > Date.parse(relationship.endsAt) + 60_000) {
    changed = {
      ...changed,
      endsAt: now.endsAt,
      history: [...changed.history, { at, action: 'extended', note: now.endsAt }],
    };
    notify = 'relationshipExtended';
  }
  if (now.autoExtend !== relationship.autoExtend) {
    changed = {
      ...changed,
      autoExtend: now.autoExtend,
      history: [...changed.history, { at, action: 'autoExtendChanged', note: now.autoExtend ? 'on' : 'off' }],
    };
    notify ??= 'relationshipAutoExtendChanged';
  }
  await repos.relationships.save(changed);
  if (notify)
    for (const recipient of [partner, customerSide])
      await repos.outbox.add({ id: ctx.ids.newId(), createdAt: at, kind: notify, recipient, relationshipId });
  return notify !== undefined;
}

/**
 * The repositories with every write dropped: a use case run through them says whether it would be
 * allowed, and what it would change, without changing anything — the check made before asking
 * Microsoft, with exactly the rules the real run applies afterwards.
 */
export function withoutWrites(repos: Repositories): Repositories {
  const WRITES = new Set(['save', 'add', 'append', 'remove', 'saveEndpoint']);
  const quiet = <T extends object>(repository: T): T =>
    new Proxy(repository, {
      get: (target, key, receiver) =>
        typeof key === 'string' && WRITES.has(key) ? async () => undefined : Reflect.get(target, key, receiver),
    });
  return Object.fromEntries(
    Object.entries(repos).map(([name, repository]) => [name, quiet(repository as object)]),
  ) as unknown as Repositories;
}
