import { adminRoleName, GLOBAL_ADMINISTRATOR, orderRoles } from '../adminRoles.js';
import { audit, auditedRefusal, SYSTEM } from '../audit.js';
import { actorRef, hasPartnerRole, isCustomerAdmin, resolveActor, type Actor, type Identity } from '../identity.js';
import { nextInvitationStatus, type InvitationEventName } from '../lifecycle.js';
import { type Page, readPage } from '../pages.js';
import { ok, refuse, refusal, type Refusal, type Result } from '../refusals.js';
import { connectedToMicrosoft, type DomainContext, limitsOf, type Repositories } from '../ports.js';
import { likelierDomain } from '../textDistance.js';
import { addDays, isAtOrAfter } from '../time.js';
import type { Contact, Customer, Invitation, Partner, Relationship, Service } from '../types.js';
import { isApproverRole } from '../types.js';
import {
  DEFAULT_DURATION_DAYS,
  INVITATION_CODE,
  MAX_DURATION_DAYS,
  MAX_RELATIONSHIP_NAME,
  MIN_DURATION_DAYS,
  parseRelationshipName,
  MAX_MESSAGE_LENGTH,
  MAX_REASON_LENGTH,
  parseDomain,
  parseDuration,
  parseEmail,
  parseOptionalText,
  parseRoles,
  parseServices,
} from '../validation.js';

export const INVITATION_LIFETIME_DAYS = 90; // R12

// ---------------------------------------------------------------------------------------------
// Shared checks

/** R7 and R8: may this partner serve this customer at all? Markets come from the data layer's table. */
async function customerRefusal(ctx: DomainContext, partner: Partner, customer: Customer): Promise<Refusal | undefined> {
  if (customer.isCspPartner) return refusal('customerIsCspPartner', { customer: customer.name });
  if (customer.cloud !== partner.cloud) {
    return refusal('otherCloud', {
      customer: customer.name,
      customerCloud: customer.cloud,
      partnerCloud: partner.cloud,
    });
  }
  const partnerMarket = await ctx.markets.marketOf(partner.country);
  if ((await ctx.markets.marketOf(customer.country)) !== partnerMarket) {
    return refusal('otherCountry', {
      customer: customer.name,
      customerCountry: customer.country,
      partnerCountry: partner.country,
      partnerMarket,
    });
  }
  return undefined;
}

/** This partner's pending invitations to this customer (any of its domains), not yet overdue (R13). */
async function pendingInvitationsFor(
  repos: Repositories,
  ctx: DomainContext,
  partnerId: string,
  domains: readonly string[],
): Promise<Invitation[]> {
  const now = ctx.clock();
  return (await repos.invitations.list({ partnerId, status: 'pending', domains })).filter(
    (i) => !isAtOrAfter(now, i.expiresAt),
  );
}

const sameRoles = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && orderRoles(a).join() === orderRoles(b).join();

/**
 * Which of `names` this partner may not use again (R13), lower-cased: its pending requests' and its
 * relationships'. The store is asked about these names only: a partner's relationships only grow
 * (every approved request is one).
 */
async function takenAmong(repos: Repositories, partnerId: string, names: readonly string[]): Promise<Set<string>> {
  // Asked together, the pending requests first: an
  // approval that turns one into a relationship in between is then seen in one or the other.
  const [pending, taken] = await Promise.all([
    repos.invitations.pendingNamesInUse(partnerId, names),
    repos.relationships.namesInUse(partnerId, names),
  ]);
  for (const name of pending) taken.add(name);
  return taken;
}

/** R13: whether this partner already has a relationship or a pending request with this name (without case). */
export async function relationshipNameTaken(repos: Repositories, partnerId: string, name: string): Promise<boolean> {
  return (await takenAmong(repos, partnerId, [name])).has(name.toLowerCase());
}

/**
 * What a request rests on besides its own records (R13), as the keys its unit holds: the partner's
 * pending requests to this customer (no two with the same roles), and each name it asks about.
 * One partner's requests to other customers under other names hold other keys: they run side by side.
 */
export const requestKeys = {
  customer: (partnerId: string, customer: string) => `r13 customer ${partnerId} ${customer.toLowerCase()}`,
  /** R26: one user's requests are counted one at a time, so two at once cannot both be the last allowed. */
  sender: (partnerId: string, userId: string) => `r26 sender ${partnerId} ${userId}`,
  names: (partnerId: string, names: readonly string[]) =>
    names.map((name) => `r13 name ${partnerId} ${name.toLowerCase()}`),
};

/** How many numbered names are asked about at once when proposing one. */
const NAME_CANDIDATES = 20;

/** The name proposed first (R13): the partner, the customer, the least privileged role, the month. */
function proposedBase(ctx: DomainContext, partnerName: string, customerName: string, roles: readonly string[]): string {
  const first = orderRoles(roles)[0];
  const label = first
    ? adminRoleName(first).replace(/ (Administrator|Administrators|Readers|Reader)$/, '')
    : 'Reseller';
  const month = ctx.clock().toISOString().slice(0, 7);
  const tail = ` – ${label} ${month}`;
  const head = `${partnerName} – ${customerName}`.slice(0, Math.max(MAX_RELATIONSHIP_NAME - tail.length, 1)).trim();
  return `${head}${tail}`.slice(0, MAX_RELATIONSHIP_NAME);
}

/** The proposed names, from the `from`-th: the base, then the base with 2, 3 … */
function nameCandidates(base: string, from: number): string[] {
  return Array.from({ length: NAME_CANDIDATES }, (_, k) => {
    const suffix = from + k === 1 ? '' : ` ${from + k}`;
    return `${base.slice(0, MAX_RELATIONSHIP_NAME - suffix.length).trim()}${suffix}`;
  });
}

/**
 * A name for the relationship a request becomes (R13), such as "Fabrikam IT – Contoso – Exchange
 * 2026-11": the partner, the customer, the least privileged role, the month; at most 50
 * characters; a number added when the partner already uses it.
 */
