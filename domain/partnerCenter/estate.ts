import { ADMIN_ROLES } from '../adminRoles.js';
import { audit, SYSTEM } from '../audit.js';
import type { MicrosoftAccessAssignment, MicrosoftRelationship, PartnerOrganization } from '../partnerCenterPort.js';
import { isLiveAssignment } from '../partnerCenterPort.js';
import type { DomainContext, Repositories } from '../ports.js';
import type {
  AccessAssignment,
  ActorRef,
  Cloud,
  Customer,
  Invitation,
  Partner,
  Relationship,
  RelationshipStatus,
} from '../types.js';

// R29, one estate: connected to Partner Center, every GDAP relationship the partner has at Microsoft
// is the partner's relationship in the bot, however it was made. A sync pass reads the whole list
// (a few pages) and compares ETags: only what changed is read further or written.

/** Who made a change the bot did not make: Microsoft's own portals, or another tool. */
export const AT_MICROSOFT: ActorRef = {
  tenantId: '',
  userId: 'microsoft-partner-center',
  name: 'Partner Center',
  organisation: 'Microsoft',
};

const roleOf = (templateId: string) => ADMIN_ROLES.find((r) => r.templateId === templateId)?.id ?? templateId;

/** Microsoft's status as the bot's; undefined while the relationship is not yet approved (nothing to import). */
export function relationshipStatusOf(status: MicrosoftRelationship['status']): RelationshipStatus | undefined {
  switch (status) {
    case 'active':
      return 'active';
    case 'expiring':
    case 'expired':
      return 'expired';
    case 'terminationRequested':
    case 'terminating':
    case 'terminated':
      return 'terminated';
    default:
      return undefined;
  }
}

/**
 * The partner, as Microsoft has its organisation: created on the first start with an empty store, its name and
 * country kept as Microsoft says afterwards. The Partner ID (MPN id), which Graph does not give, comes from the
 * setting; the cloud from the configured hosts.
 */
export async function recordPartnerOrganization(
  repos: Repositories,
  organization: PartnerOrganization,
  settings: { mpnId: string; cloud: Cloud; assumedCountry: string },
): Promise<{ partner: Partner; created: boolean }> {
  const known = await repos.partners.findByTenant(organization.tenantId);
  const country = organization.country ?? known?.country ?? settings.assumedCountry;
  const partner: Partner = known
    ? {
        ...known,
        name: organization.displayName || known.name,
        country,
        ...(settings.mpnId ? { mpnId: settings.mpnId } : {}),
      }
    : {
        id: organization.tenantId,
        name: organization.displayName || organization.tenantId,
        mpnId: settings.mpnId,
        tenantId: organization.tenantId,
        cloud: settings.cloud,
        country,
        specialisations: [],
        users: [],
        securityGroups: [],
      };
  if (!known || known.name !== partner.name || known.country !== partner.country || known.mpnId !== partner.mpnId)
    await repos.partners.save(partner);
  return { partner, created: !known };
}

/**
 * The partner's admin agents as Microsoft has them (the members of AdminAgents): whom its notices go
 * to from day one, before any of them talked to the bot. Someone no longer in the group loses the role.
 * Returns whether anything changed.
 */
export async function recordAdminAgents(
  repos: Repositories,
  partnerId: string,
  agents: ReadonlyArray<{ id: string; name: string; email: string }>,
): Promise<boolean> {
  const partner = await repos.partners.get(partnerId);
  if (!partner) return false;
  const inGroup = new Map(agents.map((a) => [a.id, a]));
  const users = partner.users.map((u) => {
    const agent = inGroup.get(u.id);
    const roles = agent
      ? u.roles.includes('adminAgent')
        ? u.roles
        : [...u.roles, 'adminAgent' as const]
      : u.roles.filter((r) => r !== 'adminAgent');
    return { ...u, roles };
  });
  for (const agent of agents)
    if (!partner.users.some((u) => u.id === agent.id))
      users.push({ id: agent.id, name: agent.name, email: agent.email, roles: ['adminAgent'] });
  if (JSON.stringify(users) === JSON.stringify(partner.users)) return false;
  await repos.partners.save({ ...partner, users });
  return true;
}

