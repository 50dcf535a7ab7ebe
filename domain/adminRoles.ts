// Entra built-in roles a partner may request (R16), least privilege first. Their one-line
// explanations are words, so they live in the catalogue (translations/, `adminRole.<id>.explanation`).
export interface AdminRole {
  id: string;
  /** The Entra built-in role name, as Microsoft spells it. */
  name: string;
  /** The role template id, `roleDefinitionId` towards Microsoft Graph. */
  templateId: string;
}

export const GLOBAL_ADMINISTRATOR = 'globalAdministrator';

export const ADMIN_ROLES: readonly AdminRole[] = [
  { id: 'directoryReaders', name: 'Directory Readers', templateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b' },
  { id: 'globalReader', name: 'Global Reader', templateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451' },
  {
    id: 'serviceSupportAdministrator',
    name: 'Service Support Administrator',
    templateId: 'f023fd81-a637-4b56-95fd-791ac0226033',
  },
  { id: 'helpdeskAdministrator', name: 'Helpdesk Administrator', templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8' },
  { id: 'licenseAdministrator', name: 'License Administrator', templateId: '4d6ac14f-3453-41d0-bef9-a3e0c569773a' },
  { id: 'userAdministrator', name: 'User Administrator', templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1' },
  { id: 'exchangeAdministrator', name: 'Exchange Administrator', templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de' },
  {
    id: 'sharePointAdministrator',
    name: 'SharePoint Administrator',
    templateId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  },
  { id: 'teamsAdministrator', name: 'Teams Administrator', templateId: '69091246-20e8-4a56-aa4d-066075b2a7a8' },
  { id: 'securityAdministrator', name: 'Security Administrator', templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d' },
  { id: GLOBAL_ADMINISTRATOR, name: 'Global Administrator', templateId: '62e90394-69f5-4237-9190-012177145e10' },
];

const byKey = new Map<string, AdminRole>();
for (const role of ADMIN_ROLES) {
  byKey.set(role.id.toLowerCase(), role);
  byKey.set(role.name.toLowerCase(), role);
}

/** Finds a role by id or Entra name, ignoring case and extra spaces. */
export function findAdminRole(text: string): AdminRole | undefined {
  return byKey.get(text.trim().replace(/\s+/g, ' ').toLowerCase());
}

/** The ids in catalogue order (least privilege first), without duplicates. */
export function orderRoles(ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  return ADMIN_ROLES.filter((r) => wanted.has(r.id)).map((r) => r.id);
}

export const adminRoleName = (id: string): string => ADMIN_ROLES.find((r) => r.id === id)?.name ?? id;
