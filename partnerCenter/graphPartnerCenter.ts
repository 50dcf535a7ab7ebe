import { ClientSecretCredential } from '@azure/identity';
import { Client, ResponseType, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type {
  DelegatedAdminAccessAssignment,
  DelegatedAdminRelationship,
  TenantInformation,
} from '@microsoft/microsoft-graph-types';
import { durationToDays, toPartnerCenterError } from './graphErrors.js';
import {
  type MicrosoftAccessAssignment,
  type MicrosoftRelationship,
  type MicrosoftRelationshipStatus,
  MICROSOFT_RELATIONSHIP_STATUSES,
  type PartnerCenter,
  type RelationshipRequest,
} from '../domain/partnerCenterPort.js';
import type { PartnerRole } from '../domain/types.js';

// Partner Center through Microsoft Graph v1.0, as the partner's own Entra app (client credentials).
// Throttling (429) and short outages (503, 504) are retried by the Graph client as Retry-After
// says; what still fails becomes a PartnerCenterError with one of the domain's codes.

export interface GraphSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** e.g. https://graph.microsoft.com/v1.0 (US Government: https://graph.microsoft.us/v1.0). */
  baseUrl: string;
  /** e.g. https://login.microsoftonline.com (US Government: https://login.microsoftonline.us). */
  authorityHost: string;
  /** How long a user's Partner Center role is remembered. */
  roleCacheMs?: number;
  /** The Graph client's own retries on 429/503/504 (each waits what Retry-After says). */
  maxRetries?: number;
  clock?: () => number;
}

const GROUP_ROLES: Record<string, PartnerRole> = {
  AdminAgents: 'adminAgent',
  SalesAgents: 'salesAgent',
  HelpdeskAgents: 'helpdeskAgent',
};
const RELATIONSHIPS = '/tenantRelationships/delegatedAdminRelationships';

export class GraphPartnerCenter implements PartnerCenter {
  private readonly client: Client;
  private readonly credential: ClientSecretCredential;
  private readonly scope: string;
  private readonly roles = new Map<string, { roles: PartnerRole[]; until: number }>();

