import { MessageFactory } from 'botbuilder';
import type { UseCases } from '../domain/useCases.js';
import { FormDialog, type FormStep } from './formDialog.js';
import { parseYesNo } from '../translations/index.js';
import type { TurnInfoSource } from '../turn/turnInfo.js';

export interface AzureValues {
  customerRef?: string;
  customerName?: string;
}

/**
 * Add an Azure subscription for a customer that may already have Azure from another partner (R6):
 * the customer, then a confirmation that names every existing subscription and its partner of
 * record, which all stay as they are.
 */
export class AddAzureSubscriptionDialog extends FormDialog<AzureValues> {
  static readonly id = 'addAzureSubscription';

  constructor(
    private readonly service: UseCases,
    turnInfo: TurnInfoSource,
  ) {
    super(AddAzureSubscriptionDialog.id, turnInfo);
  }

  protected initialValues(): AzureValues {
    return {};
  }

  protected steps(): FormStep<AzureValues>[] {
    return [
      {
        id: 'customer',
        help: 'azure.domain.help',
        prompt: ({ say }) => MessageFactory.text(say('azure.domain.prompt')),
        accept: async ({ say, identity, values }, input) => {
          const preview = await this.service.relationships.previewAzure(identity, input.text);
          if (!preview.ok) {
            // Not allowed at all: nothing to correct. Otherwise another customer may be typed.
            return preview.refusal.rule === 'R9'
              ? { kind: 'end', messages: [say.refusal(preview.refusal)] }
              : { kind: 'retry', message: say.refusal(preview.refusal) };
          }
          values.customerRef = preview.value.customer.id;
          values.customerName = preview.value.customer.name;
          return { kind: 'next' };
        },
      },
      {
        id: 'confirm',
        help: 'azure.confirm.help',
        prompt: async ({ say, identity, me, values }) => {
          const preview = await this.service.relationships.previewAzure(identity, values.customerRef ?? '');
          const existing = preview.ok ? preview.value.existing : [];
          const params = {
            customer: values.customerName ?? '',
            organisation: me.organisation,
            subscriptions: existing
              .map((s) =>
                say('azure.subscription', { product: s.product, quantity: s.quantity, partner: s.partnerOfRecordName }),
              )
              .join('; '),
          };
          return MessageFactory.suggestedActions(
            [say('button.yes'), say('button.no')],
            say(existing.length ? 'azure.confirm.prompt' : 'azure.confirm.noSubscriptions', params),
          );
        },
        accept: async ({ say, identity, me, values }, input) => {
          const answer = parseYesNo(input.text);
          if (answer === false) return { kind: 'end', messages: [say('azure.notAdded')] };
          if (answer === undefined) return { kind: 'retry', message: say('azure.confirm.invalid') };
          const added = await this.service.relationships.addAzure(identity, { customerId: values.customerRef ?? '' });
          if (!added.ok) return { kind: 'end', messages: [say.refusal(added.refusal)] };
          return {
            kind: 'end',
            messages: [say('azure.added', { customer: values.customerName ?? '', organisation: me.organisation })],
            result: { subscriptionId: added.value.id },
          };
        },
      },
    ];
  }
}
