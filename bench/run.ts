import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JournalAdapter } from '../data/journalFile.js';
import { PostgresStore } from '../data/postgres/postgresStore.js';
import { loadSeed } from '../data/seed.js';
import type { Seed } from '../data/schema.js';
import { startTestPostgres, type TestPostgres } from '../test/helpers/postgresServer.js';
import { type EstateFigures, runEstateBench } from './estate.js';
import { benchAgent, benchCustomer, benchDatabase } from './generate.js';
import {
  BenchedProcess,
  cpuMsOfProcesses,
  execute,
  FakeConnector,
  hasTaskset,
  keepOffCore,
  median,
  percentile,
  pool,
  say,
  startFlags,
  type Who,
} from './harness.js';

// npm run bench: this bot and a bare echo bot (bench/echo/) on the same stack, the same fake
// connector and the same core, one after the other; every figure is also printed as a ratio to the
// echo bot's, so that the machine's speed cancels out. Options: --quick (small sizes, for a smoke
// run), --store=file|postgres|both (default both), --rounds=N (bursts of Sends; default 5, quick
// 1; three times as many bursts of Approves), --estate-only (only the Partner Center estate: 1,000
// relationships imported and synced against the emulator). Writes bench/results/latest.json.

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const storesArg = args.find((a) => a.startsWith('--store='))?.split('=')[1] ?? 'both';
const roundsArg = Number(args.find((a) => a.startsWith('--rounds='))?.split('=')[1]);
const estateOnly = args.includes('--estate-only');
const STORES = (estateOnly ? [] : storesArg === 'both' ? ['file', 'postgres'] : [storesArg]) as Array<
  'file' | 'postgres'
>;
const ROUNDS = roundsArg > 0 ? roundsArg : quick ? 1 : 5;
const SETTINGS = {
  sizes: quick ? [200, 1_000, 2_000] : [1_000, 10_000, 100_000],
  parallel: 50,
  rounds: ROUNDS,
  /**
   * Bursts of Approves: three for each burst of Sends. A burst is 40–180 ms long and one garbage
   * collection more or less moves it by a quarter; the p99 of five bursts was one burst's luck.
   */
  approveRounds: 3 * ROUNDS,
  helpTurns: quick ? 100 : 500,
  decisions: quick ? 3 : 10,
  halfDialogs: quick ? 300 : 10_000,
};
const POPULATION = {
  customers: SETTINGS.approveRounds * SETTINGS.parallel + SETTINGS.decisions * SETTINGS.sizes.length + 10,
  agents: SETTINGS.parallel,
};
// The bots get core 1, the benchmark (client, fake connector, PostgreSQL) the others.
const BOT_CORE = cpus().length > 1 ? 1 : undefined;
const OFF_BOT_CORE = BOT_CORE !== undefined && keepOffCore(BOT_CORE, cpus().length);
const DIST = fileURLToPath(new URL('..', import.meta.url));
const PRODUCT = join(DIST, 'bot', 'index.js');
const ECHO = join(DIST, 'bench', 'echo', 'echoBot.js');
const PRODUCT_FLAGS = startFlags(join(DIST, '..', 'package.json'));

const INVITE_ANSWERS = ['Azure', 'Directory Readers', '90', 'yes', 'skip', 'skip', 'keep'];
const agent = (n: number, conversation = `agent-${n}`): Who => ({
  ...benchAgent(n % POPULATION.agents),
  conversationId: conversation,
});
const admin = (n: number): Who => {
  const c = benchCustomer(n);
  return { tenantId: c.tenantId, userId: c.adminId, conversationId: `admin-${n}` };
};
const round1 = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

