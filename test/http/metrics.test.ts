import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { BotProcess, LoopbackChannel, post, teamsMessage, type Speaker } from '../helpers/channel.js';
import { people } from '../helpers/world.js';

// What an operator watches, scraped from the running bot as Prometheus would.

let dir = '';
const channel = new LoopbackChannel();
let bot: BotProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'metrics-'));
  await channel.start();
  bot = new BotProcess({ DB_FILE: join(dir, 'db.json'), DELIVERY_POLL_SECONDS: '1' });
  await bot.start();
}, 30_000);
afterAll(async () => {
  await bot?.stop();
  await channel.stop();
  await rm(dir, { recursive: true, force: true });
});

async function say(who: Speaker, text: string | Record<string, unknown>) {
  const response = await post(
    bot.port,
    teamsMessage(channel, who, typeof text === 'string' ? { text } : { value: text }),
  );
  expect(response.status).toBe(200);
}

/** The scraped samples: `name{labels}` → value. */
async function scrape(): Promise<{ contentType: string; samples: Map<string, number>; text: string }> {
  const response = await fetch(`http://127.0.0.1:${bot.port}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return { contentType: response.headers.get('content-type') ?? '', samples, text };
}

it('GET /metrics: turn latency by activity type, store write latency, delivery backlog and failures by reason, open dialogs', async () => {
  const alex: Speaker = { identity: people.fabrikamAdminAgent, conversationId: 'm:alex' };
  await say(alex, 'help');

  // A dialog in progress is counted, and no longer once it is cancelled.
  await say(alex, 'invite adatum.onmicrosoft.com');
  const during = await scrape();
  expect(during.contentType).toContain('text/plain');
  expect(during.samples.get('bot_open_dialogs')).toBe(1);
  const stateKeys = async () =>
    Object.keys((await bot.database()).botState).filter((key) => key.includes('/conversations/'));
  expect(await stateKeys()).toEqual(['msteams/conversations/m:alex/']);
  await say(alex, 'cancel');
  expect((await scrape()).samples.get('bot_open_dialogs')).toBe(0);
  // A finished dialog leaves no conversation state behind.
  expect(await stateKeys()).toEqual([]);

  // An invitation to Adatum, whose administrator has never written to the bot: the card cannot be
  // delivered yet, and the attempt is counted as a failure for that reason; it stays in the backlog.
  await say(alex, 'invite adatum.onmicrosoft.com');
  for (const answer of ['Azure', 'Directory Readers', '90', 'yes', 'skip', 'skip', 'keep']) await say(alex, answer);
  await say(alex, { formAction: 'send' });
  const invoke = {
    ...teamsMessage(channel, alex, {}),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: 'listInvitations', data: {} } },
  };
  expect((await post(bot.port, invoke)).status).toBe(200);

  const deadline = Date.now() + 10_000;
  let after = await scrape();
  while (
    !(after.samples.get('bot_delivery_attempts_total{result="failed",reason="notReachable"}')! >= 1) &&
    Date.now() < deadline
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    after = await scrape();
  }
  const s = after.samples;
  expect(s.get('bot_delivery_attempts_total{result="failed",reason="notReachable"}')).toBeGreaterThanOrEqual(1);
  expect(s.get('bot_delivery_backlog{stage="pending"}')).toBeGreaterThanOrEqual(1);
  expect(s.get('bot_delivery_backlog{stage="unplanned"}')).toBe(0);
  // Turns by type: the messages above and the one invoke.
  expect(s.get('bot_turn_duration_seconds_count{activity_type="message",name=""}')).toBeGreaterThanOrEqual(12);
  expect(s.get('bot_turn_duration_seconds_count{activity_type="invoke",name="adaptiveCard/action"}')).toBe(1);
  // Writes timed until durable, on the store this bot runs on.
  const store = process.env.STORE === 'postgres' ? 'postgres' : 'file';
  expect(
    s.get(`bot_store_write_duration_seconds_count{store="${store}",operation="unit_of_work"}`),
  ).toBeGreaterThanOrEqual(1);
  // Every answer inside the dialog is a state write; the cancelled and the finished dialog, a delete each.
  expect(
    s.get(`bot_store_write_duration_seconds_count{store="${store}",operation="state_write"}`),
  ).toBeGreaterThanOrEqual(8);
  expect(s.get(`bot_store_write_duration_seconds_count{store="${store}",operation="state_delete"}`)).toBe(2);
  expect(s.get('bot_store_conflict_retries_total')).toBeGreaterThanOrEqual(0);
  // And the process's own (prom-client's defaults).
  expect(s.get('process_resident_memory_bytes')).toBeGreaterThan(0);
  // Nothing about any person or organisation.
  expect(after.text).not.toMatch(/adatum|fabrikam|alex/i);
}, 60_000);
