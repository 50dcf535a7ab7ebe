import { readdir, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BotProcess, LoopbackChannel, post, teamsMessage, type Speaker } from '../helpers/channel.js';
import { people } from '../helpers/world.js';

// The edge of /api/messages, against the real bot process (R20, R24).
let dir = '';
const channel = new LoopbackChannel();
let bot: BotProcess;
const alex: Speaker = { identity: people.fabrikamAdminAgent, conversationId: 'a:alex-edge' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edge-'));
  await channel.start();
  bot = new BotProcess({ DB_FILE: join(dir, 'db.json'), REQUEST_TIMEOUT_SECONDS: '1', KEEP_ALIVE_SECONDS: '1' });
  await bot.start();
}, 30_000);
afterAll(async () => {
  await bot?.stop();
  await channel.stop();
  await rm(dir, { recursive: true, force: true });
});

const raw = (body: string | Buffer, headers: Record<string, string>) =>
  fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: 'POST', headers, body });
const uploads = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('upload_'));

/**
 * Posts a JSON body larger than the bot takes and resolves with the status it answers. The client
 * writes only while no answer has come, as a client should: with a declared Content-Length the
 * answer comes before any of the body is sent; without one (chunked), after the first chunks.
 */
function oversized({ declared }: { declared: number | undefined }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (declared !== undefined) headers['content-length'] = declared;
    const req = request({ host: '127.0.0.1', port: bot.port, path: '/api/messages', method: 'POST', headers });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (declared !== undefined) return req.flushHeaders();
    const chunk = Buffer.from(`{"text":"${'x'.repeat(64 * 1024)}`);
    const more = (sent: number): void => {
      if (answered || sent > 20 * 1024 * 1024) return;
      req.write(chunk, () => more(sent + chunk.length));
    };
    more(0);
  });
}