interface Figures {
  startupMs: number;
  idleRssMb: number;
  helpCpuMsPerTurn?: number;
  dialogsPerSecond?: number;
  sendP99Ms?: number;
  approveP99Ms?: number;
  /** Each round's p99 (its slowest answers): how much one burst's figure moves with the machine. */
  sendP99ByRoundMs?: number[];
  approveP99ByRoundMs?: number[];
  approvesPerSecond?: number;
  /**
   * The process's CPU in the Approve bursts, per invoke (the partner's notifications wait until a burst is answered).
   */
  approveCpuMsPerInvoke?: number;
  /** PostgreSQL's CPU in the same bursts, per invoke (its server runs on the other cores, with the client). */
  postgresCpuMsPerApprove?: number;
  /** The benchmark's own CPU in those bursts, per invoke: the client and fake connector, on the other cores too. */
  clientCpuMsPerApprove?: number;
  /** PostgreSQL: units of work retried after a serialization conflict during the parallel work. */
  conflictRetries?: number;
  sendMedianMs?: number;
  approveMedianMs?: number;
  storeWriteMeanMs?: number;
  rssWithHalfDialogsMb?: number;
  rssAfterCancelMb?: number;
  errors: number;
}

const connector = new FakeConnector();
const log = (line: string) => console.log(line);

/** `help` over and over from one user: the bot's CPU time per turn. */
async function helpCpu(bot: BenchedProcess, who: Who): Promise<number> {
  for (let i = 0; i < 30; i++) await say(bot.port, connector.url, who, 'help');
  const before = bot.cpuMs();
  for (let i = 0; i < SETTINGS.helpTurns; i++) await say(bot.port, connector.url, who, 'help');
  return (bot.cpuMs() - before) / SETTINGS.helpTurns;
}

/** One whole invitation, turn by turn; the last turn is Send. Returns each turn's time. */
async function inviteDialog(bot: BenchedProcess, who: Who, customer: number, echo: boolean): Promise<number[]> {
  const steps: Array<string | Record<string, unknown>> = [
    `invite ${benchCustomer(customer).domain}`,
    ...INVITE_ANSWERS,
    echo ? 'send' : { formAction: 'send' },
  ];
  const times: number[] = [];
  for (const step of steps) times.push((await say(bot.port, connector.url, who, step)).ms);
  return times;
}

