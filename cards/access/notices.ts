import { noticeCard as card } from '../noticeCard.js';
import { needsAccessAssignment } from '../../domain/access/access.js';
import type { Relationship } from '../../domain/types.js';
import type { Say } from '../../translations/index.js';
import { plainText } from '../../translations/plainText.js';
import { type CardJson } from '../template.js';

/** R22: a daily reminder to the sender while nobody has access through an approved relationship. */
export function accessReminderCard(
  say: Say,
  input: { relationship: Relationship; partnerName: string; customerName: string; daysLeft: number },
): CardJson {
  const { relationship } = input;
  const text =
    input.daysLeft > 0
      ? say('notice.accessReminder.text', { days: input.daysLeft })
      : say('notice.accessReminder.last');
  return card(
    say,
    say('notice.accessReminder', { partner: plainText(input.partnerName), name: plainText(relationship.name) }),
    'Warning',
    [
      { label: say('field.relationshipName'), value: plainText(relationship.name) },
      { label: say('field.customer'), value: plainText(input.customerName) },
      { label: say('relationship.roles'), value: say.roles(relationship.roles) },
      { label: say('field.access'), value: say('value.noAccessAssigned') },
    ],
    needsAccessAssignment(relationship) ? { relationshipId: relationship.id, text } : undefined,
  );
}
