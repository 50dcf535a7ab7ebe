import { randomUUID } from 'node:crypto';
import { type Activity, CardFactory, MessageFactory } from 'botbuilder';
import { inviteSummaryCard } from '../cards/invitations/summaryCard.js';
import { ADMIN_ROLES } from '../domain/adminRoles.js';
import type { UseCases } from '../domain/useCases.js';
import { autoExtendAllowed, type InvitePolicy } from '../domain/invitations/invitations.js';
import { refusal as refusalFor, type Result } from '../domain/refusals.js';
import type { Service } from '../domain/types.js';
import {
  DEFAULT_DURATION_DAYS,
  MAX_MESSAGE_LENGTH,
  parseDomain,
  parseDuration,
  parseEmail,
  parseOptionalText,
  parseRelationshipName,
  parseRoles,
} from '../domain/validation.js';
import { isCommand, parseYesNo, plainText, roleIdFromName, type Say, type StringKey } from '../translations/index.js';
import type { TurnInfoSource } from '../turn/turnInfo.js';
import { FormDialog, type FormStep, type FormTurn, type StepOutcome } from './formDialog.js';

export interface InviteValues {
  domain?: string;
  customerName?: string;
  /** What the domain's dry run allows this user (R8, R9, R17, R18); plain data, kept in the dialog state. */
  policy?: InvitePolicy;
  services: Service[];
  roles: string[];
  durationDays: number;
  autoExtend: boolean;
  email?: string;
  message?: string;
  /** The relationship's name (R13): the one proposed for the chosen roles, or the user's own. */
  relationshipName?: string;
  proposedName?: string;
  /** This dialog, as the holder of the name proposed to it (R13). */
  holder?: string;
  /** A domain typed that looked mistyped, and the one offered instead: typed again, it is kept. */
  doubted?: { typed: string; likelier: string };
}

type Turn = FormTurn<InviteValues>;

const SERVICE_WORDS: Record<string, Service> = {
  'microsoft 365': 'microsoft365',
  microsoft365: 'microsoft365',
  m365: 'microsoft365',
  'office 365': 'microsoft365',
  azure: 'azure',
  'dynamics 365': 'dynamics365',
  dynamics365: 'dynamics365',
  dynamics: 'dynamics365',
  other: 'other',
  другое: 'other',
};

/** "Microsoft 365, Azure" / "Microsoft 365 and Azure" / "Microsoft 365 и Azure" → services, or undefined. */
function parseServiceList(text: string): Service[] | undefined {
  const words = text
    .toLowerCase()
    .split(/\s*(?:,|;|\+|\band\b|\sи\s)\s*/)
    .map((w) => w.trim())
    .filter(Boolean);
  const services = words.map((w) => SERVICE_WORDS[w.replace(/\s+/g, ' ')]);
  if (services.length === 0 || services.some((s) => s === undefined)) return undefined;
  return [...new Set(services as Service[])];
}

/**
 * Teams shows the first three suggested actions of a message and drops the rest; the Playground and
 * the Emulator would show them all. So a question offers three at most (its likeliest answers), and
 * its text names every answer it takes.
 */
const SUGGESTED_ACTIONS_SHOWN = 3;

const text = (value: string, actions: string[] = []): Partial<Activity> =>
  actions.length > 0
    ? MessageFactory.suggestedActions([...new Set(actions)].slice(0, SUGGESTED_ACTIONS_SHOWN), value)
    : MessageFactory.text(value);

/** A parsed answer: stored and on to the next question, or the refusal's message and the question again. */
function store<T>(say: Say, result: Result<T>, assign: (value: T) => void): StepOutcome {
  if (!result.ok) return { kind: 'retry', message: say.refusal(result.refusal) };
  assign(result.value);
  return { kind: 'next' };
}

/**
 * Invite a customer (scenario 1 of the domain rules): domain (with the dry run: R1, R7, R8, R13),
 * services, admin roles (R9, R16), duration (R17), auto-extend (R18), the administrator's e-mail,
 * a message, then a summary card with Send / Edit / Cancel.
 */
export class InviteCustomerDialog extends FormDialog<InviteValues> {
  static readonly id = 'inviteCustomer';

  constructor(
    private readonly service: UseCases,
    turnInfo: TurnInfoSource,
  ) {
    super(InviteCustomerDialog.id, turnInfo);
  }

