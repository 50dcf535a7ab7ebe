import type { Group, Organization } from '@microsoft/microsoft-graph-types';
import {
  type DirectoryGroup,
  isObjectId,
  type PartnerDirectory,
  type PartnerOrganization,
} from '../domain/partnerCenterPort.js';
import type { PartnerRole } from '../domain/types.js';
import type { GraphConnection } from './graphConnection.js';

// The partner's tenant as Microsoft Graph has it: its organisation, its security groups, and who
// holds which Partner Center role (membership of AdminAgents, SalesAgents, HelpdeskAgents).

const GROUP_ROLES: Record<string, PartnerRole> = {
  AdminAgents: 'adminAgent',
  SalesAgents: 'salesAgent',
  HelpdeskAgents: 'helpdeskAgent',
};
/** Partner Center's own groups: they give roles in Partner Center, never a customer's roles (R22). */
export const AGENT_GROUPS: ReadonlySet<string> = new Set(Object.keys(GROUP_ROLES));

export class GraphDirectory implements PartnerDirectory {
  private readonly roles = new Map<string, { roles: PartnerRole[]; until: number }>();

  constructor(private readonly graph: GraphConnection) {}

  /** https://learn.microsoft.com/graph/api/organization-list?view=graph-rest-1.0 */
  async organization(): Promise<PartnerOrganization> {
    const [org] = await this.graph.all<Organization>('readOrganization', () =>
      this.graph.client.api('/organization').select('id,displayName,countryLetterCode'),
    );
    return {
      tenantId: org?.id ?? this.graph.tenantId,
      displayName: org?.displayName ?? '',
      ...(org?.countryLetterCode ? { country: org.countryLetterCode.toUpperCase() } : {}),
    };
  }

  /**
   * https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0: security groups, found by the words of
   * their name with `$search` (an advanced query: ConsistencyLevel eventual), every page up to `limit`.
   */
  async securityGroups(words: string | undefined, limit: number): Promise<DirectoryGroup[]> {
    const search = (words ?? '').replace(/["\\]/g, ' ').trim();
    const groups: DirectoryGroup[] = [];
    const found = await this.graph.all<Group>(
      'readGroups',
      () => {
        let request = this.graph.client
          .api('/groups')
          .filter('securityEnabled eq true')
          .select('id,displayName')
          .top(Math.min(999, Math.max(limit + AGENT_GROUPS.size, 1)));
        if (search)
          request = request.header('ConsistencyLevel', 'eventual').query({ $search: `"displayName:${search}"` });
        return request;
      },
      { max: limit + AGENT_GROUPS.size },
    );
    for (const g of found) {
      if (!g.id || AGENT_GROUPS.has(g.displayName ?? '')) continue;
      groups.push({ id: g.id, displayName: g.displayName ?? g.id });
    }
    return groups.sort((a, b) => a.displayName.localeCompare(b.displayName)).slice(0, limit);
  }

  /** https://learn.microsoft.com/graph/api/group-get?view=graph-rest-1.0 */
  async securityGroup(id: string): Promise<DirectoryGroup | undefined> {
    if (!isObjectId(id)) return undefined;
    try {
      const g = await this.graph.call(
        'readGroups',
        () =>
          this.graph.client
            .api(`/groups/${encodeURIComponent(id)}`)
            .select('id,displayName,securityEnabled')
            .get() as Promise<Group>,
      );
      if (g.securityEnabled === false || AGENT_GROUPS.has(g.displayName ?? '')) return undefined;
      return { id: g.id ?? id, displayName: g.displayName ?? id };
    } catch (error) {
      if ((error as { failure?: string }).failure === 'notFound') return undefined;
      throw error;
    }
  }

  /**
   * https://learn.microsoft.com/graph/api/group-list?view=graph-rest-1.0 ($filter on displayName) for the AdminAgents
   * group, then https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0, every page.
   */
  async adminAgents(): Promise<Array<{ id: string; name: string; email: string }>> {
    const [group] = await this.graph.all<Group>('readGroups', () =>
      this.graph.client.api('/groups').filter("displayName eq 'AdminAgents'").select('id,displayName'),
    );
    return group?.id ? this.groupMembers(group.id) : [];
  }

  /** https://learn.microsoft.com/graph/api/group-list-members?view=graph-rest-1.0, every page: the users in it. */
  async groupMembers(groupId: string): Promise<Array<{ id: string; name: string; email: string }>> {
    const members = await this.graph.all<{
      '@odata.type'?: string;
      id?: string;
      displayName?: string | null;
      mail?: string | null;
      userPrincipalName?: string | null;
    }>('readGroups', () =>
      this.graph.client
        .api(`/groups/${encodeURIComponent(groupId)}/members`)
        .select('id,displayName,mail,userPrincipalName'),
    );
    return members
      .filter((m) => m.id && (m['@odata.type'] ?? '#microsoft.graph.user') === '#microsoft.graph.user')
      .map((m) => ({ id: m.id!, name: m.displayName ?? m.id!, email: m.mail ?? m.userPrincipalName ?? '' }));
  }

  /**
   * https://learn.microsoft.com/graph/api/user-list-memberof?view=graph-rest-1.0 (`/users/{id | userPrincipalName}`),
   * every page: the groups' ids. GDAP assigns roles to a group's direct members (no nested groups).
   */
  async groupsOf(user: string): Promise<string[] | undefined> {
    try {
      const groups = await this.graph.all<{ id?: string; '@odata.type'?: string }>('readUserGroups', () =>
        this.graph.client.api(`/users/${encodeURIComponent(user)}/memberOf`).select('id'),
      );
      return groups.flatMap((g) =>
        g.id && (g['@odata.type'] ?? '#microsoft.graph.group') === '#microsoft.graph.group' ? [g.id] : [],
      );
    } catch (error) {
      if ((error as { failure?: string }).failure === 'notFound') return undefined;
      throw error;
    }
  }

  /** https://learn.microsoft.com/graph/api/user-list-memberof?view=graph-rest-1.0, every page; remembered a few minutes. */
  async partnerRolesOf(userId: string): Promise<PartnerRole[]> {
    const cached = this.roles.get(userId);
    if (cached && cached.until > this.graph.now()) return cached.roles;
    let groups: Array<{ displayName?: string | null }>;
    try {
      groups = await this.graph.all<{ displayName?: string | null }>('readUserGroups', () =>
        this.graph.client.api(`/users/${encodeURIComponent(userId)}/memberOf`).select('id,displayName'),
      );
    } catch (error) {
      if ((error as { failure?: string }).failure !== 'notFound') throw error;
      groups = []; // not a user of the partner's tenant
    }
    const roles = [
      ...new Set(groups.map((g) => GROUP_ROLES[g.displayName ?? '']).filter((r): r is PartnerRole => r !== undefined)),
    ];
    this.roles.set(userId, { roles, until: this.graph.now() + (this.graph.settings.roleCacheMs ?? 5 * 60_000) });
    return roles;
  }
}
