import type { Say } from '../../translations/index.js';
import inviteSummaryTemplate from './inviteSummary.json' with { type: 'json' };
import { plainText } from '../../translations/plainText.js';
import { type CardJson, compileCard } from '../template.js';

const INVITE_SUMMARY = compileCard(inviteSummaryTemplate);

/**
 * The invite dialog's summary: what will be sent, with Send / Edit / Cancel; once sent (`sentCode`),
 * the same card without its buttons, saying so. Fact values are shown as typed (R25).
 */
export function inviteSummaryCard(
  say: Say,
  customerName: string,
  facts: Array<{ label: string; value: string }>,
  sentCode?: string,
): CardJson {
  return INVITE_SUMMARY.expand({
    title: say('summary.title', { customer: plainText(customerName) }),
    facts: facts.map((f) => ({ label: f.label, value: plainText(f.value) })),
    prompt: sentCode ? say('summary.sent', { code: sentCode }) : say('invite.summary.prompt'),
    live: !sentCode,
    buttons: { send: say('button.send'), edit: say('button.edit'), cancel: say('button.cancel') },
  });
}
