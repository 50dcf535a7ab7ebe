import { createHash, randomUUID } from 'node:crypto';

// What the emulator knows and how Microsoft's objects behave, without HTTP. Each rule names the
// page of Microsoft's documentation it follows; the statuses are those of
// https://learn.microsoft.com/graph/api/resources/delegatedadminrelationship?view=graph-rest-1.0.

export interface EmulatedUser {
  id: string;
  displayName: string;
  mail?: string;
  /** Display names of the groups the user is a member of (AdminAgents, SalesAgents, HelpdeskAgents, …). */
  groups: string[];
}

export interface EmulatedGroup {
  /** An Entra object id (a GUID), as Graph gives every group. */
  id: string;
  displayName: string;
  /** Security groups can hold access (R22); Microsoft 365 groups cannot. */
  securityEnabled?: boolean;
}

export interface EmulatedApp {
  clientId: string;
  secret: string;
  /** Application permissions granted with admin consent, e.g. DelegatedAdminRelationship.ReadWrite.All. */
  permissions: string[];
}

export interface EmulatedTenant {
  tenantId: string;
  displayName: string;
  /** ISO 3166-1 alpha-2, as `countryLetterCode` of the organization resource. */
  countryLetterCode?: string;
  domains: string[];
  users: EmulatedUser[];
  groups: EmulatedGroup[];
  apps: EmulatedApp[];
  /** App ids of the service principals in the tenant (e.g. Partner Customer Delegated Administration's). */
  servicePrincipals?: string[];
}

export const RELATIONSHIP_PERMISSION = 'DelegatedAdminRelationship.ReadWrite.All';
export const GROUP_PERMISSION = 'GroupMember.Read.All';
export const ORGANIZATION_PERMISSION = 'Organization.Read.All';
export const APPLICATION_PERMISSION = 'Application.Read.All';
/** The app whose service principal GDAP needs in the partner tenant ("Partner Customer Delegated Administration"). */
export const PARTNER_CUSTOMER_DELEGATED_ADMINISTRATION = '2832473f-ec63-45fb-976f-5d45a7d4bb91';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const TENANT_LOOKUP_PERMISSION = 'CrossTenantInformation.ReadBasic.All';
export const GLOBAL_ADMINISTRATOR_TEMPLATE = '62e90394-69f5-4237-9190-012177145e10';

/** An error as Graph returns it: the status and the OData error's code and message. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface RoleRef {
  roleDefinitionId: string;
}

export interface StoredRelationship {
  id: string;
  partnerTenantId: string;
  displayName: string;
  duration: string;
  autoExtendDuration: 'PT0S' | 'P0D' | 'P180D';
  customer: { tenantId: string; displayName?: string };
  roles: string[];
  createdDateTime: string;
  lastModifiedDateTime: string;
  lockedAt?: string;
  approvedAt?: string;
  terminationRequestedAt?: string;
  requests: Array<{ id: string; action: string; createdDateTime: string }>;
  assignments: StoredAssignment[];
  operations: StoredOperation[];
}

export interface StoredAssignment {
  id: string;
  groupId: string;
  roles: string[];
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** When it was deleted: `deleting`, then `deleted`, and still listed. */
  deletedAt?: string;
}

/** A long-running operation (delegatedAdminRelationshipOperation), e.g. an access assignment's update. */
export interface StoredOperation {
  id: string;
  operationType: 'delegatedAdminAccessAssignmentUpdate';
  data: string;
  createdDateTime: string;
}

/** A relationship that exists before the bot starts: made in Partner Center or by another tool. */
export interface ExistingRelationship {
  partnerTenantId: string;
  customerTenantId: string;
  displayName: string;
  roles: string[];
  durationDays: number;
  autoExtend?: boolean;
  /** Days since it became active (negative: still waiting for approval, locked that many days ago). */
  activeForDays: number;
  terminated?: boolean;
  /** Groups (by object id) that already hold some of its roles. */
  assignments?: Array<{ groupId: string; roles: string[] }>;
}

