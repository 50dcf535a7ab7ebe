import { describe, expect, it } from '@jest/globals';
import {
  isFinal,
  nextInvitationStatus,
  nextRelationshipStatus,
  type InvitationEventName,
} from '../../domain/lifecycle.js';
import type { InvitationStatus } from '../../domain/types.js';

const statuses: InvitationStatus[] = ['pending', 'approved', 'declined', 'expired', 'cancelled'];
const events: InvitationEventName[] = ['approve', 'decline', 'expire', 'cancel'];

describe('the invitation life cycle', () => {
  it.each([
    ['approve', 'approved'],
    ['decline', 'declined'],
    ['expire', 'expired'],
    ['cancel', 'cancelled'],
  ] as const)('pending --%s--> %s', (event, to) => {
    expect(nextInvitationStatus('pending', event)).toBe(to);
  });

  it('R11 a decided, expired or cancelled invitation accepts no further event', () => {
    for (const status of statuses.filter((s) => s !== 'pending')) {
      expect(isFinal(status)).toBe(true);
      for (const event of events) expect(nextInvitationStatus(status, event)).toBeUndefined();
    }
    expect(isFinal('pending')).toBe(false);
  });

  it('R15 connected to Partner Center: Microsoft’s approval in the admin center approves a pending, declined or withdrawn request (Microsoft has no decline and cannot withdraw one), never an expired one', () => {
    expect(
      ['pending', 'declined', 'cancelled', 'approved', 'expired'].map((s) =>
        nextInvitationStatus(s as InvitationStatus, 'approveAtMicrosoft'),
      ),
    ).toEqual(['approved', 'approved', 'approved', undefined, undefined]);
  });
});

describe('the relationship life cycle', () => {
  it('R19 active --terminate--> terminated, active --expire--> expired, and nothing leaves those', () => {
    expect(nextRelationshipStatus('active', 'terminate')).toBe('terminated');
    expect(nextRelationshipStatus('active', 'expire')).toBe('expired');
    for (const from of ['expired', 'terminated'] as const) {
      expect(nextRelationshipStatus(from, 'terminate')).toBeUndefined();
      expect(nextRelationshipStatus(from, 'expire')).toBeUndefined();
    }
  });
});