export async function proposeRelationshipName(
  repos: Repositories,
  ctx: DomainContext,
  partner: Pick<Partner, 'id' | 'name'>,
  customerName: string,
  roles: readonly string[],
  /** What was found of the first candidates already (asked with the draft's other reads). */
  takenOfFirst?: ReadonlySet<string>,
  /** Names (lower-cased) proposed to other dialogs in flight: not proposed again. */
  heldByOthers: ReadonlySet<string> = new Set(),
): Promise<string> {
  const base = proposedBase(ctx, partner.name, customerName, roles);
  for (let from = 1; ; from += NAME_CANDIDATES) {
    const names = nameCandidates(base, from);
    const taken =
      from === 1 && takenOfFirst
        ? takenOfFirst
        : (
            await Promise.all([
              repos.keys.hold(requestKeys.names(partner.id, names)),
              takenAmong(repos, partner.id, names),
            ])
          )[1];
    const free = names.find((name) => !taken.has(name.toLowerCase()) && !heldByOthers.has(name.toLowerCase()));
    if (free) return free;
  }
}

/** When each invitation this user sent in the last hour was sent, oldest first (R26). */
function sentInTheLastHour(
  ctx: DomainContext,
  repos: Repositories,
  actor: Extract<Actor, { kind: 'partner' }>,
): Promise<string[]> {
  const since = new Date(ctx.clock().getTime() - HOUR_MS).toISOString();
  return repos.invitations.sentBySince(actor.partner.id, actor.user.id, since);
}

const HOUR_MS = 3_600_000;

/**
 * R26: this user has sent as many as an hour allows (they may again an hour after the oldest of
 * them), or the partner has as many pending requests to this customer as it may (another may be sent
 * when one is decided, cancelled or expires: the first expiry is said).
 */
function sendingLimit(
  ctx: DomainContext,
  sentAt: readonly string[],
  pending: readonly Invitation[],
  customer: string,
): Refusal | undefined {
  const limits = limitsOf(ctx);
  if (sentAt.length >= limits.invitationsPerHour) {
    const oldest = sentAt[sentAt.length - limits.invitationsPerHour]!;
    return refusal('tooManyInvitations', {
      limit: String(limits.invitationsPerHour),
      at: new Date(Date.parse(oldest) + HOUR_MS).toISOString(),
    });
  }
  if (pending.length >= limits.pendingPerCustomer) {
    const first = [...pending].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))[0]!;
    return refusal('tooManyPending', {
      limit: String(limits.pendingPerCustomer),
      customer,
      code: first.code,
      at: first.expiresAt,
    });
  }
  return undefined;
}

/** Finds an invitation by id or by its code ("abc-123" works too). */
export async function findInvitation(repos: Repositories, ref: string): Promise<Invitation | undefined> {
  const text = ref.trim();
  return INVITATION_CODE.test(text.toUpperCase())
    ? await repos.invitations.findByCode(text.toUpperCase())
    : await repos.invitations.get(text);
}

/**
 * R23: an invitation exists only for the two organisations it involves — the inviting partner's
 * users and the invited customer's users (by tenant, or by a verified domain it was sent to).
 */
export async function isPartyTo(repos: Repositories, actor: Actor, invitation: Invitation): Promise<boolean> {
  if (actor.kind === 'partner') return actor.partner.id === invitation.partnerId;
  if (actor.kind === 'customer') {
    if (invitation.customerTenantId !== undefined) return invitation.customerTenantId === actor.customer.tenantId;
    return actor.customer.verifiedDomains.includes(invitation.customerDomain);
  }
  return false;
}

export function transition(invitation: Invitation, event: InvitationEventName): Invitation['status'] {
  const next = nextInvitationStatus(invitation.status, event);
  if (!next) throw new Error(`Invitation ${invitation.id}: ${event} is not allowed from ${invitation.status}`);
  return next;
}

/** Marks an overdue pending invitation expired (R12); returns the stored record. */
export async function expire(repos: Repositories, ctx: DomainContext, invitation: Invitation): Promise<Invitation> {
  const at = ctx.clock().toISOString();
  const expired: Invitation = {
    ...invitation,
    status: transition(invitation, 'expire'),
    history: [...invitation.history, { at, action: 'expired' }],
  };
  await repos.invitations.save(expired);
  await repos.outbox.add({
    id: ctx.ids.newId(),
    createdAt: at,
    kind: 'invitationExpired',
    recipient: { kind: 'partner', partnerId: invitation.partnerId },
    invitationId: invitation.id,
  });
  await audit(repos, ctx, SYSTEM, 'expire', 'invitation', invitation.id);
  return expired;
}

/** The refusal for acting on an invitation that is no longer pending (R11, R12, R14). */
function notPendingRefusal(invitation: Invitation): Result<never> {
  const status = invitation.status;
  if (status === 'approved' || status === 'declined') {
    const by = invitation.decidedBy ? `${invitation.decidedBy.name} (${invitation.decidedBy.organisation})` : '—';
    return refuse('alreadyDecided', { code: invitation.code, status, by, at: invitation.decidedAt ?? '' });
  }
  if (status === 'expired') return refuse('expired', { code: invitation.code, at: invitation.expiresAt });
  if (status === 'cancelled') return refuse('withdrawn', { code: invitation.code });
  return refuse('notPending', { code: invitation.code, status });
}

async function newCode(repos: Repositories, ctx: DomainContext): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const code = ctx.ids.newCode();
    if (!(await repos.invitations.findByCode(code))) return code;
  }
  throw new Error('Could not find a free invitation code after 100 attempts');
}

// ---------------------------------------------------------------------------------------------
// The dry run: what would happen if this partner user invited this domain?

export interface PartnerSummary {
  partnerId: string;
  name: string;
  mpnId: string;
  since: string;
  roles: string[];
}

