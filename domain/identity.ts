import type { Repositories } from './repositories.js';
import type { ActorRef, Customer, CustomerUser, Partner, PartnerRole, PartnerUser } from './types.js';

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

export function resolveActor(repos: Repositories, identity: Identity): Actor {
  const partner = repos.partners.findByTenant(identity.tenantId);
  const partnerUser = partner?.users.find((u) => u.id === identity.userId);
  if (partner && partnerUser) return { kind: 'partner', identity, partner, user: partnerUser };
  const customer = repos.customers.findByTenant(identity.tenantId);
  const customerUser = customer?.users.find((u) => u.id === identity.userId);
  if (customer && customerUser) return { kind: 'customer', identity, customer, user: customerUser };
  return { kind: 'unknown', identity };
}

export const hasPartnerRole = (actor: Actor, ...roles: PartnerRole[]): actor is Extract<Actor, { kind: 'partner' }> =>
  actor.kind === 'partner' && actor.user.roles.some((r) => roles.includes(r));

export const isCustomerAdmin = (actor: Actor): actor is Extract<Actor, { kind: 'customer' }> =>
  actor.kind === 'customer' && actor.user.role === 'globalAdministrator';

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
