import type { SyncCounts } from '../domain/partnerCenter/sync.js';
import type { PartnerCenterError } from '../domain/partnerCenterPort.js';
import type { UseCases } from '../domain/useCases.js';
import type { DeliveryWorker } from './deliveryWorker.js';
import type { RunAlone, SweepLog } from './sweeper.js';

// Connected to Partner Center: the schedule that makes requests at Microsoft and keeps the partner's
// estate in sync. Requests go out right after the turn that sent them (`wake`) and are retried as
// domain/partnerCenter/microsoft.ts says; a sync pass runs every GRAPH_POLL_SECONDS. With several
// instances, one does it at a time (`alone`). Never inside a user's turn: the turn only records the request.
// Every failure is logged (warn: operation, status, Graph's code, request id) and counted (`observe`).

const RETRY_CHECK_SECONDS = 30; // the shortest wait between attempts for one request

export class PartnerCenterSchedule {
  private sending: Promise<void> | undefined;
  private again = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly useCases: UseCases,
    private readonly worker: DeliveryWorker,
    private readonly pollSeconds: number,
    private readonly log: SweepLog,
    private readonly alone: RunAlone = (_name, work) => work(),
    private readonly observe: (pass: SyncCounts | undefined, error?: unknown) => void = () => {},
  ) {}

  /** Timers for retries and following, and a first pass now. */
  start(): void {
    if (this.timers.length > 0) return;
    this.timers = [
      setInterval(() => void this.send(), Math.min(RETRY_CHECK_SECONDS, this.pollSeconds) * 1000),
      setInterval(() => void this.follow(), this.pollSeconds * 1000),
    ];
    for (const timer of this.timers) timer.unref();
    void this.send().then(() => this.follow());
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** A turn may have recorded a request: make it now (coalesced with a pass already running). Before start, nothing. */
  wake(): void {
    if (this.timers.length > 0) void this.send();
  }

  /** One pass now, awaited (tests and start-up). */
  async runOnce(): Promise<void> {
    await this.send();
    await this.follow();
  }

  private send(): Promise<void> {
    if (this.sending) {
      this.again = true; // a request recorded while a pass runs is made by the next pass
      return this.sending;
    }
    this.sending = this.alone('partner-center-send', () => this.useCases.partnerCenter.sendRequests())
      .then((counts) => {
        if (counts && counts.sent + counts.failed + counts.retrying > 0)
          this.log.info(counts, 'requests made at Microsoft');
        this.worker.wake();
      })
      .catch((error: unknown) => this.log.error({ err: error }, 'making requests at Microsoft failed'))
      .finally(() => {
        this.sending = undefined;
        if (this.again) {
          this.again = false;
          void this.send();
        }
      });
    return this.sending;
  }

  private follow(): Promise<void> {
    return this.alone('partner-center-sync', () => this.useCases.partnerCenter.sync())
      .then((counts) => {
        if (!counts) return;
        this.observe(counts);
        for (const failure of counts.failures) this.log.warn(about(failure), 'sync: Microsoft refused one item');
        if (counts.stopped)
          this.log.warn(about(counts.stopped), 'sync pass stopped: Microsoft refused or did not answer');
        const { failures, stopped: _stopped, groupsMet: _groups, ...figures } = counts;
        if (counts.changed + counts.imported > 0 || failures.length > 0)
          this.log.info({ ...figures, failed: failures.length }, 'estate synced with Microsoft');
        this.worker.wake();
      })
      .catch((error: unknown) => {
        this.observe(undefined, error);
        this.log.error({ err: error }, 'the sync pass failed');
      });
  }
}

/** What a log line says of a failure at Microsoft: never the user's data, always what to look up. */
export function about(error: PartnerCenterError): Record<string, unknown> {
  return {
    operation: error.operation,
    failure: error.failure,
    status: error.status,
    code: error.code,
    requestId: error.requestId,
  };
}