export interface InvitationPreview {
  domain: string;
  customer?: {
    id: string;
    name: string;
    tenantId: string;
    country: string;
    cloud: Customer['cloud'];
    /** Microsoft did not say its country: the partner's stands in (R8). */
    countryAssumed?: boolean;
  };
  /** Other partners the customer already works with (R1). */
  existingPartners: PartnerSummary[];
  /** This partner's active relationships with the customer: a new request becomes another one (R13). */
  activeRelationships: Relationship[];
  /** This partner's pending requests to the customer: another one needs other roles and another name (R13). */
  pendingInvitations: Array<Pick<Invitation, 'id' | 'code' | 'relationshipName' | 'roles'>>;
  /** Every rule that would refuse an invitation to this domain whatever else is chosen. */
  refusals: Refusal[];
  /** A domain unknown here that looks mistyped: the one likelier meant ("contoso.cm" → "contoso.com"). */
  likelier?: string;
  /** What this user may request (R8, R9, R17, R18): the dialog asks only what the rules allow. */
  policy: InvitePolicy;
  /**
   * Connected to Partner Center: this partner's own relationships with the customer at Microsoft
   * (its other partners are visible only to the customer), whether Microsoft knows the domain's
   * tenant at all, or that Microsoft could not be asked.
   */
  atMicrosoft?:
    | { tenantFound: boolean; relationships: Array<{ displayName: string; status: string; endsAt?: string }> }
    | 'unavailable';
}

export interface InvitePolicy {
  /** R9: only an admin agent may request admin roles. */
  mayRequestRoles: boolean;
  /** R8: a US Government partner must request at least one admin role. */
  rolesRequired: boolean;
  /** R17: the duration's range and default, in days. */
  duration: { min: number; max: number; default: number };
  /** R18: auto-extend is refused while any of these roles is requested. */
  autoExtendExcludedRoles: string[];
}

export function invitePolicy(actor: Extract<Actor, { kind: 'partner' }>): InvitePolicy {
  return {
    mayRequestRoles: hasPartnerRole(actor, 'adminAgent'),
    rolesRequired: actor.partner.cloud === 'usgov',
    duration: { min: MIN_DURATION_DAYS, max: MAX_DURATION_DAYS, default: DEFAULT_DURATION_DAYS },
    autoExtendExcludedRoles: [GLOBAL_ADMINISTRATOR],
  };
}

/** R9 before anything is asked: may this user invite at all, and what may they request? */
export async function invitePermission(repos: Repositories, identity: Identity): Promise<Result<InvitePolicy>> {
  const actor = await resolveActor(repos, identity);
  if (actor.kind !== 'partner') return refuse('unknownPartnerUser');
  if (!hasPartnerRole(actor, 'adminAgent', 'salesAgent')) return refuse('notAllowedToInvite');
  return ok(invitePolicy(actor));
}

/** R18: may auto-extend be on for a relationship with these roles? */
export const autoExtendAllowed = (roles: readonly string[]): boolean =>
  roles.length > 0 && !roles.includes(GLOBAL_ADMINISTRATOR);

async function partnersOf(
  repos: Repositories,
  customerId: string,
  exceptPartnerId?: string,
  active?: readonly Relationship[],
): Promise<PartnerSummary[]> {
  // One summary a partner, however many relationships it has (R13 makes one per approved request).
  const byPartner = new Map<string, PartnerSummary>();
  for (const r of active ?? (await repos.relationships.list({ customerId, status: 'active' }))) {
    if (r.partnerId === exceptPartnerId) continue;
    const known = byPartner.get(r.partnerId);
    if (known) {
      byPartner.set(r.partnerId, {
        ...known,
        since: r.startedAt < known.since ? r.startedAt : known.since,
        roles: [...new Set([...known.roles, ...r.roles])],
      });
      continue;
    }
    const partner = await repos.partners.get(r.partnerId);
    if (partner)
      byPartner.set(r.partnerId, {
        partnerId: partner.id,
        name: partner.name,
        mpnId: partner.mpnId,
        since: r.startedAt,
        roles: r.roles,
      });
  }
  return [...byPartner.values()];
}

export async function previewInvitation(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  domainInput: string,
): Promise<Result<InvitationPreview>> {
  const domain = parseDomain(domainInput);
  if (!domain.ok) return domain;
  const actor = await resolveActor(repos, identity);
  const refusals: Refusal[] = [];
  if (actor.kind !== 'partner') return refuse('unknownPartnerUser');
  if (!hasPartnerRole(actor, 'adminAgent', 'salesAgent')) refusals.push(refusal('notAllowedToInvite'));
  const customer = await repos.customers.findByDomain(domain.value);
  const domains = customer?.verifiedDomains ?? [domain.value];
  const likelier = customer
    ? undefined
    : likelierDomain(
        domain.value,
        (await repos.customers.list()).flatMap((c) => c.verifiedDomains),
      );
  const stop = customer && (await customerRefusal(ctx, actor.partner, customer));
  if (stop) refusals.push(stop);
  const [pending, sent] = await Promise.all([
    pendingInvitationsFor(repos, ctx, actor.partner.id, domains),
    sentInTheLastHour(ctx, repos, actor),
  ]);
  const limited = sendingLimit(ctx, sent, pending, customer?.name ?? domain.value);
  if (limited) refusals.push(limited);
  const activeRelationships = customer
    ? await repos.relationships.list({ partnerId: actor.partner.id, customerId: customer.id, status: 'active' })
    : [];
  return ok({
    domain: domain.value,
    ...(likelier ? { likelier } : {}),
    ...(customer
      ? {
          customer: {
            id: customer.id,
            name: customer.name,
            tenantId: customer.tenantId,
            country: customer.country,
            cloud: customer.cloud,
            ...(customer.countryAssumed ? { countryAssumed: true } : {}),
          },
        }
      : {}),
    existingPartners: customer ? await partnersOf(repos, customer.id, actor.partner.id) : [],
    activeRelationships,
    pendingInvitations: pending.map((i) => ({
      id: i.id,
      code: i.code,
      relationshipName: i.relationshipName,
      roles: i.roles,
    })),
    refusals,
    policy: invitePolicy(actor),
  });
}

