import { existsSync } from 'node:fs';
import { z } from 'zod';
import { SEND_RETRY_SECONDS } from '../domain/partnerCenter/microsoft.js';

// Start-up configuration from the environment and a .env file (the environment wins). Every entry
// point (npm start, npm run seed, npm run package) reads it here; a bad value stops the program
// with a message naming it.

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978), // 0: any free port (tests)
    // Where to listen. Default: 127.0.0.1 without an app id (anyone who can reach an open bot can
    // claim any identity), every interface with one (the Bot Framework must reach it).
    HOST: z.string().trim().default(''),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(262_144),
    REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(300).default(10),
    KEEP_ALIVE_SECONDS: z.coerce.number().min(0.1).max(300).default(5),
    // Where the data lives: the embedded file (one instance) or PostgreSQL (several instances).
    STORE: z.enum(['file', 'postgres']).default('file'),
    DB_FILE: z.string().min(1).default('./.data/db.json'),
    DATABASE_URL: z.string().trim().default(''),
    DATABASE_SCHEMA: z
      .string()
      .trim()
      .regex(/^([a-z_][a-z0-9_]{0,62})?$/, 'must be a lower-case PostgreSQL schema name')
      .default(''),
    MARKETS_FILE: z.string().trim().default(''), // R8: the CSP market table; empty: data/markets/csp-markets.json
    SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(3600),
    DELIVERY_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    DATABASE_UNITS_AT_ONCE: z.coerce.number().int().min(1).max(100).default(1),
    DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
    DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    // R26: how many invitations one partner user may send an hour; pending requests to one customer.
    INVITATIONS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(30),
    PENDING_PER_CUSTOMER: z.coerce.number().int().min(1).max(1000).default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MicrosoftAppId: z
      .string()
      .trim()
      .default('')
      .refine(
        (v) => v === '' || guid.test(v),
        'must be empty (local clients) or the Azure Bot registration id, a GUID',
      ),
    MicrosoftAppPassword: z.string().default(''),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: z
      .string()
      .trim()
      .default('')
      .refine((v) => v === '' || guid.test(v), 'must be empty or a tenant id (GUID)'),
    // Where Bot Framework publishes the keys that sign the channel's tokens: only for another cloud
    // (Bot Framework's own setting of that name); the public cloud's by default.
    ToBotFromChannelOpenIdMetadataUrl: z.url().optional(),
    BOT_DOMAIN: z.string().trim().default(''),
    // simulated: the bot's own directory decides (the card's Approve); graph: Partner Center through
    // Microsoft Graph, as the partner's own Entra app (README "Connect to Partner Center").
    PARTNER_CENTER: z.enum(['simulated', 'graph']).default('simulated'),
    GRAPH_TENANT_ID: z
      .string()
      .trim()
      .default('')
      .refine((v) => v === '' || guid.test(v), "must be the partner's Entra tenant id (a GUID)"),
    GRAPH_CLIENT_ID: z.string().trim().default(''),
    GRAPH_CLIENT_SECRET: z.string().default(''),
    GRAPH_BASE_URL: z
      .url({ protocol: /^https$/, error: 'must be an https URL such as https://graph.microsoft.com/v1.0' })
      .default('https://graph.microsoft.com/v1.0'),
    GRAPH_AUTHORITY_HOST: z
      .url({ protocol: /^https$/, error: 'must be an https URL such as https://login.microsoftonline.com' })
      .default('https://login.microsoftonline.com'),
    GRAPH_POLL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    // The waits between attempts to make one request while Microsoft does not answer; then the partner is told.
    GRAPH_RETRY_SECONDS: z
      .string()
      .trim()
      .regex(
        /^\d{1,5}(,\d{1,5}){0,19}$/,
        'must be waits in seconds separated by commas, such as 30,60,120,300,600,1200',
      )
      .default(SEND_RETRY_SECONDS.join(','))
      .transform((v) => v.split(',').map(Number)),
    // A new, empty store gets the demo directory (Fabrikam, Contoso, …): `auto` does so only when simulated —
    // connected to a real tenant, fictional organisations would stand for real ones.
    DEMO_DATA: z.enum(['auto', 'yes', 'no']).default('auto'),
    // Connected: the partner's Partner ID (MPN id), which Microsoft Graph does not give.
    PARTNER_ID: z
      .string()
      .trim()
      .default('')
      .refine((v) => v === '' || /^\d{5,10}$/.test(v), 'must be your Partner ID (MPN id), digits only'),
    // Connected: the partner's country when Microsoft's organisation record has none (ISO 3166 alpha-2).
    PARTNER_COUNTRY: z
      .string()
      .trim()
      .toUpperCase()
      .default('')
      .refine((v) => v === '' || /^[A-Z]{2}$/.test(v), 'must be a two-letter country code such as GB'),
    TEAMS_APP_ID: z.string().trim().default(''),
  })
  .superRefine((c, issue) => {
    if (c.STORE === 'postgres' && !c.DATABASE_URL)
      issue.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required when STORE=postgres (postgres://user:password@host:5432/database)',
      });
    if (c.MicrosoftAppId && c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
      issue.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set',
      });
    }
    if (c.PARTNER_CENTER === 'graph') {
      for (const key of ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const) {
        if (!c[key]) issue.addIssue({ code: 'custom', path: [key], message: 'is required when PARTNER_CENTER=graph' });
      }
    }
    if (c.MicrosoftAppId && c.MicrosoftAppType !== 'MultiTenant' && !c.MicrosoftAppTenantId) {
      issue.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: `is required when MicrosoftAppType is ${c.MicrosoftAppType}`,
      });
    }
  });

export type BotConfig = z.infer<typeof schema>;

/** The interface to listen on: HOST if set, else loopback in open mode and every interface with an app id. */
export const listenHost = (config: BotConfig): string =>
  config.HOST || (config.MicrosoftAppId ? '0.0.0.0' : '127.0.0.1');

/** Open mode: no app id, no token checked; self-declared identity (Emulator sign-in) is allowed only here (R24). */
export const isOpenMode = (config: Pick<BotConfig, 'MicrosoftAppId'>): boolean => config.MicrosoftAppId === '';

export class ConfigError extends Error {}

/** Validates the given variables (tests pass their own). */
export function readConfig(env: Record<string, string | undefined> = process.env): BotConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  throw new ConfigError(`Bad configuration: ${problems.join('; ')}. See .env.example.`);
}

/** What every entry point calls: `.env` (if there is one) fills in what the environment does not set. */
export function loadConfig(envFile = '.env'): BotConfig {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return readConfig(process.env);
}
