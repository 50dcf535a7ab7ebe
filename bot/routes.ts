import type { DialogContext } from 'botbuilder-dialogs';
import type { CardJson } from '../cards/template.js';
import { VERBS, type Verb } from '../cards/verbs.js';
import type { AccessActions } from '../commands/access/accessActions.js';
import type { InvitationActions } from '../commands/invitations/invitationActions.js';
import type { InvitationDecisions } from '../commands/invitations/invitationDecisions.js';
import type { UserCommands } from '../commands/people/userCommands.js';
import type { RecordActions } from '../commands/records/recordActions.js';
import type { RelationshipActions } from '../commands/relationships/relationshipActions.js';
import { AddAzureSubscriptionDialog } from '../dialogs/addAzureSubscriptionDialog.js';
import { InviteCustomerDialog } from '../dialogs/inviteCustomerDialog.js';
import { TerminateRelationshipDialog } from '../dialogs/terminateRelationshipDialog.js';
import type { StringKey } from '../translations/index.js';
import type { KnownTurn, OpenTurn } from '../turn/turnInfo.js';

// The routing table: every typed command, every card action and Teams' file consent, each with its
// handler, in one list (bot/router.ts dispatches it). A card action is the same route whether it
// comes as Teams' Action.Execute invoke or as the Emulator's Action.Submit message.

/** What starts a route. */
export type Trigger =
  /** A typed command: its word in any language; with `exact`, the whole text is the word. */
  | { command: StringKey; exact?: boolean }
  /** A card button: Action.Execute (the adaptiveCard/action invoke) or its Action.Submit fallback. */
  | { verb: Verb }
  /** Teams' file consent card, accepted or declined (the answer to "export" in a personal chat). */
  | { fileConsent: 'accept' | 'decline' };

export interface RouteInput {
  /** A command's argument: the text after its word. */
  argument: string;
  /** A card action's data, or the file consent's answer. */
  data: Record<string, unknown>;
}

/**
 * What a route answers: a card for this user (an invoke's response, or a new message), a sentence,
 * or nothing (it replied itself).
 */
export type Answer = { card?: CardJson; message?: string } | void;

/** A known user's turn, with the conversation's dialogs. */
export interface RoutedTurn extends KnownTurn {
  dialogs: DialogContext;
}

/**
 * `open` routes answer anyone, before the bot knows who is talking (choosing a language, signing in,
 * and the decisions, where the domain refuses and audits whoever may not act, R10); the others a
 * user the directory knows.
 */
export type Route =
  | { on: Trigger; open: true; run(turn: OpenTurn, input: RouteInput): Promise<Answer> }
  | { on: Trigger; open?: false; run(turn: RoutedTurn, input: RouteInput): Promise<Answer> };

export interface RouteHandlers {
  users: UserCommands;
  invitations: InvitationActions;
  decisions: InvitationDecisions;
  relationships: RelationshipActions;
  access: AccessActions;
  records: RecordActions;
}

const begin = async (turn: RoutedTurn, dialogId: string, options: object = {}) => {
  await turn.dialogs.beginDialog(dialogId, options);
};
const reply = async (turn: RoutedTurn, key: StringKey) => {
  await turn.context.sendActivity(turn.say(key));
};
const id = (data: Record<string, unknown>, key: string) => String(data[key] ?? '');