// ---------------------------------------------------------------------------------------------
// createInvitation

export interface InvitationDraft {
  customerDomain: string;
  /** The relationship's name (R13); proposed by the domain when absent. */
  relationshipName?: string;
  recipientEmail?: string;
  services: readonly string[];
  roles: readonly string[];
  durationDays?: number | string;
  autoExtend?: boolean;
  message?: string;
}

interface ValidDraft {
  customerDomain: string;
  relationshipName: string;
  recipientEmail?: string;
  services: Service[];
  roles: string[];
  durationDays: number | null;
  autoExtend: boolean;
  message?: string;
}

/** Every rule that applies to a draft, in the order a person fills it in; the first refusal wins. */
async function checkDraft(
  ctx: DomainContext,
  repos: Repositories,
  actor: Actor,
  draft: InvitationDraft,
): Promise<Result<{ valid: ValidDraft; customer?: Customer; partner: Partner }>> {
  if (actor.kind !== 'partner') return refuse('unknownPartnerUser');
  if (!hasPartnerRole(actor, 'adminAgent', 'salesAgent')) return refuse('notAllowedToInvite');
  const domain = parseDomain(draft.customerDomain);
  if (!domain.ok) return domain;
  const services = parseServices(draft.services);
  if (!services.ok) return services;
  const roles = parseRoles(draft.roles);
  if (!roles.ok) return roles;
  if (roles.value.length > 0 && !hasPartnerRole(actor, 'adminAgent')) return refuse('rolesNeedAdminAgent');
  if (roles.value.length === 0 && actor.partner.cloud === 'usgov') return refuse('usGovNeedsRoles');
  let durationDays: number | null = null;
  let autoExtend = false;
  if (roles.value.length > 0) {
    const duration = parseDuration(draft.durationDays ?? DEFAULT_DURATION_DAYS);
    if (!duration.ok) return duration;
    durationDays = duration.value;
    const withGlobalAdmin = roles.value.includes(GLOBAL_ADMINISTRATOR);
    if (draft.autoExtend === true && withGlobalAdmin) return refuse('autoExtendWithGlobalAdmin');
    autoExtend = draft.autoExtend ?? !withGlobalAdmin;
  }
  let recipientEmail: string | undefined;
  if (draft.recipientEmail !== undefined && draft.recipientEmail.trim() !== '') {
    const email = parseEmail(draft.recipientEmail);
    if (!email.ok) return email;
    recipientEmail = email.value;
  }
  const message = parseOptionalText(draft.message, 'message', MAX_MESSAGE_LENGTH);
  if (!message.ok) return message;

  const customer = await repos.customers.findByDomain(domain.value);
  const stop = customer && (await customerRefusal(ctx, actor.partner, customer));
  if (stop) return { ok: false, refusal: stop };
  // R13: several pending requests to one customer, but not two with exactly the same roles; names
  // unique for the partner. Both read at once.
  // The names asked about are the typed one, or the first proposals.
  const typed =
    draft.relationshipName !== undefined && draft.relationshipName.trim() !== ''
      ? parseRelationshipName(draft.relationshipName)
      : undefined;
  const customerName = customer?.name ?? domain.value;
  const names = typed
    ? typed.ok
      ? [typed.value]
      : []
    : nameCandidates(proposedBase(ctx, actor.partner.name, customerName, roles.value), 1);
  const held = [
    requestKeys.sender(actor.partner.id, actor.user.id),
    requestKeys.customer(actor.partner.id, customer?.id ?? domain.value),
    ...requestKeys.names(actor.partner.id, names),
  ];
  const [, pendingHere, taken, sent] = await Promise.all([
    repos.keys.hold(held),
    pendingInvitationsFor(repos, ctx, actor.partner.id, customer?.verifiedDomains ?? [domain.value]),
    takenAmong(repos, actor.partner.id, names),
    sentInTheLastHour(ctx, repos, actor),
  ]);
  const pending = pendingHere.find((i) => sameRoles(i.roles, roles.value));
  if (pending) return refuse('pendingExists', { code: pending.code, customer: customerName });
  const limited = sendingLimit(ctx, sent, pendingHere, customerName);
  if (limited) return { ok: false, refusal: limited };
  let relationshipName: string;
  if (typed) {
    if (!typed.ok) return typed;
    if (taken.has(typed.value.toLowerCase())) return refuse('relationshipNameTaken', { name: typed.value });
    relationshipName = typed.value;
  } else relationshipName = await proposeRelationshipName(repos, ctx, actor.partner, customerName, roles.value, taken);

  return ok({
    valid: {
      customerDomain: domain.value,
      relationshipName,
      ...(recipientEmail ? { recipientEmail } : {}),
      services: services.value,
      roles: roles.value,
      durationDays,
      autoExtend,
      ...(message.value ? { message: message.value } : {}),
    },
    ...(customer ? { customer } : {}),
    partner: actor.partner,
  });
}

