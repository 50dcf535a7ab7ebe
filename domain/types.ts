// The entities of docs/rules.md. Timestamps are ISO 8601 strings so that a record
// is the same in memory and in the JSON file.

// Every closed set of names is a constant here, so the data layer's schema is built from it.
export const CLOUDS = ['commercial', 'usgov'] as const;
export type Cloud = (typeof CLOUDS)[number];

export const SERVICES = ['microsoft365', 'azure', 'dynamics365', 'other'] as const;
export type Service = (typeof SERVICES)[number];

export const PARTNER_ROLES = ['adminAgent', 'salesAgent', 'helpdeskAgent'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export interface PartnerUser {
  id: string; // Entra object id (Teams `from.aadObjectId`)
  name: string;
  email: string;
  roles: PartnerRole[];
}

/** A partner security group in the partner's own tenant: what GDAP roles are assigned to (R22). */
export interface SecurityGroup {
  id: string;
  name: string;
  /** Simulated: its members, the partner's users (connected, Microsoft says who is in it, R30). */
  memberIds?: string[];
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
  securityGroups: SecurityGroup[];
}

/**
 * A customer user's role in Entra: a Global Administrator, a Customer Delegated Admin Relationship Administrator
 * (template fc8ad4e2-40e4-4724-8317-bcda7503ecbf: accepts, lists and ends GDAP relationships without being a Global
 * Administrator), or anyone else.
 */
export const CUSTOMER_ROLES = ['globalAdministrator', 'relationshipAdministrator', 'user'] as const;
export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
/** R10 R19: who may approve or decline an invitation and end a relationship for the customer. */
export const isApproverRole = (role: string): boolean =>
  role === 'globalAdministrator' || role === 'relationshipAdministrator';

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
  /** Microsoft did not say its country: the partner's stands in (connected, for a customer met through Microsoft). */
  countryAssumed?: boolean;
  /**
   * The organisation's language in Partner Center (its billing profile's, e.g. "ru"): for people the bot has not heard
   * from yet.
   */
  language?: string;
}

