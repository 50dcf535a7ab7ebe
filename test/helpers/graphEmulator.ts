import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoSeed } from './world.js';
import { demoApp, demoWorldOptions } from '../../graphEmulator/demoTenants.js';
import { startGraphEmulator, type GraphEmulator } from '../../graphEmulator/server.js';
import type { ExistingRelationship } from '../../graphEmulator/world.js';
import type { GraphSettings } from '../../partnerCenter/graphPartnerCenter.js';

/**
 * The Microsoft Graph emulator with the demo tenants, on the certificate this test run trusts (test/runJest.ts). Pages
 * hold two items, so every collection the bot reads is read across pages.
 */
export async function startTestGraphEmulator(
  options: { provisioningMs?: number; pageSize?: number; existing?: ExistingRelationship[] } = {},
): Promise<GraphEmulator> {
  const dir = process.env.GRAPH_EMULATOR_CERTIFICATE_DIR;
  if (!dir)
    throw new Error(
      'Run the tests with npm run test:file or npm run test:postgres: they make the certificate every test process trusts.',
    );
  const certificate = {
    cert: readFileSync(join(dir, 'certificate.pem'), 'utf8'),
    key: readFileSync(join(dir, 'key.pem'), 'utf8'),
  };
  return startGraphEmulator({
    ...demoWorldOptions(demoSeed(), options.provisioningMs ?? 0),
    pageSize: options.pageSize ?? 2,
    ...(options.existing ? { existing: options.existing } : {}),
    certificate,
  });
}

export const FABRIKAM_TENANT = demoSeed().partners[0]!.tenantId;

/** The settings of Fabrikam's app registration against this emulator. */
export function fabrikamSettings(emulator: GraphEmulator, overrides: Partial<GraphSettings> = {}): GraphSettings {
  const app = demoApp(FABRIKAM_TENANT);
  return {
    tenantId: FABRIKAM_TENANT,
    clientId: app.clientId,
    clientSecret: app.secret,
    baseUrl: emulator.graphBaseUrl,
    authorityHost: emulator.origin,
    ...overrides,
  };
}

/**
 * The environment that runs the bot connected to Partner Center through this emulator (PARTNER_CENTER=graph), polling
 * every second.
 */
export function graphModeEnv(emulator: GraphEmulator, overrides: Record<string, string> = {}): Record<string, string> {
  const s = fabrikamSettings(emulator);
  return {
    PARTNER_CENTER: 'graph',
    GRAPH_TENANT_ID: s.tenantId,
    GRAPH_CLIENT_ID: s.clientId,
    GRAPH_CLIENT_SECRET: s.clientSecret,
    GRAPH_BASE_URL: s.baseUrl,
    GRAPH_AUTHORITY_HOST: s.authorityHost,
    GRAPH_POLL_SECONDS: '1',
    // The emulator's tenants are the demo directory's: its customers' people play the customer side.
    DEMO_DATA: 'yes',
    GRAPH_RETRY_SECONDS: '1,1',
    ...overrides,
  };
}
