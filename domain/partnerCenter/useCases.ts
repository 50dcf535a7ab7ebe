import { type Identity, recordPartnerUser } from '../identity.js';
import type { PartnerRole } from '../types.js';
import { FeatureUseCases } from '../useCase.js';
import * as microsoft from './microsoft.js';
import { PartnerCenterError } from '../partnerCenterPort.js';

/** Connected to Partner Center: making the requests at Microsoft, following what Microsoft says, who is who. */
export class PartnerCenterSync extends FeatureUseCases {
  /** Makes the requests due at Microsoft, up to `limit`; how many of each outcome. */
  async sendRequests(limit = 20): Promise<Record<microsoft.SendOutcome, number>> {
    const counts = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
    const pc = this.deps.partnerCenter;
    if (!pc) return counts;
    const due = await this.read((r) => microsoft.requestsDue(this.ctx, r, limit));
    for (const invitation of due) {
      try {
        counts[await microsoft.sendRequest(this.ctx, this.units, pc, invitation.id)]++;
      } catch (error) {
        // Clearing up a withdrawn request failed (Microsoft did not answer): the next pass tries again.
        if (!(error instanceof PartnerCenterError)) throw error;
        counts.skipped++;
      }
    }
    return counts;
  }

  /** Reads every request and relationship Microsoft may have changed, and records what did. */
  async follow(): Promise<{ requests: number; relationships: number; changed: number; stopped?: string }> {
    const pc = this.deps.partnerCenter;
    if (!pc) return { requests: 0, relationships: 0, changed: 0 };
    const { invitations, relationships: held } = await this.read((r) => microsoft.toFollow(r));
    let changed = 0;
    const follows = [
      ...invitations.map((i) => () => microsoft.followRequest(this.ctx, this.units, pc, i)),
      ...held.map((r) => () => microsoft.followRelationship(this.ctx, this.units, pc, r)),
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
   * A user of the partner's own tenant gets the roles Microsoft says (cached by the adapter for a few
   * minutes). When Microsoft cannot be asked, the roles last recorded stay; the turn goes on.
   */
  async recognisePartnerUser(identity: Identity, name: string): Promise<void> {
    const pc = this.deps.partnerCenter;
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
}
