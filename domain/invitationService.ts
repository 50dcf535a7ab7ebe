import {
  claimDueDeliveries,
  type DeliveryOutcome,
  type DeliveryPolicy,
  hasCardCopy,
  planAndTake,
  planUnplanned,
  pruneFinishedNotifications,
  recordDeliveryAttempts,
  type TakenDeliveries,
} from './delivery/delivery.js';
import * as access from './access/access.js';
import * as history from './records/history.js';
import { audit } from './audit.js';
import { describeIdentity, findDirectoryUser, listDirectory, recordPartnerUser, type Identity } from './identity.js';
import type { Refusal } from './refusals.js';
import * as invitations from './invitations/invitations.js';
import type { DomainContext, Repositories, UnitOfWork, UnitOptions } from './ports.js';
import * as relationships from './relationships/relationships.js';
import * as microsoft from './partnerCenter/microsoft.js';
import { ADMIN_ROLES } from './adminRoles.js';
import { type PartnerCenter, PartnerCenterError } from './partnerCenter/port.js';
import { refuse, type Result } from './refusals.js';
import type { PartnerRole, Relationship } from './types.js';
import type { AuditEntry, CardCopy, Contact, PersonRef, TenantEndpoint } from './types.js';

/**
 * A decision reads its invitation and changes it (R11: the first decision wins; the second, run
 * again, finds it decided): decisions on one invitation wait for each other, others run side by side.
 */
const decisionUnit = (input: invitations.DecisionInput): UnitOptions => ({
  oneAtATime: `invitation:${String(input.invitationId)}`,
  restsOnWhatItChanges: true,
});

/**
 * A request holds its customer and its names (R13) while it runs (`restsOnHeldKeys`); requests of
 * one partner to one domain also queue in the process first, so that they wait for each other
 * without each holding a connection of the store meanwhile.
 */
const requestUnit = (identity: Identity, draft: invitations.InvitationDraft): UnitOptions => ({
  restsOnHeldKeys: true,
  oneAtATime: `request ${identity.tenantId} ${String(draft.customerDomain ?? '')
    .trim()
    .toLowerCase()}`,
});

