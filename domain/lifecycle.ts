import type { InvitationStatus, RelationshipStatus } from './types.js';

// The two life cycles as explicit tables: every status change in the domain goes through these.

export type InvitationEventName = 'approve' | 'decline' | 'expire' | 'cancel';

const INVITATION_TRANSITIONS: Record<InvitationStatus, Partial<Record<InvitationEventName, InvitationStatus>>> = {
  pending: { approve: 'approved', decline: 'declined', expire: 'expired', cancel: 'cancelled' },
  approved: {},
  declined: {},
  expired: {},
  cancelled: {},
};

/** The next status, or undefined when the event is not allowed from `from`. */
export function nextInvitationStatus(from: InvitationStatus, event: InvitationEventName): InvitationStatus | undefined {
  return INVITATION_TRANSITIONS[from][event];
}

export const isFinal = (status: InvitationStatus): boolean => Object.keys(INVITATION_TRANSITIONS[status]).length === 0;

export type RelationshipEventName = 'expire' | 'terminate';

const RELATIONSHIP_TRANSITIONS: Record<RelationshipStatus, Partial<Record<RelationshipEventName, RelationshipStatus>>> = {
  active: { expire: 'expired', terminate: 'terminated' },
  expired: {},
  terminated: {},
};

export function nextRelationshipStatus(from: RelationshipStatus, event: RelationshipEventName): RelationshipStatus | undefined {
  return RELATIONSHIP_TRANSITIONS[from][event];
}
