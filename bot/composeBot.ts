import { ConversationState, type Storage, UserState } from 'botbuilder';
import type { DeliveryChannel } from '../delivery/channel.js';
import { type DeliveryLog, DeliveryWorker, type DeliveryWorkerOptions } from '../delivery/deliveryWorker.js';
import { uploadToTeams } from '../delivery/fileUpload.js';
import type { FileUploader } from '../commands/records/recordActions.js';
import { NOTICES } from '../commands/notices.js';
import { StorageNameHolds } from '../data/nameHolds.js';
import { createUseCases } from '../domain/useCases.js';
import type { DomainContext, UnitOfWork } from '../domain/ports.js';
import { PartnerCenterSchedule } from '../delivery/partnerCenterSync.js';
import type { SyncCounts } from '../domain/partnerCenter/sync.js';
import type { RunAlone, SweepLog } from '../delivery/sweeper.js';
import type { PartnerCenter } from '../domain/partnerCenterPort.js';
import { createTurnInfoSource, type UserProfile } from '../turn/turnInfo.js';
import { InvitationBot } from './invitationBot.js';

export interface BotParts {
  unitOfWork: UnitOfWork;
  ctx: DomainContext;
  storage: Storage;
  channel: DeliveryChannel;
  log: DeliveryLog;
  delivery?: DeliveryWorkerOptions;
  /** Puts an exported file where Teams said; default: HTTP PUT (delivery/fileUpload.ts). Tests pass their own. */
  upload?: FileUploader;
  /**
   * R24: honour the Emulator's sign-in and demo user ids (open mode only). Default: on, as in tests without
   * credentials.
   */
  selfDeclaredIdentity?: boolean;
  /** Connected to Partner Center (PARTNER_CENTER=graph): Microsoft, through Graph. Absent: simulated. */
  partnerCenter?: PartnerCenter;
  /** Connected: how often Microsoft is read, and how instances take turns at it. */
  partnerCenterSync?: {
    pollSeconds: number;
    log: SweepLog;
    alone?: RunAlone;
    observe?: (pass: SyncCounts | undefined, error?: unknown) => void;
  };
}

/**
 * The composition root: the use cases over one store, the delivery worker, the schedule that
 * follows Microsoft, and the bot; the server and the tests wire it the same way. Who wakes whom is
 * here: a committed change wakes the worker (a notification written by a turn goes out right after
 * that turn, without the turn waiting for it), and a request recorded for Microsoft wakes its schedule.
 */
export function composeBot(parts: BotParts) {
  const ctx: DomainContext = { ...parts.ctx, partnerCenter: parts.partnerCenter ? 'graph' : 'simulated' };
  const useCases = createUseCases({
    uow: parts.unitOfWork,
    ctx,
    ...(parts.partnerCenter ? { partnerCenter: parts.partnerCenter } : {}),
    changed: () => worker.wake(),
    requestRecorded: () => partnerCenterSync?.wake(),
    nameHolds: new StorageNameHolds(parts.storage),
  });
  const worker = new DeliveryWorker(useCases, NOTICES, parts.channel, parts.log, parts.delivery);
  const sync = parts.partnerCenterSync;
  const partnerCenterSync =
    parts.partnerCenter && sync
      ? new PartnerCenterSchedule(useCases, worker, sync.pollSeconds, sync.log, sync.alone, sync.observe)
      : undefined;
  const conversationState = new ConversationState(parts.storage);
  const userState = new UserState(parts.storage);
  const profiles = userState.createProperty<UserProfile>('profile');
  const selfDeclaredIdentity = parts.selfDeclaredIdentity ?? true;
  const turnInfo = createTurnInfoSource(useCases, profiles, selfDeclaredIdentity);
  const bot = new InvitationBot({
    service: useCases,
    conversationState,
    userState,
    profiles,
    turnInfo,
    selfDeclaredIdentity,
    upload: parts.upload ?? uploadToTeams,
  });
  return { bot, conversationState, worker, service: useCases, partnerCenterSync };
}
