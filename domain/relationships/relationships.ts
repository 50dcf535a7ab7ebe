import { GLOBAL_ADMINISTRATOR } from '../adminRoles.js';
import { audit, auditedRefusal, SYSTEM } from '../audit.js';
import { actorRef, hasPartnerRole, isCustomerAdmin, resolveActor, type Actor, type Identity } from '../identity.js';
import { AUTO_EXTEND_DAYS } from '../lifecycle.js';
import { type Page, type PageQuery, readPage } from '../pages.js';
import { nextRelationshipStatus } from '../lifecycle.js';
import { ok, refuse, type Result } from '../refusals.js';
import type { DomainContext, Repositories } from '../ports.js';
import { addDays, isAtOrAfter } from '../time.js';
import type { Customer, Partner, Relationship, SecurityGroup, Subscription } from '../types.js';

/** Either side of an active relationship: the partner's admin agent or the customer's Global Administrator (R19). */
function sideOf(actor: Actor, relationship: Relationship): 'partner' | 'customer' | undefined {
  if (hasPartnerRole(actor, 'adminAgent') && actor.partner.id === relationship.partnerId) return 'partner';
  if (isCustomerAdmin(actor) && actor.customer.id === relationship.customerId) return 'customer';
  return undefined;
}

async function changeActiveRelationship(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  relationshipId: string,
  action: string,
  change: (
    relationship: Relationship,
    actor: Actor,
    side: 'partner' | 'customer',
    at: string,
  ) => Promise<Result<Relationship>>,
): Promise<Result<Relationship>> {
  const id = String(relationshipId);
  const relationship = await repos.relationships.get(id);
  const fail = (r: Result<never>): Promise<Result<Relationship>> =>
    auditedRefusal(repos, ctx, identity, action, 'relationship', id.slice(0, 100), r);
  if (!relationship) return fail(refuse('unknownRelationship', { value: id.slice(0, 40) }));
  const actor = await resolveActor(repos, identity);
  const party =
    (actor.kind === 'partner' && actor.partner.id === relationship.partnerId) ||
    (actor.kind === 'customer' && actor.customer.id === relationship.customerId);
  // R23: to anyone outside the two organisations it does not exist, exactly as an unknown id.
  if (!party) return fail(refuse('unknownRelationship', { value: id.slice(0, 40) }));
  const side = sideOf(actor, relationship);
  if (!side) return fail(refuse('notRelationshipSide'));
  if (relationship.status !== 'active') {
    return fail(refuse('relationshipNotActive', { status: relationship.status }));
  }
  const changed = await change(relationship, actor, side, ctx.clock().toISOString());
  if (!changed.ok) return fail(changed);
  await repos.relationships.save(changed.value);
  await audit(repos, ctx, identity, action, 'relationship', id);
  return changed;
}

/** R19: either side ends the relationship; the other side is told; subscriptions stay as they are. */
export function terminateRelationship(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  relationshipId: string,
): Promise<Result<Relationship>> {
  return changeActiveRelationship(
    ctx,
    repos,
    identity,
    relationshipId,
    'terminate',
    async (relationship, actor, side, at) => {
      const status = nextRelationshipStatus(relationship.status, 'terminate');
      if (!status) throw new Error(`Relationship ${relationship.id} cannot be terminated from ${relationship.status}`);
      const by = actorRef(actor);
      await repos.outbox.add({
        id: ctx.ids.newId(),
        createdAt: at,
        kind: 'relationshipTerminated',
        recipient:
          side === 'partner'
            ? {
                kind: 'customer',
                customerId: relationship.customerId,
                domain: (await repos.customers.get(relationship.customerId))?.verifiedDomains[0] ?? '',
              }
            : { kind: 'partner', partnerId: relationship.partnerId },
        relationshipId: relationship.id,
      });
      return ok({
        ...relationship,
        status,
        terminatedAt: at,
        terminatedBy: by,
        history: [...relationship.history, { at, action: 'terminated', by }],
      });
    },
  );
}

