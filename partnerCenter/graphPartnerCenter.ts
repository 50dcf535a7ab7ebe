import type {
  DelegatedAdminAccessAssignment,
  DelegatedAdminRelationship,
  TenantInformation,
} from '@microsoft/microsoft-graph-types';
import { GraphConnection, type GraphSettings, ResponseType } from './graphConnection.js';
import { GraphDirectory } from './graphDirectory.js';
import { durationToDays, toPartnerCenterError } from './graphErrors.js';
import {
  ACCESS_ASSIGNMENT_STATUSES,
  type AccessAssignmentStatus,
  type MicrosoftAccessAssignment,
  type MicrosoftRelationship,
  type MicrosoftRelationshipStatus,
  MICROSOFT_RELATIONSHIP_STATUSES,
  type PartnerCenter,
  PartnerCenterError,
  type RelationshipRequest,
} from '../domain/partnerCenterPort.js';

export type { GraphSettings } from './graphConnection.js';

// Partner Center through Microsoft Graph v1.0: GDAP relationships, their requests and their access
// assignments. Each method names the page of Microsoft's documentation it follows.

const RELATIONSHIPS = '/tenantRelationships/delegatedAdminRelationships';
/** Graph's largest page for these collections ($top supports up to 300 objects). */
const PAGE = 300;
const ENDED: ReadonlySet<string> = new Set(['terminationRequested', 'terminating', 'terminated', 'expired']);
const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;
const relationship = (id: string) => `${RELATIONSHIPS}/${encodeURIComponent(id)}`;
const assignmentPath = (id: string, assignmentId: string) =>
  `${relationship(id)}/accessAssignments/${encodeURIComponent(assignmentId)}`;

export class GraphPartnerCenter implements PartnerCenter {
  readonly directory: GraphDirectory;
  private readonly graph: GraphConnection;

  constructor(settings: GraphSettings) {
    this.graph = new GraphConnection(settings);
    this.directory = new GraphDirectory(this.graph);
  }

  get partnerTenantId(): string {
    return this.graph.tenantId;
  }

  async signIn(): Promise<void> {
    try {
      await this.graph.token();
    } catch (error) {
      throw toPartnerCenterError('readOrganization', error);
    }
  }

  /** https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbydomainname?view=graph-rest-1.0 */
  async findCustomerTenant(domain: string) {
    try {
      const info = (await this.graph.call('findTenant', () =>
        this.graph.client
          .api(
            `/tenantRelationships/findTenantInformationByDomainName(domainName=${quoted(encodeURIComponent(domain))})`,
          )
          .get(),
      )) as TenantInformation;
      return { tenantId: info.tenantId ?? '', displayName: info.displayName ?? domain };
    } catch (error) {
      if (error instanceof PartnerCenterError && error.failure === 'notFound') return undefined;
      throw error;
    }
  }

  /** https://learn.microsoft.com/graph/api/tenantrelationship-findtenantinformationbytenantid?view=graph-rest-1.0 */
  async customerTenant(tenantId: string) {
    try {
      const info = (await this.graph.call('readTenant', () =>
        this.graph.client
          .api(`/tenantRelationships/findTenantInformationByTenantId(tenantId=${quoted(encodeURIComponent(tenantId))})`)
          .get(),
      )) as TenantInformation;
      return {
        tenantId: info.tenantId ?? tenantId,
        displayName: info.displayName ?? tenantId,
        domain: info.defaultDomainName ?? '',
      };
    } catch (error) {
      if (error instanceof PartnerCenterError && error.failure === 'notFound') return undefined;
      throw error;
    }
  }

