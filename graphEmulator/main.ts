import { loadSeed } from '../data/seed.js';
import { ADMIN_ROLES } from '../domain/adminRoles.js';
import { demoApp, demoWorldOptions } from './demoTenants.js';
import { startGraphEmulator } from './server.js';
import type { ExistingRelationship } from './world.js';

// npm run graph-emulator: Microsoft Graph and Entra ID for the demo directory's tenants, to try
// PARTNER_CENTER=graph without a tenant. Prints the settings the bot needs.
const port = Number(process.env.GRAPH_EMULATOR_PORT ?? 8443);
const seed = await loadSeed(process.env.SEED_FILE || undefined);
const partner = seed.partners[0]!;
const template = (id: string) => ADMIN_ROLES.find((r) => r.id === id)!.templateId;
const tenantOf = (id: string) => seed.customers.find((c) => c.id === id)!.tenantId;
// Relationships the partner made before the bot ran (in Partner Center): the bot imports them (R29).
const existing: ExistingRelationship[] = [
  {
    partnerTenantId: partner.tenantId,
    customerTenantId: tenantOf('adatum'),
    displayName: `${partner.name} – Adatum – Helpdesk`,
    roles: [template('directoryReaders'), template('helpdeskAdministrator')],
    durationDays: 365,
    activeForDays: 340,
  },
  {
    partnerTenantId: partner.tenantId,
    customerTenantId: tenantOf('wingtip'),
    displayName: `${partner.name} – Wingtip – Exchange`,
    roles: [template('exchangeAdministrator')],
    durationDays: 730,
    autoExtend: true,
    activeForDays: 120,
    assignments: [{ groupId: partner.securityGroups[0]!.id, roles: [template('exchangeAdministrator')] }],
  },
  {
    partnerTenantId: partner.tenantId,
    customerTenantId: tenantOf('contoso'),
    displayName: `${partner.name} – Contoso – 2024`,
    roles: [template('globalReader')],
    durationDays: 90,
    activeForDays: 200,
  },
];
// Microsoft takes a while from "approved" to "active": a few seconds here, so the statuses can be seen.
const emulator = await startGraphEmulator({
  ...demoWorldOptions(seed, Number(process.env.GRAPH_EMULATOR_PROVISIONING_MS ?? 5000)),
  pageSize: 5,
  existing,
  port,
});
const app = demoApp(partner.tenantId);
process.stdout.write(
  [
    `Microsoft Graph emulator on ${emulator.origin} (certificate: ${emulator.certificateFile})`,
    '',
    `Start the bot as ${partner.name} with:`,
    `  NODE_EXTRA_CA_CERTS=${emulator.certificateFile} PARTNER_CENTER=graph GRAPH_TENANT_ID=${partner.tenantId} GRAPH_CLIENT_ID=${app.clientId} GRAPH_CLIENT_SECRET=${app.secret} GRAPH_BASE_URL=${emulator.graphBaseUrl} GRAPH_AUTHORITY_HOST=${emulator.origin} GRAPH_POLL_SECONDS=5 PARTNER_ID=${partner.mpnId} DEMO_DATA=yes npm start`,
    '',
    'Check the connection first (the same settings): npm run check-connection',
    '',
    'Play the customer in the Microsoft 365 admin center:',
    `  curl --cacert ${emulator.certificateFile} -X POST ${emulator.origin}/_emulator/relationships/<relationship id>/approve`,
    `  curl --cacert ${emulator.certificateFile} ${emulator.origin}/_emulator/relationships      (every relationship and its status)`,
    `  curl --cacert ${emulator.certificateFile} -X POST -H 'content-type: application/json' -d '{"days":30}' ${emulator.origin}/_emulator/clock`,
    '',
  ].join('\n'),
);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
