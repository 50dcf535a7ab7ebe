import type { Group, ServicePrincipal } from '@microsoft/microsoft-graph-types';
import { PartnerCenterError } from '../domain/partnerCenterPort.js';
import { GraphConnection, type GraphSettings } from './graphConnection.js';
import { GraphDirectory } from './graphDirectory.js';

// `npm run check-connection`, and the start-up in graph mode: each requirement of the connection to
// Partner Center checked on its own, one line each, naming what is missing and how to fix it.

/** The application permissions the bot uses in the partner tenant, and why (docs/partner-center.md lists them). */
export const REQUIRED_PERMISSIONS = [
  ['DelegatedAdminRelationship.ReadWrite.All', 'create, follow, extend and end GDAP relationships; assign access'],
  ['CrossTenantInformation.ReadBasic.All', "find a customer's tenant from its domain, and name imported customers"],
  [
    'GroupMember.Read.All',
    "read who is in AdminAgents, SalesAgents, HelpdeskAgents, and the partner's security groups",
  ],
  ['Organization.Read.All', "read the partner's own organisation (name, country)"],
  ['Application.Read.All', "check that GDAP's service principal exists in the tenant (this check only)"],
] as const;

/** The app whose service principal GDAP needs in the partner tenant ("Partner Customer Delegated Administration"). */
export const GDAP_APP_ID = '2832473f-ec63-45fb-976f-5d45a7d4bb91';
const AGENT_GROUPS = ['AdminAgents', 'SalesAgents', 'HelpdeskAgents'] as const;

export interface CheckLine {
  ok: boolean;
  text: string;
}

export async function checkConnection(settings: GraphSettings): Promise<CheckLine[]> {
  const graph = new GraphConnection({ ...settings, maxRetries: settings.maxRetries ?? 1 });
  const lines: CheckLine[] = [];
  const say = (ok: boolean, text: string) => lines.push({ ok, text });

  let roles: string[];
  try {
    const token = await graph.token();
    roles = rolesOf(token.token);
    say(true, `a token for Microsoft Graph can be had as the app ${settings.clientId} in ${settings.tenantId}`);
  } catch (error) {
    say(false, whyNoToken(error, settings));
    return lines; // nothing else can be checked without a token
  }

  for (const [permission, why] of REQUIRED_PERMISSIONS)
    say(
      roles.includes(permission),
      roles.includes(permission)
        ? `the permission ${permission} is granted (${why})`
        : `the permission ${permission} is missing: add it as an application permission of the app registration and grant admin consent (${why})`,
    );

  const canReadApps = roles.includes('Application.Read.All');
  if (canReadApps) {
    await attempt(say, `the service principal of GDAP's app ${GDAP_APP_ID}`, async () => {
      const found = await graph.all<ServicePrincipal>('readServicePrincipals', () =>
        graph.client.api('/servicePrincipals').filter(`appId eq '${GDAP_APP_ID}'`).select('id,appId'),
      );
      return found.length > 0
        ? {
            ok: true,
            text: `the service principal of "Partner Customer Delegated Administration" (${GDAP_APP_ID}) exists`,
          }
        : {
            ok: false,
            text: `the service principal of "Partner Customer Delegated Administration" (${GDAP_APP_ID}) is missing in the tenant: create it (New-MgServicePrincipal -AppId ${GDAP_APP_ID}) as Microsoft's GDAP API documentation asks`,
          };
    });
  } else {
    say(false, `the service principal of GDAP's app ${GDAP_APP_ID} cannot be checked without Application.Read.All`);
  }

  const directory = new GraphDirectory(graph);
  await attempt(say, "the partner's organisation", async () => {
    const org = await directory.organization();
    return {
      ok: true,
      text: `the organisation can be read: ${org.displayName}${org.country ? ` (${org.country})` : ' (no country: set PARTNER_COUNTRY)'}`,
    };
  });
  for (const name of AGENT_GROUPS)
    await attempt(say, `the group ${name}`, async () => {
      const found = await graph.all<Group>('readGroups', () =>
        graph.client.api('/groups').filter(`displayName eq '${name}'`).select('id,displayName'),
      );
      return found.length > 0
        ? { ok: true, text: `the group ${name} can be read` }
        : {
            ok: false,
            text: `the group ${name} was not found: Partner Center creates it when the tenant is enrolled; without it nobody has that role in the bot`,
          };
    });
  return lines;
}

async function attempt(
  say: (ok: boolean, text: string) => void,
  what: string,
  check: () => Promise<CheckLine>,
): Promise<void> {
  try {
    const line = await check();
    say(line.ok, line.text);
  } catch (error) {
    const failure = error instanceof PartnerCenterError ? error : undefined;
    say(
      false,
      failure?.failure === 'permissionMissing'
        ? `${what} cannot be read: Microsoft refused (403, ${failure.code ?? ''}); a permission above is missing or not consented`
        : `${what} cannot be read: ${failure ? `${failure.failure} (${failure.status ?? 'no answer'} ${failure.code ?? ''}, request id ${failure.requestId ?? '—'})` : short(error)}`,
    );
  }
}

/** Which setting is wrong, from what Entra ID answered (its AADSTS codes), or that it did not answer. */
function whyNoToken(error: unknown, settings: GraphSettings): string {
  const detail = short(error);
  if ((error as Error).name !== 'SignInRefused')
    return `no token: the sign-in service at ${settings.authorityHost} cannot be reached (${detail}); check GRAPH_AUTHORITY_HOST and the network`;
  if (/AADSTS7000215|AADSTS7000222|invalid_client/i.test(detail))
    return `no token: Microsoft refused the app's secret; check GRAPH_CLIENT_SECRET (the secret's value, not its id; it may have expired or been revoked)`;
  if (/AADSTS700016|unauthorized_client/i.test(detail))
    return `no token: Microsoft knows no app ${settings.clientId} in tenant ${settings.tenantId}; check GRAPH_CLIENT_ID`;
  if (/AADSTS90002|AADSTS900023|invalid_tenant/i.test(detail))
    return `no token: Microsoft knows no tenant ${settings.tenantId}; check GRAPH_TENANT_ID`;
  return `no token: Microsoft refused the app (${detail}); check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET`;
}

/** The `roles` claim of an app-only access token: its granted application permissions. Only read, never trusted. */
export function rolesOf(token: string): string[] {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      roles?: unknown;
    };
    return Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

const short = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 160);
