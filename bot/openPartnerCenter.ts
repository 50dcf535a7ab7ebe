import type { Logger } from 'pino';
import type { Store } from '../data/store.js';
import { recordPartnerOrganization } from '../domain/partnerCenter/estate.js';
import type { PartnerCenter } from '../domain/partnerCenterPort.js';
import type { Cloud } from '../domain/types.js';
import type { CheckLine } from '../partnerCenter/checkConnection.js';
import type { GraphSettings } from '../partnerCenter/graphConnection.js';
import type { BotConfig } from './config.js';

// PARTNER_CENTER=graph: before the bot listens, every requirement of the connection is checked (the
// same lines as `npm run check-connection`), and the partner is recorded from Microsoft's own
// organisation record (R29): nothing about the partner has to be typed into a seed.

export class PartnerCenterStartError extends Error {}

export function graphSettings(config: BotConfig, log?: GraphSettings['log']): GraphSettings {
  return {
    tenantId: config.GRAPH_TENANT_ID,
    clientId: config.GRAPH_CLIENT_ID,
    clientSecret: config.GRAPH_CLIENT_SECRET,
    baseUrl: config.GRAPH_BASE_URL,
    authorityHost: config.GRAPH_AUTHORITY_HOST,
    ...(log ? { log } : {}),
  };
}

/** The cloud of the configured Graph host: Microsoft Cloud for US Government has its own. */
export const cloudOf = (baseUrl: string): Cloud =>
  /\.microsoft\.us$/i.test(new URL(baseUrl).hostname) ? 'usgov' : 'commercial';

export const checkLineText = (line: CheckLine) => `${line.ok ? 'ok     ' : 'MISSING'} ${line.text}`;

export async function openPartnerCenter(
  config: BotConfig,
  store: Store,
  logger?: Logger,
): Promise<PartnerCenter | undefined> {
  if (config.PARTNER_CENTER !== 'graph') return undefined;
  // Loaded only in this mode: the identity library and the Graph client cost a simulated bot nothing.
  const { checkConnection } = await import('../partnerCenter/checkConnection.js');
  const { GraphPartnerCenter } = await import('../partnerCenter/graphPartnerCenter.js');
  const lines = await checkConnection(graphSettings(config));
  for (const line of lines) logger?.info({ ok: line.ok }, `connection check: ${line.text}`);
  const missing = lines.filter((l) => !l.ok);
  // Without a token nothing else could be checked: one sentence.
  if (lines.length === 1 && missing.length === 1)
    throw new PartnerCenterStartError(
      `Cannot connect to Partner Center: ${lines[0]!.text.replace(/^no token: /, '')}.`,
    );
  if (missing.length > 0)
    throw new PartnerCenterStartError(
      ['Cannot connect to Partner Center (npm run check-connection says the same):', ...lines.map(checkLineText)].join(
        '\n',
      ),
    );
  const pc = new GraphPartnerCenter(graphSettings(config, logger));
  const organization = await pc.directory.organization();
  const known = await store.unitOfWork.read((r) => r.partners.findByTenant(config.GRAPH_TENANT_ID));
  if (!known && !config.PARTNER_ID)
    throw new PartnerCenterStartError(
      `Cannot connect to Partner Center: set PARTNER_ID to ${organization.displayName}'s Partner ID (MPN id, in Partner Center under Account settings → Legal info); Microsoft Graph does not give it.`,
    );
  if (!organization.country && !known && !config.PARTNER_COUNTRY)
    throw new PartnerCenterStartError(
      `Cannot connect to Partner Center: Microsoft's record of ${organization.displayName} has no country; set PARTNER_COUNTRY (e.g. GB).`,
    );
  const { partner, created } = await store.unitOfWork.run((r) =>
    recordPartnerOrganization(r, organization, {
      mpnId: config.PARTNER_ID,
      cloud: cloudOf(config.GRAPH_BASE_URL),
      assumedCountry: config.PARTNER_COUNTRY || known?.country || '',
    }),
  );
  logger?.info(
    { partner: partner.name, tenantId: partner.tenantId, country: partner.country, created },
    created ? 'partner recorded from Microsoft' : 'partner as Microsoft has it',
  );
  return pc;
}