/** What the bot holds of the estate, keyed by Microsoft's relationship id. */
export interface EstateIndex {
  requests: Map<string, Invitation>;
  relationships: Map<string, Relationship>;
}

/** The invitations whose request Microsoft may still change, and every relationship of the partner it holds. */
export async function estateIndex(repos: Repositories, partnerId: string): Promise<EstateIndex> {
  const requests = new Map<string, Invitation>();
  const sent = (status: Invitation['status']) => repos.invitations.list({ partnerId, status, atMicrosoft: 'sent' });
  for (const i of [...(await sent('pending')), ...(await sent('declined')), ...(await sent('cancelled'))])
    if (i.microsoft?.state === 'sent' && i.microsoft.relationshipId) requests.set(i.microsoft.relationshipId, i);
  const relationships = new Map<string, Relationship>();
  for (const r of await repos.relationships.list({ partnerId })) if (r.microsoft) relationships.set(r.microsoft.id, r);
  return { requests, relationships };
}

/** The customer of a relationship Microsoft has: the bot's, or recorded now from what Microsoft says. */
export interface CustomerFacts {
  tenantId: string;
  name: string;
  /** Its default domain, when Microsoft said it. */
  domain?: string;
}

/**
 * A relationship made outside the bot (in Partner Center, by another tool, or before the bot ran) becomes the
 * partner's relationship in the bot: with its customer and its access assignments, as Microsoft has them. Nothing
 * is notified: it is not news, only news to the bot. Idempotent: its id is derived from Microsoft's.
 */
export async function importRelationship(
  ctx: DomainContext,
  repos: Repositories,
  partner: Partner,
  m: MicrosoftRelationship,
  customerFacts: CustomerFacts,
  assignments: readonly MicrosoftAccessAssignment[],
  groupNames: ReadonlyMap<string, string>,
): Promise<Relationship | undefined> {
  const status = relationshipStatusOf(m.status);
  const id = importedId(m.id);
  if (!status || (await repos.relationships.get(id))) return undefined;
  const at = ctx.clock().toISOString();
  const customer = await customerFor(ctx, repos, partner, customerFacts);
  const live = assignments.filter(isLiveAssignment);
  const accessAssignments: AccessAssignment[] = live
    .filter((a) => a.roleTemplateIds.length > 0)
    .map((a) => ({
      groupId: a.groupId,
      roles: a.roleTemplateIds.map(roleOf),
      assignedAt: at,
      assignedBy: AT_MICROSOFT,
    }));
  const relationship: Relationship = {
    id,
    name: m.displayName.slice(0, 50),
    partnerId: partner.id,
    customerId: customer.id,
    roles: m.roleTemplateIds.map(roleOf),
    startedAt: m.activatedAt ?? m.createdAt ?? at,
    endsAt: m.endsAt ?? null,
    autoExtend: m.autoExtend,
    status,
    invitationIds: [],
    accessAssignments,
    ...(status === 'terminated' ? { terminatedAt: at, terminatedBy: AT_MICROSOFT } : {}),
    origin: 'microsoft',
    microsoft: {
      id: m.id,
      status: m.status,
      etag: m.etag,
      accessCheckedAt: at,
      assignments: Object.fromEntries(
        live.map((a) => [a.groupId, { id: a.id, status: a.status, roles: a.roleTemplateIds.map(roleOf) }]),
      ),
    },
    history: [{ at, action: 'imported', note: m.status }],
  };
  await repos.relationships.save(relationship);
  await rememberGroups(repos, partner.id, groupNames);
  await audit(repos, ctx, SYSTEM, 'import', 'relationship', id);
  return relationship;
}

/** The bot's id for a relationship it imported: derived from Microsoft's, so an import is never made twice. */
export const importedId = (microsoftId: string): string => `gdap-${microsoftId}`;

