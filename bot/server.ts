import { CloudAdapter, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import restify from 'restify';
import { randomIds } from '../data/ids.js';
import { isStoreGone, type Store } from '../data/store.js';
import { DEFAULT_DELIVERY_POLICY } from '../domain/delivery/delivery.js';
import type { MarketTable } from '../domain/ports.js';
import { scheduleSweeps } from '../delivery/sweeper.js';
import type { PartnerCenter } from '../domain/partnerCenterPort.js';
import { localeFromTag, sayIn } from '../translations/index.js';
import { type BotConfig, isOpenMode, listenHost } from './config.js';
import { composeBot } from './composeBot.js';
import { DIALOG_STATE_PROPERTY } from './invitationBot.js';
import { turnLocale } from '../turn/turnInfo.js';
import { BotMetrics } from './metrics.js';
import { EdgeAuthentication, publicCloudWith } from './authentication.js';
import { checkActivity, guardConnections, HttpError, readJsonBody } from './httpEdge.js';

/** How long a stopping server still answers (503) on open connections before it closes them. */
const DRAIN_GRACE_MS = 300;

export interface BotServer {
  /** Starts listening; resolves with the port (useful with PORT=0 in tests). */
  listen(port: number): Promise<number>;
  /** Stops accepting requests, waits for the turns in flight and the delivery round, flushes the store. */
  close(): Promise<void>;
}

/**
 * Logs the error and tells the user in one sentence: no stack trace in the chat. The conversation
 * state is kept: malformed requests never get this far (bot/httpEdge.ts), so what fails here is on
 * our side (a store that cannot be read, say), and the user's half-finished dialog must survive it;
 * "cancel" leaves any dialog.
 */
export function turnErrorHandler(logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const gone = isStoreGone(error);
    // The store's files are gone: logged once, when it was noticed (below); here only the user is told.
    if (!gone) logger.error({ err: error, conversationId: context.activity.conversation?.id }, 'turn failed');
    const locale = (await turnLocale(context)) ?? localeFromTag(context.activity.locale);
    await context
      .sendActivity(sayIn(locale)(gone ? 'error.storeGone' : 'error'))
      .catch((e: unknown) => logger.error({ err: e }, 'could not tell the user'));
  };
}

