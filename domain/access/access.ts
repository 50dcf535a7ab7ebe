import { audit, auditedRefusal } from '../audit.js';
import { type Actor, actorRef, hasPartnerRole, resolveActor, type Identity } from '../identity.js';
import { ok, refuse, type Result } from '../refusals.js';
import type { DomainContext, Repositories } from '../ports.js';
import { addDays, isAtOrAfter } from '../time.js';
import type { AccessAssignment, Relationship, SecurityGroup } from '../types.js';

type PartnerActor = Extract<Actor, { kind: 'partner' }>;

// R22: an approved relationship gives the partner's staff nothing until an admin agent assigns its
// roles to partner security groups. Until then it says "no access assigned", and the admin agent
// who sent the request is reminded once a day for a week.

/** Days after approval on which the sender is reminded, each once, while nothing is assigned. */
export const ACCESS_REMINDER_DAYS = 7;

/** Active, with admin roles, and no group holds any of them yet. */
export const needsAccessAssignment = (relationship: Relationship): boolean =>
  relationship.status === 'active' && relationship.roles.length > 0 && relationship.accessAssignments.length === 0;

/** The choice of one group: its id and the roles it gets (may be none, which removes the group). */
export interface AccessChoice {
  groupId: string;
  roles: string[];
}

/** What the access card needs, once the checks of R22 and R23 passed. */
export interface AccessView {
  relationship: Relationship;
  customerName: string;
  /** The groups offered: those holding access first, then those found by the search (or all, without one). */
  securityGroups: SecurityGroup[];
  /** The words searched for, if any. */
  search?: string;
}

/** How many groups the access card offers beyond those already holding access. */
export const GROUPS_OFFERED = 20;

/**
 * R22 R29: the groups the access card offers. Groups holding access are always offered (so their access can be
 * changed or removed); then the groups found — by Microsoft's search when connected, otherwise the partner's own
 * whose name has words starting with the ones typed.
 */
