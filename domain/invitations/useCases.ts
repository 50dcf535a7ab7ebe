import type { Identity } from '../identity.js';
import { PartnerCenterError } from '../partnerCenterPort.js';
import type { UnitOptions } from '../ports.js';
import { FeatureUseCases } from '../useCase.js';
import * as invitations from './invitations.js';

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

/** How long a proposed name stays held for its dialog: about as long as a dialog is answered in. */
export const NAME_HOLD_MINUTES = 30;

/** Invitations (R7–R15, R23): preparing, sending, deciding, following and ending a request. */
export class Invitations extends FeatureUseCases {
  /** R9: whether this user may invite at all, before the dialog asks anything. */
  permission(identity: Identity) {
    return this.read((r) => invitations.invitePermission(r, identity));
  }

  /**
   * The name proposed for the relationship a request for these roles would become (R13), held for the
   * dialog asking (`holder`) for NAME_HOLD_MINUTES: no other dialog in flight is proposed it.
   */
  async proposeName(identity: Identity, domain: string, roles: readonly string[], holder = '') {
    const holds = this.deps.nameHolds;
    for (let attempt = 0; ; attempt++) {
      const now = this.ctx.clock();
      const partner = await this.read((r) => r.partners.findByTenant(identity.tenantId));
      if (!partner) return '';
      const held = holds && holder ? await holds.read(partner.id) : undefined;
      // Other dialogs' live holds; this dialog's earlier proposal is let go (it holds one name at a time).
      const kept = Object.entries(held?.holds ?? {}).filter(
        ([, h]) => h.until > now.toISOString() && h.holder !== holder,
      );
      const others = new Set(kept.map(([name]) => name));
      const name = await this.read(async (r) => {
        const customer = await r.customers.findByDomain(domain);
        return invitations.proposeRelationshipName(
          r,
          this.ctx,
          partner,
          customer?.name ?? domain,
          roles,
          undefined,
          others,
        );
      });
      if (!holds || !holder || !held) return name;
      const until = new Date(now.getTime() + NAME_HOLD_MINUTES * 60_000).toISOString();
      if (
        await holds.save(
          partner.id,
          Object.fromEntries([...kept, [name.toLowerCase(), { holder, until }]]),
          held.version,
        )
      )
        return name;
      // Another dialog held a name meanwhile: read again (a few times; then the name goes unheld).
      if (attempt >= 4) return name;
    }
  }

  /** R13: whether the name is taken already (asked at the name question, before the other answers). */
  nameTaken(identity: Identity, name: string) {
    return this.read(async (r) => {
      const partner = await r.partners.findByTenant(identity.tenantId);
      return partner ? invitations.relationshipNameTaken(r, partner.id, name) : false;
    });
  }

  /** The dry run (R1, R7, R8, R9, R13); connected to Partner Center, with what Microsoft has. */
  async preview(identity: Identity, domain: string) {
    // It writes nothing, but a unit of work paces one partner's users on their way to Send, which
    // waits in that partner's queue.
    const preview = await this.run((r) => invitations.previewInvitation(this.ctx, r, identity, domain));
    const pc = this.deps.partnerCenter;
    if (!pc || !preview.ok || preview.value.refusals.length > 0) return preview;
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

  async create(identity: Identity, draft: invitations.InvitationDraft) {
    const created = await this.run(
      (r) => invitations.createInvitation(this.ctx, r, identity, draft),
      requestUnit(identity, draft),
    );
    if (created.ok && created.value.microsoft) this.deps.requestRecorded?.();
    return created;
  }

  decide(identity: Identity, input: invitations.DecisionInput) {
    return this.run((r) => invitations.decideInvitation(this.ctx, r, identity, input), decisionUnit(input));
  }

  /**
   * The decision, then the invitation as it is now: what a card answering the decision shows. The
   * customer's side of the card is read with the decision's own look-ups, and the card described
   * from what the unit wrote: the unit asks nothing more of the store. A refused decision's card is
   * read afterwards, as the invitation is. With `withLanguage`, the language the person chose (kept
   * with their contact) is read with them too: a Teams card action then needs no read of the turn's state.
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

  /** R14: the partner withdraws a pending invitation. */
  async cancel(identity: Identity, ref: string) {
    const cancelled = await this.run((r) => invitations.cancelInvitation(this.ctx, r, identity, ref));
    if (cancelled.ok && cancelled.value.microsoft?.state === 'sending') this.deps.requestRecorded?.();
    return cancelled;
  }

  resend(identity: Identity, ref: string) {
    return this.run((r) => invitations.resendInvitation(this.ctx, r, identity, ref));
  }

  /** Everything a card shows about the invitation, for whoever may see it. */
  describe(ref: string) {
    return this.read((r) => invitations.describeInvitation(this.ctx, r, ref));
  }

  /** The invitation as this viewer may see it (R23); a refused look-up is audited. */
  async view(identity: Identity, ref: string, action: string) {
    const result = await this.read((r) => invitations.viewInvitation(this.ctx, r, identity, ref));
    if (!result.ok)
      await this.auditRefusal(identity, action, 'invitation', String(ref).slice(0, 100) || '(none)', result.refusal);
    return result;
  }

  list(identity: Identity, query?: invitations.ListInvitationsQuery) {
    return this.read((r) => invitations.listInvitations(this.ctx, r, identity, query));
  }

  /** Pending invitations addressed to the tenant of a customer's Global Administrator. */
  pendingFor(identity: Identity) {
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

  /** R12: invitations nobody decided in time expire. */
  expire() {
    return this.run((r) => invitations.expireInvitations(this.ctx, r));
  }

  /** R21: one reminder before an invitation expires. */
  remind() {
    return this.run((r) => invitations.remindInvitations(this.ctx, r));
  }
}