  /** R9: a helpdesk agent (or anyone who may not invite) is told at once, before being asked for a domain. */
  protected override async refusalAtStart({ say, identity, values }: Turn): Promise<string | undefined> {
    const permission = await this.service.invitations.permission(identity);
    if (!permission.ok) return say.refusal(permission.refusal);
    values.policy = permission.value;
    return undefined;
  }

  protected initialValues(): InviteValues {
    return { services: [], roles: [], durationDays: DEFAULT_DURATION_DAYS, autoExtend: true };
  }

  protected steps(): FormStep<InviteValues>[] {
    const hasRoles = (v: InviteValues) => v.roles.length > 0;
    const mayRequestRoles = (v: InviteValues) => v.policy?.mayRequestRoles === true;
    return [
      {
        id: 'domain',
        help: 'invite.domain.help',
        prompt: ({ say, values }) =>
          values.doubted
            ? text(say('invite.domain.didYouMean', values.doubted), [values.doubted.likelier, values.doubted.typed])
            : text(say('invite.domain.prompt')),
        accept: (turn, input) => this.acceptDomain(turn, input.text),
      },
      {
        id: 'services',
        help: 'invite.services.help',
        prompt: ({ say, values }) => {
          const offered = [say('service.microsoft365'), say('service.azure'), say('service.m365AndAzure')];
          const services = [
            say('service.microsoft365'),
            say('service.azure'),
            say('service.dynamics365'),
            say('service.other'),
          ].join(', ');
          // Services already chosen (Request again, Edit) come first, as one answer.
          const current = values.services.map((s) => say(`service.${s}`)).join(', ');
          return text(say('invite.services.prompt', { services }), current ? [current, ...offered] : offered);
        },
        accept: ({ say, values }, input) => {
          const services = parseServiceList(input.text);
          if (!services) return { kind: 'retry', message: say('invite.services.invalid') };
          values.services = services;
          return { kind: 'next', notes: mayRequestRoles(values) ? [] : [say('invite.roles.salesOnly')] };
        },
      },
      {
        id: 'roles',
        help: 'invite.roles.help',
        skip: (v) => !mayRequestRoles(v),
        prompt: (turn) => this.promptRoles(turn),
        accept: (turn, input) => this.acceptRoles(turn, input.text),
      },
      {
        id: 'duration',
        help: 'invite.duration.help',
        skip: (v) => !hasRoles(v),
        prompt: ({ say, values }) =>
          text(say('invite.duration.prompt'), [
            String(values.policy?.duration.default ?? DEFAULT_DURATION_DAYS),
            '365',
            '90',
          ]),
        accept: ({ say, values }, input) =>
          store(say, parseDuration(input.text), (days) => (values.durationDays = days)),
      },
      {
        id: 'autoExtend',
        help: 'invite.autoExtend.help',
        skip: (v) => !autoExtendAllowed(v.roles),
        prompt: ({ say }) => text(say('invite.autoExtend.prompt'), [say('button.yes'), say('button.no')]),
        accept: ({ say, values }, input) => {
          const answer = parseYesNo(input.text);
          if (answer === undefined) return { kind: 'retry', message: say('invite.autoExtend.invalid') };
          values.autoExtend = answer;
          return { kind: 'next' };
        },
      },
      {
        id: 'email',
        help: 'invite.email.help',
        prompt: ({ say }) => text(say('invite.email.prompt'), [say('button.skip')]),
        accept: ({ say, values }, input) => {
          if (isCommand(input.text, 'command.skip')) {
            delete values.email;
            return { kind: 'next' };
          }
          return store(say, parseEmail(input.text), (email) => (values.email = email));
        },
      },
      {
        id: 'message',
        help: 'invite.message.help',
        prompt: ({ say }) => text(say('invite.message.prompt'), [say('button.skip')]),
        accept: ({ say, values }, input) => {
          const message = parseOptionalText(
            isCommand(input.text, 'command.skip') ? '' : input.text,
            'message',
            MAX_MESSAGE_LENGTH,
          );
          return store(say, message, (text) => {
            if (text) values.message = text;
            else delete values.message;
          });
        },
      },
      {
        id: 'name',
        help: 'invite.name.help',
        prompt: async ({ say, identity, values }) => {
          // Held for this dialog: another dialog in flight is proposed another name (R13).
          values.holder ??= randomUUID();
          values.proposedName = await this.service.invitations.proposeName(
            identity,
            values.domain ?? '',
            values.roles,
            values.holder,
          );
          return text(say('invite.name.prompt', { name: plainText(values.proposedName) }), [say('button.keep')]);
        },
        accept: async ({ say, identity, values }, input) => {
          // R13: "keep" or "skip" keeps the proposed name.
          if (isCommand(input.text, 'command.keep') || isCommand(input.text, 'command.skip')) {
            delete values.relationshipName;
            return { kind: 'next' };
          }
          const name = parseRelationshipName(input.text);
          // R13: a name already taken is refused here, with a free one proposed — not after every other answer.
          if (name.ok && (await this.service.invitations.nameTaken(identity, name.value)))
            return {
              kind: 'retry',
              message: say('invite.name.taken', {
                name: plainText(name.value),
                proposed: plainText(values.proposedName ?? ''),
              }),
            };
          return store(say, name, (value) => (values.relationshipName = value));
        },
      },
      {
        id: 'summary',
        help: 'invite.summary.help',
        prompt: (turn) => this.summaryCard(turn),
        accept: (turn, input) => this.acceptSummary(turn, input.value?.formAction ?? input.text),
      },
      {
        id: 'edit',
        help: 'invite.edit.help',
        skip: () => true, // reached only from the summary's Edit
        prompt: ({ say, values }) => {
          const fields = this.editableFields(values).map((f) => say(f.label));
          // Back is always one of the three buttons; every field is named in the text.
          return text(say('invite.edit.prompt', { fields: fields.join(', ') }), [
            ...fields.slice(0, SUGGESTED_ACTIONS_SHOWN - 1),
            say('button.backToSummary'),
          ]);
        },
        accept: ({ say, values }, input) => {
          if (isCommand(input.text, 'command.backToSummary') || isCommand(input.text, 'command.back'))
            return { kind: 'goto', step: 'summary' };
          const field = this.editableFields(values).find(
            (f) => say(f.label).toLowerCase() === input.text.toLowerCase() || f.step === input.text,
          );
          return field
            ? { kind: 'goto', step: field.step, returnTo: 'summary' }
            : { kind: 'retry', message: say('invite.edit.invalid') };
        },
      },
    ];
  }