export async function createInvitation(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  draft: InvitationDraft,
): Promise<Result<Invitation>> {
  const actor = await resolveActor(repos, identity);
  // The code is drawn now and looked up together with the draft's own look-ups; a refused draft
  // leaves its code unused.
  const candidate = ctx.ids.newCode();
  const [checked, candidateTaken] = await Promise.all([
    checkDraft(ctx, repos, actor, draft),
    repos.invitations.findByCode(candidate),
  ]);
  if (!checked.ok)
    return auditedRefusal(
      repos,
      ctx,
      identity,
      'createInvitation',
      'invitation',
      String(draft.customerDomain).slice(0, 100),
      checked,
    );
  const { valid, customer, partner } = checked.value;
  const now = ctx.clock().toISOString();
  const invitation: Invitation = {
    id: ctx.ids.newId(),
    code: candidateTaken ? await newCode(repos, ctx) : candidate,
    partnerId: partner.id,
    ...valid,
    ...(customer ? { customerId: customer.id, customerTenantId: customer.tenantId } : {}),
    status: 'pending',
    createdAt: now,
    createdBy: actorRef(actor),
    expiresAt: addDays(now, INVITATION_LIFETIME_DAYS),
    history: [{ at: now, action: 'created', by: actorRef(actor) }],
    // Connected to Partner Center, a GDAP request is made at Microsoft first (domain/microsoft.ts);
    // the customer is sent the card once Microsoft has it, because the card links to it. (A reseller
    // relationship alone has no API: its card carries Microsoft's link and the customer's answer.)
    ...(connectedToMicrosoft(ctx) && valid.roles.length > 0
      ? { microsoft: { state: 'sending' as const, attempts: 0 } }
      : {}),
  };
  await repos.invitations.save(invitation);
  if (!invitation.microsoft) {
    await repos.outbox.add({
      id: ctx.ids.newId(),
      createdAt: now,
      kind: 'invitationSent',
      recipient: { kind: 'customer', domain: valid.customerDomain, ...(customer ? { customerId: customer.id } : {}) },
      invitationId: invitation.id,
    });
  }
  await audit(repos, ctx, identity, 'createInvitation', 'invitation', invitation.id);
  return ok(invitation);
}

// ---------------------------------------------------------------------------------------------
// decideInvitation (R10, R11, R12, R15)

export interface DecisionInput {
  invitationId: string;
  decision: string; // 'approve' | 'decline', checked here because it may come from a forged card
  reason?: string;
}

export interface DecisionOutcome {
  invitation: Invitation;
  relationship?: Relationship;
}

export async function decideInvitation(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  input: DecisionInput,
): Promise<Result<DecisionOutcome>> {
  const action = typeof input.decision === 'string' ? input.decision : String(input.decision);
  const id = typeof input.invitationId === 'string' ? input.invitationId : '';
  const invitation = id ? await findInvitation(repos, id) : undefined;
  const fail = (r: Result<never>) =>
    auditedRefusal<DecisionOutcome>(
      repos,
      ctx,
      identity,
      action.slice(0, 20) || 'decide',
      'invitation',
      id.slice(0, 100) || '(none)',
      r,
    );
  if (!invitation) return fail(refuse('unknownInvitation', { value: id.slice(0, 40) || '(none)' }));
  if (action !== 'approve' && action !== 'decline')
    return fail(refuse('invalidDecision', { value: action.slice(0, 20) }));
  const reason = parseOptionalText(
    typeof input.reason === 'string' ? input.reason : undefined,
    'reason',
    MAX_REASON_LENGTH,
  );
  if (!reason.ok) return fail(reason);

  const actor = await resolveActor(repos, identity);
  // R23: to anyone outside the two organisations the invitation does not exist.
  if (!(await isPartyTo(repos, actor, invitation)))
    return fail(refuse('invitationNotVisible', { value: id.slice(0, 40) }));
  // R10: a Global Administrator of the tenant the invitation is addressed to, and nobody else.
  const addressedToActor =
    isCustomerAdmin(actor) &&
    actor.customer.verifiedDomains.includes(invitation.customerDomain) &&
    (invitation.customerTenantId === undefined || invitation.customerTenantId === actor.customer.tenantId);
  if (!addressedToActor)
    return fail(refuse(actor.kind === 'customer' || actor.kind === 'partner' ? 'notCustomerAdmin' : 'notCustomerUser'));

  if (invitation.status !== 'pending') return fail(notPendingRefusal(invitation));
  const now = ctx.clock();
  // Held at Microsoft, only Microsoft says it expired (the sync pass records it).
  if (isAtOrAfter(now, invitation.expiresAt) && !(invitation.microsoft && invitation.microsoft.state !== 'failed')) {
    const expired = await expire(repos, ctx, invitation);
    return fail(notPendingRefusal(expired));
  }
  const partner = await repos.partners.get(invitation.partnerId);
  if (!partner) throw new Error(`Invitation ${invitation.id} names unknown partner ${invitation.partnerId}`);
  const customer = actor.customer;
  // R15: connected to Partner Center, Microsoft approves (its admin center); the bot follows its status.
  if (action === 'approve' && invitation.microsoft)
    return fail(
      refuse('approveInAdminCenter', {
        code: invitation.code,
        relationshipId: invitation.microsoft.relationshipId ?? '',
      }),
    );
  if (action === 'approve') {
    // The tenant may have become known (or changed) since the invitation was sent: check R7/R8 again.
    const stop = await customerRefusal(ctx, partner, customer);
    if (stop) return fail({ ok: false, refusal: stop });
  }

  const at = now.toISOString();
  const by = actorRef(actor);
  const event = action === 'approve' ? 'approve' : 'decline';
  let relationship: Relationship | undefined;
  if (event === 'approve') relationship = await grant(repos, ctx, invitation, partner, customer, at, by);
  const decided: Invitation = {
    ...invitation,
    customerId: customer.id,
    customerTenantId: customer.tenantId,
    status: transition(invitation, event),
    decidedAt: at,
    decidedBy: by,
    ...(reason.value && event === 'decline' ? { reason: reason.value } : {}),
    ...(relationship ? { relationshipId: relationship.id } : {}),
    history: [
      ...invitation.history,
      {
        at,
        action: event === 'approve' ? 'approved' : 'declined',
        by,
        ...(reason.value ? { note: reason.value } : {}),
      },
    ],
  };
  await repos.invitations.save(decided);
  await repos.outbox.add({
    id: ctx.ids.newId(),
    createdAt: at,
    kind: event === 'approve' ? 'invitationApproved' : 'invitationDeclined',
    recipient: { kind: 'partner', partnerId: partner.id },
    invitationId: invitation.id,
    ...(relationship ? { relationshipId: relationship.id } : {}),
  });
  await audit(repos, ctx, identity, action, 'invitation', invitation.id);
  return ok({ invitation: decided, ...(relationship ? { relationship } : {}) });
}