describe('what /api/messages accepts', () => {
  it('R20 a 3 MB multipart upload is 415, parsed nowhere, and leaves no temporary file', async () => {
    const before = await uploads();
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(3 * 1024 * 1024, 7)]), 'big.bin');
    const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: 'POST', body: form });
    expect(response.status).toBe(415);
    expect(await uploads()).toEqual(before);
  });

  it('R20 a 20 MB JSON body is 413 (declared, or found while reading); a body that is not JSON is 400; text/plain is 415', async () => {
    expect(await oversized({ declared: 20 * 1024 * 1024 })).toBe(413);
    expect(await oversized({ declared: undefined })).toBe(413);
    expect((await raw('{"type": "message",', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await raw('hello', { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('R24 a serviceUrl that is not http(s) is refused: the bot posts nowhere', async () => {
    const response = await post(bot.port, {
      ...teamsMessage(channel, alex, { text: 'help' }),
      serviceUrl: 'file:///etc/passwd',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Not an activity: serviceUrl is not an http(s) address.' });
  });

  it('R20 1,000 malformed activities get only 2xx or 4xx, change nothing stored, and a dialog in progress survives them', async () => {
    const start = channel.received.length;
    expect((await post(bot.port, teamsMessage(channel, alex, { text: 'invite contoso.com' }))).status).toBe(200);
    expect(channel.since(start).join(' ')).toContain('Which services');
    const before = await bot.database();
    const valid = teamsMessage(channel, alex, { text: 'Azure' }) as Record<string, unknown>;
    const fields = [
      'type',
      'channelId',
      'serviceUrl',
      'text',
      'locale',
      'from',
      'recipient',
      'conversation',
      'channelData',
      'entities',
      'value',
      'id',
      'membersAdded',
    ];
    const junk = fc.oneof(
      fc.anything(),
      fc.string({ maxLength: 2000 }),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.anything(), { maxLength: 3 }),
      fc.object(),
    );
    const malformed = fc.oneof(
      // One field replaced by junk (a string where an object belongs, an object where a string does …)
      fc.tuple(fc.constantFrom(...fields), junk).map(([field, value]) => ({ ...valid, [field]: value })),
      // A nested field of from / conversation / channelData replaced by junk
      fc
        .tuple(
          fc.constantFrom('from', 'recipient', 'conversation'),
          fc.constantFrom('id', 'name', 'aadObjectId', 'tenantId', 'isGroup'),
          junk,
        )
        .map(([outer, inner, value]) => ({ ...valid, [outer]: { ...(valid[outer] as object), [inner]: value } })),
      // Required fields missing
      fc
        .subarray(fields, { minLength: 1 })
        .map((drop) => Object.fromEntries(Object.entries(valid).filter(([k]) => !drop.includes(k)))),
      // Not an activity at all
      junk.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(malformed, async (activity) => {
        // Keep it malformed: a text that happens to be valid would be an answer to the dialog.
        const body = {
          ...(typeof activity === 'object' && activity !== null && !Array.isArray(activity)
            ? activity
            : { payload: activity }),
        } as Record<string, unknown>;
        if (typeof body.text === 'string' && body.type === 'message') body.text = 12345;
        const response = await post(bot.port, body as never);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        await response.arrayBuffer();
      }),
      { numRuns: 1000, seed: 20261126 }, // the same corpus every run; change the seed to explore
    );
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    const after = await bot.database();
    // Nothing stored changed: no invitation, relationship, notification or audit entry. Where Alex
    // can be reached may be refreshed by an activity that was well-formed though odd (a new display
    // name, say), but it is still Alex's conversation at the channel's address.
    const { botState: _b, contacts: contactsBefore, ...stable } = before;
    const { botState: _d, contacts: contactsAfter, ...stableAfter } = after;
    expect(stableAfter).toEqual(stable);
    expect(Object.keys(contactsAfter)).toEqual(Object.keys(contactsBefore));
    for (const contact of Object.values(contactsAfter))
      expect(String(contact.address.serviceUrl)).toMatch(/^https?:\/\//);
    // The dialog goes on where it was.
    const next = channel.received.length;
    expect((await post(bot.port, teamsMessage(channel, alex, { text: 'Azure' }))).status).toBe(200);
    expect(channel.since(next).join(' ')).toContain('Which admin roles');
    // Still up, and its logs are one JSON object per line, errors included.
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
    const lines = bot.output.split('\n').filter((l) => l.trim() !== '');
    expect(lines.filter((l) => !/^\{.*\}$/.test(l))).toEqual([]);
  }, 120_000);
});

describe('connections', () => {
  it('open mode listens on 127.0.0.1 only', () => {
    expect(bot.output).toMatch(/"host":"127\.0\.0\.1"/);
  });

  it('a client that sends its headers one byte at a time is cut off after REQUEST_TIMEOUT_SECONDS', async () => {
    const started = Date.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const socket = connect(bot.port, '127.0.0.1');
      const head = 'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n';
      let at = 0;
      const timer = setInterval(() => {
        if (at < head.length && !socket.destroyed) socket.write(head[at++]!);
      }, 100);
      socket.on('close', () => {
        clearInterval(timer);
        resolve(Date.now() - started);
      });
      socket.on('error', () => undefined);
    });
    expect(closedAfter).toBeLessThan(3000);
  });

  it('an idle kept-alive connection is closed after KEEP_ALIVE_SECONDS', async () => {
    const socket = connect(bot.port, '127.0.0.1');
    const body = JSON.stringify(teamsMessage(channel, alex, { text: 'help' }));
    let answered = 0;
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    socket.on('data', () => (answered = answered || Date.now()));
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    const at = await closed;
    expect(answered).toBeGreaterThan(0);
    expect(at - answered).toBeGreaterThan(500);
    expect(at - answered).toBeLessThan(2500);
  });

  it('a body that trickles in is answered 408 after REQUEST_TIMEOUT_SECONDS', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: bot.port,
          path: '/api/messages',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': '100' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.write('{"type":');
    });
    expect(status).toBe(408);
  });
});

describe('HOST', () => {
  it('R24 open mode on another interface is allowed only when HOST says so, with a warning', async () => {
    const exposed = new BotProcess({ DB_FILE: join(dir, 'exposed.json'), HOST: '0.0.0.0' });
    await exposed.start();
    await exposed.stop();
    expect(exposed.output).toMatch(/"host":"0\.0\.0\.0"/);
    expect(exposed.output).toContain('anyone who can reach this address can claim any identity');
  }, 30_000);
});
