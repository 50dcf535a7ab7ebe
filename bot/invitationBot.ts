import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type BotState,
  type InvokeResponse,
  MessageFactory,
  type StatePropertyAccessor,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { type Dialog, DialogSet, type DialogState } from 'botbuilder-dialogs';
import { sendAnswer } from '../commands/cardAnswer.js';
import { AccessActions } from '../commands/access/accessActions.js';
import { InvitationActions } from '../commands/invitations/invitationActions.js';
import { InvitationDecisions } from '../commands/invitations/invitationDecisions.js';
import { type FileUploader, RecordActions } from '../commands/records/recordActions.js';
import { RelationshipActions } from '../commands/relationships/relationshipActions.js';
import { UserCommands } from '../commands/people/userCommands.js';
import { rememberContact } from '../delivery/channel.js';
import { AddAzureSubscriptionDialog } from '../dialogs/addAzureSubscriptionDialog.js';
import { InviteCustomerDialog } from '../dialogs/inviteCustomerDialog.js';
import { TerminateRelationshipDialog } from '../dialogs/terminateRelationshipDialog.js';
import type { UseCases } from '../domain/useCases.js';
import { sayIn, type Say } from '../translations/index.js';
import type { TurnInfo, TurnInfoSource, UserProfile } from '../turn/turnInfo.js';
import { type Answer, type Route, type RouteInput, routeTable } from './routes.js';
import { Router, type RouteTurn } from './router.js';

export interface InvitationBotDeps {
  service: UseCases;
  conversationState: BotState;
  userState: BotState;
  profiles: StatePropertyAccessor<UserProfile>;
  turnInfo: TurnInfoSource;
  selfDeclaredIdentity: boolean;
  upload: FileUploader;
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** Where the conversation state keeps the dialog stack (also counted by /metrics). */
export const DIALOG_STATE_PROPERTY = 'dialogState';

/**
 * Follows the routing table (bot/routes.ts) for every activity: typed commands, card actions as
 * Teams' invoke or the Emulator's submit, Teams' file consent. Holds no logic of its own beyond the
 * order a message meets them, and the conversation state a turn reads and keeps.
 */
export class InvitationBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly users: UserCommands;
  private readonly decisions: InvitationDecisions;
  private readonly router: Router;

