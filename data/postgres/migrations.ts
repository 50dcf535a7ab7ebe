// The PostgreSQL schema, one version at a time. Each migration runs in its own transaction with
// its version recorded in the same one, so a migration that fails leaves the schema as it was.
// Records are kept as JSON documents (the same shape as in the lowdb file); the columns the
// repositories look things up by are generated from them, so they never disagree with the document.

export interface PgMigration {
  version: number;
  description: string;
  sql: string;
}

const documents = (table: string, columns = '') => `
  CREATE TABLE ${table} (
    seq bigserial NOT NULL,
    id text PRIMARY KEY,
    data jsonb NOT NULL${columns ? `,\n    ${columns}` : ''}
  );`;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'directory, invitations, relationships, outbox, deliveries, contacts, card copies, audit, bot state',
    sql: `
      ${documents('partners', "tenant_id text GENERATED ALWAYS AS (data->>'tenantId') STORED")}
      CREATE INDEX partners_tenant ON partners (tenant_id);
      ${documents('customers', "tenant_id text GENERATED ALWAYS AS (data->>'tenantId') STORED")}
      CREATE INDEX customers_tenant ON customers (tenant_id);
      ${documents(
        'invitations',
        `code text GENERATED ALWAYS AS (data->>'code') STORED,
        partner_id text GENERATED ALWAYS AS (data->>'partnerId') STORED,
        customer_domain text GENERATED ALWAYS AS (data->>'customerDomain') STORED,
        status text GENERATED ALWAYS AS (data->>'status') STORED`,
      )}
      CREATE UNIQUE INDEX invitations_code ON invitations (code);
      CREATE INDEX invitations_partner ON invitations (partner_id, status);
      CREATE INDEX invitations_domain ON invitations (customer_domain);
      CREATE INDEX invitations_status ON invitations (status);
      ${documents(
        'relationships',
        `partner_id text GENERATED ALWAYS AS (data->>'partnerId') STORED,
        customer_id text GENERATED ALWAYS AS (data->>'customerId') STORED,
        status text GENERATED ALWAYS AS (data->>'status') STORED`,
      )}
      CREATE INDEX relationships_partner ON relationships (partner_id, status);
      CREATE INDEX relationships_customer ON relationships (customer_id, status);
      CREATE INDEX relationships_status ON relationships (status);
      ${documents('subscriptions', "customer_id text GENERATED ALWAYS AS (data->>'customerId') STORED")}
      CREATE INDEX subscriptions_customer ON subscriptions (customer_id);
      ${documents(
        'outbox',
        `invitation_id text GENERATED ALWAYS AS (data->>'invitationId') STORED,
        planned boolean GENERATED ALWAYS AS (data ? 'plannedAt') STORED,
        created_at text GENERATED ALWAYS AS (data->>'createdAt') STORED`,
      )}
      CREATE INDEX outbox_unplanned ON outbox (created_at) WHERE NOT planned;
      CREATE INDEX outbox_invitation ON outbox (invitation_id);
      ${documents(
        'deliveries',
        `notification_id text GENERATED ALWAYS AS (data->>'notificationId') STORED,
        status text GENERATED ALWAYS AS (data->>'status') STORED,
        next_attempt_at text GENERATED ALWAYS AS (data->>'nextAttemptAt') STORED`,
      )}
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX deliveries_notification ON deliveries (notification_id);
      ${documents('contacts')}
      ${documents('endpoints')}
      ${documents('card_copies', "invitation_id text GENERATED ALWAYS AS (data->>'invitationId') STORED")}
      CREATE INDEX card_copies_invitation ON card_copies (invitation_id);
      CREATE TABLE audit (seq bigserial PRIMARY KEY, data jsonb NOT NULL);
      CREATE TABLE bot_state (key text PRIMARY KEY, etag text NOT NULL, value jsonb NOT NULL);
      CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
    `,
  },
  {
    version: 2,
    description: 'requests at Microsoft (PARTNER_CENTER=graph): found without reading every invitation',
    sql: `CREATE INDEX invitations_at_microsoft ON invitations (status, (data->'microsoft'->>'state')) WHERE data ? 'microsoft';`,
  },
  {
    version: 3,
    description: "a partner's relationship names (R13): asked without reading the partner's every relationship",
    sql: `CREATE INDEX relationships_partner_name ON relationships (partner_id, lower(data->>'name'));`,
  },
  {
    version: 4,
    description:
      "a partner's pending requests' names (R13): asked, as its relationships' are, instead of listing its pending requests",
    sql: `CREATE INDEX invitations_pending_name ON invitations (partner_id, lower(data->>'relationshipName')) WHERE status = 'pending';`,
  },
  {
    version: 5,
    description: "a partner's invitations a page at a time, newest first, without reading them all",
    sql: `CREATE INDEX invitations_partner_newest ON invitations (partner_id, (data->>'createdAt') DESC, code DESC);`,
  },
  {
    version: 6,
    description:
      "customer names in one order on every server: ICU's root collation where the server has ICU, else code points",
    // Azure Database for PostgreSQL and the PGDG builds have ICU; a server built without it gets "C"
    // rather than a migration that fails (lists are then in code point order there).
    sql: `DO $$ BEGIN
        CREATE COLLATION names (provider = icu, locale = 'und');
      EXCEPTION WHEN OTHERS THEN
        CREATE COLLATION names FROM "C";
      END $$;`,
  },
];
