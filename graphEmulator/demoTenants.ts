import { ADMIN_ROLES } from '../domain/adminRoles.js';
import type { Seed } from '../data/schema.js';
import {
  APPLICATION_PERMISSION,
  GROUP_PERMISSION,
  ORGANIZATION_PERMISSION,
  PARTNER_CUSTOMER_DELEGATED_ADMINISTRATION,
  RELATIONSHIP_PERMISSION,
  TENANT_LOOKUP_PERMISSION,
  type EmulatedTenant,
  type WorldOptions,
} from './world.js';

// The demo directory's organisations as Entra tenants: each partner with its Partner Center groups
// (AdminAgents, SalesAgents, HelpdeskAgents), its security groups (R22), one app registration with
// the permissions graph mode needs, consented, and the service principal GDAP needs; each customer
// with its verified domains. Every group id is an object id (a GUID), as in Entra.

const GROUP_OF_ROLE = {
  adminAgent: 'AdminAgents',
  salesAgent: 'SalesAgents',
  helpdeskAgent: 'HelpdeskAgents',
} as const;

/** The permissions the bot's app needs in the partner tenant (docs/partner-center.md lists why). */
export const DEMO_APP_PERMISSIONS = [
  RELATIONSHIP_PERMISSION,
  GROUP_PERMISSION,
  TENANT_LOOKUP_PERMISSION,
  ORGANIZATION_PERMISSION,
  APPLICATION_PERMISSION,
];

/** A stable object id for a partner's agent group: the tenant id with its last block replaced. */
const agentGroupId = (tenantId: string, index: number) =>
  `${tenantId.slice(0, 24)}${(0xa000 + index).toString(16)}${tenantId.slice(-8)}`;

/**
 * The app registration of a partner in the emulator: its client id is derived from the tenant id, its secret is fixed.
 */
export const demoApp = (tenantId: string) => ({ clientId: `app-${tenantId}`, secret: 'emulator-secret' });

export function demoTenants(seed: Seed): EmulatedTenant[] {
  const partners = seed.partners.map((p): EmulatedTenant => ({
    tenantId: p.tenantId,
    displayName: p.name,
    countryLetterCode: p.country,
    domains: [],
    users: p.users.map((u) => ({
      id: u.id,
      displayName: u.name,
      mail: u.email,
      // Everyone in the first security group (the service desk); admin agents in the last one too.
      groups: [
        ...u.roles.map((r) => GROUP_OF_ROLE[r]),
        ...p.securityGroups
          .filter((g, i) => i === 0 || (u.roles.includes('adminAgent') && i === p.securityGroups.length - 1))
          .map((g) => g.name),
      ],
    })),
    groups: [
      ...Object.values(GROUP_OF_ROLE).map((name, i) => ({
        id: agentGroupId(p.tenantId, i),
        displayName: name,
        securityEnabled: true,
      })),
      ...p.securityGroups.map((g) => ({ id: g.id, displayName: g.name, securityEnabled: true })),
    ],
    apps: [{ ...demoApp(p.tenantId), permissions: [...DEMO_APP_PERMISSIONS] }],
    servicePrincipals: [PARTNER_CUSTOMER_DELEGATED_ADMINISTRATION],
  }));
  const customers = seed.customers.map((c): EmulatedTenant => ({
    tenantId: c.tenantId,
    displayName: c.name,
    countryLetterCode: c.country,
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