/** Wires the store, the bot and the adapter into a restify server: POST /api/messages, GET /healthz, GET /readyz. */
export function createBotServer(
  config: BotConfig,
  store: Store,
  logger: Logger,
  markets: MarketTable,
  partnerCenter?: PartnerCenter,
): BotServer {
  const adapter = new CloudAdapter(
    new EdgeAuthentication(
      {
        MicrosoftAppId: config.MicrosoftAppId,
        MicrosoftAppPassword: config.MicrosoftAppPassword,
        MicrosoftAppType: config.MicrosoftAppType,
        MicrosoftAppTenantId: config.MicrosoftAppTenantId,
        ...(config.ToBotFromChannelOpenIdMetadataUrl
          ? publicCloudWith({ ToBotFromChannelOpenIdMetadataUrl: config.ToBotFromChannelOpenIdMetadataUrl })
          : {}),
      },
      (reason, status) => logger.info({ status, reason }, 'request refused: its token was not accepted'),
    ),
  );
  /** The turns being answered now (the delivery worker waits for them; a stopping server too). */
  const inFlight = new Set<Promise<void>>();
  // The service is made below; the gauges only ask it when scraped, after that.
  let backlog: () => Promise<{ unplanned: number; pending: number; waiting: number }> = async () => ({
    unplanned: 0,
    pending: 0,
    waiting: 0,
  });
  const metrics = new BotMetrics({
    store: config.STORE,
    deliveryBacklog: () => backlog(),
    openDialogs: () => store.countOpenDialogs(DIALOG_STATE_PROPERTY),
    conflictRetries: () => store.conflictRetries,
  });
  const { bot, worker, service, partnerCenterSync } = composeBot({
    unitOfWork: metrics.timedUnitOfWork(store.unitOfWork),
    ctx: {
      clock: () => new Date(),
      ids: randomIds,
      markets,
      sendRetrySeconds: config.GRAPH_RETRY_SECONDS,
      limits: { invitationsPerHour: config.INVITATIONS_PER_HOUR, pendingPerCustomer: config.PENDING_PER_CUSTOMER },
    },
    storage: metrics.timedStorage(store.storage),
    channel: {
      // An undefined app id would be taken for a claims identity: pass '' when there is none.
      send: (reference, logic) => adapter.continueConversationAsync(config.MicrosoftAppId ?? '', reference, logic),
      open: (endpoint, userId, logic) =>
        adapter.createConversationAsync(
          config.MicrosoftAppId ?? '',
          'msteams',
          endpoint.serviceUrl,
          '',
          {
            isGroup: false,
            bot: endpoint.bot,
            members: [{ id: userId, name: '' }],
            tenantId: endpoint.tenantId,
            channelData: { tenant: { id: endpoint.tenantId } },
          } as never,
          logic,
        ),
    },
    log: logger,
    delivery: {
      pollSeconds: config.DELIVERY_POLL_SECONDS,
      policy: { ...DEFAULT_DELIVERY_POLICY, leaseSeconds: config.DELIVERY_LEASE_SECONDS },
      onAttempt: (failure) => metrics.deliveryAttempted(failure),
      answering: () => inFlight.size > 0,
    },
    selfDeclaredIdentity: isOpenMode(config),
    ...(partnerCenter ? { partnerCenter } : {}),
    partnerCenterSync: {
      pollSeconds: config.GRAPH_POLL_SECONDS,
      log: logger,
      alone: (name, work) => store.alone(name, work),
      observe: (pass) => metrics.syncPassed(pass),
    },
  });
  backlog = () => service.deliveries.backlog();
  store.whenFilesGone?.((gone) =>
    logger.error(
      gone,
      gone.rescued
        ? `the store's file ${gone.file} was removed or replaced while the bot ran: every write is refused from now on; what the store held was saved to ${gone.rescued}; stop the bot and restore the files from there (the next start says how)`
        : `the store's file ${gone.file} was removed or replaced while the bot ran: every write is refused from now on, and what it held could not be saved (${gone.problem}); keep the bot running until the files are restored from a backup`,
    ),
  );
  adapter.use({
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        const activity = context.activity;
        metrics.turnTook(
          activity.type,
          activity.type === 'invoke' ? activity.name : undefined,
          (performance.now() - started) / 1000,
        );
        logger.info(
          {
            conversationId: activity.conversation?.id,
            channelId: activity.channelId,
            activityType: activity.type,
            durationMs: Math.round(performance.now() - started),
          },
          'turn',
        );
      }
    },
  });
  adapter.onTurnError = turnErrorHandler(logger);

  const limits = {
    maxBodyBytes: config.MAX_BODY_BYTES,
    requestTimeoutMs: config.REQUEST_TIMEOUT_SECONDS * 1000,
    keepAliveTimeoutMs: config.KEEP_ALIVE_SECONDS * 1000,
  };
  const responses = new Set<{ headersSent: boolean; setHeader(name: string, value: string): unknown }>();
  let draining = false;
  const server = restify.createServer({
    name: 'partner-invitation-bot',
    log: logger.child({ component: 'restify' }) as never,
  });
  const connections = guardConnections(server.server, limits);
  // While draining, a request on a kept-alive connection gets 503 and the connection is closed.
  server.pre((req, res, next) => {
    if (!draining) return next();
    res.header('connection', 'close');
    res.send(503, { error: 'The bot is stopping; try again in a moment.' });
    return next(false);
  });
  server.post('/api/messages', async (req, res) => {
    let activity: Record<string, unknown>;
    try {
      activity = checkActivity(await readJsonBody(req, limits));
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      logger.info({ status, reason: (error as Error).message }, 'request refused');
      res.send(status, { error: (error as Error).message });
      return;
    }
    // The checked activity is the request's parsed body: CloudAdapter.process reads it from there.
    (req as { body?: unknown }).body = activity;
    const turn = adapter.process(req, res, (context) => bot.run(context));
    inFlight.add(turn);
    responses.add(res);
    try {
      await turn;
    } finally {
      inFlight.delete(turn);
      responses.delete(res);
    }
  });
  // Liveness: the process answers. Readiness: it can reach its store (a load balancer stops sending
  // turns to an instance that cannot, and sends them again when it can).
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', store: store.description });
  });
  server.get('/readyz', async (_req, res) => {
    const ready = await Promise.race([
      store.ready(),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
    ]);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'store unreachable', store: store.description });
  });

  // For Prometheus: counts and timings only, nothing about any person or organisation.
  server.get('/metrics', async (_req, res) => {
    try {
      const text = await metrics.text();
      res.setHeader('content-type', metrics.contentType);
      res.sendRaw(200, text);
    } catch (error) {
      logger.warn({ err: error }, 'metrics could not be collected');
      res.send(503, { error: 'The metrics cannot be collected now (is the store reachable?).' });
    }
  });

  // The clock's work (expiry, reminders, auto-extend) and delivery run beside the turns.
  let stopSweeps: (() => void) | undefined;

  return {
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        const host = listenHost(config);
        if (config.HOST && isOpenMode(config) && host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') {
          logger.warn(
            { host },
            'open mode on a non-loopback interface: anyone who can reach this address can claim any identity (set MicrosoftAppId to require Bot Framework tokens)',
          );
        }
        server.listen(port, host, () => {
          worker.start();
          stopSweeps = scheduleSweeps(
            service,
            worker,
            config.SWEEP_INTERVAL_SECONDS,
            logger,
            (name, work) => store.alone(name, work),
            config.DELIVERY_RETENTION_DAYS,
          );
          partnerCenterSync?.start();
          resolve((server.address() as { port: number }).port);
        });
      }),
    close: async () => {
      draining = true;
      // Answers still to come close their connection: a client does not send another request on it.
      for (const res of responses) if (!res.headersSent) res.setHeader('connection', 'close');
      stopSweeps?.();
      partnerCenterSync?.stop();
      // A grace period before closing the listener (which also drops idle kept-alive connections):
      // a client about to reuse one gets a 503 that closes it, instead of a reset mid-request.
      await new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      connections.closeIdle();
      await closed;
      await worker.stop();
      await store.flush();
    },
  };
}
