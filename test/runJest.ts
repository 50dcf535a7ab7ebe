import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCertificate } from '../graphEmulator/certificate.js';

// npm run test:file / test:postgres: jest, with a certificate for the Microsoft Graph emulator made
// now and trusted by every process of the run (NODE_EXTRA_CA_CERTS is read only when a process
// starts, so it must be set before jest starts, whether jest runs the tests in band or in workers).
const { cert, key } = await makeCertificate();
const dir = await mkdtemp(join(tmpdir(), 'test-certificate-'));
const trusted = join(dir, 'trusted.pem');
const previous = process.env.NODE_EXTRA_CA_CERTS
  ? await readFile(process.env.NODE_EXTRA_CA_CERTS, 'utf8').catch(() => '')
  : '';
await writeFile(trusted, `${previous}\n${cert}`);
await writeFile(join(dir, 'certificate.pem'), cert);
await writeFile(join(dir, 'key.pem'), key);
const jest = fileURLToPath(new URL('../node_modules/jest/bin/jest.js', import.meta.url));
const child = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=DEP0111',
    jest,
    ...process.argv.slice(2),
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: trusted, GRAPH_EMULATOR_CERTIFICATE_DIR: dir },
  },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  void rm(dir, { recursive: true, force: true }).finally(() => process.exit(code ?? (signal ? 1 : 0)));
});
