import { ConversationState, type Storage, UserState } from 'botbuilder';
import type { DeliveryChannel } from '../delivery/channel.js';
import { type DeliveryLog, DeliveryWorker, type DeliveryWorkerOptions } from '../delivery/deliveryWorker.js';
import { uploadToTeams } from '../delivery/fileUpload.js';
import type { FileUploader } from '../commands/recordActions.js';
import { InvitationService } from '../domain/invitationService.js';
import type { DomainContext, UnitOfWork } from '../domain/ports.js';
import type { PartnerCenter } from '../domain/partnerCenter/port.js';
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
}

/**
 * Builds the bot, its service and the delivery worker over one store; the server and the tests
 * wire it the same way. The turn's service wakes the worker after each commit it makes, so a
 * notification written by a turn goes out right after that turn, without the turn waiting for it.
 */
export function composeBot(parts: BotParts) {
  const ctx: DomainContext = { ...parts.ctx, partnerCenter: parts.partnerCenter ? 'graph' : 'simulated' };
  const worker = new DeliveryWorker(
    new InvitationService(parts.unitOfWork, ctx, parts.partnerCenter),
    parts.channel,
    parts.log,
    parts.delivery,
  );
  // Connected to Partner Center, a Send records a request to make at Microsoft: the schedule
  // (delivery/partnerCenterSync.ts, started with the server) is woken to make it at once.
  const partnerCenterSync = { wake: (): void => undefined };
  const waking: UnitOfWork = {
    run: async (work, options) => {
      const result = await parts.unitOfWork.run(work, options);
      worker.wake();
      return result;
    },
    read: (work) => parts.unitOfWork.read(work),
  };
  const service = new InvitationService(waking, ctx, parts.partnerCenter, () => partnerCenterSync.wake());
  const conversationState = new ConversationState(parts.storage);
  const userState = new UserState(parts.storage);
  const profiles = userState.createProperty<UserProfile>('profile');
  const selfDeclaredIdentity = parts.selfDeclaredIdentity ?? true;
  const turnInfo = createTurnInfoSource(service, profiles, selfDeclaredIdentity);
  const bot = new InvitationBot({
    service,
    conversationState,
    userState,
    profiles,
    turnInfo,
    selfDeclaredIdentity,
    upload: parts.upload ?? uploadToTeams,
  });
  return { bot, conversationState, worker, service, partnerCenterSync };
}
