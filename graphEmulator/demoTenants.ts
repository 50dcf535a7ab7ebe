import { ADMIN_ROLES } from '../domain/adminRoles.js';
import type { Seed } from '../data/schema.js';
import {
  GROUP_PERMISSION,
  RELATIONSHIP_PERMISSION,
  TENANT_LOOKUP_PERMISSION,
  type EmulatedTenant,
  type WorldOptions,
} from './world.js';

// The demo directory's organisations as Entra tenants: each partner with its Partner Center groups
// (AdminAgents, SalesAgents, HelpdeskAgents), its security groups (R22) and one app registration with
// the permissions graph mode needs, consented; each customer with its verified domains.

const GROUP_OF_ROLE = {
  adminAgent: 'AdminAgents',
  salesAgent: 'SalesAgents',
  helpdeskAgent: 'HelpdeskAgents',
} as const;

/**
 * The app registration of a partner in the emulator: its client id is derived from the tenant id, its secret is fixed.
 */
export const demoApp = (tenantId: string) => ({ clientId: `app-${tenantId}`, secret: 'emulator-secret' });

export function demoTenants(seed: Seed): EmulatedTenant[] {
  const partners = seed.partners.map((p): EmulatedTenant => ({
    tenantId: p.tenantId,
    displayName: p.name,
    domains: [],
    users: p.users.map((u) => ({ id: u.id, displayName: u.name, groups: u.roles.map((r) => GROUP_OF_ROLE[r]) })),
    groups: [
      ...Object.values(GROUP_OF_ROLE).map((name) => ({ id: `${p.tenantId}-${name}`, displayName: name })),
      ...p.securityGroups.map((g) => ({ id: g.id, displayName: g.name })),
    ],
    apps: [
      { ...demoApp(p.tenantId), permissions: [RELATIONSHIP_PERMISSION, GROUP_PERMISSION, TENANT_LOOKUP_PERMISSION] },
    ],
  }));
  const customers = seed.customers.map((c): EmulatedTenant => ({
    tenantId: c.tenantId,
    displayName: c.name,
    domains: c.verifiedDomains,
    users: c.users.map((u) => ({ id: u.id, displayName: u.name, groups: [] })),
    groups: [],
    apps: [],
  }));
  return [...partners, ...customers];
}

export function demoWorldOptions(seed: Seed, provisioningMs = 0): WorldOptions {
  return { tenants: demoTenants(seed), roleTemplateIds: ADMIN_ROLES.map((r) => r.templateId), provisioningMs };
}
