import { isApproverRole } from '../../domain/types.js';
import { customersCard, partnersCard } from '../../cards/relationships/relationshipLists.js';
import type { UseCases } from '../../domain/useCases.js';
import type { Service } from '../../domain/types.js';
import { plainText } from '../../translations/index.js';
import type { KnownTurn } from '../../turn/turnInfo.js';
import { type CardAnswer, sendAnswer } from '../cardAnswer.js';

/** A relationship is about 1 KB of card: five a page stays far under Teams' 40 KB message limit. */
export const RELATIONSHIPS_PAGE_SIZE = 5;

/** "partners" for a customer and "customers" for a partner: the multi-partner view, with Terminate (R1, R19). */
export class RelationshipActions {
  constructor(private readonly service: UseCases) {}

  /** R19 R23: a refusal to answer with, when this user may not end the relationship; nothing when they may. */
  async mayTerminate({ say, identity }: KnownTurn, relationshipId: string): Promise<CardAnswer | undefined> {
    const checked = await this.service.relationships.mayTerminate(identity, relationshipId);
    return checked.ok ? undefined : { message: say.refusal(checked.refusal) };
  }

  /** "partners": a customer's partners, a page at a time. */
  async partners(turn: KnownTurn): Promise<void> {
    await sendAnswer(turn.context, await this.partnersPage(turn, 1));
  }

  private async partnersPage({ say, identity, me }: KnownTurn, page: number): Promise<CardAnswer> {
    const result = await this.service.relationships.partnersOf(identity);
    if (!result.ok) return { message: say.refusal(result.refusal) };
    if (result.value.partners.length === 0)
      return { message: say('partners.none', { customer: result.value.customer.name }) };
    return {
      card: partnersCard(say, result.value, me.roles.some(isApproverRole), {
        page,
        pageSize: RELATIONSHIPS_PAGE_SIZE,
      }),
    };
  }

  /**
   * R18 from a warning card: either side turns auto-extend on (refused with the reason while Global Administrator is
   * included).
   */
  async turnOnAutoExtend({ context, say, identity }: KnownTurn, relationshipId: string): Promise<void> {
    const result = await this.service.relationships.setAutoExtend(identity, relationshipId, true);
    await context.sendActivity(
      result.ok
        ? say('relationship.autoExtendOn', { name: plainText(result.value.name) })
        : say.refusal(result.refusal),
    );
  }

  /** R18 from the relationships list: either side turns auto-extend off. */
  async turnOffAutoExtend({ context, say, identity }: KnownTurn, relationshipId: string): Promise<void> {
    const result = await this.service.relationships.setAutoExtend(identity, relationshipId, false);
    await context.sendActivity(
      result.ok
        ? say('relationship.autoExtendOff', { name: plainText(result.value.name) })
        : say.refusal(result.refusal),
    );
  }

  /**
   * R21 "Request again": what the invite dialog starts from — the same customer, roles and services
   * (a new request, under a new name); undefined, after saying why, when this user may not.
   */
  async requestAgain(
    { context, say, identity }: KnownTurn,
    relationshipId: string,
  ): Promise<{ domain: string; roles: string[]; services: Service[] } | undefined> {
    const again = await this.service.relationships.requestAgain(identity, relationshipId);
    if (!again.ok) await context.sendActivity(say.refusal(again.refusal));
    return again.ok ? again.value : undefined;
  }

  /**
   * R21: "ending" / "ending 30": the relationships that end in the next 90 (or 30) days, soonest first, a page at a
   * time.
   */
  async ending(turn: KnownTurn, argument: string): Promise<void> {
    await sendAnswer(turn.context, await this.endingPage(turn, argument.trim() === '30' ? 30 : 90, 1));
  }

  private async endingPage({ say, identity, me }: KnownTurn, days: number, page: number): Promise<CardAnswer> {
    const result = await this.service.relationships.ending(identity, days, {
      page,
      pageSize: RELATIONSHIPS_PAGE_SIZE,
    });
    if (!result.ok) return { message: say.refusal(result.refusal) };
    if (result.value.total === 0) return { message: say('ending.none', { days }) };
    return {
      card: customersCard(say, me.organisation, result.value, me.roles.includes('adminAgent'), {
        title: say('ending.title', { days }),
        days,
      }),
    };
  }

  /** "customers": this partner's active relationships by customer name, a page at a time. */
  async customers(turn: KnownTurn): Promise<void> {
    await sendAnswer(turn.context, await this.customersPage(turn, 1));
  }

  private async customersPage({ say, identity, me }: KnownTurn, page: number): Promise<CardAnswer> {
    const result = await this.service.relationships.customersOf(identity, { page, pageSize: RELATIONSHIPS_PAGE_SIZE });
    if (!result.ok) return { message: say.refusal(result.refusal) };
    if (result.value.total === 0) return { message: say('customers.none', { partner: me.organisation }) };
    return { card: customersCard(say, me.organisation, result.value, me.roles.includes('adminAgent')) };
  }

  /**
   * Previous / Next on these lists: the page in place of the pressed card (Teams' Action.Execute;
   * the Emulator's Action.Submit gets it as a new message). A customer's user pages "partners"; for
   * a partner, `days` names the "ending" list.
   */
  page(turn: KnownTurn, data: Record<string, unknown>): Promise<CardAnswer> {
    const page = Math.max(Math.trunc(Number(data.page)) || 1, 1);
    const days = Number(data.days) ? (Number(data.days) === 30 ? 30 : 90) : 0;
    if (turn.me.kind === 'customer') return this.partnersPage(turn, page);
    return days ? this.endingPage(turn, days, page) : this.customersPage(turn, page);
  }
}
