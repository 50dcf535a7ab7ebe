import {
  type CustomerFacts,
  estateIndex,
  importRelationship,
  recordAccessAtMicrosoft,
  recordAdminAgents,
  relationshipStatusOf,
} from './estate.js';
import { applyRelationshipStatus, applyRequestStatus } from './microsoft.js';
import type { MicrosoftAccessAssignment, MicrosoftRelationship, PartnerCenter } from '../partnerCenterPort.js';
import { isLiveAssignment, PartnerCenterError } from '../partnerCenterPort.js';
import type { DomainContext, UnitOfWork } from '../ports.js';
import type { Partner, Relationship } from '../types.js';

// One sync pass (R29): the partner's whole list of relationships at Microsoft, a few pages, compared
// with what the bot holds by ETag. A request's status, a relationship's status, end date and
// auto-extend, and new relationships made outside the bot are recorded; access assignments are read
// for relationships with assignments still being made or removed, and for a few more each pass
// (the longest unread first), so access changed in Partner Center is seen within a few passes.

export interface SyncCounts {
  /** List requests made: the cost of a pass over unchanged relationships. */
  pages: number;
  /** Relationships Microsoft listed. */
  listed: number;
  /** Requests and relationships whose record changed. */
  changed: number;
  /** Relationships made outside the bot, recorded now. */
  imported: number;
  /** Relationships whose access assignments were read. */
  accessRead: number;
  /** Calls Microsoft refused for one item (that item waits for the next pass). */
  failures: PartnerCenterError[];
  /** Why the pass stopped early: Microsoft unreachable, or the app's credentials refused. */
  stopped?: PartnerCenterError;
  /** Security groups the bot knows by name (read once each). */
  groupsMet: Set<string>;
}

export interface SyncOptions {
  /** How many relationships' access is read each pass beyond those with assignments in progress. */
  accessPerPass: number;
}

/** Relationships imported side by side: Graph's calls overlap, well under its throttling limits. */
const IMPORTS_AT_ONCE = 4;

/** Failures that concern every call, not one item: the pass stops and the next one tries again. */
const STOPS_THE_PASS: ReadonlySet<string> = new Set(['unavailable', 'signInFailed', 'permissionMissing']);

export async function syncPass(
  ctx: DomainContext,
  uow: UnitOfWork,
  pc: PartnerCenter,
  options: SyncOptions,
): Promise<SyncCounts> {
  const counts: SyncCounts = {
    pages: 0,
    listed: 0,
    changed: 0,
    imported: 0,
    accessRead: 0,
    failures: [],
    groupsMet: new Set(),
  };
  const partner = await uow.read((r) => r.partners.findByTenant(pc.partnerTenantId));
  if (!partner) return counts;
  for (const g of partner.securityGroups) counts.groupsMet.add(g.id);
  const counter = { pages: 0 };
  let listed: MicrosoftRelationship[];
  try {
    listed = await pc.listRelationships(counter);
  } catch (error) {
    if (!(error instanceof PartnerCenterError)) throw error;
    counts.pages = counter.pages;
    counts.stopped = error;
    return counts;
  }
  counts.pages = counter.pages;
  counts.listed = listed.length;
  const index = await uow.read((r) => estateIndex(r, partner.id));
  const item = async (work: () => Promise<void>): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (error) {
      if (!(error instanceof PartnerCenterError)) throw error;
      if (STOPS_THE_PASS.has(error.failure)) {
        counts.stopped = error;
        return false;
      }
      counts.failures.push(error);
      return true;
    }
  };

  // Whom the partner's notices go to: AdminAgents as Microsoft has it (two requests).
  if (
    !(await item(async () => {
      const agents = await pc.directory.adminAgents();
      if (await uow.run((r) => recordAdminAgents(r, partner.id, agents))) counts.changed++;
    }))
  )
    return counts;
  const toImport: MicrosoftRelationship[] = [];
  for (const m of listed) {
    const request = index.requests.get(m.id);
    if (request) {
      if (request.microsoft?.etag !== m.etag || request.microsoft.status !== m.status)
        if (await uow.run((r) => applyRequestStatus(ctx, r, request.id, m))) counts.changed++;
      continue;
    }
    const held = index.relationships.get(m.id);
    if (held) {
      if (held.microsoft?.etag !== m.etag)
        if (await uow.run((r) => applyRelationshipStatus(ctx, r, held.id, m))) counts.changed++;
      continue;
    }
    // Made outside the bot and not yet approved: nothing to hold until it is. Expired without ever being
    // active, it was a request nobody approved (Microsoft says `expired` for both): nothing to import.
    if (relationshipStatusOf(m.status) && (m.status === 'active' || m.activatedAt)) toImport.push(m);
  }
  // New to the bot (all of them on day one): a few at a time, each its customer's name and its access read.
  for (let k = 0; k < toImport.length && !counts.stopped; k += IMPORTS_AT_ONCE)
    await Promise.all(
      toImport.slice(k, k + IMPORTS_AT_ONCE).map((m) => item(() => importOne(ctx, uow, pc, partner, m, counts))),
    );
  if (counts.stopped) return counts;

  for (const relationship of accessToRead([...index.relationships.values()], options.accessPerPass)) {
    if (!(await item(() => readAccess(ctx, uow, pc, partner, relationship, counts)))) return counts;
  }
  return counts;
}

