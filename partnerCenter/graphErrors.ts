import { PartnerCenterError, type PartnerCenterFailure } from '../domain/partnerCenterPort.js';

// Microsoft's answers, translated once at the edge into the domain's codes.

interface GraphLikeError {
  statusCode?: number;
  code?: string | null;
  message?: string;
  name?: string;
}

/** What went wrong when the bot tried to `what`, as a PartnerCenterError (already one: unchanged). */
export function toPartnerCenterError(what: string, error: unknown): PartnerCenterError {
  if (error instanceof PartnerCenterError) return error;
  const e = (error ?? {}) as GraphLikeError;
  const detail = `${what}: ${e.statusCode ?? e.name ?? 'error'} ${e.code ?? ''} ${e.message ?? String(error)}`
    .replace(/\s+/g, ' ')
    .trim();
  return new PartnerCenterError(failureOf(e), detail);
}

function failureOf(e: GraphLikeError): PartnerCenterFailure {
  // @azure/identity's own errors: the app could not sign in.
  if (
    e.name === 'AuthenticationError' ||
    e.name === 'CredentialUnavailableError' ||
    e.name === 'AuthenticationRequiredError'
  )
    return 'signInFailed';
  const status = e.statusCode ?? 0;
  if (status === 401) return 'signInFailed';
  if (status === 403) return 'permissionMissing';
  if (status === 404) return 'notFound';
  if (status === 409) return 'nameTaken';
  if (status === 412) return 'changedMeanwhile';
  if (status === 400 || status === 422) return 'requestRefused';
  // 429 and 5xx after the client's retries, a network failure, a timeout.
  return 'unavailable';
}

/** "P730D" → 730; "P2Y" → 730; anything else → 0. */
export function durationToDays(duration: string): number {
  const years = /^P(\d+)Y$/.exec(duration);
  if (years) return Number(years[1]) * 365;
  const days = /^P(\d+)D$/.exec(duration);
  return days ? Number(days[1]) : 0;
}
