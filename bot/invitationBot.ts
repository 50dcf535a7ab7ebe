import { type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue, type BotState, type StatePropertyAccessor, TeamsActivityHandler, TurnContext } from 'botbuilder';
import { type Dialog, DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { InvitationService } from '../domain/invitationService.js';
import { AddAzureSubscriptionDialog } from '../dialogs/addAzureSubscriptionDialog.js';
import { InviteCustomerDialog } from '../dialogs/inviteCustomerDialog.js';
import { InvitationActions, type KnownTurn } from '../dialogs/invitationActions.js';
import { commandArgument, isCommand, sayIn } from '../dialogs/strings.js';
import type { TurnInfoSource, UserProfile } from '../dialogs/turnInfo.js';
import type { ConversationStore } from '../dialogs/conversationStore.js';
import { InvitationDecisions } from '../dialogs/invitationDecisions.js';
import { RelationshipActions } from '../dialogs/relationshipActions.js';
import { UserCommands } from '../dialogs/userCommands.js';
import { TerminateRelationshipDialog } from '../dialogs/terminateRelationshipDialog.js';
import type { NotificationDispatcher } from '../dialogs/notificationDispatcher.js';

export interface InvitationBotDeps {
  service: InvitationService;
  conversationState: BotState;
  userState: BotState;
  profiles: StatePropertyAccessor<UserProfile>;
  turnInfo: TurnInfoSource;
  conversations: ConversationStore;
  dispatcher: NotificationDispatcher;
}

const DECISION_VERBS = new Set(['approve', 'decline']);

/** Routes each activity to a dialog, a command or a card-action handler; holds no logic of its own. */
export class InvitationBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly actions: InvitationActions;
  private readonly decisions: InvitationDecisions;
  private readonly relationships: RelationshipActions;
  private readonly users: UserCommands;

  constructor(private readonly deps: InvitationBotDeps) {
    super();
    this.dialogs = new DialogSet(deps.conversationState.createProperty<DialogState>('dialogState'));
    const add = (dialog: Dialog) => this.dialogs.add(dialog);
    add(new InviteCustomerDialog(deps.service, deps.turnInfo));
    add(new AddAzureSubscriptionDialog(deps.service, deps.turnInfo));
    add(new TerminateRelationshipDialog(deps.service, deps.turnInfo));
    this.actions = new InvitationActions(deps.service);
    this.decisions = new InvitationDecisions(deps.service, deps.conversations, deps.dispatcher);
    this.relationships = new RelationshipActions(deps.service);
    this.users = new UserCommands(deps.service, deps.profiles, deps.turnInfo);

    this.onMessage(async (context, next) => {
      await this.route(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.users.welcome(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const info = await this.deps.turnInfo(context);
    // Everyone who talks to the bot can be reached later (proactive cards and notifications).
    if (info.identity && context.activity.type !== 'invoke') await this.deps.conversations.remember(context, info.identity, info.locale);
    await super.run(context);
    await this.deps.conversationState.saveChanges(context);
    await this.deps.userState.saveChanges(context);
    await this.deps.dispatcher.dispatch();
  }

  /** Teams and the Agents Playground: Action.Execute arrives as the adaptiveCard/action invoke. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const info = await this.deps.turnInfo(context);
    const say = sayIn(info.locale);
    const verb = invokeValue?.action?.verb ?? '';
    const data = invokeValue?.action?.data;
    const asCard = (card: Record<string, unknown>): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });
    const asMessage = (message: string): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message as never });
    if (verb === 'refreshInvitation') {
      const card = await this.decisions.view(say, info.identity?.userId, data);
      return card ? asCard(card) : asMessage(say('card.notFound'));
    }
    if (!DECISION_VERBS.has(verb)) return asMessage(say('card.unknownAction'));
    const answer = await this.decisions.decide(say, info.identity, verb, data);
    return answer.card ? asCard(answer.card) : asMessage(answer.message);
  }

  private async route(context: TurnContext): Promise<void> {
    const info = await this.deps.turnInfo(context);
    const say = sayIn(info.locale);
    // In group chats Teams puts "<at>bot</at>" in front of what the user typed.
    const text = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim();
    const value = typeof context.activity.value === 'object' && context.activity.value !== null ? (context.activity.value as Record<string, unknown>) : undefined;

    const language = commandArgument(text, 'command.language');
    if (language !== undefined) return this.users.setLanguage(context, say, language);
    const signin = commandArgument(text, 'command.signin');
    if (signin !== undefined) return this.users.signIn(context, say, signin);
    if (!info.identity || !info.me) return this.users.tellUnknownUser(context, say);
    const turn: KnownTurn = { context, say, identity: info.identity, me: info.me };

    const verb = typeof value?.verb === 'string' ? value.verb : undefined;
    if (verb !== undefined && DECISION_VERBS.has(verb)) {
      // The Emulator's Action.Submit fallback: the same handler as the invoke; the shared card copies are updated by it.
      const answer = await this.decisions.decide(say, info.identity, verb, value);
      if (answer.message) await context.sendActivity(answer.message);
      return;
    }
    await this.decisions.deliverWaiting(turn);
    if (verb === 'showInvitation') return this.decisions.showByCode(turn, String(value?.invitationId ?? ''));
    if (verb === 'terminateRelationship') {
      const dc = await this.dialogs.createContext(context);
      await dc.cancelAllDialogs();
      await dc.beginDialog(TerminateRelationshipDialog.id, { values: { relationshipId: String(value?.relationshipId ?? '') } });
      return;
    }
    if (verb !== undefined) {
      const handler = Object.hasOwn(this.actions.cardActions, verb) ? this.actions.cardActions[verb] : undefined;
      if (handler) await handler(turn, value!);
      else await context.sendActivity(say('card.unknownAction'));
      return;
    }

    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) {
      await dc.continueDialog();
      return;
    }
    if (value?.formAction !== undefined) {
      await context.sendActivity(say('card.stale'));
      return;
    }
    await this.command(turn, dc, text);
  }

  private async command(turn: KnownTurn, dc: Awaited<ReturnType<DialogSet['createContext']>>, text: string): Promise<void> {
    const { context, say } = turn;
    const invite = commandArgument(text, 'command.invite');
    if (invite !== undefined) {
      await dc.beginDialog(InviteCustomerDialog.id, invite ? { firstAnswer: invite } : {});
      return;
    }
    const azure = commandArgument(text, 'command.addAzure');
    if (azure !== undefined) {
      await dc.beginDialog(AddAzureSubscriptionDialog.id, azure ? { firstAnswer: azure } : {});
      return;
    }
    const invitations = commandArgument(text, 'command.invitations');
    if (invitations !== undefined) return this.actions.list(turn, Number(invitations) || 1);
    const cancel = commandArgument(text, 'command.cancelInvitation');
    if (cancel !== undefined) return cancel ? this.actions.cancel(turn, cancel) : void (await context.sendActivity(say('cancel.nothing')));
    const resend = commandArgument(text, 'command.resend');
    if (resend !== undefined) return resend ? this.actions.resend(turn, resend) : void (await context.sendActivity(say('resend.which')));
    if (isCommand(text, 'command.partners')) return this.relationships.partners(turn);
    if (isCommand(text, 'command.customers')) return this.relationships.customers(turn);
    const code = commandArgument(text, 'command.code');
    if (code !== undefined) return code ? this.decisions.showByCode(turn, code) : void (await context.sendActivity(say('code.which')));
    if (isCommand(text, 'command.help')) return this.users.help(turn);
    await context.sendActivity(say('notUnderstood', { text: text.slice(0, 80) }));
  }
}
