import { MessageFactory } from 'botbuilder';
import type { UseCases } from '../domain/useCases.js';
import { FormDialog, type FormStep } from './formDialog.js';
import { parseYesNo, plainText } from '../translations/index.js';
import type { TurnInfoSource } from '../turn/turnInfo.js';

export interface TerminateValues {
  relationshipId: string;
}

/** Confirms, then terminates a relationship (R19); the other side is notified, subscriptions stay. */
export class TerminateRelationshipDialog extends FormDialog<TerminateValues> {
  static readonly id = 'terminateRelationship';

  constructor(
    private readonly service: UseCases,
    turnInfo: TurnInfoSource,
  ) {
    super(TerminateRelationshipDialog.id, turnInfo);
  }

  protected initialValues(): TerminateValues {
    return { relationshipId: '' };
  }

  protected steps(): FormStep<TerminateValues>[] {
    return [
      {
        id: 'confirm',
        help: 'terminate.help',
        prompt: async ({ say, values }) => {
          const described = await this.service.relationships.describe(values.relationshipId);
          return MessageFactory.suggestedActions(
            [say('button.yes'), say('button.no')],
            say('terminate.prompt', {
              partner: plainText(described?.partnerName ?? '?'),
              customer: plainText(described?.customerName ?? '?'),
            }),
          );
        },
        accept: async ({ say, identity, values }, input) => {
          const answer = parseYesNo(input.text);
          if (answer === false) return { kind: 'end', messages: [say('terminate.kept')] };
          if (answer === undefined) return { kind: 'retry', message: say('terminate.invalid') };
          const result = await this.service.relationships.terminate(identity, values.relationshipId);
          if (!result.ok) return { kind: 'end', messages: [say.refusal(result.refusal)] };
          const described = await this.service.relationships.describe(values.relationshipId);
          return {
            kind: 'end',
            messages: [
              say('terminate.done', {
                partner: plainText(described?.partnerName ?? ''),
                customer: plainText(described?.customerName ?? ''),
              }),
            ],
          };
        },
      },
    ];
  }
}