/** R18: auto-extend can be turned off by either side, and on again unless Global Administrator is granted. */
export function setRelationshipAutoExtend(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  relationshipId: string,
  autoExtend: boolean,
): Promise<Result<Relationship>> {
  return changeActiveRelationship(
    ctx,
    repos,
    identity,
    relationshipId,
    autoExtend ? 'autoExtendOn' : 'autoExtendOff',
    async (relationship, actor, side, at) => {
      // R18: on the customer's side, its Global Administrators (a relationship administrator only accepts and ends).
      if (side === 'customer' && actor.kind === 'customer' && actor.user.role !== 'globalAdministrator')
        return refuse('notRelationshipSide');
      if (autoExtend && relationship.roles.includes(GLOBAL_ADMINISTRATOR)) return refuse('autoExtendWithGlobalAdmin');
      // Already so: nothing changes, nobody is told.
      if (relationship.autoExtend === autoExtend) return ok(relationship);
      // R18: the other side is told.
      const customer = await repos.customers.get(relationship.customerId);
      await repos.outbox.add({
        id: ctx.ids.newId(),
        createdAt: at,
        kind: 'relationshipAutoExtendChanged',
        relationshipId: relationship.id,
        recipient:
          side === 'partner'
            ? { kind: 'customer', customerId: relationship.customerId, domain: customer?.verifiedDomains[0] ?? '' }
            : { kind: 'partner', partnerId: relationship.partnerId },
      });

      return ok({
        ...relationship,
        autoExtend,
        history: [
          ...relationship.history,
          { at, action: 'autoExtendChanged', by: actorRef(actor), note: autoExtend ? 'on' : 'off' },
        ],
      });
    },
  );
}

/** At each end date: auto-extend adds 180 days, otherwise the relationship expires (R17, R18). */
export async function expireRelationships(ctx: DomainContext, repos: Repositories): Promise<Relationship[]> {
  const now = ctx.clock();
  const at = now.toISOString();
  const changed: Relationship[] = [];
  for (const relationship of await repos.relationships.list({ status: 'active' })) {
    if (relationship.endsAt === null || !isAtOrAfter(now, relationship.endsAt)) continue;
    // Held at Microsoft (connected to Partner Center): Microsoft extends or ends it, the bot follows.
    if (relationship.microsoft) continue;
    let updated: Relationship;
    if (relationship.autoExtend) {
      let endsAt = relationship.endsAt;
      while (isAtOrAfter(now, endsAt)) endsAt = addDays(endsAt, AUTO_EXTEND_DAYS);
      updated = {
        ...relationship,
        endsAt,
        history: [...relationship.history, { at, action: 'extended', note: endsAt }],
      };
    } else {
      const status = nextRelationshipStatus(relationship.status, 'expire');
      if (!status) continue;
      updated = { ...relationship, status, history: [...relationship.history, { at, action: 'expired' }] };
    }
    await repos.relationships.save(updated);
    await audit(
      repos,
      ctx,
      SYSTEM,
      updated.status === 'expired' ? 'expire' : 'extend',
      'relationship',
      relationship.id,
    );
    // R21: both sides are told it ended, or that auto-extend extended it.
    await notifyBothSides(
      repos,
      ctx,
      updated,
      updated.status === 'expired' ? 'relationshipExpired' : 'relationshipExtended',
      at,
    );
    changed.push(updated);
  }
  return changed;
}

/** R21: the days before an end date at which both sides are warned, each once. */
export const EXPIRY_WARNING_DAYS = [30, 7, 1] as const;

/**
 * A notification about a relationship for its partner (admin agents) and one for its customer (Global Administrators).
 */
async function notifyBothSides(
  repos: Repositories,
  ctx: DomainContext,
  relationship: Relationship,
  kind: 'relationshipExpiring' | 'relationshipExpired' | 'relationshipExtended',
  at: string,
  daysLeft?: number,
): Promise<void> {
  const customer = await repos.customers.get(relationship.customerId);
  const common = {
    createdAt: at,
    kind,
    relationshipId: relationship.id,
    ...(daysLeft !== undefined ? { daysLeft } : {}),
  };
  await repos.outbox.add({
    id: ctx.ids.newId(),
    ...common,
    recipient: { kind: 'partner', partnerId: relationship.partnerId },
  });
  await repos.outbox.add({
    id: ctx.ids.newId(),
    ...common,
    recipient: { kind: 'customer', customerId: relationship.customerId, domain: customer?.verifiedDomains[0] ?? '' },
  });
}

/**
 * R21: nothing expires silently. An active relationship without auto-extend is announced to both
 * sides 30, 7 and 1 days before its end date, each warning once; when the sweeper has not run for a
 * while only the most urgent one due is sent (a relationship a day from its end gets the 1-day one).
 */