/**
 * R13 R15: every approved request becomes its own relationship, with exactly its roles, duration and auto-extend;
 * nothing is merged.
 */
export async function grant(
  repos: Repositories,
  ctx: DomainContext,
  invitation: Invitation,
  partner: Partner,
  customer: Customer,
  at: string,
  by: Invitation['createdBy'],
): Promise<Relationship> {
  const relationship: Relationship = {
    id: ctx.ids.newId(),
    name: invitation.relationshipName,
    partnerId: partner.id,
    customerId: customer.id,
    roles: invitation.roles,
    startedAt: at,
    endsAt: invitation.durationDays === null ? null : addDays(at, invitation.durationDays),
    autoExtend: invitation.autoExtend,
    status: 'active',
    invitationIds: [invitation.id],
    accessAssignments: [], // R22: nobody has access until an admin agent assigns the roles to groups
    history: [{ at, action: 'created', by }],
  };
  await repos.relationships.save(relationship);
  return relationship;
}

// ---------------------------------------------------------------------------------------------
// cancelInvitation (R14) and resendInvitation (R13)

async function partnerActionOnInvitation(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  ref: string,
  action: 'cancel' | 'resend',
  apply: (invitation: Invitation, actor: Extract<Actor, { kind: 'partner' }>, at: string) => Promise<Invitation>,
  /** A refusal particular to the action, after the common checks. */
  refuseIf: (invitation: Invitation) => Refusal | undefined = () => undefined,
): Promise<Result<Invitation>> {
  const invitation = await findInvitation(repos, String(ref));
  const fail = (r: Result<never>) =>
    auditedRefusal<Invitation>(repos, ctx, identity, action, 'invitation', String(ref).slice(0, 100), r);
  if (!invitation) return fail(refuse('unknownInvitation', { value: String(ref).slice(0, 40) }));
  const actor = await resolveActor(repos, identity);
  if (!(await isPartyTo(repos, actor, invitation)))
    return fail(refuse('invitationNotVisible', { value: String(ref).slice(0, 40) })); // R23
  if (actor.kind !== 'partner' || actor.partner.id !== invitation.partnerId) return fail(refuse('notInvitingPartner'));
  if (!hasPartnerRole(actor, 'adminAgent', 'salesAgent')) return fail(refuse('notAllowedToInvite'));
  if (invitation.status !== 'pending') return fail(notPendingRefusal(invitation));
  if (isAtOrAfter(ctx.clock(), invitation.expiresAt))
    return fail(notPendingRefusal(await expire(repos, ctx, invitation)));
  const refused = refuseIf(invitation);
  if (refused) return fail({ ok: false, refusal: refused });
  const updated = await apply(invitation, actor, ctx.clock().toISOString());
  await repos.invitations.save(updated);
  await audit(repos, ctx, identity, action, 'invitation', invitation.id);
  return ok(updated);
}

export function cancelInvitation(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  ref: string,
): Promise<Result<Invitation>> {
  return partnerActionOnInvitation(ctx, repos, identity, ref, 'cancel', async (invitation, actor, at) => {
    await repos.outbox.add({
      id: ctx.ids.newId(),
      createdAt: at,
      kind: 'invitationCancelled',
      recipient: {
        kind: 'customer',
        domain: invitation.customerDomain,
        ...(invitation.customerId ? { customerId: invitation.customerId } : {}),
      },
      invitationId: invitation.id,
    });
    return {
      ...invitation,
      status: transition(invitation, 'cancel'),
      history: [...invitation.history, { at, action: 'cancelled', by: actorRef(actor) }],
    };
  });
}

/** Sends the card again; the 90 days still count from the first sending (R12). */
/** What a resend did: the card sent again to these administrators (by name), or nothing yet, and why. */
export interface Resent {
  invitation: Invitation;
  /** The administrators it is sent to now, by name: none when `nothingSent` says why. */
  sentTo: string[];
  customer?: string;
  nothingSent?: 'nobodyKnown' | 'notAtMicrosoftYet';
}

/**
 * R13 R26: the card again, to every administrator of the customer — also to one who has it already —
 * at most once in `resendMinutes`. Says to whom, or that nothing was sent and why.
 */
export async function resendInvitation(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  ref: string,
): Promise<Result<Resent>> {
  const { resendMinutes } = limitsOf(ctx);
  let outcome: Omit<Resent, 'invitation'> | undefined;
  const tooSoon = (invitation: Invitation): Refusal | undefined => {
    const last = invitation.history.findLast((h) => h.action === 'resent');
    const next = last && Date.parse(last.at) + resendMinutes * 60_000;
    return next && next > ctx.clock().getTime()
      ? refusal('resendTooSoon', { code: invitation.code, at: new Date(next).toISOString() })
      : undefined;
  };
  const result = await partnerActionOnInvitation(
    ctx,
    repos,
    identity,
    ref,
    'resend',
    async (invitation, actor, at) => {
      // Not at Microsoft yet: the card goes out when it is (it links to the request there).
      if (invitation.microsoft && invitation.microsoft.state !== 'sent') {
        outcome = { sentTo: [], nothingSent: 'notAtMicrosoftYet' };
        return invitation;
      }
      const customer =
        (invitation.customerId ? await repos.customers.get(invitation.customerId) : undefined) ??
        (await repos.customers.findByDomain(invitation.customerDomain));
      const admins = customer?.users.filter((u) => isApproverRole(u.role)) ?? [];
      if (!customer || admins.length === 0) {
        outcome = { sentTo: [], nothingSent: 'nobodyKnown' };
        return invitation;
      }
      await repos.outbox.add({
        id: ctx.ids.newId(),
        createdAt: at,
        kind: 'invitationResent',
        recipient: { kind: 'customer', domain: invitation.customerDomain, customerId: customer.id },
        invitationId: invitation.id,
      });
      outcome = { sentTo: admins.map((u) => u.name), customer: customer.name };
      return { ...invitation, history: [...invitation.history, { at, action: 'resent', by: actorRef(actor) }] };
    },
    tooSoon,
  );
  return result.ok ? ok({ invitation: result.value, ...outcome! }) : result;
}

