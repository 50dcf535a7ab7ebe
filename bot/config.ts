import { existsSync } from 'node:fs';
import { z } from 'zod';

// Start-up configuration from the environment and a .env file (the environment wins). Every entry
// point (npm start, npm run seed, npm run package) reads it here; a bad value stops the program
// with a message naming it.

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978), // 0: any free port (tests)
    DB_FILE: z.string().min(1).default('./.data/db.json'),
    SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(3600),
    DELIVERY_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MicrosoftAppId: z.string().trim().default('').refine((v) => v === '' || guid.test(v), 'must be empty (local clients) or the Azure Bot registration id, a GUID'),
    MicrosoftAppPassword: z.string().default(''),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: z.string().trim().default('').refine((v) => v === '' || guid.test(v), 'must be empty or a tenant id (GUID)'),
    BOT_DOMAIN: z.string().trim().default(''),
    TEAMS_APP_ID: z.string().trim().default(''),
  })
  .superRefine((c, issue) => {
    if (c.MicrosoftAppId && c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
      issue.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'is required when MicrosoftAppId is set' });
    }
    if (c.MicrosoftAppId && c.MicrosoftAppType !== 'MultiTenant' && !c.MicrosoftAppTenantId) {
      issue.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: `is required when MicrosoftAppType is ${c.MicrosoftAppType}` });
    }
  });

export type BotConfig = z.infer<typeof schema>;

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
