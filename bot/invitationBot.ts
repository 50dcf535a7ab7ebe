import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type BotState,
  type FileConsentCardResponse,
  type StatePropertyAccessor,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { type Dialog, DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { CardJson } from '../cards/template.js';
import { sendAnswer } from '../commands/cardAnswer.js';
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
import { commandArgument, isCommand, sayIn, type Say } from '../translations/index.js';
import type { TurnInfo, TurnInfoSource, UserProfile } from '../turn/turnInfo.js';
import {
  type CommandRoute,
  type OpenCommandRoute,
  type RoutedTurn,
  routeTable,
  type VerbAnswer,
  type VerbRoute,
} from './routes.js';

export interface InvitationBotDeps {
  service: UseCases;
  conversationState: BotState;
  userState: BotState;
  profiles: StatePropertyAccessor<UserProfile>;
  turnInfo: TurnInfoSource;
  selfDeclaredIdentity: boolean;
  upload: FileUploader;
}

/** What one message turn has found out so far, passed from step to step. */
interface MessageTurn {
  context: TurnContext;
  info: TurnInfo;
  say: Say;
  text: string;
  value: Record<string, unknown> | undefined;
  verb: string | undefined;
  routed?: RoutedTurn;
}

type Step = (turn: MessageTurn) => Promise<'handled' | 'next'>;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** Matches `text` against command routes in table order; the first that matches wins. */
function matchCommand<R extends CommandRoute | OpenCommandRoute>(
  routes: readonly R[],
  text: string,
): { route: R; argument: string } | undefined {
  for (const route of routes) {
    if ('exact' in route && route.exact) {
      if (isCommand(text, route.word)) return { route, argument: '' };
      continue;
    }
    const argument = commandArgument(text, route.word);
    if (argument !== undefined) return { route, argument };
  }
  return undefined;
}

/** Where the conversation state keeps the dialog stack (also counted by /metrics). */
export const DIALOG_STATE_PROPERTY = 'dialogState';

/** Routes each activity through the routing table (bot/routes.ts); holds no logic of its own. */
export class InvitationBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly users: UserCommands;
  private readonly decisions: InvitationDecisions;
  private readonly records: RecordActions;
  private readonly open: readonly OpenCommandRoute[];
  private readonly commands: readonly CommandRoute[];
  private readonly verbs: ReadonlyMap<string, VerbRoute>;

  /**
   * The order a message meets the routes, declared once: language and sign-in work for anyone;
   * then the user must be known; waiting invitation cards come first for an administrator; a
   * card action goes to its verb; an open dialog gets the answer; otherwise a command.
   */
  private readonly MESSAGE_STEPS: ReadonlyArray<readonly [name: string, step: Step]> = [
    ['openCommand', (t) => this.openCommand(t)],
    ['knownUser', (t) => this.knownUser(t)],
    ['waitingCards', (t) => this.waitingCards(t)],
    ['cardVerb', (t) => this.cardVerb(t)],
    ['activeDialog', (t) => this.activeDialog(t)],
    ['staleForm', (t) => this.staleForm(t)],
    ['command', (t) => this.command(t)],
    ['notUnderstood', (t) => this.notUnderstood(t)],
  ];

  constructor(private readonly deps: InvitationBotDeps) {
    super();
    this.dialogs = new DialogSet(deps.conversationState.createProperty<DialogState>(DIALOG_STATE_PROPERTY));
    const add = (dialog: Dialog) => this.dialogs.add(dialog);
    add(new InviteCustomerDialog(deps.service, deps.turnInfo));
    add(new AddAzureSubscriptionDialog(deps.service, deps.turnInfo));
    add(new TerminateRelationshipDialog(deps.service, deps.turnInfo));
    this.users = new UserCommands(deps.service, deps.profiles, deps.turnInfo, deps.selfDeclaredIdentity);
    this.decisions = new InvitationDecisions(deps.service);
    this.records = new RecordActions(deps.service, deps.upload);
    const table = routeTable({
      users: this.users,
      decisions: this.decisions,
      invitations: new InvitationActions(deps.service),
      relationships: new RelationshipActions(deps.service),
      records: this.records,
    });
    this.open = table.open;
    this.commands = table.commands;
    this.verbs = new Map(table.verbs.map((route) => [route.verb, route]));

    this.onMessage(async (context, next) => {
      await this.routeMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.users.welcome(context);
      await next();
    });
  }

  /** The verbs this bot answers: for the test that every card button has a handler. */
  get routedVerbs(): string[] {
    return [...this.verbs.keys()];
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

  /** Teams' file consent card (export): accepted or declined, by a known user only. */
  protected override async handleTeamsFileConsentAccept(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<void> {
    const info = await this.deps.turnInfo(context);
    const say = sayIn(info.locale);
    if (!info.identity || !info.me)
      return void (await context.sendActivity(say('unknownUser', { how: say('unknownUser.teams') })));
    await this.records.acceptExport(context, say, info.identity, response);
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext): Promise<void> {
    await this.records.declineExport(context, sayIn((await this.deps.turnInfo(context)).locale));
  }

  /** Teams and the Agents Playground: Action.Execute arrives as the adaptiveCard/action invoke. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const route = this.verbs.get(String(invokeValue?.action?.verb ?? ''));
    // An open route (Approve, Decline, a card's refresh) needs no state: the person's language is
    // read with its own work (their contact's), which saves the turn a read of the store.
    const withoutState = route?.open === true;
    if (!withoutState) await this.loadStates(context);
    const info = await this.deps.turnInfo(context, { withoutState });
    const say = sayIn(info.locale);
    const asCard = (card: CardJson): AdaptiveCardInvokeResponse => ({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: card,
    });
    const asMessage = (message: string): AdaptiveCardInvokeResponse => ({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: message as never,
    });
    if (!route) return asMessage(say('card.unknownAction'));
    const data = asRecord(invokeValue?.action?.data) ?? {};
    let answer: VerbAnswer;
    if (route.open)
      answer = await route.run(
        { context, say, languageUnread: true, ...(info.identity ? { identity: info.identity } : {}) },
        data,
      );
    else {
      if (!info.identity || !info.me) return asMessage(say('unknownUser', { how: say('unknownUser.teams') }));
      answer = await route.run(
        { context, say, identity: info.identity, me: info.me, dialogs: await this.dialogs.createContext(context) },
        data,
      );
    }
    return answer?.card ? asCard(answer.card) : asMessage(answer?.message ?? '');
  }

  private async routeMessage(context: TurnContext): Promise<void> {
    const info = await this.deps.turnInfo(context);
    const value = asRecord(context.activity.value);
    const turn: MessageTurn = {
      context,
      info,
      say: sayIn(info.locale),
      // In group chats Teams puts "<at>bot</at>" in front of what the user typed.
      text: (
        TurnContext.removeRecipientMention(context.activity) ??
        (typeof context.activity.text === 'string' ? context.activity.text : '') ??
        ''
      ).trim(),
      value,
      verb: typeof value?.verb === 'string' ? value.verb : undefined,
    };
    for (const [, step] of this.MESSAGE_STEPS) if ((await step(turn)) === 'handled') return;
  }

  private async openCommand(t: MessageTurn): Promise<'handled' | 'next'> {
    const match = matchCommand(this.open, t.text);
    if (!match) return 'next';
    await match.route.run(
      { context: t.context, say: t.say, ...(t.info.identity ? { identity: t.info.identity } : {}) },
      match.argument,
    );
    return 'handled';
  }

  private async knownUser(t: MessageTurn): Promise<'handled' | 'next'> {
    if (!t.info.identity || !t.info.me) {
      await this.users.tellUnknownUser(t.context, t.say);
      return 'handled';
    }
    t.routed = {
      context: t.context,
      say: t.say,
      identity: t.info.identity,
      me: t.info.me,
      dialogs: await this.dialogs.createContext(t.context),
    };
    return 'next';
  }

  private async waitingCards(t: MessageTurn): Promise<'handled' | 'next'> {
    // A card action is about the card pressed; waiting cards come with the next typed message.
    if (t.verb === undefined) await this.decisions.deliverWaiting(t.routed!);
    return 'next';
  }

  /** Action.Submit (the Emulator, and the buttons that are Submit everywhere): the same routes as the invoke. */
  private async cardVerb(t: MessageTurn): Promise<'handled' | 'next'> {
    if (t.verb === undefined) return 'next';
    const route = this.verbs.get(t.verb);
    if (!route) {
      await t.context.sendActivity(t.say('card.unknownAction'));
      return 'handled';
    }
    // A known user's turn serves both kinds of route: it has all an open one needs.
    const answer = await (route.run as (turn: RoutedTurn, data: Record<string, unknown>) => Promise<VerbAnswer>)(
      t.routed!,
      t.value!,
    );
    await sendAnswer(t.context, answer);
    return 'handled';
  }

  private async activeDialog(t: MessageTurn): Promise<'handled' | 'next'> {
    const dc = t.routed!.dialogs;
    if (!dc.activeDialog) return 'next';
    await dc.continueDialog();
    return 'handled';
  }

  private async staleForm(t: MessageTurn): Promise<'handled' | 'next'> {
    if (t.value?.formAction === undefined) return 'next';
    await t.context.sendActivity(t.say('card.stale'));
    return 'handled';
  }

  private async command(t: MessageTurn): Promise<'handled' | 'next'> {
    const match = matchCommand(this.commands, t.text);
    if (!match) return 'next';
    await match.route.run(t.routed!, match.argument);
    return 'handled';
  }

  private async notUnderstood(t: MessageTurn): Promise<'handled' | 'next'> {
    await t.context.sendActivity(t.say('notUnderstood', { text: t.text.slice(0, 80) }));
    return 'handled';
  }
}
