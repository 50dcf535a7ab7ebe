import { cp, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BotProcess, LoopbackChannel, post, teamsMessage, type Speaker } from '../helpers/channel.js';
import { people } from '../helpers/world.js';

// The embedded store's files removed or replaced under a running bot: it notices at its next write
// (or when /readyz asks), acknowledges nothing more, tells users in one sentence, saves what it held,
// and the next start says what to do with it.

const channel = new LoopbackChannel();
const dirs: string[] = [];
const bots: BotProcess[] = [];
beforeAll(() => channel.start());
afterAll(async () => {
  for (const bot of bots) bot.kill();
  await channel.stop();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const alex: Speaker = { identity: people.fabrikamAdminAgent, conversationId: 'a:alex-files' };
const GONE =
  'Сейчас я не могу ничего сохранить, поэтому ничего из того, о чём вы просили, не сделано; мой оператор уже знает об этом.';

async function say(bot: BotProcess, text: string): Promise<string[]> {
  const before = channel.received.length;
  expect((await post(bot.port, teamsMessage(channel, alex, { text }))).status).toBe(200);
  return channel.since(before);
}

const ways: Array<[string, (file: string) => Promise<void>, RegExp]> = [
  ['removed', (file) => rm(file), /db\.json was removed while the bot was running/],
  [
    'replaced by a directory',
    async (file) => {
      await rm(file);
      await mkdir(file);
    },
    /db\.json was replaced by something that is not a file/,
  ],
  [
    'replaced by another file',
    async (file) => {
      await writeFile(`${file}.other`, '{}');
      await rename(`${file}.other`, file);
    },
    /db\.json was replaced by another file/,
  ],
];

describe("the store's files gone while the bot runs", () => {
  it.each(ways)(
    'db.json %s: the next write is refused with one sentence, /readyz is not ready, the log names the file; what was acknowledged is saved, and the next start says how to go on from it',
    async (_how, spoil, logged) => {
      const dir = await mkdtemp(join(tmpdir(), 'files-gone-'));
      dirs.push(dir);
      const file = join(dir, 'db.json');
      const bot = new BotProcess({ DB_FILE: file });
      bots.push(bot);
      await bot.start();
      expect(await say(bot, 'language ru')).toEqual([expect.stringContaining('по-русски')]); // acknowledged
      const ready = async () => (await fetch(`http://127.0.0.1:${bot.port}/readyz`)).status;
      expect(await ready()).toBe(200);

      await spoil(file);
      expect(await say(bot, 'invite')).toContain(GONE); // in the language the user chose
      expect(await ready()).toBe(503);
      // Logged once what the store held is saved (the log line says where).
      for (let n = 0; n < 200 && !/saved to/.test(bot.output); n++) await new Promise((r) => setTimeout(r, 50));
      expect(bot.output).toMatch(logged);
      expect(bot.output).toMatch(/saved to .*db\.rescued-/);
      // Still nothing is acknowledged.
      expect(await say(bot, 'invite')).toContain(GONE);
      await bot.stop();

      const again = new BotProcess({ DB_FILE: file });
      bots.push(again);
      await expect(again.start()).rejects.toThrow(
        /Cannot load the database .*db\.json: it (is missing|cannot be read|has no schemaVersion)[^;]*; the files were removed or replaced while the bot ran, and what it held then was saved to .*db\.rescued-.*To go on from there/,
      );
      // The operator does as told: the old files away, the rescued ones in.
      const rescued = (await readdir(dir)).find((n) => n.startsWith('db.rescued-'))!;
      const old = join(dir, 'old');
      await mkdir(old);
      for (const name of await readdir(dir))
        if (name.startsWith('db.') && !name.startsWith('db.rescued-')) await rename(join(dir, name), join(old, name));
      await cp(join(dir, rescued), dir, { recursive: true });
      await rename(join(dir, rescued), join(old, rescued));
      const restored = new BotProcess({ DB_FILE: file });
      bots.push(restored);
      await restored.start();
      expect((await say(restored, 'help'))[0]).toMatch(/^Вы — Alex Wilber/); // the language chosen before is kept
      await restored.stop();
    },
    60_000,
  );
});
