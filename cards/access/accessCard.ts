import type { AccessChoice } from '../../domain/access/access.js';
import type { Relationship, SecurityGroup } from '../../domain/types.js';
import type { Say } from '../../translations/index.js';
import { plainText } from '../../translations/plainText.js';
import accessAssignmentTemplate from './accessAssignment.json' with { type: 'json' };
import { type CardJson, compileCard } from '../template.js';

const ACCESS_ASSIGNMENT = compileCard(accessAssignmentTemplate);

// R22: which partner security groups get which of a relationship's roles. One multi-select per
// group, offering only the relationship's own roles; the button carries the relationship's id,
// the inputs carry the choice.

const INPUT_PREFIX = 'access.';

export interface AccessCardInput {
  relationship: Relationship;
  customerName: string;
  securityGroups: readonly SecurityGroup[];
  /** The words searched for (the search box keeps them). */
  search?: string;
  /** Once assigned, the card shows what was assigned, without inputs. */
  done?: boolean;
}

/** "Tier 1: Directory Readers, Helpdesk Administrator; Tier 2: …", in the reader's language. */
export function describeAssignments(say: Say, relationship: Relationship, groups: readonly SecurityGroup[]): string {
  if (relationship.accessAssignments.length === 0) return say('value.noAccessAssigned');
  const names = new Map(groups.map((g) => [g.id, g.name]));
  return relationship.accessAssignments
    .map((a) => `${plainText(names.get(a.groupId) ?? a.groupId)}: ${say.roles(a.roles)}`)
    .join('; ');
}

export function accessCard(
  say: Say,
  { relationship, customerName, securityGroups, search, done }: AccessCardInput,
): CardJson {
  const name = plainText(relationship.name);
  const live = !done && relationship.status === 'active';
  const none = securityGroups.length === 0;
  const assigned = new Map(relationship.accessAssignments.map((a) => [a.groupId, a.roles]));
  return ACCESS_ASSIGNMENT.expand({
    title: say(done ? 'access.doneTitle' : 'access.title', { name }),
    color: 'Default', // a green title is hard to read on white
    text: done
      ? ''
      : none
        ? search
          ? say('access.noGroupFound', { words: plainText(search) })
          : say('access.noGroups')
        : say('access.intro'),
    facts: [
      { label: say('field.customer'), value: plainText(customerName) },
      { label: say('relationship.roles'), value: say.roles(relationship.roles) },
      { label: say('field.access'), value: describeAssignments(say, relationship, securityGroups) },
    ],
    live,
    choosing: live && !none,
    search: search ? plainText(search) : '',
    labels: { search: say('access.search'), searchHint: say('access.searchHint') },
    groups: securityGroups.map((group) => ({
      inputId: `${INPUT_PREFIX}${group.id}`,
      name: plainText(group.name),
      value: (assigned.get(group.id) ?? []).join(','),
      choices: relationship.roles.map((role) => ({ title: say.role(role), value: role })),
    })),
    relationshipId: relationship.id,
    buttons: { assign: say('button.assignAccess'), search: say('button.searchGroups') },
  });
}

/**
 * The card's answer as the domain takes it: one choice per `access.<group id>` input (a comma-separated multi-select
 * value).
 */
export function readAccessChoices(data: Record<string, unknown>): AccessChoice[] {
  return Object.entries(data)
    .filter(([key]) => key.startsWith(INPUT_PREFIX))
    .map(([key, value]) => ({
      groupId: key.slice(INPUT_PREFIX.length),
      roles:
        typeof value === 'string'
          ? value
              .split(',')
              .map((r) => r.trim())
              .filter(Boolean)
          : [],
    }));
}