export async function warnExpiringRelationships(ctx: DomainContext, repos: Repositories): Promise<Relationship[]> {
  const now = ctx.clock();
  const at = now.toISOString();
  const warned: Relationship[] = [];
  for (const relationship of await repos.relationships.list({ status: 'active' })) {
    if (relationship.endsAt === null || relationship.autoExtend || isAtOrAfter(now, relationship.endsAt)) continue;
    const done = new Set(relationship.history.filter((h) => h.action === 'expiryWarned').map((h) => Number(h.note)));
    const due = EXPIRY_WARNING_DAYS.filter(
      (days) => isAtOrAfter(now, addDays(relationship.endsAt!, -days)) && !done.has(days),
    );
    if (due.length === 0) continue;
    const daysLeft = Math.min(...due);
    const events = due.map((days) => ({ at, action: 'expiryWarned' as const, note: String(days) }));
    const updated: Relationship = { ...relationship, history: [...relationship.history, ...events] };
    await repos.relationships.save(updated);
    await notifyBothSides(repos, ctx, updated, 'relationshipExpiring', at, daysLeft);
    warned.push(updated);
  }
  return warned;
}

// ---------------------------------------------------------------------------------------------
// addAzureSubscription (R6)

export interface AzureSubscriptionInput {
  customerId: string;
  quantity?: number | string;
}

/** Who may add an Azure subscription for which customer (R6, R9, R20), shared by the preview and the use case. */
async function checkAzureSubscription(
  repos: Repositories,
  identity: Identity,
  customerRef: string,
): Promise<Result<{ partner: Partner; customer: Customer }>> {
  const actor = await resolveActor(repos, identity);
  if (actor.kind !== 'partner') return refuse('unknownPartnerUser');
  if (!hasPartnerRole(actor, 'adminAgent', 'salesAgent')) return refuse('notAllowedToAddSubscription');
  const customer =
    (await repos.customers.get(customerRef)) ?? (await repos.customers.findByDomain(customerRef.trim().toLowerCase()));
  if (!customer) return refuse('unknownCustomer', { value: customerRef.slice(0, 60) });
  const active = await repos.relationships.list({
    partnerId: actor.partner.id,
    customerId: customer.id,
    status: 'active',
  });
  if (active.length === 0) return refuse('noActiveRelationship', { customer: customer.name });
  return ok({ partner: actor.partner, customer });
}

export interface AzureSubscriptionPreview {
  customer: Pick<Customer, 'id' | 'name'>;
  /** The customer's subscriptions, which stay as they are, each with its partner of record's name. */
  existing: Array<Subscription & { partnerOfRecordName: string }>;
}

/** What adding an Azure subscription would leave untouched, for the confirmation (R6). */
export async function previewAzureSubscription(
  repos: Repositories,
  identity: Identity,
  customerRef: string,
): Promise<Result<AzureSubscriptionPreview>> {
  const checked = await checkAzureSubscription(repos, identity, String(customerRef));
  if (!checked.ok) return checked;
  const { customer } = checked.value;
  const existing: AzureSubscriptionPreview['existing'] = [];
  for (const s of await repos.subscriptions.listByCustomer(customer.id)) {
    existing.push({
      ...s,
      partnerOfRecordName: (await repos.partners.get(s.partnerOfRecordId))?.name ?? s.partnerOfRecordId,
    });
  }
  return ok({ customer: { id: customer.id, name: customer.name }, existing });
}

export async function addAzureSubscription(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  input: AzureSubscriptionInput,
): Promise<Result<Subscription>> {
  const customerRef = String(input.customerId);
  const fail = (r: Result<never>): Promise<Result<Subscription>> =>
    auditedRefusal(repos, ctx, identity, 'addAzureSubscription', 'customer', customerRef.slice(0, 100), r);
  const quantityText = String(input.quantity ?? 1).trim();
  const quantity = /^\d{1,5}$/.test(quantityText) ? Number(quantityText) : NaN;
  if (!(quantity >= 1 && quantity <= 10000))
    return fail(refuse('invalidQuantity', { value: quantityText.slice(0, 20) }));
  const checked = await checkAzureSubscription(repos, identity, customerRef);
  if (!checked.ok) return fail(checked);
  const { partner, customer } = checked.value;
  const subscription: Subscription = {
    id: ctx.ids.newId(),
    customerId: customer.id,
    product: 'Azure plan',
    kind: 'azure',
    quantity,
    status: 'active',
    owner: customer.name,
    terms: 'Microsoft Customer Agreement',
    partnerOfRecordId: partner.id,
    createdAt: ctx.clock().toISOString(),
  };
  await repos.subscriptions.add(subscription);
  await audit(repos, ctx, identity, 'addAzureSubscription', 'subscription', subscription.id);
  return ok(subscription);
}

