// Upgrades a db file written by an older version, one schema version at a time. Version 1 is
// the first released layout, so the list is empty; the next change of layout adds
// `{ from: 1, to: 2, migrate }` here and bumps SCHEMA_VERSION.

export interface Migration {
  from: number;
  to: number;
  migrate(data: Record<string, unknown>): Record<string, unknown>;
}

export const MIGRATIONS: readonly Migration[] = [];

export function migrate(data: Record<string, unknown>, version: number, migrations: readonly Migration[]): Record<string, unknown> {
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
