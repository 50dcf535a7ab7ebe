import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { Identity } from '../../domain/identity.js';
import { PostgresStore } from '../../data/postgres/postgresStore.js';
import type { Database, Seed } from '../../data/schema.js';
import { LowdbStore } from '../../data/lowdbStore.js';

/** A loopback stand-in for the channel's connector: it records what the bot sends to conversations. */
export class LoopbackChannel {
  readonly received: Array<Partial<Activity> & { conversationId: string }> = [];
  /** updateActivity calls: PUT /v3/conversations/:id/activities/:activityId. */
  readonly updated: Array<Partial<Activity> & { conversationId: string; activityId: string }> = [];
  /** createConversation calls: POST /v3/conversations. */
  readonly created: Array<Record<string, unknown>> = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    // Not chained: restify (loaded by another test file in the same jest worker) patches the shared
    // http.ServerResponse.prototype.writeHead so that it no longer returns the response.
    const reply = (res: ServerResponse, status: number, body?: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body ? JSON.stringify(body) : undefined);
    };
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
        const update = /^\/v3\/conversations\/([^/]+)\/activities\/([^/]+)$/.exec(req.url ?? '');
        if (req.method === 'POST' && req.url === '/v3/conversations') {
          this.created.push(JSON.parse(body) as Record<string, unknown>);
          reply(res, 200, { id: `created-${this.created.length}` });
        } else if (req.method === 'PUT' && update) {
          this.updated.push({
            ...(JSON.parse(body) as Partial<Activity>),
            conversationId: decodeURIComponent(update[1]!),
            activityId: decodeURIComponent(update[2]!),
          });
          reply(res, 200, { id: decodeURIComponent(update[2]!) });
        } else if (req.method === 'POST' && match) {
          this.received.push({
            ...(JSON.parse(body) as Partial<Activity>),
            conversationId: decodeURIComponent(match[1]!),
          });
          reply(res, 200, { id: `reply-${this.received.length}` });
        } else reply(res, 404);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  /**
   * Waits until `look` finds something: proactive messages come from the bot's delivery worker
   * after the turn that caused them has answered. Polls the recorded traffic; gives up after `timeoutMs`.
   */
  async until<T>(look: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = look();
      if (found !== undefined && found !== false) return found;
      if (Date.now() > deadline) throw new Error(`LoopbackChannel.until: nothing arrived within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Replies since `from`, as text (or card JSON). */
  since(from: number): string[] {
    return this.received.slice(from).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content ?? a));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const ENTRY = fileURLToPath(new URL('../../bot/index.ts', import.meta.url));

/** The real bot as a child process (the same entry `npm start` runs), on a free port. */
export class BotProcess {
  private child: ChildProcess | undefined;
  port = 0;
  output = '';

  constructor(private readonly env: Record<string, string>) {
    // STORE=postgres (jest.postgres.config.js): the same test on PostgreSQL, in a schema named after
    // DB_FILE, so that a restart with the same DB_FILE finds the same data.
    if (process.env.STORE === 'postgres' && env.DB_FILE && !env.STORE) {
      const schema = `bot_${createHash('sha256').update(env.DB_FILE).digest('hex').slice(0, 16)}`;
      this.env = {
        ...env,
        STORE: 'postgres',
        DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
        DATABASE_SCHEMA: schema,
      };
    }
  }

  /** Creates the bot's store with this directory before it starts, whichever store it runs on. */
  async prepare(seed: Seed): Promise<void> {
    if (this.env.STORE === 'postgres') {
      await (
        await PostgresStore.open(this.env.DATABASE_URL!, { schema: this.env.DATABASE_SCHEMA!, seed, poolSize: 1 })
      ).close();
      return;
    }
    await (await LowdbStore.open(this.env.DB_FILE!, { seed })).close();
  }

  /** Everything the bot has stored, whichever store it runs on. */
  async database(): Promise<Database> {
    if (this.env.STORE === 'postgres') {
      const store = await PostgresStore.open(this.env.DATABASE_URL!, {
        schema: this.env.DATABASE_SCHEMA!,
        seed: false,
        poolSize: 1,
      });
      try {
        return await store.snapshot();
      } finally {
        await store.close();
      }
    }
    return LowdbStore.read(this.env.DB_FILE!);
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', MicrosoftAppId: '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot did not start: ${this.output}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
        const port = /"port":(\d+)/.exec(this.output)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(Number(port));
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bot exited with ${code}: ${this.output}`));
      });
    });
  }

  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve(child?.exitCode ?? null);
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }

  kill(): void {
    this.child?.kill('SIGKILL');
  }
}

export interface Speaker {
  identity: Identity;
  conversationId: string;
  locale?: string;
  channelId?: 'msteams' | 'emulator';
}

let sequence = 0;

/** A Teams-shaped message activity, as the Agents Playground sends it. */
export function teamsMessage(
  channel: LoopbackChannel,
  who: Speaker,
  content: { text?: string; value?: Record<string, unknown> },
): Partial<Activity> {
  const msteams = (who.channelId ?? 'msteams') === 'msteams';
  return {
    type: 'message',
    id: `activity-${++sequence}`,
    timestamp: new Date(),
    channelId: who.channelId ?? 'msteams',
    serviceUrl: channel.url,
    locale: who.locale ?? 'en-US',
    from: msteams
      ? { id: `29:${who.identity.userId}`, name: 'User', aadObjectId: who.identity.userId }
      : { id: who.identity.userId, name: 'User' },
    recipient: { id: '28:bot', name: 'Partner invitations' },
    conversation: {
      id: who.conversationId,
      ...(msteams ? { tenantId: who.identity.tenantId, conversationType: 'personal' } : {}),
    } as Activity['conversation'],
    ...(msteams ? { channelData: { tenant: { id: who.identity.tenantId } } } : {}),
    ...content,
  };
}

/**
 * Posts an activity on a connection of its own. A kept-alive connection from an earlier request may
 * be closed by the bot (KEEP_ALIVE_SECONDS) at the moment a busy client sends on it, and a POST is
 * not retried: a new connection for each request leaves no such race.
 */
export function post(
  port: number,
  activity: Partial<Activity>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = Buffer.from(JSON.stringify(activity));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const answer = [101, 204, 205, 304].includes(status) ? null : Buffer.concat(chunks);
          const names = Object.entries(res.headers).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          );
          resolve(new Response(answer, { status, headers: names }));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A Teams user talking to a bot process over HTTP: a message and its replies, an Action.Execute invoke and its answer.
 */
export function overHttp(channel: LoopbackChannel, bot: { port: number }) {
  return {
    async say(who: Speaker, content: string | Record<string, unknown>) {
      const before = channel.received.length;
      const response = await post(
        bot.port,
        teamsMessage(channel, who, typeof content === 'string' ? { text: content } : { value: content }),
      );
      expect(response.status).toBe(200);
      return channel.received.slice(before);
    },
    async execute(who: Speaker, verb: string, data: Record<string, unknown>) {
      const activity = {
        ...teamsMessage(channel, who, {}),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      };
      const response = await post(bot.port, activity);
      expect(response.status).toBe(200);
      return (await response.json()) as { statusCode: number; type: string; value: unknown };
    },
  };
}
