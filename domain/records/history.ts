import { describeIdentity, resolveActor } from '../identity.js';
import { viewInvitation } from '../invitations/invitations.js';
import type { DomainContext, Repositories } from '../ports.js';
import { ok, refuse, type Result } from '../refusals.js';
import { type ActorRef, INVITATION_CARDS, type Invitation, type Relationship } from '../types.js';

// "history ABC-123": what happened to an invitation and the relationship it became, in order —
// sent, delivered to whom, reminded, decided, and the relationship's own events.

export const HISTORY_EVENTS = [
  'created',
  'resent',
  'reminded',
  'approved',
  'declined',
  'expired',
  'cancelled',
  'sentToMicrosoft',
  'sendFailed',
  'delivered',
  'notDelivered',
  'relationshipCreated',
  'extended',
  'autoExtendChanged',
  'relationshipExpired',
  'terminated',
  'expiryWarned',
  'accessAssigned',
  'accessReminded',
  'imported',
] as const;
export type HistoryEventKind = (typeof HISTORY_EVENTS)[number];

export interface HistoryEntry {
  at: string;
  event: HistoryEventKind;
  /** Who did it; absent for the clock and the bot. */
  by?: Pick<ActorRef, 'name' | 'organisation'>;
  /** Whom a card reached (or did not). */
  to?: { name: string; organisation: string };
  /** Raw facts: a reason, a new end date, "on"/"off", days left, groups. */
  note?: string;
}

export interface InvitationHistory {
  invitation: Invitation;
  relationship?: Relationship;
  entries: HistoryEntry[];
}

const RELATIONSHIP_EVENT: Record<Relationship['history'][number]['action'], HistoryEventKind | undefined> = {
  created: undefined, // the same moment as "approved"
  rolesAdded: undefined, // only in data written before R13; nothing is merged any more
  extended: 'extended',
  autoExtendChanged: 'autoExtendChanged',
  expired: 'relationshipExpired',
  terminated: 'terminated',
  expiryWarned: 'expiryWarned',
  accessAssigned: 'accessAssigned',
  accessReminded: 'accessReminded',
  imported: 'imported',
};

/** R23: only the two organisations the invitation involves see its history; anyone else is told it does not exist. */
export async function invitationHistory(
  ctx: DomainContext,
  repos: Repositories,
  identity: { tenantId: string; userId: string },
  ref: string,
): Promise<Result<InvitationHistory>> {
  const viewed = await viewInvitation(ctx, repos, identity, ref);
  if (!viewed.ok) return viewed;
  const { invitation } = viewed.value;
  const by = (actor?: ActorRef) => (actor ? { by: { name: actor.name, organisation: actor.organisation } } : {});
  const entries: HistoryEntry[] = invitation.history.map((h) => ({
    at: h.at,
    event: h.action,
    ...by(h.by),
    ...(h.note ? { note: h.note } : {}),
  }));

  // Where the invitation card went: one line per person, delivered or given up.
  for (const notification of await repos.outbox.listByInvitation(invitation.id)) {
    if (!INVITATION_CARDS.has(notification.kind)) continue;
    for (const delivery of await repos.deliveries.listByNotification(notification.id)) {
      if (delivery.target.kind !== 'person' || delivery.status === 'pending') continue;
      const person = await describeIdentity(repos, delivery.target.person);
      const to = { name: person?.name ?? delivery.target.person.userId, organisation: person?.organisation ?? '' };
      if (delivery.status === 'delivered')
        entries.push({ at: delivery.deliveredAt ?? notification.createdAt, event: 'delivered', to });
      else
        entries.push({
          at: delivery.failedAt ?? notification.createdAt,
          event: 'notDelivered',
          to,
          ...(delivery.lastError ? { note: delivery.lastError.slice(0, 200) } : {}),
        });
    }
  }

  const relationship = invitation.relationshipId ? await repos.relationships.get(invitation.relationshipId) : undefined;
  for (const h of relationship?.history ?? []) {
    const event = RELATIONSHIP_EVENT[h.action];
    if (event) entries.push({ at: h.at, event, ...by(h.by), ...(h.note ? { note: h.note } : {}) });
  }
  // Stable: events of the same moment keep the order in which they were written.
  entries.sort((a, b) => a.at.localeCompare(b.at));
  return ok({ invitation, ...(relationship ? { relationship } : {}), entries });
}

/** A relationship with no invitation behind it (made outside the bot and imported, R29): its own events. */
export interface RelationshipHistory {
  relationship: Relationship;
  customerName: string;
  entries: HistoryEntry[];
}

/**
 * "history <relationship name>": a relationship of the user's organisation by its name (without case) or id, for one
 * the bot did not request itself (R29); one it requested answers with its invitation's history. R23: only the two
 * organisations; anyone else is told it does not exist.
 */
