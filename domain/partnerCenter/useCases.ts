import { type Identity, recordPartnerUser } from '../identity.js';
import type { Cloud, PartnerRole } from '../types.js';
import { recordPartnerOrganization } from './estate.js';
import { type SyncCounts, type SyncOptions, syncPass } from './sync.js';
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

  /** One sync pass over the partner's estate at Microsoft (R29): what changed there is recorded. */
  async sync(options: SyncOptions = { accessPerPass: 10 }): Promise<SyncCounts | undefined> {
    const pc = this.deps.partnerCenter;
    if (!pc) return undefined;
    return syncPass(this.ctx, this.units, pc, options);
  }

  /**
   * The partner as Microsoft has its organisation (R29): on the first start with an empty store, the partner is
   * recorded from it; later its name and country follow Microsoft's.
   */
  async recordOrganization(settings: { mpnId: string; cloud: Cloud; assumedCountry: string }) {
    const pc = this.deps.partnerCenter;
    if (!pc) return undefined;
    const organization = await pc.directory.organization();
    return this.run((r) => recordPartnerOrganization(r, organization, settings));
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
      roles = await pc.directory.partnerRolesOf(identity.userId);
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
