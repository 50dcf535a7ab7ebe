import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import restify from 'restify';

// The baseline of `npm run bench`: a bare botbuilder + restify bot on the same stack as the product
// (CloudAdapter, open mode, the same connector), doing nothing but answering. Every figure of the
// benchmark is a ratio to this bot's, measured in the same run on the same machine.

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(MessageFactory.text(`You said: ${context.activity.text ?? ''}`));
      await next();
    });
  }

  // An Action.Execute answered with a card, as the product answers Approve.
  protected override async onInvokeActivity(_context: TurnContext): Promise<InvokeResponse> {
    const card = CardFactory.adaptiveCard({
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Done' }],
    }).content;
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } };
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
const bot = new EchoBot();
const server = restify.createServer({ name: 'echo-bot' });
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', async (_req, res) => {
  res.send(200, { status: 'ok' });
});
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  // The same start-up line shape as the product's, so the benchmark finds the port the same way.
  console.log(JSON.stringify({ msg: 'echo bot listening', port: (server.address() as { port: number }).port }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
