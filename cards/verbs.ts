// Every card action's verb, once. The templates beside this file use these words (a test checks
// both ways: every verb in a template has a route, every routed verb is in a template).
export const VERBS = {
  approve: 'approve',
  decline: 'decline',
  refreshInvitation: 'refreshInvitation',
  showInvitation: 'showInvitation',
  cancelInvitation: 'cancelInvitation',
  resendInvitation: 'resendInvitation',
  invitationsPage: 'invitationsPage',
  relationshipsPage: 'relationshipsPage',
  terminateRelationship: 'terminateRelationship',
  turnOnAutoExtend: 'turnOnAutoExtend',
  turnOffAutoExtend: 'turnOffAutoExtend',
  requestAgain: 'requestAgain',
  showAccess: 'showAccess',
  assignAccess: 'assignAccess',
  searchGroups: 'searchGroups',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
