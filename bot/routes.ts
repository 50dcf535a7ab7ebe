import type { DialogContext } from 'botbuilder-dialogs';
import type { CardJson } from '../cards/template.js';
import { VERBS, type Verb } from '../cards/verbs.js';
import type { InvitationActions } from '../commands/invitations/invitationActions.js';
import type { InvitationDecisions } from '../commands/invitations/invitationDecisions.js';
import type { RecordActions } from '../commands/records/recordActions.js';
import type { RelationshipActions } from '../commands/relationships/relationshipActions.js';
import type { UserCommands } from '../commands/people/userCommands.js';
import { AddAzureSubscriptionDialog } from '../dialogs/addAzureSubscriptionDialog.js';
import { InviteCustomerDialog } from '../dialogs/inviteCustomerDialog.js';
import { TerminateRelationshipDialog } from '../dialogs/terminateRelationshipDialog.js';
import type { StringKey } from '../translations/index.js';
import type { KnownTurn, OpenTurn } from '../turn/turnInfo.js';

// The routing table: every typed command and every card verb, with its handler. The order in
// which a message meets them is declared once, in InvitationBot's MESSAGE_STEPS. (Teams' file
// consent invoke, the answer to "export", is the one activity TeamsActivityHandler routes itself.)

/** A known user's turn, with the conversation's dialogs. */
export interface RoutedTurn extends KnownTurn {
  dialogs: DialogContext;
}

export interface CommandRoute {
  /** The catalogue key of the command word, matched in every language. */
  word: StringKey;
  /** The whole text must be the word; otherwise the rest of the text is the argument. */
  exact?: boolean;
  run(turn: RoutedTurn, argument: string): Promise<void>;
}

/** Commands that work before the bot knows who is talking (choosing a language, the Emulator's sign-in). */
export interface OpenCommandRoute {
  word: StringKey;
  run(turn: OpenTurn, argument: string): Promise<void>;
}

/**
 * What a card action answers: a card for this user (an invoke's response), a sentence, or nothing (it replied itself).
 */
export type VerbAnswer = { card?: CardJson; message?: string } | void;

export type VerbRoute =
  | { verb: Verb; open: true; run(turn: OpenTurn, data: Record<string, unknown>): Promise<VerbAnswer> }
  | { verb: Verb; open?: false; run(turn: RoutedTurn, data: Record<string, unknown>): Promise<VerbAnswer> };

export interface RouteHandlers {
  users: UserCommands;
  invitations: InvitationActions;
  decisions: InvitationDecisions;
  relationships: RelationshipActions;
  records: RecordActions;
}

const begin = async (turn: RoutedTurn, dialogId: string, options: object = {}) => {
  await turn.dialogs.beginDialog(dialogId, options);
};
const reply = async (turn: RoutedTurn, key: StringKey) => {
  await turn.context.sendActivity(turn.say(key));
};

export function routeTable(h: RouteHandlers): {
  open: OpenCommandRoute[];
  commands: CommandRoute[];
  verbs: VerbRoute[];
} {
  return {
    open: [
      { word: 'command.language', run: (t, arg) => h.users.setLanguage(t.context, t.say, arg) },
      { word: 'command.signin', run: (t, arg) => h.users.signIn(t.context, t.say, arg) },
    ],
    commands: [
      { word: 'command.invite', run: (t, arg) => begin(t, InviteCustomerDialog.id, arg ? { firstAnswer: arg } : {}) },
      {
        word: 'command.addAzure',
        run: (t, arg) => begin(t, AddAzureSubscriptionDialog.id, arg ? { firstAnswer: arg } : {}),
      },
      { word: 'command.invitations', run: (t, arg) => h.invitations.list(t, Number(arg) || 1) },
      {
        word: 'command.cancelInvitation',
        run: (t, arg) => (arg ? h.invitations.cancel(t, arg) : reply(t, 'cancel.nothing')),
      },
      { word: 'command.resend', run: (t, arg) => (arg ? h.invitations.resend(t, arg) : reply(t, 'resend.which')) },
      { word: 'command.partners', exact: true, run: (t) => h.relationships.partners(t) },
      { word: 'command.customers', exact: true, run: (t) => h.relationships.customers(t) },
      { word: 'command.ending', run: (t, arg) => h.relationships.ending(t, arg) },
      { word: 'command.history', run: (t, arg) => (arg ? h.records.history(t, arg) : reply(t, 'history.which')) },
      { word: 'command.export', exact: true, run: (t) => h.records.export(t) },
      {
        word: 'command.code',
        run: (t, arg) => (arg ? h.decisions.showByCode(t, arg, 'code') : reply(t, 'code.which')),
      },
      { word: 'command.help', exact: true, run: (t) => h.users.help(t) },
    ],
    verbs: [
      // Decisions and refresh answer anyone: the domain refuses (and audits) who may not act (R10).
      { verb: VERBS.approve, open: true, run: (t, data) => h.decisions.decide(t, VERBS.approve, data) },
      { verb: VERBS.decline, open: true, run: (t, data) => h.decisions.decide(t, VERBS.decline, data) },
      { verb: VERBS.refreshInvitation, open: true, run: (t, data) => h.decisions.view(t, data) },
      { verb: VERBS.showInvitation, run: (t, data) => h.decisions.showByCode(t, String(data.invitationId ?? '')) },
      { verb: VERBS.cancelInvitation, run: (t, data) => h.invitations.cancel(t, String(data.invitationId ?? '')) },
      { verb: VERBS.resendInvitation, run: (t, data) => h.invitations.resend(t, String(data.invitationId ?? '')) },
      { verb: VERBS.invitationsPage, run: (t, data) => h.invitations.page(t, Number(data.page)) },
      { verb: VERBS.relationshipsPage, run: (t, data) => h.relationships.page(t, data) },
      {
        verb: VERBS.turnOnAutoExtend,
        run: (t, data) => h.relationships.turnOnAutoExtend(t, String(data.relationshipId ?? '')),
      },
      {
        verb: VERBS.turnOffAutoExtend,
        run: (t, data) => h.relationships.turnOffAutoExtend(t, String(data.relationshipId ?? '')),
      },
      {
        verb: VERBS.requestAgain,
        run: async (t, data) => {
          const again = await h.relationships.requestAgain(t, String(data.relationshipId ?? ''));
          if (!again) return;
          await t.dialogs.cancelAllDialogs();
          await begin(t, InviteCustomerDialog.id, {
            firstAnswer: again.domain,
            values: { roles: again.roles, services: again.services },
          });
        },
      },
      { verb: VERBS.showAccess, run: (t, data) => h.relationships.showAccess(t, String(data.relationshipId ?? '')) },
      { verb: VERBS.assignAccess, run: (t, data) => h.relationships.assignAccess(t, data) },
      {
        verb: VERBS.terminateRelationship,
        run: async (t, data) => {
          await t.dialogs.cancelAllDialogs();
          await begin(t, TerminateRelationshipDialog.id, {
            values: { relationshipId: String(data.relationshipId ?? '') },
          });
        },
      },
    ],
  };
}
