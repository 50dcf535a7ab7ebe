import type { InvitationStatus, RelationshipStatus } from './types.js';

// The two life cycles as explicit tables: every status change in the domain goes through these.

export type InvitationEventName = 'approve' | 'decline' | 'expire' | 'cancel' | 'approveAtMicrosoft';

// Connected to Partner Center, Microsoft has the last word: a request declined or withdrawn in the
// bot stays approvable in the admin center (Microsoft has no decline and cannot withdraw a request
// pending approval), and when the customer approves it there, it is approved (R15). Nothing else
// leaves a decided, expired or withdrawn invitation (R11).
const INVITATION_TRANSITIONS: Record<InvitationStatus, Partial<Record<InvitationEventName, InvitationStatus>>> = {
  pending: {
    approve: 'approved',
    decline: 'declined',
    expire: 'expired',
    cancel: 'cancelled',
    approveAtMicrosoft: 'approved',
  },
  approved: {},
  declined: { approveAtMicrosoft: 'approved' },
  expired: {},
  cancelled: { approveAtMicrosoft: 'approved' },
};

/** The next status, or undefined when the event is not allowed from `from`. */
export function nextInvitationStatus(from: InvitationStatus, event: InvitationEventName): InvitationStatus | undefined {
  return INVITATION_TRANSITIONS[from][event];
}

/** R11: no event of the bot's own changes it any more (Microsoft's approval aside). */
export const isFinal = (status: InvitationStatus): boolean =>
  Object.keys(INVITATION_TRANSITIONS[status]).every((event) => event === 'approveAtMicrosoft');

export type RelationshipEventName = 'expire' | 'terminate';

const RELATIONSHIP_TRANSITIONS: Record<
  RelationshipStatus,
  Partial<Record<RelationshipEventName, RelationshipStatus>>
> = {
  active: { expire: 'expired', terminate: 'terminated' },
  expired: {},
  terminated: {},
};

export function nextRelationshipStatus(
  from: RelationshipStatus,
  event: RelationshipEventName,
): RelationshipStatus | undefined {
  return RELATIONSHIP_TRANSITIONS[from][event];
}

/** R18: what auto-extend adds at each end date. */
export const AUTO_EXTEND_DAYS = 180;
