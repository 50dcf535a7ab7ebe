// A refusal names the rule that refuses, a code, and the facts a message needs. The words are
// the edge's job (translations/): the domain says what happened, never how to say it.

export type RuleId =
  | 'R1'
  | 'R2'
  | 'R3'
  | 'R4'
  | 'R5'
  | 'R6'
  | 'R7'
  | 'R8'
  | 'R9'
  | 'R10'
  | 'R11'
  | 'R12'
  | 'R13'
  | 'R14'
  | 'R15'
  | 'R16'
  | 'R17'
  | 'R18'
  | 'R19'
  | 'R20'
  | 'R21'
  | 'R22'
  | 'R23'
  | 'R24'
  | 'R25'
  | 'R26'
  | 'R30';

/** Which rule each refusal code enforces. */
export const REFUSAL_RULES = {
  unknownPartnerUser: 'R9',
  rolesNeedAdminAgent: 'R9',
  notAllowedToAddSubscription: 'R9',
  notAllowedToInvite: 'R9',
  customerIsCspPartner: 'R7',
  otherCloud: 'R8',
  otherCountry: 'R8',
  usGovNeedsRoles: 'R8',
  pendingExists: 'R13',
  relationshipNameTaken: 'R13',
  invalidRelationshipName: 'R13',
  /** A word of the name (`word`) mixes Latin, Greek and Cyrillic letters, as an imitation does. */
  mixedScriptName: 'R25',
  notCustomerAdmin: 'R10',
  /** Connected to Partner Center: approval happens in the Microsoft 365 admin center, not on the card. */
  approveInAdminCenter: 'R15',
  /** Connected to Partner Center: Microsoft refused a change or could not be reached; nothing changed. */
  partnerCenterFailed: 'R19',
  /** Connected: Microsoft refused one group's access assignment (named), or could not be reached. */
  accessAssignmentFailed: 'R22',
  notCustomerUser: 'R10',
  alreadyDecided: 'R11',
  notPending: 'R11',
  expired: 'R12',
  withdrawn: 'R14',
  notInvitingPartner: 'R14',
  unknownRole: 'R16',
  durationOutOfRange: 'R17',
  autoExtendWithGlobalAdmin: 'R18',
  notRelationshipSide: 'R19',
  relationshipNotActive: 'R19',
  noActiveRelationship: 'R6',
  invalidDomain: 'R20',
  invalidEmail: 'R20',
  invalidServices: 'R20',
  textTooLong: 'R20',
  invalidQuantity: 'R20',
  unknownInvitation: 'R20',
  unknownRelationship: 'R20',
  unknownCustomer: 'R20',
  invalidDecision: 'R20',
  accessNeedsAdminAgent: 'R22',
  nothingToAssign: 'R22',
  unknownSecurityGroup: 'R22',
  roleNotInRelationship: 'R22',
  noAccessChosen: 'R22',
  selfDeclaredIdentity: 'R24',
  /** Who manages a customer: a partner's admin agents may ask (R30). */
  whoManagesNeedsAdminAgent: 'R30',
  /** Nobody of the partner's organisation has this e-mail address (`value`). */
  unknownPartnerPerson: 'R20',
  /** Sent as many invitations as an hour allows (`limit`); may again at `at`. */
  tooManyInvitations: 'R26',
  /** As many pending requests to `customer` as allowed (`limit`); the first (`code`) expires at `at`. */
  tooManyPending: 'R26',
  /** Resent less than the allowed interval ago; may again at `at`. */
  resendTooSoon: 'R26',
  /** Outside the two organisations an invitation involves: worded exactly as unknownInvitation. */
  invitationNotVisible: 'R23',
} as const satisfies Record<string, RuleId>;

export type RefusalCode = keyof typeof REFUSAL_RULES;
export const REFUSAL_CODES = Object.keys(REFUSAL_RULES) as RefusalCode[];

/** Parameters are raw facts: ids, codes, ISO timestamps, status and cloud names, numbers as text. */
export type RefusalParams = Record<string, string>;

export interface Refusal {
  rule: RuleId;
  code: RefusalCode;
  params: RefusalParams;
}

export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function refusal(code: RefusalCode, params: RefusalParams = {}): Refusal {
  return { rule: REFUSAL_RULES[code], code, params };
}

export const refuse = <T>(code: RefusalCode, params: RefusalParams = {}): Result<T> => ({
  ok: false,
  refusal: refusal(code, params),
});
