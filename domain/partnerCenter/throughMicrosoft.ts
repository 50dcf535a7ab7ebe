import type { Identity } from '../identity.js';
import type { Repositories } from '../ports.js';
import { type Refusal, refuse, type Result } from '../refusals.js';
import type { Relationship } from '../types.js';
import type { Units } from '../useCase.js';
import { withoutWrites } from './microsoft.js';
import { type PartnerCenter, PartnerCenterError } from '../partnerCenterPort.js';

type MicrosoftLink = NonNullable<Relationship['microsoft']>;

/**
 * A change to a relationship that Microsoft holds (connected to Partner Center): checked with the
 * domain's rules first (nothing written), then asked of Microsoft, then recorded. When Microsoft
 * refuses or cannot be reached, nothing changes and the refusal says why (R19, audited). Simulated,
 * or for a relationship Microsoft does not hold, the use case simply runs.
 */
export async function throughMicrosoft(
  units: Units,
  pc: PartnerCenter | undefined,
  identity: Identity,
  action: string,
  relationshipId: string,
  useCase: (r: Repositories) => Promise<Result<Relationship>>,
  ask: (pc: PartnerCenter, link: MicrosoftLink, after: Relationship) => Promise<MicrosoftLink>,
): Promise<Result<Relationship>> {
  const probe = pc ? await units.read((r) => useCase(withoutWrites(r))) : undefined;
  const link = probe?.ok ? probe.value.microsoft : undefined;
  if (!pc || !probe?.ok || !link) return units.run(useCase); // refusals are recorded by the real run
  let asked: MicrosoftLink;
  try {
    asked = await ask(pc, link, probe.value);
  } catch (error) {
    if (!(error instanceof PartnerCenterError)) throw error;
    const refused: Result<never> = error.params.group
      ? refuse('accessAssignmentFailed', { failure: error.failure, group: error.params.group })
      : refuse('partnerCenterFailed', { failure: error.failure });
    await units.auditRefusal(
      identity,
      action,
      'relationship',
      String(relationshipId).slice(0, 100),
      (refused as { refusal: Refusal }).refusal,
    );
    return refused;
  }
  return units.run(async (r) => {
    const done = await useCase(r);
    if (!done.ok) return done;
    const recorded = { ...done.value, microsoft: { ...(done.value.microsoft ?? link), ...asked } };
    await r.relationships.save(recorded);
    return { ok: true as const, value: recorded };
  });
}