export async function relationshipHistory(
  repos: Repositories,
  identity: { tenantId: string; userId: string },
  ref: string,
): Promise<Result<RelationshipHistory | { invitationCode: string }>> {
  const wanted = ref.trim().toLowerCase();
  const actor = await resolveActor(repos, identity);
  const filter =
    actor.kind === 'partner'
      ? { partnerId: actor.partner.id }
      : actor.kind === 'customer'
        ? { customerId: actor.customer.id }
        : undefined;
  const found = filter
    ? (await repos.relationships.list(filter)).find((r) => r.id === ref.trim() || r.name.toLowerCase() === wanted)
    : undefined;
  if (!found) return refuse('unknownRelationship', { value: ref.slice(0, 40) });
  const invitation = found.invitationIds[0] ? await repos.invitations.get(found.invitationIds[0]) : undefined;
  if (invitation) return ok({ invitationCode: invitation.code });
  const customer = await repos.customers.get(found.customerId);
  const entries: HistoryEntry[] = [];
  for (const h of found.history) {
    const event = RELATIONSHIP_EVENT[h.action];
    if (event)
      entries.push({
        at: h.at,
        event,
        ...(h.by ? { by: { name: h.by.name, organisation: h.by.organisation } } : {}),
        ...(h.note ? { note: h.note } : {}),
      });
  }
  return ok({ relationship: found, customerName: customer?.name ?? found.customerId, entries });
}

// ---------------------------------------------------------------------------------------------
// "export": the partner's invitations and relationships as rows (the edge writes them as CSV)

export interface ExportRow {
  kind: 'invitation' | 'relationship';
  /** The invitation's code; empty for a relationship. */
  code: string;
  name: string;
  customer: string;
  domain: string;
  roles: string[];
  /** An invitation's or a relationship's status, as the domain names it. */
  status: string;
  /** Sent (invitation) or started (relationship). */
  from: string;
  /** Decided (invitation) or terminated (relationship); empty when not. */
  decided: string;
  /** Expires (pending invitation) or ends (relationship); empty when nothing ends. */
  until: string;
  autoExtend: boolean;
  /** R22 for a relationship with roles: whether any group has access; undefined where it does not apply. */
  accessAssigned?: boolean;
}

/** Every invitation and relationship of the user's partner, newest first within each kind. Partners' users only. */
export async function exportPartnerRecords(
  repos: Repositories,
  identity: { tenantId: string; userId: string },
): Promise<Result<{ partnerName: string; rows: ExportRow[] }>> {
  const actor = await resolveActor(repos, identity);
  if (actor.kind !== 'partner') return refuse('unknownPartnerUser');
  const partnerId = actor.partner.id;
  const customerNames = new Map<string, { name: string; domain: string }>();
  const customerOf = async (id: string | undefined, domain: string) => {
    const customer = id ? await repos.customers.get(id) : await repos.customers.findByDomain(domain);
    if (customer)
      customerNames.set(customer.id, { name: customer.name, domain: customer.verifiedDomains[0] ?? domain });
    return customer ? { name: customer.name, domain } : { name: domain, domain };
  };
  const rows: ExportRow[] = [];
  const invitations = (await repos.invitations.list({ partnerId })).sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
  for (const i of invitations) {
    const customer = await customerOf(i.customerId, i.customerDomain);
    rows.push({
      kind: 'invitation',
      code: i.code,
      name: i.relationshipName,
      customer: customer.name,
      domain: i.customerDomain,
      roles: i.roles,
      status: i.status,
      from: i.createdAt,
      decided: i.decidedAt ?? '',
      until: i.status === 'pending' ? i.expiresAt : '',
      autoExtend: i.autoExtend,
    });
  }
  const relationships = (await repos.relationships.list({ partnerId })).sort((a, b) =>
    b.startedAt.localeCompare(a.startedAt),
  );
  for (const r of relationships) {
    let customer = customerNames.get(r.customerId);
    if (!customer) {
      const found = await repos.customers.get(r.customerId);
      customer = { name: found?.name ?? r.customerId, domain: found?.verifiedDomains[0] ?? '' };
    }
    rows.push({
      kind: 'relationship',
      code: '',
      name: r.name,
      customer: customer.name,
      domain: customer.domain,
      roles: r.roles,
      status: r.status,
      from: r.startedAt,
      decided: r.terminatedAt ?? '',
      until: r.endsAt ?? '',
      autoExtend: r.autoExtend,
      ...(r.roles.length > 0 ? { accessAssigned: r.accessAssignments.length > 0 } : {}),
    });
  }
  return ok({ partnerName: actor.partner.name, rows });
}