/** Waits until the card for each of these customers has reached its administrator's chat. */
async function cardsDelivered(customers: number[], timeoutMs = 120_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ids = customers.map((n) => connector.invitationOf.get(admin(n).conversationId));
    if (ids.every(Boolean)) return ids as string[];
    if (Date.now() > deadline)
      throw new Error(`only ${ids.filter(Boolean).length} of ${customers.length} invitation cards arrived`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Waits until the bots have been still for 300 ms — under 1 % of a core, what their timers cost —
 * so the previous burst's deliveries are done, on the core they share.
 */
async function quiet(bots: readonly BenchedProcess[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const used = () => bots.reduce((sum, bot) => sum + bot.cpuMs(), 0);
  let last = used();
  let stillSince = Date.now();
  while (Date.now() - stillSince < 300 && Date.now() < deadline) {
    const before = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = used();
    if (now - last > (Date.now() - before) / 100) stillSince = Date.now();
    last = now;
  }
}

/** A bot in the parallel work: the echo bot or this one, with the figures it fills. */
interface Side {
  bot: BenchedProcess;
  echo: boolean;
  figures: Figures;
}

/**
 * Rounds of 50 whole invitations at once, then three times as many rounds of 50 Approve invokes at
 * once. Both bots are up, and each round runs on the echo bot and then on this one, each after the
 * other has gone quiet: the two figures of a ratio are taken a few seconds apart, under the same
 * conditions (the machine's speed moves by 2× over minutes).
 */
async function parallelWork(sides: readonly Side[]): Promise<void> {
  const { parallel, rounds, approveRounds } = SETTINGS;
  const customersOf = (r: number) => Array.from({ length: parallel }, (_, i) => r * parallel + i);
  const byRound = (side: Side, key: 'sendP99ByRoundMs' | 'approveP99ByRoundMs', times: number[]) =>
    (side.figures[key] ??= []).push(percentile(times, 99));
  /** What each side's bursts add up to, turned into its figures at the end. */
  const sums = new Map(
    sides.map((side) => [
      side,
      {
        sends: [] as number[],
        dialogSeconds: 0,
        approves: [] as number[],
        approveSeconds: 0,
        approveCpuMs: 0,
        clientCpuMs: 0,
        postgresCpuMs: 0,
      },
    ]),
  );
  for (let r = 0; r < rounds; r++) {
    for (const side of sides) {
      const sum = sums.get(side)!;
      await quiet(sides.map((other) => other.bot));
      const started = performance.now();
      const times = await Promise.all(
        customersOf(r).map((c, i) => inviteDialog(side.bot, agent(i, `agent-${i}-r${r}`), c, side.echo)),
      );
      sum.dialogSeconds += (performance.now() - started) / 1000;
      const sendTimes = times.map((t) => t[t.length - 1]!);
      sum.sends.push(...sendTimes);
      byRound(side, 'sendP99ByRoundMs', sendTimes);
      if (!side.echo) await cardsDelivered(customersOf(r));
    }
  }
  // The invitations the further Approve bursts decide, sent the same way, not measured.
  const product = sides.find((side) => !side.echo)!;
  for (let r = rounds; r < approveRounds; r++)
    await Promise.all(customersOf(r).map((c, i) => inviteDialog(product.bot, agent(i, `agent-${i}-r${r}`), c, false)));
  for (let r = 0; r < approveRounds; r++) {
    for (const side of sides) {
      const sum = sums.get(side)!;
      const customers = customersOf(r);
      const invitations = side.echo ? customers.map((c) => `echo-${c}`) : await cardsDelivered(customers);
      await quiet(sides.map((other) => other.bot));
      const started = performance.now();
      const cpuBefore = side.bot.cpuMs();
      const postgresBefore = side.echo ? 0 : cpuMsOfProcesses('postgres');
      const clientBefore = process.cpuUsage();
      const answers = await Promise.all(
        customers.map((c, i) =>
          execute(side.bot.port, connector.url, admin(c), 'approve', { invitationId: invitations[i]! }),
        ),
      );
      sum.approveCpuMs += side.bot.cpuMs() - cpuBefore;
      if (!side.echo) sum.postgresCpuMs += cpuMsOfProcesses('postgres') - postgresBefore;
      const client = process.cpuUsage(clientBefore);
      sum.clientCpuMs += (client.user + client.system) / 1000;
      sum.approveSeconds += (performance.now() - started) / 1000;
      sum.approves.push(...answers.map((a) => a.ms));
      byRound(
        side,
        'approveP99ByRoundMs',
        answers.map((a) => a.ms),
      );
      if (!side.echo) side.figures.errors += answers.filter((a) => !a.body.includes('Approved by')).length;
    }
  }
  const dialogs = rounds * parallel;
  const approves = approveRounds * parallel;
  for (const side of sides) {
    const sum = sums.get(side)!;
    side.figures.dialogsPerSecond = dialogs / sum.dialogSeconds;
    side.figures.sendP99Ms = percentile(sum.sends, 99);
    side.figures.approveP99Ms = percentile(sum.approves, 99);
    side.figures.approvesPerSecond = approves / sum.approveSeconds;
    side.figures.approveCpuMsPerInvoke = sum.approveCpuMs / approves;
    if (sum.postgresCpuMs > 0) side.figures.postgresCpuMsPerApprove = sum.postgresCpuMs / approves;
    side.figures.clientCpuMsPerApprove = sum.clientCpuMs / approves;
  }
}

/** One invitation and one decision at a time: the cost of a Send and of a decision's durable write with N stored. */
async function sequentialDecisions(bot: BenchedProcess, firstCustomer: number, figures: Figures): Promise<void> {
  const sends: number[] = [];
  const approves: number[] = [];
  const writesBefore = {
    sum: await bot.metric('bot_store_write_duration_seconds_sum{store'),
    count: await bot.metric('bot_store_write_duration_seconds_count{store'),
  };
  for (let k = 0; k < SETTINGS.decisions; k++) {
    const customer = firstCustomer + k;
    const times = await inviteDialog(bot, agent(0, `decide-${customer}`), customer, false);
    sends.push(times[times.length - 1]!);
    const [invitation] = await cardsDelivered([customer]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the delivery worker's own writes, out of the way
    const answer = await execute(bot.port, connector.url, admin(customer), 'approve', { invitationId: invitation! });
    if (!answer.body.includes('Approved by')) figures.errors++;
    approves.push(answer.ms);
  }
  const writes = {
    sum: (await bot.metric('bot_store_write_duration_seconds_sum{store')) - writesBefore.sum,
    count: (await bot.metric('bot_store_write_duration_seconds_count{store')) - writesBefore.count,
  };
  figures.sendMedianMs = median(sends);
  figures.approveMedianMs = median(approves);
  figures.storeWriteMeanMs = (1000 * writes.sum) / Math.max(1, writes.count);
}

/** 10,000 people each in the middle of an invitation, then all of them cancelling. */
async function halfDialogs(bot: BenchedProcess, figures: Figures): Promise<void> {
  // Ten quiet seconds: V8 gives memory back to the system only after it has been idle for a while.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10_000));
  const conversations = Array.from({ length: SETTINGS.halfDialogs }, (_, k) => k);
  await pool(conversations, SETTINGS.parallel, (k) =>
    say(bot.port, connector.url, agent(k, `half-${k}`), `invite ${benchCustomer(k % POPULATION.customers).domain}`),
  );
  await settle();
  figures.rssWithHalfDialogsMb = bot.rssMb();
  await pool(conversations, SETTINGS.parallel, (k) => say(bot.port, connector.url, agent(k, `half-${k}`), 'cancel'));
  await settle();
  figures.rssAfterCancelMb = bot.rssMb();
}

/** The echo bot, started: its start-up time and idle memory taken now, the rest alongside this bot's. */
async function startEcho(): Promise<Side> {
  const bot = new BenchedProcess(ECHO, {}, BOT_CORE);
  await bot.start();
  return { bot, echo: true, figures: { startupMs: bot.startupMs, idleRssMb: bot.rssMb(), errors: 0 } };
}

interface Place {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function prepare(
  store: 'file' | 'postgres',
  seed: Seed,
  n: number,
  postgres: TestPostgres | undefined,
): Promise<Place> {
  const data = benchDatabase(seed, n, POPULATION);
  if (store === 'file') {
    const dir = await mkdtemp(join(tmpdir(), 'bench-'));
    const file = join(dir, 'db.json');
    // The store's own writer: the snapshots and the audit file, as a compaction leaves them.
    await new JournalAdapter(file, { seq: 0, auditSeq: 0, journalBytes: 0, snapshotBytes: 0 }).write(data);
    return { env: { STORE: 'file', DB_FILE: file }, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const schema = `bench_${n}_${process.pid}`;
  const target = await PostgresStore.open(postgres!.url, { schema, seed: false, poolSize: 2 });
  try {
    await target.importDatabase(data);
    // The import's pages written out now, not by the checkpointer while the bot is measured (at
    // N = 100k, the whole import, beside every commit's fsync).
    await target.query('CHECKPOINT');
  } finally {
    await target.close();
  }
  return {
    env: { STORE: 'postgres', DATABASE_URL: postgres!.url, DATABASE_SCHEMA: schema },
    cleanup: async () => {
      const owner = await PostgresStore.open(postgres!.url, { schema, seed: false, poolSize: 1 });
      await owner.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
      await owner.close();
    },
  };
}

/**
 * This bot at N stored invitations; with the echo bot (at the smallest N), the parallel work and the figures compared
 * with it.
 */
async function productRun(
  store: 'file' | 'postgres',
  seed: Seed,
  n: number,
  echo: Side | undefined,
  postgres: TestPostgres | undefined,
): Promise<Figures> {
  const place = await prepare(store, seed, n, postgres);
  connector.invitationOf.clear(); // the cards of an earlier run are not this one's
  // The generated history is up to 400 days old: with the default retention the first sweep would
  // spend the run forgetting its notifications. The benchmark measures the steady state.
  const bot = new BenchedProcess(PRODUCT, { ...place.env, DELIVERY_RETENTION_DAYS: '3650' }, BOT_CORE, PRODUCT_FLAGS);
  try {
    await bot.start();
    // Every administrator has written to the bot once: the cards reach them.
    await pool(
      Array.from({ length: POPULATION.customers }, (_, c) => c),
      SETTINGS.parallel,
      (c) => say(bot.port, connector.url, admin(c), 'help'),
    );
    const figures: Figures = { startupMs: bot.startupMs, idleRssMb: bot.rssMb(), errors: 0 };
    const decisionCustomers =
      SETTINGS.approveRounds * SETTINGS.parallel + SETTINGS.sizes.indexOf(n) * SETTINGS.decisions;
    if (echo) {
      echo.figures.helpCpuMsPerTurn = await helpCpu(echo.bot, agent(0, 'echo-help'));
      figures.helpCpuMsPerTurn = await helpCpu(bot, agent(0, 'help'));
      const retries = await bot.metric('bot_store_conflict_retries_total');
      await parallelWork([echo, { bot, echo: false, figures }]);
      figures.conflictRetries = (await bot.metric('bot_store_conflict_retries_total')) - retries;
    }
    await sequentialDecisions(bot, decisionCustomers, figures);
    if (echo) {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      figures.idleRssMb = bot.rssMb();
      await halfDialogs(bot, figures);
    }
    return figures;
  } finally {
    await bot.stop();
    await place.cleanup();
  }
}

function machine() {
  const cpu = cpus();
  const pinned =
    hasTaskset && BOT_CORE !== undefined
      ? `bots pinned to core ${BOT_CORE} (taskset), ${OFF_BOT_CORE ? 'the client, connector and PostgreSQL on the others' : 'the client, connector and PostgreSQL unpinned'}`
      : 'not pinned (no taskset, or one core)';
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGb: round1(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    pinning: pinned,
  };
}

const started = performance.now();
const seed = await loadSeed();
await connector.start();
const info = machine();
log(`npm run bench — ${new Date().toISOString()}`);
log(
  `machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGb} GiB, Node ${info.node}, ${info.platform}; ${info.pinning}`,
);
log(
  `settings: ${JSON.stringify(SETTINGS)}; stores: ${STORES.join(', ')}; the bot runs as npm start does (node ${PRODUCT_FLAGS.join(' ')}), the echo bot with Node's defaults`,
);

let postgres: TestPostgres | undefined;
const results: Record<string, Record<number, Figures>> = {};
// The echo bot runs alongside each store's first run, round for round (parallelWork): the machine's
// speed drifts over minutes, and a ratio is only as good as its two figures being taken under the
// same conditions.
const echo: Record<string, Figures> = {};
try {
  for (const store of STORES) {
    if (store === 'postgres') postgres = await startTestPostgres({ durable: true });
    const echoSide = await startEcho();
    echo[store] = echoSide.figures;
    results[store] = {};
    for (const n of SETTINGS.sizes) {
      const first = n === SETTINGS.sizes[0];
      const figures = first
        ? await productRun(store, seed, n, echoSide, postgres).finally(() => echoSide.bot.stop())
        : await productRun(store, seed, n, undefined, postgres);
      if (first) log(`echo bot, alongside ${store}: ${JSON.stringify(echo[store])}`);
      results[store][n] = figures;
      log(`${store} N=${n}: ${JSON.stringify(figures)}`);
    }
  }
} finally {
  await postgres?.stop();
  await connector.stop();
}
// Connected to Partner Center (R29): the estate imported and synced, in a process of its own.
const estate: EstateFigures = await runEstateBench();
log(`estate: ${JSON.stringify(estate)}`);

// The table: each figure, the bot's value, and its ratio to the echo bot's (or to N = smallest).
const rows: string[][] = [];
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${round1(a / b, 2)}×` : '—');
const ms = (x: number | undefined) => (x === undefined ? '—' : `${round1(x)} ms`);
/** Each round's ratio (the two bots' bursts of that round, seconds apart), lowest to highest. */
const roundRatios = (bot: number[] | undefined, echoBot: number[] | undefined) => {
  if (!bot || !echoBot || bot.length !== echoBot.length) return '—';
  const sorted = bot.map((b, i) => b / echoBot[i]!).sort((a, b) => a - b);
  const shown = (r: number) => `${round1(r, 2)}`;
  // More than a few: the lowest, the median and the highest.
  return sorted.length <= 6
    ? `${sorted.map(shown).join(', ')} ×`
    : `${shown(sorted[0]!)}–${shown(sorted.at(-1)!)} ×, median ${shown(median(sorted))}×`;
};
for (const store of STORES) {
  const [small, , large] = SETTINGS.sizes;
  const base = results[store]![small!]!;
  const big = results[store]![large!]!;
  const echoed = echo[store]!;
  rows.push([
    `${store}: help turn, CPU per turn`,
    ms(base.helpCpuMsPerTurn),
    ms(echoed.helpCpuMsPerTurn),
    ratio(base.helpCpuMsPerTurn, echoed.helpCpuMsPerTurn),
    '—',
  ]);
  rows.push([
    `${store}: whole invite dialogs, ${SETTINGS.parallel} in parallel`,
    `${round1(base.dialogsPerSecond ?? 0)} /s`,
    `${round1(echoed.dialogsPerSecond ?? 0)} /s`,
    ratio(base.dialogsPerSecond, echoed.dialogsPerSecond),
    '≥ 0.5×',
  ]);
  rows.push([
    `${store}: Send p99, ${SETTINGS.parallel} in parallel`,
    ms(base.sendP99Ms),
    ms(echoed.sendP99Ms),
    ratio(base.sendP99Ms, echoed.sendP99Ms),
    '≤ 2×',
  ]);
  rows.push([
    `${store}: Send p99, round by round`,
    '',
    '',
    roundRatios(base.sendP99ByRoundMs, echoed.sendP99ByRoundMs),
    '',
  ]);
  rows.push([
    `${store}: Approve p99, ${SETTINGS.parallel} in parallel`,
    ms(base.approveP99Ms),
    ms(echoed.approveP99Ms),
    ratio(base.approveP99Ms, echoed.approveP99Ms),
    '≤ 2×',
  ]);
  rows.push([
    `${store}: Approve p99, round by round`,
    '',
    '',
    roundRatios(base.approveP99ByRoundMs, echoed.approveP99ByRoundMs),
    '',
  ]);
  rows.push([
    `${store}: Approve, CPU per invoke in the bursts`,
    ms(base.approveCpuMsPerInvoke),
    ms(echoed.approveCpuMsPerInvoke),
    ratio(base.approveCpuMsPerInvoke, echoed.approveCpuMsPerInvoke),
    '—',
  ]);
  rows.push([
    `${store}: Approve, the client's CPU per invoke (other cores)`,
    ms(base.clientCpuMsPerApprove),
    ms(echoed.clientCpuMsPerApprove),
    ratio(base.clientCpuMsPerApprove, echoed.clientCpuMsPerApprove),
    '—',
  ]);
  if (base.postgresCpuMsPerApprove !== undefined)
    rows.push([
      `${store}: Approve, PostgreSQL's CPU per invoke (other cores)`,
      ms(base.postgresCpuMsPerApprove),
      '',
      '',
      '—',
    ]);
  rows.push([
    `${store}: Approve throughput`,
    `${round1(base.approvesPerSecond ?? 0)} /s`,
    `${round1(echoed.approvesPerSecond ?? 0)} /s`,
    ratio(base.approvesPerSecond, echoed.approvesPerSecond),
    '—',
  ]);
  rows.push([
    `${store}: start to ready, N = ${small}`,
    ms(base.startupMs),
    ms(echoed.startupMs),
    ratio(base.startupMs, echoed.startupMs),
    '—',
  ]);
  for (const n of SETTINGS.sizes) {
    const f = results[store]![n]!;
    rows.push([
      `${store}: N = ${n}: start to ready`,
      ms(f.startupMs),
      '',
      '',
      n === large && store === 'file' ? '≤ 2 s' : '',
    ]);
    rows.push([
      `${store}: N = ${n}: one Send turn (median)`,
      ms(f.sendMedianMs),
      '',
      `${ratio(f.sendMedianMs, base.sendMedianMs)} of N = ${small}`,
      '',
    ]);
    rows.push([
      `${store}: N = ${n}: one Approve, durable (median)`,
      ms(f.approveMedianMs),
      '',
      `${ratio(f.approveMedianMs, base.approveMedianMs)} of N = ${small}`,
      n === large ? (store === 'file' ? '≤ 5× of N = 1k' : '≤ 1.5× of N = 1k') : '',
    ]);
    rows.push([
      `${store}: N = ${n}: store write, mean`,
      ms(f.storeWriteMeanMs),
      '',
      `${ratio(f.storeWriteMeanMs, base.storeWriteMeanMs)} of N = ${small}`,
      '',
    ]);
  }
  rows.push([
    `${store}: RSS idle / ${SETTINGS.halfDialogs} half-finished dialogs / after cancel`,
    `${round1(base.idleRssMb)} / ${round1(base.rssWithHalfDialogsMb ?? 0)} / ${round1(base.rssAfterCancelMb ?? 0)} MB`,
    `${round1(echoed.idleRssMb)} MB idle`,
    `${ratio(base.rssAfterCancelMb, base.idleRssMb)} of idle after cancel`,
    '≤ 250 MB; ≤ 1.2× idle',
  ]);
  if (big.errors || base.errors)
    rows.push([
      `${store}: answers that were not the approved card`,
      String(SETTINGS.sizes.reduce((s, n) => s + results[store]![n]!.errors, 0)),
      '',
      '',
      '0',
    ]);
}
rows.push([
  `estate: ${estate.relationships} relationships at Microsoft imported into an empty store`,
  `${round1(estate.importMs / 1000)} s`,
  '',
  `${estate.importRequests} requests (${estate.importListPages} list pages of ${estate.pageSize})`,
  '',
]);
rows.push([
  `estate: a sync pass, ${estate.relationships} unchanged`,
  ms(estate.syncMs),
  '',
  `${estate.syncRequests} requests: ${estate.syncListPages} list pages + ${estate.syncAccessReads} access reads`,
  'a few pages, not one request each',
]);
const header = ['figure', 'this bot', 'echo bot (alongside)', 'ratio', 'target'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
log('');
log(line(header));
log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) log(line(row));
const seconds = (performance.now() - started) / 1000;
log(`\nfinished in ${round1(seconds)} s`);

const outDir = join(DIST, '..', 'bench', 'results');
await mkdir(outDir, { recursive: true });
const file = join(outDir, estateOnly ? 'estate.json' : quick ? 'quick.json' : 'latest.json');
await writeFile(
  file,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: info,
      settings: SETTINGS,
      stores: STORES,
      seconds: round1(seconds),
      echo,
      results,
      estate,
      git: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim(),
    },
    null,
    2,
  ),
);
log(`result: ${file}`);