export type RelationshipStatus =
  | 'created'
  | 'approvalPending'
  | 'approved'
  | 'activating'
  | 'active'
  | 'expiring'
  | 'expired'
  | 'terminationRequested'
  | 'terminating'
  | 'terminated';

const DAY_MS = 86_400_000;
/** Durations Microsoft accepts: P{n}D from P1D to P2Y (730 days); P1Y and P2Y are spelled out too. */
export function durationDays(duration: unknown): number | undefined {
  if (typeof duration !== 'string') return undefined;
  const years = /^P([12])Y$/.exec(duration);
  if (years) return Number(years[1]) * 365;
  const days = /^P(\d{1,3})D$/.exec(duration);
  if (!days) return undefined;
  const n = Number(days[1]);
  return n >= 1 && n <= 730 ? n : undefined;
}

export interface WorldOptions {
  tenants: EmulatedTenant[];
  /** Role template ids the emulator accepts in a relationship (the GDAP-supported Entra roles). */
  roleTemplateIds: readonly string[];
  /** How long Microsoft takes from approved to active, and from terminationRequested to terminated. */
  provisioningMs?: number;
  /** The most items in one page of a collection; Graph may return fewer than `$top` asks for. */
  pageSize?: number;
  /** Relationships made before the bot started. */
  existing?: ExistingRelationship[];
}

export class GraphWorld {
  private readonly relationships = new Map<string, StoredRelationship>();
  private offsetMs = 0;
  readonly provisioningMs: number;
  readonly pageSize: number;

  constructor(readonly options: WorldOptions) {
    this.provisioningMs = options.provisioningMs ?? 0;
    this.pageSize = options.pageSize ?? 100;
    for (const existing of options.existing ?? []) this.addExisting(existing);
  }

