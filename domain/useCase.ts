import { audit } from './audit.js';
import type { Identity } from './identity.js';
import type { PartnerCenter } from './partnerCenterPort.js';
import type { DomainContext, NameHolds, Repositories, UnitOfWork, UnitOptions } from './ports.js';
import type { Refusal } from './refusals.js';
import type { AuditEntry } from './types.js';

/** What every feature's use cases run on. */
export interface UseCaseDeps {
  uow: UnitOfWork;
  ctx: DomainContext;
  /** Connected to Partner Center (ctx.partnerCenter 'graph'): Microsoft, through Graph. */
  partnerCenter?: PartnerCenter;
  /** Told after a change was committed: it may owe notifications (the delivery worker looks). */
  changed?: () => void;
  /** Told when a request to make at Microsoft was recorded or withdrawn: the schedule makes it now. */
  requestRecorded?: () => void;
  /** R13: names proposed to dialogs in flight (without it, two dialogs may be proposed the same one). */
  nameHolds?: NameHolds;
}

/** Running units of work, for a helper shared by features. */
export interface Units {
  run<T>(work: (repos: Repositories) => Promise<T>, options?: UnitOptions): Promise<T>;
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  auditRefusal(
    identity: Identity,
    action: string,
    objectType: AuditEntry['objectType'],
    objectId: string,
    refused: Refusal,
  ): Promise<unknown>;
}

/**
 * A feature's use cases as the edge calls them. A change runs as one unit of work (`run`), so two
 * turns acting on the same record are serialised and the second sees the first's outcome; a look-up
 * that writes nothing runs on committed data (`read`) and never waits for a write.
 */
export abstract class FeatureUseCases {
  constructor(protected readonly deps: UseCaseDeps) {}

  protected get ctx(): DomainContext {
    return this.deps.ctx;
  }

  protected async run<T>(work: (repos: Repositories) => Promise<T>, options?: UnitOptions): Promise<T> {
    const result = await this.deps.uow.run(work, options);
    this.deps.changed?.();
    return result;
  }

  protected read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.deps.uow.read(work);
  }

  protected get units(): Units {
    return {
      run: (work, options) => this.run(work, options),
      read: (work) => this.read(work),
      auditRefusal: (...args) => this.auditRefusal(...args),
    };
  }

  /** Writes a refusal that happened outside a unit of work (a look-up, a call to Microsoft) to the audit log. */
  protected auditRefusal(
    identity: Identity,
    action: string,
    objectType: AuditEntry['objectType'],
    objectId: string,
    refused: Refusal,
  ): Promise<unknown> {
    return this.run((r) => audit(r, this.ctx, identity, action, objectType, objectId, { ok: false, refusal: refused }));
  }
}
