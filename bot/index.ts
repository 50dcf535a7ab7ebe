import pino from 'pino';
import { DatabaseLoadError } from '../data/lowdbStore.js';
import { DatabaseUnavailableError } from '../data/store.js';
import { loadMarkets } from '../data/markets/markets.js';
import { ConfigError, listenHost, loadConfig } from './config.js';
import { openStore } from './openStore.js';
import { openPartnerCenter, PartnerCenterStartError } from './openPartnerCenter.js';
import { type BotServer, createBotServer } from './server.js';

// Start-up: configuration, the store, the server; SIGTERM/SIGINT drain and exit 0. The store is
// chosen in openStore.ts; the server sees the Store port.
const DRAIN_TIMEOUT_MS = 10_000;
try {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  // Every log line is one JSON object, the last words of a crash included.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; stopping');
    process.exit(1);
  });
  const markets = await loadMarkets(config.MARKETS_FILE || undefined);
  const store = await openStore(config);
  const partnerCenter = await openPartnerCenter(config, store, logger).catch(async (error: unknown) => {
    await store.close().catch(() => undefined);
    throw error;
  });
  // eslint-disable-next-line prefer-const -- assigned once the store is open, read by the signal handlers before that
  let server: BotServer | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: draining turns in flight');
    // A turn stuck on an unresponsive channel must not keep the process alive for ever.
    const closed = server ? server.close().then(() => true) : Promise.resolve(false);
    const drained = await Promise.race([
      closed,
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), DRAIN_TIMEOUT_MS).unref()),
    ]);
    if (!drained) await store.flush(); // what was acknowledged is on disk either way
    await store.close().catch(() => undefined);
    logger.info({ drained }, drained ? 'stopped' : 'stopped without waiting for turns in flight');
    process.exit(0);
  };
  // Before listening, so that a signal right after start-up still stops cleanly.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  server = createBotServer(config, store, logger, markets, partnerCenter);
  const port = await server.listen(config.PORT);
  logger.info(
    {
      port,
      host: listenHost(config),
      store: store.description,
      partnerCenter: config.PARTNER_CENTER,
      auth: config.MicrosoftAppId ? 'Bot Framework tokens required' : 'open (no MicrosoftAppId)',
    },
    `bot listening on http://localhost:${port}/api/messages`,
  );
} catch (error) {
  // Any failure to start ends in one sentence naming what and why, and exit code 1.
  console.error(startFailure(error));
  process.exit(1);
}

function startFailure(error: unknown): string {
  if (
    error instanceof DatabaseLoadError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof ConfigError ||
    error instanceof PartnerCenterStartError
  )
    return error.message;
  const e = error as NodeJS.ErrnoException & { port?: number; address?: string };
  if (e.code === 'EADDRINUSE')
    return `Cannot start the bot: the port ${e.port ?? ''} on ${e.address ?? 'this machine'} is already in use. Set PORT to a free one.`;
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'EACCES')
    return `Cannot start the bot: it cannot listen on ${e.address ?? 'that address'}:${e.port ?? ''} (${e.code}). Check HOST and PORT.`;
  return `Cannot start the bot: ${e.message ?? String(error)}`;
}
