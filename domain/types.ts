// The entities of ../shared/domain-rules.md. Timestamps are ISO 8601 strings so that a record
// is the same in memory and in the JSON file.

export type Cloud = 'commercial' | 'usgov';

export type Service = 'microsoft365' | 'azure' | 'dynamics365' | 'other';
export const SERVICES: readonly Service[] = ['microsoft365', 'azure', 'dynamics365', 'other'];

export type PartnerRole = 'adminAgent' | 'salesAgent' | 'helpdeskAgent';

export interface PartnerUser {
  id: string; // Entra object id (Teams `from.aadObjectId`)
  name: string;
  email: string;
  roles: PartnerRole[];
}

export interface Partner {
  id: string;
  name: string;
  mpnId: string;
  tenantId: string;
  cloud: Cloud;
  country: string; // ISO 3166-1 alpha-2
  specialisations: string[];
  users: PartnerUser[];
}

export type CustomerRole = 'globalAdministrator' | 'user';

export interface CustomerUser {
  id: string;
  name: string;
  email: string;
  role: CustomerRole;
}

export interface Customer {
  id: string;
  name: string;
  tenantId: string;
  verifiedDomains: string[];
  cloud: Cloud;
  country: string;
  isCspPartner: boolean;
  users: CustomerUser[];
}

export type InvitationStatus = 'pending' | 'approved' | 'declined' | 'expired' | 'cancelled';
export type RelationshipStatus = 'active' | 'expired' | 'terminated';

/** Who did something, as recorded in history and audit: enough to say "by Anna (Contoso)". */
export interface ActorRef {
  tenantId: string;
  userId: string;
  name: string;
  organisation: string;
}

export interface InvitationEvent {
  at: string;
  action: 'created' | 'resent' | 'reminded' | 'approved' | 'declined' | 'expired' | 'cancelled';
  by?: ActorRef; // absent for the clock (expiry)
  note?: string;
}

export interface Invitation {
  id: string;
  code: string; // short and human: "ABC-123"
  partnerId: string;
  customerDomain: string;
  customerId?: string; // once the tenant is known (directory or approver)
  customerTenantId?: string;
  recipientEmail?: string;
  services: Service[];
  roles: string[]; // admin role ids, least privilege first; empty = reseller relationship only
  durationDays: number | null; // null for a reseller-only invitation (no admin roles to expire)
  autoExtend: boolean;
  message?: string;
  status: InvitationStatus;
  createdAt: string;
  createdBy: ActorRef;
  expiresAt: string;
  decidedAt?: string;
  decidedBy?: ActorRef;
  reason?: string;
  relationshipId?: string;
  history: InvitationEvent[];
}

export interface RelationshipEvent {
  at: string;
  action: 'created' | 'rolesAdded' | 'extended' | 'autoExtendChanged' | 'expired' | 'terminated';
  by?: ActorRef;
  note?: string;
}

export interface Relationship {
  id: string;
  partnerId: string;
  customerId: string;
  roles: string[]; // granted admin roles; empty = reseller relationship only
  startedAt: string;
  endsAt: string | null; // null: reseller relationship only, nothing to expire
  autoExtend: boolean;
  status: RelationshipStatus;
  invitationIds: string[];
  terminatedAt?: string;
  terminatedBy?: ActorRef;
  history: RelationshipEvent[];
}

export interface Subscription {
  id: string;
  customerId: string;
  product: string;
  kind: 'microsoft365' | 'azure' | 'dynamics365' | 'other';
  quantity: number;
  status: 'active' | 'suspended';
  owner: string; // account ownership
  terms: string; // terms and the customer's obligations
  partnerOfRecordId: string;
  createdAt: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  tenantId: string;
  userId: string;
  action: string;
  objectType: 'invitation' | 'relationship' | 'subscription' | 'customer';
  objectId: string;
  outcome: 'allowed' | 'refused';
  rule?: string;
}

/** A message the bot owes someone; written in the same transaction as the change it reports. */
export interface Notification {
  id: string;
  createdAt: string;
  kind:
    | 'invitationSent'
    | 'invitationReminder'
    | 'invitationApproved'
    | 'invitationDeclined'
    | 'invitationExpired'
    | 'invitationCancelled'
    | 'relationshipTerminated';
  recipient: { kind: 'partner'; partnerId: string } | { kind: 'customer'; customerId?: string; domain: string };
  invitationId?: string;
  relationshipId?: string;
  deliveredAt?: string;
}
