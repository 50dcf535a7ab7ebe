import type { Identity } from '../identity.js';
import type { PageQuery } from '../pages.js';
import { PartnerCenterError } from '../partnerCenterPort.js';
import { withoutWrites } from '../partnerCenter/microsoft.js';
import { throughMicrosoft } from '../partnerCenter/throughMicrosoft.js';
import { refusal } from '../refusals.js';
import { FeatureUseCases } from '../useCase.js';
import * as relationships from './relationships.js';

/** Relationships (R1, R6, R18, R19, R21): the lists, auto-extend, termination, expiry and its warnings. */
export class Relationships extends FeatureUseCases {
  /** R19: either side ends an active relationship (at Microsoft first, when it holds it). */
  terminate(identity: Identity, relationshipId: string) {
    return throughMicrosoft(
      this.units,
      this.deps.partnerCenter,
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

  /**
   * R19 R23: whether this user may end this relationship, asked before the confirmation names anyone: a refusal
   * (audited) says why, and to an outsider that the relationship does not exist.
   */
  async mayTerminate(identity: Identity, relationshipId: string) {
    const checked = await this.read((r) =>
      relationships.terminateRelationship(this.ctx, withoutWrites(r), identity, relationshipId),
    );
    if (!checked.ok)
      await this.auditRefusal(
        identity,
        'terminate',
        'relationship',
        String(relationshipId).slice(0, 100),
        checked.refusal,
      );
    return checked.ok ? ({ ok: true } as const) : checked;
  }

  /** R18: auto-extend on or off (at Microsoft first, when it holds the relationship). */
  setAutoExtend(identity: Identity, relationshipId: string, autoExtend: boolean) {
    return throughMicrosoft(
      this.units,
      this.deps.partnerCenter,
      identity,
      autoExtend ? 'autoExtendOn' : 'autoExtendOff',
      relationshipId,
      (r) => relationships.setRelationshipAutoExtend(this.ctx, r, identity, relationshipId, autoExtend),
      async (pc, link) => {
        // Microsoft already has it so (changed in Partner Center meanwhile): nothing to ask.
        const now = await pc.getRelationship(link.id);
        if (now.autoExtend === autoExtend) return { ...link, status: now.status, etag: now.etag };
        // PATCH with the ETag just read; changed meanwhile at Microsoft: read it again, once.
        const changed = await pc.setAutoExtend(link.id, now.etag, autoExtend).catch(async (error: unknown) => {
          if (!(error instanceof PartnerCenterError) || error.failure !== 'changedMeanwhile') throw error;
          const again = await pc.getRelationship(link.id);
          return pc.setAutoExtend(link.id, again.etag, autoExtend);
        });
        return { ...link, status: changed.status, etag: changed.etag };
      },
    );
  }

  /** R6: what adding an Azure plan would leave as it is. */
  previewAzure(identity: Identity, customerRef: string) {
    return this.read((r) => relationships.previewAzureSubscription(r, identity, customerRef));
  }

  addAzure(identity: Identity, input: relationships.AzureSubscriptionInput) {
    return this.run((r) => relationships.addAzureSubscription(this.ctx, r, identity, input));
  }

  /** "customers": a partner's active relationships, a page at a time. */
  customersOf(identity: Identity, query?: PageQuery) {
    return this.read((r) => relationships.listCustomersOfPartner(r, identity, query));
  }

  /** "ending": a partner's relationships that end within `days`, soonest first (R21). */
  ending(identity: Identity, days: number, query?: PageQuery) {
    return this.read((r) => relationships.listEndingRelationships(this.ctx, r, identity, days, query));
  }

  /** "partners": the customer's multi-partner view (R1). */
  partnersOf(identity: Identity) {
    return this.read((r) => relationships.listPartnersOfCustomer(r, identity));
  }

  /** A relationship with the names a card shows, and the services its request asked for (R21: request again). */
  describe(id: string) {
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
        services: firstInvitation?.services ?? [],
      };
    });
  }

  /**
   * R13: what a new request for the same customer starts from (its domain, roles, services) — for the
   * relationship's partner only; to anyone else it does not exist (R23), and the attempt is audited.
   */
  async requestAgain(identity: Identity, relationshipId: string) {
    const [described, partner] = await Promise.all([
      this.describe(relationshipId),
      this.read((r) => r.partners.findByTenant(identity.tenantId)),
    ]);
    if (!described || !partner || described.relationship.partnerId !== partner.id || !described.customerDomain) {
      const refused = refusal('unknownRelationship', { value: String(relationshipId).slice(0, 40) });
      await this.auditRefusal(identity, 'requestAgain', 'relationship', String(relationshipId).slice(0, 100), refused);
      return { ok: false, refusal: refused } as const;
    }
    const value = {
      domain: described.customerDomain,
      roles: [...described.relationship.roles],
      services: [...described.services],
    };
    return { ok: true, value } as const;
  }

  /** R18: at its end date a relationship is extended (auto-extend) or expires. */
  expire() {
    return this.run((r) => relationships.expireRelationships(this.ctx, r));
  }

  /** R21: the warnings 30, 7 and 1 days before the end. */
  warnExpiring() {
    return this.run((r) => relationships.warnExpiringRelationships(this.ctx, r));
  }
}
