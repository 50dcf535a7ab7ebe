import { hasPartnerRole, type Identity, resolveActor } from '../identity.js';
import type { Repositories } from '../ports.js';
import { ok, refuse, type Result } from '../refusals.js';
import type { Relationship } from '../types.js';
import { parseDomain } from '../validation.js';

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