  /** https://learn.microsoft.com/graph/api/tenantrelationship-post-delegatedadminrelationships?view=graph-rest-1.0 */
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
    return toRelationship(
      (await this.graph.call('createRelationship', () =>
        this.graph.client.api(RELATIONSHIPS).post(body),
      )) as DelegatedAdminRelationship,
    );
  }

  /** https://learn.microsoft.com/graph/api/tenantrelationship-list-delegatedadminrelationships?view=graph-rest-1.0 ($filter) */
  async findRelationshipByName(displayName: string): Promise<MicrosoftRelationship | undefined> {
    const found = await this.graph.all<DelegatedAdminRelationship>('findRelationship', () =>
      this.graph.client.api(RELATIONSHIPS).filter(`displayName eq ${quoted(displayName)}`),
    );
    return found[0] ? toRelationship(found[0]) : undefined;
  }

  async listRelationshipsWith(customerTenantId: string): Promise<MicrosoftRelationship[]> {
    return (
      await this.graph.all<DelegatedAdminRelationship>('listRelationships', () =>
        this.graph.client
          .api(RELATIONSHIPS)
          .filter(`customer/tenantId eq ${quoted(customerTenantId)}`)
          .top(PAGE),
      )
    ).map(toRelationship);
  }

  /** The whole estate: every relationship, every page. */
  async listRelationships(counter?: { pages: number }): Promise<MicrosoftRelationship[]> {
    return (
      await this.graph.all<DelegatedAdminRelationship>(
        'listRelationships',
        () => this.graph.client.api(RELATIONSHIPS).top(PAGE),
        counter ? { counter } : {},
      )
    ).map(toRelationship);
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-requests?view=graph-rest-1.0 */
  async lockForApproval(id: string): Promise<void> {
    await this.graph.call('lockForApproval', () =>
      this.graph.client.api(`${relationship(id)}/requests`).post({ action: 'lockForApproval' }),
    );
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-delete?view=graph-rest-1.0 */
  async deleteRelationship(id: string, etag: string): Promise<void> {
    await this.graph.call('deleteRelationship', () =>
      this.graph.client.api(relationship(id)).header('If-Match', etag).delete(),
    );
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-get?view=graph-rest-1.0 */
  async getRelationship(id: string): Promise<MicrosoftRelationship> {
    return toRelationship(
      (await this.graph.call('readRelationship', () =>
        this.graph.client.api(relationship(id)).get(),
      )) as DelegatedAdminRelationship,
    );
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-update?view=graph-rest-1.0 */
  async setAutoExtend(id: string, etag: string, autoExtend: boolean): Promise<MicrosoftRelationship> {
    return toRelationship(
      (await this.graph.call('changeAutoExtend', () =>
        this.graph.client
          .api(relationship(id))
          .header('If-Match', etag)
          .patch({ autoExtendDuration: autoExtend ? 'P180D' : 'PT0S' }),
      )) as DelegatedAdminRelationship,
    );
  }

  /**
   * https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-requests?view=graph-rest-1.0 (terminate).
   * Refused, the relationship is read again: one that already ended or is ending says so.
   */
  async terminate(id: string): Promise<void> {
    try {
      await this.graph.call('terminate', () =>
        this.graph.client.api(`${relationship(id)}/requests`).post({ action: 'terminate' }),
      );
    } catch (error) {
      if (!(error instanceof PartnerCenterError) || (error.status !== 400 && error.status !== 409)) throw error;
      const now = await this.getRelationship(id).catch(() => undefined);
      if (now && ENDED.has(now.status))
        throw new PartnerCenterError('alreadyEnded', `${error.detail} (it is ${now.status})`, {
          operation: 'terminate',
          ...(error.status !== undefined ? { status: error.status } : {}),
          ...(error.code ? { code: error.code } : {}),
          ...(error.requestId ? { requestId: error.requestId } : {}),
          params: { status: now.status },
        });
      throw error;
    }
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-accessassignments?view=graph-rest-1.0 */
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
      (await this.graph.call(
        'assignAccess',
        () => this.graph.client.api(`${relationship(relationshipId)}/accessAssignments`).post(body),
        { group: groupId },
      )) as DelegatedAdminAccessAssignment,
    );
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-list-accessassignments?view=graph-rest-1.0 */
  async listAccessAssignments(relationshipId: string): Promise<MicrosoftAccessAssignment[]> {
    return (
      await this.graph.all<DelegatedAdminAccessAssignment>('listAccess', () =>
        this.graph.client.api(`${relationship(relationshipId)}/accessAssignments`).top(PAGE),
      )
    ).map(toAssignment);
  }

  /**
   * https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-update?view=graph-rest-1.0: 200 with the
   * assignment when nothing changed; typically 202, an empty body and the operation's Location: the assignment
   * keeps its id and is pending until Microsoft has made the change (followed by reading the assignment).
   */
  async changeAccessAssignment(
    relationshipId: string,
    assignmentId: string,
    roleTemplateIds: readonly string[],
  ): Promise<MicrosoftAccessAssignment> {
    const now = await this.getAccessAssignment(relationshipId, assignmentId);
    const body = { accessDetails: { unifiedRoles: roleTemplateIds.map((roleDefinitionId) => ({ roleDefinitionId })) } };
    const answer = await this.graph.send(
      'changeAccess',
      () =>
        this.graph.client
          .api(assignmentPath(relationshipId, assignmentId))
          .header('If-Match', now.etag)
          .responseType(ResponseType.RAW)
          .patch(body) as Promise<Response>,
      { group: now.groupId },
    );
    if (answer.status === 200 && answer.body) return toAssignment(answer.body as DelegatedAdminAccessAssignment);
    return { ...now, etag: '', status: 'pending', roleTemplateIds: [...roleTemplateIds] };
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-delete?view=graph-rest-1.0 (204) */
  async removeAccessAssignment(relationshipId: string, assignmentId: string): Promise<void> {
    const now = await this.getAccessAssignment(relationshipId, assignmentId);
    if (now.status === 'deleting' || now.status === 'deleted') return;
    await this.graph.call(
      'removeAccess',
      () => this.graph.client.api(assignmentPath(relationshipId, assignmentId)).header('If-Match', now.etag).delete(),
      { group: now.groupId },
    );
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-get?view=graph-rest-1.0 */
  async getAccessAssignment(relationshipId: string, assignmentId: string): Promise<MicrosoftAccessAssignment> {
    if (!assignmentId) throw new PartnerCenterError('notFound', 'an access assignment without an id');
    return toAssignment(
      (await this.graph.call('readAccess', () =>
        this.graph.client.api(assignmentPath(relationshipId, assignmentId)).get(),
      )) as DelegatedAdminAccessAssignment,
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
    ...(r.customer?.displayName ? { customerName: r.customer.displayName } : {}),
    roleTemplateIds: (r.accessDetails?.unifiedRoles ?? []).map((u) => u.roleDefinitionId ?? ''),
    durationDays: durationToDays(r.duration ?? ''),
    autoExtend: r.autoExtendDuration === 'P180D',
    ...(r.createdDateTime ? { createdAt: r.createdDateTime } : {}),
    ...(r.activatedDateTime ? { activatedAt: r.activatedDateTime } : {}),
    ...(r.endDateTime ? { endsAt: r.endDateTime } : {}),
  };
}

function toAssignment(a: DelegatedAdminAccessAssignment & { '@odata.etag'?: string }): MicrosoftAccessAssignment {
  const status = ACCESS_ASSIGNMENT_STATUSES.includes(a.status as AccessAssignmentStatus)
    ? (a.status as AccessAssignmentStatus)
    : 'pending';
  return {
    id: a.id ?? '',
    etag: a['@odata.etag'] ?? '',
    status,
    groupId: a.accessContainer?.accessContainerId ?? '',
    roleTemplateIds: (a.accessDetails?.unifiedRoles ?? []).map((u) => u.roleDefinitionId ?? ''),
  };
}
