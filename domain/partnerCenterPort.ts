import type { MicrosoftRelationshipStatus, PartnerRole } from './types.js';

export { MICROSOFT_RELATIONSHIP_STATUSES, type MicrosoftRelationshipStatus } from './types.js';

// What the domain needs from Partner Center when the bot is connected to it (PARTNER_CENTER=graph):
// Microsoft's GDAP relationships, the customer's tenant, the partner user's Partner Center role.
// The adapter (partnerCenter/) speaks Microsoft Graph; the domain sees these shapes and codes only.

export interface MicrosoftRelationship {
  id: string;
  displayName: string;
  status: MicrosoftRelationshipStatus;
  /** The relationship's ETag: what a change (auto-extend) must name; it changes whenever anything does. */
  etag: string;
  customerTenantId: string;
  /** The customer's name as Microsoft gives it with the relationship. */
  customerName?: string;
  roleTemplateIds: string[];
  durationDays: number;
  autoExtend: boolean;
  createdAt?: string;
  activatedAt?: string;
  endsAt?: string;
}

export interface RelationshipRequest {
  /** R13: the relationship's name, unique for the partner; also what makes a retried create find the first one. */
  displayName: string;
  customerTenantId: string;
  customerName?: string;
  roleTemplateIds: readonly string[];
  durationDays: number;
  autoExtend: boolean;
}

export const ACCESS_ASSIGNMENT_STATUSES = ['pending', 'active', 'deleting', 'deleted', 'error'] as const;
export type AccessAssignmentStatus = (typeof ACCESS_ASSIGNMENT_STATUSES)[number];

export interface MicrosoftAccessAssignment {
  id: string;
  etag: string;
  status: AccessAssignmentStatus;
  groupId: string;
  roleTemplateIds: string[];
}

/** A deleted (or deleting) assignment is no access: its group may be assigned again, with a new assignment. */
export const isLiveAssignment = (a: { status: string }): boolean => a.status !== 'deleting' && a.status !== 'deleted';

/** The partner's own organisation, as Microsoft has it (GET /organization). */
export interface PartnerOrganization {
  tenantId: string;
  displayName: string;
  /** ISO 3166-1 alpha-2; Microsoft may not say. */
  country?: string;
}

/** A security group of the partner's tenant: its Entra object id and its name. */
export interface DirectoryGroup {
  id: string;
  displayName: string;
}

