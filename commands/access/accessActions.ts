import { accessCard, readAccessChoices } from '../../cards/access/accessCard.js';
import { whatCanManageCard, whoManagesCard } from '../../cards/access/whoManagesCard.js';
import type { UseCases } from '../../domain/useCases.js';
import { plainText } from '../../translations/index.js';
import type { KnownTurn } from '../../turn/turnInfo.js';
import { type CardAnswer, sendAnswer } from '../cardAnswer.js';

/** R22: a relationship's roles assigned to the partner's security groups, from its access card. */
export class AccessActions {
  constructor(private readonly service: UseCases) {}

  /** R30: who can manage a customer: the partner's groups (and members), or, asked by the customer, its partners. */
  async whoManages({ context, say, identity }: KnownTurn, domain: string): Promise<void> {
    const answer = await this.service.access.whoManages(identity, domain);
    await sendAnswer(
      context,
      answer.ok ? { card: whoManagesCard(say, answer.value) } : { message: say.refusal(answer.refusal) },
    );
  }

  /** R30: "what can alex@… manage": the customers a colleague can manage, through which group and role. */
  async whatCanManage({ context, say, identity }: KnownTurn, argument: string): Promise<void> {
    const email = argument.replace(/\s+(manage|управлять)\s*\??$/i, '').trim();
    const answer = await this.service.access.whatCanManage(identity, email);
    await sendAnswer(
      context,
      answer.ok ? { card: whatCanManageCard(say, answer.value) } : { message: say.refusal(answer.refusal) },
    );
  }

  /** R22: the access card for one relationship (Assign access on a notice or in the customers list). */
  async showAccess({ say, identity }: KnownTurn, relationshipId: string): Promise<CardAnswer> {
    const view = await this.service.access.view(identity, relationshipId);
    return view.ok ? { card: accessCard(say, view.value) } : { message: say.refusal(view.refusal) };
  }

  /** R22 R29: the access card again, offering the groups whose name has the words typed in its search box. */
  async searchGroups({ say, identity }: KnownTurn, data: Record<string, unknown>): Promise<CardAnswer> {
    const words = typeof data.groupSearch === 'string' ? data.groupSearch : '';
    const view = await this.service.access.view(identity, String(data.relationshipId ?? ''), words);
    return view.ok ? { card: accessCard(say, view.value) } : { message: say.refusal(view.refusal) };
  }

  /**
   * R22: the card's choice stored; the card then shows what was assigned. A refusal leaves the card as it was, to
   * correct.
   */
  async assignAccess({ say, identity }: KnownTurn, data: Record<string, unknown>): Promise<CardAnswer> {
    const relationshipId = String(data.relationshipId ?? '');
    const result = await this.service.access.assign(identity, relationshipId, readAccessChoices(data));
    if (!result.ok) return { message: say.refusal(result.refusal) };
    const view = await this.service.access.view(identity, relationshipId);
    return view.ok
      ? { card: accessCard(say, { ...view.value, done: true }) }
      : { message: say('access.assigned', { name: plainText(result.value.name), summary: '' }) };
  }
}
