import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  it('every request whose token is not valid — a forged signature included — gets 401 with one sentence that names no check; a valid one is let in', async () => {
    // Bot Framework's key publishing, as its OpenID metadata document and key set are shaped
    // (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication,
    // "Connector to bot": the metadata's jwks_uri, keys with endorsements naming the channels).
    const appId = '11111111-2222-4333-8444-555555555555';
    const [signing, other] = [0, 1].map(() => generateKeyPairSync('rsa', { modulusLength: 2048 }));
    const jwk = signing!.publicKey.export({ format: 'jwk' });
    const keys = createServer((req, res) => {
      const base = `http://127.0.0.1:${(keys.address() as AddressInfo).port}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          req.url === '/keys'
            ? { keys: [{ ...jwk, kid: 'key-1', use: 'sig', endorsements: ['msteams'] }] }
            : {
                issuer: 'https://api.botframework.com',
                jwks_uri: `${base}/keys`,
                id_token_signing_alg_values_supported: ['RS256'],
              },
        ),
      );
    });
    await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
    const metadata = `http://127.0.0.1:${(keys.address() as AddressInfo).port}/metadata`;
    const alex: Speaker = { identity: people.fabrikamAdminAgent, conversationId: 'a:alex-tokens' };
    const activity = teamsMessage(channel, alex, { text: 'help' });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: 'https://api.botframework.com',
      aud: appId,
      serviceurl: activity.serviceUrl,
      nbf: now - 60,
      exp: now + 3600,
    };
    const token = (
      claimsOf: object = claims,
      { key = signing!.privateKey, kid = 'key-1' }: { key?: KeyObject; kid?: string } = {},
    ) => {
      const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(claimsOf)}`;
      return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
    };
    const bot = await startBot({
      DB_FILE: join(dir, 'tokens.json'),
      MicrosoftAppId: appId,
      MicrosoftAppPassword: 'not-a-real-secret',
      ToBotFromChannelOpenIdMetadataUrl: metadata,
    });
    const forged: Record<string, string | undefined> = {
      'no token': undefined,
      'not a token': 'Bearer forged.token.here',
      'a forged signature': `Bearer ${token(claims, { key: other!.privateKey })}`,
      'an unknown key': `Bearer ${token(claims, { kid: 'key-2' })}`,
      expired: `Bearer ${token({ ...claims, nbf: now - 7200, exp: now - 3600 })}`,
      'another audience': `Bearer ${token({ ...claims, aud: '99999999-2222-4333-8444-555555555555' })}`,
      'another issuer': `Bearer ${token({ ...claims, iss: 'https://sts.example.com' })}`,
      'another service URL': `Bearer ${token({ ...claims, serviceurl: 'https://smba.example.com/' })}`,
      unsigned: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      'not Bearer': `Basic ${Buffer.from('a:b').toString('base64')}`,
    };
    const answers: Record<string, string> = {};
    for (const [name, authorization] of Object.entries(forged)) {
      const response = await post(bot.port, activity, authorization ? { authorization } : {});
      answers[name] = `${response.status} ${await response.text()}`;
    }
    expect(answers).toEqual(
      Object.fromEntries(Object.keys(forged).map((name) => [name, '401 "This request is not authorised."'])),
    );
    // The keys are really used: a token they sign is let in (its reply then goes nowhere: no Microsoft here).
    try {
      expect((await post(bot.port, activity, { authorization: `Bearer ${token()}` })).status).toBe(200);
      // Why each was refused is in the log, not in the answer: the forged signature among them.
      expect(bot.output).toContain('JsonWebTokenError: invalid signature');
    } finally {
      await bot.stop();
      keys.closeAllConnections();
      await new Promise((resolve) => keys.close(resolve));
    }
  }, 60_000);

  it('refuses to start on a bad configuration value, naming it', async () => {
    const bot = new BotProcess({ DB_FILE: join(dir, 'config.json'), PORT: 'eighty' });
    await expect(bot.start()).rejects.toThrow(/bot exited with 1: Bad configuration: PORT/);
  }, 30_000);
});
