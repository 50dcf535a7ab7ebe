import { ADMIN_ROLES } from '../adminRoles.js';
import type { Identity } from '../identity.js';
import { throughMicrosoft } from '../partnerCenter/throughMicrosoft.js';
import { FeatureUseCases } from '../useCase.js';
import * as access from './access.js';

const roleOf = (templateId: string) => ADMIN_ROLES.find((role) => role.templateId === templateId)?.id ?? templateId;
const templateIds = (roles: readonly string[]) =>
  roles.map((id) => ADMIN_ROLES.find((role) => role.id === id)?.templateId ?? id);
const same = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Access (R22): which partner security groups get which of a relationship's roles. */
export class Access extends FeatureUseCases {
  /** The access card's content, for an admin agent of the relationship's partner (refusals audited). */
  view(identity: Identity, relationshipId: string) {
    return this.run((r) => access.viewAccess(this.ctx, r, identity, relationshipId));
  }

  /** Replaces the relationship's assignments with the chosen ones (at Microsoft first, when it holds it). */
  assign(identity: Identity, relationshipId: string, choices: readonly access.AccessChoice[]) {
    return throughMicrosoft(
      this.units,
      this.deps.partnerCenter,
      identity,
      'assignAccess',
      relationshipId,
      (r) => access.assignAccess(this.ctx, r, identity, relationshipId, choices),
      async (pc, link, after) => {
        // Microsoft ends up with exactly the chosen assignments: new groups added, changed ones
        // patched, groups no longer chosen removed. Compared with what Microsoft has now, so a
        // change that failed half-way is completed by the next attempt.
        const assignments: NonNullable<typeof link.assignments> = Object.fromEntries(
          (await pc.listAccessAssignments(link.id)).map((a) => [
            a.groupId,
            { id: a.id, status: a.status, roles: a.roleTemplateIds.map(roleOf) },
          ]),
        );
        for (const assignment of after.accessAssignments) {
          const known = assignments[assignment.groupId];
          if (known && same(known.roles, assignment.roles)) continue;
          const made = known
            ? await pc.changeAccessAssignment(link.id, known.id, templateIds(assignment.roles))
            : await pc.assignAccess(link.id, assignment.groupId, templateIds(assignment.roles));
          assignments[assignment.groupId] = { id: made.id, status: made.status, roles: [...assignment.roles] };
        }
        for (const [groupId, known] of Object.entries(assignments)) {
          if (after.accessAssignments.some((a) => a.groupId === groupId)) continue;
          await pc.removeAccessAssignment(link.id, known.id);
          delete assignments[groupId];
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
