import type { ConversationReference, TurnContext } from 'botbuilder';
import type { Identity } from '../domain/identity.js';
import type { UseCases } from '../domain/useCases.js';
import type { TenantEndpoint } from '../domain/types.js';
import { storedAddressOf } from '../turn/address.js';

// How delivery reaches people through the Bot Framework: a conversation the bot was in before,
// or a new Teams 1:1 chat. The server wires these to the CloudAdapter; tests to their adapter.

/** Runs `logic` in a conversation the bot was in before (CloudAdapter.continueConversationAsync). */
export type ProactiveSender = (
  reference: Partial<ConversationReference>,
  logic: (context: TurnContext) => Promise<void>,
) => Promise<void>;

/** Opens a Teams 1:1 chat with a user the bot has never talked to (CloudAdapter.createConversationAsync). */
export type ConversationOpener = (
  endpoint: TenantEndpoint,
  userId: string,
  logic: (context: TurnContext) => Promise<void>,
) => Promise<void>;

export interface DeliveryChannel {
  send: ProactiveSender;
  open?: ConversationOpener;
}

/**
 * Remembers where a user who talks to the bot can be reached, and in Teams where their tenant can be. Writes only what
 * changed.
 */
export async function rememberContact(
  service: UseCases,
  context: TurnContext,
  identity: Identity,
  locale: string,
  chosenLocale?: string,
): Promise<void> {
  const address = storedAddressOf(context);
  const reference = address as Partial<ConversationReference>;
  const endpoint =
    context.activity.channelId === 'msteams' && reference.serviceUrl && reference.bot
      ? {
          tenantId: identity.tenantId,
          serviceUrl: reference.serviceUrl,
          bot: reference.bot as unknown as Record<string, unknown>,
        }
      : undefined;
  const channelUserId = typeof context.activity.from?.id === 'string' ? context.activity.from.id : undefined;
  await service.people.rememberContact(
    {
      person: identity,
      address,
      locale,
      ...(chosenLocale ? { chosenLocale } : {}),
      ...(channelUserId ? { channelUserId } : {}),
    },
    endpoint,
  );
}
