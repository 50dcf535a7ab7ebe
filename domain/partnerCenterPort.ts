import type { MicrosoftRelationshipStatus, PartnerRole } from './types.js';

export { MICROSOFT_RELATIONSHIP_STATUSES, type MicrosoftRelationshipStatus } from './types.js';

// What the domain needs from Partner Center when the bot is connected to it (PARTNER_CENTER=graph):
// Microsoft's GDAP relationships, the customer's tenant, the partner user's Partner Center role.
// The adapter (partnerCenter/) speaks Microsoft Graph; the domain sees these shapes and codes only.

export interface MicrosoftRelationship {
  id: string;
  displayName: string;
  status: MicrosoftRelationshipStatus;
  /** The relationship's ETag: what a change (auto-extend) must name, and what a poll sends to hear "unchanged". */
  etag: string;
  customerTenantId: string;
  roleTemplateIds: string[];
  durationDays: number;
  autoExtend: boolean;
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

export interface MicrosoftAccessAssignment {
  id: string;
  etag: string;
  status: 'pending' | 'active' | 'deleting' | 'deleted' | 'error';
  groupId: string;
  roleTemplateIds: string[];
}

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
  /** The app cannot sign in (wrong tenant, client id or secret). */
  'signInFailed',
  /** Microsoft did not answer, or answered 5xx or 429 after the retries: try again later. */
  'unavailable',
] as const;
export type PartnerCenterFailure = (typeof PARTNER_CENTER_FAILURES)[number];

export class PartnerCenterError extends Error {
  constructor(
    readonly failure: PartnerCenterFailure,
    /** Microsoft's own words (its error code and message), for the log and the audit, never shown as they are. */
    readonly detail: string,
  ) {
    super(`${failure}: ${detail}`);
    this.name = 'PartnerCenterError';
  }
}

export interface PartnerCenter {
  /** The partner's own tenant: the bot acts as that partner's app, and its users' roles come from it. */
  readonly partnerTenantId: string;
  /** Obtains a token: start-up calls it so that wrong credentials stop the bot with one sentence. */
  signIn(): Promise<void>;
  findCustomerTenant(domain: string): Promise<{ tenantId: string; displayName: string } | undefined>;
  /** The user's Partner Center roles: membership of AdminAgents, SalesAgents, HelpdeskAgents. */
  partnerRolesOf(userId: string): Promise<PartnerRole[]>;
  createRelationship(request: RelationshipRequest): Promise<MicrosoftRelationship>;
  findRelationshipByName(displayName: string): Promise<MicrosoftRelationship | undefined>;
  listRelationshipsWith(customerTenantId: string): Promise<MicrosoftRelationship[]>;
  lockForApproval(id: string): Promise<void>;
  /** Only a relationship still `created` (never locked) can be deleted. */
  deleteRelationship(id: string, etag: string): Promise<void>;
  /** With `knownEtag`, `undefined` when nothing changed since (304). */
  getRelationship(id: string, knownEtag?: string): Promise<MicrosoftRelationship | undefined>;
  setAutoExtend(id: string, etag: string, autoExtend: boolean): Promise<MicrosoftRelationship>;
  terminate(id: string): Promise<void>;
  assignAccess(
    relationshipId: string,
    groupId: string,
    roleTemplateIds: readonly string[],
  ): Promise<MicrosoftAccessAssignment>;
  getAccessAssignment(relationshipId: string, assignmentId: string): Promise<MicrosoftAccessAssignment>;
  listAccessAssignments(relationshipId: string): Promise<MicrosoftAccessAssignment[]>;
  /** New roles for a group already assigned (read, then PATCH with its ETag). */
  changeAccessAssignment(
    relationshipId: string,
    assignmentId: string,
    roleTemplateIds: readonly string[],
  ): Promise<MicrosoftAccessAssignment>;
  /** A group that no longer has access. */
  removeAccessAssignment(relationshipId: string, assignmentId: string): Promise<void>;
}
