import { Access } from './access/useCases.js';
import { Deliveries } from './delivery/useCases.js';
import { Invitations } from './invitations/useCases.js';
import { PartnerCenterSync } from './partnerCenter/useCases.js';
import { People } from './people/useCases.js';
import { Records } from './records/useCases.js';
import { Relationships } from './relationships/useCases.js';
import type { UseCaseDeps } from './useCase.js';

/** Every feature's use cases over one store. */
export interface UseCases {
  invitations: Invitations;
  relationships: Relationships;
  access: Access;
  partnerCenter: PartnerCenterSync;
  records: Records;
  people: People;
  deliveries: Deliveries;
}

/**
 * The use cases of every feature, sharing one store and context. The outbox's own bookkeeping
 * (`deliveries`) wakes nobody: it is what the delivery worker does when woken.
 */
export function createUseCases(deps: UseCaseDeps): UseCases {
  const { changed: _changed, ...quiet } = deps;
  return {
    invitations: new Invitations(deps),
    relationships: new Relationships(deps),
    access: new Access(deps),
    partnerCenter: new PartnerCenterSync(deps),
    records: new Records(deps),
    people: new People(deps),
    deliveries: new Deliveries(quiet),
  };
}
