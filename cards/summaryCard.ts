import type { Say } from '../translations/index.js';
import inviteSummaryTemplate from './inviteSummary.json' with { type: 'json' };
import { type CardJson, compileCard } from './template.js';

const INVITE_SUMMARY = compileCard(inviteSummaryTemplate);

/** The invite dialog's summary: what will be sent, with Send / Edit / Cancel. */
export function inviteSummaryCard(say: Say, customerName: string, facts: Array<{ label: string; value: string }>): CardJson {
  return INVITE_SUMMARY.expand({
    title: say('summary.title', { customer: customerName }),
    facts,
    prompt: say('invite.summary.prompt'),
    buttons: { send: say('button.send'), edit: say('button.edit'), cancel: say('button.cancel') },
  });
}
