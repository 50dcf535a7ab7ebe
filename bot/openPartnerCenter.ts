import type { PartnerCenter } from '../domain/partnerCenterPort.js';
import { PartnerCenterError } from '../domain/partnerCenterPort.js';
import type { Store } from '../data/store.js';
import type { BotConfig } from './config.js';

// PARTNER_CENTER=graph: the partner's app signs in to Microsoft before the bot listens, so that a
// wrong setting stops start-up with one sentence naming it instead of failing the first Send.

export class PartnerCenterStartError extends Error {}

export async function openPartnerCenter(config: BotConfig, store: Store): Promise<PartnerCenter | undefined> {
  if (config.PARTNER_CENTER !== 'graph') return undefined;
  const partner = await store.unitOfWork.read((r) => r.partners.findByTenant(config.GRAPH_TENANT_ID));
  if (!partner) {
    throw new PartnerCenterStartError(
      `Cannot connect to Partner Center: no partner in the bot's directory has the tenant GRAPH_TENANT_ID=${config.GRAPH_TENANT_ID}. Add your organisation to the seed file and run npm run seed (README "Connect to Partner Center").`,
    );
  }
  // Loaded only in this mode: the identity library and the Graph client cost a simulated bot nothing.
  const { GraphPartnerCenter } = await import('../partnerCenter/graphPartnerCenter.js');
  const pc = new GraphPartnerCenter({
    tenantId: config.GRAPH_TENANT_ID,
    clientId: config.GRAPH_CLIENT_ID,
    clientSecret: config.GRAPH_CLIENT_SECRET,
    baseUrl: config.GRAPH_BASE_URL,
    authorityHost: config.GRAPH_AUTHORITY_HOST,
  });
  try {
    await pc.signIn();
  } catch (error) {
    throw new PartnerCenterStartError(signInProblem(error, config));
  }
  return pc;
}

/** Which setting is wrong, from what Entra ID answered (its AADSTS codes). */
function signInProblem(error: unknown, config: BotConfig): string {
  const detail = error instanceof PartnerCenterError ? error.detail : String((error as Error)?.message ?? error);
  const start = 'Cannot connect to Partner Center:';
  if (/AADSTS7000215|AADSTS7000222|invalid_client/i.test(detail))
    return `${start} Microsoft refused the app's secret; check GRAPH_CLIENT_SECRET (the secret's value, not its id; it may have expired).`;
  if (/AADSTS700016|unauthorized_client/i.test(detail))
    return `${start} Microsoft knows no app ${config.GRAPH_CLIENT_ID} in tenant ${config.GRAPH_TENANT_ID}; check GRAPH_CLIENT_ID.`;
  if (/AADSTS90002|AADSTS900023|invalid_tenant|Tenant .* not found/i.test(detail))
    return `${start} Microsoft knows no tenant ${config.GRAPH_TENANT_ID}; check GRAPH_TENANT_ID.`;
  if (/endpoints_resolution_error|ENOTFOUND|ECONNREFUSED|certificate|ETIMEDOUT|fetch failed/i.test(detail))
    return `${start} the sign-in service at ${config.GRAPH_AUTHORITY_HOST} cannot be reached (${detail.slice(0, 160)}); check GRAPH_AUTHORITY_HOST.`;
  return `${start} signing in as the app ${config.GRAPH_CLIENT_ID} failed (${detail.slice(0, 200)}); check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET.`;
}
