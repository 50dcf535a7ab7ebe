import { describeIdentity, findDirectoryUser, listDirectory, type Identity } from './identity.js';
import * as invitations from './invitations.js';
import * as relationships from './relationships.js';
import type { DomainContext, Repositories, UnitOfWork } from './repositories.js';

// The use cases as the conversation calls them: each one a single unit of work, so two turns
// acting on the same invitation are serialised and the second sees the first's outcome.
export class InvitationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ctx: DomainContext,
  ) {}

  private run<T>(work: (repos: Repositories) => T): Promise<T> {
    return this.uow.run(work);
  }

  previewInvitation(identity: Identity, domain: string) {
    return this.run((r) => invitations.previewInvitation(this.ctx, r, identity, domain));
  }
  createInvitation(identity: Identity, draft: invitations.InvitationDraft) {
    return this.run((r) => invitations.createInvitation(this.ctx, r, identity, draft));
  }
  decideInvitation(identity: Identity, input: invitations.DecisionInput) {
    return this.run((r) => invitations.decideInvitation(this.ctx, r, identity, input));
  }
  cancelInvitation(identity: Identity, ref: string) {
    return this.run((r) => invitations.cancelInvitation(this.ctx, r, identity, ref));
  }
  resendInvitation(identity: Identity, ref: string) {
    return this.run((r) => invitations.resendInvitation(this.ctx, r, identity, ref));
  }
  describeInvitation(ref: string) {
    return this.run((r) => invitations.describeInvitation(this.ctx, r, ref));
  }
  expireInvitations() {
    return this.run((r) => invitations.expireInvitations(this.ctx, r));
  }
  remindInvitations() {
    return this.run((r) => invitations.remindInvitations(this.ctx, r));
  }
  expireRelationships() {
    return this.run((r) => relationships.expireRelationships(this.ctx, r));
  }
  listInvitations(identity: Identity, query?: invitations.ListInvitationsQuery) {
    return this.run((r) => invitations.listInvitations(this.ctx, r, identity, query));
  }
  terminateRelationship(identity: Identity, relationshipId: string) {
    return this.run((r) => relationships.terminateRelationship(this.ctx, r, identity, relationshipId));
  }
  setRelationshipAutoExtend(identity: Identity, relationshipId: string, autoExtend: boolean) {
    return this.run((r) => relationships.setRelationshipAutoExtend(this.ctx, r, identity, relationshipId, autoExtend));
  }
  previewAzureSubscription(identity: Identity, customerRef: string) {
    return this.run((r) => relationships.previewAzureSubscription(r, identity, customerRef));
  }
  addAzureSubscription(identity: Identity, input: relationships.AzureSubscriptionInput) {
    return this.run((r) => relationships.addAzureSubscription(this.ctx, r, identity, input));
  }
  describeIdentity(identity: Identity) {
    return this.run((r) => describeIdentity(r, identity));
  }
  findDirectoryUser(query: { userId?: string; email?: string }) {
    return this.run((r) => findDirectoryUser(r, query));
  }
  /** Every verified domain with its customer's name, to label invitations. */
  customerNames() {
    return this.run((r) => r.customers.list().flatMap((c) => c.verifiedDomains.map((domain) => ({ domain, name: c.name }))));
  }
  undeliveredNotifications() {
    return this.run((r) => r.outbox.listUndelivered());
  }
  markNotificationDelivered(id: string) {
    return this.run((r) => r.outbox.markDelivered(id, this.ctx.clock().toISOString()));
  }
  /** Pending invitations addressed to the tenant of a customer's Global Administrator. */
  pendingInvitationsFor(identity: Identity) {
    return this.run((r) => {
      const result = invitations.listInvitations(this.ctx, r, identity, { status: 'pending', pageSize: 50 });
      return result.ok ? result.value.items : [];
    });
  }
  /** The people of a partner or a customer, to notify them. */
  membersOf(recipient: { partnerId?: string; customerId?: string; administratorsOnly?: boolean }) {
    return this.run((r) => {
      if (recipient.partnerId) {
        const partner = r.partners.get(recipient.partnerId);
        return partner ? partner.users.map((u) => ({ tenantId: partner.tenantId, userId: u.id })) : [];
      }
      const customer = recipient.customerId ? r.customers.get(recipient.customerId) : undefined;
      return customer ? customer.users.filter((u) => !recipient.administratorsOnly || u.role === 'globalAdministrator').map((u) => ({ tenantId: customer.tenantId, userId: u.id })) : [];
    });
  }
  describeRelationship(id: string) {
    return this.run((r) => {
      const relationship = r.relationships.get(id);
      if (!relationship) return undefined;
      return { relationship, partnerName: r.partners.get(relationship.partnerId)?.name ?? relationship.partnerId, customerName: r.customers.get(relationship.customerId)?.name ?? relationship.customerId };
    });
  }
  listDirectory() {
    return this.run((r) => listDirectory(r));
  }
  listCustomersOfPartner(identity: Identity) {
    return this.run((r) => relationships.listCustomersOfPartner(r, identity));
  }
  listPartnersOfCustomer(identity: Identity) {
    return this.run((r) => relationships.listPartnersOfCustomer(r, identity));
  }
}
