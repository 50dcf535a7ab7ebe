import type { Repositories } from './ports.js';
import { isApproverRole } from './types.js';
import type { ActorRef, Cloud, Customer, CustomerUser, Partner, PartnerRole, PartnerUser } from './types.js';

/** Who is acting, as the channel says: the Entra tenant and the user's object id. */
export interface Identity {
  tenantId: string;
  userId: string;
}

// The role comes from the directory, never from the caller: a client cannot claim to be an admin.
export type Actor =
  | { kind: 'partner'; identity: Identity; partner: Partner; user: PartnerUser }
  | { kind: 'customer'; identity: Identity; customer: Customer; user: CustomerUser }
  | { kind: 'unknown'; identity: Identity };

export async function resolveActor(repos: Repositories, identity: Identity): Promise<Actor> {
  const partner = await repos.partners.findByTenant(identity.tenantId);
  const partnerUser = partner?.users.find((u) => u.id === identity.userId);
  if (partner && partnerUser) return { kind: 'partner', identity, partner, user: partnerUser };
  const customer = await repos.customers.findByTenant(identity.tenantId);
  const customerUser = customer?.users.find((u) => u.id === identity.userId);
  if (customer && customerUser) return { kind: 'customer', identity, customer, user: customerUser };
  return { kind: 'unknown', identity };
}

export const hasPartnerRole = (actor: Actor, ...roles: PartnerRole[]): actor is Extract<Actor, { kind: 'partner' }> =>
  actor.kind === 'partner' && actor.user.roles.some((r) => roles.includes(r));

/** R10: a Global Administrator or a Customer Delegated Admin Relationship Administrator of a customer. */
export const isCustomerAdmin = (actor: Actor): actor is Extract<Actor, { kind: 'customer' }> =>
  actor.kind === 'customer' && isApproverRole(actor.user.role);

export function actorRef(actor: Actor): ActorRef {
  switch (actor.kind) {
    case 'partner':
      return { ...actor.identity, name: actor.user.name, organisation: actor.partner.name };
    case 'customer':
      return { ...actor.identity, name: actor.user.name, organisation: actor.customer.name };
    default:
      return { ...actor.identity, name: actor.identity.userId, organisation: actor.identity.tenantId };
  }
}

export interface DirectoryEntry {
  identity: Identity;
  kind: 'partner' | 'customer';
  /** The partner or customer record this person belongs to. */
  partnerId?: string;
  customerId?: string;
  name: string;
  email: string;
  organisation: string;
  cloud: Cloud;
  roles: string[];
}

/** Looks a person up by object id or e-mail, e.g. to map a Bot Framework Emulator user to a demo user. */
export async function findDirectoryUser(
  repos: Repositories,
  query: { userId?: string; email?: string },
): Promise<DirectoryEntry | undefined> {
  const matches = (u: { id: string; email: string }) =>
    (query.userId !== undefined && u.id === query.userId) ||
    (query.email !== undefined && u.email.toLowerCase() === query.email.trim().toLowerCase());
  for (const partner of await repos.partners.list()) {
    const user = partner.users.find(matches);
    if (user) return partnerEntry(partner, user);
  }
  for (const customer of await repos.customers.list()) {
    const user = customer.users.find(matches);
    if (user) return customerEntry(customer, user);
  }
  return undefined;
}

/** Who this identity is in the directory, if anyone: found by tenant, then by user. */
export async function describeIdentity(repos: Repositories, identity: Identity): Promise<DirectoryEntry | undefined> {
  const actor = await resolveActor(repos, identity);
  if (actor.kind === 'partner') return partnerEntry(actor.partner, actor.user);
  if (actor.kind === 'customer') return customerEntry(actor.customer, actor.user);
  return undefined;
}

const partnerEntry = (partner: Partner, user: PartnerUser): DirectoryEntry => ({
  identity: { tenantId: partner.tenantId, userId: user.id },
  kind: 'partner',
  partnerId: partner.id,
  name: user.name,
  email: user.email,
  organisation: partner.name,
  cloud: partner.cloud,
  roles: user.roles,
});

const customerEntry = (customer: Customer, user: CustomerUser): DirectoryEntry => ({
  identity: { tenantId: customer.tenantId, userId: user.id },
  kind: 'customer',
  customerId: customer.id,
  name: user.name,
  email: user.email,
  organisation: customer.name,
  cloud: customer.cloud,
  roles: [user.role],
});

/** Everyone in the demo directory, for telling an unknown user who can use the bot. */
export async function listDirectory(repos: Repositories): Promise<DirectoryEntry[]> {
  return [
    ...(await repos.partners.list()).flatMap((p) => p.users.map((u) => partnerEntry(p, u))),
    ...(await repos.customers.list()).flatMap((c) => c.users.map((u) => customerEntry(c, u))),
  ];
}

/**
 * Connected to Partner Center: a partner user's roles are their group memberships at Microsoft
 * (AdminAgents, SalesAgents, HelpdeskAgents). Recorded in the partner's directory entry so that
 * every rule sees them; a user in none of the groups is removed. Returns whether anything changed.
 */
export async function recordPartnerUser(
  repos: Repositories,
  partnerTenantId: string,
  user: { id: string; name: string },
  roles: readonly PartnerRole[],
): Promise<boolean> {
  const partner = await repos.partners.findByTenant(partnerTenantId);
  if (!partner) return false;
  const known = partner.users.find((u) => u.id === user.id);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r) => b.includes(r));
  if (known ? same(known.roles, roles) : roles.length === 0) return false;
  const users =
    roles.length === 0
      ? partner.users.filter((u) => u.id !== user.id)
      : known
        ? partner.users.map((u) => (u.id === user.id ? { ...u, roles: [...roles] } : u))
        : [...partner.users, { id: user.id, name: user.name || user.id, email: '', roles: [...roles] }];
  await repos.partners.save({ ...partner, users });
  return true;
}
