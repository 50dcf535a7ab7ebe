import type { Storage, StoreItems } from 'botbuilder';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryFailureReason } from '../delivery/deliveryWorker.js';
import type { SyncCounts } from '../domain/partnerCenter/sync.js';
import type { UnitOfWork } from '../domain/ports.js';

/** Seconds: a turn or a write is usually a few milliseconds; Teams gives up on an invoke after about 15 s. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

export interface MetricSources {
  /** The store's name (file, memory, postgres): a label, so a dashboard can tell instances' stores apart. */
  store: string;
  deliveryBacklog(): Promise<{ unplanned: number; pending: number; waiting: number }>;
  openDialogs(): Promise<number>;
  /** Units of work retried after a conflict with a concurrent one, since start. */
  conflictRetries(): number;
}

/**
 * What an operator watches, in the Prometheus text format (GET /metrics). One registry per server,
 * not prom-client's global one: two servers in one process (the tests) keep their own counts.
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly turns: Histogram<'activity_type' | 'name'>;
  private readonly writes: Histogram<'store' | 'operation'>;
  private readonly attempts: Counter<'result' | 'reason'>;
  private readonly syncPasses: Counter<'result'>;
  private readonly microsoftFailures: Counter<'operation' | 'failure'>;

  constructor(private readonly sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.turns = new Histogram({
      name: 'bot_turn_duration_seconds',
      help: 'Time to answer one incoming activity, by activity type (message, invoke, conversationUpdate…) and invoke name.',
      labelNames: ['activity_type', 'name'],
      buckets: BUCKETS,
      registers,
    });
    this.writes = new Histogram({
      name: 'bot_store_write_duration_seconds',
      help: 'Time from asking the store to write until the write is durable: a unit of work (domain data) or a conversation/user state write.',
      labelNames: ['store', 'operation'],
      buckets: BUCKETS,
      registers,
    });
    this.attempts = new Counter({
      name: 'bot_delivery_attempts_total',
      help: 'Proactive delivery attempts (cards and notices sent outside a turn), by result and, for failures, reason.',
      labelNames: ['result', 'reason'],
      registers,
    });
    this.syncPasses = new Counter({
      name: 'bot_partner_center_sync_passes_total',
      help: 'Connected to Partner Center: sync passes over the estate, by result (ok, stopped: Microsoft unreachable or the credentials refused, failed: the bot itself failed).',
      labelNames: ['result'],
      registers,
    });
    this.microsoftFailures = new Counter({
      name: 'bot_partner_center_failures_total',
      help: 'Connected to Partner Center: calls of a sync pass that Microsoft refused or did not answer, by operation and failure.',
      labelNames: ['operation', 'failure'],
      registers,
    });
    new Gauge({
      name: 'bot_delivery_backlog',
      help: 'What the outbox still owes: notifications not yet planned, deliveries not yet made (due now or waiting for a retry), and of those the ones waiting for a person the bot cannot reach yet.',
      labelNames: ['stage'],
      registers,
      async collect() {
        const backlog = await sources.deliveryBacklog();
        this.set({ stage: 'unplanned' }, backlog.unplanned);
        this.set({ stage: 'pending' }, backlog.pending);
        // Of those pending, the notices waiting for a person the bot cannot reach yet (kept, never dropped).
        this.set({ stage: 'waitingForRecipient' }, backlog.waiting);
      },
    });
    new Counter({
      name: 'bot_store_conflict_retries_total',
      help: 'Units of work run again because they conflicted with a concurrent one (PostgreSQL serialization failures and deadlocks); always 0 on the file store.',
      registers,
      collect() {
        this.reset();
        this.inc(sources.conflictRetries());
      },
    });
    new Gauge({
      name: 'bot_open_dialogs',
      help: 'Conversations with a dialog in progress (an invitation, a termination, an Azure plan being asked for).',
      registers,
      async collect() {
        this.set(await sources.openDialogs());
      },
    });
  }

  turnTook(activityType: string, name: string | undefined, seconds: number): void {
    this.turns.observe({ activity_type: activityType || 'unknown', name: name ?? '' }, seconds);
  }

  /** One sync pass with Microsoft: how it ended, and each call that failed. */
  syncPassed(pass: SyncCounts | undefined): void {
    this.syncPasses.inc({ result: !pass ? 'failed' : pass.stopped ? 'stopped' : 'ok' });
    for (const f of [...(pass?.failures ?? []), ...(pass?.stopped ? [pass.stopped] : [])])
      this.microsoftFailures.inc({ operation: f.operation ?? '', failure: f.failure });
  }

  deliveryAttempted(failure: DeliveryFailureReason | undefined): void {
    this.attempts.inc(failure ? { result: 'failed', reason: failure } : { result: 'delivered', reason: '' });
  }

  /** The unit of work, with every `run` (a write) timed until it is durable; reads pass through. */
  timedUnitOfWork(unitOfWork: UnitOfWork): UnitOfWork {
    return {
      run: (work, options) => this.timed('unit_of_work', () => unitOfWork.run(work, options)),
      read: (work) => unitOfWork.read(work),
    };
  }

  /** botbuilder's Storage, with writes and deletes timed. */
  timedStorage(storage: Storage): Storage {
    return {
      read: (keys: string[]) => storage.read(keys),
      write: (changes: StoreItems) => this.timed('state_write', () => storage.write(changes)),
      delete: (keys: string[]) => this.timed('state_delete', () => storage.delete(keys)),
    };
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async timed<T>(operation: string, write: () => Promise<T>): Promise<T> {
    const end = this.writes.startTimer({ store: this.sources.store, operation });
    try {
      return await write();
    } finally {
      end();
    }
  }
}
