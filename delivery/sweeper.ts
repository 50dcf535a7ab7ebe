import type { UseCases } from '../domain/useCases.js';
import type { DeliveryWorker } from './deliveryWorker.js';

export interface SweepResult {
  expired: number;
  reminded: number;
  relationships: number;
  warned: number;
  accessReminded: number;
  /** Fully delivered notifications forgotten after the retention period. */
  pruned: number;
}

/** How long a delivered notification and its delivery records are kept. */
export const DEFAULT_DELIVERY_RETENTION_DAYS = 90;

/**
 * What the clock does (R12, R18, R21): expire invitations nobody decided in 90 days, remind the
 * administrators 7 days before, extend or expire relationships at their end date (both sides are
 * told), warn both sides 30, 7 and 1 days before an end date that auto-extend will not move, and
 * remind the sender of a relationship nobody has access to yet once a day for a week (R22), and
 * forget notifications delivered longer ago than the retention period. What that
 * owes people is in the outbox; the delivery worker is woken for it, not awaited.
 */
export async function sweep(
  service: UseCases,
  worker?: DeliveryWorker,
  retentionDays = DEFAULT_DELIVERY_RETENTION_DAYS,
): Promise<SweepResult> {
  const expired = await service.invitations.expire();
  const reminded = await service.invitations.remind();
  const relationships = await service.relationships.expire();
  const warned = await service.relationships.warnExpiring();
  const accessReminded = await service.access.remind();
  worker?.wake();
  const pruned = await service.deliveries.pruneFinished(retentionDays);
  return {
    expired: expired.length,
    reminded: reminded.length,
    relationships: relationships.length,
    warned: warned.length,
    accessReminded: accessReminded.length,
    pruned,
  };
}

export interface SweepLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Runs the work unless another instance runs it now (then undefined): the store's `alone`. */
export type RunAlone = <T>(name: string, work: () => Promise<T>) => Promise<T | undefined>;

/**
 * The sweeper's schedule: once at start, then every `intervalSeconds`; with several instances on
 * one database, one sweeps at a time (`alone`). Returns the stop function.
 */
export function scheduleSweeps(
  service: UseCases,
  worker: DeliveryWorker,
  intervalSeconds: number,
  log: SweepLog,
  alone: RunAlone = (_name, work) => work(),
  retentionDays = DEFAULT_DELIVERY_RETENTION_DAYS,
): () => void {
  const run = () =>
    alone('sweep', () => sweep(service, worker, retentionDays))
      .then((done) => log.info(done ?? { skipped: 'another instance is sweeping' }, 'sweep'))
      .catch((error: unknown) => log.error({ err: error }, 'sweep failed'));
  void run();
  const timer = setInterval(() => void run(), intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
