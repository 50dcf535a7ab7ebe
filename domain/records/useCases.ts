import type { Identity } from '../identity.js';
import type { Result } from '../refusals.js';
import { FeatureUseCases } from '../useCase.js';
import * as history from './history.js';

/** Records: an invitation's history and the partner's export. */
export class Records extends FeatureUseCases {
  /**
   * "history ABC-123", or "history <relationship name>" for a relationship the bot did not request (R29). R23: the two
   * organisations only; a refused look-up is audited.
   */
  async history(
    identity: Identity,
    ref: string,
  ): Promise<Result<history.InvitationHistory | history.RelationshipHistory>> {
    const result = await this.read((r) => history.invitationHistory(this.ctx, r, identity, ref));
    if (result.ok) return result;
    const byName = await this.read((r) => history.relationshipHistory(r, identity, ref));
    if (byName.ok) {
      const found = byName.value;
      if (!('invitationCode' in found)) return { ok: true, value: found };
      return this.read((r) => history.invitationHistory(this.ctx, r, identity, found.invitationCode));
    }
    await this.auditRefusal(identity, 'history', 'invitation', String(ref).slice(0, 100) || '(none)', result.refusal);
    return result;
  }

  /** "export": the partner's invitations and relationships, as rows, and when they were read. */
  async export(identity: Identity) {
    return this.read((r) => history.exportPartnerRecords(r, identity));
  }

  /** Now, by the domain's clock (an export's file is named after it). */
  now(): Date {
    return this.ctx.clock();
  }
}