  constructor(private readonly settings: GraphSettings) {
    const base = new URL(settings.baseUrl);
    const segments = base.pathname.split('/').filter(Boolean);
    const version = segments.pop() ?? 'v1.0';
    // The identity library looks aliases up at login.microsoftonline.com unless told the authority is
    // known; the authority here is configured per cloud, so no look-up is needed (and none can leave it).
    this.credential = new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, {
      authorityHost: settings.authorityHost,
      disableInstanceDiscovery: true,
    });
    this.scope = `${base.origin}/.default`;
    this.client = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(this.credential, { scopes: [this.scope] }),
      baseUrl: `${base.origin}/${segments.map((s) => `${s}/`).join('')}`,
      defaultVersion: version,
      customHosts: new Set([base.hostname]),
      middlewareOptions: [new RetryHandlerOptions(undefined, settings.maxRetries ?? 3)],
    } as Parameters<typeof Client.initWithMiddleware>[0]);
  }

  get partnerTenantId(): string {
    return this.settings.tenantId;
  }

  private now(): number {
    return (this.settings.clock ?? Date.now)();
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toPartnerCenterError(what, error);
    }
  }

  async signIn(): Promise<void> {
    await this.call('sign-in', () => this.credential.getToken(this.scope));
  }

  async findCustomerTenant(domain: string) {
    try {
      const info = (await this.client
        .api(
          `/tenantRelationships/findTenantInformationByDomainName(domainName='${encodeURIComponent(domain.replace(/'/g, "''"))}')`,
        )
        .get()) as TenantInformation;
      return { tenantId: info.tenantId ?? '', displayName: info.displayName ?? domain };
    } catch (error) {
      const failure = toPartnerCenterError('find the tenant', error);
      if (failure.failure === 'notFound') return undefined;
      throw failure;
    }
  }

  async partnerRolesOf(userId: string): Promise<PartnerRole[]> {
    const cached = this.roles.get(userId);
    if (cached && cached.until > this.now()) return cached.roles;
    let groups: Array<{ displayName?: string | null }>;
    try {
      groups = (
        (await this.client
          .api(`/users/${encodeURIComponent(userId)}/memberOf`)
          .select('id,displayName')
          .get()) as { value: Array<{ displayName?: string | null }> }
      ).value;
    } catch (error) {
      const failure = toPartnerCenterError('read the user’s groups', error);
      if (failure.failure !== 'notFound') throw failure;
      groups = []; // not a user of the partner's tenant
    }
    const roles = [
      ...new Set(groups.map((g) => GROUP_ROLES[g.displayName ?? '']).filter((r): r is PartnerRole => r !== undefined)),
    ];
    this.roles.set(userId, { roles, until: this.now() + (this.settings.roleCacheMs ?? 5 * 60_000) });
    return roles;
  }

  async createRelationship(request: RelationshipRequest): Promise<MicrosoftRelationship> {
    const body = {
      displayName: request.displayName,
      duration: `P${request.durationDays}D`,
      customer: {
        tenantId: request.customerTenantId,
        ...(request.customerName ? { displayName: request.customerName } : {}),
      },
      accessDetails: { unifiedRoles: request.roleTemplateIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
      autoExtendDuration: request.autoExtend ? 'P180D' : 'PT0S',
    };
    return toRelationship(await this.call('create the relationship', () => this.client.api(RELATIONSHIPS).post(body)));
  }

  async findRelationshipByName(displayName: string): Promise<MicrosoftRelationship | undefined> {
    const page = (await this.call('find the relationship', () =>
      this.client
        .api(RELATIONSHIPS)
        .filter(`displayName eq '${displayName.replace(/'/g, "''")}'`)
        .get(),
    )) as { value: DelegatedAdminRelationship[] };
    const found = page.value[0];
    return found ? toRelationship(found) : undefined;
  }

  async listRelationshipsWith(customerTenantId: string): Promise<MicrosoftRelationship[]> {
    const page = (await this.call('list the relationships', () =>
      this.client
        .api(RELATIONSHIPS)
        .filter(`customer/tenantId eq '${customerTenantId.replace(/'/g, "''")}'`)
        .get(),
    )) as { value: DelegatedAdminRelationship[] };
    return page.value.map(toRelationship);
  }

  async lockForApproval(id: string): Promise<void> {
    await this.call('lock the relationship for approval', () =>
      this.client.api(`${RELATIONSHIPS}/${encodeURIComponent(id)}/requests`).post({ action: 'lockForApproval' }),
    );
  }

  async deleteRelationship(id: string, etag: string): Promise<void> {
    await this.call('delete the relationship', () =>
      this.client
        .api(`${RELATIONSHIPS}/${encodeURIComponent(id)}`)
        .header('If-Match', etag)
        .delete(),
    );
  }

  async getRelationship(id: string, knownEtag?: string): Promise<MicrosoftRelationship | undefined> {
    let request = this.client.api(`${RELATIONSHIPS}/${encodeURIComponent(id)}`).responseType(ResponseType.RAW);
    if (knownEtag) request = request.header('If-None-Match', knownEtag);
    const response = (await this.call('read the relationship', () => request.get())) as Response;
    if (response.status === 304) return undefined;
    const body = (await response.json().catch(() => ({}))) as DelegatedAdminRelationship & {
      error?: { code?: string; message?: string };
    };
    if (!response.ok)
      throw toPartnerCenterError('read the relationship', {
        statusCode: response.status,
        code: body.error?.code,
        message: body.error?.message,
      });
    return toRelationship(body);
  }

  async setAutoExtend(id: string, etag: string, autoExtend: boolean): Promise<MicrosoftRelationship> {
    return toRelationship(
      await this.call('change auto-extend', () =>
        this.client
          .api(`${RELATIONSHIPS}/${encodeURIComponent(id)}`)
          .header('If-Match', etag)
          .patch({ autoExtendDuration: autoExtend ? 'P180D' : 'PT0S' }),
      ),
    );
  }

  async terminate(id: string): Promise<void> {
    await this.call('terminate the relationship', () =>
      this.client.api(`${RELATIONSHIPS}/${encodeURIComponent(id)}/requests`).post({ action: 'terminate' }),
    );
  }

  async assignAccess(
    relationshipId: string,
    groupId: string,
    roleTemplateIds: readonly string[],
  ): Promise<MicrosoftAccessAssignment> {
    const body = {
      accessContainer: { accessContainerId: groupId, accessContainerType: 'securityGroup' },
      accessDetails: { unifiedRoles: roleTemplateIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
    };
    return toAssignment(
      await this.call('assign access', () =>
        this.client.api(`${RELATIONSHIPS}/${encodeURIComponent(relationshipId)}/accessAssignments`).post(body),
      ),
    );
  }

  async listAccessAssignments(relationshipId: string): Promise<MicrosoftAccessAssignment[]> {
    const page = (await this.call('list the access assignments', () =>
      this.client.api(`${RELATIONSHIPS}/${encodeURIComponent(relationshipId)}/accessAssignments`).get(),
    )) as { value: DelegatedAdminAccessAssignment[] };
    return page.value.map(toAssignment);
  }

  async changeAccessAssignment(
    relationshipId: string,
    assignmentId: string,
    roleTemplateIds: readonly string[],
  ): Promise<MicrosoftAccessAssignment> {
    const now = await this.getAccessAssignment(relationshipId, assignmentId);
    const body = { accessDetails: { unifiedRoles: roleTemplateIds.map((roleDefinitionId) => ({ roleDefinitionId })) } };
    return toAssignment(
      await this.call('change the access assignment', () =>
        this.client
          .api(
            `${RELATIONSHIPS}/${encodeURIComponent(relationshipId)}/accessAssignments/${encodeURIComponent(assignmentId)}`,
          )
          .header('If-Match', now.etag)
          .patch(body),
      ),
    );
  }

  async removeAccessAssignment(relationshipId: string, assignmentId: string): Promise<void> {
    const now = await this.getAccessAssignment(relationshipId, assignmentId);
    await this.call('remove the access assignment', () =>
      this.client
        .api(
          `${RELATIONSHIPS}/${encodeURIComponent(relationshipId)}/accessAssignments/${encodeURIComponent(assignmentId)}`,
        )
        .header('If-Match', now.etag)
        .delete(),
    );
  }

  async getAccessAssignment(relationshipId: string, assignmentId: string): Promise<MicrosoftAccessAssignment> {
    return toAssignment(
      await this.call('read the access assignment', () =>
        this.client
          .api(
            `${RELATIONSHIPS}/${encodeURIComponent(relationshipId)}/accessAssignments/${encodeURIComponent(assignmentId)}`,
          )
          .get(),
      ),
    );
  }
}

function toRelationship(r: DelegatedAdminRelationship & { '@odata.etag'?: string }): MicrosoftRelationship {
  const status = MICROSOFT_RELATIONSHIP_STATUSES.includes(r.status as MicrosoftRelationshipStatus)
    ? (r.status as MicrosoftRelationshipStatus)
    : 'created';
  return {
    id: r.id ?? '',
    displayName: r.displayName ?? '',
    status,
    etag: r['@odata.etag'] ?? '',
    customerTenantId: r.customer?.tenantId ?? '',
    roleTemplateIds: (r.accessDetails?.unifiedRoles ?? []).map((u) => u.roleDefinitionId ?? ''),
    durationDays: durationToDays(r.duration ?? ''),
    autoExtend: r.autoExtendDuration === 'P180D',
    ...(r.activatedDateTime ? { activatedAt: r.activatedDateTime } : {}),
    ...(r.endDateTime ? { endsAt: r.endDateTime } : {}),
  };
}

function toAssignment(a: DelegatedAdminAccessAssignment & { '@odata.etag'?: string }): MicrosoftAccessAssignment {
  const status = a.status;
  return {
    id: a.id ?? '',
    etag: a['@odata.etag'] ?? '',
    status:
      status === 'active' || status === 'deleting' || status === 'deleted' || status === 'error' ? status : 'pending',
    groupId: a.accessContainer?.accessContainerId ?? '',
    roleTemplateIds: (a.accessDetails?.unifiedRoles ?? []).map((u) => u.roleDefinitionId ?? ''),
  };
}
