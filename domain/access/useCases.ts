import { ADMIN_ROLES } from '../adminRoles.js';
import type { Identity } from '../identity.js';
import { rememberGroups } from '../partnerCenter/estate.js';
import { throughMicrosoft } from '../partnerCenter/throughMicrosoft.js';
import { isLiveAssignment, isObjectId, PartnerCenterError } from '../partnerCenterPort.js';
import { ok, refuse, type Result } from '../refusals.js';
import type { Relationship, SecurityGroup } from '../types.js';
import { FeatureUseCases } from '../useCase.js';
import * as access from './access.js';
import { managedThrough, personToAskAbout, type WhatCanManage, whoManages, type WhoManages } from './whoManages.js';

/** R30's answer; connected, with each group's members as Microsoft has them (or that they could not be read). */
export interface WhoManagesView extends WhoManages {
  members?: Record<string, Array<{ id: string; name: string }>>;
  membersUnavailable?: boolean;
}

const roleOf = (templateId: string) => ADMIN_ROLES.find((role) => role.templateId === templateId)?.id ?? templateId;
const templateIds = (roles: readonly string[]) =>
  roles.map((id) => ADMIN_ROLES.find((role) => role.id === id)?.templateId ?? id);
const same = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Access (R22): which partner security groups get which of a relationship's roles. */
export class Access extends FeatureUseCases {
  /**
   * R30: what a person (by e-mail) can manage — the customers, through which group and role. Their
   * groups are the directory's (simulated) or Microsoft's (connected: `memberOf`).
   */
  async whatCanManage(identity: Identity, email: string): Promise<Result<WhatCanManage>> {
    const answer = await this.managedBy(identity, email);
    if (!answer.ok)
      await this.auditRefusal(identity, 'whatCanManage', 'customer', String(email).slice(0, 100), answer.refusal);
    return answer;
  }

  private async managedBy(identity: Identity, email: string): Promise<Result<WhatCanManage>> {
    const asked = await this.read((r) => personToAskAbout(r, identity, email));
    if (!asked.ok) return asked;
    const { partner, person } = asked.value;
    const directory = this.deps.partnerCenter?.directory;
    // Simulated, the directory knows the partner's users; connected, Microsoft may know more of them.
    if (!directory && !person.id) return refuse('unknownPartnerPerson', { value: person.email });
    const groups = directory
      ? await directory.groupsOf(person.id ?? person.email).catch((error: unknown) => {
          if (error instanceof PartnerCenterError) return error;
          throw error;
        })
      : partner.securityGroups.filter((g) => person.id && g.memberIds?.includes(person.id)).map((g) => g.id);
    if (groups instanceof PartnerCenterError) return refuse('partnerCenterFailed', { failure: groups.failure });
    if (!groups) return refuse('unknownPartnerPerson', { value: person.email });
    return ok(
      await this.read((r) => managedThrough(r, partner, { name: person.name, email: person.email }, new Set(groups))),
    );
  }

  /** R30: who can manage this customer (refusals audited: to an outsider the customer does not exist, R23). */
  async whoManages(identity: Identity, domain: string): Promise<Result<WhoManagesView>> {
    const answer = await this.read((r) => whoManages(r, identity, domain));
    if (!answer.ok) {
      await this.auditRefusal(identity, 'whoManages', 'customer', String(domain).slice(0, 100), answer.refusal);
      return answer;
    }
    const directory = this.deps.partnerCenter?.directory;
    if (!directory || answer.value.view !== 'partner') return answer;
    const groups = [...new Set(answer.value.relationships.flatMap((r) => r.groups ?? []).map((g) => g.id))];
    try {
      const members = await Promise.all(groups.map((id) => directory.groupMembers(id)));
      return ok({ ...answer.value, members: Object.fromEntries(groups.map((id, k) => [id, members[k]!])) });
    } catch (error) {
      if (!(error instanceof PartnerCenterError)) throw error;
      return ok({ ...answer.value, membersUnavailable: true });
    }
  }

