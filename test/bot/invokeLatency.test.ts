import { BUILT_IN_MARKETS } from '../../data/markets/markets.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import type { TestAdapter } from 'botbuilder';
import { LowdbStore } from '../../data/lowdbStore.js';
import type { Seed } from '../../data/schema.js';
import { createUseCases } from '../../domain/useCases.js';
import { member, party, proactiveSender } from '../helpers/party.js';
import { demoSeed, people, sequentialIds, TestClock, type World } from '../helpers/world.js';

// An invoke is answered within Teams' budget: Approve answers with the updated card without
// waiting for the other copies or the partner's notification, and 50 administrators approving at
// once are not served one delivery round after another. On the real (fsync'd) file store, with the
// delivery worker running but its channel held shut while the 50 are answered: every one is
// answered all the same, so none waits for delivery. The latencies are printed; their ratio to an
// echo bot's is `npm run bench`'s job, not a timed test's.
const CUSTOMERS = 60;

function manyCustomers(): Seed {
  const seed = demoSeed();
  const template = seed.customers.find((c) => c.id === 'adatum')!;
  for (let n = 0; n < CUSTOMERS; n++) {
    seed.customers.push({
      ...structuredClone(template),
      id: `c${n}`,
      name: `Customer ${n}`,
      tenantId: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      verifiedDomains: [`c${n}.example.com`],
      users: [
        {
          id: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
          name: `Admin ${n}`,
          email: `admin@c${n}.example.com`,
          role: 'globalAdministrator',
        },
      ],
    });
  }
  return seed;
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.ceil((p / 100) * values.length) - 1]!;

it('Approve at 50 concurrent invokes: p99 and single latency measured and printed; no invoke waits for delivery', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'latency-'));
  dirs.push(dir);
  const store = await LowdbStore.open(join(dir, 'db.json'), { seed: manyCustomers() });
  const clock = new TestClock();
  // One user sends every invitation of the load (R26 would stop them at 30 an hour).
  const limits = { invitationsPerHour: 1000 };
  const ctx = { clock: clock.now, ids: sequentialIds(), markets: BUILT_IN_MARKETS, limits };
  const world: World = { store, clock, ctx, service: createUseCases({ uow: store, ctx }) };
  // The channel, held shut on demand: a proactive send waits until it is opened again.
  const gate = { shut: false, waiting: 0, open: () => undefined as void };
  let opened: Promise<void> = Promise.resolve();
  const holder: { adapter?: TestAdapter } = {};
  const real = proactiveSender(holder);
  const p = party(world, {
    send: async (reference, logic) => {
      if (gate.shut) {
        gate.waiting++;
        await opened;
      }
      return real(reference, logic);
    },
  });
  holder.adapter = p.adapter;
  const alex = member(people.fabrikamAdminAgent);
  await p.send(alex, 'help');
  const admins = Array.from({ length: CUSTOMERS }, (_, n) =>
    member({
      tenantId: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      userId: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    }),
  );
  const invitations: string[] = [];
  for (let n = 0; n < CUSTOMERS; n++) {
    await p.send(admins[n]!, 'help'); // reachable: the card and its copy exist, so approving updates a copy too
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, {
      customerDomain: `c${n}.example.com`,
      services: ['azure'],
      roles: ['Directory Readers'],
      durationDays: 30,
    });
    if (!sent.ok) throw new Error(sent.refusal.code);
    invitations.push(sent.value.id);
  }
  await p.deliver();
  p.adapter.activeQueue.splice(0);

  const answers: string[] = [];
  const timed = async (n: number) => {
    const started = performance.now();
    const answer = await p.invoke(admins[n]!, 'approve', { invitationId: invitations[n]! });
    const ms = performance.now() - started;
    answers[n] = JSON.stringify(answer?.body.value);
    return ms;
  };
  // A single invoke, alone: the median of ten, each with the worker's delivery for the one before done.
  const single: number[] = [];
  for (let n = 0; n < 10; n++) {
    single.push(await timed(n));
    await p.deliver();
  }
  const singleMs = percentile(single, 50);
  // Fifty at once, while the worker tries to deliver what each one owes and the channel is shut.
  gate.shut = true;
  opened = new Promise<void>((resolve) => (gate.open = resolve));
  const concurrent = await Promise.all(Array.from({ length: 50 }, (_, k) => timed(10 + k)));
  // All 50 were answered with the channel shut (an invoke that waited for delivery would hang here);
  // the worker then does try to deliver what they owe, and is held.
  for (let tries = 0; gate.waiting === 0 && tries < 500; tries++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(gate.waiting).toBeGreaterThan(0);
  gate.shut = false;
  gate.open();
  const p99 = percentile(concurrent, 99);
  await p.deliver();
  console.log(
    `Approve invoke latency: single ${singleMs.toFixed(1)} ms (median of 10); 50 concurrent p50 ${percentile(concurrent, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms = ${(p99 / singleMs).toFixed(2)}× single`,
  );
  // Every one was answered with its approved card, and every partner notification went out, once each.
  expect(answers.filter((a, n) => a.includes(`Approved by Admin ${n}`))).toHaveLength(60);
  const toAlex = p.adapter.activeQueue
    .filter((a) => a.conversation?.id === alex.conversationId)
    .map((a) => /Customer (\d+) approved/.exec(JSON.stringify(a.attachments?.[0]?.content))?.[1]);
  expect(toAlex.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n));
}, 60_000);
