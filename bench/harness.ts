import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';

// The benchmark's moving parts: a fast fake connector, the bots as child processes pinned to a core,
// and what is read off them (CPU time, resident memory, /metrics).

/** Answers every connector call at once, and remembers the last invitation each conversation was sent. */
export class FakeConnector {
  private server: Server | undefined;
  url = '';
  calls = 0;
  readonly invitationOf = new Map<string, string>();

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.calls++;
        const conversation = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '')?.[1];
        const invitation = /"invitationId":"([^"]+)"/.exec(body)?.[1];
        if (conversation && invitation && req.method === 'POST')
          this.invitationOf.set(decodeURIComponent(conversation), invitation);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ id: req.url === '/v3/conversations' ? `created-${this.calls}` : `activity-${this.calls}` }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The Node options `npm start` runs the bot with (package.json), so that the benchmark runs the product as it ships.
 */
export function startFlags(packageJson: string): string[] {
  const start =
    (JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
  const command = /\bnode\s+(.*?)\s*dist\/bot\/index\.js/.exec(start)?.[1] ?? '';
  return command.split(/\s+/).filter((flag) => flag.startsWith('--'));
}

export const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

/**
 * Moves this process (every thread) and what it starts from now on — the fake connector, the
 * clients, PostgreSQL — off `core`, so that the bot pinned there has it to itself: PostgreSQL's
 * work for this bot must not be charged to it as lost CPU, which the echo bot never pays.
 */
export function keepOffCore(core: number, cores: number): boolean {
  const others = Array.from({ length: cores }, (_, c) => c).filter((c) => c !== core);
  if (!hasTaskset || others.length === 0) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', others.join(','), String(process.pid)]).status === 0;
}

/** A bot under test: started pinned to `core`, ready when /healthz answers. */
export class BenchedProcess {
  private child: ChildProcess | undefined;
  port = 0;
  startupMs = 0;
  output = '';

  constructor(
    private readonly script: string,
    private readonly env: Record<string, string>,
    private readonly core: number | undefined,
    /** Node's options for this process (the product's are those of `npm start`). */
    private readonly nodeFlags: readonly string[] = ['--disable-warning=DEP0111'],
  ) {}

  get pid(): number {
    return this.child!.pid!;
  }

  async start(): Promise<void> {
    // A port chosen here: the product logs its start-up line at info, and runs here at warn.
    this.port = await freePort();
    const started = performance.now();
    // BENCH_NODE_FLAGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": to see where a bot's time goes.
    const node = [
      process.execPath,
      ...this.nodeFlags,
      ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      this.script,
    ];
    const [command, ...args] =
      this.core !== undefined && hasTaskset ? ['taskset', '-c', String(this.core), ...node] : node;
    const child = spawn(command!, args, {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        MicrosoftAppId: '',
        // The load is a few users sending many invitations: R26's limits would measure refusals.
        INVITATIONS_PER_HOUR: '10000',
        PENDING_PER_CUSTOMER: '1000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (this.output.length > 100_000) this.output = this.output.slice(-50_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${this.script} exited with ${child.exitCode}: ${this.output.slice(-2000)}`);
      if (Date.now() > deadline)
        throw new Error(`${this.script} did not start within 120 s: ${this.output.slice(-2000)}`);
      const ok = await fetch(`http://127.0.0.1:${this.port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    this.startupMs = performance.now() - started;
  }

  /**
   * CPU time of the process so far, every thread, in milliseconds: Linux's scheduler statistics
   * (nanoseconds; /proc/PID/stat counts in ticks of 10 ms, too coarse for one burst).
   */
  cpuMs(): number {
    return cpuNsOf(String(this.pid)) / 1e6;
  }

  /** Resident memory now, in MB. */
  rssMb(): number {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'))?.[1];
    return Number(kb) / 1024;
  }

  async metric(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.port}/metrics`)).text();
    let total = 0;
    for (const line of text.split('\n'))
      if (line.startsWith(name)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
    return total;
  }

  stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
  }
}

export interface Who {
  tenantId: string;
  userId: string;
  conversationId: string;
}

let sequence = 0;

function activity(serviceUrl: string, who: Who, content: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'message',
    id: `bench-${++sequence}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    locale: 'en-US',
    from: { id: `29:${who.userId}`, name: 'User', aadObjectId: who.userId },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: who.conversationId, tenantId: who.tenantId, conversationType: 'personal' },
    channelData: { tenant: { id: who.tenantId } },
    ...content,
  };
}

/** Connections kept open between requests, as a channel's are: the client should cost the machine little. */
const keptAlive = new Agent({ keepAlive: true, maxSockets: 512 });

/**
 * Posts one activity and returns how long the bot took to answer, in ms; a non-200 answer throws.
 * node:http, not fetch: its streams cost the client (on the other cores, with PostgreSQL) twice the
 * CPU per request.
 */
export function post(
  port: number,
  serviceUrl: string,
  who: Who,
  content: Record<string, unknown>,
): Promise<{ ms: number; body: string }> {
  const payload = JSON.stringify(activity(serviceUrl, who, content));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent: keptAlive,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const ms = performance.now() - started;
          if (response.statusCode !== 200)
            reject(
              new Error(
                `HTTP ${response.statusCode} for ${JSON.stringify(content).slice(0, 80)}: ${body.slice(0, 200)}`,
              ),
            );
          else resolve({ ms, body });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

export const say = (port: number, serviceUrl: string, who: Who, text: string | Record<string, unknown>) =>
  post(port, serviceUrl, who, typeof text === 'string' ? { text } : { value: text });

export const execute = (port: number, serviceUrl: string, who: Who, verb: string, data: Record<string, unknown>) =>
  post(port, serviceUrl, who, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data } },
  });

/** Runs `work` for each item, at most `limit` at a time. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/**
 * CPU time so far of every process named `name` (e.g. PostgreSQL's server and its backends), in
 * milliseconds, from Linux's scheduler statistics. A process that ends in between takes its share
 * with it: compare figures taken while the same connections are open.
 */
export function cpuMsOfProcesses(name: string): number {
  let ns = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name) ns += cpuNsOf(pid);
    } catch {
      // a process that ended between the listing and the read
    }
  }
  return ns / 1e6;
}

/** A process's CPU time so far, every thread, in nanoseconds (Linux's scheduler statistics). */
function cpuNsOf(pid: string): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return ns;
}