  private editableFields(values: InviteValues): Array<{ step: string; label: StringKey }> {
    const fields: Array<{ step: string; label: StringKey; when?: boolean }> = [
      { step: 'domain', label: 'field.domain' },
      { step: 'services', label: 'field.services' },
      { step: 'roles', label: 'field.roles', when: values.policy?.mayRequestRoles === true },
      { step: 'duration', label: 'field.duration', when: values.roles.length > 0 },
      { step: 'autoExtend', label: 'field.autoExtend', when: autoExtendAllowed(values.roles) },
      { step: 'email', label: 'field.email' },
      { step: 'message', label: 'field.message' },
      { step: 'name', label: 'field.relationshipName' },
    ];
    return fields.filter((f) => f.when !== false);
  }

  private async acceptDomain({ say, identity, values }: Turn, input: string): Promise<StepOutcome> {
    const domain = parseDomain(input);
    if (!domain.ok) return { kind: 'retry', message: say.refusal(domain.refusal) };
    const preview = await this.service.invitations.preview(identity, domain.value);
    if (!preview.ok) return { kind: 'end', messages: [say.refusal(preview.refusal)] };
    const { refusals, customer, existingPartners, activeRelationships, pendingInvitations, policy } = preview.value;
    // Before anything else is asked: a domain a letter away from a known one, or from .com, was likelier meant.
    const likelier = preview.value.likelier;
    if (likelier && values.doubted?.typed !== domain.value) {
      values.doubted = { typed: domain.value, likelier };
      return { kind: 'retry', message: say('invite.domain.unknownHere', { domain: domain.value }) };
    }
    delete values.doubted;
    if (refusals.some((r) => r.rule === 'R9'))
      return { kind: 'end', messages: refusals.filter((r) => r.rule === 'R9').map((r) => say.refusal(r)) };
    if (refusals.length > 0) return { kind: 'retry', message: refusals.map((r) => say.refusal(r)).join('\n\n') };

    values.domain = preview.value.domain;
    values.customerName = customer?.name ?? preview.value.domain;
    values.policy = policy;
    if (!policy.mayRequestRoles) values.roles = [];
    const notes: string[] = [];
    const atMicrosoft = preview.value.atMicrosoft;
    // Connected to Partner Center, a domain Microsoft does not know cannot be requested: correct it.
    if (atMicrosoft && atMicrosoft !== 'unavailable' && !atMicrosoft.tenantFound)
      return { kind: 'retry', message: say('invite.domain.noTenantAtMicrosoft', { domain: preview.value.domain }) };
    if (atMicrosoft) {
      // Microsoft shows a partner its own relationships only; the customer's other partners are the customer's to see.
      notes.push(say('invite.domain.otherPartnersHidden', { customer: plainText(values.customerName) }));
      // R8: Microsoft did not say this customer's country: the bot assumed the partner's market, and says so.
      if (customer?.countryAssumed)
        notes.push(say('invite.domain.countryAssumed', { customer: plainText(values.customerName) }));
      if (atMicrosoft === 'unavailable') notes.push(say('invite.domain.microsoftUnavailable'));
      else {
        for (const r of atMicrosoft.relationships) {
          notes.push(
            say('invite.domain.atMicrosoft', {
              name: plainText(r.displayName),
              status: r.status,
              ends: r.endsAt ? say.date(r.endsAt) : '—',
            }),
          );
        }
        if (atMicrosoft.relationships.length === 0)
          notes.push(say('invite.domain.noneAtMicrosoft', { customer: plainText(values.customerName) }));
      }
    } else if (!customer) notes.push(say('invite.domain.unknownTenant', { domain: preview.value.domain }));
    else if (existingPartners.length > 0) {
      notes.push(
        say('invite.domain.partners', {
          customer: plainText(customer.name),
          count: existingPartners.length,
          partners: existingPartners.map((p) => plainText(p.name)).join(', '),
        }),
      );
    } else if (activeRelationships.length + pendingInvitations.length > 0)
      // R1: never "no partner" while this partner itself has a relationship or a request with the customer.
      notes.push(
        say(
          activeRelationships.length === 0
            ? 'invite.domain.onlyYou.pending'
            : pendingInvitations.length === 0
              ? 'invite.domain.onlyYou.relationships'
              : 'invite.domain.onlyYou.both',
          {
            customer: plainText(customer.name),
            relationships: activeRelationships.length,
            pending: pendingInvitations.length,
          },
        ),
      );
    else notes.push(say('invite.domain.noPartners', { customer: plainText(customer.name) }));
    // R13: what this partner already has with the customer; a new request becomes another relationship.
    const roleNames = (roles: readonly string[]) => (roles.length > 0 ? say.roles(roles) : say('value.resellerOnly'));
    for (const relationship of activeRelationships) {
      notes.push(
        say('invite.domain.activeRelationship', {
          name: plainText(relationship.name),
          roles: roleNames(relationship.roles),
        }),
      );
    }
    for (const pending of pendingInvitations) {
      notes.push(
        say('invite.domain.pending', {
          code: pending.code,
          name: plainText(pending.relationshipName),
          roles: roleNames(pending.roles),
        }),
      );
    }
    return { kind: 'next', notes };
  }