  /** A relationship as Partner Center would have it after the given days, without the bot. */
  addExisting(e: ExistingRelationship): StoredRelationship {
    const now = this.now().getTime();
    const customer = this.tenant(e.customerTenantId);
    const at = (ms: number) => new Date(ms).toISOString();
    const activatedAt = now - e.activeForDays * DAY_MS;
    const created = at(activatedAt - this.provisioningMs - DAY_MS);
    const r: StoredRelationship = {
      id: `${randomUUID()}-${randomUUID()}`,
      partnerTenantId: e.partnerTenantId,
      displayName: e.displayName,
      duration: `P${e.durationDays}D`,
      autoExtendDuration: e.autoExtend ? 'P180D' : 'PT0S',
      customer: { tenantId: e.customerTenantId, ...(customer ? { displayName: customer.displayName } : {}) },
      roles: e.roles,
      createdDateTime: created,
      lastModifiedDateTime: created,
      lockedAt: e.activeForDays < 0 ? at(activatedAt) : created,
      ...(e.activeForDays >= 0 ? { approvedAt: at(activatedAt - this.provisioningMs) } : {}),
      ...(e.terminated ? { terminationRequestedAt: at(now - this.provisioningMs - 1) } : {}),
      requests: [],
      assignments: (e.assignments ?? []).map((a) => ({
        id: randomUUID(),
        groupId: a.groupId,
        roles: a.roles,
        createdDateTime: at(activatedAt),
        lastModifiedDateTime: at(activatedAt),
      })),
      operations: [],
    };
    this.relationships.set(r.id, r);
    return r;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** The test control's clock: moves every relationship's time on. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  tenant(tenantId: string): EmulatedTenant | undefined {
    return this.options.tenants.find((t) => t.tenantId === tenantId);
  }

  app(tenantId: string, clientId: string): EmulatedApp | undefined {
    return this.tenant(tenantId)?.apps.find((a) => a.clientId === clientId);
  }

  // --- tenantRelationship: findTenantInformationByDomainName ---------------------------------------
  findTenantByDomain(domain: string) {
    const tenant = this.options.tenants.find((t) => t.domains.some((d) => d.toLowerCase() === domain.toLowerCase()));
    if (!tenant)
      throw new GraphError(404, 'Directory_ObjectNotFound', `Tenant information is not found for domain ${domain}.`);
    return this.tenantInformation(tenant);
  }

  findTenantById(tenantId: string) {
    const tenant = this.tenant(tenantId);
    if (!tenant)
      throw new GraphError(404, 'Directory_ObjectNotFound', `Tenant information is not found for tenant ${tenantId}.`);
    return this.tenantInformation(tenant);
  }

  private tenantInformation(tenant: EmulatedTenant) {
    return {
      tenantId: tenant.tenantId,
      displayName: tenant.displayName,
      defaultDomainName: tenant.domains.find((d) => /\.onmicrosoft\.(com|us)$/.test(d)) ?? tenant.domains[0] ?? null,
      federationBrandName: null,
    };
  }

  // --- user: list memberOf --------------------------------------------------------------------------
  memberOf(tenantId: string, userId: string): EmulatedGroup[] {
    const tenant = this.tenant(tenantId);
    // GET /users/{id | userPrincipalName}/memberOf: the demo's principal names are their e-mail addresses.
    const user = tenant?.users.find((u) => u.id === userId || (u.mail ?? '').toLowerCase() === userId.toLowerCase());
    if (!tenant || !user)
      throw new GraphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${userId}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return tenant.groups.filter((g) => user.groups.includes(g.displayName));
  }

  // --- organization: https://learn.microsoft.com/graph/api/organization-list?view=graph-rest-1.0 ---
  organization(tenantId: string) {
    const tenant = this.tenant(tenantId)!;
    return {
      '@odata.type': '#microsoft.graph.organization',
      id: tenant.tenantId,
      displayName: tenant.displayName,
      countryLetterCode: tenant.countryLetterCode ?? null,
      verifiedDomains: tenant.domains.map((name, i) => ({
        name,
        isDefault: i === 0,
        isInitial: /\.onmicrosoft\./.test(name),
      })),
    };
  }

  // --- group: https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0 and group-get ---
  groups(tenantId: string): EmulatedGroup[] {
    return this.tenant(tenantId)?.groups ?? [];
  }

  group(tenantId: string, id: string): EmulatedGroup {
    const group = this.groups(tenantId).find((g) => g.id === id);
    if (!GUID.test(id)) throw new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${id}'.`);
    if (!group)
      throw new GraphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return group;
  }

  /** https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0: the users in a group. */
  members(tenantId: string, groupId: string): EmulatedUser[] {
    const group = this.group(tenantId, groupId);
    return (this.tenant(tenantId)?.users ?? []).filter((u) => u.groups.includes(group.displayName));
  }

  // --- servicePrincipal: https://learn.microsoft.com/graph/api/serviceprincipal-list?view=graph-rest-1.0 ---
  servicePrincipals(tenantId: string): Array<{ id: string; appId: string }> {
    return (this.tenant(tenantId)?.servicePrincipals ?? []).map((appId) => ({
      id: createHash('sha256')
        .update(`${tenantId}/${appId}`)
        .digest('hex')
        .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5'),
      appId,
    }));
  }

  // --- delegatedAdminRelationship -------------------------------------------------------------------
  /** https://learn.microsoft.com/graph/api/tenantrelationship-post-delegatedadminrelationships?view=graph-rest-1.0 */
  createRelationship(partnerTenantId: string, body: Record<string, unknown>): StoredRelationship {
    const displayName = body.displayName;
    if (typeof displayName !== 'string' || displayName.trim() === '')
      throw new GraphError(400, 'Request_BadRequest', 'The displayName property is required.');
    if (displayName.length > 50)
      throw new GraphError(400, 'Request_BadRequest', 'The displayName must be 50 characters or fewer.');
    if (durationDays(body.duration) === undefined)
      throw new GraphError(400, 'Request_BadRequest', 'The duration must be an ISO 8601 duration between P1D and P2Y.');
    const autoExtend = body.autoExtendDuration ?? 'PT0S';
    if (autoExtend !== 'PT0S' && autoExtend !== 'P0D' && autoExtend !== 'P180D')
      throw new GraphError(400, 'Request_BadRequest', 'The autoExtendDuration must be P0D, PT0S or P180D.');
    const roles = this.readRoles(body.accessDetails);
    if (autoExtend === 'P180D' && roles.includes(GLOBAL_ADMINISTRATOR_TEMPLATE))
      throw new GraphError(
        400,
        'Request_BadRequest',
        'Auto-extend is not available for a relationship that includes the Global Administrator role.',
      );
    const customer = body.customer as { tenantId?: unknown; displayName?: unknown } | undefined;
    if (
      customer !== undefined &&
      (typeof customer !== 'object' || customer === null || typeof customer.tenantId !== 'string')
    )
      throw new GraphError(400, 'Request_BadRequest', 'The customer must have a tenantId.');
    if (customer && !this.tenant(customer.tenantId as string))
      throw new GraphError(
        400,
        'Request_BadRequest',
        `The customer tenant ${String(customer.tenantId)} was not found.`,
      );
    const taken = [...this.relationships.values()].some(
      (r) => r.partnerTenantId === partnerTenantId && r.displayName.toLowerCase() === displayName.toLowerCase(),
    );
    if (taken)
      throw new GraphError(409, 'Conflict', `A relationship with the displayName '${displayName}' already exists.`);
    const at = this.now().toISOString();
    const relationship: StoredRelationship = {
      // Microsoft's ids are two GUIDs joined by a hyphen.
      id: `${randomUUID()}-${randomUUID()}`,
      partnerTenantId,
      displayName,
      duration: body.duration as string,
      autoExtendDuration: autoExtend,
      customer: customer
        ? {
            tenantId: customer.tenantId as string,
            ...(typeof customer.displayName === 'string' ? { displayName: customer.displayName } : {}),
          }
        : { tenantId: '' },
      roles,
      createdDateTime: at,
      lastModifiedDateTime: at,
      requests: [],
      assignments: [],
      operations: [],
    };
    this.relationships.set(relationship.id, relationship);
    return relationship;
  }

  private readRoles(accessDetails: unknown): string[] {
    const unified = (accessDetails as { unifiedRoles?: unknown } | undefined)?.unifiedRoles;
    if (!Array.isArray(unified) || unified.length === 0)
      throw new GraphError(400, 'Request_BadRequest', 'accessDetails.unifiedRoles must name at least one role.');
    const roles = unified.map((r: RoleRef) => r?.roleDefinitionId);
    for (const id of roles) {
      if (typeof id !== 'string' || !this.options.roleTemplateIds.includes(id))
        throw new GraphError(
          400,
          'Request_BadRequest',
          `The role ${String(id)} is not supported for delegated admin relationships.`,
        );
    }
    return [...new Set(roles as string[])];
  }

  get(partnerTenantId: string, id: string): StoredRelationship {
    const relationship = this.relationships.get(id);
    if (!relationship || relationship.partnerTenantId !== partnerTenantId)
      throw new GraphError(404, 'Request_ResourceNotFound', `The delegated admin relationship ${id} was not found.`);
    return relationship;
  }

  list(partnerTenantId: string): StoredRelationship[] {
    return [...this.relationships.values()].filter((r) => r.partnerTenantId === partnerTenantId);
  }

  /**
   * The status now: Microsoft moves through these by itself (delegatedAdminRelationship resource type, status values).
   */
  status(r: StoredRelationship): RelationshipStatus {
    const now = this.now().getTime();
    if (r.terminationRequestedAt) {
      const since = now - Date.parse(r.terminationRequestedAt);
      return since >= this.provisioningMs
        ? 'terminated'
        : since >= this.provisioningMs / 2
          ? 'terminating'
          : 'terminationRequested';
    }
    if (r.approvedAt) {
      const since = now - Date.parse(r.approvedAt);
      if (since < this.provisioningMs / 2) return 'approved';
      if (since < this.provisioningMs) return 'activating';
      const end = this.endOf(r);
      if (end !== undefined && now >= end) return 'expired';
      return 'active';
    }
    if (r.lockedAt) {
      // An approval request nobody approved expires after 90 days.
      return now - Date.parse(r.lockedAt) >= 90 * DAY_MS ? 'expired' : 'approvalPending';
    }
    return 'created';
  }

  private activatedAt(r: StoredRelationship): number | undefined {
    return r.approvedAt ? Date.parse(r.approvedAt) + this.provisioningMs : undefined;
  }

  /** endDateTime = activatedDateTime + duration, plus 180 days for each auto-extension that has happened. */
  private endOf(r: StoredRelationship): number | undefined {
    const activated = this.activatedAt(r);
    if (activated === undefined) return undefined;
    let end = activated + durationDays(r.duration)! * DAY_MS;
    if (r.autoExtendDuration === 'P180D') {
      const now = this.now().getTime();
      while (end <= now) end += 180 * DAY_MS;
    }
    return end;
  }

  /**
   * The resource as Graph returns it, with its @odata.etag (a hash of what it says, so it changes when anything does).
   */
  render(r: StoredRelationship): Record<string, unknown> {
    const status = this.status(r);
    const activated = this.activatedAt(r);
    const end = this.endOf(r);
    const resource: Record<string, unknown> = {
      id: r.id,
      displayName: r.displayName,
      duration: r.duration,
      customer: r.customer,
      accessDetails: { unifiedRoles: r.roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
      status,
      autoExtendDuration: r.autoExtendDuration,
      createdDateTime: r.createdDateTime,
      lastModifiedDateTime: r.lastModifiedDateTime,
      activatedDateTime:
        activated !== undefined && this.now().getTime() >= activated ? new Date(activated).toISOString() : null,
      endDateTime:
        end !== undefined
          ? new Date(
              status === 'terminated' ? Date.parse(r.terminationRequestedAt!) + this.provisioningMs : end,
            ).toISOString()
          : null,
    };
    return {
      '@odata.type': '#microsoft.graph.delegatedAdminRelationship',
      '@odata.etag': etagOf(resource),
      ...resource,
    };
  }

  etag(r: StoredRelationship): string {
    return this.render(r)['@odata.etag'] as string;
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-update?view=graph-rest-1.0: in `created`, anything the partner sets; once active, auto-extend only (Partner Center's auto-extend setting). */
  update(
    partnerTenantId: string,
    id: string,
    ifMatch: string | undefined,
    body: Record<string, unknown>,
  ): StoredRelationship {
    const r = this.get(partnerTenantId, id);
    this.checkIfMatch(r, ifMatch);
    const status = this.status(r);
    const keys = Object.keys(body);
    if (status === 'active') {
      if (keys.some((k) => k !== 'autoExtendDuration'))
        throw new GraphError(
          400,
          'Request_BadRequest',
          'Only autoExtendDuration can be changed once the relationship is active.',
        );
    } else if (status !== 'created') {
      throw new GraphError(400, 'Request_BadRequest', `The relationship cannot be updated in the ${status} status.`);
    }
    if ('autoExtendDuration' in body) {
      const value = body.autoExtendDuration;
      if (value !== 'PT0S' && value !== 'P0D' && value !== 'P180D')
        throw new GraphError(400, 'Request_BadRequest', 'The autoExtendDuration must be P0D, PT0S or P180D.');
      if (value === 'P180D' && r.roles.includes(GLOBAL_ADMINISTRATOR_TEMPLATE))
        throw new GraphError(
          400,
          'Request_BadRequest',
          'Auto-extend is not available for a relationship that includes the Global Administrator role.',
        );
      r.autoExtendDuration = value;
    }
    if (status === 'created') {
      if ('displayName' in body) {
        if (typeof body.displayName !== 'string' || body.displayName.length === 0 || body.displayName.length > 50)
          throw new GraphError(400, 'Request_BadRequest', 'The displayName must be 1 to 50 characters.');
        r.displayName = body.displayName;
      }
      if ('duration' in body) {
        if (durationDays(body.duration) === undefined)
          throw new GraphError(
            400,
            'Request_BadRequest',
            'The duration must be an ISO 8601 duration between P1D and P2Y.',
          );
        r.duration = body.duration as string;
      }
      if ('accessDetails' in body) r.roles = this.readRoles(body.accessDetails);
    }
    r.lastModifiedDateTime = this.now().toISOString();
    return r;
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-delete?view=graph-rest-1.0: only a relationship still in `created`. */
  delete(partnerTenantId: string, id: string, ifMatch: string | undefined): void {
    const r = this.get(partnerTenantId, id);
    this.checkIfMatch(r, ifMatch);
    if (this.status(r) !== 'created')
      throw new GraphError(
        400,
        'Request_BadRequest',
        `A relationship in the ${this.status(r)} status cannot be deleted.`,
      );
    this.relationships.delete(id);
  }

  private checkIfMatch(r: StoredRelationship, ifMatch: string | undefined): void {
    if (!ifMatch) throw new GraphError(400, 'Request_BadRequest', 'The If-Match header is required.');
    if (ifMatch !== '*' && ifMatch !== this.etag(r))
      throw new GraphError(
        412,
        'PreconditionFailed',
        'The relationship has changed since it was read (ETag mismatch).',
      );
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-requests?view=graph-rest-1.0: lockForApproval (from created) or terminate (from active). */
  request(partnerTenantId: string, id: string, body: Record<string, unknown>) {
    const r = this.get(partnerTenantId, id);
    const status = this.status(r);
    const action = body.action;
    if (action === 'lockForApproval') {
      if (status !== 'created')
        throw new GraphError(400, 'Request_BadRequest', `lockForApproval is not allowed in the ${status} status.`);
      r.lockedAt = this.now().toISOString();
    } else if (action === 'terminate') {
      // Already ended or ending (by the customer, or by an earlier request): a conflict with its state.
      if (status !== 'active')
        throw new GraphError(409, 'Conflict', `terminate is not allowed in the ${status} status.`);
      r.terminationRequestedAt = this.now().toISOString();
    } else {
      throw new GraphError(400, 'Request_BadRequest', 'The action must be lockForApproval or terminate.');
    }
    r.lastModifiedDateTime = this.now().toISOString();
    const request = { id: randomUUID(), action, createdDateTime: r.lastModifiedDateTime };
    r.requests.push(request);
    return {
      '@odata.type': '#microsoft.graph.delegatedAdminRelationshipRequest',
      ...request,
      status: 'succeeded',
      lastModifiedDateTime: request.createdDateTime,
    };
  }

  /** The customer's Global Administrator approves in the Microsoft 365 admin center (no API exists for it). */
  approveInAdminCenter(id: string): void {
    const r = this.relationships.get(id);
    if (!r)
      throw new GraphError(404, 'Request_ResourceNotFound', `The delegated admin relationship ${id} was not found.`);
    if (this.status(r) !== 'approvalPending')
      throw new GraphError(
        400,
        'Request_BadRequest',
        `Only a relationship pending approval can be approved (it is ${this.status(r)}).`,
      );
    r.approvedAt = this.now().toISOString();
    r.lastModifiedDateTime = r.approvedAt;
  }

  /** The customer terminates from the admin center. */
  terminateByCustomer(id: string): void {
    const r = this.relationships.get(id);
    if (!r || this.status(r) !== 'active')
      throw new GraphError(400, 'Request_BadRequest', 'Only an active relationship can be terminated.');
    r.terminationRequestedAt = this.now().toISOString();
    r.lastModifiedDateTime = r.terminationRequestedAt;
  }

  // --- delegatedAdminAccessAssignment ---------------------------------------------------------------
  /**
   * https://learn.microsoft.com/graph/api/delegatedadminrelationship-post-accessassignments?view=graph-rest-1.0: once
   * active; a security group of the partner tenant, named by its object id; a subset of the relationship's roles. A
   * group whose assignment was deleted may be assigned again (a new assignment); one still live is a conflict.
   */
  assign(partnerTenantId: string, id: string, body: Record<string, unknown>) {
    const r = this.get(partnerTenantId, id);
    if (this.status(r) !== 'active')
      throw new GraphError(
        400,
        'Request_BadRequest',
        `Access can be assigned only to an active relationship (it is ${this.status(r)}).`,
      );
    const container = body.accessContainer as
      { accessContainerId?: unknown; accessContainerType?: unknown } | undefined;
    if (
      !container ||
      container.accessContainerType !== 'securityGroup' ||
      typeof container.accessContainerId !== 'string'
    )
      throw new GraphError(
        400,
        'Request_BadRequest',
        'accessContainer must be a securityGroup with an accessContainerId.',
      );
    if (!GUID.test(container.accessContainerId))
      throw new GraphError(400, 'Request_BadRequest', `Invalid object identifier '${container.accessContainerId}'.`);
    const group = this.groups(partnerTenantId).find((g) => g.id === container.accessContainerId);
    if (!group || group.securityEnabled === false)
      throw new GraphError(
        400,
        'Request_BadRequest',
        `The security group ${container.accessContainerId} was not found in the partner tenant.`,
      );
    const roles = this.readRoles(body.accessDetails);
    this.checkSubset(r, roles);
    const live = r.assignments.find((a) => a.groupId === group.id && this.assignmentStatus(a) !== 'deleted');
    if (live)
      throw new GraphError(
        409,
        'Conflict',
        `The security group ${group.id} already has an access assignment on this relationship (${this.assignmentStatus(live)}).`,
      );
    const at = this.now().toISOString();
    const assignment = { id: randomUUID(), groupId: group.id, roles, createdDateTime: at, lastModifiedDateTime: at };
    r.assignments.push(assignment);
    return this.renderAssignment(assignment);
  }

  private checkSubset(r: StoredRelationship, roles: string[]): void {
    const extra = roles.filter((role) => !r.roles.includes(role));
    if (extra.length > 0)
      throw new GraphError(
        400,
        'Request_BadRequest',
        `The roles ${extra.join(', ')} are not part of the relationship.`,
      );
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-get?view=graph-rest-1.0 (deleted ones too). */
  assignment(partnerTenantId: string, id: string, assignmentId: string) {
    return this.renderAssignment(this.storedAssignment(this.get(partnerTenantId, id), assignmentId));
  }

  private storedAssignment(r: StoredRelationship, assignmentId: string): StoredAssignment {
    const assignment = r.assignments.find((a) => a.id === assignmentId);
    if (!assignment)
      throw new GraphError(404, 'Request_ResourceNotFound', `The access assignment ${assignmentId} was not found.`);
    return assignment;
  }

  /**
   * https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-update?view=graph-rest-1.0: new roles with
   * If-Match. The same roles: 200 and the assignment as it is. Otherwise a long-running operation: the server answers
   * 202 with its Location and Retry-After, the assignment keeps its id and is `pending` until provisioned.
   */
  updateAssignment(
    partnerTenantId: string,
    id: string,
    assignmentId: string,
    ifMatch: string | undefined,
    body: Record<string, unknown>,
  ): { unchanged: Record<string, unknown> } | { operation: StoredOperation } {
    const { r, assignment } = this.findAssignment(partnerTenantId, id, assignmentId, ifMatch);
    const status = this.assignmentStatus(assignment);
    if (status === 'deleting' || status === 'deleted')
      throw new GraphError(400, 'Request_BadRequest', `The access assignment is ${status} and cannot be updated.`);
    const roles = this.readRoles(body.accessDetails);
    this.checkSubset(r, roles);
    if (roles.length === assignment.roles.length && roles.every((role) => assignment.roles.includes(role)))
      return { unchanged: this.renderAssignment(assignment) };
    assignment.roles = roles;
    assignment.lastModifiedDateTime = this.now().toISOString();
    const operation: StoredOperation = {
      id: randomUUID(),
      operationType: 'delegatedAdminAccessAssignmentUpdate',
      data: JSON.stringify({ accessAssignmentId: assignment.id }),
      createdDateTime: assignment.lastModifiedDateTime,
    };
    r.operations.push(operation);
    return { operation };
  }

  /**
   * https://learn.microsoft.com/graph/api/delegatedadminaccessassignment-delete?view=graph-rest-1.0: 204 with If-Match;
   * the assignment goes `deleting`, then `deleted`, and stays listed with that status
   * (https://learn.microsoft.com/graph/api/resources/delegatedadminaccessassignment?view=graph-rest-1.0, status).
   */
  deleteAssignment(partnerTenantId: string, id: string, assignmentId: string, ifMatch: string | undefined): void {
    const { assignment } = this.findAssignment(partnerTenantId, id, assignmentId, ifMatch);
    const status = this.assignmentStatus(assignment);
    if (status === 'deleting' || status === 'deleted')
      throw new GraphError(400, 'Request_BadRequest', `The access assignment is already ${status}.`);
    assignment.deletedAt = this.now().toISOString();
    assignment.lastModifiedDateTime = assignment.deletedAt;
  }

  private findAssignment(partnerTenantId: string, id: string, assignmentId: string, ifMatch: string | undefined) {
    const r = this.get(partnerTenantId, id);
    const assignment = this.storedAssignment(r, assignmentId);
    if (!ifMatch) throw new GraphError(400, 'Request_BadRequest', 'The If-Match header is required.');
    if (ifMatch !== '*' && ifMatch !== this.renderAssignment(assignment)['@odata.etag'])
      throw new GraphError(
        412,
        'PreconditionFailed',
        'The access assignment has changed since it was read (ETag mismatch).',
      );
    return { r, assignment };
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationship-list-accessassignments?view=graph-rest-1.0 */
  assignments(partnerTenantId: string, id: string) {
    return this.get(partnerTenantId, id).assignments.map((a) => this.renderAssignment(a));
  }

  /** pending → active once provisioned; deleting → deleted once removed (each takes `provisioningMs`). */
  private assignmentStatus(a: StoredAssignment): 'pending' | 'active' | 'deleting' | 'deleted' {
    const since = this.now().getTime() - Date.parse(a.lastModifiedDateTime);
    if (a.deletedAt) return since >= this.provisioningMs ? 'deleted' : 'deleting';
    return since >= this.provisioningMs ? 'active' : 'pending';
  }

  private renderAssignment(a: StoredAssignment) {
    const resource = {
      id: a.id,
      status: this.assignmentStatus(a),
      createdDateTime: a.createdDateTime,
      lastModifiedDateTime: a.lastModifiedDateTime,
      accessContainer: { accessContainerId: a.groupId, accessContainerType: 'securityGroup' },
      accessDetails: { unifiedRoles: a.roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    };
    return {
      '@odata.type': '#microsoft.graph.delegatedAdminAccessAssignment',
      '@odata.etag': etagOf(resource),
      ...resource,
    };
  }

  /** https://learn.microsoft.com/graph/api/delegatedadminrelationshipoperation-get?view=graph-rest-1.0 */
  operation(partnerTenantId: string, id: string, operationId: string) {
    const r = this.get(partnerTenantId, id);
    const operation = r.operations.find((o) => o.id === operationId);
    if (!operation)
      throw new GraphError(404, 'Request_ResourceNotFound', `The operation ${operationId} was not found.`);
    const since = this.now().getTime() - Date.parse(operation.createdDateTime);
    const resource = {
      ...operation,
      status: since >= this.provisioningMs ? 'succeeded' : since >= this.provisioningMs / 2 ? 'running' : 'notStarted',
      lastModifiedDateTime:
        since >= this.provisioningMs
          ? new Date(Date.parse(operation.createdDateTime) + this.provisioningMs).toISOString()
          : operation.createdDateTime,
    };
    return {
      '@odata.type': '#microsoft.graph.delegatedAdminRelationshipOperation',
      '@odata.etag': etagOf(resource),
      ...resource,
    };
  }
}

function etagOf(resource: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(resource)).digest('base64').slice(0, 24);
  return `W/"${hash}"`;
}
