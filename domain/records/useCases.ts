import type { Identity } from '../identity.js';
import { FeatureUseCases } from '../useCase.js';
import * as history from './history.js';

/** Records: an invitation's history and the partner's export. */
export class Records extends FeatureUseCases {
  /** "history ABC-123" (R23: the two organisations only; a refused look-up is audited). */
  async history(identity: Identity, ref: string) {
    const result = await this.read((r) => history.invitationHistory(this.ctx, r, identity, ref));
    if (!result.ok)
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