export function routeTable(h: RouteHandlers): Route[] {
  return [
    // Anyone
    {
      on: { command: 'command.language' },
      open: true,
      run: (t, i) => h.users.setLanguage(t.context, t.say, i.argument),
    },
    { on: { command: 'command.signin' }, open: true, run: (t, i) => h.users.signIn(t.context, t.say, i.argument) },
    { on: { verb: VERBS.approve }, open: true, run: (t, i) => h.decisions.decide(t, VERBS.approve, i.data) },
    { on: { verb: VERBS.decline }, open: true, run: (t, i) => h.decisions.decide(t, VERBS.decline, i.data) },
    { on: { verb: VERBS.refreshInvitation }, open: true, run: (t, i) => h.decisions.view(t, i.data) },
    { on: { fileConsent: 'decline' }, open: true, run: (t) => h.records.declineExport(t.context, t.say) },

    // Invitations
    {
      on: { command: 'command.invite' },
      run: (t, i) => begin(t, InviteCustomerDialog.id, i.argument ? { firstAnswer: i.argument } : {}),
    },
    { on: { command: 'command.invitations' }, run: (t, i) => h.invitations.list(t, Number(i.argument) || 1) },
    {
      on: { command: 'command.cancelInvitation' },
      run: (t, i) => (i.argument ? h.invitations.cancel(t, i.argument) : reply(t, 'cancel.nothing')),
    },
    {
      on: { command: 'command.resend' },
      run: (t, i) => (i.argument ? h.invitations.resend(t, i.argument) : reply(t, 'resend.which')),
    },
    {
      on: { command: 'command.code' },
      run: (t, i) => (i.argument ? h.decisions.showByCode(t, i.argument, 'code') : reply(t, 'code.which')),
    },
    { on: { verb: VERBS.showInvitation }, run: (t, i) => h.decisions.showByCode(t, id(i.data, 'invitationId')) },
    { on: { verb: VERBS.cancelInvitation }, run: (t, i) => h.invitations.cancel(t, id(i.data, 'invitationId')) },
    { on: { verb: VERBS.resendInvitation }, run: (t, i) => h.invitations.resend(t, id(i.data, 'invitationId')) },
    { on: { verb: VERBS.invitationsPage }, run: (t, i) => h.invitations.page(t, Number(i.data.page)) },

    // Relationships
    {
      on: { command: 'command.addAzure' },
      run: (t, i) => begin(t, AddAzureSubscriptionDialog.id, i.argument ? { firstAnswer: i.argument } : {}),
    },
    { on: { command: 'command.partners', exact: true }, run: (t) => h.relationships.partners(t) },
    { on: { command: 'command.customers', exact: true }, run: (t) => h.relationships.customers(t) },
    { on: { command: 'command.ending' }, run: (t, i) => h.relationships.ending(t, i.argument) },
    { on: { verb: VERBS.relationshipsPage }, run: (t, i) => h.relationships.page(t, i.data) },
    {
      on: { verb: VERBS.turnOnAutoExtend },
      run: (t, i) => h.relationships.turnOnAutoExtend(t, id(i.data, 'relationshipId')),
    },
    {
      on: { verb: VERBS.turnOffAutoExtend },
      run: (t, i) => h.relationships.turnOffAutoExtend(t, id(i.data, 'relationshipId')),
    },
    {
      on: { verb: VERBS.requestAgain },
      run: async (t, i) => {
        const again = await h.relationships.requestAgain(t, id(i.data, 'relationshipId'));
        if (!again) return;
        await t.dialogs.cancelAllDialogs();
        await begin(t, InviteCustomerDialog.id, {
          firstAnswer: again.domain,
          values: { roles: again.roles, services: again.services },
        });
      },
    },
    {
      on: { verb: VERBS.terminateRelationship },
      run: async (t, i) => {
        // R23: who may not end it (or may not see it) is told before any name is shown.
        const relationshipId = id(i.data, 'relationshipId');
        const allowed = await h.relationships.mayTerminate(t, relationshipId);
        if (allowed) return allowed;
        await t.dialogs.cancelAllDialogs();
        await begin(t, TerminateRelationshipDialog.id, { values: { relationshipId } });
      },
    },

    // Access
    { on: { verb: VERBS.showAccess }, run: (t, i) => h.access.showAccess(t, id(i.data, 'relationshipId')) },
    { on: { verb: VERBS.assignAccess }, run: (t, i) => h.access.assignAccess(t, i.data) },
    { on: { verb: VERBS.searchGroups }, run: (t, i) => h.access.searchGroups(t, i.data) },
    {
      on: { command: 'command.whoManages' },
      run: (t, i) => (i.argument ? h.access.whoManages(t, i.argument) : reply(t, 'whoManages.which')),
    },
    {
      on: { command: 'command.whatCanManage' },
      run: (t, i) => (i.argument ? h.access.whatCanManage(t, i.argument) : reply(t, 'whatCanManage.which')),
    },

    // Records
    {
      on: { command: 'command.history' },
      run: (t, i) => (i.argument ? h.records.history(t, i.argument) : reply(t, 'history.which')),
    },
    { on: { command: 'command.export', exact: true }, run: (t) => h.records.export(t) },
    { on: { fileConsent: 'accept' }, run: (t, i) => h.records.acceptExport(t, i.data) },

    // People
    { on: { command: 'command.help', exact: true }, run: (t) => h.users.help(t) },
  ];
}
