import type { InvitationService } from '../domain/invitationService.js';
import type { DeliveryWorker } from './deliveryWorker.js';
import type { RunAlone, SweepLog } from './sweeper.js';

// Connected to Partner Center: the schedule that makes requests at Microsoft and follows their
// statuses. Requests go out right after the turn that sent them (`wake`) and are retried as
// domain/microsoft.ts says; statuses are read every GRAPH_POLL_SECONDS. With several instances,
// one does it at a time (`alone`). Never inside a user's turn: the turn only records the request.

export interface PartnerCenterSync {
  /** A turn may have recorded a request: make it now (coalesced with a pass already running). */
  wake(): void;
  /** One pass now, awaited (tests and start-up). */
  runOnce(): Promise<void>;
  stop(): void;
}

const RETRY_CHECK_SECONDS = 30; // the shortest wait between attempts for one request

export function schedulePartnerCenterSync(
  service: InvitationService,
  worker: DeliveryWorker,
  pollSeconds: number,
  log: SweepLog,
  alone: RunAlone = (_name, work) => work(),
): PartnerCenterSync {
  let sending: Promise<void> | undefined;
  let again = false;
  const send = (): Promise<void> => {
    if (sending) {
      again = true; // a request recorded while a pass runs is made by the next pass
      return sending;
    }
    sending = alone('partner-center-send', () => service.sendRequestsToMicrosoft())
      .then((counts) => {
        if (counts && counts.sent + counts.failed + counts.retrying > 0) log.info(counts, 'requests made at Microsoft');
        worker.wake();
      })
      .catch((error: unknown) => log.error({ err: error }, 'making requests at Microsoft failed'))
      .finally(() => {
        sending = undefined;
        if (again) {
          again = false;
          void send();
        }
      });
    return sending;
  };
  const follow = (): Promise<void> =>
    alone('partner-center-follow', () => service.followMicrosoft())
      .then((counts) => {
        if (counts && counts.changed > 0) log.info(counts, 'statuses followed at Microsoft');
        worker.wake();
      })
      .catch((error: unknown) => log.error({ err: error }, 'following Microsoft failed'));
  const sendTimer = setInterval(() => void send(), Math.min(RETRY_CHECK_SECONDS, pollSeconds) * 1000);
  const followTimer = setInterval(() => void follow(), pollSeconds * 1000);
  sendTimer.unref();
  followTimer.unref();
  void send().then(follow);
  return {
    wake: () => void send(),
    runOnce: async () => {
      await send();
      await follow();
    },
    stop: () => {
      clearInterval(sendTimer);
      clearInterval(followTimer);
    },
  };
}
