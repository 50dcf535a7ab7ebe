import { createRequire } from 'node:module';

// The adaptivecards library parses and validates a card without a DOM; its package entry is ESM
// with extensionless imports that Node cannot load, so the UMD bundle is used.
const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: Array<{ message: string }> };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

/** Every parse or validation problem of a card, plus any template binding left unexpanded. */
export function cardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  problems.push(...card.validateProperties().validationEvents.map((e) => e.message));
  if (JSON.stringify(json).includes('${')) problems.push('unexpanded template binding');
  if ((json as { version?: string }).version !== '1.5') problems.push('not schema version 1.5');
  return problems;
}
