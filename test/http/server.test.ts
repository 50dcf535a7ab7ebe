import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BotProcess, LoopbackChannel, post, teamsMessage, type Speaker } from '../helpers/channel.js';
import { people } from '../helpers/world.js';

let dir = '';
const channel = new LoopbackChannel();
const bots: BotProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'http-'));
  await channel.start();
});
afterAll(async () => {
  for (const bot of bots) bot.kill();
  await channel.stop();
  await rm(dir, { recursive: true, force: true });
});

async function startBot(env: Record<string, string>): Promise<BotProcess> {
  const bot = new BotProcess(env);
  bots.push(bot);
  await bot.start();
  return bot;
}

/** Sends what the user says and returns what the bot answered in that turn. */
async function say(bot: BotProcess, who: Speaker, content: string | Record<string, unknown>): Promise<string[]> {
  const before = channel.received.length;
  const response = await post(
    bot.port,
    teamsMessage(channel, who, typeof content === 'string' ? { text: content } : { value: content }),
  );
  expect(response.status).toBe(200);
  return channel.since(before);
}

describe('the bot over HTTP', () => {
  it('runs a whole invitation through POST /api/messages, survives a restart in the middle, and stores it in the db file', async () => {
    const file = join(dir, 'db.json');
    const alex: Speaker = { identity: people.fabrikamAdminAgent, conversationId: 'a:alex-1' };
    let bot = await startBot({ DB_FILE: file });
    expect(await (await fetch(`http://127.0.0.1:${bot.port}/healthz`)).json()).toMatchObject({ status: 'ok' });

    expect((await say(bot, alex, 'invite'))[0]).toContain('Which customer');
    const domainReplies = await say(bot, alex, 'contoso.onmicrosoft.com');
    expect(domainReplies.join('\n')).toContain('Northwind Traders');
    expect(await say(bot, alex, 'Azure')).toEqual([expect.stringContaining('Which admin roles')]);

    expect(await bot.stop()).toBe(0); // SIGTERM: drains and exits 0
    bot = await startBot({ DB_FILE: file });

    expect(await say(bot, alex, 'Directory Readers')).toEqual([expect.stringContaining('For how many days')]);
    await say(bot, alex, '180');
    await say(bot, alex, 'no');
    await say(bot, alex, 'skip');
    expect((await say(bot, alex, 'skip'))[0]).toContain(
      'The relationship will be named “Fabrikam IT – Contoso – Directory',
    );
    const summary = await say(bot, alex, 'keep');
    expect(summary[0]).toContain('Invitation to Contoso');
    const sent = await say(bot, alex, { formAction: 'send' });
    expect(sent[0]).toMatch(/Invitation \*\*[A-Z]{3}-\d{3}\*\* is on its way to Contoso/);
    expect(await bot.stop()).toBe(0);

    const db = await bot.database();
    const invitations = Object.values(db.invitations);
    expect(invitations).toEqual([
      expect.objectContaining({
        customerDomain: 'contoso.onmicrosoft.com',
        roles: ['directoryReaders'],
        durationDays: 180,
        autoExtend: false,
        status: 'pending',
      }),
    ]);
    expect(sent[0]).toContain(invitations[0]!.code);
    expect(bot.output).toMatch(
      /"conversationId":"a:alex-1","channelId":"msteams","activityType":"message","durationMs":\d+,"msg":"turn"/,
    );
  }, 60_000);

  it('lists the invitations as a card and cancels one from its button', async () => {
    const bot = await startBot({ DB_FILE: join(dir, 'list.json') });
    const alex: Speaker = { identity: people.fabrikamAdminAgent, conversationId: 'a:alex-2' };
    expect(await say(bot, alex, 'invitations')).toEqual([expect.stringContaining('has not sent any invitation yet')]);
    await say(bot, alex, 'invite adatum.com');
    await say(bot, alex, 'Azure');
    await say(bot, alex, 'none');
    await say(bot, alex, 'skip');
    await say(bot, alex, 'skip');
    await say(bot, alex, 'keep');
    await say(bot, alex, 'send');
    const [list] = await say(bot, alex, 'invitations');
    expect(list).toContain('Invitations of Fabrikam IT');
    const card = JSON.parse(list!) as {
      body: Array<{
        type: string;
        items?: Array<{ type: string; actions?: Array<{ data: Record<string, unknown> }> }>;
      }>;
    };
    const cancelData = card.body
      .flatMap((b) => b.items ?? [])
      .flatMap((i) => i.actions ?? [])
      .map((a) => a.data)
      .find((d) => d.verb === 'cancelInvitation');
    expect(Object.keys(cancelData!).sort()).toEqual(['invitationId', 'verb']); // ids only, nothing echoed
    expect((await say(bot, alex, cancelData!))[0]).toMatch(/Invitation \*\*[A-Z]{3}-\d{3}\*\* is cancelled/);
    expect((await say(bot, alex, cancelData!))[0]).toContain('withdrawn by the partner'); // a second press changes nothing
    await bot.stop();
  }, 60_000);

  it('tells a user the directory does not know who can use the bot', async () => {
    const bot = await startBot({ DB_FILE: join(dir, 'unknown.json') });
    const stranger: Speaker = { identity: people.stranger, conversationId: 'a:stranger' };
    expect(await say(bot, stranger, 'invite')).toEqual([expect.stringContaining("I don't know you")]);
    await bot.stop();
  }, 30_000);

  it('answers 401 without a token when an app id is configured', async () => {
    const bot = await startBot({
      DB_FILE: join(dir, 'auth.json'),
      MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
    });
    const alex: Speaker = { identity: people.fabrikamAdminAgent, conversationId: 'a:alex-3' };
    const before = channel.received.length;
    expect((await post(bot.port, teamsMessage(channel, alex, { text: 'help' }))).status).toBe(401);
    expect(
      (
        await post(bot.port, teamsMessage(channel, alex, { text: 'help' }), {
          authorization: 'Bearer forged.token.here',
        })
      ).status,
    ).toBe(401);
    expect(channel.received.length).toBe(before);
    await bot.stop();
  }, 30_000);

  it('refuses to start on a bad configuration value, naming it', async () => {
    const bot = new BotProcess({ DB_FILE: join(dir, 'config.json'), PORT: 'eighty' });
    await expect(bot.start()).rejects.toThrow(/bot exited with 1: Bad configuration: PORT/);
  }, 30_000);
});