// ---------------------------------------------------------------------------------------------
// listPartnersOfCustomer (R1)

export interface CustomerPartner {
  partner: Pick<Partner, 'id' | 'name' | 'mpnId'>;
  /** Each active relationship with this partner, oldest first: each its own, never merged (R13). */
  relationships: Relationship[];
  /** The subscriptions whose partner of record this partner is. */
  subscriptions: Subscription[];
}

export interface CustomerPartners {
  customer: Pick<Customer, 'id' | 'name'>;
  partners: CustomerPartner[];
}

/** The multi-partner view: each partner with an active relationship or a subscription it is partner of record for. */
export async function listPartnersOfCustomer(
  repos: Repositories,
  identity: Identity,
): Promise<Result<CustomerPartners>> {
  const actor = await resolveActor(repos, identity);
  if (actor.kind !== 'customer') return refuse('notCustomerUser');
  const customer = actor.customer;
  const relationships = await repos.relationships.list({ customerId: customer.id, status: 'active' });
  const subscriptions = await repos.subscriptions.listByCustomer(customer.id);
  const partnerIds = [
    ...new Set([...relationships.map((r) => r.partnerId), ...subscriptions.map((s) => s.partnerOfRecordId)]),
  ];
  const partners: CustomerPartner[] = [];
  for (const id of partnerIds) {
    const partner = await repos.partners.get(id);
    if (!partner) continue;
    const own = relationships.filter((r) => r.partnerId === id).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    partners.push({
      partner: { id: partner.id, name: partner.name, mpnId: partner.mpnId },
      relationships: own,
      subscriptions: subscriptions.filter((s) => s.partnerOfRecordId === id),
    });
  }
  partners.sort(
    (a, b) =>
      (a.relationships[0]?.startedAt ?? '9').localeCompare(b.relationships[0]?.startedAt ?? '9') ||
      a.partner.name.localeCompare(b.partner.name),
  );
  return ok({ customer: { id: customer.id, name: customer.name }, partners });
}

export interface PartnerCustomer {
  customer: Pick<Customer, 'id' | 'name'>;
  relationship: Relationship;
  /** The partner's security groups, to name the relationship's access assignments (R22). */
  securityGroups: readonly SecurityGroup[];
}

/** The partner's side of the multi-partner view: a page of its active relationships, by customer name. */
export async function listCustomersOfPartner(
  repos: Repositories,
  identity: Identity,
  query: PageQuery = {},
): Promise<Result<Page<PartnerCustomer>>> {
  return activeRelationshipsPage(repos, identity, undefined, query);
}

/**
 * R21: a page of this partner's active relationships whose end date falls within `days` (30 or 90 in the command),
 * soonest first.
 */
export async function listEndingRelationships(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  days: number,
  query: PageQuery = {},
): Promise<Result<Page<PartnerCustomer>>> {
  const endingBy = addDays(ctx.clock(), Math.min(Math.max(Math.trunc(days), 1), 730));
  return activeRelationshipsPage(repos, identity, endingBy, query);
}

/** The store is asked for the page alone: a partner with thousands of customers is not read whole to show five. */
async function activeRelationshipsPage(
  repos: Repositories,
  identity: Identity,
  endingBy: string | undefined,
  query: PageQuery,
): Promise<Result<Page<PartnerCustomer>>> {
  const actor = await resolveActor(repos, identity);
  if (actor.kind !== 'partner') return refuse('unknownPartnerUser');
  const partnerId = actor.partner.id;
  const found = await readPage(query, (offset, limit) =>
    repos.relationships.activePage({ partnerId, ...(endingBy !== undefined ? { endingBy } : {}), offset, limit }),
  );
  return ok({
    ...found,
    items: found.items.map(({ customer, relationship }) => ({
      customer,
      relationship,
      securityGroups: actor.partner.securityGroups,
    })),
  });
}
