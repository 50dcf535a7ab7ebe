import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { composeBot } from '../../bot/composeBot.js';
import { VERBS } from '../../cards/verbs.js';
import { demoWorld } from '../helpers/world.js';

// Every button on every card has a handler, and every handler has a button.
const CARDS = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'cards');

function verbsIn(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => verbsIn(v, found));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'verb' && typeof v === 'string') found.add(v);
      verbsIn(v, found);
    }
  }
  return found;
}

const templateVerbs = () => {
  const found = new Set<string>();
  const templates = (readdirSync(CARDS, { recursive: true }) as string[]).filter((n) => n.endsWith('.json'));
  for (const name of templates) verbsIn(JSON.parse(readFileSync(join(CARDS, name), 'utf8')), found);
  return [...found].sort();
};

const routedVerbs = async () => {
  const world = await demoWorld();
  const { bot } = composeBot({
    unitOfWork: world.store,
    ctx: world.ctx,
    storage: new MemoryStorage(),
    channel: { send: () => Promise.resolve() },
    log: { warn: () => undefined },
  });
  return bot.routedVerbs.sort();
};

it('every verb in cards/**/*.json has a route', async () => {
  const routed = new Set(await routedVerbs());
  expect(templateVerbs().filter((v) => !routed.has(v))).toEqual([]);
});

it('every routed verb appears on some card', async () => {
  const used = new Set(templateVerbs());
  expect((await routedVerbs()).filter((v) => !used.has(v))).toEqual([]);
});

it('the verb constants are exactly the routed verbs', async () => {
  expect(Object.values(VERBS).sort()).toEqual(await routedVerbs());
});