/** Relationships with assignments Microsoft is still making or removing, then the longest unread. */
function accessToRead(held: Relationship[], more: number): Relationship[] {
  const active = held.filter((r) => r.status === 'active' && r.microsoft);
  const inProgress = active.filter((r) =>
    Object.values(r.microsoft?.assignments ?? {}).some((a) => a.status === 'pending' || a.status === 'deleting'),
  );
  const rest = active
    .filter((r) => !inProgress.includes(r))
    .sort((a, b) => (a.microsoft?.accessCheckedAt ?? '').localeCompare(b.microsoft?.accessCheckedAt ?? ''))
    .slice(0, more);
  return [...inProgress, ...rest];
}

async function importOne(
  ctx: DomainContext,
  uow: UnitOfWork,
  pc: PartnerCenter,
  partner: Partner,
  m: MicrosoftRelationship,
  counts: SyncCounts,
): Promise<void> {
  const known = await uow.read((r) => r.customers.findByTenant(m.customerTenantId));
  let facts: CustomerFacts = { tenantId: m.customerTenantId, name: known?.name ?? m.customerName ?? '' };
  if (!known) {
    const tenant = await pc.customerTenant(m.customerTenantId);
    facts = {
      tenantId: m.customerTenantId,
      name: m.customerName ?? tenant?.displayName ?? '',
      ...(tenant?.domain ? { domain: tenant.domain } : {}),
    };
  }
  const assignments = m.status === 'active' ? await pc.listAccessAssignments(m.id) : [];
  const names = await groupNames(pc, counts.groupsMet, assignments);
  if (await uow.run((r) => importRelationship(ctx, r, partner, m, facts, assignments, names))) counts.imported++;
}

async function readAccess(
  ctx: DomainContext,
  uow: UnitOfWork,
  pc: PartnerCenter,
  partner: Partner,
  relationship: Relationship,
  counts: SyncCounts,
): Promise<void> {
  const assignments = await pc.listAccessAssignments(relationship.microsoft!.id);
  counts.accessRead++;
  const names = await groupNames(pc, counts.groupsMet, assignments);
  if (await uow.run((r) => recordAccessAtMicrosoft(ctx, r, relationship.id, assignments, names))) counts.changed++;
}

/** The names of groups holding access that the bot has not met yet (one read each, the first time only). */
async function groupNames(
  pc: PartnerCenter,
  known: Set<string>,
  assignments: readonly MicrosoftAccessAssignment[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const a of assignments.filter(isLiveAssignment)) {
    if (known.has(a.groupId)) continue;
    const group = await pc.directory.securityGroup(a.groupId);
    names.set(a.groupId, group?.displayName ?? a.groupId);
    known.add(a.groupId);
  }
  return names;
}