export function offerGroups(
  relationship: Relationship,
  known: readonly SecurityGroup[],
  words: string | undefined,
  found?: readonly SecurityGroup[],
): SecurityGroup[] {
  const names = new Map(known.map((g) => [g.id, g.name]));
  const holding = relationship.accessAssignments.map((a) => ({
    id: a.groupId,
    name: names.get(a.groupId) ?? a.groupId,
  }));
  const wanted = (words ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (g: SecurityGroup) => {
    const tokens = g.name.toLowerCase().split(/[^\p{L}\p{N}]+/u);
    return wanted.every((w) => tokens.some((t) => t.startsWith(w)));
  };
  const candidates = found ?? known.filter(matches);
  const rest = candidates.filter((g) => !holding.some((h) => h.id === g.id));
  return [...holding, ...(wanted.length > 0 || found ? rest.slice(0, GROUPS_OFFERED) : rest)];
}

/**
 * R22 R23: the relationship, if this user may assign its access: an admin agent of its partner, while it is active and
 * has roles.
 */
async function checkAccessAssigner(
  repos: Repositories,
  identity: Identity,
  id: string,
): Promise<Result<AccessView & { actor: PartnerActor }>> {
  const relationship = await repos.relationships.get(id);
  const actor = await resolveActor(repos, identity);
  const party =
    relationship &&
    ((actor.kind === 'partner' && actor.partner.id === relationship.partnerId) ||
      (actor.kind === 'customer' && actor.customer.id === relationship.customerId));
  // R23: someone outside the two organisations is told it does not exist.
  if (!relationship || !party) return refuse('unknownRelationship', { value: id.slice(0, 40) });
  if (actor.kind !== 'partner' || !hasPartnerRole(actor, 'adminAgent')) return refuse('accessNeedsAdminAgent');
  if (relationship.status !== 'active') return refuse('relationshipNotActive', { status: relationship.status });
  if (relationship.roles.length === 0) return refuse('nothingToAssign', { name: relationship.name });
  const customer = await repos.customers.get(relationship.customerId);
  return ok({
    relationship,
    customerName: customer?.name ?? relationship.customerId,
    securityGroups: actor.partner.securityGroups,
    actor,
  });
}

/**
 * The access card's content for an admin agent of the relationship's partner; refused (and audited) for anyone else.
 */
export async function viewAccess(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  relationshipId: string,
  words?: string,
  found?: readonly SecurityGroup[],
): Promise<Result<AccessView>> {
  const id = String(relationshipId);
  const checked = await checkAccessAssigner(repos, identity, id);
  if (!checked.ok) return auditedRefusal(repos, ctx, identity, 'viewAccess', 'relationship', id.slice(0, 100), checked);
  const { actor: _actor, ...view } = checked.value;
  const search = words?.trim().slice(0, 100);
  return ok({
    ...view,
    securityGroups: offerGroups(view.relationship, view.securityGroups, search, found),
    ...(search ? { search } : {}),
  });
}

/**
 * R22: the chosen groups get the chosen roles (none: the group's access is removed); groups not
 * chosen keep theirs. Only an admin agent of the relationship's partner assigns; each group is one of
 * that partner's security groups; each role is one of the relationship's (never others); at least
 * one group keeps at least one role.
 */
export async function assignAccess(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  relationshipId: string,
  choices: readonly AccessChoice[],
): Promise<Result<Relationship>> {
  const id = String(relationshipId);
  const fail = (r: Result<never>): Promise<Result<Relationship>> =>
    auditedRefusal(repos, ctx, identity, 'assignAccess', 'relationship', id.slice(0, 100), r);
  const checked = await checkAccessAssigner(repos, identity, id);
  if (!checked.ok) return fail(checked);
  const { relationship, actor } = checked.value;
  const groups = new Map(actor.partner.securityGroups.map((g) => [g.id, g]));
  const at = ctx.clock().toISOString();
  const by = actorRef(actor);
  const chosen = new Set(choices.map((c) => String(c.groupId)));
  const assignments: AccessAssignment[] = relationship.accessAssignments.filter((a) => !chosen.has(a.groupId));
  for (const choice of choices) {
    const group = groups.get(String(choice.groupId));
    if (!group) return fail(refuse('unknownSecurityGroup', { value: String(choice.groupId).slice(0, 60) }));
    const roles = [...new Set(choice.roles.map(String))];
    const foreign = roles.find((role) => !relationship.roles.includes(role));
    if (foreign !== undefined)
      return fail(
        refuse('roleNotInRelationship', { role: foreign.slice(0, 60), group: group.name, name: relationship.name }),
      );
    const ordered = relationship.roles.filter((role) => roles.includes(role));
    const before = relationship.accessAssignments.find((a) => a.groupId === group.id);
    if (before && before.roles.join() === ordered.join()) assignments.push(before);
    else if (ordered.length > 0)
      assignments.push({ groupId: group.id, roles: ordered, assignedAt: at, assignedBy: by });
  }
  if (assignments.length === 0) return fail(refuse('noAccessChosen', { name: relationship.name }));
  const note = assignments.map((a) => `${groups.get(a.groupId)?.name ?? a.groupId}: ${a.roles.join(', ')}`).join('; ');
  const updated: Relationship = {
    ...relationship,
    accessAssignments: assignments,
    history: [...relationship.history, { at, action: 'accessAssigned', by, note }],
  };
  await repos.relationships.save(updated);
  await audit(repos, ctx, identity, 'assignAccess', 'relationship', relationship.id);
  return ok(updated);
}

/**
 * R22: for each active relationship still without access, one reminder a day on days 1 to 7 after
 * approval, to the admin agent who sent the request. A sweeper that did not run for days sends one
 * reminder, not the missed ones.
 */
export async function remindAccessAssignments(ctx: DomainContext, repos: Repositories): Promise<Relationship[]> {
  const now = ctx.clock();
  const at = now.toISOString();
  const reminded: Relationship[] = [];
  for (const relationship of await repos.relationships.list({ status: 'active' })) {
    if (!needsAccessAssignment(relationship)) continue;
    if (isAtOrAfter(now, addDays(relationship.startedAt, ACCESS_REMINDER_DAYS + 1))) continue;
    const day = Math.floor((now.getTime() - Date.parse(relationship.startedAt)) / 86_400_000);
    if (day < 1) continue;
    if (relationship.history.some((h) => h.action === 'accessReminded' && h.note === String(day))) continue;
    const updated: Relationship = {
      ...relationship,
      history: [...relationship.history, { at, action: 'accessReminded', note: String(day) }],
    };
    await repos.relationships.save(updated);
    await repos.outbox.add({
      id: ctx.ids.newId(),
      createdAt: at,
      kind: 'accessReminder',
      recipient: { kind: 'partner', partnerId: relationship.partnerId },
      relationshipId: relationship.id,
      daysLeft: ACCESS_REMINDER_DAYS - day,
    });
    reminded.push(updated);
  }
  return reminded;
}