  private promptRoles({ say, values }: Turn): Partial<Activity> {
    const list = ADMIN_ROLES.map(
      (r, n) => `${n + 1}. **${say.role(r.id)}** — ${say(`adminRole.${r.id}.explanation` as StringKey)}`,
    ).join('\n');
    // Roles already chosen (Request again, Edit, Back) can be kept with one word.
    const current =
      values.roles.length > 0 ? `\n\n${say('invite.roles.current', { roles: say.roles(values.roles) })}` : '';
    const keep = values.roles.length > 0 ? [say('button.keep')] : [];
    const firstRoles = ADMIN_ROLES.slice(0, SUGGESTED_ACTIONS_SHOWN).map((r) => say.role(r.id));
    // R8: a US Government partner must request roles, so "none" is not offered at all.
    if (values.policy?.rolesRequired)
      return text(say('invite.roles.promptRequired', { list }) + current, [...keep, ...firstRoles]);
    return text(say('invite.roles.prompt', { list }) + current, [...keep, say('button.none'), ...firstRoles]);
  }

  private acceptRoles({ say, values }: Turn, input: string): StepOutcome {
    if (isCommand(input, 'command.keep') && values.roles.length > 0) return { kind: 'next' };
    if (isCommand(input, 'command.none')) {
      if (values.policy?.rolesRequired) return { kind: 'retry', message: say.refusal(refusalFor('usGovNeedsRoles')) };
      values.roles = [];
      return { kind: 'next' };
    }
    const names: string[] = [];
    for (const token of input
      .split(/[,;\n]/)
      .map((t) => t.trim())
      .filter(Boolean)) {
      if (/^\d+$/.test(token)) {
        const role = ADMIN_ROLES[Number(token) - 1];
        if (!role)
          return {
            kind: 'retry',
            message: say('invite.roles.invalidNumber', { value: token, max: ADMIN_ROLES.length }),
          };
        names.push(role.id);
      } else names.push(roleIdFromName(token) ?? token); // R16: a role's name in either language
    }
    const roles = parseRoles(names);
    if (!roles.ok) return { kind: 'retry', message: say.refusal(roles.refusal) };
    if (roles.value.length === 0) return { kind: 'retry', message: say('invite.roles.help') };
    values.roles = roles.value;
    if (!autoExtendAllowed(roles.value)) {
      values.autoExtend = false;
      return { kind: 'next', notes: [say('invite.autoExtend.globalAdmin')] };
    }
    return { kind: 'next' };
  }