  /**
   * The access card's content, for an admin agent of the relationship's partner (refusals audited). Connected, the
   * groups offered are the partner's security groups at Microsoft, found by name (R29).
   */
  async view(identity: Identity, relationshipId: string, words?: string): Promise<Result<access.AccessView>> {
    const pc = this.deps.partnerCenter;
    const local = await this.run((r) => access.viewAccess(this.ctx, r, identity, relationshipId, words));
    if (!pc || !local.ok || !local.value.relationship.microsoft) return local;
    let found: SecurityGroup[];
    try {
      found = (await pc.directory.securityGroups(words, access.GROUPS_OFFERED)).map((g) => ({
        id: g.id,
        name: g.displayName,
      }));
    } catch (error) {
      if (!(error instanceof PartnerCenterError)) throw error;
      return refuse('partnerCenterFailed', { failure: error.failure });
    }
    await this.run((r) =>
      rememberGroups(r, local.value.relationship.partnerId, new Map(found.map((g) => [g.id, g.name]))),
    );
    return this.read((r) => access.viewAccess(this.ctx, r, identity, relationshipId, words, found));
  }

  /** The chosen groups get the chosen roles (at Microsoft first, when it holds the relationship). */
  async assign(
    identity: Identity,
    relationshipId: string,
    choices: readonly access.AccessChoice[],
  ): Promise<Result<Relationship>> {
    const pc = this.deps.partnerCenter;
    if (pc) {
      // Connected: a group the bot has not met is looked up at Microsoft by its object id; an id that is
      // not one, or names no security group there, never reaches the assignment (the domain refuses it).
      const partner = await this.read(async (r) => {
        const relationship = await r.relationships.get(String(relationshipId));
        return relationship?.microsoft ? r.partners.get(relationship.partnerId) : undefined;
      });
      const known = new Set(partner?.securityGroups.map((g) => g.id));
      const met = new Map<string, string>();
      for (const { groupId } of choices) {
        const id = String(groupId);
        if (!partner || known.has(id) || !isObjectId(id)) continue;
        try {
          const group = await pc.directory.securityGroup(id);
          if (group) met.set(group.id, group.displayName);
        } catch (error) {
          if (!(error instanceof PartnerCenterError)) throw error;
          return refuse('partnerCenterFailed', { failure: error.failure });
        }
      }
      if (partner && met.size > 0) await this.run((r) => rememberGroups(r, partner.id, met));
    }
    const groupNames = await this.read(async (r) => {
      const relationship = await r.relationships.get(String(relationshipId));
      const partner = relationship ? await r.partners.get(relationship.partnerId) : undefined;
      return new Map(partner?.securityGroups.map((g) => [g.id, g.name]));
    });
    return throughMicrosoft(
      this.units,
      pc,
      identity,
      'assignAccess',
      relationshipId,
      (r) => access.assignAccess(this.ctx, r, identity, relationshipId, choices),
      async (pc, link, after) => {
        // Microsoft ends up with exactly the relationship's assignments: new groups added, changed ones
        // patched, groups no longer chosen removed. Compared with what Microsoft has now (deleted
        // assignments are no access), so a change that failed half-way is completed by the next attempt.
        const assignments: NonNullable<typeof link.assignments> = Object.fromEntries(
          (await pc.listAccessAssignments(link.id))
            .filter(isLiveAssignment)
            .map((a) => [a.groupId, { id: a.id, status: a.status, roles: a.roleTemplateIds.map(roleOf) }]),
        );
        const perGroup = async <T>(groupId: string, call: () => Promise<T>): Promise<T> => {
          try {
            return await call();
          } catch (error) {
            if (error instanceof PartnerCenterError)
              throw new PartnerCenterError(error.failure, error.detail, {
                ...(error.operation ? { operation: error.operation } : {}),
                params: { ...error.params, group: groupNames.get(groupId) ?? groupId },
              });
            throw error;
          }
        };
        for (const assignment of after.accessAssignments) {
          const known = assignments[assignment.groupId];
          if (known && same(known.roles, assignment.roles)) continue;
          const made = await perGroup(assignment.groupId, () =>
            known
              ? pc.changeAccessAssignment(link.id, known.id, templateIds(assignment.roles))
              : pc.assignAccess(link.id, assignment.groupId, templateIds(assignment.roles)),
          );
          assignments[assignment.groupId] = { id: made.id, status: made.status, roles: [...assignment.roles] };
        }
        for (const [groupId, known] of Object.entries(assignments)) {
          if (after.accessAssignments.some((a) => a.groupId === groupId)) continue;
          await perGroup(groupId, () => pc.removeAccessAssignment(link.id, known.id));
          delete assignments[groupId]; // deleting at Microsoft: no access any more
        }
        return { ...link, assignments };
      },
    );
  }

  /** The daily reminder to the sender while nothing is assigned (7 days). */
  remind() {
    return this.run((r) => access.remindAccessAssignments(this.ctx, r));
  }
}
