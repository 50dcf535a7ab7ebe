import type { Text } from './refusals.js';

// Entra built-in roles a partner may request (R16), least privilege first.
export interface AdminRole {
  id: string;
  name: string; // the Entra built-in role name
  explanation: Text; // one line, shown next to the choice
}

export const GLOBAL_ADMINISTRATOR = 'globalAdministrator';

export const ADMIN_ROLES: readonly AdminRole[] = [
  {
    id: 'directoryReaders',
    name: 'Directory Readers',
    explanation: { en: 'Reads basic directory information: users, groups, devices.', ru: 'Читает основные сведения каталога: пользователей, группы, устройства.' },
  },
  {
    id: 'globalReader',
    name: 'Global Reader',
    explanation: { en: 'Reads everything a Global Administrator can see, changes nothing.', ru: 'Видит всё, что видит глобальный администратор, но ничего не меняет.' },
  },
  {
    id: 'serviceSupportAdministrator',
    name: 'Service Support Administrator',
    explanation: { en: 'Opens Microsoft support requests and reads service health.', ru: 'Создаёт запросы в поддержку Майкрософт и читает состояние служб.' },
  },
  {
    id: 'helpdeskAdministrator',
    name: 'Helpdesk Administrator',
    explanation: { en: 'Resets passwords of non-administrators and manages support requests.', ru: 'Сбрасывает пароли пользователей без ролей администратора и работает с запросами в поддержку.' },
  },
  {
    id: 'licenseAdministrator',
    name: 'License Administrator',
    explanation: { en: 'Assigns and removes licences for users.', ru: 'Назначает и снимает лицензии пользователей.' },
  },
  {
    id: 'userAdministrator',
    name: 'User Administrator',
    explanation: { en: 'Creates and manages users and groups, resets most passwords.', ru: 'Создаёт пользователей и группы, управляет ими, сбрасывает большинство паролей.' },
  },
  {
    id: 'exchangeAdministrator',
    name: 'Exchange Administrator',
    explanation: { en: 'Manages Exchange Online: mailboxes, mail flow, settings.', ru: 'Управляет Exchange Online: почтовыми ящиками, потоком почты, настройками.' },
  },
  {
    id: 'sharePointAdministrator',
    name: 'SharePoint Administrator',
    explanation: { en: 'Manages SharePoint Online and OneDrive.', ru: 'Управляет SharePoint Online и OneDrive.' },
  },
  {
    id: 'teamsAdministrator',
    name: 'Teams Administrator',
    explanation: { en: 'Manages Microsoft Teams and its policies.', ru: 'Управляет Microsoft Teams и его политиками.' },
  },
  {
    id: 'securityAdministrator',
    name: 'Security Administrator',
    explanation: { en: 'Manages security settings, Defender and Identity Protection.', ru: 'Управляет параметрами безопасности, Defender и защитой идентификаторов.' },
  },
  {
    id: GLOBAL_ADMINISTRATOR,
    name: 'Global Administrator',
    explanation: { en: 'Full control of the tenant; request it only when nothing less will do.', ru: 'Полный контроль над клиентом; запрашивайте, только если без этого не обойтись.' },
  },
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