export const INVITATION_STATUSES = ['pending', 'approved', 'declined', 'expired', 'cancelled'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export const RELATIONSHIP_STATUSES = ['active', 'expired', 'terminated'] as const;
export type RelationshipStatus = (typeof RELATIONSHIP_STATUSES)[number];

/** Who did something, as recorded in history and audit: enough to say "by Anna (Contoso)". */
export interface ActorRef {
  tenantId: string;
  userId: string;
  name: string;
  organisation: string;
}

export const INVITATION_EVENTS = [
  'created',
  'resent',
  'reminded',
  'approved',
  'declined',
  'expired',
  'cancelled',
  'sentToMicrosoft',
  'sendFailed',
] as const;

/** Microsoft's statuses of a GDAP relationship (delegatedAdminRelationship), when connected to Partner Center. */
export const MICROSOFT_RELATIONSHIP_STATUSES = [
  'created',
  'approvalPending',
  'approved',
  'activating',
  'active',
  'expiring',
  'expired',
  'terminationRequested',
  'terminating',
  'terminated',
] as const;
export type MicrosoftRelationshipStatus = (typeof MICROSOFT_RELATIONSHIP_STATUSES)[number];

/**
 * An invitation's request at Microsoft (PARTNER_CENTER=graph): `sending` until Microsoft has it
 * locked for approval (retried; the relationship's name finds a half-made one), then `sent`, or
 * `failed` (nothing left at Microsoft, the partner told why); `done` once Microsoft's status is final.
 */
export interface MicrosoftRequest {
  /** `done`: Microsoft's part is over (approved, expired there): nothing more to follow. */
  state: 'sending' | 'sent' | 'failed' | 'done';
  relationshipId?: string;
  status?: MicrosoftRelationshipStatus;
  etag?: string;
  /** Why it failed: a PartnerCenterFailure code. */
  failure?: string;
  attempts: number;
  nextAttemptAt?: string;
}

/** The relationship at Microsoft it stands for (PARTNER_CENTER=graph). */
export interface MicrosoftRelationshipLink {
  id: string;
  status: MicrosoftRelationshipStatus;
  etag: string;
  /**
   * Access assignments made at Microsoft, by partner security group: its id there and its status (pending → active).
   */
  assignments?: Record<string, { id: string; status: string; roles?: string[] }>;
  /** When its access assignments were last read at Microsoft (a sync pass refreshes a few at a time). */
  accessCheckedAt?: string;
}

export interface InvitationEvent {
  at: string;
  action: (typeof INVITATION_EVENTS)[number];
  by?: ActorRef; // absent for the clock (expiry)
  note?: string;
}

export interface Invitation {
  id: string;
  code: string; // short and human: "ABC-123"
  partnerId: string;
  customerDomain: string;
  /** The relationship this request becomes once approved (R13): unique for the partner, at most 50 characters. */
  relationshipName: string;
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
  /** Its request at Microsoft, when the bot is connected to Partner Center. */
  microsoft?: MicrosoftRequest;
  history: InvitationEvent[];
}

export const RELATIONSHIP_EVENTS = [
  'created',
  'rolesAdded',
  'extended',
  'autoExtendChanged',
  'expired',
  'terminated',
  'expiryWarned',
  'accessAssigned',
  'accessReminded',
  'imported',
] as const;

export interface RelationshipEvent {
  at: string;
  action: (typeof RELATIONSHIP_EVENTS)[number];
  by?: ActorRef;
  note?: string;
}

export interface Relationship {
  id: string;
  /** Shown to both sides; never changes (R13). */
  name: string;
  partnerId: string;
  customerId: string;
  roles: string[]; // granted admin roles; empty = reseller relationship only
  startedAt: string;
  endsAt: string | null; // null: reseller relationship only, nothing to expire
  autoExtend: boolean;
  status: RelationshipStatus;
  invitationIds: string[];
  /** Which partner security group holds which of the relationship's roles (R22); empty: nobody has access yet. */
  accessAssignments: AccessAssignment[];
  terminatedAt?: string;
  terminatedBy?: ActorRef;
  /** The GDAP relationship at Microsoft, when the bot is connected to Partner Center. */
  microsoft?: MicrosoftRelationshipLink;
  /** `microsoft`: made outside the bot (in Partner Center or by another tool) and imported (R29); absent: the bot's. */
  origin?: 'microsoft';
  history: RelationshipEvent[];
}

/** R22: a partner security group and the relationship's roles its members may use. */
export interface AccessAssignment {
  groupId: string;
  roles: string[];
  assignedAt: string;
  assignedBy: ActorRef;
}

export const SUBSCRIPTION_STATUSES = ['active', 'suspended'] as const;

export interface Subscription {
  id: string;
  customerId: string;
  product: string;
  kind: Service;
  quantity: number;
  status: (typeof SUBSCRIPTION_STATUSES)[number];
  owner: string; // account ownership
  terms: string; // terms and the customer's obligations
  partnerOfRecordId: string;
  createdAt: string;
}

export const AUDIT_OBJECT_TYPES = ['invitation', 'relationship', 'subscription', 'customer'] as const;
export const AUDIT_OUTCOMES = ['allowed', 'refused'] as const;

export interface AuditEntry {
  id: string;
  at: string;
  tenantId: string;
  userId: string;
  action: string;
  objectType: (typeof AUDIT_OBJECT_TYPES)[number];
  objectId: string;
  outcome: (typeof AUDIT_OUTCOMES)[number];
  rule?: string;
}

export const NOTIFICATION_KINDS = [
  'invitationSent',
  /** R26: the partner resent it: the card again to every administrator, also to one who has it. */
  'invitationResent',
  'invitationReminder',
  'invitationApproved',
  'invitationDeclined',
  'invitationExpired',
  'invitationCancelled',
  'relationshipTerminated',
  'relationshipExpiring',
  'relationshipExpired',
  'relationshipExtended',
  'relationshipAutoExtendChanged',
  'accessReminder',
  'deliveryFailed',
  /** Connected to Partner Center: the request is at Microsoft; the partner gets the links to pass on. */
  'requestAtMicrosoft',
  /** Connected to Partner Center: Microsoft refused the request or could not be reached; nothing was sent. */
  'requestFailed',
  /** Connected to Partner Center: Microsoft does not answer; the bot keeps trying (said once, at the first failure). */
  'requestDelayed',
] as const;

/** Kinds that send the invitation card itself to the customer's administrators. */
export const INVITATION_CARDS: ReadonlySet<string> = new Set([
  'invitationSent',
  'invitationResent',
  'invitationReminder',
]);
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NotificationRecipient =
  { kind: 'partner'; partnerId: string } | { kind: 'customer'; customerId?: string; domain: string };

/**
 * Something the bot owes people, written in the same unit of work as the change it reports. The
 * delivery worker turns it into one Delivery per recipient (plannedAt), and never plans it twice.
 */
export interface Notification {
  id: string;
  createdAt: string;
  kind: NotificationKind;
  recipient: NotificationRecipient;
  invitationId?: string;
  relationshipId?: string;
  /** deliveryFailed: the delivery that could not be made. */
  deliveryId?: string;
  /** relationshipExpiring: days left before the end date when the warning was written (30, 7 or 1). */
  daysLeft?: number;
  /** requestFailed: why (a PartnerCenterFailure code). */
  failure?: string;
  /** requestDelayed: until when the bot keeps trying. */
  until?: string;
  plannedAt?: string;
}

/** A person to reach: their tenant and Entra object id. */
export interface PersonRef {
  tenantId: string;
  userId: string;
}

export type DeliveryTarget =
  | { kind: 'person'; person: PersonRef }
  /** An existing copy of an invitation card, to show the invitation as it is now. */
  | { kind: 'cardCopy'; copyId: string };

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One notification to one recipient: served once, retried with backoff, given up after a bound. */
export interface Delivery {
  id: string;
  notificationId: string;
  target: DeliveryTarget;
  status: DeliveryStatus;
  attempts: number;
  /**
   * How often a worker took it. More than `attempts` means a worker took it and never recorded an
   * outcome (its process died): what it was sending may have gone out, and is sent again.
   */
  claims?: number;
  /** When the worker may try (again); a worker that takes it moves this on by its lease. */
  nextAttemptAt: string;
  lastError?: string;
  /** Its person cannot be reached yet (never talked to the bot, no chat can be opened): kept, not given up. */
  waitingForRecipient?: boolean;
  deliveredAt?: string;
  failedAt?: string;
}

/**
 * Where a person can be reached later, as the channel described it (a Bot Framework conversation
 * reference, opaque here), and the language they use.
 */
export interface Contact {
  person: PersonRef;
  /**
   * How the channel names this person (in Teams the `29:…` id, not the Entra object id): card refresh lists need it.
   */
  channelUserId?: string;
  address: Record<string, unknown>;
  /** The language to write to them in: the one they chose, else their last message's (or a guess). */
  locale: string;
  /** The one they chose ("language ru"): it wins over their client's when they press a card's button. */
  chosenLocale?: string;
  updatedAt: string;
}

/** Where a tenant's Teams can be reached: enough to open a 1:1 chat with someone who never wrote. */
export interface TenantEndpoint {
  tenantId: string;
  serviceUrl: string;
  bot: Record<string, unknown>;
}

/** A copy of an invitation card in some conversation, so a change can update every copy. */
export interface CardCopy {
  id: string;
  invitationId: string;
  address: Record<string, unknown>;
  activityId: string;
  viewerId: string;
  /** Posted in a group chat: shown to everyone, so rebuilt with the shared view. */
  shared: boolean;
  locale: string;
  createdAt: string;
  /**
   * Being sent (no `activityId` yet): claimed by whoever sends it, until then, so no other instance
   * or path sends the same card to the same person meanwhile.
   */
  claimedUntil?: string;
}
