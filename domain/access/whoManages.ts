import { hasPartnerRole, type Identity, resolveActor } from '../identity.js';
import type { Repositories } from '../ports.js';
import { ok, refuse, type Result } from '../refusals.js';
import type { Partner, Relationship } from '../types.js';
import { parseDomain, parseEmail } from '../validation.js';

// R30: "who can manage this customer?" The partner's admin agents see, per active relationship, the
// roles and the security groups they are assigned to (connected: and their members); a user of the
// customer asks about its own tenant and sees every partner's relationships and roles, not the
// partners' staff. To anyone else the customer does not exist (R23).

/** A group holding some of a relationship's roles (the partner's view). */
export interface ManagingGroup {
  id: string;
  name: string;
  roles: string[];
}

export interface ManagedBy {
  relationship: Pick<Relationship, 'id' | 'name' | 'roles' | 'endsAt'>;
  partnerName: string;
  /** The partner's view only. */
  groups?: ManagingGroup[];
}

export interface WhoManages {
  customer: { id: string; name: string; domain: string };
  /** Whose view: the partner's (groups), or the customer's own (partners and roles). */
  view: 'partner' | 'customer';
  relationships: ManagedBy[];
}

export async function whoManages(
  repos: Repositories,
  identity: Identity,
  domainInput: string,
): Promise<Result<WhoManages>> {
  const domain = parseDomain(domainInput);
  if (!domain.ok) return domain;
  const [actor, customer] = await Promise.all([
    resolveActor(repos, identity),
    repos.customers.findByDomain(domain.value),
  ]);
  const unknown = refuse<WhoManages>('unknownCustomer', { value: domain.value });
  if (actor.kind === 'partner') {
    if (!hasPartnerRole(actor, 'adminAgent')) return refuse('whoManagesNeedsAdminAgent');
    if (!customer) return unknown;
    const active = await repos.relationships.list({
      partnerId: actor.partner.id,
      customerId: customer.id,
      status: 'active',
    });
    const names = new Map(actor.partner.securityGroups.map((g) => [g.id, g.name]));
    return ok({
      customer: { id: customer.id, name: customer.name, domain: domain.value },
      view: 'partner',
      relationships: active.map((r) => ({
        relationship: r,
        partnerName: actor.partner.name,
        groups: r.accessAssignments.map((a) => ({
          id: a.groupId,
          name: names.get(a.groupId) ?? a.groupId,
          roles: a.roles,
        })),
      })),
    });
  }
  if (actor.kind !== 'customer' || !customer || customer.id !== actor.customer.id) return unknown;
  const active = await repos.relationships.list({ customerId: customer.id, status: 'active' });
  const partners = new Map(
    (await Promise.all([...new Set(active.map((r) => r.partnerId))].map((id) => repos.partners.get(id)))).flatMap(
      (p) => (p ? [[p.id, p.name] as const] : []),
    ),
  );
  return ok({
    customer: { id: customer.id, name: customer.name, domain: domain.value },
    view: 'customer',
    relationships: active.map((r) => ({ relationship: r, partnerName: partners.get(r.partnerId) ?? r.partnerId })),
  });
}

/** R30 asked about a person: the customers they can manage, through which of their groups and roles. */
export interface WhatCanManage {
  person: { name: string; email: string };
  relationships: Array<ManagedBy & { customerName: string }>;
}

/**
 * The partner and the person asked about (by e-mail), for an admin agent; the person is one of the
 * partner's users the directory knows, or (connected) anyone Microsoft knows by that name.
 */
export async function personToAskAbout(
  repos: Repositories,
  identity: Identity,
  emailInput: string,
): Promise<Result<{ partner: Partner; person: { id?: string; name: string; email: string } }>> {
  const email = parseEmail(emailInput.trim());
  if (!email.ok) return email;
  const actor = await resolveActor(repos, identity);
  if (actor.kind !== 'partner' || !hasPartnerRole(actor, 'adminAgent')) return refuse('whoManagesNeedsAdminAgent');
  const user = actor.partner.users.find((u) => u.email.toLowerCase() === email.value.toLowerCase());
  return ok({
    partner: actor.partner,
    person: user ? { id: user.id, name: user.name, email: user.email } : { name: email.value, email: email.value },
  });
}

/** The partner's active relationships whose roles `groupIds` hold, with the customers' names. */
export async function managedThrough(
  repos: Repositories,
  partner: Partner,
  person: WhatCanManage['person'],
  groupIds: ReadonlySet<string>,
): Promise<WhatCanManage> {
  const names = new Map(partner.securityGroups.map((g) => [g.id, g.name]));
  const active = (await repos.relationships.list({ partnerId: partner.id, status: 'active' })).filter((r) =>
    r.accessAssignments.some((a) => groupIds.has(a.groupId)),
  );
  const customers = new Map(
    (await Promise.all([...new Set(active.map((r) => r.customerId))].map((id) => repos.customers.get(id)))).flatMap(
      (c) => (c ? [[c.id, c.name] as const] : []),
    ),
  );
  return {
    person,
    relationships: active
      .map((r) => ({
        relationship: r,
        partnerName: partner.name,
        customerName: customers.get(r.customerId) ?? r.customerId,
        groups: r.accessAssignments
          .filter((a) => groupIds.has(a.groupId))
          .map((a) => ({ id: a.groupId, name: names.get(a.groupId) ?? a.groupId, roles: a.roles })),
      }))
      .sort((a, b) => a.customerName.localeCompare(b.customerName)),
  };
}