// The use cases as the edge calls them. A change runs as one unit of work (`run`), so two turns
// acting on the same invitation are serialised and the second sees the first's outcome; a look-up
// that writes nothing runs on committed data (`read`) and never waits for a write.
export class InvitationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ctx: DomainContext,
    /** Connected to Partner Center (ctx.partnerCenter 'graph'): Microsoft, through Graph. */
    private readonly partnerCenter?: PartnerCenter,
    /**
     * Told when a request to make at Microsoft was recorded (or withdrawn while being made): the schedule makes it now.
     */
    private readonly onRequestRecorded: () => void = () => undefined,
  ) {}

  /**
   * Where people were found stored as they are now: their next turns from the same place look again only after a while.
   */
  private readonly confirmedContacts = new RecentlyConfirmed(CONTACT_CONFIRMED_MS, 10_000);

  private run<T>(work: (repos: Repositories) => Promise<T>, options?: UnitOptions): Promise<T> {
    return this.uow.run(work, options);
  }

  private read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.uow.read(work);
  }

  get clock() {
    return this.ctx.clock;
  }

  // --- invitations (R7–R15) -----------------------------------------------------------------
  /** R9: whether this user may invite at all, before the dialog asks anything. */
  invitePermission(identity: Identity) {
    return this.read((r) => invitations.invitePermission(r, identity));
  }
  /** The name proposed for the relationship a request for these roles would become (R13). */
  proposeRelationshipName(identity: Identity, domain: string, roles: readonly string[]) {
    return this.read(async (r) => {
      const partner = await r.partners.findByTenant(identity.tenantId);
      if (!partner) return '';
      const customer = await r.customers.findByDomain(domain);
      return invitations.proposeRelationshipName(r, this.ctx, partner, customer?.name ?? domain, roles);
    });
  }
  async previewInvitation(identity: Identity, domain: string) {
    // It writes nothing, but as a read it let one partner's users reach Send all at once, to wait in
    // that partner's queue of Sends (README, "The data layer"): a unit of work paces them.
    const preview = await this.run((r) => invitations.previewInvitation(this.ctx, r, identity, domain));
    const pc = this.partnerCenter;
    if (!pc || !preview.ok || preview.value.refusals.length > 0) return preview;
    // Connected to Partner Center: what Microsoft has between this partner and the customer.
    let atMicrosoft: invitations.InvitationPreview['atMicrosoft'];
    try {
      const tenantId =
        preview.value.customer?.tenantId ?? (await pc.findCustomerTenant(preview.value.domain))?.tenantId;
      atMicrosoft = tenantId
        ? {
            tenantFound: true,
            relationships: (await pc.listRelationshipsWith(tenantId)).map((m) => ({
              displayName: m.displayName,
              status: m.status,
              ...(m.endsAt ? { endsAt: m.endsAt } : {}),
            })),
          }
        : { tenantFound: false, relationships: [] };
    } catch (error) {
      if (!(error instanceof PartnerCenterError)) throw error;
      atMicrosoft = 'unavailable';
    }
    return { ...preview, value: { ...preview.value, atMicrosoft } };
  }
  async createInvitation(identity: Identity, draft: invitations.InvitationDraft) {
    const created = await this.run(
      (r) => invitations.createInvitation(this.ctx, r, identity, draft),
      requestUnit(identity, draft),
    );
    if (created.ok && created.value.microsoft) this.onRequestRecorded();
    return created;
  }
  decideInvitation(identity: Identity, input: invitations.DecisionInput) {
    return this.run((r) => invitations.decideInvitation(this.ctx, r, identity, input), decisionUnit(input));
  }
  /**
   * The decision, then the invitation as it is now: what a card answering the decision shows. The
   * customer's side of the card is read with the decision's own look-ups, and the card described
   * from what the unit wrote: the unit asks nothing more of the store. A refused decision's card is
   * read afterwards, as the invitation is. With `withLanguage`, the language the person chose (kept
   * with their contact) is read with them too: a Teams card action then needs no read of the turn's state for it.
   */
  async decideAndDescribe(identity: Identity, input: invitations.DecisionInput, { withLanguage = false } = {}) {
    const decided = await this.run(async (r) => {
      const [result, side] = await Promise.all([
        invitations.decideInvitation(this.ctx, r, identity, input),
        invitations.customerSideOf(r, identity),
      ]);
      // An administrator's contact is among their organisation's, read with it; anyone else's is read alone.
      const contact = !withLanguage
        ? undefined
        : side
          ? side.contacts.find((c) => c?.person.userId === identity.userId && c.person.tenantId === identity.tenantId)
          : await r.contacts.get(identity);
      return {
        result,
        details: result.ok
          ? await invitations.describeStoredInvitation(this.ctx, r, result.value.invitation, side)
          : undefined,
        chosenLanguage: contact?.chosenLocale,
      };
    }, decisionUnit(input));
    if (decided.result.ok) return decided;
    return {
      ...decided,
      details: await this.read((r) => invitations.describeInvitation(this.ctx, r, input.invitationId)),
    };
  }
  async cancelInvitation(identity: Identity, ref: string) {
    const cancelled = await this.run((r) => invitations.cancelInvitation(this.ctx, r, identity, ref));
    if (cancelled.ok && cancelled.value.microsoft?.state === 'sending') this.onRequestRecorded();
    return cancelled;
  }
  resendInvitation(identity: Identity, ref: string) {
    return this.run((r) => invitations.resendInvitation(this.ctx, r, identity, ref));
  }
  describeInvitation(ref: string) {
    return this.read((r) => invitations.describeInvitation(this.ctx, r, ref));
  }
  /** The invitation as this viewer may see it (R23); a refused look-up is audited. */
  async viewInvitation(identity: Identity, ref: string, action: string) {
    const result = await this.read((r) => invitations.viewInvitation(this.ctx, r, identity, ref));
    if (!result.ok)
      await this.auditRefusal(identity, action, 'invitation', String(ref).slice(0, 100) || '(none)', result.refusal);
    return result;
  }
  /** "history ABC-123" (R23: the two organisations only; a refused look-up is audited). */
  async invitationHistory(identity: Identity, ref: string) {
    const result = await this.read((r) => history.invitationHistory(this.ctx, r, identity, ref));
    if (!result.ok)
      await this.auditRefusal(identity, 'history', 'invitation', String(ref).slice(0, 100) || '(none)', result.refusal);
    return result;
  }
  /** "export": the partner's invitations and relationships, as rows. */
  exportPartnerRecords(identity: Identity) {
    return this.read((r) => history.exportPartnerRecords(r, identity));
  }
  /** Writes a refusal that happened at the edge (a look-up, a sign-in) to the audit log. */
  auditRefusal(
    identity: Identity,
    action: string,
    objectType: AuditEntry['objectType'],
    objectId: string,
    refused: Refusal,
  ) {
    return this.run((r) => audit(r, this.ctx, identity, action, objectType, objectId, { ok: false, refusal: refused }));
  }
  listInvitations(identity: Identity, query?: invitations.ListInvitationsQuery) {
    return this.read((r) => invitations.listInvitations(this.ctx, r, identity, query));
  }
  /** Pending invitations addressed to the tenant of a customer's Global Administrator. */
  pendingInvitationsFor(identity: Identity) {
    return this.read(async (r) => {
      const result = await invitations.listInvitations(this.ctx, r, identity, { status: 'pending', pageSize: 50 });
      return result.ok ? result.value.items : [];
    });
  }
  /** Every verified domain with its customer's name, to label invitations. */
  customerNames(domains: readonly string[]) {
    return this.read(async (r) => {
      const names = new Map<string, string>();
      for (const domain of new Set(domains)) {
        const customer = await r.customers.findByDomain(domain);
        if (customer) names.set(domain, customer.name);
      }
      return names;
    });
  }

  // --- the clock (R12, R18) -------------------------------------------------------------------
  expireInvitations() {
    return this.run((r) => invitations.expireInvitations(this.ctx, r));
  }
  remindInvitations() {
    return this.run((r) => invitations.remindInvitations(this.ctx, r));
  }
  expireRelationships() {
    return this.run((r) => relationships.expireRelationships(this.ctx, r));
  }
  warnExpiringRelationships() {
    return this.run((r) => relationships.warnExpiringRelationships(this.ctx, r));
  }
  remindAccessAssignments() {
    return this.run((r) => access.remindAccessAssignments(this.ctx, r));
  }

  // --- relationships and subscriptions (R1, R6, R18, R19) --------------------------------------
  terminateRelationship(identity: Identity, relationshipId: string) {
    return this.throughMicrosoft(
      identity,
      'terminate',
      relationshipId,
      (r) => relationships.terminateRelationship(this.ctx, r, identity, relationshipId),
      async (pc, link) => {
        await pc.terminate(link.id);
        return { ...link, status: 'terminationRequested' as const };
      },
    );
  }
  setRelationshipAutoExtend(identity: Identity, relationshipId: string, autoExtend: boolean) {
    return this.throughMicrosoft(
      identity,
      autoExtend ? 'autoExtendOn' : 'autoExtendOff',
      relationshipId,
      (r) => relationships.setRelationshipAutoExtend(this.ctx, r, identity, relationshipId, autoExtend),
      async (pc, link) => {
        // PATCH with the ETag last seen; changed meanwhile at Microsoft: read it again, once.
        const changed = await pc.setAutoExtend(link.id, link.etag, autoExtend).catch(async (error: unknown) => {
          if (!(error instanceof PartnerCenterError) || error.failure !== 'changedMeanwhile') throw error;
          const now = await pc.getRelationship(link.id);
          return pc.setAutoExtend(link.id, now?.etag ?? link.etag, autoExtend);
        });
        return { ...link, status: changed.status, etag: changed.etag };
      },
    );
  }

  /**
   * A change to a relationship that Microsoft holds (connected to Partner Center): checked with the
   * domain's rules first (nothing written), then asked of Microsoft, then recorded. When Microsoft
   * refuses or cannot be reached, nothing changes and the refusal says why (R19, audited).
   */
  private async throughMicrosoft(
    identity: Identity,
    action: string,
    relationshipId: string,
    useCase: (r: Repositories) => Promise<Result<Relationship>>,
    ask: (
      pc: PartnerCenter,
      link: NonNullable<Relationship['microsoft']>,
      after: Relationship,
    ) => Promise<NonNullable<Relationship['microsoft']>>,
  ): Promise<Result<Relationship>> {
    const pc = this.partnerCenter;
    const probe = pc ? await this.read((r) => useCase(microsoft.withoutWrites(r))) : undefined;
    const link = probe?.ok ? probe.value.microsoft : undefined;
    if (!pc || !probe?.ok || !link) return this.run(useCase); // refusals are recorded by the real run
    let asked: NonNullable<Relationship['microsoft']>;
    try {
      asked = await ask(pc, link, probe.value);
    } catch (error) {
      if (!(error instanceof PartnerCenterError)) throw error;
      const refused: Result<never> = refuse('partnerCenterFailed', { failure: error.failure });
      await this.auditRefusal(
        identity,
        action,
        'relationship',
        String(relationshipId).slice(0, 100),
        (refused as { refusal: Refusal }).refusal,
      );
      return refused;
    }
    return this.run(async (r) => {
      const done = await useCase(r);
      if (!done.ok) return done;
      const recorded = { ...done.value, microsoft: { ...(done.value.microsoft ?? link), ...asked } };
      await r.relationships.save(recorded);
      return { ok: true as const, value: recorded };
    });
  }
  /** R22: the access card's content, for an admin agent of the relationship's partner (refusals audited). */
  viewAccess(identity: Identity, relationshipId: string) {
    return this.run((r) => access.viewAccess(this.ctx, r, identity, relationshipId));
  }
  assignAccess(identity: Identity, relationshipId: string, choices: readonly access.AccessChoice[]) {
    return this.throughMicrosoft(
      identity,
      'assignAccess',
      relationshipId,
      (r) => access.assignAccess(this.ctx, r, identity, relationshipId, choices),
      async (pc, link, after) => {
        // Microsoft ends up with exactly the chosen assignments: new groups added, changed ones
        // patched, groups no longer chosen removed. Compared with what Microsoft has now, so a
        // change that failed half-way is completed by the next attempt.
        const roleOf = (templateId: string) =>
          ADMIN_ROLES.find((role) => role.templateId === templateId)?.id ?? templateId;
        const assignments: NonNullable<typeof link.assignments> = Object.fromEntries(
          (await pc.listAccessAssignments(link.id)).map((a) => [
            a.groupId,
            { id: a.id, status: a.status, roles: a.roleTemplateIds.map(roleOf) },
          ]),
        );
        const templateIds = (roles: readonly string[]) =>
          roles.map((id) => ADMIN_ROLES.find((role) => role.id === id)?.templateId ?? id);
        const same = (a: readonly string[] = [], b: readonly string[] = []) =>
          a.length === b.length && a.every((x) => b.includes(x));
        for (const assignment of after.accessAssignments) {
          const known = assignments[assignment.groupId];
          if (known && same(known.roles, assignment.roles)) continue;
          const made = known
            ? await pc.changeAccessAssignment(link.id, known.id, templateIds(assignment.roles))
            : await pc.assignAccess(link.id, assignment.groupId, templateIds(assignment.roles));
          assignments[assignment.groupId] = { id: made.id, status: made.status, roles: [...assignment.roles] };
        }
        for (const [groupId, known] of Object.entries(assignments)) {
          if (after.accessAssignments.some((a) => a.groupId === groupId)) continue;
          await pc.removeAccessAssignment(link.id, known.id);
          delete assignments[groupId];
        }
        return { ...link, assignments };
      },
    );
  }
  previewAzureSubscription(identity: Identity, customerRef: string) {
    return this.read((r) => relationships.previewAzureSubscription(r, identity, customerRef));
  }
  addAzureSubscription(identity: Identity, input: relationships.AzureSubscriptionInput) {
    return this.run((r) => relationships.addAzureSubscription(this.ctx, r, identity, input));
  }
  listCustomersOfPartner(identity: Identity, query?: invitations.PageQuery) {
    return this.read((r) => relationships.listCustomersOfPartner(r, identity, query));
  }
  listEndingRelationships(identity: Identity, days: number, query?: invitations.PageQuery) {
    return this.read((r) => relationships.listEndingRelationships(this.ctx, r, identity, days, query));
  }
  listPartnersOfCustomer(identity: Identity) {
    return this.read((r) => relationships.listPartnersOfCustomer(r, identity));
  }
  describeRelationship(id: string) {
    return this.read(async (r) => {
      const relationship = await r.relationships.get(id);
      if (!relationship) return undefined;
      const partner = await r.partners.get(relationship.partnerId);
      const customer = await r.customers.get(relationship.customerId);
      const firstInvitation = relationship.invitationIds[0]
        ? await r.invitations.get(relationship.invitationIds[0])
        : undefined;
      return {
        relationship,
        partnerName: partner?.name ?? relationship.partnerId,
        customerName: customer?.name ?? relationship.customerId,
        customerDomain: customer?.verifiedDomains[0] ?? '',
        securityGroups: partner?.securityGroups ?? [],
        /** The services the request asked for, to ask for them again (R21). */
        services: firstInvitation?.services ?? [],
      };
    });
  }

  // --- Microsoft (connected to Partner Center) ---------------------------------------------------
  /** Makes the requests due at Microsoft, up to `limit`; how many of each outcome. */
  async sendRequestsToMicrosoft(limit = 20): Promise<Record<microsoft.SendOutcome, number>> {
    const counts = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
    const pc = this.partnerCenter;
    if (!pc) return counts;
    const due = await this.read((r) => microsoft.requestsDue(this.ctx, r, limit));
    for (const invitation of due) {
      try {
        counts[await microsoft.sendRequest(this.ctx, this.uow, pc, invitation.id)]++;
      } catch (error) {
        // Clearing up a withdrawn request failed (Microsoft did not answer): the next pass tries again.
        if (!(error instanceof PartnerCenterError)) throw error;
        counts.skipped++;
      }
    }
    return counts;
  }
  /** Reads every request and relationship Microsoft may have changed, and records what did. */
  async followMicrosoft(): Promise<{ requests: number; relationships: number; changed: number; stopped?: string }> {
    const pc = this.partnerCenter;
    if (!pc) return { requests: 0, relationships: 0, changed: 0 };
    const { invitations, relationships: held } = await this.read((r) => microsoft.toFollow(r));
    let changed = 0;
    const follows = [
      ...invitations.map((i) => () => microsoft.followRequest(this.ctx, this.uow, pc, i)),
      ...held.map((r) => () => microsoft.followRelationship(this.ctx, this.uow, pc, r)),
    ];
    for (const follow of follows) {
      try {
        if (await follow()) changed++;
      } catch (error) {
        if (!(error instanceof PartnerCenterError)) throw error;
        // Still throttled or down after the client's retries: the rest waits for the next poll.
        if (error.failure === 'unavailable')
          return { requests: invitations.length, relationships: held.length, changed, stopped: error.failure };
        // Anything else concerns that one item (gone at Microsoft, permission): the others go on.
      }
    }
    return { requests: invitations.length, relationships: held.length, changed };
  }

  /**
   * Connected to Partner Center: a user of the partner's own tenant gets the roles Microsoft says
   * (cached by the adapter for a few minutes). When Microsoft cannot be asked, the roles last
   * recorded stay; the turn goes on.
   */
  async recognisePartnerUser(identity: Identity, name: string): Promise<void> {
    const pc = this.partnerCenter;
    if (!pc || identity.tenantId !== pc.partnerTenantId) return;
    let roles: PartnerRole[];
    try {
      roles = await pc.partnerRolesOf(identity.userId);
    } catch (error) {
      if (error instanceof PartnerCenterError) return;
      throw error;
    }
    const known = await this.read(
      async (r) =>
        (await r.partners.findByTenant(identity.tenantId))?.users.find((u) => u.id === identity.userId)?.roles ?? [],
    );
    if (known.length === roles.length && known.every((role) => roles.includes(role))) return;
    await this.run((r) => recordPartnerUser(r, identity.tenantId, { id: identity.userId, name }, roles));
  }

  // --- the directory ----------------------------------------------------------------------------
  describeIdentity(identity: Identity) {
    return this.read((r) => describeIdentity(r, identity));
  }
  findDirectoryUser(query: { userId?: string; email?: string }) {
    return this.read((r) => findDirectoryUser(r, query));
  }
  listDirectory() {
    return this.read((r) => listDirectory(r));
  }

  // --- where people are, and what they are owed (delivery) -----------------------------------
  /** The language someone chose ("language ru"), kept with their contact. */
  async chosenLanguage(person: PersonRef): Promise<string | undefined> {
    return (await this.read((r) => r.contacts.get(person)))?.chosenLocale;
  }
  contactOf(person: PersonRef) {
    return this.read((r) => r.contacts.get(person));
  }
  /**
   * The language to write to someone in: their own (chosen, else their last activity's, kept with
   * their contact), else their organisation's in Partner Center, else English.
   */
  languageOf(person: PersonRef) {
    return this.read(async (r) => {
      const contact = await r.contacts.get(person);
      if (contact) return contact.locale;
      return (await r.customers.findByTenant(person.tenantId))?.language ?? 'en';
    });
  }
  endpointOf(tenantId: string) {
    return this.read((r) => r.contacts.endpointOf(tenantId));
  }
  /** Remembers where a person can be reached; writes only what changed, so an ordinary turn writes nothing. */
  async rememberContact(contact: Omit<Contact, 'updatedAt'>, endpoint?: TenantEndpoint): Promise<void> {
    // Key order does not count: a store may give an object back with its keys reordered.
    const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
    const key = `${contact.person.tenantId}/${contact.person.userId}`;
    // Built by this code in one key order: plain JSON compares it (canonicalJson is for what the store gives back).
    const seen = JSON.stringify([contact, endpoint ?? null]);
    const now = this.ctx.clock().getTime();
    if (this.confirmedContacts.isFresh(key, seen, now)) return;
    const [known, knownEndpoint] = await this.read((r) =>
      Promise.all([r.contacts.get(contact.person), endpoint ? r.contacts.endpointOf(endpoint.tenantId) : undefined]),
    );
    const contactChanged =
      !known ||
      known.locale !== contact.locale ||
      known.chosenLocale !== contact.chosenLocale ||
      known.channelUserId !== contact.channelUserId ||
      !same(known.address, contact.address);
    const endpointChanged = endpoint !== undefined && !same(knownEndpoint, endpoint);
    if (contactChanged || endpointChanged) {
      await this.run(async (r) => {
        if (contactChanged) await r.contacts.save({ ...contact, updatedAt: this.ctx.clock().toISOString() });
        if (endpoint && endpointChanged) await r.contacts.saveEndpoint(endpoint);
      });
    }
    this.confirmedContacts.confirm(key, seen, now);
  }
  cardCopies(invitationId: string) {
    return this.read((r) => r.cardCopies.listByInvitation(invitationId));
  }
  cardCopy(id: string) {
    return this.read((r) => r.cardCopies.get(id));
  }
  hasCardCopy(invitationId: string, viewerId: string) {
    return this.read((r) => hasCardCopy(r, invitationId, viewerId));
  }
  /** A card shown in a turn (waiting cards, `code`): remembered so later changes update it too. */
  addCardCopy(copy: Omit<CardCopy, 'id' | 'createdAt'>) {
    return this.run((r) =>
      r.cardCopies.save({ ...copy, id: this.ctx.ids.newId(), createdAt: this.ctx.clock().toISOString() }),
    );
  }
  /**
   * Whether the delivery worker has anything to do: notifications to plan, deliveries due now. One
   * look on committed data, both asked together, without taking a unit of work: most wakes find nothing.
   */
  deliveryWorkWaiting(): Promise<{ toPlan: boolean; due: boolean }> {
    const now = this.ctx.clock().toISOString();
    return this.read(async (r) => {
      const [unplanned, due] = await Promise.all([r.outbox.listUnplanned(1), r.deliveries.listDue(now, 1)]);
      return { toPlan: unplanned.length > 0, due: due.length > 0 };
    });
  }
  /** Turns up to `limit` new notifications into their deliveries, in one unit of work; returns how many. */
  planDeliveries(limit: number): Promise<number> {
    return this.run((r) => planUnplanned(this.ctx, r, limit));
  }
  /**
   * Plans up to `limit` new notifications and takes up to `take` of their deliveries for this worker, in one unit of
   * work.
   */
  planAndTakeDeliveries(policy: DeliveryPolicy, limit: number, take: number): Promise<TakenDeliveries> {
    return this.run((r) => planAndTake(this.ctx, r, limit, policy, take));
  }
  claimDueDeliveries(policy: DeliveryPolicy, limit: number) {
    return this.run((r) => claimDueDeliveries(this.ctx, r, policy, limit));
  }
  /** Forgets fully delivered notifications older than the retention, a batch per unit of work; returns how many. */
  async pruneFinishedNotifications(retentionDays: number): Promise<number> {
    let total = 0;
    for (;;) {
      const pruned = await this.run((r) => pruneFinishedNotifications(this.ctx, r, retentionDays, 500));
      total += pruned;
      if (pruned < 500) return total;
    }
  }
  /** What the outbox still owes: notifications not yet planned, deliveries not yet made (due now or later). */
  deliveryBacklog(): Promise<{ unplanned: number; pending: number }> {
    return this.read(async (r) => {
      const [unplanned, pending] = await Promise.all([r.outbox.countUnplanned(), r.deliveries.countPending()]);
      return { unplanned, pending };
    });
  }
  recordDeliveryAttempts(
    policy: DeliveryPolicy,
    attempts: ReadonlyArray<{ deliveryId: string; outcome: DeliveryOutcome }>,
  ) {
    return this.run((r) => recordDeliveryAttempts(this.ctx, r, policy, attempts));
  }
  notification(id: string) {
    return this.read((r) => r.outbox.get(id));
  }
  deliveriesOf(notificationId: string) {
    return this.read((r) => r.deliveries.listByNotification(notificationId));
  }
  delivery(id: string) {
    return this.read((r) => r.deliveries.get(id));
  }
  /** The person's name and organisation, for "could not reach …". */
  describePerson(person: PersonRef) {
    return this.read((r) => describeIdentity(r, person));
  }
}

/**
 * A person's contact changes rarely (a new chat, another language), and every message turn would
 * otherwise look it up. Another instance's change to it is seen after at most this long; only
 * rememberContact writes contacts, so this instance's own changes are seen at once.
 */
const CONTACT_CONFIRMED_MS = 60_000;

/** What was confirmed (as text), by key and when; the oldest forgotten beyond `limit`. */
class RecentlyConfirmed {
  private readonly entries = new Map<string, { value: string; at: number }>();
  constructor(
    private readonly forMs: number,
    private readonly limit: number,
  ) {}
  isFresh(key: string, value: string, now: number): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.value === value && now - entry.at < this.forMs && now >= entry.at;
  }
  confirm(key: string, value: string, now: number): void {
    this.entries.delete(key); // re-inserted last: the Map's order is oldest first
    this.entries.set(key, { value, at: now });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** JSON with every object's keys sorted: equal values give equal text whatever order their keys came in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