// ---------------------------------------------------------------------------------------------
// expireInvitations (R12)

export async function expireInvitations(ctx: DomainContext, repos: Repositories): Promise<Invitation[]> {
  const now = ctx.clock();
  const expired: Invitation[] = [];
  for (const invitation of await repos.invitations.list({ status: 'pending' })) {
    // Held at Microsoft: Microsoft says when it expired (the sync pass records it), never the bot's clock.
    if (invitation.microsoft && invitation.microsoft.state !== 'failed') continue;
    if (isAtOrAfter(now, invitation.expiresAt)) expired.push(await expire(repos, ctx, invitation));
  }
  return expired;
}

export const REMINDER_DAYS_BEFORE_EXPIRY = 7;

/** Pending invitations 7 days or less from expiry get one reminder to the customer's administrators (R12). */
export async function remindInvitations(ctx: DomainContext, repos: Repositories): Promise<Invitation[]> {
  const now = ctx.clock();
  const at = now.toISOString();
  const due = (await repos.invitations.list({ status: 'pending' })).filter(
    (i) =>
      !isAtOrAfter(now, i.expiresAt) &&
      isAtOrAfter(now, addDays(i.expiresAt, -REMINDER_DAYS_BEFORE_EXPIRY)) &&
      !i.history.some((h) => h.action === 'reminded'),
  );
  const reminders: Invitation[] = [];
  for (const invitation of due) {
    const reminded: Invitation = { ...invitation, history: [...invitation.history, { at, action: 'reminded' }] };
    await repos.invitations.save(reminded);
    await repos.outbox.add({
      id: ctx.ids.newId(),
      createdAt: at,
      kind: 'invitationReminder',
      recipient: {
        kind: 'customer',
        domain: invitation.customerDomain,
        ...(invitation.customerId ? { customerId: invitation.customerId } : {}),
      },
      invitationId: invitation.id,
    });
    reminders.push(reminded);
  }
  return reminders;
}

// ---------------------------------------------------------------------------------------------
// listInvitations

export interface ListInvitationsQuery {
  /** Only those pending as of now (an administrator's waiting cards). */
  status?: 'pending';
  page?: number;
  pageSize?: number;
}

/** A partner's own invitations, or those addressed to a customer administrator's tenant; newest first. */
export async function listInvitations(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  query: ListInvitationsQuery = {},
): Promise<Result<Page<Invitation>>> {
  const actor = await resolveActor(repos, identity);
  let whose: { partnerId: string } | { domains: readonly string[] };
  if (actor.kind === 'partner') whose = { partnerId: actor.partner.id };
  else if (actor.kind === 'customer') {
    if (!isCustomerAdmin(actor)) return refuse('notCustomerAdmin');
    whose = { domains: actor.customer.verifiedDomains };
  } else return refuse('unknownPartnerUser');
  const now = ctx.clock();
  // Shown as of now: an overdue invitation is expired even before the sweeper has run.
  const asOfNow = (i: Invitation) =>
    i.status === 'pending' && isAtOrAfter(now, i.expiresAt) ? { ...i, status: 'expired' as const } : i;
  // A page at a time from the store: a partner's history is read five at a time, not whole.
  const pendingAt = query.status === 'pending' ? now.toISOString() : undefined;
  const found = await readPage(query, (offset, limit) =>
    repos.invitations.newestFirst({ ...whose, ...(pendingAt ? { pendingAt } : {}), offset, limit }),
  );
  return ok({ ...found, items: found.items.map(asOfNow) });
}

// ---------------------------------------------------------------------------------------------
// describeInvitation: what an invitation card shows, looked up from the invitation's id alone

export interface InvitationDetails {
  invitation: Invitation;
  partner: Pick<Partner, 'id' | 'name' | 'mpnId' | 'tenantId'>;
  customer?: Pick<Customer, 'id' | 'name' | 'tenantId'>;
  /** The customer's other partners (R1). */
  existingPartners: PartnerSummary[];
  /** Entra object ids of the customer's Global Administrators: who may decide (R10). */
  administratorIds: string[];
  /**
   * The channel's ids (Teams `29:…`) of the customer's users the bot knows, administrators first: a card's refresh
   * list.
   */
  refreshUserIds: { administrators: string[]; members: string[] };
  /** Connected to Partner Center: where the customer approves at Microsoft (absent until Microsoft has the request). */
  microsoftLinks?: MicrosoftLinks;
  /**
   * R1: connected to Partner Center, the bot sees only this partner's relationships with the customer; the customer's
   * full list of partners is at Microsoft (this page of the admin center).
   */
  customerPartnersUrl?: string;
  /** The customer's organisation language in Partner Center, when known: for text the partner passes on. */
  customerLanguage?: string;
}

/** Microsoft's own pages where a customer's Global Administrator accepts a partner. */
export interface MicrosoftLinks {
  /** The GDAP request (admin relationship), by its id. */
  adminRelationship?: string;
  /** The reseller relationship: personal to the partner, the same for every customer. */
  reseller?: string;
}

/** R1: where a customer's administrator sees every partner the organisation has. */
export const CUSTOMER_PARTNERS_URL = 'https://admin.microsoft.com/AdminPortal/Home#/partners';

export const adminRelationshipUrl = (relationshipId: string): string =>
  `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${encodeURIComponent(relationshipId)}`;
export const resellerUrl = (partnerTenantId: string): string =>
  `https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=${encodeURIComponent(partnerTenantId)}&msppId=0&DAP=false#/BillingAccounts/partner-invitation`;

/**
 * The links the customer needs, connected to Partner Center: the GDAP request once Microsoft has
 * it, and the reseller relationship when the request is for it alone or the partner has no
 * relationship with the customer yet (a first partner must also become the reseller).
 */
