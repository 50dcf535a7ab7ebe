import type { Identity } from './identity.js';
import type { Result } from './refusals.js';
import type { DomainContext, Repositories } from './ports.js';
import type { AuditEntry } from './types.js';

/** The clock's own actions (expiry, auto-extend) are audited under this identity. */
export const SYSTEM: Identity = { tenantId: 'system', userId: 'clock' };

/** Appends one audit entry: allowed, or refused with the rule that refused when `result` is a refusal. */
export async function audit(
  repos: Repositories,
  ctx: DomainContext,
  identity: Identity,
  action: string,
  objectType: AuditEntry['objectType'],
  objectId: string,
  result?: Result<unknown>,
): Promise<void> {
  const refusal = result && !result.ok ? result.refusal : undefined;
  await repos.audit.append({
    id: ctx.ids.newId(),
    at: ctx.clock().toISOString(),
    tenantId: identity.tenantId,
    userId: identity.userId,
    action,
    objectType,
    objectId,
    outcome: refusal ? 'refused' : 'allowed',
    ...(refusal ? { rule: refusal.rule } : {}),
  });
}

/** Records a refusal in the audit log and returns it; nothing else is written. */
export async function auditedRefusal<T>(
  repos: Repositories,
  ctx: DomainContext,
  identity: Identity,
  action: string,
  objectType: AuditEntry['objectType'],
  objectId: string,
  result: Result<never>,
): Promise<Result<T>> {
  await audit(repos, ctx, identity, action, objectType, objectId, result);
  return result;
}