  constructor(private readonly deps: InvitationBotDeps) {
    super();
    this.dialogs = new DialogSet(deps.conversationState.createProperty<DialogState>(DIALOG_STATE_PROPERTY));
    const add = (dialog: Dialog) => this.dialogs.add(dialog);
    add(new InviteCustomerDialog(deps.service, deps.turnInfo));
    add(new AddAzureSubscriptionDialog(deps.service, deps.turnInfo));
    add(new TerminateRelationshipDialog(deps.service, deps.turnInfo));
    this.users = new UserCommands(deps.service, deps.profiles, deps.turnInfo, deps.selfDeclaredIdentity);
    this.decisions = new InvitationDecisions(deps.service);
    this.router = new Router(
      routeTable({
        users: this.users,
        decisions: this.decisions,
        invitations: new InvitationActions(deps.service),
        relationships: new RelationshipActions(deps.service),
        access: new AccessActions(deps.service),
        records: new RecordActions(deps.service, deps.upload),
      }),
    );

    this.onMessage(async (context, next) => {
      await this.message(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.users.welcome(context);
      await next();
    });
  }

  /** The verbs this bot answers: for the test that every card button has a handler. */
  get routedVerbs(): string[] {
    return this.router.routedVerbs;
  }

  override async run(context: TurnContext): Promise<void> {
    // An invoke (a Teams card action, a file consent) reads the state its route needs, if any.
    const invoke = context.activity.type === 'invoke';
    let info: TurnInfo | undefined;
    if (!invoke) {
      await this.loadStates(context);
      info = await this.deps.turnInfo(context);
      // Everyone who talks to the bot can be reached later (proactive cards and notifications).
      if (info.identity)
        await rememberContact(this.deps.service, context, info.identity, info.locale, info.chosenLocale);
    }
    await super.run(context);
    // A language chosen in this turn ("language ru") is the language of everything sent to them from now on.
    const chosen = info ? (await this.deps.profiles.get(context, {})).locale : undefined;
    if (info?.identity && chosen && chosen !== info.chosenLocale)
      await rememberContact(this.deps.service, context, info.identity, chosen, chosen);
    await this.saveConversation(context);
    await this.deps.userState.saveChanges(context);
  }

  /** Both states at once: they do not depend on each other. */
  private async loadStates(context: TurnContext): Promise<void> {
    await Promise.all([this.deps.conversationState.load(context), this.deps.userState.load(context)]);
  }

  /**
   * A conversation's state is its dialog in progress: kept while one is open, deleted once none is
   * (a finished invitation leaves nothing behind), and never written for a turn that had none.
   */
  private async saveConversation(context: TurnContext): Promise<void> {
    const state = this.deps.conversationState.get(context) as
      { eTag?: string; [DIALOG_STATE_PROPERTY]?: DialogState } | undefined;
    const open = (state?.[DIALOG_STATE_PROPERTY]?.dialogStack?.length ?? 0) > 0;
    if (open) return void (await this.deps.conversationState.saveChanges(context));
    if (state?.eTag)
      await this.deps.conversationState.delete(context); // it was stored: finished now
    else await this.deps.conversationState.clear(context);
  }

  /**
   * A message: language and sign-in work for anyone; then the user must be known; waiting invitation
   * cards come first for an administrator; a card action (Action.Submit) goes to its route; an open
   * dialog gets the answer; otherwise a command.
   */
  private async message(context: TurnContext): Promise<void> {
    const info = await this.deps.turnInfo(context);
    const say = sayIn(info.locale);
    const turn = this.turn(context, info, say);
    // In group chats Teams puts "<at>bot</at>" in front of what the user typed.
    const typed = typeof context.activity.text === 'string' ? context.activity.text : '';
    const text = (TurnContext.removeRecipientMention(context.activity) ?? typed).trim();
    const data = asRecord(context.activity.value);
    const verb = typeof data?.verb === 'string' ? data.verb : undefined;

    const open = this.router.command(text, 'open');
    if (open) {
      await this.answerWithMessage(context, open.route, turn, { argument: open.argument, data: {} });
      // A question left open (a language chosen, or signed in, mid-dialog) is asked again, as things are now.
      const now = await this.deps.turnInfo(context);
      if (now.identity && now.me) {
        const dialogs = await turn.dialogs();
        if (dialogs.activeDialog) await dialogs.repromptDialog();
      }
      return;
    }
    if (!info.identity || !info.me) return this.users.tellUnknownUser(context, say);
    // A card action is about the card pressed; waiting cards come with the next typed message.
    if (verb === undefined) await this.decisions.deliverWaiting({ context, say, identity: info.identity, me: info.me });
    if (verb !== undefined) {
      const route = this.router.verb(verb);
      if (!route) return void (await context.sendActivity(say('card.unknownAction')));
      return this.answerWithMessage(context, route, turn, { argument: '', data: data ?? {} });
    }
    const dialogs = await turn.dialogs();
    if (dialogs.activeDialog) return void (await dialogs.continueDialog());
    if (data?.formAction !== undefined) return void (await context.sendActivity(say('card.stale')));
    const command = this.router.command(text, 'known');
    if (command) return this.answerWithMessage(context, command.route, turn, { argument: command.argument, data: {} });
    const likelier = this.router.suggest(text);
    await context.sendActivity(
      likelier
        ? MessageFactory.suggestedActions(
            [likelier],
            say('notUnderstood.didYouMean', { text: text.slice(0, 80), likelier }),
          )
        : say('notUnderstood', { text: text.slice(0, 80) }),
    );
  }

  /** Teams' file consent card (export): its answer goes to its route; every other invoke as botbuilder routes it. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'fileConsent/invoke') return super.onInvokeActivity(context);
    const value = asRecord(context.activity.value) ?? {};
    const route = this.router.fileConsent(String(value.action ?? ''));
    if (!route) return { status: 400 };
    const info = await this.deps.turnInfo(context);
    await this.answerWithMessage(context, route, this.turn(context, info, sayIn(info.locale)), {
      argument: '',
      data: value,
    });
    return { status: 200 };
  }

  /** Teams and the Agents Playground: Action.Execute, answered with the card or the sentence in place of the card. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const route = this.router.verb(String(invokeValue?.action?.verb ?? ''));
    // An open route (Approve, Decline, a card's refresh) needs no state: the person's language is
    // read with its own work (their contact's), which saves the turn a read of the store.
    const withoutState = route?.open === true;
    if (!withoutState) await this.loadStates(context);
    const info = await this.deps.turnInfo(context, { withoutState });
    const say = sayIn(info.locale);
    const response = (answer: Answer): AdaptiveCardInvokeResponse =>
      answer?.card
        ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card }
        : // botbuilder types the value as an object; for a message Teams takes the sentence itself.
          {
            statusCode: 200,
            type: 'application/vnd.microsoft.activity.message',
            value: (answer?.message ?? '') as never,
          };
    if (!route) return response({ message: say('card.unknownAction') });
    const turn = { ...this.turn(context, info, say), languageUnread: withoutState };
    const ran = await this.router.run(route, turn, { argument: '', data: asRecord(invokeValue?.action?.data) ?? {} });
    return response(ran ? ran.answer : { message: say('unknownUser', { how: say('unknownUser.teams') }) });
  }

  /** A route's answer as a new message: a typed command's, a submitted card action's, a file consent's. */
  private async answerWithMessage(context: TurnContext, route: Route, turn: RouteTurn, input: RouteInput) {
    const ran = await this.router.run(route, turn, input);
    if (!ran) return void (await context.sendActivity(turn.say('unknownUser', { how: turn.say('unknownUser.teams') })));
    await sendAnswer(context, ran.answer);
  }

  private turn(context: TurnContext, info: TurnInfo, say: Say): RouteTurn {
    return {
      context,
      say,
      ...(info.identity ? { identity: info.identity } : {}),
      ...(info.me ? { me: info.me } : {}),
      dialogs: () => this.dialogs.createContext(context),
    };
  }
}