/** The customer of a tenant Microsoft named: the bot's, or recorded now (its country assumed to be the partner's). */
export async function customerFor(
  ctx: DomainContext,
  repos: Repositories,
  partner: Pick<Partner, 'cloud' | 'country'>,
  facts: CustomerFacts,
): Promise<Customer> {
  const known = await repos.customers.findByTenant(facts.tenantId);
  if (known) return known;
  // Microsoft does not say a customer's country with a relationship; a GDAP relationship exists only
  // within the partner's market (R8), so the partner's country stands in, marked as assumed.
  const customer: Customer = {
    id: ctx.ids.newId(),
    name: facts.name || facts.domain || facts.tenantId,
    tenantId: facts.tenantId,
    verifiedDomains: [facts.domain || `${facts.tenantId}.tenant`],
    cloud: partner.cloud,
    country: partner.country,
    countryAssumed: true,
    isCspPartner: false,
    users: [],
  };
  await repos.customers.save(customer);
  return customer;
}

/** Security groups met at Microsoft (an assignment's container), by name, so cards and history can name them. */
export async function rememberGroups(
  repos: Repositories,
  partnerId: string,
  names: ReadonlyMap<string, string>,
): Promise<void> {
  if (names.size === 0) return;
  const partner = await repos.partners.get(partnerId);
  if (!partner) return;
  const known = new Map(partner.securityGroups.map((g) => [g.id, g.name]));
  let changed = false;
  for (const [id, name] of names)
    if (known.get(id) !== name) {
      known.set(id, name);
      changed = true;
    }
  if (changed)
    await repos.partners.save({ ...partner, securityGroups: [...known].map(([id, name]) => ({ id, name })) });
}

/**
 * Access as Microsoft has it now, for a relationship the bot holds: live assignments become the relationship's
 * access (each group with its roles), deleted ones are no access. Recorded only when something changed.
 */
export async function recordAccessAtMicrosoft(
  ctx: DomainContext,
  repos: Repositories,
  relationshipId: string,
  assignments: readonly MicrosoftAccessAssignment[],
  groupNames: ReadonlyMap<string, string>,
): Promise<boolean> {
  const relationship = await repos.relationships.get(relationshipId);
  if (!relationship?.microsoft) return false;
  const at = ctx.clock().toISOString();
  const live = assignments.filter(isLiveAssignment);
  const byGroup = Object.fromEntries(
    live.map((a) => [a.groupId, { id: a.id, status: a.status, roles: a.roleTemplateIds.map(roleOf) }]),
  );
  const before = relationship.microsoft.assignments ?? {};
  const same =
    Object.keys(before).length === Object.keys(byGroup).length &&
    Object.entries(byGroup).every(
      ([g, a]) =>
        before[g]?.id === a.id && before[g]?.status === a.status && (before[g]?.roles ?? []).join() === a.roles.join(),
    );
  const previous = new Map(relationship.accessAssignments.map((a) => [a.groupId, a]));
  const accessAssignments: AccessAssignment[] = Object.entries(byGroup)
    .filter(([, a]) => a.roles.length > 0)
    .map(([groupId, a]) => {
      const was = previous.get(groupId);
      return was && was.roles.join() === a.roles.join()
        ? was
        : { groupId, roles: a.roles, assignedAt: at, assignedBy: AT_MICROSOFT };
    });
  const accessSame =
    accessAssignments.length === relationship.accessAssignments.length &&
    accessAssignments.every((a, i) => a === relationship.accessAssignments[i] || previous.get(a.groupId) === a);
  await rememberGroups(repos, relationship.partnerId, groupNames);
  if (same && accessSame) {
    await repos.relationships.save({ ...relationship, microsoft: { ...relationship.microsoft, accessCheckedAt: at } });
    return false;
  }
  await repos.relationships.save({
    ...relationship,
    accessAssignments,
    microsoft: { ...relationship.microsoft, assignments: byGroup, accessCheckedAt: at },
  });
  return true;
}
