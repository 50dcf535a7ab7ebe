import { type ConversationReference, TurnContext } from 'botbuilder';

/**
 * Where this turn's user can be reached later, as stored data: the conversation reference without
 * the incoming activity's id (a proactive message is not a reply to it), as plain JSON.
 */
export function storedAddressOf(context: TurnContext): Record<string, unknown> {
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(
    context.activity,
  ) as Partial<ConversationReference>;
  return JSON.parse(JSON.stringify(reference)) as Record<string, unknown>;
}
