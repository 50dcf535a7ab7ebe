import { type BotState, CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import restify from 'restify';
import { randomIds } from '../data/ids.js';
import type { Store } from '../data/store.js';
import { scheduleSweeps } from '../delivery/sweeper.js';
import { localeFromTag, sayIn } from '../translations/index.js';
import type { BotConfig } from './config.js';
import { composeBot } from './composeBot.js';

export interface BotServer {
  /** Starts listening; resolves with the port (useful with PORT=0 in tests). */
  listen(port: number): Promise<number>;
  /** Stops accepting requests, waits for the turns in flight and the delivery round, flushes the store. */
  close(): Promise<void>;
}

/** Logs the error, resets the conversation, and tells the user in one sentence: no stack trace in the chat. */
export function turnErrorHandler(conversationState: BotState, logger: Logger) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    logger.error({ err: error, conversationId: context.activity.conversation?.id }, 'turn failed');
    // A dialog that fails once would fail on every turn: start the conversation afresh.
    await conversationState.delete(context).catch((e: unknown) => logger.error({ err: e }, 'could not reset the conversation state'));
    await context.sendActivity(sayIn(localeFromTag(context.activity.locale))('error'));
  };
}

/** Wires the store, the bot and the adapter into a restify server: POST /api/messages, GET /healthz. */
export function createBotServer(config: BotConfig, store: Store, logger: Logger): BotServer {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.MicrosoftAppId,
      MicrosoftAppPassword: config.MicrosoftAppPassword,
      MicrosoftAppType: config.MicrosoftAppType,
      MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    }),
  );
  const { bot, conversationState, worker, service } = composeBot({
    unitOfWork: store.unitOfWork,
    ctx: { clock: () => new Date(), ids: randomIds },
    storage: store.storage,
    channel: {
      // An undefined app id would be taken for a claims identity: pass '' when there is none.
      send: (reference, logic) => adapter.continueConversationAsync(config.MicrosoftAppId ?? '', reference, logic),
      open: (endpoint, userId, logic) =>
        adapter.createConversationAsync(
          config.MicrosoftAppId ?? '',
          'msteams',
          endpoint.serviceUrl,
          '',
          { isGroup: false, bot: endpoint.bot, members: [{ id: userId, name: '' }], tenantId: endpoint.tenantId, channelData: { tenant: { id: endpoint.tenantId } } } as never,
          logic,
        ),
    },
    log: logger,
    delivery: { pollSeconds: config.DELIVERY_POLL_SECONDS },
  });
  adapter.use({
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        const activity = context.activity;
        logger.info({ conversationId: activity.conversation?.id, channelId: activity.channelId, activityType: activity.type, durationMs: Math.round(performance.now() - started) }, 'turn');
      }
    },
  });
  adapter.onTurnError = turnErrorHandler(conversationState, logger);

  const inFlight = new Set<Promise<void>>();
  const server = restify.createServer({ name: 'partner-invitation-bot' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    const turn = adapter.process(req, res, (context) => bot.run(context));
    inFlight.add(turn);
    try {
      await turn;
    } finally {
      inFlight.delete(turn);
    }
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', store: store.description });
  });

  // The clock's work (expiry, reminders, auto-extend) and delivery run beside the turns.
  let stopSweeps: (() => void) | undefined;

  return {
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '0.0.0.0', () => {
          worker.start();
          stopSweeps = scheduleSweeps(service, worker, config.SWEEP_INTERVAL_SECONDS, logger);
          resolve((server.address() as { port: number }).port);
        });
      }),
    close: async () => {
      stopSweeps?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
      await worker.stop();
      await store.flush();
    },
  };
}