  private summaryCard({ say, values }: Turn, sentCode?: string): Partial<Activity> {
    const hasRoles = values.roles.length > 0;
    const facts = [
      { label: say('field.relationshipName'), value: values.relationshipName ?? values.proposedName ?? '' },
      {
        label: say('field.domain'),
        value:
          values.customerName === values.domain ? (values.domain ?? '') : `${values.customerName} (${values.domain})`,
      },
      { label: say('field.services'), value: values.services.map((s) => say(`service.${s}`)).join(', ') },
      { label: say('field.roles'), value: hasRoles ? say.roles(values.roles) : say('value.resellerOnly') },
      {
        label: say('field.duration'),
        value: hasRoles ? say('value.days', { days: values.durationDays }) : say('value.notApplicable'),
      },
      {
        label: say('field.autoExtend'),
        value: hasRoles ? say(values.autoExtend ? 'value.yes' : 'value.no') : say('value.notApplicable'),
      },
      { label: say('field.email'), value: values.email ?? say('value.none') },
      { label: say('field.message'), value: values.message ?? say('value.none') },
    ];
    return MessageFactory.attachment(
      CardFactory.adaptiveCard(inviteSummaryCard(say, values.customerName ?? '', facts, sentCode)),
    );
  }

  private async acceptSummary(turn: Turn, answer: unknown): Promise<StepOutcome> {
    const { say, identity, values } = turn;
    const word = typeof answer === 'string' ? answer : '';
    if (isCommand(word, 'command.edit')) return { kind: 'goto', step: 'edit' };
    if (!isCommand(word, 'command.send')) {
      return { kind: 'retry', message: say('invite.summary.invalid') };
    }
    const hasRoles = values.roles.length > 0;
    const result = await this.service.invitations.create(identity, {
      customerDomain: values.domain ?? '',
      ...((values.relationshipName ?? values.proposedName)
        ? { relationshipName: values.relationshipName ?? values.proposedName }
        : {}),
      services: values.services,
      roles: values.roles,
      ...(hasRoles ? { durationDays: values.durationDays, autoExtend: values.autoExtend } : {}),
      ...(values.email ? { recipientEmail: values.email } : {}),
      ...(values.message ? { message: values.message } : {}),
    });
    if (!result.ok && result.refusal.code === 'relationshipNameTaken') {
      // R13: taken by another request since the name question: only the name is asked again (a free one
      // proposed there); every other answer is kept, and the summary comes back.
      await turn.context.sendActivity(
        say('invite.name.takenAtSend', { name: plainText(result.refusal.params.name ?? '') }),
      );
      delete values.relationshipName;
      return { kind: 'goto', step: 'name', returnTo: 'summary' };
    }
    if (!result.ok)
      return { kind: 'end', messages: [say('invite.refusedAtSend', { reason: say.refusal(result.refusal) })] };
    const invitation = result.value;
    // The summary keeps no live Send button once sent: it says what became of it.
    if (turn.promptActivityId) {
      await turn.context
        .updateActivity({ ...this.summaryCard(turn, invitation.code), id: turn.promptActivityId })
        .catch(() => undefined); // a channel without updates keeps the old card
    }
    return {
      kind: 'end',
      // Connected to Partner Center the request goes to Microsoft first (after this turn, not in it).
      messages: [
        say(invitation.microsoft ? 'invite.sentToMicrosoft' : 'invite.sent', {
          code: invitation.code,
          customer: plainText(values.customerName ?? invitation.customerDomain),
          expires: say.date(invitation.expiresAt),
        }),
      ],
      result: { invitationId: invitation.id },
    };
  }
}
