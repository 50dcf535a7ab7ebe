import { PartnerCenterError, type PartnerCenterFailure } from '../domain/partnerCenterPort.js';

// Microsoft's answers, translated once at the edge into the domain's codes. The same HTTP status
// means different things for different operations (a 409 on create is a name taken, on terminate a
// relationship already ending, on an access assignment a group that already has one), so the code is
// chosen by what was being done, then by the status and Graph's error code
// (https://learn.microsoft.com/graph/errors). The request id goes with it, for the log.

export type GraphOperation =
  | 'findTenant'
  | 'readTenant'
  | 'readOrganization'
  | 'readGroups'
  | 'readUserGroups'
  | 'readServicePrincipals'
  | 'createRelationship'
  | 'findRelationship'
  | 'listRelationships'
  | 'lockForApproval'
  | 'deleteRelationship'
  | 'readRelationship'
  | 'changeAutoExtend'
  | 'terminate'
  | 'assignAccess'
  | 'listAccess'
  | 'readAccess'
  | 'changeAccess'
  | 'removeAccess'
  | 'readOperation';

interface GraphLikeError {
  statusCode?: number;
  code?: string | null;
  message?: string;
  name?: string;
  requestId?: string | null;
}

/** What went wrong when the bot tried `operation`, as a PartnerCenterError (already one: unchanged). */
export function toPartnerCenterError(
  operation: GraphOperation,
  error: unknown,
  params: Record<string, string> = {},
): PartnerCenterError {
  if (error instanceof PartnerCenterError) return error;
  const e = (error ?? {}) as GraphLikeError;
  const status = e.statusCode !== undefined && e.statusCode > 0 ? e.statusCode : undefined;
  const code = e.code ?? e.name ?? undefined;
  const detail = `${operation}: ${status ?? code ?? 'error'} ${e.code ?? ''} ${e.message ?? String(error)}`
    .replace(/\s+/g, ' ')
    .trim();
  return new PartnerCenterError(failureOf(operation, e, status), detail, {
    operation,
    ...(status !== undefined ? { status } : {}),
    ...(code ? { code } : {}),
    ...(e.requestId ? { requestId: e.requestId } : {}),
    params,
  });
}

function failureOf(operation: GraphOperation, e: GraphLikeError, status: number | undefined): PartnerCenterFailure {
  // The token could not be had: refused by Entra (tenant, app, secret), or Entra did not answer.
  // The Graph client keeps a thrown error's name as its `code`.
  if (e.name === 'SignInRefused' || e.code === 'SignInRefused') return 'signInFailed';
  if (e.name === 'SignInUnreachable' || e.code === 'SignInUnreachable') return 'unavailable';
  if (status === undefined) return 'unavailable'; // no answer: network, timeout
  if (status === 401) return 'signInFailed'; // still refused with a new token
  if (status === 403) return 'permissionMissing';
  if (status === 404) return operation === 'assignAccess' ? 'groupNotFound' : 'notFound';
  if (status === 412) return 'changedMeanwhile';
  if (status === 409) {
    if (operation === 'createRelationship') return 'nameTaken';
    if (operation === 'terminate') return 'alreadyEnded';
    if (operation === 'assignAccess') return 'groupAlreadyAssigned';
    return 'changedMeanwhile';
  }
  if (status === 400 || status === 422) {
    if (operation === 'assignAccess' || operation === 'changeAccess') return 'accessRefused';
    if (operation === 'changeAutoExtend') return 'autoExtendRefused';
    return 'requestRefused';
  }
  // 429 and 5xx after the client's retries.
  return 'unavailable';
}

/** "P730D" → 730; "P2Y" → 730; anything else → 0. */
export function durationToDays(duration: string): number {
  const years = /^P(\d+)Y$/.exec(duration);
  if (years) return Number(years[1]) * 365;
  const days = /^P(\d+)D$/.exec(duration);
  return days ? Number(days[1]) : 0;
}
