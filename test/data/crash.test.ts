import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from '@jest/globals';
import { LowdbStore } from '../../data/lowdbStore.js';

// A writer is killed with SIGKILL at random moments; every time, the file must still load and
// hold every invitation whose write the writer had been told was done.

const WRITER = fileURLToPath(new URL('./fixtures/invitationWriter.ts', import.meta.url));
const ROUNDS = 10;

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the writer until it has acknowledged a few writes, then a random while longer, then kills it. */
function runAndKill(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: string[] = [];
    const killAfter = 3 + Math.floor(Math.random() * 60);
    let partial = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const give = setTimeout(() => child.kill('SIGKILL'), 30_000); // never hang the suite
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      acknowledged.push(...lines.filter(Boolean));
      // Half the rounds kill the moment an acknowledgement arrives (the writer is then inside its
      // next write), the others at a random moment a little later.
      if (!timer && acknowledged.length >= killAfter) {
        if (Math.random() < 0.5) child.kill('SIGKILL');
        timer = setTimeout(() => child.kill('SIGKILL'), Math.random() * 50);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(give);
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`writer stopped by itself (${signal ?? _code}): ${stderr}`));
      else resolve(acknowledged);
    });
  });
}

it(`loses no acknowledged invitation when the writer is killed with SIGKILL (${ROUNDS} kills)`, async () => {
  dir = await mkdtemp(join(tmpdir(), 'crash-'));
  const file = join(dir, 'db.json');
  const all: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    all.push(...(await runAndKill(file)));
    const data = await (await LowdbStore.open(file, { seed: false })).snapshot();
    const missing = all.filter((id) => !data.invitations[id]);
    expect({ round, missing }).toEqual({ round, missing: [] });
  }
  expect(all.length).toBeGreaterThan(ROUNDS * 3);
}, 120_000);