/** An Entra object id: what Microsoft accepts as an access container (a group id that is not one never reaches it). */
export const isObjectId = (id: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** Why Microsoft said no, as a code the edge turns into one sentence in the user's language. */
export const PARTNER_CENTER_FAILURES = [
  /** R13: Microsoft already has a relationship of this partner with this name. */
  'nameTaken',
  /** Microsoft refused a role, a duration or auto-extend with these roles. */
  'requestRefused',
  /** The partner's app lacks a permission or its admin consent. */
  'permissionMissing',
  /** No tenant answers for the customer's domain. */
  'customerTenantNotFound',
  /** The relationship is gone, or was never this partner's. */
  'notFound',
  /** The relationship changed at Microsoft since it was read (an ETag mismatch). */
  'changedMeanwhile',
  /** The app's credentials were refused (wrong tenant, client id or secret; expired or revoked). */
  'signInFailed',
  /** Microsoft did not answer, or answered 5xx or 429 after the retries: try again later. */
  'unavailable',
  /** R19: the relationship already ended (or is ending) at Microsoft: by the customer, or by an earlier request. */
  'alreadyEnded',
  /** R22: the security group does not exist in the partner's tenant (deleted since, or never a group). */
  'groupNotFound',
  /** R22: the group already has an assignment Microsoft is still making or removing. */
  'groupAlreadyAssigned',
  /** R22: Microsoft refused the group's roles. */
  'accessRefused',
  /** R18: Microsoft refused the auto-extend change. */
  'autoExtendRefused',
] as const;
export type PartnerCenterFailure = (typeof PARTNER_CENTER_FAILURES)[number];

export class PartnerCenterError extends Error {
  readonly operation: string | undefined;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** What the sentence names (a group, a role). */
  readonly params: Record<string, string>;

  constructor(
    readonly failure: PartnerCenterFailure,
    /** Microsoft's own words (its error code and message), for the log and the audit, never shown as they are. */
    readonly detail: string,
    about: {
      operation?: string;
      status?: number;
      code?: string;
      requestId?: string;
      params?: Record<string, string>;
    } = {},
  ) {
    super(`${failure}: ${detail}`);
    this.name = 'PartnerCenterError';
    this.operation = about.operation;
    this.status = about.status;
    this.code = about.code;
    this.requestId = about.requestId;
    this.params = about.params ?? {};
  }
}

/** The partner's tenant as a directory: who it is, its groups, who holds which Partner Center role. */
export interface PartnerDirectory {
  organization(): Promise<PartnerOrganization>;
  /** Security groups whose name has words starting with `words` (all of them without), by name, at most `limit`. */
  securityGroups(words: string | undefined, limit: number): Promise<DirectoryGroup[]>;
  /** The security group with this object id; undefined when there is none (or the id is not an object id). */
  securityGroup(id: string): Promise<DirectoryGroup | undefined>;
  /** The user's Partner Center roles: membership of AdminAgents, SalesAgents, HelpdeskAgents. */
  partnerRolesOf(userId: string): Promise<PartnerRole[]>;
  /** The members of AdminAgents: whom the partner's notices go to, whether or not they talked to the bot yet. */
  adminAgents(): Promise<Array<{ id: string; name: string; email: string }>>;
  /** The users in a security group, every page (R30). */
  groupMembers(groupId: string): Promise<Array<{ id: string; name: string; email: string }>>;
  /** The groups a user (by object id or user principal name) is a direct member of; undefined: no such user (R30). */
  groupsOf(user: string): Promise<string[] | undefined>;
}

export interface PartnerCenter {
  /** The partner's own tenant: the bot acts as that partner's app, and its users' roles come from it. */
  readonly partnerTenantId: string;
  readonly directory: PartnerDirectory;
  /** Obtains a token: start-up calls it so that wrong credentials stop the bot with one sentence. */
  signIn(): Promise<void>;
  findCustomerTenant(domain: string): Promise<{ tenantId: string; displayName: string } | undefined>;
  /** A tenant's name and default domain, from its id. */
  customerTenant(tenantId: string): Promise<{ tenantId: string; displayName: string; domain: string } | undefined>;
  createRelationship(request: RelationshipRequest): Promise<MicrosoftRelationship>;
  findRelationshipByName(displayName: string): Promise<MicrosoftRelationship | undefined>;
  listRelationshipsWith(customerTenantId: string): Promise<MicrosoftRelationship[]>;
  /** Every relationship of the partner, every page; `counter.pages` counts the requests it took. */
  listRelationships(counter?: { pages: number }): Promise<MicrosoftRelationship[]>;
  lockForApproval(id: string): Promise<void>;
  /** Only a relationship still `created` (never locked) can be deleted. */
  deleteRelationship(id: string, etag: string): Promise<void>;
  getRelationship(id: string): Promise<MicrosoftRelationship>;
  setAutoExtend(id: string, etag: string, autoExtend: boolean): Promise<MicrosoftRelationship>;
  /** Fails with `alreadyEnded` when Microsoft says it already ended or is ending. */
  terminate(id: string): Promise<void>;
  assignAccess(
    relationshipId: string,
    groupId: string,
    roleTemplateIds: readonly string[],
  ): Promise<MicrosoftAccessAssignment>;
  getAccessAssignment(relationshipId: string, assignmentId: string): Promise<MicrosoftAccessAssignment>;
  /** Every assignment, deleted ones included (with their status). */
  listAccessAssignments(relationshipId: string): Promise<MicrosoftAccessAssignment[]>;
  /**
   * New roles for a group already assigned (read, then PATCH with its ETag). Microsoft usually answers 202: the
   * assignment keeps its id and is `pending` until Microsoft has made the change.
   */
  changeAccessAssignment(
    relationshipId: string,
    assignmentId: string,
    roleTemplateIds: readonly string[],
  ): Promise<MicrosoftAccessAssignment>;
  /** A group that no longer has access: the assignment goes `deleting`, then `deleted`. */
  removeAccessAssignment(relationshipId: string, assignmentId: string): Promise<void>;
}
