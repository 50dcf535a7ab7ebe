// Upgrades a db file written by an older version, one schema version at a time; the next change
// of layout adds `{ from: 5, to: 6, migrate }` here and bumps SCHEMA_VERSION.

export interface Migration {
  from: number;
  to: number;
  migrate(data: Record<string, unknown>): Record<string, unknown>;
}

type Json = Record<string, unknown>;

/**
 * 1 → 2: delivery records. A delivered notification counts as planned (nothing is sent again);
 * an undelivered one will be planned into deliveries. Conversation references, tenant endpoints
 * and card copies leave the bot state for collections of their own.
 */
const deliveryRecords: Migration = {
  from: 1,
  to: 2,
  migrate(data) {
    const outbox: Record<string, Json> = {};
    for (const [id, n] of Object.entries((data.outbox ?? {}) as Record<string, Json>)) {
      const { deliveredAt, ...rest } = n;
      outbox[id] = deliveredAt ? { ...rest, plannedAt: deliveredAt } : rest;
    }
    const botState: Record<string, Json> = {};
    const contacts: Record<string, Json> = {};
    const endpoints: Record<string, Json> = {};
    const cardCopies: Record<string, Json> = {};
    const now = new Date().toISOString();
    for (const [key, item] of Object.entries((data.botState ?? {}) as Record<string, { eTag: string; value: Json }>)) {
      const [kind, ...rest] = key.split('/');
      const value = item.value;
      if (kind === 'conversationReferences' && rest.length === 2) {
        contacts[rest.join('/')] = {
          person: { tenantId: rest[0], userId: rest[1] },
          address: value.reference ?? {},
          locale: value.locale ?? 'en',
          updatedAt: now,
        };
      } else if (kind === 'tenantEndpoints' && rest.length === 1) {
        endpoints[rest[0]!] = { tenantId: rest[0], serviceUrl: value.serviceUrl ?? '', bot: value.bot ?? {} };
      } else if (kind === 'invitationCards' && rest.length === 1) {
        ((value.copies ?? []) as Json[]).forEach((copy, n) => {
          const id = `${rest[0]}#${n}`;
          cardCopies[id] = {
            id,
            invitationId: rest[0],
            address: copy.reference ?? {},
            activityId: copy.activityId,
            viewerId: copy.viewerId,
            shared: copy.shared === true,
            locale: copy.locale ?? 'en',
            createdAt: now,
          };
        });
      } else botState[key] = item;
    }
    return { ...data, outbox, deliveries: {}, contacts, endpoints, cardCopies, botState };
  },
};

/**
 * 2 → 3: named relationships (R13). Each relationship gets a name from its partner, customer and
 * start month, each pending or past request one from its partner, customer and code; a number is
 * added where a partner would have the same name twice. Nothing else changes.
 */
const namedRelationships: Migration = {
  from: 2,
  to: 3,
  migrate(data) {
    const partners = (data.partners ?? {}) as Record<string, { name?: string }>;
    const customers = (data.customers ?? {}) as Record<string, { name?: string }>;
    const used = new Map<string, Set<string>>();
    const unique = (partnerId: string, base: string) => {
      const names = used.get(partnerId) ?? new Set<string>();
      used.set(partnerId, names);
      for (let n = 1; ; n++) {
        const suffix = n === 1 ? '' : ` ${n}`;
        const name = `${base.slice(0, 50 - suffix.length).trim()}${suffix}`;
        if (!names.has(name.toLowerCase())) {
          names.add(name.toLowerCase());
          return name;
        }
      }
    };
    const relationships: Record<string, Json> = {};
    for (const [id, r] of Object.entries((data.relationships ?? {}) as Record<string, Json>)) {
      const partnerId = String(r.partnerId);
      const base = `${partners[partnerId]?.name ?? partnerId} – ${customers[String(r.customerId)]?.name ?? r.customerId} – ${String(r.startedAt).slice(0, 7)}`;
      relationships[id] = typeof r.name === 'string' ? r : { ...r, name: unique(partnerId, base) };
    }
    const invitations: Record<string, Json> = {};
    for (const [id, i] of Object.entries((data.invitations ?? {}) as Record<string, Json>)) {
      const partnerId = String(i.partnerId);
      const base = `${partners[partnerId]?.name ?? partnerId} – ${i.customerDomain} – ${i.code}`;
      invitations[id] =
        typeof i.relationshipName === 'string' ? i : { ...i, relationshipName: unique(partnerId, base) };
    }
    return { ...data, relationships, invitations };
  },
};

/**
 * 3 → 4: access assignments (R22). Partners get an empty list of security groups and relationships
 * an empty list of assignments: the bot never knew of any, so each says "no access assigned" until
 * an admin agent assigns its roles. No reminder goes out for relationships older than a week.
 */
const accessAssignments: Migration = {
  from: 3,
  to: 4,
  migrate(data) {
    const withDefault = (records: unknown, key: string) =>
      Object.fromEntries(
        Object.entries((records ?? {}) as Record<string, Json>).map(([id, r]) => [
          id,
          Array.isArray(r[key]) ? r : { ...r, [key]: [] },
        ]),
      );
    return {
      ...data,
      partners: withDefault(data.partners, 'securityGroups'),
      relationships: withDefault(data.relationships, 'accessAssignments'),
    };
  },
};

/**
 * 4 → 5: the file's layout, not its records. Version 4 was one file holding everything; from 5 the
 * delivery records, the conversation state and the audit log have files of their own and changes go
 * to a journal (data/journalFile.ts). The records are the same: the store writes the new layout.
 */
const splitFiles: Migration = {
  from: 4,
  to: 5,
  migrate: (data) => data,
};

export const MIGRATIONS: readonly Migration[] = [deliveryRecords, namedRelationships, accessAssignments, splitFiles];

export function migrate(
  data: Record<string, unknown>,
  version: number,
  migrations: readonly Migration[],
): Record<string, unknown> {
  let current = data;
  let at = version;
  for (;;) {
    const step = migrations.find((m) => m.from === at);
    if (!step) break;
    current = { ...step.migrate(structuredClone(current)), schemaVersion: step.to };
    at = step.to;
  }
  return at === version ? data : current;
}
