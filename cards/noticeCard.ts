import type { Say } from '../translations/index.js';
import partnerNotificationTemplate from './partnerNotification.json' with { type: 'json' };
import { type CardJson, compileCard } from './template.js';

const NOTIFICATION = compileCard(partnerNotificationTemplate);

// The card most notifications a person gets proactively share: a title, facts, and Assign access (R22).

export type Fact = { label: string; value: string };

/** `assign`: the relationship whose roles the reader should assign to security groups (R22). */
export const noticeCard = (
  say: Say,
  title: string,
  color: string,
  facts: Fact[],
  assign?: { relationshipId: string; text: string },
): CardJson =>
  NOTIFICATION.expand({
    title,
    color,
    facts,
    text: assign?.text ?? '',
    relationshipId: assign?.relationshipId ?? '',
    buttons: { assignAccess: say('button.assignAccess') },
  });
