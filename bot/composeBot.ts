import { ConversationState, type Storage, UserState } from 'botbuilder';
import type { InvitationService } from '../domain/invitationService.js';
import { ConversationStore } from '../dialogs/conversationStore.js';
import { type ConversationOpener, type DispatchLog, NotificationDispatcher, type ProactiveSender } from '../dialogs/notificationDispatcher.js';
import { createTurnInfoSource, type UserProfile } from '../dialogs/turnInfo.js';
import { InvitationBot } from './invitationBot.js';

/** Builds the bot and its collaborators over one Storage; the server and the tests wire it the same way. */
export function composeBot(options: { service: InvitationService; storage: Storage; send: ProactiveSender; log: DispatchLog; open?: ConversationOpener }) {
  const conversationState = new ConversationState(options.storage);
  const userState = new UserState(options.storage);
  const profiles = userState.createProperty<UserProfile>('profile');
  const conversations = new ConversationStore(options.storage);
  const dispatcher = new NotificationDispatcher(options.service, conversations, options.send, options.log, options.open);
  const turnInfo = createTurnInfoSource(options.service, profiles);
  const bot = new InvitationBot({ service: options.service, conversationState, userState, profiles, turnInfo, conversations, dispatcher });
  return { bot, conversationState, dispatcher, conversations };
}
