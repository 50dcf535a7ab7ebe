import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { CardJson } from '../cards/template.js';

/**
 * What a list or a card action answers: a card (for an invoke, in place of the pressed one), or the sentence that
 * stands for it.
 */
export type CardAnswer = { card: CardJson } | { message: string };

/**
 * An answer sent as a new message: a typed command's, or a card action's where the client cannot
 * replace the card (the Emulator's Action.Submit). The sentence, where there is one, else the card.
 */
export async function sendAnswer(
  context: TurnContext,
  answer: { card?: CardJson; message?: string } | void,
): Promise<void> {
  if (answer?.message) await context.sendActivity(answer.message);
  else if (answer?.card) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(answer.card)));
}
