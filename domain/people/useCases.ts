import { describeIdentity, findDirectoryUser, type Identity, listDirectory } from '../identity.js';
import type { Refusal } from '../refusals.js';
import type { AuditEntry, Contact, PersonRef, TenantEndpoint } from '../types.js';
import { releaseWaitingFor } from '../delivery/delivery.js';
import { FeatureUseCases } from '../useCase.js';

/**
 * A person's contact changes rarely (a new chat, another language), and every message turn would
 * otherwise look it up. Another instance's change to it is seen after at most this long; only
 * rememberContact writes contacts, so this instance's own changes are seen at once.
 */
const CONTACT_CONFIRMED_MS = 60_000;

/** People: who someone is in the directory, and where and in which language they can be reached. */
export class People extends FeatureUseCases {
  /** Where people were found stored as they are now: their next turns from the same place look again after a while. */
  private readonly confirmedContacts = new RecentlyConfirmed(CONTACT_CONFIRMED_MS, 10_000);

  /** The person's name, organisation and roles. */
  describe(identity: Identity | PersonRef) {
    return this.read((r) => describeIdentity(r, identity));
  }

  /** A directory user by id or e-mail (the Emulator's sign-in, open mode only). */
  find(query: { userId?: string; email?: string }) {
    return this.read((r) => findDirectoryUser(r, query));
  }

  directory() {
    return this.read((r) => listDirectory(r));
  }

  /** The language someone chose ("language ru"), kept with their contact. */
  async chosenLanguage(person: PersonRef): Promise<string | undefined> {
    return (await this.read((r) => r.contacts.get(person)))?.chosenLocale;
  }

  contactOf(person: PersonRef) {
    return this.read((r) => r.contacts.get(person));
  }

  /**
   * The language to write to someone in: their own (chosen, else their last activity's, kept with
   * their contact), else their organisation's in Partner Center, else English.
   */
  languageOf(person: PersonRef) {
    return this.read(async (r) => {
      const contact = await r.contacts.get(person);
      if (contact) return contact.locale;
      return (await r.customers.findByTenant(person.tenantId))?.language ?? 'en';
    });
  }

  /** Where a new chat can be opened in a tenant (Teams). */
  endpointOf(tenantId: string) {
    return this.read((r) => r.contacts.endpointOf(tenantId));
  }

  /** Remembers where a person can be reached; writes only what changed, so an ordinary turn writes nothing. */
  async rememberContact(contact: Omit<Contact, 'updatedAt'>, endpoint?: TenantEndpoint): Promise<void> {
    // Key order does not count: a store may give an object back with its keys reordered.
    const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
    const key = `${contact.person.tenantId}/${contact.person.userId}`;
    // Built by this code in one key order: plain JSON compares it (canonicalJson is for what the store gives back).
    const seen = JSON.stringify([contact, endpoint ?? null]);
    const now = this.ctx.clock().getTime();
    if (this.confirmedContacts.isFresh(key, seen, now)) return;
    // Asked together (one round trip): the contact, the tenant's endpoint, and what waits for this person.
    const [known, knownEndpoint, pending] = await this.read((r) =>
      Promise.all([
        r.contacts.get(contact.person),
        endpoint ? r.contacts.endpointOf(endpoint.tenantId) : undefined,
        r.deliveries.listPendingFor(contact.person),
      ]),
    );
    const waiting = known ? [] : pending.filter((d) => d.waitingForRecipient).map((d) => d.id);
    const contactChanged =
      !known ||
      known.locale !== contact.locale ||
      known.chosenLocale !== contact.chosenLocale ||
      known.channelUserId !== contact.channelUserId ||
      !same(known.address, contact.address);
    const endpointChanged = endpoint !== undefined && !same(knownEndpoint, endpoint);
    if (contactChanged || endpointChanged) {
      const released = await this.run(async (r) => {
        if (contactChanged) await r.contacts.save({ ...contact, updatedAt: this.ctx.clock().toISOString() });
        if (endpoint && endpointChanged) await r.contacts.saveEndpoint(endpoint);
        // Reachable for the first time: what waited for this person goes right after this turn.
        return waiting.length > 0 ? releaseWaitingFor(this.ctx, r, waiting) : 0;
      });
      if (released > 0) this.deps.changed?.();
    }
    this.confirmedContacts.confirm(key, seen, now);
  }

  /** A refusal at the edge (a self-declared sign-in with credentials set, R24), to the audit log. */
  refused(
    identity: Identity,
    action: string,
    objectType: AuditEntry['objectType'],
    objectId: string,
    refusal: Refusal,
  ): Promise<unknown> {
    return this.auditRefusal(identity, action, objectType, objectId, refusal);
  }
}

/** What was confirmed (as text), by key and when; the oldest forgotten beyond `limit`. */
class RecentlyConfirmed {
  private readonly entries = new Map<string, { value: string; at: number }>();
  constructor(
    private readonly forMs: number,
    private readonly limit: number,
  ) {}
  isFresh(key: string, value: string, now: number): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.value === value && now - entry.at < this.forMs && now >= entry.at;
  }
  confirm(key: string, value: string, now: number): void {
    this.entries.delete(key); // re-inserted last: the Map's order is oldest first
    this.entries.set(key, { value, at: now });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** JSON with every object's keys sorted: equal values give equal text whatever order their keys came in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