async function microsoftLinksOf(
  ctx: DomainContext,
  repos: Repositories,
  invitation: Invitation,
  partner: Partner,
  customer: Customer | undefined,
): Promise<MicrosoftLinks | undefined> {
  if (!connectedToMicrosoft(ctx)) return undefined;
  const gdap =
    invitation.microsoft?.state === 'sent' && invitation.microsoft.relationshipId
      ? adminRelationshipUrl(invitation.microsoft.relationshipId)
      : undefined;
  const known = customer ? await repos.relationships.list({ partnerId: partner.id, customerId: customer.id }) : [];
  const needsReseller = invitation.roles.length === 0 || !known.some((r) => r.id !== invitation.relationshipId);
  if (invitation.microsoft && !gdap) return undefined; // not at Microsoft yet
  return {
    ...(gdap ? { adminRelationship: gdap } : {}),
    ...(needsReseller ? { reseller: resellerUrl(partner.tenantId) } : {}),
  };
}

export async function describeInvitation(
  ctx: DomainContext,
  repos: Repositories,
  ref: string,
): Promise<InvitationDetails | undefined> {
  const stored = typeof ref === 'string' && ref ? await findInvitation(repos, ref) : undefined;
  return stored ? describeStoredInvitation(ctx, repos, stored) : undefined;
}

/**
 * What a card shows of a customer's side: its active relationships (its partners, R1) and what the
 * bot knows of its users (the card's refresh list). Read before a decision, with its own look-ups:
 * a decision adds only its partner's relationship, which the card leaves out of the customer's
 * other partners.
 */
export interface CustomerSide {
  customerId: string;
  active: Relationship[];
  contacts: Array<Contact | undefined>;
}

/** The customer side of the organisation of an administrator about to decide; nothing for anyone else. */
export async function customerSideOf(repos: Repositories, identity: Identity): Promise<CustomerSide | undefined> {
  const actor = await resolveActor(repos, identity);
  if (!isCustomerAdmin(actor)) return undefined;
  const customer = actor.customer;
  const [active, contacts] = await Promise.all([
    repos.relationships.list({ customerId: customer.id, status: 'active' }),
    contactsOf(repos, customer),
  ]);
  return { customerId: customer.id, active, contacts };
}

/**
 * describeInvitation for an invitation already in hand (as a unit of work just wrote it), with its customer's side if
 * that was read already.
 */
export async function describeStoredInvitation(
  ctx: DomainContext,
  repos: Repositories,
  stored: Invitation,
  side?: CustomerSide,
): Promise<InvitationDetails | undefined> {
  const invitation =
    stored.status === 'pending' && isAtOrAfter(ctx.clock(), stored.expiresAt)
      ? { ...stored, status: 'expired' as const }
      : stored;
  const partner = await repos.partners.get(invitation.partnerId);
  if (!partner) return undefined;
  const customer =
    (invitation.customerId ? await repos.customers.get(invitation.customerId) : undefined) ??
    (await repos.customers.findByDomain(invitation.customerDomain));
  const known = side && side.customerId === customer?.id ? side : undefined;
  // Independent reads, asked for together.
  const [existingPartners, refreshUserIds, links] = await Promise.all([
    customer ? partnersOf(repos, customer.id, partner.id, known?.active) : [],
    customer ? channelIdsOf(repos, customer, known?.contacts) : { administrators: [], members: [] },
    linksField(ctx, repos, invitation, partner, customer),
  ]);
  return {
    invitation,
    partner: { id: partner.id, name: partner.name, mpnId: partner.mpnId, tenantId: partner.tenantId },
    ...(customer ? { customer: { id: customer.id, name: customer.name, tenantId: customer.tenantId } } : {}),
    existingPartners,
    administratorIds: customer ? customer.users.filter((u) => isApproverRole(u.role)).map((u) => u.id) : [],
    refreshUserIds,
    ...links,
    ...(customer?.language ? { customerLanguage: customer.language } : {}),
  };
}

async function linksField(
  ctx: DomainContext,
  repos: Repositories,
  invitation: Invitation,
  partner: Partner,
  customer: Customer | undefined,
) {
  const links = await microsoftLinksOf(ctx, repos, invitation, partner, customer);
  return {
    ...(links ? { microsoftLinks: links } : {}),
    ...(connectedToMicrosoft(ctx) ? { customerPartnersUrl: CUSTOMER_PARTNERS_URL } : {}),
  };
}

/** The contacts of a customer's users, in the order of its users. */
const contactsOf = (repos: Repositories, customer: Customer) =>
  Promise.all(customer.users.map((user) => repos.contacts.get({ tenantId: customer.tenantId, userId: user.id })));

/** Teams matches a card's refresh list against its own user ids, not Entra object ids: those the bot has seen. */
async function channelIdsOf(
  repos: Repositories,
  customer: Customer,
  known?: ReadonlyArray<Contact | undefined>,
): Promise<{ administrators: string[]; members: string[] }> {
  const ids = { administrators: [] as string[], members: [] as string[] };
  const contacts = known ?? (await contactsOf(repos, customer));
  customer.users.forEach((user, n) => {
    const channelUserId = contacts[n]?.channelUserId;
    if (channelUserId) (isApproverRole(user.role) ? ids.administrators : ids.members).push(channelUserId);
  });
  return ids;
}

/**
 * The invitation's card contents for this viewer (R23): a party sees it; anyone else is told it
 * does not exist, exactly as for an unknown code. Refusals are returned for the caller to audit.
 */
export async function viewInvitation(
  ctx: DomainContext,
  repos: Repositories,
  identity: Identity,
  ref: string,
): Promise<Result<InvitationDetails>> {
  const value = typeof ref === 'string' ? ref.trim().slice(0, 40) : '';
  const details = value ? await describeInvitation(ctx, repos, value) : undefined;
  if (!details) return refuse('unknownInvitation', { value: value || '(none)' });
  const actor = await resolveActor(repos, identity);
  if (!(await isPartyTo(repos, actor, details.invitation))) return refuse('invitationNotVisible', { value });
  return ok(details);
}
